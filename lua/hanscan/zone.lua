-- hanscan.zone: names of development zones and the zone a text is about.
--
--   zone.find(s)  -> list of { start =, stop =, name =, generic = bool }
--   zone.main(s)  -> the most specific name the text uses most, or the
--                    generic word (经开区, 园区) when it never names one.
--
-- A name is a short run of Han characters ending in a zone word: 荆州经开区,
-- 咸安经济开发区, 森工及竹循环产业园. The run stops at punctuation and at
-- words that start a clause rather than a name (在, 对, 是, 和 …).
local lpeg = require "lpeg"
local text = require "hanscan.text"
local P, C, Ct, Cp = lpeg.P, lpeg.C, lpeg.Ct, lpeg.Cp

local M = {}

M.suffixes = { "经济技术开发区", "高新技术产业开发区", "高新技术开发区",
  "经济开发区", "产业开发区", "工业开发区", "经开区", "高新区", "开发区",
  "工业园区", "产业园区", "工业园", "产业园", "工业集中区", "园区", "新区",
  "综保区", "保税区" }
M.generic = { ["经开区"] = true, ["高新区"] = true, ["开发区"] = true,
  ["园区"] = true, ["工业园"] = true, ["产业园"] = true, ["新区"] = true,
  ["经济开发区"] = true, ["工业园区"] = true, ["产业园区"] = true,
  ["综保区"] = true, ["产业开发区"] = false }
M.bare = { ["园区"] = true, ["新区"] = true }
-- characters that end a name when reading backwards from the zone word
M.stops = { "在", "对", "是", "和", "与", "及", "了", "的", "为", "将", "把",
  "由", "向", "从", "让", "使", "以", "等", "到", "至", "入", "进", "全",
  "该", "本", "各", "个", "这", "那", "其", "所", "即", "于", "就", "并",
  "也", "都", "还", "又", "被", "给", "有", "要", "会", "中", "上", "下",
  "年", "月", "日", "区", "省" }

local suffix = P(false)
table.sort(M.suffixes, function(a, b) return #a > #b end)
for _, s in ipairs(M.suffixes) do suffix = suffix + P(s) end
local stopset = {}
for _, s in ipairs(M.stops) do stopset[s] = true end

local scan = P{ Ct((Ct(lpeg.Cg(Cp(), "s") * lpeg.Cg(C(suffix), "w")
  * lpeg.Cg(Cp(), "e")) + 1)^0) }

local function is_han(c)
  return (c >= 0x4E00 and c <= 0x9FFF) or (c >= 0x3400 and c <= 0x4DBF)
end

-- Up to `max` Han characters before byte `pos`, stopping at a stop word.
local function prefix(s, pos, max)
  local chars = {}
  local i = pos
  while #chars < max and i > 1 do
    local j = i - 1
    while j > 1 and (s:byte(j) & 0xC0) == 0x80 do j = j - 1 end
    local c = utf8.codepoint(s, j)
    local ch = utf8.char(c)
    if not is_han(c) or stopset[ch] then break end
    table.insert(chars, 1, ch)
    i = j
  end
  return table.concat(chars), i
end

function M.find(s, max_prefix)
  local out = {}
  -- every zone word ends in 区 or 园 (or holds it)
  if not (s:find("区", 1, true) or s:find("园", 1, true)) then return out end
  for _, m in ipairs(lpeg.match(scan, s) or {}) do
    local pre, start = "", m.s
    -- 园区 and 新区 follow verbs and adjectives (进一步完善园区) far more
    -- often than names: they take no prefix
    if not M.bare[m.w] then pre, start = prefix(s, m.s, max_prefix or 6) end
    out[#out + 1] = { start = start, stop = m.e, word = m.w, prefix = pre,
      name = pre .. m.w, quoted = text.quoted(s, 1, start) }
  end
  return out
end

-- The zone the text is about: among named mentions, the name whose short
-- form (2-character prefix + zone word) is most frequent, written with as
-- much of its prefix as most mentions share.
function M.main(s)
  local counts, best, generic, first = {}, nil, {}, {}
  local mentions = M.find(s)
  for i, m in ipairs(mentions) do
    first[m.word] = first[m.word] or i
    if #m.prefix >= 6 and not m.quoted then
      local key = m.prefix:sub(-6) .. m.word
      counts[key] = (counts[key] or 0) + 1
      if not best or counts[key] > counts[best] then best = key end
    end
    generic[m.word] = (generic[m.word] or 0) + 1
  end
  -- a name said once counts when it opens the text (a title, a dateline)
  local first_named
  for _, m in ipairs(mentions) do
    if #m.prefix >= 6 and not m.quoted then first_named = m break end
  end
  if best and counts[best] < 2 then
    best = nil
    if first_named and first_named.start <= 300 then
      best = first_named.prefix:sub(-6) .. first_named.word
    end
  end
  if best then
    -- extend the prefix while most mentions agree on it
    local n = counts[best]
    local name = best
    for extra = 3, 12, 3 do
      local c, top = {}, nil
      for _, m in ipairs(mentions) do
        if #m.prefix >= 6 + extra and (m.prefix:sub(-6) .. m.word) == best then
          local k = m.prefix:sub(-(6 + extra)) .. m.word
          c[k] = (c[k] or 0) + 1
          if not top or c[k] > c[top] then top = k end
        end
      end
      if top and c[top] * 2 > n then name = top else break end
    end
    return name
  end
  -- no name: the most specific zone word used (产业开发区 over 园区), then
  -- the most frequent, then the first mentioned
  local w
  for k in pairs(generic) do
    if not w or #k > #w or (#k == #w and (generic[k] > generic[w] or
        (generic[k] == generic[w] and first[k] < first[w]))) then
      w = k
    end
  end
  return w
end

return M
