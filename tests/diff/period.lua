-- tests/diff/period.lua: hanscan.period (Lua, the reference) against its C
-- port (hanscan.core.period_scan / period_years / period_doc_year).
--
--   build/hanscan exec tests/diff/period.lua PATH...
--
-- For every document it compares
--   scan(s, year) on every sentence (hanscan.text.sentences) and on every
--     line, for year = nil, 2023 and 2024;
--   years(line) on every line, and years(s) on the whole text;
--   doc_year(s, before, plan_year) for before in { nil, 1, a third, half,
--     the whole } and plan_year in { nil, 1900, 2020, 2023, 2024, 2025 }.
-- At the first document (of each worker) it also compares hand-written
-- edge cases and 40000 random strings built from the grammar's
-- own words (invalid and cut UTF-8 included).
-- One row per mismatch { doc, kind, pos, arg, lua, c }; nothing when all
-- agree. The number of comparisons of each document goes to stderr
-- ("period-diff<TAB>doc<TAB>n").
local period = require "hanscan.period"
local text = require "hanscan.text"
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

local function check(doc, kind, pos, arg, a, b)
  count = count + 1
  local sa, sb = ser(a), ser(b)
  if sa ~= sb then
    emit { doc = doc, kind = kind, pos = pos, arg = arg, lua = sa, c = sb }
  end
end

local years_arg = { false, 2023, 2024 }

local function check_scan(doc, kind, pos, s)
  for _, y in ipairs(years_arg) do
    local yr = y or nil
    check(doc, kind, pos, tostring(yr) .. " " .. s,
      period.scan(s, yr), core.period_scan(s, yr))
  end
end

local function check_years(doc, kind, pos, s)
  check(doc, kind, pos, s, period.years(s), core.period_years(s))
end

local plan_years = { false, 1900, 2020, 2023, 2024, 2025 }

local function check_doc_year(doc, pos, s)
  local befores = { false, 1, #s // 3 + 1, #s // 2 + 1, #s + 1 }
  for _, b in ipairs(befores) do
    for _, p in ipairs(plan_years) do
      local bb, pp = b or nil, p or nil
      check(doc, "doc_year", pos, tostring(bb) .. " " .. tostring(pp) ..
        (#s < 200 and " " .. s or ""),
        period.doc_year(s, bb, pp), core.period_doc_year(s, bb, pp))
    end
  end
end

-- {==== hand-written and random strings
local fixed = {
  "", "年", "月", "季", "目前", "五", "\xE5\xB9", "2023\xE5\xB9", "\xB4年",
  "1-9月", "1至9月", "1到9月", "元至9月", "元-12月份", "元月", "元9月",
  "1～9月", "1~9月", "1—9月", "1–9月", "1—9月份", "01-09月", "0-99月",
  "123月份", "99月份", "0月份", "1-123月", "12-1月",
  "十三月", "十二月底", "十一月末", "十月份", "两月份", "一至三月", "一-十二月",
  "前三季度", "前两季度", "第一季度", "一季度", "第二季度", "三季度",
  "第四季度", "第五季度", "第第一季度", "两季度", "上半年", "下半年",
  "截至9月底", "到9月末", "截止12月底", "截至9月", "截至截至9月底",
  "截止9月末", "到9月", "3月份", "3月", "3月底", "3月末",
  "2023年3月份", "2021年11月", "2022年7月27日开通", "2023年11月底",
  "2023年底", "2023年末", "截至2023年末", "截止2023年底", "2024年度",
  "2024年度全年", "2024年全年", "2023年以来", "2023年度以来", "今年以来",
  "今年1-9月", "今年前三季度", "今年上半年", "去年同期", "去年", "上年同期",
  "比上年增长6.9%", "与去年相比", "去年的2倍", "去年的产值,是2倍",
  "去年的产值。2倍", "去年的产值;2倍", "去年的", "去年的倍", "上年的1.5倍多",
  "上年高新", "上年高", "上年低效", "上年低", "上年增长", "上年下降",
  "上年减少", "上年提高", "上年降低", "上年回落", "上年多", "上年少",
  "上年快", "上年慢", "上年末", "上年相较", "上年比", "上年相比",
  "去年四季度", "上年前三季度", "去年12月底", "去年底", "去年全年",
  "明年", "明年上半年", "当年", "本年度", "本年", "今年", "今年底",
  "全年", "年内", "2023年,全年", "2023年实现产值,全年增长", "全年2023年全年",
  "2022年和2023年,年内", "今年,全年", "年内2021年年内",
  "近三年", "近十年", "近十二年", "近十一年", "近10年", "近5年", "近0年",
  "近两年", "近三", "近年来",
  "十二五", "“十三五”期间", "“十四五”时期", "十五五以来", "“十六五",
  "十一五期间", "“十二五", "十三五”", "“十四五”以来", "“十五五”时期末",
  "2016-2020年", "2020-2016年", "2020-2020年", "2016—2020年",
  "2016～2020年", "2016至2020年", "2019到2021年", "2019–2021年",
  "2019-2021", "1999-2001年", "1899-1901年", "2099-2100年",
  "截至目前", "截止目前", "目前", "截至", "截止",
  "12024年", "20255年", "1899年", "1900年", "2099年", "2100年",
  "2023年12月底", "2023年上半年", "2023年1-6月", "2023年1-6月份",
  "2023年3月份以来", "2023年9月以来", "截至2023年9月底", "截至2023年",
  "截至今年9月底", "到2025年", "至2025年", "到2025年底", "至2025年末",
  "2024年工作打算", "2024年度计划", "2023年末目标", "截止2022年末",
  "2023年度底", "2024年工作计划", "2024年工作安排", "2024年工作思路",
  "2024年工作要点", "2024年打算", "2024年目标", "2024年重点工作",
  "2024年工作重点", "2024年工作", "截至2023年末计划",
  "今年以来,2023年底成立的企业", "2023年底,今年", "今年截至2023年末",
  "到2023年底,今年", "至2023年末今年", "2022年,2023年底今年2024年计划",
  "截止2023年底今年", "2023年底今", "2021年2022年底今年",
  "2023年1-9月,规上工业总产值614.13亿元,同比增长26%;全年增长12%",
  "2024年1—9月份", "1-9月同比增长12.4%", "上年同期增长5%",
  "2020年至2023年", "2020年-2023年", "2020年—2023年",
}

-- The C scan runs the grammar only back from the anchors 年 月 季 目 五
-- (as far as their reach), found 16 or 32 bytes at a time, and years looks
-- for 年 the same way: expressions whose first anchor is as far as it
-- gets, at every offset from the start of a block and just before the end
-- of the text, texts of more anchors than the C side buffers (32), and
-- anchors next to bytes that are no characters.
local far = { "截至十二-十二月", "截至截至十二月底", "截至十二—五月", "截至上半年",
  "“十三五", "截至2024年", "2016-2020年", "截至第一季度", "截至目前",
  "近十二年", "截止十一至十二月份", "到十二月末", "元-五月", "十五五" }
for _, w in ipairs(far) do
  for pad = 0, 40, 3 do
    fixed[#fixed + 1] = string.rep("x", pad) .. w
    fixed[#fixed + 1] = string.rep("的", pad // 3) .. w .. string.rep("x", pad % 7)
  end
end
fixed[#fixed + 1] = string.rep("2023年", 40)
fixed[#fixed + 1] = string.rep("年", 70) .. "2024年1-9月"
fixed[#fixed + 1] = string.rep("月年季目五", 12) .. "截至9月底"
fixed[#fixed + 1] = string.rep("去年同期,", 20) .. "今年1-6月"
fixed[#fixed + 1] = string.rep("\xB9\xB4\xE5\xB9\xB4", 20) .. "\xE4\xB9\xB4年内"
fixed[#fixed + 1] = string.rep("\x9C\x88\xE5\x9C\x88", 10) .. "1-9\xE6\x9C\x88"
fixed[#fixed + 1] = string.rep("a", 33) .. "年"
fixed[#fixed + 1] = string.rep("a", 31) .. "2023年"

-- A small deterministic generator (the same strings in every run).
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local alphabet = {
  "0", "1", "2", "9", "19", "20", "202", "2023", "2024", "年", "月", "底",
  "末", "截至", "截止", "到", "至", "-", "~", "—", "–", "～", "今", "去",
  "上", "明", "当", "本", "的", "倍", ",", ";", "。", "比", "同期", "增",
  "高", "新", "低", "效", "十", "一", "二", "两", "三", "四", "五", "九",
  "季度", "前", "第", "全", "近", "目前", "“", "”", "期间", "时期", "以来",
  "份", "度", "计划", "工作打算", "目标", "重点工作", "元", "内", "半",
  "下", "相比", "相", "较", "同", "期", "下降", "降低", "提高", "回落", "减",
  "多", "少", "快", "慢", "以", "来", "间", "时", "工作", "打算", "安排",
  "思路", "要点", "重点", "月份", "年内", "截至目前", "“十三五”", "十二",
  "十一", "半年", "2023年", "1999年", "2024年度", "2022年末", "\xE5", "\xE5\xB9", "\xB9\xB4", "\x80", " ", "x",
}

local function random_string()
  local parts = {}
  for i = 1, rand(12) do parts[i] = alphabet[rand(#alphabet)] end
  return table.concat(parts)
end

local function check_fixed(doc)
  local all = {}
  for _, s in ipairs(fixed) do all[#all + 1] = s end
  for _ = 1, 40000 do all[#all + 1] = random_string() end
  for i, s in ipairs(all) do
    check_scan(doc, "fixed.scan", i, s)
    check_years(doc, "fixed.years", i, s)
    -- every cut of a fixed string: a sentence may end anywhere
    if i <= #fixed then
      for k = 1, #s - 1 do
        check_scan(doc, "fixed.scan.cut", i, s:sub(1, k))
        check_scan(doc, "fixed.scan.cut", i, s:sub(k + 1))
      end
    end
    if i <= #fixed or i % 10 == 0 then check_doc_year(doc, i, s) end
  end
  -- the whole list as one text
  local joined = table.concat(fixed, "\n")
  check_scan(doc, "fixed.joined", 0, joined)
  check_years(doc, "fixed.joined", 0, joined)
  check_doc_year(doc, 0, joined)
  check_doc_year(doc, 0, "今年" .. joined)
end
-- }====

local fixed_done = false

function document(doc)
  local s, name = doc.text, doc.name
  count = 0
  if not fixed_done then
    fixed_done = true
    check_fixed(name)
  end
  for _, sent in ipairs(text.sentences(s)) do
    check_scan(name, "scan.sentence", sent.s, s:sub(sent.s, sent.e - 1))
  end
  local pos = 1
  for line in (s .. "\n"):gmatch("([^\n]*)\n") do
    if line ~= "" then
      check_scan(name, "scan.line", pos, line)
      check_years(name, "years.line", pos, line)
    end
    pos = pos + #line + 1
  end
  check_years(name, "years.doc", 1, s)
  check_doc_year(name, 1, s)
  print("period-diff", name, count)
end
