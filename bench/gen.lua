-- SPDX-License-Identifier: MIT
-- gen.lua — the document generator behind bench/make-corpus.sh.
--
-- lua5.4 gen.lua OUTDIR NDOCS KIB SEED WORKER NWORKERS SEEDFILE...
--
-- Reads the seed files (UTF-8 text), cuts them into paragraphs (non-empty
-- lines, trimmed) and writes documents OUTDIR/dNNN/docNNNNNN.txt for every id
-- in [0, NDOCS) with id % NWORKERS == WORKER. A document is a title (the
-- first paragraph of a random seed file), then runs of 1 to 6 consecutive
-- paragraphs starting at random places, until it reaches a target size drawn
-- uniformly in [0.5, 1.5) x KIB KiB: it ends with the paragraph that reaches
-- that size, and a newline. Inside a run the paragraphs keep the
-- line structure of their seed (a blank line after a paragraph only where the
-- seed has one, so headings, label lines and table rows stay together); runs
-- are separated by a blank line. Every number is redrawn with the same
-- number of digits (ASCII or full-width, as written) unless it is a date or
-- an ordinal: followed by 年 月 日 号 届 季 期 次 批 时 (or their traditional
-- forms) or by a range dash, or preceded by 第.
--
-- Each document draws from its own generator, math.randomseed(SEED, id)
-- (Lua 5.4's xoshiro256**), so the bytes of a document depend only on the
-- seed texts, SEED, KIB and its id: not on NWORKERS, nor on NDOCS.
local outdir, ndocs, kib, seed, worker, nworkers =
  arg[1], tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6])
assert(outdir and ndocs and kib and seed and worker and nworkers and arg[7],
       "usage: lua5.4 gen.lua OUTDIR NDOCS KIB SEED WORKER NWORKERS SEEDFILE...")

-- paras[k]: a trimmed non-empty line; seps[k]: "\n\n" when a blank line (or
-- the end of its file) follows it in the seed, else "\n"
local paras, seps, titles = {}, {}, {}
for i = 7, #arg do
  local f = assert(io.open(arg[i], "rb"))
  local text = f:read("a")
  f:close()
  text = text:gsub("^\xEF\xBB\xBF", ""):gsub("\r\n?", "\n")
  local first = true
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    line = line:match("^%s*(.-)%s*$")
    if line ~= "" then
      if first then titles[#titles + 1] = line; first = false end
      paras[#paras + 1] = line
      seps[#paras] = "\n"
    elseif #paras > 0 then
      seps[#paras] = "\n\n"
    end
  end
  if #paras > 0 then seps[#paras] = "\n\n" end
end
assert(#paras > 0, "gen.lua: the seed files hold no text")

local random, floor, concat = math.random, math.floor, table.concat

-- what follows a date or ordinal number (3-byte UTF-8 characters, and "-")
local KEEP_AFTER = {}
for _, ch in ipairs { "年", "月", "日", "号", "號", "届", "屆", "季", "期", "次", "批",
                      "时", "時", "-", "－", "—", "~", "～", "至" } do
  KEEP_AFTER[ch] = true
end
local ORDINAL = "第"
local FW = "\xEF\xBC"               -- full-width digits are EF BC 90..99, dot EF BC 8E

-- the numeric token at byte i: returns its end (inclusive), ASCII integer
-- digits, fraction digits (nil when none), whether it is full-width
local function token(s, i)
  local fw = s:sub(i, i + 1) == FW
  local int, frac, j = {}, nil, i
  local function digit_at(k)
    if fw then
      if s:sub(k, k + 1) ~= FW then return nil end
      local b = s:byte(k + 2)
      if b and b >= 0x90 and b <= 0x99 then return string.char(b - 0x90 + 48), 3 end
      return nil
    end
    local c = s:sub(k, k)
    if c:match("%d") then return c, 1 end
    return nil
  end
  while true do
    local d, w = digit_at(j)
    if not d then break end
    int[#int + 1] = d; j = j + w
  end
  local dot = fw and FW .. "\x8E" or "."
  if s:sub(j, j + #dot - 1) == dot then
    local k, f = j + #dot, {}
    while true do
      local d, w = digit_at(k)
      if not d then break end
      f[#f + 1] = d; k = k + w
    end
    if #f > 0 then frac = f; j = k end
  end
  return j - 1, int, frac, fw
end

local function redraw(digits, lead)
  local t = {}
  for k = 1, #digits do
    if k == 1 and lead then
      t[k] = #digits == 1 and digits[1] == "0" and "0" or tostring(random(1, 9))
    else
      t[k] = tostring(random(0, 9))
    end
  end
  return t
end

local function widen(ascii)   -- ASCII digits and dot -> full-width
  return (ascii:gsub("[%d.]", function(c)
    if c == "." then return FW .. "\x8E" end
    return FW .. string.char(0x90 + c:byte() - 48)
  end))
end

local function vary(s)
  local out, pos, n = {}, 1, #s
  while pos <= n do
    local i = s:find("[%d\xEF]", pos)
    if not i then out[#out + 1] = s:sub(pos); break end
    local b2, b3 = s:byte(i + 1), s:byte(i + 2)
    local is_num = s:byte(i) ~= 0xEF or (b2 == 0xBC and b3 and b3 >= 0x90 and b3 <= 0x99)
    if not is_num then
      out[#out + 1] = s:sub(pos, i); pos = i + 1
    else
      out[#out + 1] = s:sub(pos, i - 1)
      local e, int, frac, fw = token(s, i)
      local after = s:sub(e + 1, e + 1) == "-" and "-" or s:sub(e + 1, e + 3)
      local keep = KEEP_AFTER[after] or s:sub(i - 3, i - 1) == ORDINAL
      if keep then
        out[#out + 1] = s:sub(i, e)
      else
        local v = concat(redraw(int, true))
        if frac then v = v .. "." .. concat(redraw(frac, false)) end
        out[#out + 1] = fw and widen(v) or v
      end
      pos = e + 1
    end
  end
  return concat(out)
end

local np = #paras
for id = worker, ndocs - 1, nworkers do
  math.randomseed(seed, id)
  local target = floor(kib * 1024 * (0.5 + random()))
  local title = vary(titles[random(#titles)])
  local buf, size = { title, "\n\n" }, #title + 2
  while size < target do
    local start, run = random(np), random(1, 6)
    local last = math.min(np, start + run - 1)
    for k = start, last do
      local p, sep = vary(paras[k]), k == last and "\n\n" or seps[k]
      buf[#buf + 1] = p
      size = size + #p + #sep
      if size >= target then break end
      buf[#buf + 1] = sep
    end
  end
  local path = string.format("%s/d%03d/doc%06d.txt", outdir, id // 100, id)
  local f = io.open(path, "wb")
  if not f then
    os.execute(string.format("mkdir -p '%s/d%03d'", outdir, id // 100))
    f = assert(io.open(path, "wb"))
  end
  buf[#buf + 1] = "\n"
  f:write(concat(buf))
  f:close()
end
