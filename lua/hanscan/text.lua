-- hanscan.text: sentences and clauses of normalized report text.
--
-- Positions are 1-based byte indexes into the text, as everywhere in
-- Lua; a piece is { s = first byte, e = one past the last byte }.
-- Sentences end at 。！？!? and line breaks, except a 。 between digits
-- (57。6亿元 is a damaged decimal point, not a full stop) and a line break
-- between a number and its unit (a wrapped line). Clauses end at
-- , ; : (the C core has already folded ，；： to ASCII).
local lpeg = require "lpeg"
local P, R, S, Ct, Cg, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.Ct, lpeg.Cg, lpeg.Cp

local M = {}

local digit = R"09"
local stop = P"。" + P"！" + P"？" + S"!?\n"
-- a line break between a number and its unit is a wrap, not an end
-- (PDF text: "完成固定资产投资9.7\n亿元")
local unit_start = P"亿" + P"万" + P"元" + P"亩" + P"%" + P"个" + P"家" + P"平方"
    + P"公里" + P"吨" + P"人" + P"项" + P"美元"
local body = (digit * P"。" * #digit + digit * P"\n" * #unit_start
    + (1 - stop))^1
local sentences = P{ Ct((Ct(Cg(Cp(), "s") * body * Cg(Cp(), "e")) + stop)^0) }

-- A sentence longer than this is cut at its last clause separator before
-- the limit (or at a character boundary when it has none): the rules read
-- a sentence many times over, so an endless "sentence" (a page that lost
-- its line breaks) must not cost quadratic time.
M.max_sentence = 1200

local function cut_long(text, out, sent)
  local s, e = sent.s, sent.e
  while e - s > M.max_sentence do
    local limit = s + M.max_sentence
    local piece = text:sub(s, limit - 1)
    local at = piece:match(".*()[,;:]")
    local cut
    if at and at > 1 then
      cut = s + at -- just after the separator
    else
      cut = limit
      while cut > s and (text:byte(cut) & 0xC0) == 0x80 do cut = cut - 1 end
      if cut == s then cut = limit end
    end
    out[#out + 1] = { s = s, e = cut }
    s = cut
  end
  out[#out + 1] = { s = s, e = e }
end

function M.sentences(text)
  local raw = lpeg.match(sentences, text) or {}
  local out = {}
  for _, sent in ipairs(raw) do
    if sent.e - sent.s > M.max_sentence then
      cut_long(text, out, sent)
    else
      out[#out + 1] = sent
    end
  end
  return out
end

M.clause_seps = { [","] = true, [";"] = true, [":"] = true }

-- Start of the clause that holds byte `pos`, not before `from`.
function M.clause_start(text, from, pos)
  if pos <= from then return from end
  local at = text:sub(from, pos - 1):match(".*()[,;:]")
  return at and from + at or from
end

-- End (exclusive) of the clause that starts at or holds `pos`, not after `to`.
function M.clause_end(text, pos, to)
  local at = text:find("[,;:]", pos)
  if at and at < to then return at end
  return to
end

-- End (exclusive) of the list item that holds `pos`: like clause_end,
-- but 、 ends an item too.
function M.item_end(text, pos, to)
  local e = M.clause_end(text, pos, to)
  local a = text:find("、", pos, true)
  if a and a < e then return a end
  return e
end

-- Split `s` at any of the separator words; empty pieces are dropped.
function M.split(s, seps)
  local out, i = {}, 1
  while i <= #s do
    local best_a, best_b
    for _, w in ipairs(seps) do
      local a, b = s:find(w, i, true)
      if a and (not best_a or a < best_a) then best_a, best_b = a, b end
    end
    if not best_a then break end
    if best_a > i then out[#out + 1] = s:sub(i, best_a - 1) end
    i = best_b + 1
  end
  if i <= #s then out[#out + 1] = s:sub(i) end
  return out
end

-- Does `s` contain any word of the list `words`? Returns the first found.
-- (Plain finds: on the short windows rules look at they beat an LPeg
-- search, which steps byte by byte.)
function M.has(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return w end
  end
  return nil
end

-- Last occurrence of plain `w` in `s`: start, stop (inclusive) or nil.
function M.rfind(s, w)
  local last_s, last_e
  local init = 1
  while true do
    local a, b = s:find(w, init, true)
    if not a then break end
    last_s, last_e, init = a, b, a + 1
  end
  return last_s, last_e
end

-- Does `s` start with one of `words` (after spaces)? Returns it.
function M.starts_with(s, words)
  s = s:gsub("^ +", "")
  for _, w in ipairs(words or {}) do
    if s:sub(1, #w) == w then return w end
  end
  return nil
end

-- Does `s` end with one of `words` (ignoring trailing words in `skip`)?
-- A word list as a set with its word lengths, longest first, built once
-- per list (lists are the pack's and do not change after loading).
local suffix_sets = setmetatable({}, { __mode = "k" })
local function suffix_set(words)
  local t = suffix_sets[words]
  if t then return t end
  t = { set = {}, lens = {} }
  local seen = {}
  for _, w in ipairs(words) do
    t.set[w] = true
    if not seen[#w] then
      seen[#w] = true
      t.lens[#t.lens + 1] = #w
    end
  end
  table.sort(t.lens, function(a, b) return a > b end)
  suffix_sets[words] = t
  return t
end

function M.ends_with(s, words, skip)
  if skip then
    local f = suffix_set(skip)
    local changed = true
    while changed do
      changed = false
      for _, n in ipairs(f.lens) do
        if #s >= n and f.set[s:sub(-n)] then
          s = s:sub(1, -n - 1)
          changed = true
          break
        end
      end
    end
  end
  local w = suffix_set(words)
  for _, n in ipairs(w.lens) do
    if #s >= n and w.set[s:sub(-n)] then return s:sub(-n) end
  end
  return nil
end

-- The quotes of text[from, to): a list of { open =, close = } byte
-- positions (close = `to` for a quote left open), innermost last; empty
-- when the piece has no quote mark at all.
function M.quote_spans(text, from, to)
  local seg = text:sub(from, to - 1)
  if not (seg:find("\226\128\156", 1, true) or seg:find("\227\128\138", 1, true)
      or seg:find("\227\128\140", 1, true) or seg:find("\226\128\152", 1, true)) then
    return {}
  end
  local spans, stack = {}, {}
  for at, c in utf8.codes(seg, true) do
    if c == 0x201C or c == 0x300A or c == 0x300C or c == 0x2018 then
      local sp = { open = from + at - 1, close = to }
      spans[#spans + 1] = sp
      stack[#stack + 1] = sp
    elseif (c == 0x201D or c == 0x300B or c == 0x300D or c == 0x2019)
        and #stack > 0 then
      stack[#stack].close = from + at - 1
      stack[#stack] = nil
    end
  end
  return spans
end

-- Is byte `pos` inside a quoted label, given the quote spans of its
-- piece of text? (the rule of M.quoted below)
function M.in_label(text, spans, pos)
  local inner
  for _, sp in ipairs(spans) do
    if sp.open < pos and pos < sp.close then inner = sp end
  end
  if not inner then return false end
  return pos - inner.open <= 33 and
      not text:sub(inner.open, pos - 1):find(",", 1, true)
end

-- Is byte `pos` inside a quoted label (“两个维护”, 《…》, 「…」) within
-- text[from, pos)? Quoted speech is not a label: a quote that has run
-- for more than 30 bytes or across a comma before `pos` does not count.
function M.quoted(text, from, pos)
  -- a label is short: look back a bounded distance, from a character start
  if pos - from > 240 then
    from = pos - 240
    while from < pos and (text:byte(from) & 0xC0) == 0x80 do from = from + 1 end
  end
  local opens = {}
  local seg = text:sub(from, pos - 1)
  -- most text has no quote at all nearby
  if not (seg:find("\226\128\156", 1, true) or seg:find("\227\128\138", 1, true)
      or seg:find("\227\128\140", 1, true) or seg:find("\226\128\152", 1, true)) then
    return false
  end
  for at, c in utf8.codes(seg, true) do
    if c == 0x201C or c == 0x300A or c == 0x300C or c == 0x2018 then
      opens[#opens + 1] = at
    elseif (c == 0x201D or c == 0x300B or c == 0x300D or c == 0x2019)
        and #opens > 0 then
      opens[#opens] = nil
    end
  end
  local at = opens[#opens]
  if not at then return false end
  local inside = seg:sub(at)
  return #inside <= 33 and not inside:find(",", 1, true)
end

return M
