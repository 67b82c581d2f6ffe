-- scorecard: per zone and period, every canonical indicator with its
-- level and growth, the headline figure of each (the first stated).
local report = require "hanscan.report"
local C = require "hanscan.reports.common"

-- the indicator charted across zones and periods
local CHART = "industrial_output"

return function(facts, out)
  local r = report.new("园区指标总表 · Zone scorecard")
  local zoned = facts:filter(function(f)
    return f.zone ~= nil and f.zone ~= "" and f.measure ~= "target"
  end)
  local groups, zones = zoned:group("zone")
  local rows = {}
  for _, zone in ipairs(zones) do
    local zs = groups[zone]
    for _, per in ipairs(C.periods(zs)) do
      local ps = zs:filter { period = per }
      for _, ind in ipairs(C.order) do
        local is = ps:filter { indicator = ind }
        if #is.list > 0 then
          for _, unit in ipairs(is:filter { measure = "level" }:values("unit")) do
            local lv = C.first(is:filter { measure = "level", unit = unit })
            rows[#rows + 1] = { zone, per ~= "" and per or "—", C.names[ind],
              C.show(lv.value, unit), "" }
          end
          local g = C.first(is:filter { measure = "growth", unit = "percent" })
          if g then
            if #rows > 0 and rows[#rows][3] == C.names[ind] and rows[#rows][5] == ""
                and rows[#rows][1] == zone then
              rows[#rows][5] = report.fixed(g.value) .. "%"
            else
              rows[#rows + 1] = { zone, per ~= "" and per or "—", C.names[ind], "",
                report.fixed(g.value) .. "%" }
            end
          end
        end
      end
    end
  end
  r:para(string.format("%d facts, %d zones. Each line is the first figure a " ..
    "document states for the zone, period and indicator; targets are left out.",
    #facts.list, #zones))
  r:table { headers = { "园区", "时期", "指标", "水平", "增速" },
    align = { nil, nil, nil, "r", "r" }, rows = rows }

  -- the charted indicator: its latest level per zone, and over time
  local labels, values, missing = {}, {}, {}
  local cs = zoned:filter { indicator = CHART, measure = "level", unit = "CNY" }
  local cgroups = cs:group("zone")
  for _, zone in ipairs(zones) do
    local zs = cgroups[zone]
    labels[#labels + 1] = zone
    local f = zs and zs:latest()
    values[#values + 1] = f and tonumber(f.value) / 1e8 or false
    if not f then missing[#missing + 1] = zone end
  end
  if #zones > 0 then
    r:bar { title = C.names[CHART] .. "(最新)", unit = "亿元", labels = labels,
      values = values }
  end
  if #missing > 0 then
    r:note("No " .. C.names[CHART] .. " figure for: " .. table.concat(missing, ", "))
  end
  -- over time: whole years only, so that a half year is not drawn as a dip
  local periods = C.periods(cs:filter(function(f) return f.period:match("^%d%d%d%d$") end))
  if #periods >= 2 then
    local series = {}
    for _, zone in ipairs(zones) do
      local vals = {}
      for i, p in ipairs(periods) do
        local f = cgroups[zone] and C.first(cgroups[zone]:filter { period = p })
        vals[i] = f and tonumber(f.value) / 1e8 or nil
      end
      series[#series + 1] = { name = zone, values = vals }
    end
    r:line { title = C.names[CHART], unit = "亿元", x = periods, series = series }
  end
  r:write(out)
end
