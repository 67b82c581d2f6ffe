-- hanscan.runner: loads a rule pack and runs it over one document.
--
-- The C engine (src/engine) calls exactly these two functions:
--
--   local runner = require "hanscan.runner"
--   local pack = runner.load(dir)        -- raises "file:line: msg" on error
--   local facts = runner.extract(pack, doc [, trace])
--
-- doc = { name =, text = <normalized UTF-8>, decoded =, encoding =,
-- format = } and each fact is a table with string fields indicator,
-- measure, value (exact decimal), unit, period, zone, span, rule, the
-- integer offset (0-based byte offset of span in doc.text) and optional
-- approx, subject, scope.
--
-- A pack is a folder whose pack.lua returns its manifest:
--
--   return {
--     name = "devzone", version = "0.2.0", api = 1,
--     description = "…",
--     rules = { "indicators", "cues" },   -- modules in the pack folder
--     triggers = { "亿元", "万元" },      -- optional literal strings
--   }
--
-- Each module named in `rules` is loaded with the pack's `require` (the
-- pack folder first, then the hanscan library) and returns a table whose
-- fields are merged into the pack: lists are concatenated (indicators,
-- patterns, cue lists), maps merged (the later module wins), other values
-- set. A module that returns a plain list gives `indicators`. The pack's
-- files run with their own _ENV (read-only safe globals underneath).
--
-- Two kinds of rules, both optional (a pack needs one):
--   indicators  keyword lists read by hanscan's prose model
--               (hanscan.extract: sentences, numbers, periods, 分别 lists,
--               plan sections); see rules/devzone/indicators.lua;
--   patterns    { id =, pattern = <LPeg pattern>, action = function(ctx,
--               captures…), describe = } matched at the start of every
--               line of the document; the action returns nil, a fact or a
--               list of facts (see run_patterns and docs/writing-rules.md).
-- The prose model runs unless a pack has patterns and no indicators. A
-- document containing none of the `triggers` is skipped by the C core.
local lpeg = require "lpeg"
local extract = require "hanscan.extract"
local decimal = require "hanscan.decimal"
local number = require "hanscan.number"
local period = require "hanscan.period"
local zone = require "hanscan.zone"
local core = require "hanscan.core" -- C: where(fn) -> "file:line"

local M = {}
M.API = 1

local shared = require "hanscan.cues"

-- A pack's cue lists are added to the shared ones; maps are merged, the
-- pack's entries winning.
local function merge_cues(pack)
  for k, v in pairs(shared) do
    local mine = pack[k]
    local out = {}
    if #v > 0 then
      for _, w in ipairs(v) do out[#out + 1] = w end
      for _, w in ipairs(mine or {}) do out[#out + 1] = w end
    else
      for kk, vv in pairs(v) do out[kk] = vv end
      for kk, vv in pairs(mine or {}) do out[kk] = vv end
    end
    pack[k] = out
  end
end

local function fail(where, fmt, ...)
  error(where .. ": " .. string.format(fmt, ...), 0)
end

local function is_list(t)
  return type(t) == "table" and (t[1] ~= nil or next(t) == nil)
end

-- Merge the table `mod` (from file `where`) into `pack`.
local function merge(pack, mod, where)
  if type(mod) ~= "table" then
    fail(where, "a rules module must return a table, not a %s", type(mod))
  end
  if mod[1] ~= nil then mod = { indicators = mod } end
  for k, v in pairs(mod) do
    if type(k) ~= "string" then
      fail(where, "unexpected entry [%s] (fields must be named)", tostring(k))
    end
    local mine = pack[k]
    if type(v) == "table" and is_list(v) and next(v) ~= nil then
      local out = {}
      if is_list(mine) then
        for _, x in ipairs(mine) do out[#out + 1] = x end
      end
      for i, x in ipairs(v) do
        if type(x) == "table" and (k == "indicators" or k == "patterns") then
          x.where = x.where or string.format("%s (%s[%d])", where, k, i)
        end
        out[#out + 1] = x
      end
      pack[k] = out
    elseif type(v) == "table" and type(mine) == "table" and not is_list(mine) then
      local out = {}
      for kk, vv in pairs(mine) do out[kk] = vv end
      for kk, vv in pairs(v) do out[kk] = vv end
      pack[k] = out
    else
      pack[k] = v
    end
  end
end

local function check_rules(pack, where)
  for i, e in ipairs(pack.indicators or {}) do
    if type(e) ~= "table" or type(e.indicator) ~= "string" then
      fail(e.where or where, "indicator entry %d has no indicator id", i)
    end
  end
  for i, r in ipairs(pack.patterns or {}) do
    local w = type(r) == "table" and r.where or where
    if type(r) ~= "table" then fail(w, "pattern %d is not a table", i) end
    if type(r.id) ~= "string" or r.id == "" then
      fail(w, "pattern %d needs an id", i)
    end
    if lpeg.type(r.pattern) ~= "pattern" then
      fail(w, "pattern '%s': `pattern` is not an LPeg pattern", r.id)
    end
    if type(r.action) ~= "function" then
      fail(w, "pattern '%s': `action` is not a function", r.id)
    end
    r.where = core.where(r.action) -- errors name the rule's file:line
  end
  if pack.triggers ~= nil then
    if not is_list(pack.triggers) then fail(where, "triggers must be a list") end
    for i, w in ipairs(pack.triggers) do
      if type(w) ~= "string" or w == "" then
        fail(where, "triggers[%d] is not a non-empty string", i)
      end
    end
  end
end

local function check(pack, where)
  if type(pack) ~= "table" then
    fail(where, "pack.lua must return a table, not a %s", type(pack))
  end
  if type(pack.name) ~= "string" or pack.name == "" then
    fail(where, "the pack needs a name (name = \"...\")")
  end
  if pack.api ~= M.API then
    fail(where, "pack '%s' needs API %s, this hanscan has API %d",
      pack.name, tostring(pack.api), M.API)
  end
  check_rules(pack, where)
  pack.indicators = pack.indicators or {}
  pack.patterns = pack.patterns or {}
  merge_cues(pack)
  return pack
end

function M.load(dir)
  dir = dir or "."
  local where = dir .. "/pack.lua"
  local manifest = require "pack"
  if type(manifest) ~= "table" then
    fail(where, "pack.lua must return a table, not a %s", type(manifest))
  end
  local pack = { dir = dir }
  local rules = manifest.rules
  if rules ~= nil and not is_list(rules) then
    fail(where, "rules must be a list of module names")
  end
  for k, v in pairs(manifest) do
    if k ~= "rules" then pack[k] = v end
  end
  for _, name in ipairs(rules or {}) do
    if type(name) ~= "string" then
      fail(where, "rules lists module names (strings), not a %s", type(name))
    end
    merge(pack, require(name), dir .. "/" .. name:gsub("%.", "/") .. ".lua")
  end
  check(pack, where)
  if #pack.indicators + #pack.patterns == 0 then
    fail(where, "pack '%s' has no rules (no indicators and no patterns; "
      .. "list its rule modules in rules = { … })", pack.name)
  end
  return pack
end

-- A pack given as a table (tests, scripts).
function M.use(pack) return check(pack, "pack") end

-- {==== pattern rules
-- A fact value as an exact decimal string.
local function value_of(v)
  if math.type(v) == "integer" then return tostring(v) end
  if type(v) == "number" then return decimal.norm(string.format("%.15g", v)) end
  if type(v) == "string" then return decimal.norm(v) end
end

-- The context an action receives: ctx.doc (name, text, …), ctx.year (the
-- document's year or nil), ctx.zone (the zone it is about or ""),
-- ctx.line and ctx.line_start (1-based byte of the line in doc.text),
-- ctx.state (a table kept across the lines of one document) and
-- ctx.number(s) (the exact value of a numeral such as "3.5万", "-1.5" or
-- "十二亿", as a decimal string; nil when s does not start with one).
local function context(pack, doc)
  local s = doc.text
  return {
    doc = doc, pack = pack, state = {},
    year = period.doc_year(s), zone = zone.main(s) or "",
    number = function(str)
      if type(str) ~= "string" then return nil end
      local sign, rest = str:match("^([-+]?)(.*)$")
      local n = number.match(rest, 1)
      if not n then return nil end
      return sign == "-" and decimal.neg(n.value) or n.value
    end,
  }
end

-- Turn what an action returned into fact records appended to `facts`.
-- A fact gives indicator, value, unit and optionally measure ("level"),
-- period (the document's year), zone (ctx.zone), s and e (the span as
-- positions in the line, e exclusive; default the whole line), approx,
-- subject, scope.
local function take(pack, r, ctx, out, facts)
  if out == nil then return end
  local where = r.where or r.id
  if type(out) ~= "table" then
    error(string.format("%s: action of '%s' returned a %s, expected a fact "
      .. "or a list of facts", where, r.id, type(out)), 0)
  end
  if out[1] == nil then out = { out } end
  local line, ls = ctx.line, ctx.line_start
  for i, f in ipairs(out) do
    local v = value_of(f.value)
    if type(f.indicator) ~= "string" or not v or type(f.unit) ~= "string" then
      error(string.format("%s: fact %d of '%s' needs indicator, unit (strings) "
        .. "and a decimal value", where, i, r.id), 0)
    end
    local s, e = f.s or 1, f.e or #line + 1
    if math.type(s) ~= "integer" or math.type(e) ~= "integer" or s < 1 or
        e < s or e > #line + 1 then
      error(string.format("%s: fact %d of '%s': s and e must be positions in "
        .. "the line", where, i, r.id), 0)
    end
    local fact = {
      indicator = f.indicator, measure = f.measure or "level", value = v,
      unit = f.unit,
      period = f.period or (ctx.year and tostring(ctx.year)) or "",
      zone = f.zone or ctx.zone, span = line:sub(s, e - 1),
      offset = ls - 1 + s - 1, rule = pack.name .. "." .. r.id,
      approx = f.approx, subject = f.subject, scope = f.scope,
    }
    facts[#facts + 1] = fact
    if ctx.doc.trace then
      ctx.doc.trace { event = "match", at = ls + s - 1, text = fact.span,
        rule = fact.rule, indicator = fact.indicator, measure = fact.measure }
    end
  end
end

-- Match every pattern at the start of every line (LPeg work is bounded by
-- the line); call the action with the captures.
local function run_patterns(pack, doc, facts)
  local ctx = context(pack, doc)
  for ls, line in doc.text:gmatch("()([^\n]*)") do
    ctx.line, ctx.line_start = line, ls
    for _, r in ipairs(pack.patterns) do
      -- an LPeg error (backtrack stack overflow) has no Lua frame of the
      -- pack: name the rule here
      local ok, caps = pcall(function()
        return table.pack(lpeg.match(r.pattern, line))
      end)
      if not ok then
        local msg = tostring(caps):gsub("^.-runner%.lua:%d+: ", "")
        error(string.format("%s: pattern '%s': %s", r.where, r.id, msg), 0)
      end
      if caps[1] ~= nil then
        ctx.rule = r
        take(pack, r, ctx, r.action(ctx, table.unpack(caps, 1, caps.n)), facts)
      end
    end
  end
end
-- }====

-- trace, when given, is called with one table per decision: { event =
-- "fact" | "rejected" | "match", at = byte, text =, reason = (rejected) or
-- before, after, tried = { {rule, indicator, keyword, side} … }, indicator,
-- measure, rule (fact; match has rule, indicator, measure) }. `hanscan try
-- --trace` prints them through hanscan.trace.
-- prose_done: the C core has run the prose model (src/extract/model.c,
-- a port of hanscan.extract) and only the pattern rules are left.
function M.extract(pack, doc, trace, prose_done)
  if trace then doc.trace = trace end
  local facts = {}
  -- the prose model runs unless the pack has only patterns
  if (#pack.indicators > 0 or #pack.patterns == 0) and not prose_done then
    facts = extract.run(pack, doc)
  end
  if #pack.patterns > 0 then run_patterns(pack, doc, facts) end
  return facts
end

return M
