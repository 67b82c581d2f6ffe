-- examples/mentions.lua: how often each document mentions each indicator.
--
--   hanscan exec examples/mentions.lua examples/reports/
--   hanscan exec examples/mentions.lua -o mentions.csv reports/
--
-- One row per document and indicator mentioned: doc, indicator, mentions
-- (how many times one of its keywords occurs) and the keywords seen. The
-- keyword lists are the loaded pack's (`pack.indicators`, devzone unless
-- -p says otherwise), so a pack edit changes this report too.
local lpeg = require "lpeg"
local P, C, Ct = lpeg.P, lpeg.C, lpeg.Ct

columns = { "doc", "indicator", "mentions", "keywords" }

-- One LPeg search per indicator: the alternation of its keywords, longest
-- first (PEG choice is ordered: 工业总产值 must be tried before 产值), each
-- match captured; anything else skipped one UTF-8 character at a time.
local utf8char = lpeg.R("\0\127") + lpeg.R("\194\244") * lpeg.R("\128\191")^1
local searchers = {}
local order = {}
for _, entry in ipairs(pack.indicators) do
  local words = {}
  for _, w in ipairs(entry.before or {}) do words[#words + 1] = w end
  for _, w in ipairs(entry.after or {}) do words[#words + 1] = w end
  table.sort(words, function(a, b) return #a > #b end)
  local alt = P(false)
  for _, w in ipairs(words) do alt = alt + P(w) end
  local id = entry.indicator
  if not searchers[id] then order[#order + 1] = id end
  -- several entries may share an indicator: their keywords add up
  searchers[id] = (searchers[id] or P(false)) + alt
end
for id, alt in pairs(searchers) do
  searchers[id] = Ct((C(alt) + utf8char)^0)
end

function document(doc)
  for _, id in ipairs(order) do
    local seen = searchers[id]:match(doc.text)
    if #seen > 0 then
      local distinct, set = {}, {}
      for _, w in ipairs(seen) do
        if not set[w] then set[w] = true; distinct[#distinct + 1] = w end
      end
      emit { doc = doc.name, indicator = id, mentions = #seen,
        keywords = table.concat(distinct, " ") }
    end
  end
end
