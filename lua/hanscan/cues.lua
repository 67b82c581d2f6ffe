-- hanscan.cues: the cue words of the genre that every pack shares.
--
-- A pack's own lists (its pack.lua fields of the same names) are added to
-- these; decline maps a growth cue to true when it makes the value
-- negative. All words are Simplified: the C core folds Traditional text
-- before rules run.
return {
  -- a percent right after one of these is a change rate
  growth_cues = { "同比增长", "增长", "增速", "增幅", "比增", "同比", "增加",
    "提高", "提升", "上升", "下降", "减少", "降低", "回落", "负增长", "拉动",
    "年均增长", "增", "下滑", "减", "降", "高于", "低于", "压缩", "缩短", "高",
    "低", "快", "慢" },
  -- ... and a negative one after these
  decline = { ["下降"] = true, ["减少"] = true, ["降低"] = true, ["净减"] = true,
    ["回落"] = true, ["负增长"] = true, ["下滑"] = true, ["减"] = true,
    ["降"] = true, ["低于"] = true, ["压缩"] = true, ["缩短"] = true,
    ["低"] = true, ["慢"] = true },
  -- words allowed between the cue and the number
  filler = { "了", "为", "达到", "达", "到", "至", "约", "是", "分别", "均", " ",
    "近", "超", "超过", "逾", "突破" },
  -- an amount right after one of these is an absolute change (净增97户)
  change_cues = { "净增", "较上年增加", "较上年增长", "比上年增加", "比上年增长",
    "较去年增加", "较去年增长", "比去年增加", "比去年增长", "同比增加" },
  -- a bare number right after these lost its percent sign (增长42。)
  lost_percent_cues = { "同比增长", "增长", "增速", "增幅", "比增", "下降", "占比",
    "占", "比重", "率" },
  -- a number in 万 right after these counts people (产业人口达8.7万)
  people_words = { "人口", "人员", "员工", "职工", "从业人员", "游客", "就业人数",
    "常住人口", "产业人口" },
  -- an amount right after one of these verbs, with a base word before it,
  -- is a change against that base (比上年末增加87家)
  base_change_verbs = { "增加", "增长", "减少", "下降", "净增", "净减", "提高",
    "提升", "降低" },
  base_words = { "比上年", "较上年", "比去年", "较去年", "比年初", "较年初", "同比",
    "比上年末", "较上年末" },
  -- a ratio after these is a set of shares (三次产业结构为0.1:41.2:58.7)
  ratio_words = { "产业结构", "结构为", "比例为", "之比" },
  -- a percent after these is a proportion
  share_cues = { "占", "比重", "占比", "率", "的" },
  growth_words = { "增长", "增速", "增幅" },
  -- anything after these in the sentence is planned or forecast
  target_cues = { "计划", "力争", "目标为", "目标是", "预计", "确保", "拟", "预期",
    "争取实现", "争取达到", "明年", "建成后", "达产后", "投产后" },
  -- ... and these only within their clause
  target_clause_cues = { "规划", "可突破", "可实现", "可达", "将达", "可新增" },
  -- quantities in a clause with these are rules or names, not figures
  skip_clause_cues = { "每个", "每家", "每名", "每人", "每年", "每月", "每周",
    "连续" },
  -- a decline named anywhere before a change figure makes it negative
  -- (低于全省3个百分点)
  decline_words = { "下降", "减少", "降低", "回落", "负增长", "下滑", "低于" },
  -- a clause opening with these is about a county, city or province, not
  -- the zone: its facts carry no zone
  non_zone_scopes = { "全县", "全市", "全省", "全国", "全州", "全盟" },
  -- a rank in a clause with these is an overall ranking
  overall_rank_cues = { "综合", "总排名", "考核", "考评", "评价" },
  -- a figure no keyword claims that opens with these is the total or a
  -- part of the figure before it (高新技术企业32家,总数达到156家)
  total_cues = { "总数", "总量", "总计", "合计", "累计达", "其中" },
  -- the indicator of a quantity no keyword claims, by unit
  unit_defaults = { mu = "land_area" },
}
