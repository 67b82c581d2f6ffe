-- The number grammar on phrases of the genre: each phrase gives exactly
-- one figure with this value (base units, exact decimal), unit and
-- approximation, or none at all.
local check = require "hanscan.check"
local extract = require "hanscan.extract"
local decimal = require "hanscan.decimal"

local figures = {
  -- phrase                                   value           unit       approx
  { "完成规上工业总产值614.13亿元",            "61413000000",  "CNY" },
  { "同比增长26%",                             "26",           "percent" },
  { "同比增长8.0%",                            "8",            "percent" },
  { "引资总额530亿元",                          "53000000000",  "CNY" },
  { "出口创汇2560万美元",                        "25600000",     "USD" },
  { "园区企业实现税收3.22亿元",                  "322000000",    "CNY" },
  { "投入资金14987万元",                         "149870000",    "CNY" },
  { "投资307.15万元",                           "3071500",      "CNY" },
  { "新征面积1506亩",                            "1506",         "mu" },
  { "规划总用地面积3115.5亩",                    "3115.5",       "mu" },
  { "总里程3.42公里",                            "3.42",         "km" },
  { "企业存量厂房约8万㎡",                       "80000",        "m2",      "约" },
  { "实现2万多平方米标准化厂房",                  "20000",        "m2",      "多" },
  { "腾出厂房面积5万平方米以上",                  "50000",        "m2",      "以上" },
  { "供汽能力提升到75吨/小时",                    "75",           "t/h" },
  { "高新技术企业220家",                         "220",          "count" },
  { "新增劳动就业岗位850个",                      "850",          "count" },
  { "为企业招聘工人约2000人",                     "2000",         "person",  "约" },
  { "培训450人次",                              "450",          "person_time" },
  { "累计参加人员800多人次",                      "800",          "person_time", "多" },
  { "查处安全隐患70余个",                         "70",           "count",   "余" },
  { "百余家PCB企业",                             "100",          "count",   "余" },
  { "山东新民基集团再投百亿元",                   "10000000000",  "CNY" },
  { "在修改和完善的十项制度中",                   "10",           "count" },
  { "占全市报批总量的五分之一",                   "20",           "percent" },
  { "资产总额为579.34亿元",                      "57934000000",  "CNY" },
  { "资本化融资248.92亿元",                      "24892000000",  "CNY" },
  { "已完成年初任务的90.86%",                     "90.86",        "percent" },
  { "近10亿元",                                 "1000000000",   "CNY",     "近" },
  { "超1100亿元",                               "110000000000", "CNY",     "超" },
  { "30个亿元",                                 "3000000000",   "CNY" },
  { "实现产值3.5万元",                           "35000",        "CNY" },
  { "营业收入1,234.5万元",                        "12345000",     "CNY" },
  { "引进项目一百二十个",                         "120",          "count" },
  { "吸纳就业十二万五千人",                       "125000",       "person" },
  { "招用三四百人",                              "300",          "person" },
  { "总投资10-15亿元",                           "1000000000",   "CNY" },
  { "提高1.99个百分点",                          "1.99",         "pct_point" },
  { "是去年的2.1倍",                             "2.1",          "times" },
  { "达57。6亿元",                               "5760000000",   "CNY" },
  { "完成24. 3 亿元",                            "2430000000",   "CNY" },
  { "投资350万元/亩",                            "3500000",      "CNY/mu" },
  { "规划面积12.5平方公里",                       "12.5",         "km2" },
  { "新增用电量1.2亿度",                          "120000000",    "kwh" },
  { "日产量可突破260吨",                          "260",          "t",       "突破" },
}

local nothing = {
  "加速迈向千亿级产业新城",          -- slogan
  "“链”出千亿元产业雁群",            -- slogan
  "荆州市“4611”现代产业体系",        -- label
  "〔2017〕103号文件",               -- document number
  "完成xx亿元",                       -- template placeholder
  "占比XX.27%",                      -- template placeholder
  "位列第二类重点开发区",             -- ordinal, not a rank
  "在2024(第七届)年度经济大会上",     -- edition
  "10个工作日完成征地审批",           -- duration
  "仅用14个月",                       -- duration
  "从筹建到第一台冰箱下线",           -- stand-alone first
  "这样的培训基本上每周一次",         -- frequency
  "开发区两大传统产业",               -- N大 label
  "确保“两个维护”落到实处",           -- quoted label
  "签约亿元以上项目",                 -- threshold without a figure
  "税收500万元以上企业",              -- size-class threshold
  "10月30日",                         -- date
  "11月20日,美的电冰箱智能产业学院揭牌", -- date
  "一个项目、一名领导、一套专班",     -- articles, not counts
  "三个层次主体责任",                 -- small Chinese count of abstractions
}

for _, c in ipairs(figures) do
  local phrase, value, unit, approx = c[1], c[2], c[3], c[4]
  local qs = extract.quantities(phrase)
  if check.eq(#qs, 1, phrase .. ": number of figures") then
    check.eq({ qs[1].value, qs[1].unit, qs[1].approx },
      { value, unit, approx }, phrase)
  end
end
for _, phrase in ipairs(nothing) do
  local qs = extract.quantities(phrase)
  check.eq(#qs, 0, phrase .. ": no figure")
end

-- ranges keep their upper bound
local r = extract.quantities("总投资10-15亿元")[1]
check.eq(r and r.high, "1500000000", "range upper bound")

-- exact decimal scaling equals digit arithmetic, never binary floats
check.eq(decimal.shift("16.4", 8), "1640000000", "16.4亿")
check.eq(decimal.shift("0.0001", 4), "1", "0.0001万")
check.eq(decimal.shift("614.13", 8), "61413000000", "614.13亿")
check.eq(decimal.shift("3", -2), "0.03", "negative shift")
check.eq(decimal.neg("3"), "-3", "decline")
check.eq(decimal.norm("008.0"), "8", "trailing zeros")
-- every two-decimal amount in 亿 is exact: compare with integer cents
for cents = 1, 99999, 97 do
  local s = string.format("%d.%02d", cents // 100, cents % 100)
  check.eq(decimal.shift(s, 8), tostring(cents * 1000000), s .. "亿")
end

-- exact addition, any size and sign (compound amounts, report sums)
check.eq(decimal.add("0.1", "0.2"), "0.3", "0.1 + 0.2")
check.eq(decimal.add("99999999999999999999", "1"), "100000000000000000000",
  "beyond 64-bit integers")
check.eq(decimal.add("-5", "3"), "-2", "-5 + 3")
check.eq(decimal.add("5", "-7.25"), "-2.25", "5 - 7.25")
check.eq(decimal.add("3", "-3"), "0", "3 - 3")

-- the number grammar matches nothing where there is no numeral
local number = require "hanscan.number"
for _, s in ipairs { "--万", "abc", "在建", "", "万元", "亿" } do
  check.eq(number.match(s, 1), nil, "no number in " .. s)
end
check.eq(number.match("百", 1).value, "100", "a bare 百")

check.done()
