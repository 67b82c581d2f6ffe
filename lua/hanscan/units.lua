-- hanscan.units: the units of the genre and the base units they map to.
--
--   local units = require "hanscan.units"
--   local u = units.match("亿元,同比", 1)   -- after the number's multiplier
--   --> { unit = "CNY", kind = "money", scale = 0, text = "元", stop = 4 }
--
-- `scale` is a power of ten applied to the value (平方公里 stays km2, 万亩
-- is handled by the number's multiplier). A pack extends the table with
-- units.add{ ["公顷"] = { unit = "ha", kind = "land" } } before it runs;
-- no C is involved.
local lpeg = require "lpeg"
local P, C, Cp = lpeg.P, lpeg.C, lpeg.Cp

local M = {}

-- surface = { unit = <record unit>, kind = <family>, scale = <10^k> }
M.table = {
  ["元"] = { unit = "CNY", kind = "money" },
  ["元人民币"] = { unit = "CNY", kind = "money" },
  ["美元"] = { unit = "USD", kind = "money" },
  ["美金"] = { unit = "USD", kind = "money" },
  ["欧元"] = { unit = "EUR", kind = "money" },
  ["元/亩"] = { unit = "CNY/mu", kind = "money_per_mu" },
  ["元/人"] = { unit = "CNY/person", kind = "money_per_person" },
  ["亩"] = { unit = "mu", kind = "land" },
  ["平方米"] = { unit = "m2", kind = "area" },
  ["平米"] = { unit = "m2", kind = "area" },
  ["㎡"] = { unit = "m2", kind = "area" },
  ["m2"] = { unit = "m2", kind = "area" },
  ["m²"] = { unit = "m2", kind = "area" },
  ["平方公里"] = { unit = "km2", kind = "land" },
  ["k㎡"] = { unit = "km2", kind = "land" },
  ["公顷"] = { unit = "ha", kind = "land" },
  ["公里"] = { unit = "km", kind = "length" },
  ["千米"] = { unit = "km", kind = "length" },
  ["米"] = { unit = "m", kind = "length" },
  ["立方米"] = { unit = "m3", kind = "volume" },
  ["吨"] = { unit = "t", kind = "mass" },
  ["吨/小时"] = { unit = "t/h", kind = "rate" },
  ["吨/时"] = { unit = "t/h", kind = "rate" },
  ["吨/天"] = { unit = "t/d", kind = "rate" },
  ["吨/日"] = { unit = "t/d", kind = "rate" },
  ["千瓦时"] = { unit = "kwh", kind = "energy" },
  ["度"] = { unit = "kwh", kind = "energy" },
  ["千瓦"] = { unit = "kw", kind = "power" },
  ["%"] = { unit = "percent", kind = "percent" },
  ["％"] = { unit = "percent", kind = "percent" },
  ["个百分点"] = { unit = "pct_point", kind = "pct_point" },
  ["百分点"] = { unit = "pct_point", kind = "pct_point" },
  ["倍"] = { unit = "times", kind = "times" },
  ["人次"] = { unit = "person_time", kind = "person" },
  ["人"] = { unit = "person", kind = "person" },
  ["名"] = { unit = "person", kind = "person" },
  ["位"] = { unit = "person", kind = "person" },
}
for _, w in ipairs { "个", "家", "项", "户", "套", "次", "批次", "场次", "栋",
  "条", "张", "件", "座", "所", "台", "处", "批", "场", "间", "辆", "只",
  "种", "支" } do
  M.table[w] = { unit = "count", kind = "count" }
end

-- Surfaces that look like a unit but start a duration or a date: 3个月,
-- 2个工作日, 5条道路 is fine but 5次方 is not a count.
M.not_followed_by = {
  ["个"] = { "月", "工作日", "小时", "季度", "星期", "年头" },
  ["名"] = { "单" },
  ["次"] = { "方" },
  ["位"] = { "数" },
  ["度"] = { "假" },
  ["所"] = { "有", "在", "属", "以" },
  ["场"] = { "景", "所", "地" },
  ["处"] = { "理", "置" },
  ["间"] = { "隔" },
  ["支"] = { "持", "付", "撑", "出", "部", "柱" },
}

local pattern
local function build()
  local keys = {}
  for k in pairs(M.table) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return #a > #b end)
  local p = P(false)
  for _, k in ipairs(keys) do
    local q = P(k)
    local nf = M.not_followed_by[k]
    if nf then
      local bad = P(false)
      for _, w in ipairs(nf) do bad = bad + P(w) end
      q = q * -bad
    end
    p = p + q
  end
  pattern = (P" " + P"\n")^0 * C(p) * Cp()
end

-- Add or replace units: units.add{ ["surface"] = { unit =, kind = } }.
function M.add(t)
  for k, v in pairs(t) do M.table[k] = v end
  pattern = nil
end

function M.match(s, pos)
  if not pattern then build() end
  local text, stop = lpeg.match(pattern, s, pos)
  if not text then return nil end
  local u = M.table[text]
  return { unit = u.unit, kind = u.kind, scale = u.scale or 0, text = text,
    stop = stop }
end

return M
