-- Random text made of the genre's pieces (numbers, units, cue words,
-- quotes, table furniture) through the bundled pack's prose model: no
-- input raises, every fact's span sits at its offset and every value is
-- a plain decimal. The generator is a fixed LCG, so a failure repeats.
local check = require "hanscan.check"
local runner = require "hanscan.runner"

-- a pack with the devzone pack's shape, written here: the sandbox gives a
-- test no way to load a pack folder
local pack = runner.use {
  name = "fuzz", api = 1,
  indicators = {
    { indicator = "industrial_output", before = { "工业总产值", "产值" } },
    { indicator = "tax", before = { "税收" } },
    { indicator = "projects_signed", before = { "签约" }, near = { "项目" },
      units = { "count" } },
    { indicator = "project_investment", before = { "总投资" },
      follows_group = true, units = { "money" } },
    { indicator = "enterprises", before = { "规上" }, after = { "入驻" },
      units = { "count" } },
  },
}

local toks = { "1", "23", "4.5", "６", "。", ",", ";", ":", "、", "\n", " ", "亿",
  "万", "元", "亿元", "%", "％", "个", "家", "亩", "平方米", "第", "首位", "前", "强",
  "全市", "排名", "位列", "增长", "同比", "下降", "分别", "和", "占", "五分之一", "三成",
  "计划", "力争", "2024年", "今年", "1-9月", "上半年", "截至", "目前", "“", "”", "《",
  "》", "(", ")", "|", "--", "单位:亿元、%", "指标名称", "绝对额", "同比增长", "园区",
  "经开区", "开发区", "一", "十", "百", "千", "两", "零", "余", "多", "以上", "近", "约",
  "项目", "签约", "开工", "投产", "企业", "规上", "工业总产值", "税收", "均", "三个",
  "个百分点", "倍", "年产", "每个", "二、2025年工作安排", "\t", "  ", "-", "~", "至",
  "xx", "KW", "．", "人次", "吨/小时", "万元/亩", "亩均", "其中", "总数", "人口" }

local seed = 20241126
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local errors, bad_facts = 0, 0
for _ = 1, 3000 do
  local parts = {}
  for j = 1, rand(60) do parts[j] = toks[rand(#toks)] end
  local s = table.concat(parts)
  local ok, res = pcall(runner.extract, pack, { name = "fuzz", text = s })
  if not ok then
    errors = errors + 1
    if errors <= 3 then print("error on " .. string.format("%q", s) .. ": " .. tostring(res)) end
  else
    for _, f in ipairs(res) do
      if s:sub(f.offset + 1, f.offset + #f.span) ~= f.span or
          not tostring(f.value):match("^%-?%d+%.?%d*$") then
        bad_facts = bad_facts + 1
      end
    end
  end
end
check.eq(errors, 0, "random genre text never raises")
check.eq(bad_facts, 0, "facts of random text keep span, offset and value")
check.done()
