-- hanscan.extract: from report prose to fact records.
--
-- The model of the prose that every pack shares. A pack supplies words
-- (indicators and their keywords, cue lists); this module supplies the
-- reading:
--
--   1. the document: its year (period.doc_year), the zone it is about
--      (zone.main) and where a forward-plan section starts;
--   2. sentences, each with the periods it names (a period carries to
--      the clauses after it) and an optional zone subject;
--   3. quantities in a sentence: number + unit (hanscan.number,
--      hanscan.units), fractions (五分之一), ranks (全市第一), with what is
--      not a quantity skipped (dates, durations, labels in quotes,
--      thresholds such as 500万元以上企业, ordinals that are not ranks);
--   4. for each quantity, its measure (level, growth, share, rank,
--      target) from cue words, and its indicator from the keywords
--      nearest to it; growth and share that follow an amount take that
--      amount's indicator; 分别 lists are distributed in order;
--   5. records, restatements of the same non-`other` fact dropped.
local lpeg = require "lpeg"
local number = require "hanscan.number"
local units = require "hanscan.units"
local period = require "hanscan.period"
local zone = require "hanscan.zone"
local text = require "hanscan.text"
local decimal = require "hanscan.decimal"
local tables = require "hanscan.tables"

local M = {}

-- {==== the document
local plan_words = { "工作安排", "工作计划", "工作思路", "工作打算", "工作目标",
  "工作重点", "主要目标", "下一步", "下步", "明年", "重点工作" }

-- Section numbering at the start of a line: 二、 (二) 2、 2. 第二部分
local cn_num = lpeg.P"一" + "二" + "三" + "四" + "五" + "六" + "七" + "八" + "九"
    + "十"
local numbering = lpeg.P" "^0 * (lpeg.P"(" + "（")^-1 * (cn_num + lpeg.R"09")^1
    * (lpeg.P")" + "）" + "、" + "." + " ")^1
local cn_numbering = lpeg.P" "^0 * (lpeg.P"(")^-1 * cn_num^1 * (lpeg.P")" + "、")

-- Where a forward-plan section starts: a line that opens with a year
-- later than every year before it ("2018年,…" after a 2017 review, "二、
-- 2025年工作安排"), or a numbered heading naming the plan. Returns the
-- byte where it starts and its year (nil when the heading names none).
local function plan_section(s)
  local maxyear
  for line_s, line in s:gmatch("()([^\n]*)") do
    local skip = lpeg.match(numbering, line)
    local head = skip and line:sub(skip) or line:gsub("^ *", "")
    local y = tonumber(head:match("^(%d%d%d%d)年"))
    if y and maxyear and y > maxyear then return line_s, y end
    -- a numbered heading, or a short line with no punctuation
    if (#line < 80 and lpeg.match(cn_numbering, line)) or
        (#line > 0 and #line <= 45 and not line:find("[,;:]") and
         not line:find("。", 1, true)) then
      local w = text.has(line, plan_words)
      if w and not line:find("情况", 1, true) and not line:find("回顾", 1, true) then
        return line_s, y
      end
    end
    if line:find("年", 1, true) then
      for _, m in ipairs(period.years(line)) do
        if not maxyear or m.y > maxyear then maxyear = m.y end
      end
    end
  end
  return nil
end

function M.document(doc, pack)
  local s = doc.text
  local plan_at, plan_year = plan_section(s)
  -- the caller may know better (hanscan run --year)
  local year = tonumber(doc.year) or period.doc_year(s, plan_at, plan_year)
  if plan_at and not plan_year and year then plan_year = year + 1 end
  return {
    name = doc.name, text = s, year = year, zone = zone.main(s) or "",
    plan_at = plan_at, plan_year = plan_year, pack = pack,
    trace = doc.trace,
  }
end
-- }====

-- {==== quantities
local approx_before = number.approx_before
local approx_after = { "以上", "左右", "余", "多" }

-- Bytes of the UTF-8 character whose first byte is b.
local function char_len(b)
  return b < 0x80 and 1 or b < 0xE0 and 2 or b < 0xF0 and 3 or 4
end

local function prev_char(s, pos)
  local j = pos - 1
  while j > 1 and (s:byte(j) & 0xC0) == 0x80 do j = j - 1 end
  if j < 1 then return "", pos end
  return s:sub(j, pos - 1), j
end

-- words that end in an approximation word without being one (签约12个)
local not_approx = { ["签约"] = true, ["制约"] = true, ["节约"] = true,
  ["合约"] = true, ["条约"] = true, ["公约"] = true, ["预约"] = true,
  ["履约"] = true, ["邀约"] = true, ["最近"] = true, ["附近"] = true,
  ["邻近"] = true, ["就近"] = true, ["赶超"] = true, ["高超"] = true }

-- what may follow 以上/左右 when they end a figure rather than a threshold
local clause_ends = { ",", ";", ":", ".", "\n", "\t", "、", ")", "）", "和", "。", "的",
  "!", "?", "！", "？", "”", "|" }

-- nouns that make an amount right before them a size class
local size_class_nouns = { "企业", "工业企业", "项目", "产业项目", "工业项目", "大项目" }

-- what a round 百亿/千亿 names when it is a slogan or a label
local slogan_nouns = { "产业", "集群", "级", "园区", "企业", "新城", "城", "工程",
  "项目", "板块", "基地", "行业", "大", "强" }

-- Read a quantity starting at `p` (a numeral); nil if there is none or
-- it is not a figure.
local function quantity(doc, sent, p)
  local s = doc.text
  local n = number.match(s, p)
  if not n then return nil, p + 1 end
  local q = { num_start = p, start = p, value = n.value, high = n.high,
    approx = n.approx, chinese = n.chinese, digits = n.digits }
  local after = n.stop
  local u = units.match(s, after)
  -- 30个亿, 总投资30亿: an amount in 亿 with no unit is money in this genre
  if not u and n.scale and n.scale >= 8 and not n.high then
    local rest = s:sub(after, after + 2)
    if rest == "" or rest:match("^[,;:%s)]") or rest == "的" or rest == "。"
        or rest == "、" then
      u = { unit = "CNY", kind = "money", scale = 0, text = "", stop = after }
    end
  end
  -- 产业人口达8.7万: a count of people in 万 with the unit left out
  if not u and n.scale and n.scale >= 4 and not n.high and doc.pack then
    local before = s:sub(math.max(sent.s, p - 24), p - 1)
    if text.ends_with(before, doc.pack.people_words, doc.pack.filler) then
      u = { unit = "person", kind = "person", scale = 0, text = "", stop = after }
    end
  end
  -- 三次产业结构为0.1:41.2:58.7: the shares of a ratio
  if not u and not n.scale and not n.chinese and doc.pack and
      (s:sub(after, after) == ":" or s:sub(p - 1, p - 1) == ":") and
      text.has(s:sub(math.max(sent.s, p - 60), p - 1), doc.pack.ratio_words) then
    u = { unit = "percent", kind = "percent", scale = 0, text = "", stop = after }
  end
  -- 同比增长42。 : a percent sign lost in scraping, after a growth or
  -- share cue and before the end of the clause
  if not u and not n.scale and not n.chinese and doc.pack then
    local rest = s:sub(after, after + 2)
    local before = s:sub(math.max(sent.s, p - 24), p - 1)
    if (rest:match("^[,;%s]") or rest == "。") and
        text.ends_with(before, doc.pack.lost_percent_cues, doc.pack.filler) then
      u = { unit = "percent", kind = "percent", scale = 0, text = "",
        stop = after }
    end
  end
  local frac = number.fraction(s, p)
  if frac and (not u or frac.stop > after) then
    q.value, q.unit, q.kind, q.stop = frac.value, "percent", "percent",
        frac.stop
    q.fraction = true
  elseif u then
    if u.kind == "percent" or u.kind == "pct_point" then
      if n.scale then return nil, u.stop, "a multiplier before a percent" end
    end
    q.unit, q.kind, q.stop = u.unit, u.kind, u.stop
    q.unit_text = u.text
    if u.scale ~= 0 then q.value = decimal.shift(q.value, u.scale) end
    if q.high and u.scale ~= 0 then q.high = decimal.shift(q.high, u.scale) end
  else
    return nil, after, "no unit"
  end
  -- what surrounds it
  local prev = prev_char(s, p)
  if prev:match("^[%a]$") then return nil, q.stop, "part of a name or placeholder" end -- KW6, XX.27%
  if s:sub(n.stop, n.stop):match("^[%a]$") then return nil, q.stop, "part of a name or placeholder" end
  if q.chinese then
    -- a lone 一 (一批, 一家家) or a small Chinese count (三个层次) is
    -- rarely a figure; amounts and tens (十项制度, 百余家) are.
    local big = tonumber(q.digits) and tonumber(q.digits) >= 10
    if not big and q.kind ~= "money" and q.kind ~= "area" and q.kind ~= "land"
        and q.kind ~= "pct_point" and q.kind ~= "times" and q.kind ~= "percent"
        and not q.fraction then
      return nil, q.stop, "a small Chinese count"
    end
    -- 千亿元产业, 百亿产业集群: a round 百亿/千亿/万亿 run into a noun is a
    -- slogan, not an amount
    if q.kind == "money" and q.value:match("^10000000000+$") and
        text.starts_with(s:sub(q.stop, q.stop + 8), slogan_nouns) then
      return nil, q.stop, "a slogan"
    end
    -- 数十家, 几十个, 十几分钟: vague
    local before2 = prev_char(s, p)
    if before2 == "数" or before2 == "几" or s:sub(n.stop, n.stop + 2) == "几" then
      return nil, q.stop, "vague (数十, 几十)"
    end
  end
  -- 过10亿元企业21家, 签约10亿元项目3个: a size class, not an amount
  if q.kind == "money" and text.starts_with(s:sub(q.stop, q.stop + 11), size_class_nouns) then
    return nil, q.stop, "a size class (…亿元企业)"
  end
  -- 年产8000吨…生产线: a capacity inside a project's name
  if p > 6 and s:sub(p - 6, p - 1) == "年产" and q.kind ~= "money" then
    return nil, q.stop, "a capacity in a name (年产)"
  end
  -- an explicit sign: 增速为-2.3%, −5% (not the dash of a range, 1-9)
  local sign, sign_at
  if s:sub(p - 3, p - 1) == "−" then
    sign, sign_at = "-", p - 3
  elseif s:sub(p - 1, p - 1) == "-" or s:sub(p - 1, p - 1) == "+" then
    sign, sign_at = s:sub(p - 1, p - 1), p - 1
  end
  if sign and sign_at > sent.s and s:sub(sign_at - 1, sign_at - 1):match("^[%w%.]$") then
    sign = nil
  end
  if sign then
    q.sign = sign
    q.start = sign_at
  end
  -- approximation words around it
  local at = q.start -- before the sign, if any
  for _, w in ipairs(approx_before) do
    if at - #w >= sent.s and s:sub(at - #w, at - 1) == w and
        not not_approx[prev_char(s, at - #w) .. w] then
      q.approx = w .. (q.approx or "")
      q.start = at - #w
      break
    end
  end
  for _, w in ipairs(approx_after) do
    if s:sub(q.stop, q.stop + #w - 1) == w then
      -- a threshold: 500万元以上企业, 亿元以上项目 — not a figure
      local rest = s:sub(q.stop + #w, q.stop + #w + 8)
      if (w == "以上" or w == "左右") and rest ~= "" and
          not text.starts_with(rest, clause_ends) and rest:sub(1, 1) ~= " " then
        return nil, q.stop, "a threshold (以上/左右 + noun)"
      end
      if w == "以上" and rest:find("^的") then return nil, q.stop, "a threshold (以上的)" end
      q.approx = (q.approx or "") .. w
      q.stop = q.stop + #w
      break
    end
  end
  return q, q.stop
end
-- }====

-- {==== ranks: 全市排名第一, 位列…第一位, 居全省第二, 首位, 前30强
local rank_verbs = { "排名", "排在", "位列", "位居", "名列", "居于", "位于", "居",
  "列", "排" }
local rank_places = { "全省", "全市", "全国", "全区", "全县", "全州", "中心城区",
  "省内", "市内", "同类", "全球", "全行业" }
local not_rank_after = { "类", "届", "期", "批", "次", "年", "天", "季度", "阶段",
  "个", "场", "轮", "部分", "章", "条", "款", "产业", "大", "台", "笔", "课",
  "站", "名称", "书记", "责任" }

local function rank_at(doc, sent, p)
  local s = doc.text
  -- p points at 第, 首位 or 前
  local n, stop
  if s:sub(p, p + 5) == "首位" then
    n, stop = { value = "1" }, p + 6
  elseif s:sub(p, p + 2) == "第" then
    n = number.match(s, p + 3)
    if not n or n.high or n.approx then return nil end
    stop = n.stop
    if s:sub(stop, stop + 2) == "位" or s:sub(stop, stop + 2) == "名" then
      stop = stop + 3
    elseif s:sub(stop, stop + 2) == "家" then
      stop = stop + 3
    else
      local rest = s:sub(stop, stop + 12)
      for _, w in ipairs(not_rank_after) do
        if rest:sub(1, #w) == w then return nil end
      end
    end
  elseif s:sub(p, p + 2) == "前" then
    n = number.match(s, p + 3)
    if not n or n.high then return nil end
    stop = n.stop
    if s:sub(stop, stop + 2) ~= "强" and s:sub(stop, stop + 2) ~= "名" then
      return nil
    end
    stop = stop + 3
  else
    return nil
  end
  if tonumber(n.value) == nil or tonumber(n.value) < 1 or
      tonumber(n.value) > 1000 then return nil end
  -- a rank needs a ranking: a verb in the clause or a place right before
  local cs = text.clause_start(s, sent.s, p)
  local before = s:sub(cs, p - 1)
  local ok = false
  for _, w in ipairs(rank_places) do
    if #before >= #w and before:sub(-#w) == w then ok = true end
    if before:sub(-(#w + 3)):sub(1, #w) == w then ok = true end -- 全省第二
  end
  if not ok then
    for _, w in ipairs(rank_verbs) do
      if before:find(w, 1, true) then ok = true break end
    end
  end
  if s:sub(p, p + 2) == "首" then ok = ok or before:find("位居", 1, true) ~= nil end
  if not ok then return nil end
  if text.quoted(s, sent.s, p) then return nil end
  -- where the ranking's wording starts: the place or verb
  local start = p
  for _, w in ipairs(rank_places) do
    local a = text.rfind(before, w)
    if a and cs + a - 1 < start then start = cs + a - 1 end
  end
  for _, w in ipairs(rank_verbs) do
    local a = text.rfind(before, w)
    if a and cs + a - 1 < start then start = cs + a - 1 end
  end
  return { rank = true, value = n.value, unit = "rank", kind = "rank",
    start = start, num_start = p, stop = stop }
end
-- }====

-- {==== scanning
-- Jump to the next byte where a figure or a rank may start: a digit, a
-- Chinese numeral, 第, 首 or 前. LPeg tests the first byte before the
-- alternatives, so the skip runs over plain text quickly.
local candidate = number.numeral_start + lpeg.P"第" + lpeg.P"首" + lpeg.P"前"
local skip_to_candidate = (1 - candidate)^0 * lpeg.Cp()

-- The quantities and ranks of one sentence, in order.
function M.scan(doc, sent)
  local s = doc.text
  local qs = {}
  local qspans -- the sentence's quotes, read at its first figure
  local p = sent.s
  while p < sent.e do
    p = lpeg.match(skip_to_candidate, s, p)
    if p >= sent.e then break end
    local c = s:sub(p, p + 2)
    local q, nextp
    if c == "第" or c == "首" or c == "前" then
      q = rank_at(doc, sent, p)
      nextp = q and q.stop or p + 3
      if not q and c == "第" then
        -- an ordinal that is not a rank (第七届, 第二类): not a figure
        local n = number.match(s, p + 3)
        if n then nextp = n.stop end
      end
    elseif lpeg.match(number.numeral_start, s, p) then
      local prev = prev_char(s, p)
      if prev:match("^%d$") or prev == "." then
        nextp = p + 1
      else
        local why
        q, nextp, why = quantity(doc, sent, p)
        if why and doc.trace then
          doc.trace { event = "rejected", at = p, text = s:sub(p, nextp - 1),
            reason = why }
        end
      end
    else
      nextp = p + char_len(s:byte(p))
    end
    if q and not qspans then qspans = text.quote_spans(s, sent.s, sent.e) end
    if q and (q.stop > sent.e or text.in_label(s, qspans, q.num_start)) then
      if doc.trace then
        doc.trace { event = "rejected", at = q.start,
          text = s:sub(q.start, q.stop - 1), reason = "inside a quoted label" }
      end
      q = nil
    end
    if q then qs[#qs + 1] = q end
    p = math.max(nextp, p + 1)
  end

  return qs
end

-- The quantities of a snippet, for scripts and tests:
--   extract.quantities("近10亿元") --> { { value = "1000000000", unit = "CNY",
--                                        approx = "近", text = "近10亿元" } }
function M.quantities(snippet)
  local out = {}
  local doc = { text = snippet }
  for _, sent in ipairs(text.sentences(snippet)) do
    for _, q in ipairs(M.scan(doc, sent)) do
      out[#out + 1] = { value = q.value, unit = q.unit, approx = q.approx,
        high = q.high, text = snippet:sub(q.start, q.stop - 1) }
    end
  end
  return out
end
-- }====

-- {==== classification
-- Keyword hits are found through an index of the pack's keywords by
-- their first character, built once per indicator list: a window is read
-- character by character, and only keywords that start with that
-- character are compared.
local index_cache = setmetatable({}, { __mode = "k" })

local function build_index(indicators)
  local idx = { before = {}, after = {} }
  for ei, e in ipairs(indicators) do
    for _, side in ipairs { "before", "after" } do
      for _, w in ipairs(e[side] or {}) do
        local c = w:sub(1, char_len(w:byte(1)))
        local list = idx[side][c]
        if not list then
          list = {}
          idx[side][c] = list
        end
        list[#list + 1] = { w = w, e = ei }
      end
    end
  end
  return idx
end

-- For each entry, its best keyword in window `s`: before the number the
-- one ending nearest the number (then the longer), after it the first.
local function side_hits(index, s, before_side)
  local best = {}
  local i, n = 1, #s
  while i <= n do
    local len = char_len(s:byte(i))
    local cands = index[s:sub(i, i + len - 1)]
    if cands then
      for _, c in ipairs(cands) do
        local w = c.w
        if s:sub(i, i + #w - 1) == w then
          local cur = best[c.e]
          local d = before_side and n - (i + #w - 1) or 1000 + i
          if not cur or d < cur.d or (d == cur.d and #w > #cur.w) then
            best[c.e] = { d = d, w = w, at = i,
              side = before_side and "before" or "after" }
          end
        end
      end
    end
    i = i + len
  end
  return best
end

-- An entry's conditions on the words around its keyword.
local function conditions_hold(entry, before, after, all)
  if entry.near and not text.has(before .. after, entry.near) then return false end
  if entry.context and not text.has(all, entry.context) then return false end
  if entry.unless and text.has(before .. after, entry.unless) then return false end
  if entry.unless_after and text.has(after, entry.unless_after) then return false end
  return true
end

local default_kinds = { money = true, percent = true, pct_point = true,
  times = true }
local kinds_cache = setmetatable({}, { __mode = "k" })

local function allows(entry, kind)
  if not entry.units then return default_kinds[kind] == true end
  local set = kinds_cache[entry.units]
  if not set then
    set = {}
    for _, k in ipairs(entry.units) do set[k] = true end
    kinds_cache[entry.units] = set
  end
  return set[kind] == true
end

-- The indicator entry for a quantity: nearest keyword wins, then the
-- longer keyword, then the order of the pack's list.
function M.classify(indicators, kind, before, after, all, tried)
  local idx = index_cache[indicators]
  if not idx then
    idx = build_index(indicators)
    index_cache[indicators] = idx
  end
  local hb = side_hits(idx.before, before, true)
  local ha = after ~= "" and next(idx.after) and side_hits(idx.after, after, false) or {}
  -- only entries with a hit can win; visit them in the pack's order
  local order = {}
  for ei in pairs(hb) do order[#order + 1] = ei end
  for ei in pairs(ha) do
    if not hb[ei] then order[#order + 1] = ei end
  end
  table.sort(order)
  local best, hit
  for _, ei in ipairs(order) do
    local e = indicators[ei]
    if allows(e, kind) then
      local h = hb[ei]
      if not h and e.after then h = ha[ei] end
      if h and not conditions_hold(e, before, after, all) then h = nil end
      if h and tried then
        tried[#tried + 1] = { rule = e.id or e.indicator,
          indicator = e.indicator, keyword = h.w, side = h.side }
      end
      if h and (not hit or h.d < hit.d or (h.d == hit.d and #h.w > #hit.w)) then
        best, hit = e, h
      end
    end
  end
  return best, hit
end
-- }====

-- The subjects of a rank shared by several (…和…均位居首位; 三个梯度均列…):
-- a list of subject texts, or nil for a rank of one.
local function rank_subjects(clause)
  local head = clause:match("^(.-)均")
  if not head or head == "" then return nil end
  local items = text.split(head, { "和", "与", "及", "、" })
  if #items >= 2 then
    items.listed = true
    return items
  end
  local n, what = head:match("^(.-)个(.+)$")
  if n then
    local q = number.match(n, 1)
    local k = q and tonumber(q.value)
    if k and k >= 2 and k <= 12 and q.stop == #n + 1 then
      local out = {}
      for i = 1, k do out[i] = what end
      return out
    end
  end
  return nil
end

-- Is a window before a number empty of meaning: only cue words, verbs of
-- achievement and approximations (力争突破, 达到, 完成)?
local bare_words = { "完成", "实现", "达到", "达", "突破", "超过", "累计", "共", "约",
  "近", "超", "逾", "力争", "确保", "预计", "计划", "争取", "可", "将", "总计", "为" }
local function bare(before, pack)
  local rest = before
  for _, list in ipairs { bare_words, pack.filler } do
    for _, w in ipairs(list) do rest = rest:gsub(w, "", 100) end
  end
  rest = rest:gsub("[%s%p]", "")
  return #rest == 0
end

local list_gap = { ["、"] = true, ["和"] = true, ["及"] = true, ["与"] = true,
  ["以及"] = true }

local function measure_of(pack, q, before)
  if q.rank then return "rank" end
  if q.kind == "percent" or q.kind == "pct_point" or q.kind == "times" then
    local g = text.ends_with(before, pack.growth_cues, pack.filler)
    if g then return "growth", pack.decline[g] end
    if q.kind == "times" then return "growth" end
    if q.kind == "percent" and
        (q.fraction or text.has(before, pack.share_cues)) then
      return "share"
    end
    local d = text.has(before, pack.decline_words)
    if q.kind == "pct_point" or text.has(before, pack.growth_words) then
      return "growth", d ~= nil
    end
    return "share"
  end
  local g = text.ends_with(before, pack.change_cues, pack.filler)
  if g then return "growth", pack.decline[g] end
  -- 比上年末增加87家, 较年初减少3个: a change against a base
  g = text.ends_with(before, pack.base_change_verbs, pack.filler)
  if g and text.has(before, pack.base_words) then
    return "growth", pack.decline[g]
  end
  return "level"
end

-- Does `s` hold a cue word that is not the base of a ratio (年度计划的56%:
-- the plan is what is measured against, not what is planned)?
local function cue_in(s, cues)
  for _, w in ipairs(cues) do
    local init = 1
    while true do
      local a, b = s:find(w, init, true)
      if not a then break end
      if s:sub(b + 1, b + 3) ~= "的" then return w end
      init = b + 1
    end
  end
  return nil
end

local function is_target(doc, pack, sent, q, cs)
  if doc.plan_at and q.start >= doc.plan_at then return true end
  local s = doc.text
  local sb = s:sub(sent.s, q.start - 1)
  if cue_in(sb, pack.target_cues) then return true end
  local cb = s:sub(cs, q.start - 1)
  if text.has(cb, pack.target_clause_cues) then return true end
  return false
end

local function trim_span(s, a, b)
  -- drop leading separators and spaces
  while a < b do
    local c = s:sub(a, a)
    if c == " " or c == "," or c == ";" or c == ":" then a = a + 1
    elseif s:sub(a, a + 2) == "、" then a = a + 3
    else break end
  end
  return a
end

-- All facts of one document.
function M.run(pack, doc_in)
  local doc = M.document(doc_in, pack)
  local s = doc.text
  local facts, seen = {}, {}
  local P = pack.name

  local function emit(q, f)
    f.value = f.value or q.value
    f.unit = f.unit or q.unit
    local key
    if f.indicator ~= "other" then
      key = table.concat({ f.indicator, f.measure, f.value, f.unit, f.period,
        f.key or "" }, "|")
      if seen[key] then return end
      seen[key] = true
    end
    f.key = nil
    f.offset = f.span_s - 1
    f.span = s:sub(f.span_s, f.span_e - 1)
    f.span_s, f.span_e = nil, nil
    f.approx = f.approx or q.approx
    if q.high and q.high ~= f.value then f.high = q.high end
    facts[#facts + 1] = f
  end

  -- statistical tables first; their lines are not read again as prose
  local table_ranges = {}
  for _, t in ipairs(tables.find(s, units)) do
    table_ranges[#table_ranges + 1] = t
    local per = doc.year and tostring(doc.year) or ""
    if t.title_s then
      for _, pr in ipairs(period.scan(s:sub(t.title_s, t.s - 1), doc.year)) do
        per = pr.period
      end
    end
    for _, row in ipairs(t.rows) do
      for _, c in ipairs(row.cells) do
        local kind = c.column == "growth" and "percent" or c.kind
        -- 指标 tables name the indicator in the row, zone tables in the column
        local label = t.by_zone and (c.label or "") or row.label
        local e = M.classify(pack.indicators, kind, label, "", label)
        local measure = c.column == "growth" and "growth" or "level"
        if c.column ~= "growth" and c.kind == "percent" then measure = "share" end
        local f = { indicator = e and e.indicator or
            pack.unit_defaults[c.unit] or "other",
          measure = measure, value = c.value, unit = c.unit, period = per,
          zone = t.by_zone and row.label or doc.zone, rule = P .. ".table",
          span_s = row.s, span_e = row.e, key = "table" }
        if doc.plan_at and row.s >= doc.plan_at then f.measure = "target" end
        emit({}, f)
      end
    end
  end

  local para = { s = 0 } -- the paragraph of the sentence: start, period
  local heading -- { period =, until_ = } of a heading line above
  local line_pos = 1 -- start of the line that holds the current sentence
  local next_nl = s:find("\n", 1, true)
  local ti = 1 -- tables and sentences both run in text order
  for _, sent in ipairs(text.sentences(s)) do
    while table_ranges[ti] and table_ranges[ti].e <= sent.s do ti = ti + 1 end
    local t = table_ranges[ti]
    if t and sent.s < t.e and sent.e > t.s then goto next_sentence end
    -- in a plan section, 今年 and 年内 are the plan's year
    local year = doc.year
    if doc.plan_at and sent.s >= doc.plan_at and doc.plan_year then
      year = doc.plan_year
    end
    local periods = period.scan(s:sub(sent.s, sent.e - 1), year)
    for _, pr in ipairs(periods) do
      pr.start, pr.stop = pr.start + sent.s - 1, pr.stop + sent.s - 1
    end
    -- a period that opens a paragraph carries to its later sentences
    -- (next_nl: the next line break at or after line_pos, found once)
    while next_nl and next_nl < sent.s do
      line_pos = next_nl + 1
      next_nl = s:find("\n", line_pos, true)
    end
    if line_pos ~= para.s then para = { s = line_pos } end

    -- a sentence that opens with a named sub-zone is about it
    local szone = doc.zone
    local first = s:sub(sent.s, text.clause_end(s, sent.s, sent.e) - 1)
    local m = zone.find(first, 12)[1]
    if m and m.start == 1 and #m.prefix >= 6 and not zone.generic[m.name] and
        not doc.zone:find(m.prefix:sub(1, 6), 1, true) then
      szone = m.name
    end

    local qs = M.scan(doc, sent)
    -- (the paragraph's period: named in the first clause of its first
    -- sentence, "上半年,…")
    if not para.period and sent.s == para.s and periods[1] and
        periods[1].start < text.clause_end(s, sent.s, sent.e) then
      para.period = periods[1].period
      para.first = sent.s
    end
    -- a heading line ending in ":" that names a period ("2024年1-9月主要指标
    -- 完成情况:") gives it to the lines below, up to a blank line
    if s:sub(sent.e - 1, sent.e - 1) == ":" and periods[1] and not qs[1] then
      heading = { period = periods[#periods].period,
        until_ = s:find("\n%s*\n", sent.e) or #s + 1 }
    elseif heading and sent.s > heading.until_ then
      heading = nil
    end

    -- classify and emit
    local done = {}
    local prev_fact -- the last non-growth fact of the sentence
    local sent_all = {} -- every fact of the sentence so far: indicator, stop
    local by_kind = {} -- the last level fact of the sentence per unit kind
    local sent_facts = {}
    for i, q in ipairs(qs) do
      if not done[i] then
        local cs = text.clause_start(s, sent.s, q.start)
        local bs = cs
        if i > 1 and qs[i - 1].stop > bs then bs = qs[i - 1].stop end
        local before = s:sub(bs, q.start - 1)
        local ce = text.item_end(s, q.stop, sent.e)
        if qs[i + 1] and qs[i + 1].start < ce then ce = qs[i + 1].start end
        local after = s:sub(q.stop, ce - 1)
        local all = s:sub(sent.s, sent.e - 1)
        -- skip per-unit rules (每个工委包保2个项目) and capacities in names
        local skip = text.has(s:sub(cs, q.start - 1), pack.skip_clause_cues)

        local measure, negative = measure_of(pack, q, before)
        -- 增长3%、5%和7%: items of a list share the first one's measure
        local pq = qs[i - 1]
        if pq and pq.measure and pq.kind == q.kind and
            list_gap[s:sub(pq.stop, q.start - 1)] then
          measure, negative = pq.measure, pq.negative
        end
        q.measure, q.negative = measure, negative
        local target = is_target(doc, pack, sent, q, cs)
        local per = doc.year and tostring(doc.year) or ""
        if doc.plan_at and q.start >= doc.plan_at and doc.plan_year then
          per = tostring(doc.plan_year)
        end
        if heading then per = heading.period end
        if para.period and para.first ~= sent.s then per = para.period end
        for _, pr in ipairs(periods) do
          if pr.start < q.start then per = pr.period end
        end
        -- a figure for a year after the text's own is planned or forecast
        local per_year = tonumber(per:match("^(%d%d%d%d)"))
        if per_year and doc.year and per_year > doc.year then target = true end
        -- 全县规上工业增加值增长6.3%: a figure of the county, not the zone
        local z = szone
        local clause_text = s:sub(cs, q.start - 1)
        -- 其中,沙市经开区完成186.2亿元: a zone named in the clause
        local named
        for _, zm in ipairs(zone.find(clause_text, 12)) do
          if #zm.prefix >= 6 and not zm.quoted then named = zm.name end
        end
        if named then
          z = named
        elseif text.starts_with(clause_text, pack.non_zone_scopes) then
          z = ""
        elseif (measure == "growth" or measure == "share") and sent_all[#sent_all]
            and sent_all[#sent_all].zone then
          -- a rate of the amount before it is about the same zone
          z = sent_all[#sent_all].zone
        end
        local base = { zone = z, period = per }

        local function fact(ind, meas, rule, span_s, key)
          local f = { indicator = ind, measure = meas, rule = P .. "." .. rule,
            zone = base.zone, period = base.period, span_s = span_s,
            span_e = q.stop, key = key }
          if target and meas ~= "rank" then f.measure = "target" end
          if ind == "project_investment" then f.period = "" end
          return f
        end

        -- 分别 lists
        local resp = before:find("分别", 1, true) and not skip
        if resp then
          local list = { i }
          local j = i
          while qs[j + 1] do
            local gap = s:sub(qs[j].stop, qs[j + 1].start - 1)
            if gap == "、" or gap == "和" or gap == "及" or gap == "与" or gap == "," then
              j = j + 1
              list[#list + 1] = j
            else
              break
            end
          end
          local span_s = trim_span(s, bs, q.start)
          -- the subjects named before 分别 in this clause, if any
          local head = s:sub(cs, q.start - 1)
          local subj = head:match("^(.-)分别") or head
          local items = text.split(subj, { "、", "和", "及", "与" })
          if #list >= 2 and #items == #list then
            -- 签约项目和开工项目分别为18个和12个: subject k, value k
            for k, qi in ipairs(list) do
              local qq = qs[qi]
              local e = M.classify(pack.indicators, qq.kind, items[k], "", all)
              local v = qq.value
              if qq.sign == "-" or (negative and not qq.sign) then
                v = decimal.neg(v)
              end
              local f = fact(e and e.indicator or "other", measure, "respectively",
                span_s, items[k])
              f.span_e = qs[list[#list]].stop
              f.value, f.unit = v, qq.unit
              emit(qq, f)
              done[qi] = true
            end
          elseif #list >= 2 and #sent_facts >= #list then
            local base_i = #sent_facts - #list
            for k, qi in ipairs(list) do
              local tf = sent_facts[base_i + k]
              local qq = qs[qi]
              local v = qq.value
              if qq.sign == "-" or (negative and not qq.sign) then
                v = decimal.neg(v)
              end
              local f = fact(tf.indicator, measure, "respectively", span_s)
              f.span_e = qs[list[#list]].stop
              f.value, f.unit = v, qq.unit
              emit(qq, f)
              done[qi] = true
            end
          else
            -- 签约项目、开工项目和投产项目分别达到36个: one per subject
            if #list == 1 and #items >= 2 then
              for _, item in ipairs(items) do
                local e = M.classify(pack.indicators, q.kind, item, "", all)
                local ind = e and e.indicator or "other"
                local f = fact(ind, measure, "respectively", span_s, item)
                emit(q, f)
              end
              done[i] = true
            end
          end
        end

        if skip and doc.trace then
          doc.trace { event = "rejected", at = q.start,
            text = s:sub(q.start, q.stop - 1),
            reason = "clause names a rule or a name (" .. skip .. ")" }
        end
        if not done[i] and not skip then
          local tried = doc.trace and {} or nil
          local ind, rule
          local span_s = trim_span(s, bs, q.start)
          local key
          if measure == "growth" or measure == "share" or measure == "rank" then
            -- a share is about its subject: 研发投入占营业收入比重 is 研发投入's
            local subject = before
            if measure == "share" then subject = before:match("^(.-)占") or before end
            local e, hit
            if measure ~= "rank" then
              e, hit = M.classify(pack.indicators, "percent", subject, "", all, tried)
            end
            -- the figure a rank is about stands in an earlier clause; a count
            -- in the rank's own clause is the ranking's population (全省133个
            -- 开发区中排名第8位)
            local ranked
            for k = #sent_all, 1, -1 do
              if sent_all[k].stop <= cs then ranked = sent_all[k] break end
            end
            if e then
              ind, rule = e.indicator, measure
              span_s = bs + hit.at - 1
            elseif measure == "rank" then
              ind, rule = ranked and ranked.indicator or "rank", "rank"
              if text.has(s:sub(cs, q.num_start - 1), pack.overall_rank_cues) then
                ind = "rank"
              end
            elseif measure == "growth" and sent_all[#sent_all] then
              ind, rule = sent_all[#sent_all].indicator, measure
            elseif prev_fact and (measure ~= "share" or before:find("占", 1, true)) then
              ind, rule = prev_fact.indicator, measure
            else
              ind, rule = "other", measure
            end
          else
            local e, hit = M.classify(pack.indicators, q.kind, before, after, all,
              tried)
            -- 规上工业总产值:完成286.5亿元 — the label before the colon names it
            if not e and cs > sent.s and s:sub(cs - 1, cs - 1) == ":" then
              local ls = text.clause_start(s, sent.s, cs - 1)
              local wide = s:sub(ls, q.start - 1)
              e, hit = M.classify(pack.indicators, q.kind, wide, after, all, tried)
              if e and hit.side == "before" then bs = ls end
            end
            if e and e.follows_group and prev_fact and prev_fact.group then
              ind, rule = prev_fact.indicator, prev_fact.rule_id
            elseif e then
              ind, rule = e.indicator, e.id or e.indicator
              if hit.side == "before" then span_s = bs + hit.at - 1 end
              key = hit.side .. hit.w
            elseif by_kind[q.kind] and (text.starts_with(before, pack.total_cues)
                or (named and named ~= by_kind[q.kind].zone)) then
              -- (沙市经开区完成186.2亿元 after 荆州经开区完成规上工业总产值
              -- 412.5亿元: the same indicator for the next zone)
              -- 高新技术企业32家,总数达到156家: the total of the same thing;
              -- 签约项目46个,总投资312亿元,其中10亿元以上项目8个: a part of it
              ind, rule = by_kind[q.kind].indicator, by_kind[q.kind].rule_id
            elseif q.kind == "count" and by_kind.count and
                by_kind.count.indicator:find("^projects_") and
                before:find("以上项目", 1, true) then
              -- 10亿元以上项目12个,50亿元以上项目2个: more of the same projects
              ind, rule = by_kind.count.indicator, by_kind.count.rule_id
            elseif sent_all[#sent_all] and sent_all[#sent_all].indicator ~= "other"
                and (sent_all[#sent_all].kind == q.kind or
                     sent_all[#sent_all].kind == "percent")
                and bare(before, pack) then
              -- 技工贸总收入增长10%以上,力争突破1400亿元: the amount of the
              -- indicator just named
              ind, rule = sent_all[#sent_all].indicator, "ellipsis"
            else
              ind = pack.unit_defaults[q.unit] or "other"
              rule = ind
            end
          end
          local v = q.value
          -- an explicit sign wins over the cue (下降-3% stays -3)
          if q.sign == "-" or (negative and not q.sign) then v = decimal.neg(v) end
          local unit = q.unit
          if unit == "t" and before:find("日产", 1, true) then unit = "t/d" end
          -- 亩均税收28.5万元: an amount per mu of land; 同比提高2.3万元 after
          -- it is a change of that amount per mu
          if q.kind == "money" and s:sub(cs, q.start - 1):find("亩均", 1, true) then
            unit = unit .. "/mu"
          elseif q.kind == "money" and measure == "growth" and sent_all[#sent_all]
              and sent_all[#sent_all].unit == unit .. "/mu" then
            unit = unit .. "/mu"
          end
          -- 项目个数和争取资金数均位居首位, 三个梯度均列全市第一: one rank
          -- per subject
          local subjects = measure == "rank" and rank_subjects(s:sub(cs, q.start - 1))
          if subjects then
            for k, subj in ipairs(subjects) do
              local e = M.classify(pack.indicators, "money", subj, "", subj)
                  or M.classify(pack.indicators, "count", subj, "", subj)
              -- a listed subject no keyword names is `other`; 三个梯度
              -- repeats the figure before
              local si = e and e.indicator or (subjects.listed and "other" or ind)
              local f = fact(si, measure, rule, span_s, "subject" .. k .. subj)
              f.value, f.unit = v, unit
              emit(q, f)
            end
          else
            local f = fact(ind, measure, rule, span_s, key)
            f.value, f.unit = v, unit
            emit(q, f)
          end
          local f = { rule = P .. "." .. rule,
            measure = (target and measure ~= "rank") and "target" or measure }
          if doc.trace then
            doc.trace { event = "fact", at = q.start,
              text = s:sub(q.start, q.stop - 1), before = before, after = after,
              tried = tried, indicator = ind, measure = f.measure,
              rule = f.rule }
          end
          sent_all[#sent_all + 1] = { indicator = ind, stop = q.stop, zone = z,
            kind = q.kind, unit = unit }
          if measure ~= "growth" and measure ~= "share" and measure ~= "rank" then
            prev_fact = { indicator = ind, rule_id = rule, kind = q.kind, zone = z,
              group = q.kind == "count" and (before .. after):find("项目", 1, true) ~= nil }
            sent_facts[#sent_facts + 1] = prev_fact
            by_kind[q.kind] = prev_fact
          end
        end
      end
    end
    ::next_sentence::
  end
  -- in text order; records of one span keep the order they were made in
  for i, f in ipairs(facts) do f.seq = i end
  table.sort(facts, function(a, b)
    if a.offset ~= b.offset then return a.offset < b.offset end
    return a.seq < b.seq
  end)
  for _, f in ipairs(facts) do f.seq = nil end
  return facts
end

return M
