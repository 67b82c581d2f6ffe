-- A new indicator in a few lines: 税收占工业总产值比重 (tax as a share of
-- industrial output) per zone and period, from facts already extracted.
--   hanscan report examples/new_indicator.lua facts.db -o share.html
local report = require "hanscan.report"

return function(facts, out)
  local r = report.new("税收占工业总产值比重 · Tax / industrial output")
  local money = facts:filter { measure = "level", unit = "CNY" }
  local rows, labels, values = {}, {}, {}
  local groups, zones = money:filter(function(f) return f.zone ~= "" end):group("zone")
  for _, zone in ipairs(zones) do
    for _, period in ipairs(groups[zone]:values("period")) do
      local set = groups[zone]:filter { period = period }
      local tax = set:filter { indicator = "tax" }.list[1]
      local output = set:filter { indicator = "industrial_output" }.list[1]
      if tax and output and tonumber(output.value) > 0 then
        local share = tonumber(tax.value) / tonumber(output.value) * 100
        rows[#rows + 1] = { zone, period, report.money(tax.value),
          report.money(output.value), report.fixed(share) .. "%" }
        labels[#labels + 1] = zone .. " " .. period
        values[#values + 1] = share
      end
    end
  end
  r:table { headers = { "园区", "时期", "税收", "工业总产值", "比重" },
    align = { nil, nil, "r", "r", "r" }, rows = rows }
  if #rows > 0 then r:bar { title = "税收占工业总产值比重", unit = "%", labels = labels, values = values } end
  r:write(out)
end
