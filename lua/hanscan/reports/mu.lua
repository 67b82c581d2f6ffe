-- mu: 亩均效益 — output, tax and investment per mu of land for each zone
-- and period, graded A/B/C/D on tax per mu.
--
-- A per-mu figure needs a money fact and a land fact of the same zone and
-- period; the land is the largest land_area level stated for them (亩;
-- 平方公里 × 1500; 公顷 × 15). Figures stated per mu (亩均税收28.5万元) are
-- taken as they are. Where either side is missing the report says so.
local report = require "hanscan.report"
local C = require "hanscan.reports.common"

-- grades on 亩均税收 (万元/亩): A at least 30, B at least 15, C at least 5,
-- D below
local GRADES = { { "A", 30 }, { "B", 15 }, { "C", 5 } }
local MEASURES = {
  { name = "亩均产值", indicator = "industrial_output" },
  { name = "亩均税收", indicator = "tax" },
  { name = "亩均投资", indicator = "fixed_asset_investment" },
}

local function grade(tax_per_mu)
  if not tax_per_mu then return "—" end
  for _, g in ipairs(GRADES) do
    if tax_per_mu >= g[2] then return g[1] end
  end
  return "D"
end

return function(facts, out)
  local r = report.new("亩均效益评价 · Output per mu")
  local rows, notes = {}, {}
  local chart_labels, chart_values = {}, {}
  local groups, zones = facts:filter(function(f)
    return f.zone ~= "" and f.measure == "level"
  end):group("zone")
  for _, zone in ipairs(zones) do
    for _, per in ipairs(C.periods(groups[zone])) do
      local ps = groups[zone]:filter { period = per }
      local land
      for _, f in ipairs(ps:filter { indicator = "land_area" }.list) do
        local m = C.mu(f.value, f.unit)
        if m and (not land or m > land) then land = m end
      end
      local row = { zone, per ~= "" and per or "—", land and report.fixed(land) or "—" }
      local tax_per_mu
      local any = false
      for _, m in ipairs(MEASURES) do
        local per_mu = C.first(ps:filter { indicator = m.indicator, unit = "CNY/mu" })
        local money = C.first(ps:filter { indicator = m.indicator, unit = "CNY" })
        local v
        if per_mu then
          v = tonumber(per_mu.value) / 1e4
        elseif money and land and land > 0 then
          v = tonumber(money.value) / 1e4 / land
        elseif money then
          notes[#notes + 1] = string.format("%s %s: %s but no land area",
            zone, per ~= "" and per or "(no period)", m.name)
        end
        if v then any = true end
        row[#row + 1] = v and report.fixed(v) or "—"
        if m.indicator == "tax" then tax_per_mu = v end
      end
      row[#row + 1] = grade(tax_per_mu)
      if any then
        rows[#rows + 1] = row
        if tax_per_mu then
          chart_labels[#chart_labels + 1] = zone .. " " .. per
          chart_values[#chart_values + 1] = tax_per_mu
        end
      end
    end
  end
  local g = {}
  for _, x in ipairs(GRADES) do g[#g + 1] = x[1] .. " ≥ " .. x[2] end
  r:para("万元/亩. Grades on 亩均税收: " .. table.concat(g, ", ") .. ", D below.")
  r:table { headers = { "园区", "时期", "土地(亩)", "亩均产值", "亩均税收", "亩均投资", "等级" },
    align = { nil, nil, "r", "r", "r", "r", nil }, rows = rows }
  if #chart_values > 0 then
    r:bar { title = "亩均税收", unit = "万元/亩", labels = chart_labels, values = chart_values }
  end
  for _, n in ipairs(notes) do r:note(n) end
  if #rows == 0 then r:note("No zone has both a money figure and a land area for one period.") end
  r:write(out)
end
