-- tests/diff/text.lua: hanscan.text and hanscan.zone (Lua, the reference)
-- against their C port (hanscan.core.text_* / zone_*).
--
--   build/hanscan exec tests/diff/text.lua PATH...
--
-- For every document it compares
--   sentences(s) on the whole text;
--   clause_start(s, sent.s, p), clause_end(s, p, sent.e),
--     item_end(s, p, sent.e) and in_label(s, quote_spans(sent), p) at every
--     byte p of every sentence (sent.e included), quoted(s, sent.s, p) at
--     every character start, quote_spans(s, sent.s, sent.e) per sentence;
--   has / starts_with / ends_with (with and without pack.filler as skip)
--     with every cue list (hanscan.cues, the pack's lists, the indicators'
--     condition lists, extract.lua's own lists, zone's lists; each distinct
--     list once) on every clause; has on the 60 bytes before every digit
--     run, has and ends_with (both) on the 24 bytes before it (within its
--     sentence, as extract.lua reads them), starts_with on the 9 and 12
--     bytes after it; rfind with the rank words on the clause before
--     every digit run; split on every clause;
--   zone.find(s, nil / 12) on every sentence, every clause and the whole
--     text (with zone.generic / zone.bare of every mention), zone.main(s).
-- At the first document it also compares hand-written edge cases and a
-- few thousand random strings built from the words the functions react
-- to (separators, stops, quotes, zone words, units, digits).
-- One row per mismatch { doc, kind, pos, arg, lua, c }; nothing when all
-- agree. The number of comparisons of each document goes to stderr
-- ("text-diff<TAB>doc<TAB>n").
local text = require "hanscan.text"
local zone = require "hanscan.zone"
local cues = require "hanscan.cues"
local number = require "hanscan.number"
local core = require "hanscan.core"

columns = { "doc", "kind", "pos", "arg", "lua", "c" }

-- A value as a string, table keys sorted, so equal results give equal
-- strings.
local function ser(v)
  if type(v) ~= "table" then
    if type(v) == "string" then return string.format("%q", v) end
    return tostring(v) .. "/" .. (math.type(v) or type(v))
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local out = {}
  for _, k in ipairs(keys) do
    out[#out + 1] = tostring(k) .. "=" .. ser(v[k])
  end
  return "{" .. table.concat(out, ",") .. "}"
end

local count = 0
local rows = 0

local function check(doc, kind, pos, arg, a, b)
  count = count + 1
  -- equal plain values (strings, booleans, integers, nil) need no ser
  if a == b and type(a) ~= "table" and math.type(a) == math.type(b) then
    return
  end
  local sa, sb = ser(a), ser(b)
  if sa ~= sb then
    rows = rows + 1
    if rows <= 2000 then
      emit { doc = doc, kind = kind, pos = pos, arg = arg, lua = sa, c = sb }
    end
  end
end

-- Several results as one list (rfind returns two values).
local function pack2(...) return { n = select("#", ...), ... } end

-- {==== the word lists
local lists = {} -- { name =, words = }
do
  local seen = {}
  local function add(name, l)
    if type(l) ~= "table" or #l == 0 then return end
    for _, w in ipairs(l) do
      if type(w) ~= "string" then return end
    end
    local key = table.concat(l, "\0")
    if seen[key] then return end -- the pack's lists repeat hanscan.cues
    seen[key] = true
    lists[#lists + 1] = { name = name, words = l }
  end
  local function add_all(prefix, t)
    local keys = {}
    for k in pairs(t) do
      if type(k) == "string" then keys[#keys + 1] = k end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do add(prefix .. k, t[k]) end
  end
  add_all("cues.", cues)
  add_all("pack.", pack)
  for i, e in ipairs(pack.indicators or {}) do
    -- (before and after are read by extract.lua's own keyword index)
    for _, f in ipairs { "near", "context", "unless", "unless_after" } do
      add("indicators." .. i .. "." .. f, e[f])
    end
  end
  -- extract.lua's own lists (local there; copied)
  add("plan_words", { "工作安排", "工作计划", "工作思路", "工作打算", "工作目标",
    "工作重点", "主要目标", "下一步", "下步", "明年", "重点工作" })
  add("clause_ends", { ",", ";", ":", ".", "\n", "\t", "、", ")", "）", "和", "。",
    "的", "!", "?", "！", "？", "”", "|" })
  add("size_class_nouns", { "企业", "工业企业", "项目", "产业项目", "工业项目",
    "大项目" })
  add("slogan_nouns", { "产业", "集群", "级", "园区", "企业", "新城", "城", "工程",
    "项目", "板块", "基地", "行业", "大", "强" })
  add("approx_after", { "以上", "左右", "余", "多" })
  add("approx_before", number.approx_before)
  add("split_a", { "和", "与", "及", "、" })
  add("split_b", { "、", "和", "及", "与" })
  add("zone.suffixes", zone.suffixes)
  add("zone.stops", zone.stops)
end
local rank_words = { "全省", "全市", "全国", "全区", "全县", "全州", "中心城区",
  "省内", "市内", "同类", "全球", "全行业", "排名", "排在", "位列", "位居", "名列",
  "居于", "位于", "居", "列", "排" }
local filler = pack.filler or cues.filler
local split_seps = { { "和", "与", "及", "、" }, { "、", "和", "及", "与" } }
-- }====

-- {==== checks
-- The lists check_words uses (a few of them for the hand-written and
-- random strings), and the byte step of check_sentence on long sentences
-- there (the Lua clause_start is quadratic on a sentence without a
-- separator).
local cur_lists, long_step = lists, 1

-- which: a string of the functions to compare, "h" has, "s" starts_with,
-- "e" ends_with, "f" ends_with with pack.filler as skip (default all).
local function check_words(doc, kind, pos, w, which)
  which = which or "hsef"
  local h, st, e, f = which:find("h", 1, true), which:find("s", 1, true),
      which:find("e", 1, true), which:find("f", 1, true)
  for _, l in ipairs(cur_lists) do
    local ws = l.words
    if h then
      check(doc, kind .. ".has", pos, l.name .. " " .. w,
        text.has(w, ws), core.text_has(w, ws))
    end
    if st then
      check(doc, kind .. ".starts_with", pos, l.name .. " " .. w,
        text.starts_with(w, ws), core.text_starts_with(w, ws))
    end
    if e then
      check(doc, kind .. ".ends_with", pos, l.name .. " " .. w,
        text.ends_with(w, ws), core.text_ends_with(w, ws))
    end
    if f then
      check(doc, kind .. ".ends_with.filler", pos, l.name .. " " .. w,
        text.ends_with(w, ws, filler), core.text_ends_with(w, ws, filler))
    end
  end
end

local function check_rfind(doc, kind, pos, w)
  for _, r in ipairs(rank_words) do
    check(doc, kind .. ".rfind", pos, r .. " " .. w,
      pack2(text.rfind(w, r)), pack2(core.text_rfind(w, r)))
  end
end

local function check_split(doc, kind, pos, w)
  for _, seps in ipairs(split_seps) do
    check(doc, kind .. ".split", pos, seps[1] .. " " .. w,
      text.split(w, seps), core.text_split(w, seps))
  end
end

local function check_zone_find(doc, kind, pos, w)
  for _, mp in ipairs { false, 12 } do
    local m = mp or nil
    local a = zone.find(w, m)
    check(doc, kind .. ".zone_find", pos, tostring(m) .. " " .. w, a,
      core.zone_find(w, m))
    for _, z in ipairs(a) do
      check(doc, kind .. ".zone_generic", pos, z.name,
        zone.generic[z.name] == true, core.zone_is_generic(z.name))
      check(doc, kind .. ".zone_bare", pos, z.word,
        zone.bare[z.word] == true, core.zone_is_bare(z.word))
    end
  end
end

local function check_zone_main(doc, kind, pos, s)
  check(doc, kind .. ".zone_main", pos, #s < 200 and s or "", zone.main(s),
    core.zone_main(s))
end

local function char_start(s, p)
  local b = s:byte(p)
  return b == nil or (b & 0xC0) ~= 0x80
end

-- Everything about one sentence [ss, se) of s.
local function check_sentence(doc, kind, s, ss, se)
  local spans = text.quote_spans(s, ss, se)
  check(doc, kind .. ".quote_spans", ss, "", spans,
    core.text_quote_spans(s, ss, se))
  local step = se - ss > 300 and long_step or 1
  for p = ss, se + step - 1, step do
    if p > se then p = se end
    check(doc, kind .. ".clause_start", p, "",
      text.clause_start(s, ss, p), core.text_clause_start(s, ss, p))
    check(doc, kind .. ".clause_end", p, "",
      text.clause_end(s, p, se), core.text_clause_end(s, p, se))
    check(doc, kind .. ".item_end", p, "",
      text.item_end(s, p, se), core.text_item_end(s, p, se))
    check(doc, kind .. ".in_label", p, "",
      text.in_label(s, spans, p), core.text_in_label(s, spans, p))
    if char_start(s, p) then
      check(doc, kind .. ".quoted", p, "",
        text.quoted(s, ss, p), core.text_quoted(s, ss, p))
    end
  end
  -- clauses
  local cs = ss
  while cs <= se do
    local ce = text.clause_end(s, cs, se)
    local clause = s:sub(cs, ce - 1)
    check_words(doc, kind .. ".clause", cs, clause)
    check_split(doc, kind .. ".clause", cs, clause)
    check_zone_find(doc, kind .. ".clause", cs, clause)
    cs = ce + 1
  end
  -- windows around numbers, as extract.lua reads them
  local p = ss
  while true do
    local a, b = s:find("%d+", p)
    if not a or a >= se then break end
    -- (what extract.lua asks of each: has on the 60 bytes before,
    -- ends_with on the 24 before, starts_with on the 9 and 12 after)
    check_words(doc, kind .. ".before60", a,
      s:sub(math.max(ss, a - 60), a - 1), "h")
    check_words(doc, kind .. ".before24", a,
      s:sub(math.max(ss, a - 24), a - 1), "hef")
    local after = b + 1
    check_words(doc, kind .. ".after9", after, s:sub(after, after + 8), "s")
    check_words(doc, kind .. ".after12", after, s:sub(after, after + 11), "s")
    local c0 = text.clause_start(s, ss, a)
    check_rfind(doc, kind .. ".clause_before", a, s:sub(c0, a - 1))
    p = b + 1
  end
  check_zone_find(doc, kind .. ".sentence", ss, s:sub(ss, se - 1))
end

local function check_text(doc, kind, s)
  local a = text.sentences(s)
  check(doc, kind .. ".sentences", 1, #s < 200 and s or "", a,
    core.text_sentences(s))
  for _, sent in ipairs(a) do check_sentence(doc, kind, s, sent.s, sent.e) end
  check_zone_find(doc, kind .. ".doc", 1, s)
  check_zone_main(doc, kind, 1, s)
end
-- }====

-- {==== hand-written and random strings
local fixed = {
  "", " ", "  ", "\n", "。", "!", "?", "！", "？", "!?！？\n\n", "a", "5",
  "5。6", "5。。6", "5。a", "a5。6", "57。6亿元", "1。2。3", "1。", "。1",
  "5。6。", "5！6", "5?6", "5\n6",
  "9.7\n亿元", "9.7\n万", "9\n元", "9\n亩", "9\n%", "9\n个", "9\n家",
  "9\n平方米", "9\n平", "9\n公里", "9\n公", "9\n吨", "9\n人", "9\n项", "9\n美元",
  "9\n美", "9\n\n亿", "a\n亿", "9\n", "\n亿", "完成固定资产投资9.7\n亿元,同比增长12%。",
  "增长12%。下降3%!上升5%?回落2%！持平？", "a,b;c:d", ",", ",,", ";;:", ",a",
  "a,", "增长,下降;提高:", "、", "a、b", "a、,b", "a,、b", "、、", "和和",
  "一是。二是!三是?", "\226\128\156两个维护\226\128\157", "《中国制造2025》",
  "「乡村振兴」", "\226\128\152一带一路\226\128\153", "“《嵌套》的引号”",
  "“未闭合的引号", "闭合”多余的“", "》》《《", "“”", "“a,b”", "“0123456789012345678901234567890123”",
  "“01234567890123456789012345678901”", "“012345678901234567890123456789012”",
  "“《「‘深’」》”", "‘’‘’", "“一”“二”“三”", "”“",
  "荆州经开区", "咸安经济开发区", "森工及竹循环产业园", "在荆州经开区",
  "省级开发区", "进一步完善园区", "工业园区区", "园区区", "产业园区",
  "青江经济技术开发区", "武汉东湖新技术开发区", "高新技术产业开发区",
  "某某高新技术产业开发区", "经济技术开发区", "高新技术开发区", "工业集中区",
  "综保区", "保税区", "新区", "浦东新区", "A经开区", "1经开区", "年经开区",
  "全省经开区", "“荆州经开区”", "《荆州经开区》", "“荆州经开区", "荆州经开区”",
  "湖北荆州经济技术开发区管委会", "经开区经开区经开区", "开发区开发区",
  "园区园区新区新区", "经开区高新区", "高新区经开区", "经开区高新区高新区经开区",
  "工业园产业园", "产业园工业园", "荆州经开区荆州经开区", "咸宁经开区荆州经开区",
  "荆州经开区,荆州经开区,沙市荆州经开区", "abcdefghijklmnopqrstuvwxyz荆州经开区",
  "㐀㐁经开区", "䶿鿿经开区", "\239\188\161经开区", "ﾟ经开区",
  "湖北省荆州市荆州经济技术开发区", "湖北荆州市荆州经济技术开发区",
  "经济经开区", "经济开发区区", "高新区区", "开发区。开发区", "区", "园",
  "同比增长", "增长", " 增长", "  增长 ", "达到增长", "增长了", "增长约",
  "增长达到了", "增长 了 为", "同比增长了为达到", "净增", "比上年增加",
  "较上年末增加了", "人口达", "产业人口达", "就业人数约", "全县", " 全县",
  "全县 ", "全 县", "计划", "力争到2025年", "排名第一", "全省第二", "位居全市第三",
  "全国全省全市", "居于全省", "列全省", "排全市",
  "\xE5\xB9", "\xB4年", "增\xE9", "\xE9\x95", "经\xE5\xBC\x80区", -- cut UTF-8
}

local seed = 4242
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local alphabet = {
  "0", "1", "5", "9", "12", ".", "%", ",", ";", ":", "、", "。", "！", "？", "!",
  "?", "\n", " ", "a", "Z", "(", ")", "）", "亿", "万", "元", "亩", "个", "家",
  "平方", "公里", "吨", "人", "项", "美元", "美", "平", "增长", "同比", "下降",
  "达到", "了", "为", "约", "近", "超过", "占", "比重", "的", "和", "与", "及",
  "“", "”", "《", "》", "「", "」", "‘", "’", "区", "园", "经开区", "高新区",
  "开发区", "园区", "新区", "工业园", "工业园区", "经济技术开发区", "经济", "技术",
  "高新", "产业", "荆州", "咸安", "在", "是", "全省", "全市", "排名", "第",
  "企业", "项目", "工作计划", "明年", "省", "年", "中", "㐀", "\xE5", "\x80",
}

local function random_string(k)
  local parts = {}
  for i = 1, rand(k) do parts[i] = alphabet[rand(#alphabet)] end
  return table.concat(parts)
end

-- Is s valid UTF-8 (the Lua reference raises on invalid text in its
-- quote and zone code)?
local function valid(s)
  return utf8.len(s) ~= nil
end

-- A few lists for the many small strings (every list runs on the
-- documents).
local some_names = { ["cues.growth_cues"] = true, ["cues.filler"] = true,
  ["cues.change_cues"] = true, ["cues.people_words"] = true,
  ["clause_ends"] = true, ["slogan_nouns"] = true, ["approx_before"] = true,
  ["zone.suffixes"] = true }
local some_lists = {}
for _, l in ipairs(lists) do
  if some_names[l.name] then some_lists[#some_lists + 1] = l end
end

-- full: every (from, pos) pair of the clause functions and every start of
-- the quote functions; else from = 1 (and pos/to everywhere).
local function check_string(doc, kind, i, s, full)
  check(doc, kind .. ".sentences", i, s, text.sentences(s),
    core.text_sentences(s))
  check_words(doc, kind, i, s)
  check_split(doc, kind, i, s)
  check_rfind(doc, kind, i, s)
  local n = #s
  for from = 1, full and n + 2 or 1 do
    for p = 1, n + 3 do
      check(doc, kind .. ".clause_start", i, from .. " " .. p .. " " .. s,
        text.clause_start(s, from, p), core.text_clause_start(s, from, p))
      check(doc, kind .. ".clause_end", i, from .. " " .. p .. " " .. s,
        text.clause_end(s, from, p), core.text_clause_end(s, from, p))
      check(doc, kind .. ".item_end", i, from .. " " .. p .. " " .. s,
        text.item_end(s, from, p), core.text_item_end(s, from, p))
    end
  end
  if not valid(s) then return end
  -- quote spans of every [1, to) and every [from, n + 1); in_label with
  -- the spans of [from, n + 1) at every byte; quoted(from, p)
  for to = 1, n + 1 do
    if char_start(s, to) then
      check(doc, kind .. ".quote_spans", i, "1 " .. to .. " " .. s,
        text.quote_spans(s, 1, to), core.text_quote_spans(s, 1, to))
    end
  end
  for from = 1, full and n + 1 or 1 do
    if char_start(s, from) then
      local spans = text.quote_spans(s, from, n + 1)
      check(doc, kind .. ".quote_spans", i, from .. " " .. s, spans,
        core.text_quote_spans(s, from, n + 1))
      for p = from, n + 1 do
        check(doc, kind .. ".in_label", i, from .. " " .. p .. " " .. s,
          text.in_label(s, spans, p), core.text_in_label(s, spans, p))
        if char_start(s, p) then
          check(doc, kind .. ".quoted", i, from .. " " .. p .. " " .. s,
            text.quoted(s, from, p), core.text_quoted(s, from, p))
        end
      end
    end
  end
  check_zone_find(doc, kind, i, s)
  check_zone_main(doc, kind, i, s)
end

local function check_fixed(doc)
  cur_lists, long_step = some_lists, 31
  -- word lists with duplicates, empty words, overlapping words
  local odd_lists = {
    {}, { "" }, { "增", "" }, { "", "增" }, { "增长", "增", "同比增长" },
    { "增", "增长", "增" }, { "长", "增长", "同比增长" }, { " " }, { "  ", " " },
    { "a", "ab", "abc" }, { "abc", "ab", "a" }, { "了", "为", "了为" },
    { "为了", "了", "为" }, { "\xE5", "增" },
  }
  local odd_strings = { "", " ", "  ", "a", "ab", "abc", "cab", " ab", "  abc",
    "增", "增长", "同比增长", "同比增长了", "增长了为", "增长为了", "增 ", " 增长",
    "为了为了", "了了了", "\xE5", "增\xE5", "x增长x" }
  for li, l in ipairs(odd_lists) do
    for si, s in ipairs(odd_strings) do
      local arg = li .. " " .. s
      check(doc, "odd.has", si, arg, text.has(s, l), core.text_has(s, l))
      check(doc, "odd.starts_with", si, arg, text.starts_with(s, l),
        core.text_starts_with(s, l))
      check(doc, "odd.ends_with", si, arg, text.ends_with(s, l),
        core.text_ends_with(s, l))
      for ki, k in ipairs(odd_lists) do
        local empty = false
        for _, w in ipairs(k) do if w == "" then empty = true end end
        if not empty then -- Lua loops forever on an empty skip word
          check(doc, "odd.ends_with.skip", si, arg .. " skip " .. ki,
            text.ends_with(s, l, k), core.text_ends_with(s, l, k))
        end
      end
      local nonempty = true
      for _, w in ipairs(l) do if w == "" then nonempty = false end end
      if nonempty then -- Lua loops forever on an empty separator
        check(doc, "odd.split", si, arg, text.split(s, l), core.text_split(s, l))
      end
      for _, w in ipairs(l) do
        check(doc, "odd.rfind", si, w .. " " .. s, pack2(text.rfind(s, w)),
          pack2(core.text_rfind(s, w)))
      end
    end
  end
  check(doc, "odd.starts_with.nil", 0, "", text.starts_with("abc", nil),
    core.text_starts_with("abc", nil))
  -- the fixed strings, every cut of them, and random ones
  local all = {}
  for _, s in ipairs(fixed) do all[#all + 1] = s end
  -- cuts at every character (at every byte for short strings)
  for _, s in ipairs(fixed) do
    for k = 1, #s - 1 do
      if #s <= 24 or char_start(s, k + 1) then
        all[#all + 1] = s:sub(1, k)
        all[#all + 1] = s:sub(k + 1)
      end
    end
  end
  local nfixed = #all
  for _ = 1, 2000 do all[#all + 1] = random_string(10) end
  for i, s in ipairs(all) do
    check_string(doc, i <= nfixed and "fixed" or "random", i, s, i <= #fixed)
  end
  print("text-diff fixed strings", #all, count)
  -- whole texts: the fixed list joined, random long texts (cut_long)
  local good = {}
  for _, s in ipairs(fixed) do
    if valid(s) then good[#good + 1] = s end
  end
  check_text(doc, "fixed.joined", table.concat(good, "\n"))
  check_text(doc, "fixed.joined2", table.concat(good, ""))
  check(doc, "fixed.joined3.sentences", 0, "", text.sentences(table.concat(fixed, "\n")),
    core.text_sentences(table.concat(fixed, "\n")))
  for k = 1, 24 do
    local parts = {}
    for i = 1, 200 + rand(800) do parts[i] = alphabet[rand(#alphabet)] end
    local s = table.concat(parts)
    -- fewer stops: long sentences
    if k % 2 == 0 then s = s:gsub("[\n!?]", "x"):gsub("。", "x") end
    if k % 4 == 0 then s = s:gsub("[,;:]", "y") end
    if valid(s) then check_text(doc, "random.text", s) else
      check(doc, "random.sentences", k, "", text.sentences(s),
        core.text_sentences(s))
    end
  end
  -- long runs: cut at the last separator, a character boundary, a
  -- separator on the first byte, exactly max_sentence bytes
  local long = {
    string.rep("增", 500), string.rep("a", 1200), string.rep("a", 1201),
    string.rep("a", 2401), "," .. string.rep("a", 1500),
    string.rep("a", 1199) .. "," .. string.rep("b", 100),
    string.rep("a", 1200) .. "," .. string.rep("b", 100),
    string.rep("a", 1198) .. "," .. string.rep("b", 100),
    string.rep("增长", 300) .. ";" .. string.rep("下降", 300),
    "a" .. string.rep("增", 700), "ab" .. string.rep("增", 700),
    string.rep("a,", 1300), string.rep("增,", 1000), string.rep("5。6", 500),
    string.rep("9\n亿", 600), string.rep("“引号", 600),
  }
  for i, s in ipairs(long) do
    check(doc, "long.sentences", i, "", text.sentences(s),
      core.text_sentences(s))
    check(doc, "long.sentences.nl", i, "", text.sentences(s .. "\n" .. s),
      core.text_sentences(s .. "\n" .. s))
    for _, sent in ipairs(text.sentences(s)) do
      check_sentence(doc, "long", s, sent.s, sent.e)
    end
  end
end
-- }====

local fixed_done = false

function document(doc)
  local s, name = doc.text, doc.name
  count, rows = 0, 0
  if not fixed_done then
    fixed_done = true
    check_fixed(name)
  end
  cur_lists, long_step = lists, 1
  check_text(name, "doc", s)
  if rows > 2000 then
    emit { doc = name, kind = "truncated", pos = 0, arg = "",
      lua = tostring(rows) .. " mismatches", c = "" }
  end
  print("text-diff", name, count)
end
