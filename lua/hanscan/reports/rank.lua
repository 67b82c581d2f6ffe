-- rank: 赛马 — zones ranked by a weighted composite of indicators.
--
-- Each indicator's latest figure per zone is scored 0-100 across the
-- zones (the best 100, the worst 0; all equal: 100); a zone's composite is
-- the weighted mean of the scores it has, if they carry at least half of
-- the weight, and the report names what is missing. Change WEIGHTS to
-- change the evaluation.
local report = require "hanscan.report"

local WEIGHTS = {
  { indicator = "industrial_output", measure = "growth", unit = "percent",
    weight = 0.3, name = "工业总产值增速" },
  { indicator = "tax", measure = "growth", unit = "percent", weight = 0.2,
    name = "税收增速" },
  { indicator = "fixed_asset_investment", measure = "growth", unit = "percent",
    weight = 0.2, name = "固定资产投资增速" },
  { indicator = "investment_attracted", measure = "level", unit = "CNY",
    weight = 0.2, name = "引资额" },
  { indicator = "projects_signed", measure = "level", unit = "count",
    weight = 0.1, name = "签约项目数" },
}

return function(facts, out)
  local r = report.new("园区综合排名 · Zone ranking")
  local groups, zones = facts:filter(function(f) return f.zone ~= "" end):group("zone")
  local raw = {}
  for _, w in ipairs(WEIGHTS) do
    raw[w] = {}
    for _, zone in ipairs(zones) do
      local f = groups[zone]:filter { indicator = w.indicator, measure = w.measure,
        unit = w.unit }:latest()
      raw[w][zone] = f and tonumber(f.value)
    end
  end
  local scored, unranked = {}, {}
  local total_weight = 0
  for _, w in ipairs(WEIGHTS) do total_weight = total_weight + w.weight end
  for _, zone in ipairs(zones) do
    local total, weight, parts, missing = 0, 0, {}, {}
    for _, w in ipairs(WEIGHTS) do
      local lo, hi = math.huge, -math.huge
      for _, z in ipairs(zones) do
        local v = raw[w][z]
        if v then lo = math.min(lo, v); hi = math.max(hi, v) end
      end
      local v = raw[w][zone]
      if v then
        local score = hi > lo and (v - lo) / (hi - lo) * 100 or 100
        total, weight = total + score * w.weight, weight + w.weight
        parts[#parts + 1] = report.fixed(score, 1)
      else
        parts[#parts + 1] = "—"
        missing[#missing + 1] = w.name
      end
    end
    -- a zone is ranked on at least half of the weight, so that one good
    -- figure cannot stand for a whole evaluation
    if weight >= 0.5 * total_weight then
      scored[#scored + 1] = { zone = zone, score = total / weight, parts = parts,
        missing = missing }
    else
      unranked[#unranked + 1] = zone
    end
  end
  table.sort(scored, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.zone < b.zone
  end)
  local headers = { "名次", "园区", "综合得分" }
  local desc = {}
  for _, w in ipairs(WEIGHTS) do
    headers[#headers + 1] = w.name
    desc[#desc + 1] = string.format("%s %.0f%%", w.name, w.weight * 100)
  end
  local rows, labels, values = {}, {}, {}
  for i, s in ipairs(scored) do
    local row = { tostring(i), s.zone, report.fixed(s.score, 1) }
    for _, p in ipairs(s.parts) do row[#row + 1] = p end
    rows[#rows + 1] = row
    labels[#labels + 1] = s.zone
    values[#values + 1] = s.score
  end
  r:para("Weights: " .. table.concat(desc, ", ") ..
    ". Scores 0-100 across the zones; latest figure of each.")
  r:table { headers = headers, rows = rows,
    align = { "r", nil, "r", "r", "r", "r", "r", "r" } }
  if #values > 0 then r:bar { title = "综合得分", labels = labels, values = values } end
  for _, s in ipairs(scored) do
    if #s.missing > 0 then
      r:note(s.zone .. ": no figure for " .. table.concat(s.missing, ", "))
    end
  end
  if #unranked > 0 then
    r:note("Not ranked, figures for less than half of the weight: " ..
      table.concat(unranked, ", "))
  end
  if #scored == 0 then r:note("No zone has any of the weighted indicators.") end
  r:write(out)
end
