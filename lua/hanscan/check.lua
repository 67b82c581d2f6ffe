-- hanscan.check: the assertions of hanscan's Lua tests.
--
--   local check = require "hanscan.check"
--   check.eq(got, want, "what")      -- deep equality of values and tables
--   check.err(fn, "pattern")         -- fn must raise a matching error
--   check.done()                     -- raises if any check failed
--
-- A failed check prints its label, what was expected and what came, and
-- the run goes on to report every failure at once; done() ends the test
-- with an error so `hanscan --lua-test` exits non-zero. Label every check
-- with the phrase it reads, so a failure says which one.
local M = { failed = 0, passed = 0 }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    parts[#parts + 1] = tostring(k) .. "=" .. show(v[k])
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end
M.show = show

local function same(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function fail(msg)
  M.failed = M.failed + 1
  print("FAIL " .. msg)
end

function M.eq(got, want, what)
  if same(got, want) then
    M.passed = M.passed + 1
    return true
  end
  fail(string.format("%s: want %s, got %s", what or "value", show(want),
    show(got)))
  return false
end

function M.err(fn, pattern, what)
  local ok, e = pcall(fn)
  if not ok and tostring(e):find(pattern) then
    M.passed = M.passed + 1
    return true
  end
  fail(string.format("%s: want an error matching %q, got %s", what or "call",
    pattern, ok and "no error" or show(e)))
  return false
end

function M.done()
  print(string.format("%d passed, %d failed", M.passed, M.failed))
  if M.failed > 0 then error(M.failed .. " check(s) failed", 0) end
end

return M
