-- projects: projects signed, started and completed per zone and period,
-- and the rates between them (开工率 = started / signed, 投产率 =
-- completed / signed). Counts only; money of project groups is left out.
local report = require "hanscan.report"
local C = require "hanscan.reports.common"

local STAGES = { "projects_signed", "projects_started", "projects_completed" }

local function rate(a, b)
  if not a or not b or b == 0 then return "—" end
  return report.fixed(a / b * 100, 1) .. "%"
end

return function(facts, out)
  local r = report.new("项目推进 · Projects signed, started, completed")
  local counts = facts:filter(function(f)
    return f.zone ~= "" and f.unit == "count" and f.measure == "level"
  end)
  local groups, zones = counts:group("zone")
  local rows, notes = {}, {}
  local labels, signed_v = {}, {}
  for _, zone in ipairs(zones) do
    for _, per in ipairs(C.periods(groups[zone])) do
      local ps = groups[zone]:filter { period = per }
      local n = {}
      for i, st in ipairs(STAGES) do
        local f = C.first(ps:filter { indicator = st })
        n[i] = f and tonumber(f.value)
      end
      if n[1] or n[2] or n[3] then
        local p = per ~= "" and per or "—"
        rows[#rows + 1] = { zone, p, n[1] and report.fixed(n[1]) or "—",
          n[2] and report.fixed(n[2]) or "—", n[3] and report.fixed(n[3]) or "—",
          rate(n[2], n[1]), rate(n[3], n[1]) }
        if not n[1] then
          notes[#notes + 1] = zone .. " " .. p .. ": no count of signed projects, so no rates"
        end
        labels[#labels + 1] = zone .. " " .. p
        signed_v[#signed_v + 1] = n[1] or false
      end
    end
  end
  r:table { headers = { "园区", "时期", "签约", "开工", "投产", "开工率", "投产率" },
    align = { nil, nil, "r", "r", "r", "r", "r" }, rows = rows }
  if #labels > 0 then
    r:bar { title = "签约项目", unit = "个", labels = labels, values = signed_v }
  end
  for _, nt in ipairs(notes) do r:note(nt) end
  if #rows == 0 then r:note("No counts of signed, started or completed projects.") end
  r:write(out)
end
