-- Differential check of the C number, units and decimal modules
-- (src/extract/number.c, units.c, decimal.c through src/engine/
-- bind_number.c) against the Lua reference (lua/hanscan/number.lua,
-- units.lua, decimal.lua):
--
--   BUILD/hanscan exec tests/diff/number.lua PATH...
--
-- For every document, at every byte position that starts a UTF-8
-- character (and one past the end), it compares
--   number.match(s, p)                 with core.number_match(s, p)
--   number.fraction(s, p)              with core.number_fraction(s, p)
--   lpeg.match(number.numeral_start, s, p) ~= nil
--                                      with core.number_is_start(s, p)
--   units.match(s, p)                  with core.units_match(s, p)
-- and, for each number found, decimal.shift / neg / add / norm on its
-- value. The first document also runs the document-independent cases:
-- the phrases of tests/lua/t_grammar.lua and t_number.lua, hand-written
-- edge cases and random token strings (there at EVERY byte position,
-- malformed UTF-8 included), and the decimal functions on random values.
--
-- Output: one row per mismatch {doc, pos, fn, text, lua, c}; nothing when
-- C and Lua agree. With --allow-io, the number of comparisons of each
-- document goes to stderr.
--
-- Known, documented difference: C values live in char[HS_DEC_MAX] (64)
-- buffers. Where the Lua gives a value of 64 bytes or more (a run of some
-- 60 digits), C returns nil (number.match, number.fraction) or raises
-- "decimal too long" (core.dec_*); that is checked, and a row is emitted
-- only when C does anything else.
local lpeg = require "lpeg"
local number = require "hanscan.number"
local units = require "hanscan.units"
local decimal = require "hanscan.decimal"
local core = require "hanscan.core"

columns = { "doc", "pos", "fn", "text", "lua", "c" }

local DEC_MAX = 64
local numeral_start = number.numeral_start

-- a deterministic serialization: tables by sorted keys, numbers with
-- their subtype, strings quoted
local function ser(v)
  local t = type(v)
  if t == "table" then
    local ks = {}
    for k in pairs(v) do ks[#ks + 1] = k end
    table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
    local out = {}
    for i, k in ipairs(ks) do out[i] = tostring(k) .. "=" .. ser(v[k]) end
    return "{" .. table.concat(out, ",") .. "}"
  elseif t == "string" then
    return string.format("%q", v)
  elseif t == "number" then
    return math.type(v) .. ":" .. tostring(v)
  end
  return tostring(v)
end

local function same(a, b)
  if a == nil or b == nil then return a == b end
  return ser(a) == ser(b)
end

local doc_name, ncmp = "?", 0

local function report(pos, fn, text, l, c)
  emit { doc = doc_name, pos = pos, fn = fn, text = text,
    lua = ser(l), c = ser(c) }
end

-- does a Lua result hold a decimal C cannot (64 bytes or more)?
local function too_long(t)
  if t == nil then return false end
  for _, k in ipairs { "value", "high", "digits" } do
    if type(t[k]) == "string" and #t[k] >= DEC_MAX then return true end
  end
  return false
end

-- pcall that gives "error" (and the message) on failure
local function call(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return r, nil end
  return "error", tostring(r)
end

-- decimal function fn: Lua f vs C g on the arguments; C may only refuse
-- with "decimal too long" where a normalized input or the Lua result is
-- 64 bytes or more.
local function dec_check(pos, fn, text, f, g, ...)
  ncmp = ncmp + 1
  local l = call(f, ...)
  local c, cerr = call(g, ...)
  if l == c then return end
  if c == "error" and cerr and cerr:find("decimal too long", 1, true) then
    local long = type(l) == "string" and #l >= DEC_MAX
    for _, a in ipairs { ... } do
      local ok, nrm = pcall(decimal.norm, a)
      if ok and nrm and #nrm >= DEC_MAX then long = true end
    end
    if long then return end
  end
  report(pos, fn, text, l, c)
end

local last_value = "0"

-- decimal functions on a value the grammar produced
local function check_value(pos, text, v)
  for _, k in ipairs { -13, -4, 0, 4, 8, 12 } do
    dec_check(pos, "decimal.shift", text .. " k=" .. k, decimal.shift,
      core.dec_shift, v, k)
  end
  dec_check(pos, "decimal.neg", text, decimal.neg, core.dec_neg, v)
  dec_check(pos, "decimal.norm", text, decimal.norm, core.dec_norm, v)
  dec_check(pos, "decimal.add", text .. " + " .. last_value, decimal.add,
    core.dec_add, v, last_value)
  dec_check(pos, "decimal.add", text .. " - " .. last_value, decimal.add,
    core.dec_add, v, "-" .. last_value)
  last_value = v
end

-- every function at position p of s; `text` names the case (nil: the
-- text at p is shown)
local function compare_at(s, p, text, values)
  ncmp = ncmp + 4
  local function label()
    return text or s:sub(math.max(p, 1), math.max(p, 1) + 40)
  end
  local l, c = number.match(s, p), core.number_match(s, p)
  if too_long(l) then
    if c ~= nil then
      report(p, "number.match (overflow: C must give nil)", label(), l, c)
    end
  elseif not same(l, c) then
    report(p, "number.match", label(), l, c)
  elseif l and values then
    check_value(p, label(), l.value)
    if l.high then check_value(p, label(), l.high) end
  end
  l, c = number.fraction(s, p), core.number_fraction(s, p)
  if too_long(l) then
    if c ~= nil then
      report(p, "number.fraction (overflow: C must give nil)", label(), l, c)
    end
  elseif not same(l, c) then
    report(p, "number.fraction", label(), l, c)
  elseif l and values then
    check_value(p, label(), l.value)
  end
  l, c = lpeg.match(numeral_start, s, p) ~= nil, core.number_is_start(s, p)
  if l ~= c then report(p, "number.numeral_start", label(), l, c) end
  l, c = units.match(s, p), core.units_match(s, p)
  if not same(l, c) then report(p, "units.match", label(), l, c) end
end

-- at every position that starts a UTF-8 character, and one past the end
local function compare_doc(s, text, values)
  for p = 1, #s + 1 do
    local b = s:byte(p)
    if not b or b < 0x80 or b >= 0xC0 then compare_at(s, p, text, values) end
  end
end

-- at every byte position, and a few outside the string (lpeg's init)
local function compare_all(s)
  for p = -2, #s + 3 do compare_at(s, p, s, true) end
end

-- {==== document-independent cases

-- edge cases read off the Lua grammar
local tricky = {
  -- damaged decimals: the lookahead S"万亿%" is a set of BYTES, so any
  -- character whose UTF-8 starts with E4 (个, 中, 不 ...) passes it
  "57。6亿元", "24. 3 亿元", "24. 3亿", "57。6个", "57。6中", "57。6元",
  "57。6美元", "57。6 %", "57。6", "57。6吨", "24. 3", "24.  3亿", "1.5.6",
  "1.", "1。", "１２３．４５万", "１，２３４", "１２,３４５元", "12,345,678.9",
  "1,23", "1,2345", "1,234,56", "1,234.", ",123", "0.5亿", "00８.0万",
  "3.", "3．", "3．5", "3．５亿", "5 . 3亿",
  -- Chinese numerals
  "三四百", "三四百人", "三四百万", "三四百亿", "三四百万亿", "三四百个亿",
  "三四百万人", "一千三四百", "三四百五六十", "三四", "五六十", "二〇二四年",
  "一百零八", "零", "〇", "百", "十", "十万", "十二万五千", "三千万",
  "五千万亿", "一百二十个亿", "两千", "两", "一", "壹佰贰拾叁", "玖仟",
  "九亿九亿九亿九亿九亿九亿九亿", "九千九百九十九万亿九千九百九十九万亿",
  "九千九百九十九万亿九千九百九十九万亿九千九百九十九万亿", "万", "亿", "万亿",
  "一万一万一万", "十十十十", "千千千千千千", "一二三四五六七八九",
  "三四百万亿人", "十三四万", "三四十万", "七八千万",
  -- multipliers, rests, ranges, approximations
  "6500余万元", "6500余", "6500余元", "2万多平方米", "100多万", "100余多",
  "6500余万多", "近10亿元", "超过 5 个", "约 十二", "将近三成", "约", "约万",
  "约 ", "大约一百", "不足5%", "突破1万亿", "逾千家", "超1100亿元",
  "10-15亿", "10 - 15 亿", "10亿-15万", "10亿至15", "3至5", "3到5万",
  "3～5", "3—5", "3–5", "3~5亿", "3-", "3-x", "3 至 5 亿 元",
  "三至五亿", "三至5亿", "三四百至500", "1亿2000万", "3亿零500万",
  "2亿5千万", "2亿5千", "1万亿2000万", "1亿2。5万", "1亿零", "1亿零x",
  "1亿2百万", "1亿2千万元", "1亿2000万-3亿", "1亿2000万至3", "5\n亿",
  "5 \n 万", "5  ", "5\n\n", "5个亿", "5千万", "5百万", "5十万", "5十亿",
  "5百亿", "5千亿", "5万亿", "5千瓦", "5千米", "5余万", "5多亿",
  "5 余", "百余家", "10亿 元", "３０个亿元",
  -- fractions and tenths
  "五分之一", "三分之一", "百分之五十", "0分之1", "0.0分之1", "3分之1。5%",
  "1,000分之3", "两成", "零成", "十成", "三十成", "7分之22", "3.5分之1",
  "1分之0", "0分之0", "十万分之一", "三分之", "分之一", "三分之x",
  "99999999999999999999分之1", "1分之99999999999999999999",
  "1分之92233720368547758", "1分之92233720368547758.0",
  "九亿九亿九亿九亿分之一", "一分之九亿九亿九亿九亿", "3分之1.50",
  "0.000分之5", "007分之2", "2分之007", "6分之1", "1分之1e5",
  -- units
  "个月", "个工作日", "个百分点", "个", "  元", "\n元", " \n 元",
  "元人民币", "元/亩", "元/人", "元/", "m2", "m²", "m", "k㎡", "k", "%",
  "％", "所有", "所", "场所", "场次", "次方", "次", "批次", "批", "吨/小时",
  "吨/时", "吨/", "度假", "度", "名单", "位数", "间隔", "支持", "支",
  "处理", "处", "平方公里", "平方米", "平米", "平方", "千瓦时", "千瓦",
  "人次", "人", "美金", "欧元", "立方米", "公顷", "公里",
  -- long digit runs: the C buffers (documented)
  string.rep("9", 63), string.rep("9", 64) .. "亿",
  "1-" .. string.rep("0", 70) .. "5亿",
  "1亿" .. string.rep("0", 70) .. "5万",
  "1-2." .. string.rep("0", 70) .. "亿",
  string.rep("0", 70) .. "1分之3", "3分之" .. string.rep("0", 70) .. "1",
  string.rep("1", 30) .. "." .. string.rep("5", 30) .. "万",
  string.rep("1", 50) .. "万亿",
  -- the short paths of the C port: what may or may not follow a plain
  -- numeral, 万 or 亿 alone
  "5，", "5％", "5。", "5。5亿", "5，6", "5,6", "15.3，", "15.3％",
  "15.3．5", "15.3５", "１5", "5５万", "5.5.5", "5. ", "5.x", "5,x",
  "5亿 -6亿", "5亿-6亿", "5亿 至6亿", "5亿 ~6", "5万余", "5万 余",
  "5万多元", "5亿零", "5亿0", "5亿５", "5亿 5", "5万亿元", "5万万",
  "5亿亿", "5 亿元", "5\n万元", "5千", "5个", "5个人", "5拾万",
  "5佰亿", "5仟万", "5十", "5百", "1.50亿", "0.5万", "007万", "00.5亿",
  "000", "0", "0万", "0.0亿", "5.0", "5.00万", "10 - 15", "10 -15",
  "5余", "5多", "5—", "5–6", "5至", "5到6", "5～6",
  string.rep("1", 30) .. "." .. string.rep("5", 32) .. "亿",
  string.rep("1", 62) .. "万", string.rep("1", 60) .. "万",
  string.rep("1", 58) .. "亿", string.rep("1", 55) .. "亿",
  "1." .. string.rep("0", 61), string.rep("1", 61) .. ".5",
  string.rep("1", 62) .. ".5", string.rep("0", 62) .. "1万",
  "一，", "一亿", "一万元", "一个亿", "一个", "一-二", "一至二", "一余",
  "三十", "三 亿", "三\n万", "三千", "三千万", "零元", "〇万", "两 -3",
  "三成", "三 成", "5成", "5分", "5分之", "5 分之1", "15.3分之1",
  "1,000,000分之1", "3。5分之1", "5０分之1",
  -- malformed UTF-8 and odd bytes
  "\228\184", "5\228", "5\228\184", "\239\188", "5\239\188\144",
  "5\239\188\142", "5\227\128", "\184\135", "57\227\128\1306亿",
  "5\0亿", "5\255",
}

local phrases = {
  [==[完成规上工业总产值614.13亿元]==],
  [==[实现营业收入1.2亿元]==],
  [==[引资总额530亿元]==],
  [==[上缴税收1.92亿元]==],
  [==[完成固定资产投资9.7亿元]==],
  [==[收获了240万元的订单]==],
  [==[投资307.15万元]==],
  [==[投入62.73万元采购绿化养护服务]==],
  [==[出口创汇2560万美元]==],
  [==[实际利用外资1.2亿美元]==],
  [==[到位外资3500万美元]==],
  [==[完成进出口总额1.05万亿元]==],
  [==[地区生产总值突破1万亿元]==],
  [==[授信118亿元]==],
  [==[发放1.5亿元奖励资金]==],
  [==[争取县域调度资金1300万元]==],
  [==[落实融资贷款3000万元]==],
  [==[为企业担保融资4亿元]==],
  [==[资产总额为579.34亿元]==],
  [==[有效资产519.8亿元]==],
  [==[近期可利用资产估值38.35亿元]==],
  [==[出资2.75亿元]==],
  [==[合同引资额27.8亿元]==],
  [==[完成招商引资到位资金32.5亿元]==],
  [==[总投资额200亿元的电子信息产业园项目]==],
  [==[总投资43.4亿元]==],
  [==[共投资16.7亿元]==],
  [==[投资10亿元建设二期项目]==],
  [==[一般公共预算收入12.6亿元]==],
  [==[社会消费品零售总额86.4亿元]==],
  [==[实现利税5.8亿元]==],
  [==[利润总额3.06亿元]==],
  [==[完成技改投资35亿元]==],
  [==[亩均税收达到28.5万元]==],
  [==[投资强度不低于350万元/亩]==],
  [==[争取上级资金8600万元]==],
  [==[兑现奖补资金2135.6万元]==],
  [==[完成产值8,560万元]==],
  [==[营业收入1,234.5万元]==],
  [==[实现销售收入32亿元人民币]==],
  [==[合同外资1500万欧元]==],
  [==[完成投资0.85亿元]==],
  [==[实现营业收入1亿2000万元]==],
  [==[上缴税收3亿零500万元]==],
  [==[总投资2亿5千万元]==],
  [==[实缴税金6500余万元]==],
  [==[园区新增贷款18.3亿元]==],
  [==[基础设施投入2893万元]==],
  [==[新征面积1506亩]==],
  [==[规划总用地面积3115.5亩]==],
  [==[批而未供用地处置399.75亩]==],
  [==[近三年累计消化处置闲置土地3793亩]==],
  [==[报批工业用地8245亩]==],
  [==[盘活低效用地1.2万亩]==],
  [==[新增建设用地2.35万亩]==],
  [==[规划面积12.5平方公里]==],
  [==[建成区面积约15平方公里]==],
  [==[托管面积86.8平方公里]==],
  [==[流转土地320公顷]==],
  [==[企业存量厂房约8万㎡]==],
  [==[建成标准化厂房12万平方米]==],
  [==[9万平方米标准化厂房建设]==],
  [==[实现2万多平方米标准化厂房的腾笼换鸟]==],
  [==[腾出厂房面积5万平方米以上]==],
  [==[新建人才公寓3.6万平米]==],
  [==[总建筑面积28000平方米]==],
  [==[总里程3.42公里]==],
  [==[KW6线路全长57公里]==],
  [==[新建道路3.5公里]==],
  [==[铺设污水管网8600米]==],
  [==[新建雨污管网12.8千米]==],
  [==[日处理污水2万吨]==],
  [==[年吞吐量突破500万吨]==],
  [==[供汽能力提升到75吨/小时]==],
  [==[日处理能力300吨/天]==],
  [==[蓄水量120万立方米]==],
  [==[全年用电量12.6亿千瓦时]==],
  [==[年发电量2800万千瓦时]==],
  [==[工业用电量3.2亿度]==],
  [==[装机容量12万千瓦]==],
  [==[光伏装机5.6万千瓦]==],
  [==[高新技术企业220家]==],
  [==[省级专精特新中小企业55家]==],
  [==[国家级“小巨人”企业13家]==],
  [==[新开工项目72个]==],
  [==[全年签约亿元以上项目138个]==],
  [==[新增劳动就业岗位850个]==],
  [==[统筹调度700套公租房]==],
  [==[召开专题恳谈会3场次]==],
  [==[累计外出考察18批次]==],
  [==[新增市场主体1200户]==],
  [==[办结事项2.3万件]==],
  [==[建设了5条道路]==],
  [==[下达整改责任书45张]==],
  [==[完成重大安全隐患整改9项]==],
  [==[建成45个三级医疗服务网点]==],
  [==[建成4栋标准化厂房]==],
  [==[新建5座变电站]==],
  [==[新增充电桩300台]==],
  [==[开展安全生产检查45次]==],
  [==[新增学位6120个]==],
  [==[为企业招聘工人约2000人]==],
  [==[专门抽调2名工作人员]==],
  [==[引进高端人才3名]==],
  [==[培训450人次]==],
  [==[累计参加人员800多人次]==],
  [==[从业人员2.6万人]==],
  [==[新增就业1.2万人]==],
  [==[吸纳就业5000余人]==],
  [==[接待游客120万人次]==],
  [==[引进博士46位]==],
  [==[新增企业132家]==],
  [==[入驻企业320家]==],
  [==[带动配套企业落地100多家]==],
  [==[查处安全隐患70余个]==],
  [==[解决企业共性问题15个]==],
  [==[新成立党支部1个]==],
  [==[发展入党积极分子15名]==],
  [==[走访企业70家]==],
  [==[包保88家重点企业]==],
  [==[组建5支服务队]==],
  [==[申报发明专利86件]==],
  [==[新增有效发明专利210件]==],
  [==[在修改和完善的十项制度中]==],
  [==[百余家PCB企业]==],
  [==[山东新民基集团再投百亿元]==],
  [==[累计投资百亿元]==],
  [==[引进项目一百二十个]==],
  [==[吸纳就业十二万五千人]==],
  [==[招用三四百人]==],
  [==[新增企业二十余家]==],
  [==[引进十大项目]==],
  [==[签约项目三十个]==],
  [==[投资两亿元]==],
  [==[总投资五千万元]==],
  [==[投资三亿元建设]==],
  [==[拨付资金壹仟贰佰万元]==],
  [==[奖励资金叁拾万元]==],
  [==[建设用地两千亩]==],
  [==[开工项目十五个]==],
  [==[一百零八家企业]==],
  [==[二千零二十四人]==],
  [==[近千家企业]==],
  [==[上百家企业]==],
  [==[数十家企业]==],
  [==[几十个项目]==],
  [==[产值3.5万元]==],
  [==[30个亿的投资]==],
  [==[总投资30个亿]==],
  [==[营收超1100亿元]==],
  [==[投资1.2亿元]==],
  [==[融资2万多元]==],
  [==[总投资约5000万元]==],
  [==[销售额达3千万元]==],
  [==[产值500万元]==],
  [==[完成3百万元]==],
  [==[达57。6亿元]==],
  [==[完成24. 3 亿元]==],
  [==[完成１２３．４亿元]==],
  [==[实现８.５亿元]==],
  [==[引进企业１２家]==],
  [==[用地 560 亩]==],
  [==[投资 2.5 亿元]==],
  [==[同比增长26%]==],
  [==[同比增长8.0%]==],
  [==[同比增长6.75%]==],
  [==[工业增加值增速为21.3%]==],
  [==[工业增加值增速11.1%]==],
  [==[增长了14%]==],
  [==[比增15.6%]==],
  [==[同比下降3.1%]==],
  [==[同比减少12%]==],
  [==[增速回落2.3%]==],
  [==[负增长0.8%]==],
  [==[同比下降0.5个百分点]==],
  [==[提高1.99个百分点]==],
  [==[高于全市平均水平2.1个百分点]==],
  [==[低于全省3个百分点]==],
  [==[增速比全省低0.5个百分点]==],
  [==[比全市平均水平高3.2个百分点]==],
  [==[增速比上年快1.2个百分点]==],
  [==[拉动全市工业增长17.1个百分点]==],
  [==[是去年的2.1倍]==],
  [==[增长1.5倍]==],
  [==[年均增长12%]==],
  [==[增幅达18.6%]==],
  [==[增长了近30%]==],
  [==[同比增长超20%]==],
  [==[城镇化率达80%]==],
  [==[党的工作覆盖率达到100%]==],
  [==[已完成年初任务的90.86%]==],
  [==[占全市的35.2%]==],
  [==[占比达到42%]==],
  [==[研发投入占营业收入比重达到3.2%]==],
  [==[完成年度目标的78.5%]==],
  [==[转化率65%]==],
  [==[开工率达92%]==],
  [==[增长１２．４％]==],
  [==[同比增长42%,]==],
  [==[增长3%、5%和7%]==],
  [==[工业增加值增速为-2.3%]==],
  [==[同比增长−5%]==],
  [==[利润下降-3%]==],
  [==[签约12个项目]==],
  [==[增速提高了两个百分点]==],
  [==[产值增长了一倍]==],
  [==[营业收入增长三倍]==],
  [==[全年签约1-3个项目]==],
  [==[占全市报批总量的五分之一]==],
  [==[约占全省的三分之一]==],
  [==[占全区的四分之三]==],
  [==[贡献了全市三成的税收]==],
  [==[本地配套率达到七成]==],
  [==[增长百分之二十]==],
  [==[占百分之五十以上]==],
  [==[占十分之一]==],
  [==[近10亿元]==],
  [==[约8万㎡]==],
  [==[2万多平方米]==],
  [==[6000余家]==],
  [==[20个以上]==],
  [==[超过5000人]==],
  [==[逾百家企业]==],
  [==[突破100亿元]==],
  [==[不到3000万元]==],
  [==[不足50家]==],
  [==[接近20亿元]==],
  [==[将近500亩]==],
  [==[大约300人]==],
  [==[3000人左右]==],
  [==[签约项目20个以上、合同引资额25亿元以上]==],
  [==[10-15亿元]==],
  [==[5000-6000人]==],
  [==[3至5个]==],
  [==[投资2~3亿元]==],
  [==[三四百人]==],
  [==[800多人次]==],
  [==[70余个]==],
  [==[1万余人]==],
  [==[1.5万多亩]==],
  [==[计划投资2000万元]==],
  [==[力争签约项目30个]==],
  [==[预计全年完成产值150亿元]==],
  [==[确保新增规上企业10家]==],
  [==[拟投资5亿元]==],
  [==[目标是引进企业50家]==],
  [==[项目达产后日产量可突破260吨]==],
  [==[建成后可实现年产值30亿元]==],
  [==[规划1000亩商街区]==],
  [==[1-9月,完成产值12亿元]==],
  [==[1至7月,完成产值12亿元]==],
  [==[元至11月,完成产值12亿元]==],
  [==[1—6月,完成产值12亿元]==],
  [==[1~5月,完成产值12亿元]==],
  [==[一季度,完成产值12亿元]==],
  [==[第二季度完成产值12亿元]==],
  [==[前三季度,完成产值12亿元]==],
  [==[上半年,完成产值12亿元]==],
  [==[下半年完成产值12亿元]==],
  [==[全年完成产值12亿元]==],
  [==[2023年,完成产值12亿元]==],
  [==[2023年1-9月,完成产值12亿元]==],
  [==[2023年前三季度完成产值12亿元]==],
  [==[2023年上半年完成产值12亿元]==],
  [==[截至9月底,入驻企业120家]==],
  [==[截至2023年底,入驻企业120家]==],
  [==[截至目前,入驻企业120家]==],
  [==[今年,完成产值12亿元]==],
  [==[今年以来,完成产值12亿元]==],
  [==[今年1至7月,完成产值12亿元]==],
  [==[今年元至9月,完成产值12亿元]==],
  [==[去年,完成产值12亿元]==],
  [==[上年完成产值12亿元]==],
  [==[去年1-9月完成产值12亿元]==],
  [==[近三年累计完成产值12亿元]==],
  [==[近5年引进企业120家]==],
  [==[2016-2018年,引进企业120家]==],
  [==[十三五期间,引进企业120家]==],
  [==[3月份,签约项目5个]==],
  [==[2023年9月,签约项目5个]==],
  [==[2023年度,签约项目5个]==],
  [==[与去年相比,增长了14%]==],
  [==[比上年同期增长5%]==],
  [==[较去年同期增加12家企业]==],
  [==[2022年,全区报批工业用地8245亩]==],
  [==[在2024年上半年镇域经济考核中,3个乡镇进入前十]==],
  [==[1-9月,增加值增速9.9%;上缴税收1.92亿元]==],
  [==[全市排名第一]==],
  [==[位列第二类重点开发区综合评价第一位]==],
  [==[居全省第二]==],
  [==[成为全省第二家]==],
  [==[位居荆州市首位]==],
  [==[报批总量位居中心城区第一]==],
  [==[在全省排名第8位]==],
  [==[进入全国前30强]==],
  [==[名列全市第三名]==],
  [==[加速迈向千亿级产业新城]==],
  [==[“链”出千亿元产业雁群]==],
  [==[进入全国百强]==],
  [==[十四五规划编制]==],
  [==[位列第二类重点开发区]==],
  [==[党政一把手抓总]==],
  [==[荆州市“4611”现代产业体系]==],
  [==[〔2017〕103号文件]==],
  [==[鄂政发〔2024〕12号]==],
  [==[联系电话:0716-8123456]==],
  [==[热线12345]==],
  [==[10月30日]==],
  [==[11月20日,产业学院揭牌]==],
  [==[2024年10月30日上午]==],
  [==[于9月正式开学]==],
  [==[1、经济指标继续保持平稳增长态势]==],
  [==[(一)不断拓展新空间]==],
  [==[一是坚持政治建设]==],
  [==[完成xx亿元]==],
  [==[占比XX.27%]==],
  [==[投资29XX6万元]==],
  [==[第七届年度经济大会]==],
  [==[系列新闻发布会第十一场]==],
  [==[连续第7年兑现奖励]==],
  [==[10个工作日完成征地审批]==],
  [==[17天完成土地征迁]==],
  [==[仅用14个月]==],
  [==[审批周期压缩至2个工作日]==],
  [==[仅仅用时13分钟]==],
  [==[驻企19年来]==],
  [==[每周一次]==],
  [==[每个工委包保2个项目]==],
  [==[年产8000吨生产线]==],
  [==[开发区两大传统产业]==],
  [==[三大重点产业]==],
  [==[确保“两个维护”落到实处]==],
  [==[签约亿元以上项目]==],
  [==[税收500万元以上企业]==],
  [==[从筹建到第一台冰箱下线]==],
  [==[一个项目、一名领导、一套专班]==],
  [==[三个层次主体责任]==],
  [==[首个产教联合体]==],
  [==[全市首笔关税担保业务]==],
  [==[15分钟生活圈]==],
  [==[文章浏览12.52KB]==],
  [==[KW6线路]==],
  [==[“1+3+N”扁平化构架]==],
  [==[一区六园]==],
  [==[分两期实施]==],
  [==[二期项目开工]==],
  [==[5-10年内]==],
  [==[百亿产业集群]==],
  [==[园区企业实现税收3.22亿元]==],
  [==[投入资金14987万元]==],
  [==[实现2万多平方米标准化厂房]==],
  [==[资本化融资248.92亿元]==],
  [==[超1100亿元]==],
  [==[30个亿元]==],
  [==[实现产值3.5万元]==],
  [==[总投资10-15亿元]==],
  [==[投资350万元/亩]==],
  [==[新增用电量1.2亿度]==],
  [==[日产量可突破260吨]==],
  [==[--万]==],
  [==[在2024(第七届)年度经济大会上]==],
  [==[这样的培训基本上每周一次]==],
  [==[11月20日,美的电冰箱智能产业学院揭牌]==],
}

-- random token strings, compared at every byte position
local tokens = {
  "0", "1", "2", "5", "9", "00", "12", "３", "０", ",", ",", ".", "．",
  "。", ". ", " ", "  ", "\n", "-", "~", "—", "–", "至", "到", "～",
  "零", "〇", "一", "二", "两", "三", "四", "五", "九", "壹", "玖", "十",
  "拾", "百", "佰", "千", "仟", "万", "亿", "个", "余", "多", "分之", "分",
  "之", "成", "元", "美元", "%", "％", "约", "近", "将近", "超过", "超",
  "不足", "逾", "突破", "大约", "接近", "不到", "个月", "月", "百分点",
  "个百分点", "平方米", "m2", "m", "²", "k㎡", "㎡", "吨/小时", "吨/",
  "人次", "次方", "批次", "所有", "场所", "支持", "度假", "亿元", "万元",
  "中", "的", "年", "元/亩", "\228", "\184\135", "\239\188",
}

local seed = 20261126
local function rand(k)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed >> 8) % k
end

local function fuzz(count)
  for _ = 1, count do
    local t = {}
    for i = 1, 1 + rand(10) do t[i] = tokens[rand(#tokens) + 1] end
    compare_all(table.concat(t))
  end
end

-- random decimals: valid ones of every shape, and a few that are not
local bad = { "", ".", "-", "+", "1.2.3", "abc", " 1", "1e5", "--1", "1.",
  ".5", "-.5", "+.", "0", "-0", "-0.000", "00", "+0.0", "+5", "-", "0x10",
  "1 ", "١" }
local function rdigits(k)
  local t = {}
  for i = 1, k do t[i] = string.char(48 + rand(10)) end
  return table.concat(t)
end
local function rdec()
  if rand(12) == 0 then return bad[rand(#bad) + 1] end
  local sign = ({ "", "", "", "-", "+" })[rand(5) + 1]
  local int = rdigits(rand(5) == 0 and rand(40) or rand(7))
  if rand(4) == 0 then int = string.rep("0", rand(4)) .. int end
  local frac = ""
  if rand(2) == 0 then
    frac = rdigits(rand(5) == 0 and rand(40) or rand(6))
    if rand(3) == 0 then frac = frac .. string.rep("0", rand(4)) end
  end
  if int == "" and frac == "" and rand(2) == 0 then int = "0" end
  return sign .. int .. ((frac ~= "" or rand(8) == 0) and "." or "") .. frac
end

local function rnum()
  local r = rand(9)
  if r == 0 then return 0 end
  if r == 1 then return rand(100000) * 1000000000000 + rand(1000) end
  if r == 2 then return math.maxinteger - rand(1000) end
  if r == 3 then return -(rand(1000) + 1) end
  if r == 4 then return rand(1000) / (rand(50) + 1) end
  if r == 5 then return rand(2) == 0 and 0.0 or 1e300 * (rand(10) + 1) end
  if r == 6 then return tostring(rand(1000)) end
  if r == 7 then return 92233720368547758 + rand(10) end
  return rand(1000) + 1
end

local function decimals(count)
  for i = 1, count do
    local a, b = rdec(), rdec()
    local k = rand(50) - 25
    local text = a .. " " .. b .. " k=" .. k
    dec_check(i, "decimal.norm", text, decimal.norm, core.dec_norm, a)
    dec_check(i, "decimal.shift", text, decimal.shift, core.dec_shift, a, k)
    dec_check(i, "decimal.neg", text, decimal.neg, core.dec_neg, a)
    dec_check(i, "decimal.add", text, decimal.add, core.dec_add, a, b)
    local x, y = rnum(), rnum()
    dec_check(i, "decimal.percent", ser(x) .. " / " .. ser(y),
      decimal.percent, core.dec_percent, x, y)
  end
  -- every two-decimal amount in 亿 and 万, and small ratios
  for cents = 1, 99999, 37 do
    local s = string.format("%d.%02d", cents // 100, cents % 100)
    for _, k in ipairs { 8, 4, -2 } do
      dec_check(cents, "decimal.shift", s, decimal.shift, core.dec_shift, s, k)
    end
  end
  for num = 0, 40 do
    for den = -3, 40 do
      dec_check(num, "decimal.percent", num .. "/" .. den, decimal.percent,
        core.dec_percent, num, den)
    end
  end
end
-- }====

local first = true

function document(doc)
  doc_name, ncmp = doc.name, 0
  if first then
    first = false
    doc_name = "<cases>"
    for i, s in ipairs(tricky) do
      compare_all(s)
      compare_all("完成" .. s .. "亿元")
      if i % 7 == 0 then compare_all(s .. tricky[(i * 13) % #tricky + 1]) end
    end
    for _, s in ipairs(phrases) do compare_doc(s, s, true) end
    fuzz(4000)
    decimals(3000)
    if io then io.stderr:write(string.format("%s: %d comparisons\n", doc_name, ncmp)) end
    doc_name, ncmp = doc.name, 0
  end
  compare_doc(doc.text, nil, true)
  if io then io.stderr:write(string.format("%s: %d comparisons\n", doc_name, ncmp)) end
end
