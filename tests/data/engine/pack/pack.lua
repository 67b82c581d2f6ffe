-- Test fixture pack for tests/c/test_engine.c. Trigger words in the
-- document select a behaviour.
local helper = require "hanscan.helper"
local lpeg = require "lpeg"
local number = lpeg.C(lpeg.R "09" ^ 1 * ("." * lpeg.R "09" ^ 1) ^ -1)
local find = lpeg.P { lpeg.Cp() * number + 1 * lpeg.V(1) }

local function fact(doc, s, span, extra)
  local f = {
    indicator = "revenue", measure = "level", value = "6623000000",
    unit = "CNY", period = "2024", zone = doc.name, span = span,
    offset = s, rule = "test.revenue",
  }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

local function extract(doc)
  local t = doc.text
  assert(helper.answer == 42 and doc.encoding == "UTF-8")
  assert(type(doc.decoded) == "string")
  if t:find("BOOM", 1, true) then error("boom in " .. doc.name) end
  if t:find("LOOP", 1, true) then while true do end end
  if t:find("PCALL", 1, true) then
    while true do pcall(function() while true do end end) end
  end
  if t:find("HOG", 1, true) then
    local big = {}
    for i = 1, 1e9 do big[i] = ("x"):rep(1000) .. i end
  end
  if t:find("NIL", 1, true) then return nil end
  if t:find("STRING", 1, true) then return "oops" end
  local pos, num = find:match(t)
  if not pos then return {} end
  local off = pos - 1
  if t:find("BADFACTS", 1, true) then
    return {
      fact(doc, off, num, { approx = "近", scope = "规上" }),
      fact(doc, off, num, { unit = false }),
      fact(doc, off + 1, num),
      fact(doc, off + 0.5, num),
      fact(doc, off, num, { value = 1.5 }),
      fact(doc, off, num, { value = 7 }),
      "not a table",
      fact(doc, #t + 5, num),
      fact(doc, off, num, { offset = tostring(off) }),
    }
  end
  return { fact(doc, off, num) }
end

return { name = "test", extract = extract }
