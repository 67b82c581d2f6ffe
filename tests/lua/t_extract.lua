-- The shared prose model (hanscan.extract) on sentences of the genre,
-- with a small pack written here so that the test does not depend on the
-- bundled pack's word lists.
local check = require "hanscan.check"
local runner = require "hanscan.runner"

local pack = runner.use {
  name = "t", api = 1,
  indicators = {
    { indicator = "industrial_output", before = { "工业总产值", "产值" } },
    { indicator = "tax", before = { "税收" } },
    { indicator = "fixed_asset_investment", before = { "固定资产投资" } },
    { indicator = "trade", before = { "出口创汇" } },
    { indicator = "projects_signed", before = { "签约" }, near = { "项目" },
      units = { "count" } },
    { indicator = "projects_started", before = { "开工" }, near = { "项目" },
      units = { "count" } },
    { indicator = "projects_completed", before = { "投产" }, near = { "项目" },
      units = { "count" } },
    { indicator = "project_investment", before = { "总投资" },
      follows_group = true, units = { "money" } },
    { indicator = "enterprises", before = { "高新技术企业" },
      after = { "入驻" }, units = { "count" } },
  },
}

local function facts(s, name)
  local out = {}
  for _, f in ipairs(runner.extract(pack, { name = name or "t.txt", text = s })) do
    out[#out + 1] = table.concat({ f.indicator, f.measure, f.value, f.unit,
      f.period }, " ")
  end
  return out
end

-- growth after an amount in the same clause takes the amount's indicator;
-- the period at the start of the sentence carries to every clause
check.eq(facts("2024年,全区各项工作稳步推进。今年元至9月,完成规上工业总产值614.13亿元,同比增长26%;税收下降3.5%。"), {
  "industrial_output level 61413000000 CNY 2024-01..2024-09",
  "industrial_output growth 26 percent 2024-01..2024-09",
  "tax growth -3.5 percent 2024-01..2024-09",
}, "growth after an amount, decline negative, carried period")

-- a respectively-list distributes in order
check.eq(facts("2017年,规模以上企业完成工业总产值134亿元,园区企业实现税收3.22亿元,完成固定资产投资65亿元,出口创汇2560万美元,与去年相比,分别增长了14%、3%、35%和38%。"), {
  "industrial_output level 13400000000 CNY 2017",
  "tax level 322000000 CNY 2017",
  "fixed_asset_investment level 6500000000 CNY 2017",
  "trade level 25600000 USD 2017",
  "industrial_output growth 14 percent 2017",
  "tax growth 3 percent 2017",
  "fixed_asset_investment growth 35 percent 2017",
  "trade growth 38 percent 2017",
}, "分别 list")

-- one value for several subjects gives one record each
check.eq(facts("2017年工作回顾。全年签约项目、开工项目和投产项目分别达到36个。"), {
  "projects_signed level 36 count 2017",
  "projects_started level 36 count 2017",
  "projects_completed level 36 count 2017",
}, "分别 with one value")

-- money right after a count of projects belongs to that group; a lone
-- project's total has no period
check.eq(facts("2017年,开工项目28个,总投资43.4亿元。污水处理厂总投资2亿元。"), {
  "projects_started level 28 count 2017",
  "projects_started level 4340000000 CNY 2017",
  "project_investment level 200000000 CNY ",
}, "project groups")

-- a plan section after a review: every figure is a target of the plan year
check.eq(facts("2017年,完成工业总产值134亿元。\n2018年,开发区将进一步做强园区经济。\n完成工业总产值150亿元,新增用地1760亩。"), {
  "industrial_output level 13400000000 CNY 2017",
  "industrial_output target 15000000000 CNY 2018",
  "land_area target 1760 mu 2018",
}, "plan section")

-- restatements of the same fact are one record; thresholds and slogans none
check.eq(facts("2024年,全年签约亿元以上项目138个。截至目前,全区签约亿元以上项目138个,税收500万元以上企业12家,加速迈向千亿级产业新城。"), {
  "projects_signed level 138 count 2024",
  "other level 12 count 2024",
}, "restatement, threshold, slogan")

-- the year of 今年 comes from the text: a year end told as past
check.eq(facts("2023年底,经开区成立供应链公司。今年上半年,完成工业总产值300亿元。"), {
  "industrial_output level 30000000000 CNY 2024-01..2024-06",
}, "今年 after a past year end")

-- ranks: an ordinal with a ranking, carrying the indicator before it
check.eq(facts("2023年,工业总产值增速11.1%,全市排名第一;在第七届大会上,位列第二类开发区综合评价第一位。"), {
  "industrial_output growth 11.1 percent 2023",
  "industrial_output rank 1 rank 2023",
  "rank rank 1 rank 2023",
}, "ranks")

-- the zone: the most frequent named zone of the document
local z = runner.extract(pack, { name = "z.txt", text =
  "荆州经开区聚力双优化。荆州经开区高新技术企业220家。经开区签约项目5个。" })
check.eq(z[1] and z[1].zone, "荆州经开区", "document zone")
check.eq(z[1] and z[1].span, "高新技术企业220家", "span from keyword to unit")

-- a clause about the county or city carries no zone
local zc = runner.extract(pack, { name = "c.txt", text =
  "荆州经开区工作汇报。荆州经开区完成工业总产值50亿元;全县工业总产值增长6%。" })
check.eq({ zc[1] and zc[1].zone, zc[2] and zc[2].zone }, { "荆州经开区", "" },
  "county scope")

-- offsets are 0-based byte offsets of the span
local s = "今年,高新技术企业220家。"
local f = runner.extract(pack, { name = "o.txt", text = s })[1]
check.eq(f and s:sub(f.offset + 1, f.offset + #f.span), f and f.span, "offset")

-- statistical tables: units from the header line, the label or the
-- column; "--" is empty; a hyphen between digits is a damaged point; the
-- period comes from the title
check.eq(facts("2024年1-9月主要经济指标\n单位:亿元、%\n指标名称 | 绝对额 | 同比增长\n规模以上工业总产值 | 286.5 | 12.4\n工业增加值 | -- | 9.6\n税收 | 5-1 | -3.1\n出口创汇(万美元) | 3560 | 15.0\n"), {
  "industrial_output level 28650000000 CNY 2024-01..2024-09",
  "industrial_output growth 12.4 percent 2024-01..2024-09",
  "other growth 9.6 percent 2024-01..2024-09",
  "tax level 510000000 CNY 2024-01..2024-09",
  "tax growth -3.1 percent 2024-01..2024-09",
  "trade level 35600000 USD 2024-01..2024-09",
  "trade growth 15 percent 2024-01..2024-09",
}, "table with pipes")
check.eq(facts("2023年主要指标\n单位:万元、%\n指标名称\n本期\n同比增长(%)\n税收\n68000\n5.2\n工业总产值\n--\n6.1\n\n全年工作平稳。"), {
  "tax level 680000000 CNY 2023",
  "tax growth 5.2 percent 2023",
  "industrial_output growth 6.1 percent 2023",
}, "table with one cell per line")

-- a number wrapped away from its unit, and a lost percent sign
check.eq(facts("2024年,完成固定资产投资9.7\n亿元,同比增长42。"), {
  "fixed_asset_investment level 970000000 CNY 2024",
  "fixed_asset_investment growth 42 percent 2024",
}, "wrapped unit, lost percent")

-- a page that lost its line breaks is one endless "sentence": it is cut
-- into pieces of bounded length at clause separators, so reading it costs
-- linear time, and the figures in it are still read
local text = require "hanscan.text"
local long = string.rep("园区完成工业总产值12亿元,同比增长5%,", 400)
local longest, covered = 0, 0
for _, sent in ipairs(text.sentences(long)) do
  longest = math.max(longest, sent.e - sent.s)
  covered = covered + (sent.e - sent.s)
end
check.eq(longest <= text.max_sentence, true, "long sentences are cut")
check.eq(covered, #long, "the pieces cover the text")
check.eq(#facts("2024年," .. long), 2, "a restated figure is one record, even 400 times")

-- bad input never raises
for _, junk in ipairs { "", "\n\n", "亿元", "第", "1", "%%%", string.rep("9", 500),
  string.rep("一", 300) .. "亿元", "分别增长了14%、3%" } do
  local ok, err = pcall(runner.extract, pack, { name = "junk", text = junk })
  check.eq(ok, true, "junk input " .. junk:sub(1, 20) .. ": " .. tostring(err))
end

check.done()
