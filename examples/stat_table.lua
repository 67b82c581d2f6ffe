-- examples/stat_table.lua: statistical tables, one row per figure.
--
--   hanscan exec examples/stat_table.lua examples/reports/qingjiang-2024q3-tables.txt
--   hanscan exec examples/stat_table.lua -o tables.csv reports/
--
-- Reads two layouts of scraped statistics pages, cells separated by |,
-- tabs or runs of two or more spaces:
--
--   by indicator                      by zone (the devzone pack reads none
--   单位:亿元、%                       of this: its figures have no keyword
--   指标名称 | 本期 | 同比              in their own clause)
--   规模以上工业总产值 | 286.5 | 12.4   园区 | 工业总产值(亿元) | 同比(%)
--                                     青江经开区 | 286.5 | 12.4
--
-- Units come from a header line (单位:亿元、%: the first for amounts, % for
-- growth) or from a column name ("工业总产值(亿元)"). "--" is an empty cell.
-- Each figure becomes one row: doc, title (the line above the table), zone,
-- label (as written), indicator (the pack's canonical id for the label),
-- value (in base units: 亿元 -> CNY), unit, growth (percent).
local lpeg = require "lpeg"
local decimal = require "hanscan.decimal"
local period = require "hanscan.period"
local zone = require "hanscan.zone"
local P, S, C, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Ct

columns = { "doc", "title", "period", "zone", "label", "indicator", "value",
  "unit", "growth" }

-- {==== cells and numbers
local sp = S" \t"
local sep = sp^0 * (P"|" + "\t") * sp^0 + sp * sp^1
local cell = C((1 - sep - "|")^1) + C""
local row = Ct(sp^0 * cell * (sep * cell)^1) * -1
local num = C(P"-"^-1 * lpeg.R"09"^1 * ("." * lpeg.R"09"^1)^-1) * -1

-- amounts in these units, as (base unit, power of ten)
local scale = { ["亿元"] = { "CNY", 8 }, ["万元"] = { "CNY", 4 },
  ["元"] = { "CNY", 0 }, ["万美元"] = { "USD", 4 }, ["亿美元"] = { "USD", 8 },
  ["万人"] = { "person", 4 }, ["个"] = { "count", 0 }, ["家"] = { "count", 0 } }
local units_line = P"单位" * sp^0 * S":：" * sp^0 * C((1 - S"、,，")^1)

local function is_growth(name)
  return name:find("同比", 1, true) or name:find("增长", 1, true)
      or name:find("增速", 1, true) or name:find("%", 1, true)
end

-- "工业总产值(亿元)" -> "工业总产值", "亿元"
local function split_unit(name)
  local base, u = name:match("^(.-)%((.-)%)$")
  if base then return base, u end
  return name, nil
end
-- }====

-- {==== indicator ids from the pack's keywords (longest keyword wins)
local function indicator_of(label)
  local best, best_len = "other", 0
  for _, e in ipairs(pack.indicators) do
    for _, w in ipairs(e.before or {}) do
      if #w > best_len and label:find(w, 1, true) then
        best, best_len = e.indicator, #w
      end
    end
  end
  return best
end
-- }====

local function value_of(cellv, unit)
  local v = num:match(cellv)
  if not v then return nil end
  local u = scale[unit or ""]
  if not u then return tonumber(v), unit or "" end
  local s = decimal.shift(v, u[2])
  return math.tointeger(tonumber(s)) or tonumber(s), u[1]
end

function document(doc)
  local title, amount_unit, header = "", nil, nil
  local year = period.doc_year(doc.text) -- resolves 今年 in a title
  for line in (doc.text .. "\n"):gmatch("([^\n]*)\n") do
    local cells = row:match(line)
    local u = units_line:match(line)
    if u then
      amount_unit = u
    elseif not cells then
      if line:match("%S") then title, header, amount_unit = line, nil, nil end
    elseif not header then
      header = cells -- the first row of a table names its columns
    else
      local label = cells[1]
      local by_zone = header[1]:find("园区", 1, true) or
          header[1]:find("地区", 1, true) or header[1]:find("单位", 1, true)
      local per = period.scan(title, year)
      per = per[1] and per[1].period or ""
      local cur -- the figure a growth column belongs to
      for i = 2, #header do
        local name, unit = split_unit(header[i])
        if is_growth(name) then
          if cur then
            local g = num:match(cells[i] or "")
            cur.growth = g and tonumber(g) or nil
          end
        else
          if cur and cur.value then emit(cur) end
          local what = by_zone and name or label
          local value, base = value_of(cells[i] or "", unit or amount_unit)
          cur = { doc = doc.name, title = title, period = per,
            zone = by_zone and label or zone.main(title) or "", label = what,
            indicator = indicator_of(what), value = value, unit = base }
        end
      end
      if cur and (cur.value or cur.growth) then emit(cur) end
    end
  end
end
