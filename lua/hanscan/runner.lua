-- hanscan.runner: loads a rule pack and runs it over one document.
--
-- The C engine (src/engine) calls exactly these two functions:
--
--   local runner = require "hanscan.runner"
--   local pack = runner.load(dir)        -- raises "file:line: msg" on error
--   local facts = runner.extract(pack, doc)
--
-- doc = { name =, text = <normalized UTF-8>, encoding = } and each fact is
-- a table with string fields indicator, measure, value (exact decimal),
-- unit, period, zone, span, rule, the integer offset (0-based byte offset
-- of span in doc.text) and optional approx, subject, scope.
--
-- A pack is a folder whose pack.lua returns its manifest (see
-- rules/devzone/pack.lua); `require` inside a pack finds the pack's own
-- files first, then the hanscan library.
local extract = require "hanscan.extract"

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

local function check(pack, where)
  if type(pack) ~= "table" then
    error(where .. ": pack.lua must return a table", 0)
  end
  if type(pack.name) ~= "string" or pack.name == "" then
    error(where .. ": pack needs a name", 0)
  end
  if pack.api ~= M.API then
    error(string.format("%s: pack '%s' needs API %s, this hanscan has API %d",
      where, pack.name, tostring(pack.api), M.API), 0)
  end
  if type(pack.indicators) ~= "table" then
    error(where .. ": pack needs an indicators list", 0)
  end
  for i, e in ipairs(pack.indicators) do
    if type(e.indicator) ~= "string" then
      error(string.format("%s: indicator entry %d has no indicator id", where, i), 0)
    end
  end
  merge_cues(pack)
  return pack
end

function M.load(dir)
  local pack = require "pack"
  return check(pack, (dir or ".") .. "/pack.lua")
end

-- A pack given as a table (tests, scripts).
function M.use(pack) return check(pack, "pack") end

-- trace, when given, is called with one table per decision: { event =
-- "fact" | "rejected", at = byte, text =, reason = (rejected) or before,
-- after, tried = { {rule, indicator, keyword, side} … }, indicator,
-- measure, rule (fact) }. `hanscan try --trace` prints them.
function M.extract(pack, doc, trace)
  if trace then doc.trace = trace end
  return extract.run(pack, doc)
end

return M
