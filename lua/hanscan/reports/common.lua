-- hanscan.reports.common: names and helpers the bundled reports share.
local M = {}

-- the canonical indicators, in the order analysts read them, with names
M.order = { "gdp", "industrial_output", "industrial_value_added", "revenue",
  "profit", "profit_tax", "tax", "fiscal_revenue", "retail_sales",
  "fixed_asset_investment", "investment_attracted", "trade",
  "projects_signed", "projects_started", "projects_completed",
  "projects_pipeline", "project_investment", "enterprises", "jobs",
  "land_area", "floor_area", "assets", "financing", "funding_awarded" }
M.names = {
  gdp = "地区生产总值", industrial_output = "工业总产值",
  industrial_value_added = "工业增加值", revenue = "营业收入", profit = "利润",
  profit_tax = "利税", tax = "税收", fiscal_revenue = "财政收入",
  retail_sales = "社会消费品零售总额", fixed_asset_investment = "固定资产投资",
  investment_attracted = "引资额", trade = "进出口", projects_signed = "签约项目",
  projects_started = "开工项目", projects_completed = "投产项目",
  projects_pipeline = "在谈项目", project_investment = "项目投资",
  enterprises = "企业", jobs = "就业", land_area = "土地", floor_area = "厂房",
  assets = "资产", financing = "融资", funding_awarded = "争取资金",
  rank = "排名", other = "其他",
}

local unit_names = { count = "个", person = "人", person_time = "人次", mu = "亩",
  m2 = "平方米", km2 = "平方公里", ha = "公顷", m3 = "立方米", kw = "千瓦",
  ["t/h"] = "吨/小时", ["t/d"] = "吨/天", km = "公里", m = "米", t = "吨", kwh = "千瓦时",
  percent = "%", pct_point = "个百分点", times = "倍", rank = "位" }

-- A value in base units as analysts write it: 61413000000 CNY -> 614.13亿元.
function M.show(value, unit)
  local report = require "hanscan.report"
  if unit == "CNY" then return report.money(value) end
  if unit == "USD" then
    local v = tonumber(value) or 0
    if math.abs(v) >= 1e8 then return report.fixed(v / 1e8) .. "亿美元" end
    if math.abs(v) >= 1e4 then return report.fixed(v / 1e4) .. "万美元" end
    return report.fixed(v) .. "美元"
  end
  if unit == "CNY/mu" then return report.fixed((tonumber(value) or 0) / 1e4) .. "万元/亩" end
  return report.fixed(value) .. (unit_names[unit] or (" " .. tostring(unit)))
end

-- Land in mu: 亩 as it is, 平方公里 × 1500, 公顷 × 15.
function M.mu(value, unit)
  local v = tonumber(value)
  if not v then return nil end
  if unit == "mu" then return v end
  if unit == "km2" then return v * 1500 end
  if unit == "ha" then return v * 15 end
  return nil
end

-- Periods of a set, latest last.
function M.periods(set)
  local Facts = require "hanscan.facts"
  local ps = set:values("period")
  table.sort(ps, function(a, b)
    return Facts.period_key(a) < Facts.period_key(b)
  end)
  return ps
end

-- The first-stated fact of a set (the headline figure).
function M.first(set)
  return set.list[1]
end

return M
