#!/usr/bin/env lua5.4
-- SPDX-License-Identifier: MIT
-- naive.lua — the naive Lua 5.4 + LPeg extractor that `make bench` compares
-- hanscan against: the obvious way to write the rules, with nothing done for
-- speed. Every document is read whole and the rules are searched over all of
-- it with the usual LPeg idiom, (rule + 1)^0: try every rule at every byte.
--
-- Three rules, each <words> <number> <unit>, tried in this order:
--   level   indicator word, an optional verb, a number, a unit of amount
--           (规模以上工业总产值完成286.5亿元, 规上企业126家, 盘活闲置土地1260亩)
--   growth  a change word and a percentage (同比增长12.4%, 增速9.6%)
--   count   项目/企业 words, an optional verb and a count (新开工项目31个)
-- Simplified and Traditional words. A match becomes a record: rule,
-- indicator, value in base units (亿元 -> 1e8 CNY, 亩, %, count), unit.
--
-- Usage: lua5.4 bench/naive.lua [-p] PATH...     (a folder: every file in it)
--        lua5.4 bench/naive.lua --regex          the rules as one regex (for rg)
--   -p  print the records as TSV (path, rule, indicator, value, unit)
-- Ends with one line: docs=… bytes=… facts=…  The number of facts equals the
-- number of matches of `rg --count-matches "$(lua5.4 bench/naive.lua --regex)"`
-- on the same files (the rules are written so that PEG and regex agree).
local lpeg = require "lpeg"
local P, R, C, Ct = lpeg.P, lpeg.R, lpeg.C, lpeg.Ct

local INDICATORS = {
  "规模以上工业总产值", "规上工业总产值", "工业总产值", "总产值", "产值", "工业增加值",
  "固定资产投资", "总投资", "投资额", "投资", "合同引资额", "引资额", "到位资金", "资金",
  "营业收入", "主营业务收入", "一般公共预算收入", "财政收入", "税收", "利润总额", "利润",
  "出口额", "进出口总额", "规上企业", "高新技术企业", "企业", "土地", "面积", "厂房",
  -- Traditional
  "規模以上工業總產值", "規上工業總產值", "工業總產值", "總產值", "產值", "工業增加值",
  "固定資產投資", "總投資", "投資額", "投資", "合同引資額", "引資額", "到位資金", "資金",
  "營業收入", "財政收入", "稅收", "利潤", "出口額", "規上企業", "高新技術企業", "企業",
  "面積", "廠房",
}
local VERBS = { "完成", "实现", "實現", "达到", "達到", "达", "達", "突破", "超过", "超過",
                "为", "為", "共", "累计", "累計", "新增", "增至", "约", "約" }
local CHANGES = { "同比增长", "同比增長", "同比下降", "增长", "增長", "下降", "增速", "增幅",
                  "提高", "回落" }
local PROJECTS = { "亿元以上项目", "億元以上項目", "新开工项目", "新開工項目", "建成投产项目",
                   "建成投產項目", "签约项目", "簽約項目", "项目", "項目", "企业", "企業" }
-- unit -> { canonical unit, multiplier }
local AMOUNT_UNITS = {
  ["亿元"] = { "CNY", 1e8 }, ["億元"] = { "CNY", 1e8 }, ["万元"] = { "CNY", 1e4 },
  ["萬元"] = { "CNY", 1e4 }, ["亩"] = { "mu", 1 }, ["畝"] = { "mu", 1 },
  ["平方公里"] = { "km2", 1 }, ["万平方米"] = { "m2", 1e4 }, ["萬平方米"] = { "m2", 1e4 },
  ["平方米"] = { "m2", 1 }, ["家"] = { "count", 1 }, ["个"] = { "count", 1 },
  ["個"] = { "count", 1 }, ["%"] = { "percent", 1 }, ["％"] = { "percent", 1 },
}
local PERCENT = { ["%"] = { "percent", 1 }, ["％"] = { "percent", 1 } }
local COUNT_UNITS = { ["个"] = { "count", 1 }, ["個"] = { "count", 1 },
                      ["家"] = { "count", 1 }, ["项"] = { "count", 1 }, ["項"] = { "count", 1 } }

local function keys(t)
  local l = {}
  for k in pairs(t) do l[#l + 1] = k end
  return l
end
-- longest first, so that an ordered choice takes what a regex alternation takes
local function sorted(list)
  local seen, t = {}, {}
  for _, w in ipairs(list) do
    if not seen[w] then seen[w] = true; t[#t + 1] = w end
  end
  table.sort(t, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  return t
end
local function choice(list)
  local p = P(false)
  for _, w in ipairs(list) do p = p + P(w) end
  return p
end

local digit = R "09"
local number = digit ^ 1 * (P "." * digit ^ 1) ^ -1

local RULES = {   -- name, word list, optional verb list, unit table
  { "level", INDICATORS, VERBS, AMOUNT_UNITS },
  { "growth", CHANGES, nil, PERCENT },
  { "count", PROJECTS, VERBS, COUNT_UNITS },
}

local rule_p = P(false)
for _, r in ipairs(RULES) do
  local name, units = r[1], r[4]
  local verb = r[3] and choice(sorted(r[3])) ^ -1 or P(true)
  local function record(word, num, unit)
    local u = units[unit]
    return { rule = name, indicator = word, value = tonumber(num) * u[2], unit = u[1] }
  end
  rule_p = rule_p + (C(choice(sorted(r[2]))) * verb * C(number) * C(choice(sorted(keys(units))))) / record
end
local search = Ct((rule_p + 1) ^ 0)

local function regex()
  local function alt(list)
    local t = {}
    for i, w in ipairs(sorted(list)) do t[i] = w:gsub("[%.%(%)%[%]%*%+%?%^%$|\\{}]", "\\%0") end
    return "(?:" .. table.concat(t, "|") .. ")"
  end
  local parts = {}
  for i, r in ipairs(RULES) do
    parts[i] = alt(r[2]) .. (r[3] and alt(r[3]) .. "?" or "") .. "[0-9]+(?:\\.[0-9]+)?" .. alt(keys(r[4]))
  end
  return table.concat(parts, "|")
end

local print_records, paths = false, {}
for _, a in ipairs(arg) do
  if a == "--regex" then print(regex()); os.exit(0)
  elseif a == "-p" then print_records = true
  else paths[#paths + 1] = a end
end
if #paths == 0 then
  io.stderr:write("usage: lua5.4 bench/naive.lua [-p] PATH... | --regex\n")
  os.exit(2)
end

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local files = {}
for _, p in ipairs(paths) do
  local h = assert(io.popen("find " .. shell_quote(p) .. " -type f | LC_ALL=C sort"))
  for line in h:lines() do files[#files + 1] = line end
  h:close()
end

local nbytes, nfacts = 0, 0
for _, path in ipairs(files) do
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  nbytes = nbytes + #text
  local recs = search:match(text)
  nfacts = nfacts + #recs
  if print_records then
    for _, r in ipairs(recs) do
      io.write(path, "\t", r.rule, "\t", r.indicator, "\t", string.format("%.15g", r.value), "\t", r.unit, "\n")
    end
  end
end
local summary = string.format("docs=%d bytes=%d facts=%d\n", #files, nbytes, nfacts)
if print_records then io.stderr:write(summary) else io.write(summary) end
