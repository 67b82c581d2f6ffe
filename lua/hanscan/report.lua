-- hanscan.report: the page a report script builds, written as Markdown,
-- CSV or a self-contained HTML page with inline SVG charts.
--
--   local report = require "hanscan.report"
--   local r = report.new("亩均效益评价")
--   r:para("Figures per mu of land, 2024.")
--   r:table{ headers = { "园区", "亩均税收(万元/亩)" }, rows = { { "青江", "12.3" } } }
--   r:bar{ title = "亩均税收", unit = "万元/亩", labels = { "青江" }, values = { 12.3 } }
--   r:line{ title = "工业总产值", unit = "亿元", x = { "2023", "2024" },
--           series = { { name = "青江", values = { 250, 286.5 } } } }
--   r:note("云岭高新区: no land area for 2024")
--   r:write(out)   -- out.format is "md", "csv" or "html"; out:write(s)
--
-- The HTML page needs no network and no JavaScript: styles and charts are
-- inline, fonts are the reader's own CJK fonts. CSV gets the tables only,
-- one after another, each headed by its caption.
local M = {}
M.__index = M

function M.new(title)
  return setmetatable({ title = title or "hanscan report", blocks = {} }, M)
end

function M:para(text) self.blocks[#self.blocks + 1] = { kind = "para", text = text } end
function M:heading(text) self.blocks[#self.blocks + 1] = { kind = "heading", text = text } end
function M:note(text) self.blocks[#self.blocks + 1] = { kind = "note", text = text } end
function M:table(t) t.kind = "table"; self.blocks[#self.blocks + 1] = t end
function M:bar(t) t.kind = "bar"; self.blocks[#self.blocks + 1] = t end
function M:line(t) t.kind = "line"; self.blocks[#self.blocks + 1] = t end

-- {==== number display
-- Base units to the units analysts read: 61413000000 CNY -> "614.13亿元".
function M.money(v)
  v = tonumber(v)
  if not v then return "" end
  local a = math.abs(v)
  if a >= 1e8 then return M.fixed(v / 1e8) .. "亿元" end
  if a >= 1e4 then return M.fixed(v / 1e4) .. "万元" end
  return M.fixed(v) .. "元"
end

-- Up to two decimals, trailing zeros dropped.
function M.fixed(v, places)
  v = tonumber(v)
  if not v then return "" end
  local s = string.format("%." .. (places or 2) .. "f", v)
  if s:find("%.") then s = s:gsub("0+$", ""):gsub("%.$", "") end
  if s == "-0" then s = "0" end
  return s
end
-- }====

-- {==== Markdown
local function md_cell(s)
  return (tostring(s == nil and "" or s):gsub("|", "\\|"):gsub("\n", " "))
end

local function markdown(self, w)
  w("# " .. self.title .. "\n")
  for _, b in ipairs(self.blocks) do
    if b.kind == "heading" then
      w("\n## " .. b.text .. "\n")
    elseif b.kind == "para" then
      w("\n" .. b.text .. "\n")
    elseif b.kind == "note" then
      w("\n> " .. b.text .. "\n")
    elseif b.kind == "table" then
      if b.caption then w("\n" .. b.caption .. "\n") end
      w("\n| " .. table.concat(b.headers, " | ") .. " |\n")
      local sep = {}
      for i = 1, #b.headers do sep[i] = (b.align and b.align[i] == "r") and "---:" or "---" end
      w("| " .. table.concat(sep, " | ") .. " |\n")
      for _, row in ipairs(b.rows) do
        local cells = {}
        for i = 1, #b.headers do cells[i] = md_cell(row[i]) end
        w("| " .. table.concat(cells, " | ") .. " |\n")
      end
      if #b.rows == 0 then w("\n(no rows)\n") end
    elseif b.kind == "bar" or b.kind == "line" then
      w("\n(chart: " .. (b.title or "") .. " — in the HTML report)\n")
    end
  end
end
-- }====

-- {==== CSV
local function csv_cell(s)
  s = tostring(s == nil and "" or s)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function csv(self, w)
  local first = true
  for _, b in ipairs(self.blocks) do
    if b.kind == "table" then
      if not first then w("\r\n") end
      first = false
      if b.caption then w(csv_cell(b.caption) .. "\r\n") end
      local h = {}
      for i, x in ipairs(b.headers) do h[i] = csv_cell(x) end
      w(table.concat(h, ",") .. "\r\n")
      for _, row in ipairs(b.rows) do
        local cells = {}
        for i = 1, #b.headers do cells[i] = csv_cell(row[i]) end
        w(table.concat(cells, ",") .. "\r\n")
      end
    end
  end
end
-- }====

-- {==== HTML and SVG
local function esc(s)
  return (tostring(s == nil and "" or s):gsub("&", "&amp;"):gsub("<", "&lt;")
    :gsub(">", "&gt;"):gsub('"', "&quot;"))
end
M.escape = esc

local palette = { "#2b6cb0", "#c05621", "#2f855a", "#9b2c2c", "#6b46c1",
  "#b7791f", "#2c7a7b", "#4a5568" }

-- Horizontal bars: one per label, the value written at the bar's end.
local function svg_bar(b)
  local n = #b.labels
  local row, left, width, right = 28, 220, 420, 110
  local h = n * row + 50
  local max = 0
  for _, v in ipairs(b.values) do
    if tonumber(v) and math.abs(tonumber(v)) > max then max = math.abs(tonumber(v)) end
  end
  if max == 0 then max = 1 end
  local o = {}
  o[#o + 1] = string.format('<svg xmlns="http://www.w3.org/2000/svg" class="chart bar" ' ..
    'width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">',
    left + width + right, h, left + width + right, h, esc(b.title))
  o[#o + 1] = string.format('<text x="%d" y="18" class="title">%s%s</text>', left,
    esc(b.title or ""), b.unit and ("(" .. esc(b.unit) .. ")") or "")
  for i, label in ipairs(b.labels) do
    local v = tonumber(b.values[i])
    local y = 30 + (i - 1) * row
    o[#o + 1] = string.format('<text x="%d" y="%d" class="label" text-anchor="end">%s</text>',
      left - 8, y + 17, esc(label))
    if v then
      local w = math.max(1, math.floor(width * math.abs(v) / max + 0.5))
      o[#o + 1] = string.format('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>',
        left, y + 4, w, row - 8, v < 0 and "#c53030" or palette[1])
      o[#o + 1] = string.format('<text x="%d" y="%d" class="value">%s</text>',
        left + w + 6, y + 17, esc(M.fixed(v)))
    else
      o[#o + 1] = string.format('<text x="%d" y="%d" class="missing">no data</text>',
        left + 6, y + 17)
    end
  end
  o[#o + 1] = string.format('<line x1="%d" y1="28" x2="%d" y2="%d" class="axis"/>',
    left, left, h - 20)
  o[#o + 1] = "</svg>"
  return table.concat(o, "\n")
end

-- Lines over an ordered x axis (periods), one per series, with a legend.
local function svg_line(b)
  local left, top, width, height = 70, 40, 480, 220
  local W, H = left + width + 160, top + height + 60
  local min, max = math.huge, -math.huge
  for _, s in ipairs(b.series) do
    for _, v in pairs(s.values) do
      v = tonumber(v)
      if v then
        if v < min then min = v end
        if v > max then max = v end
      end
    end
  end
  if min == math.huge then min, max = 0, 1 end
  if min > 0 then min = 0 end
  if max == min then max = min + 1 end
  local nx = math.max(#b.x, 2)
  local function X(i) return left + (i - 1) * width / (nx - 1) end
  local function Y(v) return top + height - (v - min) * height / (max - min) end
  local o = {}
  o[#o + 1] = string.format('<svg xmlns="http://www.w3.org/2000/svg" class="chart line" ' ..
    'width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">',
    W, H, W, H, esc(b.title))
  o[#o + 1] = string.format('<text x="%d" y="20" class="title">%s%s</text>', left,
    esc(b.title or ""), b.unit and ("(" .. esc(b.unit) .. ")") or "")
  o[#o + 1] = string.format('<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>',
    left, top + height, left + width, top + height)
  o[#o + 1] = string.format('<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>',
    left, top, left, top + height)
  for k = 0, 4 do
    local v = min + (max - min) * k / 4
    o[#o + 1] = string.format('<text x="%d" y="%d" class="tick" text-anchor="end">%s</text>',
      left - 6, math.floor(Y(v)) + 4, esc(M.fixed(v, 1)))
  end
  for i, x in ipairs(b.x) do
    o[#o + 1] = string.format('<text x="%d" y="%d" class="tick" text-anchor="middle">%s</text>',
      math.floor(X(i)), top + height + 18, esc(x))
  end
  for si, s in ipairs(b.series) do
    local color = palette[(si - 1) % #palette + 1]
    local pts = {}
    for i = 1, #b.x do
      local v = tonumber(s.values[i])
      if v then
        pts[#pts + 1] = string.format("%d,%d", math.floor(X(i)), math.floor(Y(v)))
        o[#o + 1] = string.format('<circle cx="%d" cy="%d" r="3" fill="%s"/>',
          math.floor(X(i)), math.floor(Y(v)), color)
      end
    end
    if #pts > 1 then
      o[#o + 1] = string.format('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>',
        table.concat(pts, " "), color)
    end
    o[#o + 1] = string.format('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' ..
      '<text x="%d" y="%d" class="label">%s</text>', left + width + 20, top + (si - 1) * 20,
      color, left + width + 38, top + (si - 1) * 20 + 11, esc(s.name))
  end
  o[#o + 1] = "</svg>"
  return table.concat(o, "\n")
end

local style = [[
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
  "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif;
  margin: 2em auto; max-width: 60em; color: #1a202c; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #cbd5e0; padding: 0.3em 0.7em; }
th { background: #edf2f7; }
td.r { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #744210; background: #fffff0; padding: 0.4em 0.8em; }
svg text { font-family: inherit; font-size: 13px; fill: #1a202c; }
svg .title { font-size: 15px; font-weight: bold; }
svg .axis { stroke: #4a5568; }
svg .missing { fill: #a0aec0; }
]]

local function html(self, w)
  w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n')
  w("<title>" .. esc(self.title) .. "</title>\n<style>\n" .. style .. "</style>\n</head>\n<body>\n")
  w("<h1>" .. esc(self.title) .. "</h1>\n")
  for _, b in ipairs(self.blocks) do
    if b.kind == "heading" then
      w("<h2>" .. esc(b.text) .. "</h2>\n")
    elseif b.kind == "para" then
      w("<p>" .. esc(b.text) .. "</p>\n")
    elseif b.kind == "note" then
      w('<p class="note">' .. esc(b.text) .. "</p>\n")
    elseif b.kind == "table" then
      w("<table>\n")
      if b.caption then w("<caption>" .. esc(b.caption) .. "</caption>\n") end
      w("<tr>")
      for _, h in ipairs(b.headers) do w("<th>" .. esc(h) .. "</th>") end
      w("</tr>\n")
      for _, row in ipairs(b.rows) do
        w("<tr>")
        for i = 1, #b.headers do
          local r = b.align and b.align[i] == "r"
          w((r and '<td class="r">' or "<td>") .. esc(row[i]) .. "</td>")
        end
        w("</tr>\n")
      end
      w("</table>\n")
    elseif b.kind == "bar" then
      w('<figure>\n' .. svg_bar(b) .. "\n</figure>\n")
    elseif b.kind == "line" then
      w('<figure>\n' .. svg_line(b) .. "\n</figure>\n")
    end
  end
  w('<footer><p><small>hanscan report</small></p></footer>\n</body>\n</html>\n')
end
-- }====

function M:write(out)
  local w = function(s) out:write(s) end
  local fmt = out.format or "md"
  if fmt == "html" then html(self, w)
  elseif fmt == "csv" then csv(self, w)
  else markdown(self, w) end
end

return M
