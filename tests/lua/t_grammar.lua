-- The grammar library on expressions of the genre (issue: numbers, units
-- and periods analysts can trust). Each case is a phrase as reports write
-- it and the figures it must give, read in a document whose year is 2024:
--
--   "measure value unit [approx] [period]"   approx "-" when none;
--                                            period defaults to 2024
--
-- A case with no figures is a rejection: the phrase holds no quantity.
local check = require "hanscan.check"
local runner = require "hanscan.runner"
local decimal = require "hanscan.decimal"

local pack = runner.use { name = "g", api = 1, indicators = {} }

local cases = {
  -- {==== amounts of money
  { "完成规上工业总产值614.13亿元", "level 61413000000 CNY" },
  { "实现营业收入1.2亿元", "level 120000000 CNY" },
  { "引资总额530亿元", "level 53000000000 CNY" },
  { "上缴税收1.92亿元", "level 192000000 CNY" },
  { "完成固定资产投资9.7亿元", "level 970000000 CNY" },
  { "收获了240万元的订单", "level 2400000 CNY" },
  { "投资307.15万元", "level 3071500 CNY" },
  { "投入62.73万元采购绿化养护服务", "level 627300 CNY" },
  { "出口创汇2560万美元", "level 25600000 USD" },
  { "实际利用外资1.2亿美元", "level 120000000 USD" },
  { "到位外资3500万美元", "level 35000000 USD" },
  { "完成进出口总额1.05万亿元", "level 1050000000000 CNY" },
  { "地区生产总值突破1万亿元", "level 1000000000000 CNY 突破" },
  { "授信118亿元", "level 11800000000 CNY" },
  { "发放1.5亿元奖励资金", "level 150000000 CNY" },
  { "争取县域调度资金1300万元", "level 13000000 CNY" },
  { "落实融资贷款3000万元", "level 30000000 CNY" },
  { "为企业担保融资4亿元", "level 400000000 CNY" },
  { "资产总额为579.34亿元", "level 57934000000 CNY" },
  { "有效资产519.8亿元", "level 51980000000 CNY" },
  { "近期可利用资产估值38.35亿元", "level 3835000000 CNY" },
  { "出资2.75亿元", "level 275000000 CNY" },
  { "合同引资额27.8亿元", "level 2780000000 CNY" },
  { "完成招商引资到位资金32.5亿元", "level 3250000000 CNY" },
  { "总投资额200亿元的电子信息产业园项目", "level 20000000000 CNY" },
  { "总投资43.4亿元", "level 4340000000 CNY" },
  { "共投资16.7亿元", "level 1670000000 CNY" },
  { "投资10亿元建设二期项目", "level 1000000000 CNY" },
  { "一般公共预算收入12.6亿元", "level 1260000000 CNY" },
  { "社会消费品零售总额86.4亿元", "level 8640000000 CNY" },
  { "实现利税5.8亿元", "level 580000000 CNY" },
  { "利润总额3.06亿元", "level 306000000 CNY" },
  { "完成技改投资35亿元", "level 3500000000 CNY" },
  { "亩均税收达到28.5万元", "level 285000 CNY/mu" },
  { "投资强度不低于350万元/亩", "level 3500000 CNY/mu" },
  { "争取上级资金8600万元", "level 86000000 CNY" },
  { "兑现奖补资金2135.6万元", "level 21356000 CNY" },
  { "完成产值8,560万元", "level 85600000 CNY" },
  { "营业收入1,234.5万元", "level 12345000 CNY" },
  { "实现销售收入32亿元人民币", "level 3200000000 CNY" },
  { "合同外资1500万欧元", "level 15000000 EUR" },
  { "完成投资0.85亿元", "level 85000000 CNY" },
  { "实现营业收入1亿2000万元", "level 120000000 CNY" },
  { "上缴税收3亿零500万元", "level 305000000 CNY" },
  { "总投资2亿5千万元", "level 250000000 CNY" },
  { "实缴税金6500余万元", "level 65000000 CNY 余" },
  { "园区新增贷款18.3亿元", "level 1830000000 CNY" },
  { "基础设施投入2893万元", "level 28930000 CNY" },
  -- }====

  -- {==== land, floor space, lengths, mass, energy
  { "新征面积1506亩", "level 1506 mu" },
  { "规划总用地面积3115.5亩", "target 3115.5 mu" },
  { "批而未供用地处置399.75亩", "level 399.75 mu" },
  { "近三年累计消化处置闲置土地3793亩", "level 3793 mu - 2022-01..2024-12" },
  { "报批工业用地8245亩", "level 8245 mu" },
  { "盘活低效用地1.2万亩", "level 12000 mu" },
  { "新增建设用地2.35万亩", "level 23500 mu" },
  { "规划面积12.5平方公里", "target 12.5 km2" },
  { "建成区面积约15平方公里", "level 15 km2 约" },
  { "托管面积86.8平方公里", "level 86.8 km2" },
  { "流转土地320公顷", "level 320 ha" },
  { "企业存量厂房约8万㎡", "level 80000 m2 约" },
  { "建成标准化厂房12万平方米", "level 120000 m2" },
  { "9万平方米标准化厂房建设", "level 90000 m2" },
  { "实现2万多平方米标准化厂房的腾笼换鸟", "level 20000 m2 多" },
  { "腾出厂房面积5万平方米以上", "level 50000 m2 以上" },
  { "新建人才公寓3.6万平米", "level 36000 m2" },
  { "总建筑面积28000平方米", "level 28000 m2" },
  { "总里程3.42公里", "level 3.42 km" },
  { "KW6线路全长57公里", "level 57 km" },
  { "新建道路3.5公里", "level 3.5 km" },
  { "铺设污水管网8600米", "level 8600 m" },
  { "新建雨污管网12.8千米", "level 12.8 km" },
  { "日处理污水2万吨", "level 20000 t" },
  { "年吞吐量突破500万吨", "level 5000000 t 突破" },
  { "供汽能力提升到75吨/小时", "level 75 t/h" },
  { "日处理能力300吨/天", "level 300 t/d" },
  { "蓄水量120万立方米", "level 1200000 m3" },
  { "全年用电量12.6亿千瓦时", "level 1260000000 kwh" },
  { "年发电量2800万千瓦时", "level 28000000 kwh" },
  { "工业用电量3.2亿度", "level 320000000 kwh" },
  { "装机容量12万千瓦", "level 120000 kw" },
  { "光伏装机5.6万千瓦", "level 56000 kw" },
  -- }====

  -- {==== counts and people
  { "高新技术企业220家", "level 220 count" },
  { "省级专精特新中小企业55家", "level 55 count" },
  { "国家级“小巨人”企业13家", "level 13 count" },
  { "新开工项目72个", "level 72 count" },
  { "全年签约亿元以上项目138个", "level 138 count" },
  { "新增劳动就业岗位850个", "level 850 count" },
  { "统筹调度700套公租房", "level 700 count" },
  { "召开专题恳谈会3场次", "level 3 count" },
  { "累计外出考察18批次", "level 18 count" },
  { "新增市场主体1200户", "level 1200 count" },
  { "办结事项2.3万件", "level 23000 count" },
  { "建设了5条道路", "level 5 count" },
  { "下达整改责任书45张", "level 45 count" },
  { "完成重大安全隐患整改9项", "level 9 count" },
  { "建成45个三级医疗服务网点", "level 45 count" },
  { "建成4栋标准化厂房", "level 4 count" },
  { "新建5座变电站", "level 5 count" },
  { "新增充电桩300台", "level 300 count" },
  { "开展安全生产检查45次", "level 45 count" },
  { "新增学位6120个", "level 6120 count" },
  { "为企业招聘工人约2000人", "level 2000 person 约" },
  { "专门抽调2名工作人员", "level 2 person" },
  { "引进高端人才3名", "level 3 person" },
  { "培训450人次", "level 450 person_time" },
  { "累计参加人员800多人次", "level 800 person_time 多" },
  { "从业人员2.6万人", "level 26000 person" },
  { "新增就业1.2万人", "level 12000 person" },
  { "吸纳就业5000余人", "level 5000 person 余" },
  { "接待游客120万人次", "level 1200000 person_time" },
  { "引进博士46位", "level 46 person" },
  { "新增企业132家", "level 132 count" },
  { "入驻企业320家", "level 320 count" },
  { "带动配套企业落地100多家", "level 100 count 多" },
  { "查处安全隐患70余个", "level 70 count 余" },
  { "解决企业共性问题15个", "level 15 count" },
  { "新成立党支部1个", "level 1 count" },
  { "发展入党积极分子15名", "level 15 person" },
  { "走访企业70家", "level 70 count" },
  { "包保88家重点企业", "level 88 count" },
  { "组建5支服务队", "level 5 count" },
  { "申报发明专利86件", "level 86 count" },
  { "新增有效发明专利210件", "level 210 count" },
  -- }====

  -- {==== Chinese and financial numerals
  { "在修改和完善的十项制度中", "level 10 count" },
  { "百余家PCB企业", "level 100 count 余" },
  { "山东新民基集团再投百亿元", "level 10000000000 CNY" },
  { "累计投资百亿元", "level 10000000000 CNY" },
  { "引进项目一百二十个", "level 120 count" },
  { "吸纳就业十二万五千人", "level 125000 person" },
  { "招用三四百人", "level 300 person" },
  { "新增企业二十余家", "level 20 count 余" },
  { "引进十大项目", },
  { "签约项目三十个", "level 30 count" },
  { "投资两亿元", "level 200000000 CNY" },
  { "总投资五千万元", "level 50000000 CNY" },
  { "投资三亿元建设", "level 300000000 CNY" },
  { "拨付资金壹仟贰佰万元", "level 12000000 CNY" },
  { "奖励资金叁拾万元", "level 300000 CNY" },
  { "建设用地两千亩", "level 2000 mu" },
  { "开工项目十五个", "level 15 count" },
  { "一百零八家企业", "level 108 count" },
  { "二千零二十四人", "level 2024 person" },
  { "近千家企业", "level 1000 count 近" },
  { "上百家企业", "level 100 count" },
  { "数十家企业", },
  { "几十个项目", },
  -- }====

  -- {==== multipliers and mixed forms
  { "产值3.5万元", "level 35000 CNY" },
  { "30个亿的投资", "level 3000000000 CNY" },
  { "总投资30个亿", "level 3000000000 CNY" },
  { "营收超1100亿元", "level 110000000000 CNY 超" },
  { "投资1.2亿元", "level 120000000 CNY" },
  { "融资2万多元", "level 20000 CNY 多" },
  { "总投资约5000万元", "level 50000000 CNY 约" },
  { "销售额达3千万元", "level 30000000 CNY" },
  { "产值500万元", "level 5000000 CNY" },
  { "完成3百万元", "level 3000000 CNY" },
  { "达57。6亿元", "level 5760000000 CNY" },
  { "完成24. 3 亿元", "level 2430000000 CNY" },
  { "完成１２３．４亿元", "level 12340000000 CNY" },
  { "实现８.５亿元", "level 850000000 CNY" },
  { "引进企业１２家", "level 12 count" },
  { "用地 560 亩", "level 560 mu" },
  { "投资 2.5 亿元", "level 250000000 CNY" },
  -- }====

  -- {==== percentages: growth, decline, shares, points, multiples
  { "同比增长26%", "growth 26 percent" },
  { "同比增长8.0%", "growth 8 percent" },
  { "同比增长6.75%", "growth 6.75 percent" },
  { "工业增加值增速为21.3%", "growth 21.3 percent" },
  { "工业增加值增速11.1%", "growth 11.1 percent" },
  { "增长了14%", "growth 14 percent" },
  { "比增15.6%", "growth 15.6 percent" },
  { "同比下降3.1%", "growth -3.1 percent" },
  { "同比减少12%", "growth -12 percent" },
  { "增速回落2.3%", "growth -2.3 percent" },
  { "负增长0.8%", "growth -0.8 percent" },
  { "同比下降0.5个百分点", "growth -0.5 pct_point" },
  { "提高1.99个百分点", "growth 1.99 pct_point" },
  { "高于全市平均水平2.1个百分点", "growth 2.1 pct_point" },
  { "低于全省3个百分点", "growth -3 pct_point" },
  { "增速比全省低0.5个百分点", "growth -0.5 pct_point" },
  { "比全市平均水平高3.2个百分点", "growth 3.2 pct_point" },
  { "增速比上年快1.2个百分点", "growth 1.2 pct_point" },
  { "拉动全市工业增长17.1个百分点", "growth 17.1 pct_point" },
  { "是去年的2.1倍", "growth 2.1 times" },
  { "增长1.5倍", "growth 1.5 times" },
  { "年均增长12%", "growth 12 percent" },
  { "增幅达18.6%", "growth 18.6 percent" },
  { "增长了近30%", "growth 30 percent 近" },
  { "同比增长超20%", "growth 20 percent 超" },
  { "城镇化率达80%", "share 80 percent" },
  { "党的工作覆盖率达到100%", "share 100 percent" },
  { "已完成年初任务的90.86%", "share 90.86 percent" },
  { "占全市的35.2%", "share 35.2 percent" },
  { "占比达到42%", "share 42 percent" },
  { "研发投入占营业收入比重达到3.2%", "share 3.2 percent" },
  { "完成年度目标的78.5%", "share 78.5 percent" },
  { "转化率65%", "share 65 percent" },
  { "开工率达92%", "share 92 percent" },
  { "增长１２．４％", "growth 12.4 percent" },
  { "同比增长42%,", "growth 42 percent" },
  { "增长3%、5%和7%", "growth 3 percent", "growth 5 percent", "growth 7 percent" },
  { "工业增加值增速为-2.3%", "growth -2.3 percent" },
  { "同比增长−5%", "growth -5 percent" },
  { "利润下降-3%", "growth -3 percent" },
  { "签约12个项目", "level 12 count" },
  { "增速提高了两个百分点", "growth 2 pct_point" },
  { "产值增长了一倍", "growth 1 times" },
  { "营业收入增长三倍", "growth 3 times" },
  { "全年签约1-3个项目", "level 1 count" },
  -- }====

  -- {==== fractions, tenths, 百分之
  { "占全市报批总量的五分之一", "share 20 percent" },
  { "约占全省的三分之一", "share 33.3333 percent" },
  { "占全区的四分之三", "share 75 percent" },
  { "贡献了全市三成的税收", "share 30 percent" },
  { "本地配套率达到七成", "share 70 percent" },
  { "增长百分之二十", "growth 20 percent" },
  { "占百分之五十以上", "share 50 percent 以上" },
  { "占十分之一", "share 10 percent" },
  -- }====

  -- {==== approximations, bounds and ranges (value is the lower bound)
  { "近10亿元", "level 1000000000 CNY 近" },
  { "约8万㎡", "level 80000 m2 约" },
  { "2万多平方米", "level 20000 m2 多" },
  { "6000余家", "level 6000 count 余" },
  { "20个以上", "level 20 count 以上" },
  { "超过5000人", "level 5000 person 超过" },
  { "逾百家企业", "level 100 count 逾" },
  { "突破100亿元", "level 10000000000 CNY 突破" },
  { "不到3000万元", "level 30000000 CNY 不到" },
  { "不足50家", "level 50 count 不足" },
  { "接近20亿元", "level 2000000000 CNY 接近" },
  { "将近500亩", "level 500 mu 将近" },
  { "大约300人", "level 300 person 大约" },
  { "3000人左右", "level 3000 person 左右" },
  { "签约项目20个以上、合同引资额25亿元以上", "level 20 count 以上",
    "level 2500000000 CNY 以上" },
  { "10-15亿元", "level 1000000000 CNY" },
  { "5000-6000人", "level 5000 person" },
  { "3至5个", "level 3 count" },
  { "投资2~3亿元", "level 200000000 CNY" },
  { "三四百人", "level 300 person" },
  { "800多人次", "level 800 person_time 多" },
  { "70余个", "level 70 count 余" },
  { "1万余人", "level 10000 person 余" },
  { "1.5万多亩", "level 15000 mu 多" },
  -- }====

  -- {==== targets
  { "计划投资2000万元", "target 20000000 CNY" },
  { "力争签约项目30个", "target 30 count" },
  { "预计全年完成产值150亿元", "target 15000000000 CNY" },
  { "确保新增规上企业10家", "target 10 count" },
  { "拟投资5亿元", "target 500000000 CNY" },
  { "目标是引进企业50家", "target 50 count" },
  { "项目达产后日产量可突破260吨", "target 260 t/d 突破" },
  { "建成后可实现年产值30亿元", "target 3000000000 CNY" },
  { "规划1000亩商街区", "target 1000 mu" },
  -- }====

  -- {==== periods
  { "1-9月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-09" },
  { "1至7月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-07" },
  { "元至11月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-11" },
  { "1—6月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-06" },
  { "1~5月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-05" },
  { "一季度,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-03" },
  { "第二季度完成产值12亿元", "level 1200000000 CNY - 2024-04..2024-06" },
  { "前三季度,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-09" },
  { "上半年,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-06" },
  { "下半年完成产值12亿元", "level 1200000000 CNY - 2024-07..2024-12" },
  { "全年完成产值12亿元", "level 1200000000 CNY - 2024" },
  { "2023年,完成产值12亿元", "level 1200000000 CNY - 2023" },
  { "2023年1-9月,完成产值12亿元", "level 1200000000 CNY - 2023-01..2023-09" },
  { "2023年前三季度完成产值12亿元", "level 1200000000 CNY - 2023-01..2023-09" },
  { "2023年上半年完成产值12亿元", "level 1200000000 CNY - 2023-01..2023-06" },
  { "截至9月底,入驻企业120家", "level 120 count - 2024-09" },
  { "截至2023年底,入驻企业120家", "level 120 count - 2023-12" },
  { "截至目前,入驻企业120家", "level 120 count - 2024" },
  { "今年,完成产值12亿元", "level 1200000000 CNY - 2024" },
  { "今年以来,完成产值12亿元", "level 1200000000 CNY - 2024" },
  { "今年1至7月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-07" },
  { "今年元至9月,完成产值12亿元", "level 1200000000 CNY - 2024-01..2024-09" },
  { "去年,完成产值12亿元", "level 1200000000 CNY - 2023" },
  { "上年完成产值12亿元", "level 1200000000 CNY - 2023" },
  { "去年1-9月完成产值12亿元", "level 1200000000 CNY - 2023-01..2023-09" },
  { "近三年累计完成产值12亿元", "level 1200000000 CNY - 2022-01..2024-12" },
  { "近5年引进企业120家", "level 120 count - 2020-01..2024-12" },
  { "2016-2018年,引进企业120家", "level 120 count - 2016..2018" },
  { "十三五期间,引进企业120家", "level 120 count - 2016..2020" },
  { "3月份,签约项目5个", "level 5 count - 2024-03" },
  { "2023年9月,签约项目5个", "level 5 count - 2023" },
  { "2023年度,签约项目5个", "level 5 count - 2023" },
  { "与去年相比,增长了14%", "growth 14 percent - 2024" },
  { "比上年同期增长5%", "growth 5 percent - 2024" },
  { "较去年同期增加12家企业", "growth 12 count - 2024" },
  { "2022年,全区报批工业用地8245亩", "level 8245 mu - 2022" },
  { "在2024年上半年镇域经济考核中,3个乡镇进入前十", "level 3 count - 2024-01..2024-06" },
  { "1-9月,增加值增速9.9%;上缴税收1.92亿元", "growth 9.9 percent - 2024-01..2024-09",
    "level 192000000 CNY - 2024-01..2024-09" },
  -- }====

  -- {==== ranks
  { "全市排名第一", "rank 1 rank" },
  { "位列第二类重点开发区综合评价第一位", "rank 1 rank" },
  { "居全省第二", "rank 2 rank" },
  { "成为全省第二家", "rank 2 rank" },
  { "位居荆州市首位", "rank 1 rank" },
  { "报批总量位居中心城区第一", "rank 1 rank" },
  { "在全省排名第8位", "rank 8 rank" },
  { "进入全国前30强", "rank 30 rank" },
  { "名列全市第三名", "rank 3 rank" },
  -- }====

  -- {==== not quantities
  { "加速迈向千亿级产业新城" },
  { "“链”出千亿元产业雁群" },
  { "进入全国百强" },
  { "十四五规划编制" },
  { "位列第二类重点开发区" },
  { "党政一把手抓总" },
  { "荆州市“4611”现代产业体系" },
  { "〔2017〕103号文件" },
  { "鄂政发〔2024〕12号" },
  { "联系电话:0716-8123456" },
  { "热线12345" },
  { "10月30日" },
  { "11月20日,产业学院揭牌" },
  { "2024年10月30日上午" },
  { "于9月正式开学" },
  { "1、经济指标继续保持平稳增长态势" },
  { "(一)不断拓展新空间" },
  { "一是坚持政治建设" },
  { "完成xx亿元" },
  { "占比XX.27%" },
  { "投资29XX6万元" },
  { "第七届年度经济大会" },
  { "系列新闻发布会第十一场" },
  { "连续第7年兑现奖励" },
  { "10个工作日完成征地审批" },
  { "17天完成土地征迁" },
  { "仅用14个月" },
  { "审批周期压缩至2个工作日" },
  { "仅仅用时13分钟" },
  { "驻企19年来" },
  { "每周一次" },
  { "每个工委包保2个项目" },
  { "年产8000吨生产线" },
  { "开发区两大传统产业" },
  { "三大重点产业" },
  { "确保“两个维护”落到实处" },
  { "签约亿元以上项目" },
  { "税收500万元以上企业" },
  { "从筹建到第一台冰箱下线" },
  { "一个项目、一名领导、一套专班" },
  { "三个层次主体责任" },
  { "首个产教联合体" },
  { "全市首笔关税担保业务" },
  { "15分钟生活圈" },
  { "文章浏览12.52KB" },
  { "KW6线路" },
  { "“1+3+N”扁平化构架" },
  { "一区六园" },
  { "分两期实施" },
  { "二期项目开工" },
  { "5-10年内" },
  { "百亿产业集群" },
  -- }====
}

local n = 0
for _, c in ipairs(cases) do
  local phrase = c[1]
  local want = {}
  for i = 2, #c do
    local m, v, u, a, p = c[i]:match("^(%S+) (%S+) (%S+) ?(%S*) ?(%S*)$")
    want[#want + 1] = table.concat({ m, v, u, a ~= "" and a or "-",
      p ~= "" and p or "2024" }, " ")
  end
  local got = {}
  local ok, facts = pcall(runner.extract, pack,
    { name = "g.txt", text = phrase, year = 2024 })
  if not ok then facts = {} got[1] = "error: " .. tostring(facts) end
  for _, f in ipairs(facts) do
    got[#got + 1] = table.concat({ f.measure, f.value, f.unit,
      f.approx or "-", f.period ~= "" and f.period or "-" }, " ")
  end
  check.eq(got, want, phrase)
  n = n + 1
end
print(n .. " expressions")
assert(n >= 300, "the grammar suite needs at least 300 expressions")

-- differential check: scaled values equal exact decimal arithmetic
-- (integer arithmetic on the digits, never a binary float)
local seed = 12345
local function rand(k)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % k
end
for _ = 1, 2000 do
  local int, frac = rand(100000), rand(100)
  local s = string.format("%d.%02d", int, frac)
  local cents = int * 100 + frac
  check.eq(decimal.shift(s, 8), tostring(cents * 1000000), s .. "亿")
  check.eq(decimal.shift(s, 4), decimal.norm(tostring(cents * 100)), s .. "万")
  local r = runner.extract(pack, { name = "d", text = "完成" .. s .. "亿元", year = 2024 })
  check.eq(r[1] and r[1].value, tostring(cents * 1000000), "完成" .. s .. "亿元")
end

check.done()
