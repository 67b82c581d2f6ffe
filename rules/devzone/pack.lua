-- The devzone pack: facts of development-zone work reports, press
-- conferences and news features (开发区, 经开区, 高新区, 工业园区).
--
-- The reading itself (sentences, numbers, periods, 分别 lists, plan
-- sections) is hanscan's shared model (lua/hanscan/extract.lua); this
-- pack supplies the words: which keywords name which indicator
-- (indicators.lua) and which cue words mark growth, shares, targets and
-- text to skip (cues.lua). Conventions: ../../docs/facts.md. Test cases:
-- tests/ (`hanscan test devzone`).
return {
  name = "devzone",
  version = "0.2.0",
  api = 1,
  description = "Development-zone reports: output, investment, projects, "
      .. "enterprises, land, ranks and targets",
  rules = { "indicators", "cues" },
}
