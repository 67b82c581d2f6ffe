-- hanscan.trace: one readable line (or a few) per trace event, for
-- `hanscan try --trace`.
--
--   local trace = require "hanscan.trace"
--   trace.line({ event = "rejected", at = 5, text = "3个月",
--     reason = "a duration" }, doc_text)
--   --> '"3个月"  rejected: a duration'
--
-- Events come from hanscan.extract (fact, rejected) and from a pack's
-- pattern rules (match); see hanscan.runner.
local M = {}

local function q(s) return '"' .. (s or "") .. '"' end

-- The last `n` characters (not bytes) of s, for context.
local function tail(s, n)
  local len = utf8.len(s)
  if not len or len <= n then return s end
  return "…" .. s:sub(utf8.offset(s, len - n + 1))
end

local function head(s, n)
  local len = utf8.len(s)
  if not len or len <= n then return s end
  return s:sub(1, utf8.offset(s, n + 1) - 1) .. "…"
end

function M.line(ev, text)
  local _ = text
  if ev.event == "rejected" then
    return string.format("%s  rejected: %s", q(ev.text), ev.reason or "?")
  end
  if ev.event == "match" then
    return string.format("%s  %s %s  by pattern %s", q(ev.text),
      ev.indicator or "?", ev.measure or "?", ev.rule or "?")
  end
  local out = { string.format("%s  %s %s  by %s", q(ev.text),
    ev.indicator or "?", ev.measure or "?", ev.rule or "?") }
  out[#out + 1] = string.format("    before %s  after %s",
    q(tail(ev.before or "", 16)), q(head(ev.after or "", 12)))
  local tried = ev.tried or {}
  if #tried == 0 then
    out[#out + 1] = "    no keyword of its own: the indicator comes from "
        .. "the context (the figure before it, a list, a unit)"
  end
  for _, t in ipairs(tried) do
    local chosen = t.indicator == ev.indicator and "*" or " "
    out[#out + 1] = string.format("   %s tried %s: keyword %s (%s)", chosen,
      t.rule or t.indicator or "?", q(t.keyword), t.side or "?")
  end
  return table.concat(out, "\n")
end

return M
