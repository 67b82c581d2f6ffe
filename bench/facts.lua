#!/usr/bin/env lua5.4
-- SPDX-License-Identifier: MIT
-- facts.lua — compare the facts of two `hanscan run` outputs (JSON Lines), for
-- the checks of bench/run.sh.
--
-- lua5.4 bench/facts.lua A.jsonl B.jsonl [IGNORE]
--   IGNORE  comma-separated fields left out of the comparison, e.g.
--           "span,offset" for a Traditional run against its Simplified twin
--
-- Documents are matched by their name relative to the corpus folder or
-- archive: the doc field with everything up to the last "corpus…/" removed
-- (DIR/corpus-trad/d000/doc000010.txt and DIR/corpus-subset/d000/doc000010.txt
-- are both d000/doc000010.txt, and DIR/corpus.tar.gz!corpus/d000/… is d000/…).
-- Within a document the facts are compared as multisets of their remaining
-- fields (every field the record has: indicator, measure, value, unit, period,
-- zone, rule, approx, subject, scope, and span and offset unless ignored).
-- Both files must list documents in the same (name) order, as hanscan does.
--
-- Prints one line:
--   identical: N facts in D documents
--   differ: N vs M facts; K facts only in A, L only in B, in X documents
-- followed, when they differ, by up to 3 examples of each side ("< " only in
-- A, "> " only in B), in the order met.
-- Exit status 0 when identical, 1 when not, 2 on bad usage.
local a_path, b_path, ignore_arg = arg[1], arg[2], arg[3]
if not a_path or not b_path then
  io.stderr:write("usage: lua5.4 bench/facts.lua A.jsonl B.jsonl [IGNORE,FIELDS]\n")
  os.exit(2)
end
local ignore = { doc = true }
for f in (ignore_arg or ""):gmatch("[^,%s]+") do ignore[f] = true end

-- the fields of one flat JSON object written by hanscan: key -> raw JSON value
-- (strings keep their quotes and escapes; both sides come from the same writer)
local function fields(line)
  local t, i = {}, 2
  while true do
    local ks, ke, key = line:find('^"([^"\\]*)":', i)
    if not ks then break end
    i = ke + 1
    local v
    if line:byte(i) == 34 then -- '"'
      local j = i + 1
      while true do
        local q = line:find('["\\]', j)
        if not q then error("facts.lua: unterminated string in: " .. line) end
        if line:byte(q) == 92 then j = q + 2 else j = q; break end
      end
      v = line:sub(i, j)
      i = j + 1
    else
      local q = line:find("[,}]", i) or #line + 1
      v = line:sub(i, q - 1)
      i = q
    end
    t[key] = v
    if line:byte(i) ~= 44 then break end -- ','
    i = i + 1
  end
  return t
end

local function docname(raw)
  local s = raw and raw:sub(2, -2) or "?"
  return (s:gsub('^.*corpus[^/]*/', ""))
end

-- the comparison key of a fact: its fields minus the ignored ones, sorted
local function key(t)
  local ks = {}
  for k in pairs(t) do
    if not ignore[k] then ks[#ks + 1] = k end
  end
  table.sort(ks)
  for n, k in ipairs(ks) do ks[n] = k .. "=" .. t[k] end
  return table.concat(ks, " ")
end

-- a reader giving one document at a time: name, list of keys
local function reader(path)
  local f = assert(io.open(path, "rb"))
  local pending -- the first fact of the next document
  local nfacts = 0
  return function()
    local name, keys = nil, {}
    if pending then
      name = pending[1]; keys[1] = pending[2]; pending = nil
    end
    for line in f:lines() do
      if line ~= "" then
        nfacts = nfacts + 1
        local t = fields(line)
        local d = docname(t.doc)
        if name == nil then name = d end
        if d ~= name then pending = { d, key(t) }; break end
        keys[#keys + 1] = key(t)
      end
    end
    return name, keys
  end, function() return nfacts end
end

local next_a, count_a = reader(a_path)
local next_b, count_b = reader(b_path)
local only_a, only_b, ndocs, bad_docs, examples, shown = 0, 0, 0, 0, {}, { ["<"] = 0, [">"] = 0 }
local function example(mark, doc, k)
  if shown[mark] < 3 then
    shown[mark] = shown[mark] + 1
    examples[#examples + 1] = mark .. " " .. doc .. "  " .. k
  end
end
local function compare(doc, ka, kb)
  local count = {}
  for _, k in ipairs(ka) do count[k] = (count[k] or 0) + 1 end
  for _, k in ipairs(kb) do count[k] = (count[k] or 0) - 1 end
  local diff = false
  for _, k in ipairs(ka) do
    if count[k] > 0 then only_a = only_a + 1; count[k] = count[k] - 1; example("<", doc, k); diff = true end
  end
  for _, k in ipairs(kb) do
    if count[k] < 0 then only_b = only_b + 1; count[k] = count[k] + 1; example(">", doc, k); diff = true end
  end
  if diff then bad_docs = bad_docs + 1 end
end

local da, ka = next_a()
local db, kb = next_b()
while da or db do
  ndocs = ndocs + 1
  if da and db and da == db then
    compare(da, ka, kb)
    da, ka = next_a(); db, kb = next_b()
  elseif db == nil or (da and da < db) then
    compare(da, ka, {})
    da, ka = next_a()
  else
    compare(db, {}, kb)
    db, kb = next_b()
  end
end

if only_a == 0 and only_b == 0 then
  print(string.format("identical: %d facts in %d documents", count_a(), ndocs))
  os.exit(0)
end
print(string.format("differ: %d vs %d facts; %d facts only in A, %d only in B, in %d document%s",
                    count_a(), count_b(), only_a, only_b, bad_docs, bad_docs == 1 and "" or "s"))
for _, e in ipairs(examples) do print(e) end
os.exit(1)
