-- tests/diff/tables.lua: lua/hanscan/tables.lua (tables.find, cell_value)
-- against its C port (core.tables_find, core.tables_cell_value).
--
--   build/hanscan exec tests/diff/tables.lua PATH...
--
-- For every document: tables.find(text) and core.tables_find(text),
-- compared field by field (every table, row and cell); cell_value on every
-- whitespace- or |-separated token of the lines that hold a digit; and
-- FUZZ generated table-like texts (fragments of headers, unit lines,
-- numbers, separators, full-width brackets, CRLF) per document. At the
-- first document also a fixed list of hand-written tricky texts and
-- cells. One row per mismatch: { doc, pos, lua, c } (pos: which case and
-- which field; text: the input when it is not the document). Nothing is
-- written when both agree. A last row per document with kind = "count"
-- is written only when COUNT is set to true below (for reporting).
local tables = require "hanscan.tables"
local core = require "hanscan.core"

local COUNT = false
local FUZZ = 40

columns = { "doc", "pos", "lua", "c", "text", "kind", "n" }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

-- deep compare; mismatches appended to out as { path, a, b }
local function compare(a, b, path, out)
  if type(a) ~= type(b) then
    out[#out + 1] = { path, show(a), show(b) }
    return
  end
  if type(a) ~= "table" then
    if a ~= b then out[#out + 1] = { path, show(a), show(b) } end
    return
  end
  local keys = {}
  for k in pairs(a) do keys[k] = true end
  for k in pairs(b) do keys[k] = true end
  for k in pairs(keys) do
    local p = type(k) == "number" and (path .. "[" .. k .. "]")
        or (path .. "." .. tostring(k))
    compare(a[k], b[k], p, out)
    if #out > 8 then return end
  end
end

local ncmp = 0

local function check_find(doc, case, text, is_doc)
  ncmp = ncmp + 1
  local ok, lua = pcall(tables.find, text)
  if not ok then lua = "error: " .. tostring(lua) end
  local okc, c = pcall(core.tables_find, text)
  if not okc then c = "error: " .. tostring(c) end
  local out = {}
  compare(lua, c, "find", out)
  for _, m in ipairs(out) do
    emit { doc = doc, pos = case .. ":" .. m[1], lua = m[2], c = m[3],
      text = not is_doc and text or nil, kind = "find" }
  end
end

local function check_cell(doc, case, cell)
  ncmp = ncmp + 1
  local lua = tables.cell_value(cell)
  local c = core.tables_cell_value(cell)
  if lua ~= c then
    emit { doc = doc, pos = case, lua = show(lua), c = show(c), text = cell,
      kind = "cell" }
  end
end

-- {==== hand-written cases
local tricky_cells = {
  "", "--", "—", "——", "-", "…", "/", "……", "---", "- -", "12-5", "-12-5",
  "+12-5", "12-", "-5", "+5", "5", "05", "007.500", "0", "-0", "+0", "0.0",
  "-0.0", "-0.50", ".5", "5.", "-5.", "1,234", "1,234.50", ",1", "1,,2",
  "1,2,3.4", "1.2.3", "1.2,3", "1e5", "0x10", "１２", "12%", "12 ", " 12",
  "++5", "--5", "-+5", "5-5-5", "00-00", "0-0", "12-05", "1-2", "3-0",
  "286.5", "-3.1", "±5", "１", "十二", "12亿", "1.", "-1,", "+1,000.",
  string.rep("9", 40), string.rep("0", 80) .. "1.5" .. string.rep("0", 80),
  "1" .. string.rep(",", 70) .. "2", "-" .. string.rep("0", 100),
}

local base = [[
青江经开区2024年1-9月主要经济指标
单位:亿元、%
指标名称 | 本期 | 同比
规模以上工业总产值 | 286.5 | 12.4
规模以上工业增加值 | -- | 9.6
固定资产投资 | 48.2 | -3.1

2024年1-9月各园区主要指标对比
园区 | 工业总产值(亿元) | 同比(%) | 税收(亿元) | 同比(%)
青江经开区 | 286.5 | 12.4 | 9.1 | 3.2
云岭高新区 | 412.7 | 8.8 | 15.3 | -1.5
]]

local tricky = {
  base,
  base:gsub("\n", "\r\n"),
  base:gsub(" | ", "\t"),
  base:gsub(" | ", "   "),
  base:gsub(" | ", " "),
  base:gsub("%(", "（"):gsub("%)", "）"):gsub(":", "："),
  "指标 绝对额 增速\n工业总产值 286.5 12.4\n税收 收入 9.1 3.2\n",
  "单位:亿元、%\n指标\n本期\n同比\n工业总产值\n286.5\n12.4\n税收\n--\n3.2\n",
  "标题\n单位：万元、％\n指标\n本期\n累计\n同比\n产值\n1\n\n3\n投资\n4\n5\n6\n尾\n",
  "单位:亿元、%\n指标\n本期\n同比\n\n286.5\n12.4\n",
  "单位:亿元\n 指标名称 | 绝对额 | 同比增长 \n\n\n规上产值 | 1 | 2\n",
  "指标名称 | 绝对额 | 同比增长\n",
  "指标名称 | 绝对额 | 同比增长",
  "\n\n指标名称|绝对额|同比增长\n产值|1|2",
  "项目 | 累计 | 增速\n产值(万元) | 100 | 5\n用地(亩) | 20 | --\n",
  "  项目\t累计\t增速\n产值(万元)\t100\t5\n",
  "说明\n项目 | 累计 | 增速\n产值(万元) | 100 | 5",
  "园区 产值 增长\nA区 100 5\nB区 200 -1\n",
  "园区  工业总产值(亿元)  同比  税收(亿元)  同比(%)\nA区  1  2  3  4\n",
  "开发区名称 | 产值 | 增长 | 增速 | 税收(万元) | 比上年±%\nA | 1 | 2 | 3 | 4 | 5\n",
  "单位名称 | 工业增加值增速(%) | 同比 | 同比\nA | 1 | 2 | 3\n",
  "县市区 | 同比 | 产值(亿元) | 增长(%)\n甲县 | 1 | 2 | 3\n",
  "地区 | 同比(亿元) | 产值\n甲 | 1 | 2\n",
  "(单位:亿元、%)\n指标 | 本年 | 同比\n产值 | 1.5 | 2\n",
  "（单位：万元）\n指标 | 本年 | 同比 | 累计\n产值 | 1.5 | 2 | 3 | 4\n",
  "单位:万元 / % / 亩\n指标 | 本年 | 同比 | 总量\n产值 | 1 | 2 | 3\n",
  "单位 : 亿元 ) )\n指标 | 本年\n产值 | 1\n",
  "单位 位 单位:万美元,个\n指标 | 金额 | 完成\n外资 | 1 | 2\n",
  "单位:\n指标 | 金额\n外资 | 1\n",
  "单位:、, /\n指标 | 金额\n外资 | 1\n",
  "单位:xyz\n指标 | 金额 | 数值(abc) | 总额(万亩) | 实绩(人) | 本月(个亿)\n"
    .. "外资 | 1 | 2 | 3 | 4 | 5\n",
  "指标 | 金额(亿元) | 总量(平方公里) | 数值(千瓦时) | 累计(吨/天) | 本期(元/亩)\n"
    .. "a | 1.5 | 2 | 3 | 4 | 5\nb(万元) | 1 | 2 | 3 | 4 | 5\nc(个) | 1 | 2\n"
    .. "d (万美元)  | 1 | 2\ne(万元) (亿元) | 1 | 2\nf(()) | 3 | 4\n"
    .. "g(a(b) | 5 | 6\nh() | 7 | 8\n",
  "指标 | 金额(1亿2000万元) | 总量( 万元) | 数值(1-2亿元) | 累计(余万元) | 本期(。5亿元)\n"
    .. "a | 1 | 2 | 3 | 4 | 5\n",
  "指标 | 金额(%) | 总量(％) | 数值(个百分点) | 累计(倍) | 本期(3个月)\n"
    .. "a | 1 | 2 | 3 | 4 | 5\n",
  "指标 | 本期 | 同比\n产值 | 12-5 | -3-5\n",
  "指标 | 本期 | 同比\n产值 | 1 | 2 | 3 | 4\n税收 | x | 1\n",
  "指标 | 本期 | 同比\n1 | 1 | 2\n",
  "指标 | 本期 | 同比\n产值 | — | …\n税收 | / | ——\n投资 | + | 1\n",
  "指标 本期 同比\n产值  1\n",
  "a\nb\n单位:亿元\n指标 | 本期\nx | 1\n",
  "a\n单位:亿元\n指标 | 本期\nx | 1\n",
  "单位:亿元\n指标 | 本期\nx | 1\n",
  "a\n指标 | 本期\nx | 1\n",
  "指标|本期\nx|1\n指标|同比\ny|2\n",
  "x | 1\n指标 | 本期\n单位 | 1\n指标|本期\n\n\n",
  "指标\t\t本期\t同比\n产值\t \t1\t2\n",
  "指标 \v本期 \f同比\r\n产值 \r1 2\r\n",
  "单位:亿元\r\n指标\r\n本期\r\n同比\r\n产值\r\n1\r\n2\r\n",
  "数据|指标\n",
  "||指标||本期||\n||产值||1||\n",
  "同比(", "(亿元)", "（万元）", "同比（", "|", "\t", "项目", "  项目", "x\n 项目",
  "", "\n", "\n\n", "指标", "单位", "园区", "园区 同比 x",
  "园区 | 同比 | 产值\nA | 1 | 2\n",
  "名称 | 产值(亿元) | 同比\n甲 | 1 | 2\n乙 | -- | 3\n丙 | 4 | x\n",
  "园区|产值(亿元)|同比\n甲园区(万元)|1|2\n",
  "指标名称 | 本期 | 同比\n产值 | " .. string.rep("1", 30) .. " | 2\n",
  "单位:千亿元\n指标 | 本期\n产值 | 0.000000001\n",
  "单位:万亿元\n指标 | 本期 | 同比\n产值 | 1,234.5 | +2.0\n",
  -- found by the fuzzer: a header whose first cell follows a bar
  "企业单位数\n |单位 | () | 同比(%) | 工业总产值(亿元)\n投资(亩) | 736.0 | 50.2 | 33.17\n",
  "（单位:亿元）\n |园区 | 增长 | 税收（亿元）\n甲 | 36.9 | 2664.0\n",
  "单位:亿元\n||  | 园区名称|产值|同比\n甲|1|2\n",
}
-- every column word and zone header of the Lua module, alone, inside a
-- longer name, as a growth column of a zone table, and at a line start
do
  local words = {}
  for _, w in ipairs(tables.level_columns) do words[#words + 1] = w end
  for _, w in ipairs(tables.growth_columns) do words[#words + 1] = w end
  for _, w in ipairs(words) do
    tricky[#tricky + 1] = "单位:亿元\n指标 | " .. w .. " | 甲" .. w .. "乙(万元)\n产值 | 1 | 2\n"
    tricky[#tricky + 1] = "指标 " .. w .. "\n产值 1\n"
    tricky[#tricky + 1] = "园区 | 产值(亿元) | " .. w .. " | " .. w .. "(%) | 税收" .. w .. "\n甲 | 1 | 2 | 3 | 4\n"
    tricky[#tricky + 1] = "单位:%\n指标\n" .. w .. "\n" .. w:sub(1, -2) .. "\n产值\n1\n2\n"
  end
  for z in pairs(tables.zone_headers) do
    for _, sep in ipairs { " | ", "|", "\t", " ", "  " } do
      tricky[#tricky + 1] = z .. sep .. "产值(亿元)" .. sep .. "同比" .. "\n甲" .. sep .. "1" .. sep .. "2\n"
    end
    tricky[#tricky + 1] = " " .. z .. "x | 产值(亿元) | 同比\n甲 | 1 | 2\n"
    tricky[#tricky + 1] = z:sub(1, -2) .. " | 产值(亿元) | 同比\n甲 | 1 | 2\n"
    tricky[#tricky + 1] = "\n" .. z .. "\n"
  end
end
-- }====

-- {==== fuzz: table-like texts from fragments
local frag = {
  heads = { "指标名称", "指标", "项目", "园区", "单位", "单位名称", "名称",
    "县市区", "开发区", "地区", "区域", "主要指标", "  项目", "数据指标" },
  cols = { "本期", "同比", "增长", "增速(%)", "比上年±%", "累计", "绝对额",
    "本年(万元)", "总量(亩)", "完成(个)", "金额(亿)", "工业总产值(亿元)",
    "同比(%)", "税收（亿元）", "增幅", "数值", "产值", "税收", "同比增长",
    "实绩(万美元)", "总额(平方公里)", "本月( 亿元 )", "()", "本期(x)" },
  labels = { "规模以上工业总产值", "固定资产投资(亿元)", "实际利用外资（万美元）",
    "税收 收入", "A区", "B园区", "产值", "投资(亩)", "用地 (万亩) ", "x(y)",
    "进出口(万元)(亿元)", "-", "1", "甲", "合计" },
  nums = { "286.5", "12.4", "-3.1", "+5", "1,234.5", "--", "—", "——", "-",
    "…", "/", "12-5", "-3-5", "007", "0", "-0", "0.0", "5.", "1,,2", "3-",
    "1.2.3", "１２", "99", "0.05", "100", "x" },
  units = { "单位:亿元、%", "单位：万元", "(单位:亿元)", "单位: 万元 / %",
    "单位 : 亩,个", "（单位：亿元、％）", "单位:xyz", "单位:", "单位:万元)",
    "单位:万美元、个、%", "企业单位数" },
  titles = { "2024年1-9月主要经济指标", "说明", "", "各园区主要指标对比",
    "一、经济运行" },
  seps = { " | ", "|", "\t", "  ", " ", "   ", " \t ", " ||" },
  ends = { "\n", "\n", "\n", "\r\n", "\n\n", "\n \n" },
}

local function pick(t) return t[math.random(#t)] end

local function fuzz_line(ncols, sep)
  local r = math.random(10)
  local parts
  if r <= 2 then -- header
    parts = { pick(frag.heads) }
    for _ = 1, ncols do parts[#parts + 1] = pick(frag.cols) end
  elseif r <= 7 then -- row
    parts = { pick(frag.labels) }
    for _ = 1, ncols + math.random(0, 1) - math.random(0, 1) do
      parts[#parts + 1] = pick(frag.nums)
    end
  elseif r == 8 then
    return pick(frag.units)
  elseif r == 9 then
    return pick(frag.titles)
  else -- one cell per line
    return math.random(2) == 1 and pick(frag.nums) or pick(frag.cols)
  end
  local s = table.concat(parts, math.random(6) == 1 and pick(frag.seps) or sep)
  if math.random(8) == 1 then s = "  " .. s .. " " end
  return s
end

-- a title, a units line, a header, rows (one per line or one cell per
-- line), with some damage
local function fuzz_table()
  local out = {}
  local ncols = math.random(1, 5)
  local sep = pick(frag.seps)
  local nl = pick(frag.ends)
  local per_line = math.random(4) == 1
  if math.random(2) == 1 then out[#out + 1] = pick(frag.titles) end
  if math.random(3) > 1 or per_line then out[#out + 1] = pick(frag.units) end
  local h = { math.random(3) > 1 and pick { "指标", "指标名称", "项目" }
    or pick(frag.heads) }
  for _ = 1, ncols do h[#h + 1] = pick(frag.cols) end
  if per_line then
    for _, c in ipairs(h) do out[#out + 1] = c end
  else
    out[#out + 1] = table.concat(h, sep)
  end
  if math.random(4) == 1 then out[#out + 1] = "" end
  for _ = 1, math.random(0, 6) do
    local r = { pick(frag.labels) }
    for _ = 1, ncols + (math.random(5) == 1 and math.random(-1, 1) or 0) do
      r[#r + 1] = math.random(8) == 1 and pick(frag.nums)
          or tostring(math.random(-50, 5000) / pick { 1, 10, 100 })
    end
    if per_line then
      for _, c in ipairs(r) do out[#out + 1] = c end
    else
      out[#out + 1] = table.concat(r, math.random(10) == 1 and pick(frag.seps) or sep)
    end
    if math.random(10) == 1 then out[#out + 1] = fuzz_line(ncols, sep) end
  end
  local s = table.concat(out, nl)
  if math.random(4) == 1 then s = s:gsub("%(", "（"):gsub("%)", "）") end
  if math.random(4) == 1 then s = s:gsub(":", "：") end
  if math.random(3) == 1 then s = "前文。\n" .. s .. nl .. "后文。" end
  return s
end

-- small edits at random places: separators, brackets, signs, newlines
local edits = { " ", "  ", "|", "\t", "\n", "\r", "(", ")", "（", "）", ":",
  "：", "-", "+", ",", ".", "1", "0", "、", "/", "%", "指标", "项目", "单位",
  "同比", "亿元", "万", "园区", "\n项目 ", "\n单位:", "\n指标 | 本期 | 同比\n" }
local function mutate(s)
  for _ = 1, math.random(1, 4) do
    local p = math.random(0, #s)
    local r = math.random(3)
    if r == 1 then -- insert
      s = s:sub(1, p) .. pick(edits) .. s:sub(p + 1)
    elseif r == 2 then -- delete a few bytes (may cut a character: raw bytes)
      s = s:sub(1, p) .. s:sub(p + math.random(1, 3) + 1)
    else -- replace
      s = s:sub(1, p) .. pick(edits) .. s:sub(p + 2)
    end
  end
  return s
end

local function fuzz_text()
  if math.random(3) == 1 then return mutate(fuzz_table()) end
  if math.random(2) == 1 then return fuzz_table() end
  local out = {}
  local ncols = math.random(1, 5)
  local sep = pick(frag.seps)
  local nl = pick(frag.ends)
  for _ = 1, math.random(2, 14) do
    out[#out + 1] = fuzz_line(ncols, sep)
    out[#out + 1] = math.random(10) == 1 and pick(frag.ends) or nl
  end
  local s = table.concat(out)
  if math.random(4) == 1 then s = s:gsub("%(", "（"):gsub("%)", "）") end
  if math.random(4) == 1 then s = s:gsub(":", "：") end
  if math.random(5) == 1 then s = s:gsub("\n$", "") end
  return s
end
-- }====

local first = true
local seed = 0

function document(doc)
  local name = doc.name
  ncmp = 0
  if first then
    first = false
    for i, c in ipairs(tricky_cells) do check_cell(name, "tricky_cell" .. i, c) end
    for i, t in ipairs(tricky) do
      check_find(name, "tricky" .. i, t, false)
      -- every line of a tricky text as a cell, and every piece
      for line in t:gmatch("[^\n]+") do
        check_cell(name, "tricky" .. i .. "/line", line)
        for w in line:gmatch("[^|\t ]+") do check_cell(name, "tricky" .. i .. "/w", w) end
      end
    end
  end
  local text = doc.text
  check_find(name, "doc", text, true)
  -- cell_value on the tokens of lines that hold a digit (at most 4000)
  local k = 0
  for line in text:gmatch("[^\n]*%d[^\n]*") do
    for w in line:gmatch("[^|\t ]+") do
      k = k + 1
      if k > 4000 then break end
      check_cell(name, "token", w)
    end
    if k > 4000 then break end
  end
  -- fuzz: seeded by the document's name, so a row can be found again
  seed = 0
  for i = 1, #name do seed = (seed * 31 + name:byte(i)) % 2147483647 end
  math.randomseed(seed)
  for i = 1, FUZZ do check_find(name, "fuzz" .. i, fuzz_text(), false) end
  if COUNT then emit { doc = name, kind = "count", n = ncmp } end
end
