/* SPDX-License-Identifier: MIT */
/*
 * Units: lua/hanscan/units.lua in C, with its default table (units.table
 * and units.not_followed_by; units.add is used by no pack, so the table
 * here is fixed): the units of the genre and the base units they map to.
 *
 *   亿元,同比 at the 元   unit "CNY", kind "money", text "元"
 *   3个月                  no unit: 个 is not followed by 月, 工作日, ...
 *
 * Conventions of src/extract/extract.h apply: text is (s, n), positions
 * are 0-based byte offsets (Lua position - 1), and any byte string is
 * accepted. Spaces and newlines before the unit are skipped, then the
 * longest surface of the table that matches (and is not followed by one
 * of its excluded words) is taken.
 *
 * Ownership and errors: every string of an hs_unit is static (it points
 * into the table), so results need no freeing and stay valid forever.
 * hs_units_match returns false when no unit starts at pos. The table is
 * read-only: safe from any number of threads.
 */
#ifndef HS_UNITS_H
#define HS_UNITS_H

#include "extract.h"

typedef struct hs_unit {
  const char *unit, *kind; /* record unit and family: "CNY", "money" */
  int scale;               /* u.scale or 0: a power of ten (0 for all the
                              default units) */
  const char *text;        /* the surface as written: "元", "个百分点" */
  size_t stop;             /* one past the unit */
} hs_unit;

/* units.match(s, pos) */
bool hs_units_match(const char *s, size_t n, size_t pos, hs_unit *out);

#endif
