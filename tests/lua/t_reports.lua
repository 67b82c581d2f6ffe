-- The bundled reports on a small fact set: exact Markdown tables, notes
-- where figures are missing, and the HTML page's charts. The expected
-- figures were checked by hand: 28.6平方公里 = 42900亩; 41270000000元 /
-- 42900亩 = 96.2万元/亩; 910000000元 / 12000亩 = 7.58万元/亩 (grade C);
-- 开工率 31/42 = 73.8%, 投产率 18/42 = 42.9%.
local check = require "hanscan.check"
local Facts = require "hanscan.facts"

local function f(zone, period, indicator, measure, value, unit)
  return { doc = "t.txt", zone = zone, period = period, indicator = indicator,
    measure = measure, value = value, unit = unit }
end
local facts = {
  f("青江经开区", "2024", "industrial_output", "level", "28650000000", "CNY"),
  f("青江经开区", "2024", "industrial_output", "growth", "12.4", "percent"),
  f("青江经开区", "2024", "tax", "level", "910000000", "CNY"),
  f("青江经开区", "2024", "tax", "growth", "3.2", "percent"),
  f("青江经开区", "2024", "fixed_asset_investment", "growth", "-3.1", "percent"),
  f("青江经开区", "2024", "investment_attracted", "level", "18600000000", "CNY"),
  f("青江经开区", "2024", "projects_signed", "level", "42", "count"),
  f("青江经开区", "2024", "projects_started", "level", "31", "count"),
  f("青江经开区", "2024", "projects_completed", "level", "18", "count"),
  f("青江经开区", "2024", "land_area", "level", "12000", "mu"),
  f("青江经开区", "2023", "industrial_output", "level", "25490000000", "CNY"),
  f("云岭高新区", "2024", "industrial_output", "level", "41270000000", "CNY"),
  f("云岭高新区", "2024", "industrial_output", "growth", "8.8", "percent"),
  f("云岭高新区", "2024", "tax", "level", "1530000000", "CNY"),
  f("云岭高新区", "2024", "tax", "growth", "-1.5", "percent"),
  f("云岭高新区", "2024", "land_area", "level", "28.6", "km2"),
  f("云岭高新区", "2024", "projects_signed", "level", "20", "count"),
  f("云岭高新区", "2024", "projects_started", "level", "20", "count"),
  f("云岭高新区", "2023", "industrial_output", "level", "37930000000", "CNY"),
  f("河湾工业园区", "2024", "tax", "level", "260000000", "CNY"),
  f("河湾工业园区", "2024", "industrial_output", "target", "15000000000", "CNY"),
}


local function render(name, format)
  local chunks = {}
  local out = { format = format or "md", write = function(_, s) chunks[#chunks + 1] = s end }
  require("hanscan.reports." .. name)(Facts.new(facts), out)
  return table.concat(chunks)
end

local want = {}
want.scorecard = [==[
# 园区指标总表 · Zone scorecard

21 facts, 3 zones. Each line is the first figure a document states for the zone, period and indicator; targets are left out.

| 园区 | 时期 | 指标 | 水平 | 增速 |
| --- | --- | --- | ---: | ---: |
| 云岭高新区 | 2023 | 工业总产值 | 379.3亿元 |  |
| 云岭高新区 | 2024 | 工业总产值 | 412.7亿元 | 8.8% |
| 云岭高新区 | 2024 | 税收 | 15.3亿元 | -1.5% |
| 云岭高新区 | 2024 | 签约项目 | 20个 |  |
| 云岭高新区 | 2024 | 开工项目 | 20个 |  |
| 云岭高新区 | 2024 | 土地 | 28.6平方公里 |  |
| 河湾工业园区 | 2024 | 税收 | 2.6亿元 |  |
| 青江经开区 | 2023 | 工业总产值 | 254.9亿元 |  |
| 青江经开区 | 2024 | 工业总产值 | 286.5亿元 | 12.4% |
| 青江经开区 | 2024 | 税收 | 9.1亿元 | 3.2% |
| 青江经开区 | 2024 | 固定资产投资 |  | -3.1% |
| 青江经开区 | 2024 | 引资额 | 186亿元 |  |
| 青江经开区 | 2024 | 签约项目 | 42个 |  |
| 青江经开区 | 2024 | 开工项目 | 31个 |  |
| 青江经开区 | 2024 | 投产项目 | 18个 |  |
| 青江经开区 | 2024 | 土地 | 12000亩 |  |

(chart: 工业总产值(最新) — in the HTML report)

> No 工业总产值 figure for: 河湾工业园区

(chart: 工业总产值 — in the HTML report)
]==]
want.mu = [==[
# 亩均效益评价 · Output per mu

万元/亩. Grades on 亩均税收: A ≥ 30, B ≥ 15, C ≥ 5, D below.

| 园区 | 时期 | 土地(亩) | 亩均产值 | 亩均税收 | 亩均投资 | 等级 |
| --- | --- | ---: | ---: | ---: | ---: | --- |
| 云岭高新区 | 2024 | 42900 | 96.2 | 3.57 | — | D |
| 青江经开区 | 2024 | 12000 | 238.75 | 7.58 | — | C |

(chart: 亩均税收 — in the HTML report)

> 云岭高新区 2023: 亩均产值 but no land area

> 河湾工业园区 2024: 亩均税收 but no land area

> 青江经开区 2023: 亩均产值 but no land area
]==]
want.rank = [==[
# 园区综合排名 · Zone ranking

Weights: 工业总产值增速 30%, 税收增速 20%, 固定资产投资增速 20%, 引资额 20%, 签约项目数 10%. Scores 0-100 across the zones; latest figure of each.

| 名次 | 园区 | 综合得分 | 工业总产值增速 | 税收增速 | 固定资产投资增速 | 引资额 | 签约项目数 |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| 1 | 青江经开区 | 100 | 100 | 100 | 100 | 100 | 100 |
| 2 | 云岭高新区 | 0 | 0 | 0 | — | — | 0 |

(chart: 综合得分 — in the HTML report)

> 云岭高新区: no figure for 固定资产投资增速, 引资额

> Not ranked, figures for less than half of the weight: 河湾工业园区
]==]
want.projects = [==[
# 项目推进 · Projects signed, started, completed

| 园区 | 时期 | 签约 | 开工 | 投产 | 开工率 | 投产率 |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| 云岭高新区 | 2024 | 20 | 20 | — | 100% | — |
| 青江经开区 | 2024 | 42 | 31 | 18 | 73.8% | 42.9% |

(chart: 签约项目 — in the HTML report)
]==]

for _, name in ipairs { "scorecard", "mu", "rank", "projects" } do
  check.eq(render(name), want[name], name .. " (Markdown)")
end

-- CSV: the tables only, header then rows
local csv = render("projects", "csv")
check.eq(csv, "园区,时期,签约,开工,投产,开工率,投产率\r\n" ..
  "云岭高新区,2024,20,20,—,100%,—\r\n青江经开区,2024,42,31,18,73.8%,42.9%\r\n",
  "projects (CSV)")

-- HTML: one page, no script, the charts as inline SVG with Chinese labels
local html = render("scorecard", "html")
local function count(s, pat)
  local n = 0
  for _ in s:gmatch(pat) do n = n + 1 end
  return n
end
check.eq(count(html, '<svg[^>]*class="chart bar"'), 1, "scorecard bar chart")
check.eq(count(html, '<svg[^>]*class="chart line"'), 1, "scorecard line chart")
check.eq(count(html, "<script"), 0, "no JavaScript")
check.eq(html:find(">青江经开区</text>", 1, true) ~= nil, true, "Chinese axis label")
check.eq(html:find("http://", 1, true) == html:find('http://www.w3.org/2000/svg', 1, true),
  true, "no network reference but the SVG namespace")

-- queries never mix units
check.eq(Facts.new(facts):filter { indicator = "projects_signed" }:sum(), "62", "sum")
check.err(function()
  Facts.new(facts):filter { zone = "青江经开区", period = "2024" }:latest()
end, "several units", "latest refuses mixed units")
check.eq(Facts.add("0.1", "0.2"), "0.3", "exact addition")
check.eq(Facts.new(facts):filter { indicator = "industrial_output", zone = "青江经开区",
  measure = "level" }:latest().period, "2024", "latest period")

check.done()
