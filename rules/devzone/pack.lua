-- The devzone pack: facts of development-zone work reports, press
-- conferences and news features (开发区, 经开区, 高新区, 工业园区).
--
-- The reading itself (sentences, numbers, periods, 分别 lists, plan
-- sections) is hanscan's shared model (lua/hanscan/extract.lua); this
-- pack supplies the words: which keywords name which indicator
-- (indicators.lua) and which cue words mark growth, shares, targets and
-- text to skip (cues.lua). Conventions and judgement calls: README.md
-- beside this file. Test cases: tests/ (`hanscan test devzone`).
return {
  name = "devzone",
  version = "0.2.0",
  api = 1,
  description = "Development-zone reports: output, investment, projects, "
      .. "enterprises, land, ranks and targets",
  rules = { "indicators", "cues" },
  -- every fact holds a digit or a Chinese numeral (百余家, 首位): a text
  -- with none of these is skipped without running the rules
  triggers = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "一", "二", "两",
    "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "亿", "首",
    "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟", "零", "〇" },
}
