-- hanscan.facts: a set of fact records and the queries report scripts ask.
--
--   local Facts = require "hanscan.facts"
--   local fs = Facts.new(records)            -- records: list of fact tables
--   fs:filter{ indicator = "tax", measure = "level" }   -- a new set
--   fs:filter(function(f) return f.unit == "CNY" end)
--   fs:group("zone")        --> { [zone] = <set> }, and the sorted keys
--   fs:values("period")     --> distinct values, sorted
--   fs:latest()             --> the fact of the latest period (ties: first)
--   fs:sum()                --> exact decimal sum of the values (one unit)
--   fs:pivot("zone", "indicator", pick)  --> rows, columns, cells
--
-- Values stay exact decimal strings; sums use hanscan.decimal. A query
-- never mixes units: sum() and latest() refuse a set with two units.
local decimal = require "hanscan.decimal"

local M = {}
M.__index = M

function M.new(records)
  return setmetatable({ list = records or {} }, M)
end

function M:__len() return #self.list end

function M:each() return ipairs(self.list) end

local function matches(f, want)
  for k, v in pairs(want) do
    if type(v) == "table" then
      local ok = false
      for _, x in ipairs(v) do
        if f[k] == x then ok = true break end
      end
      if not ok then return false end
    elseif f[k] ~= v then
      return false
    end
  end
  return true
end

-- Keep the facts whose fields equal `want` (a value, or a list of
-- accepted values), or for which the function `want` returns true.
function M:filter(want)
  local out = {}
  for _, f in ipairs(self.list) do
    if (type(want) == "function" and want(f)) or
        (type(want) == "table" and matches(f, want)) then
      out[#out + 1] = f
    end
  end
  return M.new(out)
end

function M:values(field)
  local seen, out = {}, {}
  for _, f in ipairs(self.list) do
    local v = f[field]
    if v ~= nil and not seen[v] then
      seen[v] = true
      out[#out + 1] = v
    end
  end
  table.sort(out, function(a, b) return tostring(a) < tostring(b) end)
  return out
end

function M:group(field)
  local groups = {}
  for _, f in ipairs(self.list) do
    local k = f[field] or ""
    groups[k] = groups[k] or M.new()
    table.insert(groups[k].list, f)
  end
  local keys = {}
  for k in pairs(groups) do keys[#keys + 1] = k end
  table.sort(keys)
  return groups, keys
end

-- A period's end as a sortable key: 2024 -> "2024-12", 2024-01..2024-09 ->
-- "2024-09"; a longer period sorts after a shorter one ending the same month.
function M.period_key(p)
  p = p or ""
  local last = p:match("%.%.(%d%d%d%d%-%d%d)$") or p:match("%.%.(%d%d%d%d)$")
  if last and #last == 4 then last = last .. "-12" end
  if not last then
    last = p:match("^(%d%d%d%d%-%d%d)$") or (p:match("^(%d%d%d%d)$") and p .. "-12")
  end
  local first = p:match("^(%d%d%d%d%-%d%d)") or (p:match("^(%d%d%d%d)") and
      p:sub(1, 4) .. "-01")
  if not last then return "" end
  -- later end first; for the same end the longer span (earlier start) wins
  return last .. "|" .. (first and string.format("%s", 9999 - tonumber(first:sub(1, 4)))
      .. (first:sub(6, 7)) or "")
end

local function one_unit(self, what)
  local units = self:values("unit")
  if #units > 1 then
    error(what .. ": facts in several units (" .. table.concat(units, ", ")
      .. "); filter by unit first", 2)
  end
  return units[1]
end

-- The fact of the latest period; nil for an empty set.
function M:latest()
  one_unit(self, "latest")
  local best, bk
  for _, f in ipairs(self.list) do
    local k = M.period_key(f.period)
    if not best or k > bk then best, bk = f, k end
  end
  return best
end

-- Exact sum of the values; nil for an empty set.
function M:sum()
  one_unit(self, "sum")
  if #self.list == 0 then return nil end
  local total = "0"
  for _, f in ipairs(self.list) do total = M.add(total, tostring(f.value)) end
  return total
end

-- Exact addition of two decimal strings (hanscan.decimal.add).
M.add = decimal.add

-- rows x columns table: cell = pick(set of facts at that row and column)
-- (default: the latest value). Returns rows, columns, cells[row][col].
function M:pivot(row_field, col_field, pick)
  pick = pick or function(set)
    local f = set:latest()
    return f and f.value
  end
  local rows = self:values(row_field)
  local cols = self:values(col_field)
  local cells = {}
  for _, r in ipairs(rows) do
    cells[r] = {}
    for _, c in ipairs(cols) do
      local set = self:filter { [row_field] = r, [col_field] = c }
      if #set.list > 0 then cells[r][c] = pick(set) end
    end
  end
  return rows, cols, cells
end

return M
