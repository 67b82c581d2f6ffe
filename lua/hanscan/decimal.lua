-- hanscan.decimal: exact decimal numbers as strings.
--
-- Values in the fact record are plain decimal strings ("61413000000",
-- "-3", "20.5"): 614.13亿 is 614.13 shifted eight places, never a binary
-- float that prints as 61412999999.99999. Everything here works on the
-- digits themselves.
local M = {}

-- "0614.1300" -> "614.13"; "-0" -> "0"; nil for anything that is not a
-- plain decimal.
function M.norm(s)
  local sign, int, frac = tostring(s):match("^([+-]?)(%d*)%.?(%d*)$")
  if not sign or (int == "" and frac == "") then return nil end
  int = int:gsub("^0+", "")
  frac = frac:gsub("0+$", "")
  if int == "" then int = "0" end
  if int == "0" and frac == "" then return "0" end
  return (sign == "-" and "-" or "") .. int .. (frac ~= "" and "." .. frac or "")
end

-- Multiply a decimal string by 10^k (k may be negative).
function M.shift(s, k)
  s = assert(M.norm(s), "not a decimal")
  local sign = s:sub(1, 1) == "-" and "-" or ""
  if sign ~= "" then s = s:sub(2) end
  local int, frac = s:match("^(%d+)%.?(%d*)$")
  local digits, point = int .. frac, #int
  point = point + k
  if point <= 0 then
    digits = string.rep("0", 1 - point) .. digits
    point = 1
  elseif point > #digits then
    digits = digits .. string.rep("0", point - #digits)
  end
  return M.norm(sign .. digits:sub(1, point) .. "." .. digits:sub(point + 1))
end

function M.neg(s)
  s = assert(M.norm(s), "not a decimal")
  if s == "0" then return s end
  return s:sub(1, 1) == "-" and s:sub(2) or "-" .. s
end

-- Exact sum of two decimal strings, digit by digit (no floats, any size).
local function split(x)
  local neg = x:sub(1, 1) == "-"
  if neg then x = x:sub(2) end
  local i, f = x:match("^(%d+)%.?(%d*)$")
  return neg, i, f
end

-- |a| and |b| as digit strings of equal length with `scale` decimals
local function align(ia, fa, ib, fb)
  local scale = math.max(#fa, #fb)
  fa = fa .. string.rep("0", scale - #fa)
  fb = fb .. string.rep("0", scale - #fb)
  local a, b = ia .. fa, ib .. fb
  local n = math.max(#a, #b)
  return string.rep("0", n - #a) .. a, string.rep("0", n - #b) .. b, scale
end

local function add_digits(a, b)
  local out, carry = {}, 0
  for i = #a, 1, -1 do
    local d = a:byte(i) + b:byte(i) - 96 + carry
    out[#out + 1] = string.char(48 + d % 10)
    carry = d // 10
  end
  if carry > 0 then out[#out + 1] = "1" end
  return string.reverse(table.concat(out))
end

local function sub_digits(a, b) -- a >= b
  local out, borrow = {}, 0
  for i = #a, 1, -1 do
    local d = a:byte(i) - b:byte(i) - borrow
    if d < 0 then d, borrow = d + 10, 1 else borrow = 0 end
    out[#out + 1] = string.char(48 + d)
  end
  return string.reverse(table.concat(out))
end

function M.add(x, y)
  x, y = assert(M.norm(x), "not a decimal"), assert(M.norm(y), "not a decimal")
  local nx, ix, fx = split(x)
  local ny, iy, fy = split(y)
  local a, b, scale = align(ix, fx, iy, fy)
  local digits, neg
  if nx == ny then
    digits, neg = add_digits(a, b), nx
  elseif a >= b then
    digits, neg = sub_digits(a, b), nx
  else
    digits, neg = sub_digits(b, a), ny
  end
  local int = digits:sub(1, #digits - scale)
  local frac = digits:sub(#digits - scale + 1)
  return M.norm((neg and "-" or "") .. (int == "" and "0" or int) ..
    (scale > 0 and "." .. frac or ""))
end

-- A ratio as a percentage, to four decimals when it does not terminate
-- (五分之一 -> "20", 三分之一 -> "33.3333").
function M.percent(num, den)
  local v = 100 * num / den
  if v == math.floor(v) and math.abs(v) < 1e15 then
    return string.format("%d", v)
  end
  return M.norm(string.format("%.4f", v)) or "0"
end


return M
