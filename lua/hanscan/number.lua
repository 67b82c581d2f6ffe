-- hanscan.number: the numbers of Chinese economic prose, read exactly.
--
--   local number = require "hanscan.number"
--   local n = number.match("工业总产值614.13亿元", 16)
--   --> { value = "61413000000", stop = <index after 亿>, digits = "614.13",
--         scale = 8, approx = nil, high = nil }
--
-- A number is an Arabic numeral (1,234.5; damaged decimals 57。6 and
-- "24. 3" read as meant) or a Chinese one (一百二十, 两, 十二万五千, 三四百
-- as its lower bound, 百 alone), optionally followed by a multiplier
-- (万, 亿, 万亿, 千万, 百万, 个亿) and an approximation (余, 多).
-- Approximating words before the number (近, 约, 超过, 逾, 突破 …) are
-- read by match() too and reported in `approx`. Ranges (10-15亿, 3至5)
-- give the lower bound in `value` and the upper one in `high`.
-- Units are not read here: see hanscan.units.
local lpeg = require "lpeg"
local decimal = require "hanscan.decimal"
local P, R, S, C, Cc, Cg, Ct, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc,
    lpeg.Cg, lpeg.Ct, lpeg.Cp

local M = {}

local function alt(list)
  local p = P(false)
  table.sort(list, function(a, b) return #a > #b end) -- longest first
  for _, w in ipairs(list) do p = p + P(w) end
  return p
end

-- {==== Arabic numerals
-- ASCII digits, and full-width ones (the C core folds them, but scripts
-- may read raw text): ０ is EF BC 90 … ９ is EF BC 99.
local digit = R"09" + P"\239\188" * R("\144\153")
local sp = P" "^0
local wrap = (P" " + P"\n")^0 -- a wrapped line between a number and 万/亿
local int = digit^1 * ("," * digit * digit * digit * #-digit)^0
-- 57。6亿元 and "24. 3 亿元": a damaged point, trusted only when a
-- multiplier, unit or percent follows the digits.
local damaged = (P"。" + P". ") * digit^1 * #(sp * (S"万亿%" + P"元" + P"美元"))
local function fold_digits(s)
  return (s:gsub("\239\188([\144-\153])",
    function(b) return string.char(b:byte() - 144 + 48) end))
end
local arabic = C(int * (("." + P"．") * digit^1 + damaged)^-1)
    / function(s)
      s = fold_digits(s):gsub("．", ".")
      return (s:gsub(",", ""):gsub("。", "."):gsub(" ", ""))
    end
-- }====

-- {==== Chinese numerals
local cdigits = {
  ["零"] = 0, ["〇"] = 0, ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3,
  ["四"] = 4, ["五"] = 5, ["六"] = 6, ["七"] = 7, ["八"] = 8, ["九"] = 9,
  ["壹"] = 1, ["贰"] = 2, ["叁"] = 3, ["肆"] = 4, ["伍"] = 5, ["陆"] = 6,
  ["柒"] = 7, ["捌"] = 8, ["玖"] = 9,
}
local cunits = { ["十"] = 10, ["拾"] = 10, ["百"] = 100, ["佰"] = 100,
  ["千"] = 1000, ["仟"] = 1000 }
local keys = {}
for k in pairs(cdigits) do keys[#keys + 1] = k end
local cdigit = alt(keys)
keys = {}
for k in pairs(cunits) do keys[#keys + 1] = k end
local cunit = alt(keys)

-- Value of a run of digits and 十百千 (no 万/亿: those are multipliers,
-- applied by the caller). 三四百 is 300: a second digit in a row is the
-- upper end of an approximate range and is dropped.
local function small_value(s)
  local total, cur, last_digit = 0, nil, false
  local high, upper = nil, nil
  for _, c in utf8.codes(s) do
    local ch = utf8.char(c)
    local d = cdigits[ch]
    if d == 0 then
      last_digit = false -- 一百零八: 零 holds a place, it is no range
    elseif d then
      if not last_digit then cur = d else upper = d end
      last_digit = true
    else
      if upper then high = total + upper * cunits[ch] end
      total = total + (cur or 1) * cunits[ch]
      cur, last_digit, upper = nil, false, nil
    end
  end
  return total + (cur or 0), high
end

local chinese_small = C((cdigit + cunit)^1)
-- 十二万五千: sections separated by 万/亿 are values of their own.
local chinese = #(cdigit + cunit) * Ct((chinese_small * C(P"万亿" + "亿" + "万"))^0
    * chinese_small^-1)
    / function(t)
      -- t = { "十二", "万", "五千" } ...
      local total, i = 0, 1
      local section = 0
      while i <= #t do
        local v = small_value(t[i])
        if i == 1 and #t <= 2 then
          local _, hi = small_value(t[i])
          if hi then
            local m = t[2] == "万" and 10000 or t[2] == "亿" and 100000000 or 1
            t.high = tostring(hi * m)
          end
        end
        local m = t[i + 1]
        if m == "亿" or m == "万亿" then
          total = (total + section + v) * (m == "亿" and 100000000 or 1000000000000)
          section = 0
          i = i + 2
        elseif m == "万" then
          section = section + v * 10000
          i = i + 2
        else
          section = section + v
          i = i + 1
        end
      end
      return tostring(total + section), t.high
    end
-- A lone 一 is an article far more often than a number (一批, 一家家):
-- callers see `chinese = true` and decide.
-- }====

-- {==== Multipliers and approximations
local multipliers = {
  ["万亿"] = 12, ["亿"] = 8, ["万"] = 4, ["千万"] = 7, ["百万"] = 6,
  ["个亿"] = 8, ["十万"] = 5, ["十亿"] = 9, ["百亿"] = 10, ["千亿"] = 11,
}
keys = {}
for k in pairs(multipliers) do keys[#keys + 1] = k end
-- 千瓦 and 千米 are units, not 千 times 瓦.
local multiplier = C(alt(keys)) / multipliers

-- words before a number that make it approximate (alt sorts the list
-- longest first, the order callers that search it need too)
M.approx_before = { "将近", "接近", "超过", "不到", "不足", "近", "约", "超",
  "逾", "突破", "大约" }
local approx_before = C(alt(M.approx_before))
local approx_mid = C(P"余" + P"多")
local range_sep = sp * (S"-~" + P"—" + P"–" + P"至" + P"到" + P"～") * sp
-- }====

local numeral = Cg(arabic, "digits") * Cg(Cc(false), "chinese")
    + Cg(chinese / function(v, hi) return { v, hi } end, "cn")
      * Cg(Cc(true), "chinese")
local quantity = Ct(
  (Cg(approx_before, "approx_pre") * sp)^-1
  * Cg(Cp(), "start")
  * numeral
  -- 6500余万元: the approximation may stand before the multiplier
  * wrap * (Cg(approx_mid, "approx_mid") * Cg(multiplier, "scale")
          + Cg(multiplier, "scale")
            -- 1亿2000万, 3亿零500万, 2亿5千万: the rest of the amount in 万
            * (P"零"^-1 * Cg(Ct(arabic * (P"千万" * Cc(7) + P"百万" * Cc(6)
                 + P"万" * Cc(4))), "rest"))^-1)^-1
  * (Cg(range_sep * arabic, "high")
     * sp * Cg(multiplier, "scale")^-1)^-1
  * Cg(approx_mid, "approx_mid")^-1
  * Cg(Cp(), "stop"))

-- The numeral pattern alone, for scanners that look for numbers.
M.numeral_start = digit + cdigit + cunit

-- Match a number at byte position `pos` of `s`; nil if none starts there.
function M.match(s, pos)
  local t = lpeg.match(quantity, s, pos)
  if not t then return nil end
  if t.cn then
    t.digits = t.cn[1]
    if t.cn[2] and not t.high then t.high = t.cn[2] end
    t.cn = nil
  end
  local scale = t.scale or 0
  t.value = decimal.shift(t.digits, scale)
  if t.rest and scale == 8 then
    t.value = decimal.add(t.value, decimal.shift(t.rest[1], t.rest[2]))
  end
  t.rest = nil
  if t.high then t.high = decimal.shift(t.high, scale) end
  local approx = t.approx_pre or t.approx_mid
  if t.approx_pre and t.approx_mid then approx = t.approx_pre .. t.approx_mid end
  t.approx = approx
  t.approx_pre, t.approx_mid = nil, nil
  return t
end

-- 五分之一 -> "20" (percent), 三成 -> "30"; nil when no fraction here.
local cvalue = chinese / function(v) return v end
local fraction = Ct(Cg(Cp(), "start") * Cg(cvalue + arabic, "den") * P"分之"
  * Cg(cvalue + arabic, "num") * Cg(Cp(), "stop"))
local tenths = Ct(Cg(Cp(), "start") * Cg(C(cdigit) / cdigits, "num") * P"成"
  * Cg(Cp(), "stop"))
function M.fraction(s, pos)
  local t = lpeg.match(fraction, s, pos)
  if t then
    local num, den = tonumber(t.num), tonumber(t.den)
    if not num or not den or den == 0 then return nil end
    return { value = decimal.percent(num, den), start = t.start, stop = t.stop }
  end
  t = lpeg.match(tenths, s, pos)
  if t then
    return { value = tostring(t.num * 10), start = t.start, stop = t.stop }
  end
  return nil
end

return M
