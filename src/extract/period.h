/* SPDX-License-Identifier: MIT */
/*
 * Periods: lua/hanscan/period.lua in C. The time a figure refers to, in
 * the record's format:
 *
 *   2024                 a year (全年, 2024年, 今年 in a 2024 text)
 *   2024-01..2024-09     1-9月, 1至9月, 元至9月, 前三季度
 *   2024-01..2024-06     上半年
 *   2024-09              截至9月底
 *   2022-01..2024-12     近三年
 *   2011..2015           十二五
 *   ????-01..????-07     months without a year anywhere in the text
 *
 * Conventions of src/extract/extract.h apply: text is (s, n), not
 * necessarily NUL-terminated; positions are 0-based byte offsets (Lua
 * position - 1); a match is the half-open range [start, stop). The
 * scanners work byte by byte exactly like the LPeg grammars they mirror
 * (a match may begin at any byte), so any byte string is accepted.
 *
 * Ownership and errors: results are appended to a caller-owned growing
 * array (items, len, cap; zero-initialise it, set len = 0 to reuse it,
 * release it with the matching *_free). The functions return false only
 * when memory runs out; *out then holds the results appended so far and
 * must still be freed. Nothing else is allocated; no state is shared, so
 * any number of threads may call these at once.
 *
 * Years: 0 stands for Lua's nil wherever a year is passed in or returned
 * (0 is never a year these grammars produce or take).
 */
#ifndef HS_PERIOD_H
#define HS_PERIOD_H

#include "extract.h"

/* One period expression: [start, stop) and its period, NUL-terminated
 * ("2024", "2024-01..2024-09", "????-07", "2011..2015"). */
typedef struct hs_period {
  size_t start, stop;
  char period[48];
} hs_period;
typedef struct hs_periods {
  hs_period *items;
  size_t len, cap;
} hs_periods;

/* period.scan(s, year): appends the period expressions of s in text
 * order (the caller sets out->len = 0 to reuse out). `year` (0 = nil)
 * resolves 今年/去年/上年/明年, 近三年 and month ranges with no year of
 * their own; 全年/年内 take the last year the text named (2023年, ...
 * 全年), else `year`. Expressions that resolve to nothing (今年 without
 * a year, 2024-2023年) are left out. Returns false only on out of memory. */
bool hs_period_scan(const char *s, size_t n, int year, hs_periods *out);
void hs_periods_free(hs_periods *p);

/* period.years(s): every explicit year 2024年 / 2024年度 (19xx or 20xx),
 * with what surrounds it. pos: where the mention starts (at `to` when
 * there is one); y: the year; to: the word before it, "截至", "截止",
 * "到", "至" or "" (NUL-terminated); end: 年底/年末 follows (end_word
 * is then "底" or "末", else ""); plan: a plan word (工作打算, 计划,
 * 目标, ...) follows at once. */
typedef struct hs_year_mention {
  size_t pos;
  int y;
  char to[8];
  bool end, plan;
  char end_word[4];
} hs_year_mention;
typedef struct hs_years {
  hs_year_mention *items;
  size_t len, cap;
} hs_years;
/* Appends the mentions of s in text order (the caller sets out->len = 0
 * to reuse out). Returns false only on out of memory. */
bool hs_period_years(const char *s, size_t n, hs_years *out);
void hs_years_free(hs_years *y);

/* period.doc_year(s, before, plan_year): the year the document tells of
 * (the latest year named as past or present, before `before` and below
 * `plan_year`, not followed by a plan word nor preceded by 到/至; one
 * more when that year's end is named as past and the text says 今年).
 * before: a 0-based position (Lua before - 1), (size_t)-1 for nil;
 * plan_year: 0 for nil. Returns 0 (nil) when the text names no year.
 * Allocates nothing. */
int hs_period_doc_year(const char *s, size_t n, size_t before, int plan_year);

#endif
