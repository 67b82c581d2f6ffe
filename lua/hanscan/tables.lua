-- hanscan.tables: statistical tables as scraped pages carry them.
--
--   2024年1-9月主要经济指标
--   单位:亿元、%
--   指标名称 | 绝对额 | 同比增长
--   规模以上工业总产值 | 286.5 | 12.4
--   规模以上工业增加值 | -- | 9.6
--
-- Cells are separated by |, tabs or runs of spaces, or stand one per line
-- (the header's cells on consecutive lines, then each row's label and
-- values). The units come from a header line (单位:亿元、%), from the
-- column names (同比增长(%)) or from the label (实际利用外资(万美元)). "--"
-- is an empty cell; a hyphen between digits is a damaged decimal point.
--
-- tables.find(text) -> list of { s =, e = (byte range), title_s =,
--   by_zone = (zones in rows, indicators in columns),
--   rows = { { label =, s =, e =, cells = { { value =, column = "level" |
--   "growth", unit =, kind =, label = (by_zone: the column's indicator
--   name) } … } } … } }
local number = require "hanscan.number"
local decimal = require "hanscan.decimal"

local M = {}

M.level_columns = { "绝对额", "绝对值", "本期", "本月", "累计", "总量", "数值",
  "完成", "金额", "总额", "实绩", "本年" }
M.growth_columns = { "同比", "增长", "增速", "增幅", "比上年", "±%" }

local function has(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return w end
  end
end

-- Full-width brackets and colons as ASCII (the C core has done this for
-- documents; scripts may hand raw text).
local function ascii(line)
  return (line:gsub("（", "("):gsub("）", ")"):gsub("：", ":"))
end

-- The lines of s; a line's `text` (brackets and colons made ASCII) is
-- made when first asked for, as only lines near a table are read.
local line_mt = { __index = function(t, k)
  if k == "text" then
    local v = ascii(t.raw)
    rawset(t, "text", v)
    return v
  end
end }

local function lines_of(s)
  local out = {}
  for ls, line, le in s:gmatch("()([^\n]*)()") do
    out[#out + 1] = setmetatable({ s = ls, e = le, raw = line }, line_mt)
  end
  return out
end

-- Split a line into cells: |, tabs, or two or more spaces; a lone space
-- between a label and a number separates them too.
local function cells_of(line)
  local t = line:gsub("^%s+", ""):gsub("%s+$", "")
  local cells = {}
  if t:find("|", 1, true) then
    for c in (t .. "|"):gmatch("(.-)|") do
      c = c:gsub("^%s+", ""):gsub("%s+$", "")
      if c ~= "" then cells[#cells + 1] = c end
    end
    return cells
  end
  -- tabs and runs of two or more spaces separate cells
  local wide = t:gsub("\t", "  ")
  for c in (wide .. "  "):gmatch("(.-)%s%s+") do
    c = c:gsub("^%s+", "")
    if c ~= "" then cells[#cells + 1] = c end
  end
  if #cells > 1 then return cells end
  -- one space only: a label (which may hold spaces) then numbers
  local out = {}
  for c in t:gmatch("%S+") do
    if #out > 0 and M.cell_value(c) == nil and M.cell_value(out[#out]) == nil then
      out[#out] = out[#out] .. c
    else
      out[#out + 1] = c
    end
  end
  return out
end

-- The value of a cell: an exact decimal string, false for an empty cell
-- ("--", "—", "…"), nil when it is not a number.
function M.cell_value(c)
  if c == "--" or c == "—" or c == "——" or c == "-" or c == "…" or c == "/" then
    return false
  end
  local sign, a, b = c:match("^([%-]?)(%d+)%-(%d+)$")
  if a and sign == "" then return decimal.norm(a .. "." .. b) end
  local v = c:match("^[%-+]?%d[%d,]*%.?%d*$")
  if v then return decimal.norm((c:gsub(",", ""):gsub("^%+", ""))) end
  return nil
end

-- 单位:亿元、% -> { "亿元", "%" }
local function units_header(line)
  local rest = line:match("单位%s*:%s*(.-)%s*%)?%s*$")
  if not rest then return nil end
  local out = {}
  rest = rest:gsub("、", ",")
  for u in (rest .. ","):gmatch("(.-)[,/]") do
    u = u:gsub("^%s+", ""):gsub("%s+$", "")
    if u ~= "" then out[#out + 1] = u end
  end
  return #out > 0 and out or nil
end

-- A header of zones in rows and indicators in columns:
-- 园区 | 工业总产值(亿元) | 同比(%) | 税收(亿元) | 同比(%)
M.zone_headers = { ["园区"] = true, ["开发区"] = true, ["园区名称"] = true,
  ["开发区名称"] = true, ["名称"] = true, ["地区"] = true, ["区域"] = true,
  ["单位"] = true, ["单位名称"] = true, ["县市区"] = true }

-- Does a line start with one of the zone headers (园区 | …)?
local function zone_header_start(line)
  local first = line:match("^%s*([^%s|]+)")
  return first ~= nil and M.zone_headers[first] == true
end

local function is_zone_header(cells)
  if #cells < 3 or not M.zone_headers[cells[1]] then return false end
  local typed = false
  for i = 2, #cells do
    if cells[i]:find("(", 1, true) or has(cells[i], M.growth_columns) then
      typed = true
    end
    if M.cell_value(cells[i]) ~= nil then return false end
  end
  return typed
end

local function is_header(cells)
  if #cells < 2 then return false end
  if is_zone_header(cells) then return true end
  local label = cells[1]
  if not (label:find("指标", 1, true) or label:find("项目", 1, true)) then
    return false
  end
  for i = 2, #cells do
    if not (has(cells[i], M.level_columns) or has(cells[i], M.growth_columns)) then
      return false
    end
  end
  return true
end

-- unit text (亿元, 万美元, %, 亩 …) -> unit, kind, scale through the
-- number and unit grammars: "1" .. text read as a quantity.
local function unit_of(text, units)
  if not text then return nil end
  if text == "%" or text == "％" then return "percent", "percent", 0 end
  local n = number.match("1" .. text, 1)
  local scale = n and n.scale or 0
  local u = units.match("1" .. text, n and n.stop or 2)
  if not u then return nil end
  return u.unit, u.kind, scale
end

local function column_kinds(header, unit_list, units)
  local cols = {}
  local levels = 0
  local by_zone = is_zone_header(header)
  local last_label
  for i = 2, #header do
    local name = header[i]
    local c = { name = name }
    local paren = name:match("%(([^)]+)%)")
    if by_zone then
      -- the indicator is the column's name; a 同比 column is the growth
      -- of the column before it
      local label = name:gsub("%(.-%)", "")
      if has(name, M.growth_columns) and (not last_label or
          has(label, M.growth_columns) == label) then
        c.label = last_label
      else
        c.label = label
        last_label = label
      end
    end
    if has(name, M.growth_columns) and (not by_zone or c.label ~= (name:gsub("%(.-%)", ""))) then
      c.kind = "growth"
      c.unit, c.ukind, c.scale = "percent", "percent", 0
    else
      c.kind = "level"
      levels = levels + 1
      local ut = paren or (unit_list and unit_list[levels]) or
          (unit_list and unit_list[i - 1])
      c.unit, c.ukind, c.scale = unit_of(ut, units)
    end
    cols[#cols + 1] = c
  end
  return cols, by_zone
end

-- A text holds a table only if it holds one of these; most prose does
-- not, and is not split into lines at all.
M.gate = { "单位", "指标", "|", "\t", "同比(", "(亿元)", "(万元)",
  "（亿元）", "（万元）", "同比（" }

function M.find(s, units)
  local any = false
  for _, w in ipairs(M.gate) do
    if s:find(w, 1, true) then any = true break end
  end
  -- 项目 heads a table only at the start of a line
  any = any or s:find("^%s*项目") ~= nil or s:find("\n%s*项目") ~= nil
  if not any then return {} end
  units = units or require "hanscan.units"
  local L = lines_of(s)
  local found = {}
  local i = 1
  while i <= #L do
    -- a table starts with a units line (单位) or a header naming 指标,
    -- 项目 or a zone column; other lines are passed over at once
    local line = L[i].raw
    if not (line:find("单位", 1, true) or line:find("指标", 1, true) or
        line:find("^%s*项目") or zone_header_start(line)) then
      i = i + 1
      goto next_line
    end
    do
    local unit_list = units_header(L[i].text)
    local hi = unit_list and i + 1 or i
    -- the header: cells on one line, or one cell per line
    local header, first_row, per_line = nil, nil, false
    if hi <= #L then
      local c = cells_of(L[hi].text)
      local words = {}
      for w in L[hi].text:gmatch("%S+") do words[#words + 1] = w end
      if is_header(c) then
        header, first_row = c, hi + 1
      elseif is_header(words) then -- single spaces: 指标 绝对额 增速
        header, first_row = words, hi + 1
      elseif unit_list and #words == 1 and words[1]:find("指标", 1, true) then
        -- one cell per line: gather the header's cells
        local h = { words[1] }
        local j = hi + 1
        while j <= #L and #h < 6 do
          local t = L[j].text:gsub("^%s+", ""):gsub("%s+$", "")
          if has(t, M.level_columns) or has(t, M.growth_columns) then
            h[#h + 1] = t
            j = j + 1
          else
            break
          end
        end
        if #h >= 2 then header, first_row, per_line = h, j, true end
      end
    end
    if header then
      local cols, by_zone = column_kinds(header, unit_list, units)
      local t = { s = L[unit_list and i or hi].s, rows = {}, title_s = nil,
        by_zone = by_zone }
      local title = unit_list and i - 1 or hi - 1
      if title >= 1 then t.title_s = L[math.max(1, title - 1)].s end
      local j = first_row
      while j <= #L do
        local cells, row_e, row_s
        if per_line then
          cells = { (L[j].text:gsub("^%s+", ""):gsub("%s+$", "")) }
          row_s = L[j].s
          local k = j + 1
          while k <= #L and #cells < #header do
            local v = L[k].text:gsub("^%s+", ""):gsub("%s+$", "")
            if M.cell_value(v) == nil and v ~= "" then break end
            cells[#cells + 1] = v
            k = k + 1
          end
          row_e = L[k - 1].e
          if #cells < 2 or M.cell_value(cells[1]) ~= nil then break end
          j = k
        else
          cells = cells_of(L[j].text)
          row_s, row_e = L[j].s, L[j].e
          if #cells < 2 or M.cell_value(cells[1]) ~= nil then
            if #cells == 0 and #t.rows == 0 then j = j + 1 goto continue end
            break
          end
          local ok = true
          for k = 2, #cells do
            if M.cell_value(cells[k]) == nil then ok = false end
          end
          if not ok then break end
          j = j + 1
        end
        do
          local label = cells[1]
          local row = { label = label, s = row_s, e = row_e, cells = {} }
          local paren = label:match("%(([^)]+)%)%s*$")
          local lu, lk, ls
          if paren then lu, lk, ls = unit_of(paren, units) end
          for k = 2, #cells do
            local col = cols[k - 1]
            local v = M.cell_value(cells[k])
            if col and v then
              local unit, kind, scale = col.unit, col.ukind, col.scale
              if col.kind == "level" and lu then unit, kind, scale = lu, lk, ls end
              if unit then
                row.cells[#row.cells + 1] = { value = decimal.shift(v, scale or 0),
                  column = col.kind, unit = unit, kind = kind,
                  label = col.label }
              end
            end
          end
          t.rows[#t.rows + 1] = row
        end
        ::continue::
      end
      if #t.rows > 0 then
        t.e = t.rows[#t.rows].e
        found[#found + 1] = t
        -- continue after the table
        while i <= #L and L[i].s < t.e do i = i + 1 end
      else
        i = i + 1
      end
    else
      i = i + 1
    end
    end
    ::next_line::
  end
  return found
end

return M
