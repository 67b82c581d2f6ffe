-- hanscan.period: the time a figure refers to, in the record's format.
--
--   2024                 a year (全年, 2024年, 今年 in a 2024 text)
--   2024-01..2024-09     1-9月, 1至9月, 元至9月, 前三季度
--   2024-01..2024-06     上半年
--   2024-09              截至9月底
--   2022-01..2024-12     近三年
--   ????-01..????-07     months without a year anywhere in the text
--
-- period.scan(s, year) lists the period expressions of a piece of text in
-- order: { start =, stop =, period = }. `year` resolves 今年/去年/上年 and
-- bare month ranges; it comes from period.doc_year(text), which reads the
-- text itself, never a file name.
local lpeg = require "lpeg"
local P, R, S, C, Cc, Cg, Ct, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc,
    lpeg.Cg, lpeg.Ct, lpeg.Cp

local M = {}

local digit = R"09"
local cn = { ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4,
  ["五"] = 5, ["六"] = 6, ["七"] = 7, ["八"] = 8, ["九"] = 9, ["十"] = 10,
  ["十一"] = 11, ["十二"] = 12 }
local cnp = P"十二" + P"十一" + P"十" + P"一" + P"二" + P"两" + P"三" + P"四"
    + P"五" + P"六" + P"七" + P"八" + P"九"
local month = C(digit * digit^-1) / tonumber + C(cnp) / cn
local year4 = C((P"19" + P"20") * digit * digit) / tonumber
local sep = S"-~" + P"—" + P"–" + P"至" + P"到" + P"～"

local function ym(y, m) return string.format("%s-%02d", y and tostring(y) or "????", m) end

-- 与去年相比, 比上年同期: a comparison base, not the period of a figure
local upto_times = (1 - (S",;" + P"。" + P"倍"))^0 * P"倍"
local base = P"相比" + P"同期" + P"同比" + P"比" + P"相较" + P"末"
    + P"的" * upto_times
    -- 比上年增长6.9%: the base of a change
    + P"增" + P"下降" + P"减" + P"提高" + P"降低" + P"回落" + P"多" + P"少"
    + P"快" + P"慢" + P"高" * -P"新" + P"低" * -P"效"
local relyear = P"今年" * Cc(0) + P"本年" * Cc(0) + P"去年" * -base * Cc(-1)
    + P"上年" * -base * Cc(-1) + P"明年" * Cc(1) + P"当年" * Cc(0)
-- the year part: an explicit 2024年 or a relative one
local yearpart = Cg(year4 * P"年" * P"度"^-1, "y") + Cg(relyear, "rel")

local months = (P"元" * Cc(1) + month) * sep * month * P"月" * P"份"^-1
    / function(a, b) return { a, b } end
local quarters = P"前三季度" * Cc{ 1, 9 } + P"前两季度" * Cc{ 1, 6 }
    + (P"第"^-1 * P"一季度") * Cc{ 1, 3 } + (P"第"^-1 * P"二季度") * Cc{ 4, 6 }
    + (P"第"^-1 * P"三季度") * Cc{ 7, 9 } + (P"第"^-1 * P"四季度") * Cc{ 10, 12 }
    + P"上半年" * Cc{ 1, 6 } + P"下半年" * Cc{ 7, 12 }
local monthend = (P"截至" + P"截止" + P"到")^-1 * month * P"月" * (P"底" + P"末")
    / function(m) return { m, m, single = true } end

-- a month's own figure: 3月份 (a bare 3月 dates an event, 2021年11月,…,
-- and only its year counts)
local onemonth = month * P"月份" / function(m) return { m, m, single = true } end
local eventmonth = month * P"月" * -(P"底" + P"末")
local yearend = (P"底" + P"末") * Cc{ 12, 12, single = true }
local span = Cg(months + quarters + monthend + onemonth, "span")
-- 十二五 and the other five-year plans
local plans = { ["十一五"] = 2006, ["十二五"] = 2011, ["十三五"] = 2016,
  ["十四五"] = 2021, ["十五五"] = 2026 }
local plan = (P"十一五" + P"十二五" + P"十三五" + P"十四五" + P"十五五")
    / function(k) return plans[k] end
local years_span = year4 * (S"-~" + P"—" + P"–" + P"至" + P"到") * year4 * P"年"

local expr = Ct(Cg(Cp(), "start") * Cg(years_span / function(a, b)
      return { a, b } end, "years") * Cg(Cp(), "stop"))
    + Ct(Cg(Cp(), "start") * P"“"^-1 * Cg(plan, "plan") * P"”"^-1
      * (P"期间" + P"时期" + P"以来")^-1 * Cg(Cp(), "stop"))
    + Ct(Cg(Cp(), "start") * (P"截至" + P"截止")^-1
      * (yearpart * (Cg(yearend, "span") + span + P"全年" + eventmonth)^-1
         * P"以来"^-1 + span)
      * Cg(Cp(), "stop"))
    + Ct(Cg(Cp(), "start") * Cg(P"全年" + P"年内", "now")
      * Cg(Cp(), "stop"))
    + Ct(Cg(Cp(), "start") * P"近" * Cg(C(digit) / tonumber + C(cnp) / cn, "last")
      * P"年" * Cg(Cp(), "stop"))
    + Ct(Cg(Cp(), "start") * Cg(P"截至目前" + P"截止目前" + P"目前", "now")
      * Cg(Cp(), "stop"))

local function resolve(t, year)
  if t.years then
    if t.years[2] <= t.years[1] then return nil end
    return string.format("%d..%d", t.years[1], t.years[2])
  end
  if t.plan then return string.format("%d..%d", t.plan, t.plan + 4) end
  if t.last then
    if not year then return nil end
    return string.format("%d-01..%d-12", year - t.last + 1, year)
  end
  if t.now then return year and tostring(year) or nil end
  local y = t.y
  if not y and t.rel then y = year and year + t.rel or nil end
  if not y and t.span then y = year end
  if t.span then
    local a, b = t.span[1], t.span[2]
    if t.span.single then return ym(y, a) end
    return ym(y, a) .. ".." .. ym(y, b)
  end
  return y and tostring(y) or nil
end

-- A year followed by a day of a month is a date, not a period of its own:
-- 2022年7月27日开通 still dates the sentence to 2022.
local scan_p = P{ Ct((expr + 1)^0) }

-- every period expression holds one of these; text without them is not
-- searched at all
local needs = { "年", "月", "季", "目前", "五" }

function M.scan(s, year)
  local out = {}
  local any = false
  for _, w in ipairs(needs) do
    if s:find(w, 1, true) then any = true break end
  end
  if not any then return out end
  local named -- the last year the text names: 2023年,…全年 is 2023
  for _, t in ipairs(lpeg.match(scan_p, s) or {}) do
    if t.stop > t.start then
      local p = resolve(t, (t.now == "全年" or t.now == "年内") and named or year)
      if t.y then named = t.y end
      if p then out[#out + 1] = { start = t.start, stop = t.stop, period = p } end
    end
  end
  return out
end

-- {==== the year of a document
-- The review year is the latest year the text names as past or present;
-- when the text says 今年 and names that year's end as past (2023年底,…
-- 成立; 截至2023年末), 今年 is the next one. Plan years (2018年 in a 2017 review's
-- closing section) are found by the caller and excluded.
-- 2024年工作打算, 2024年计划: a year named as a plan, not as the text's own
local plan_after = P"工作打算" + P"工作计划" + P"工作安排" + P"工作思路" + P"工作要点"
    + P"计划" + P"打算" + P"目标" + P"重点工作" + P"工作重点"
local year_mention = P{ Ct((Ct(Cg(Cp(), "pos") * Cg(C(P"截至" + P"截止" + P"到" + P"至")^-1, "to")
  * Cg(year4, "y") * P"年" * P"度"^-1 * Cg(C(P"底" + P"末"), "end")^-1
  * Cg(#plan_after * Cc(true), "plan")^-1) + 1)^0) }

function M.years(s)
  return lpeg.match(year_mention, s) or {}
end

function M.doc_year(s, before, plan_year)
  local best, past_end = nil, {}
  for _, m in ipairs(M.years(s)) do
    -- 到2025年 is a deadline, not a year the text tells of
    local deadline = m.to == "到" or m.to == "至"
    if (not before or m.pos < before) and (not plan_year or m.y < plan_year)
        and not m.plan and not deadline then
      if not best or m.y > best then best = m.y end
      -- 2023年底,…成立 / 截至2023年末: told after that year ended;
      -- 到2023年底 is a deadline, which says nothing.
      if m["end"] and (m.to == "" or m.to:sub(1, 3) == "截") then
        past_end[m.y] = true
      end
    end
  end
  -- only a text that says 今年 has a year of its own to find
  if best and past_end[best] and s:find("今年", 1, true) then best = best + 1 end
  return best
end
-- }====

return M
