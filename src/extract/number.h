/* SPDX-License-Identifier: MIT */
/*
 * Numbers: lua/hanscan/number.lua in C. The numbers of Chinese economic
 * prose, read exactly:
 *
 *   614.13亿      value "61413000000", digits "614.13", scale 8
 *   1,234.5万     value "12345000"; 57。6亿 and "24. 3 亿" read as meant
 *   十二万五千    value "125000", chinese; 三四百 is 300 (high "400")
 *   约2000        approx "约", start after the word
 *   6500余万      approx "余"; 2万多 approx "多"
 *   10-15亿       value "1000000000", high "1500000000"
 *   1亿2000万     value "120000000" (the rest, in 万, added to 亿s)
 *
 * Units are not read here (units.h).
 *
 * Conventions of src/extract/extract.h apply: text is (s, n), not
 * necessarily NUL-terminated; positions are 0-based byte offsets (Lua
 * position - 1); a match covers [pos, stop) and, like the LPeg grammar it
 * mirrors, may begin at any byte (any byte string is accepted). Values are
 * exact decimals (decimal.h) in the caller's struct.
 *
 * Errors: the functions return false when nothing matches at pos, and
 * also (where the Lua returns a result) when a field of the result would
 * not fit in HS_DEC_MAX - 1 bytes, which takes a run of some 60 digits.
 * Nothing is allocated and nothing is shared: safe from any number of
 * threads.
 */
#ifndef HS_NUMBER_H
#define HS_NUMBER_H

#include "decimal.h"

/* number.match(s, pos): one number starting at pos (after an optional
 * approximating word of hs_approx_before and spaces), with its multiplier,
 * range and approximation. Fields as the Lua table's; nil is "" or -1. */
typedef struct hs_number {
  size_t start, stop;      /* t.start (after any approx word), t.stop:
                              stop includes spaces/newlines the grammar
                              consumed after the numeral ("5 个" stops
                              before 个) */
  char value[HS_DEC_MAX];  /* t.value: the number in base units */
  char high[HS_DEC_MAX];   /* t.high, "" when nil: upper end of a range */
  char digits[HS_DEC_MAX]; /* t.digits: the numeral as written, cleaned
                              ("1234.5", "008.0"; chinese: the value) */
  int scale;               /* t.scale, -1 when nil: 4 万, 8 亿, ... */
  bool chinese;            /* t.chinese */
  char approx[32];         /* t.approx, "" when nil: "约", "余", "近多" */
} hs_number;
bool hs_number_match(const char *s, size_t n, size_t pos, hs_number *out);

/* number.fraction(s, pos): 五分之一 -> "20" (a percentage), 三成 -> "30";
 * [start, stop) is the expression (start == pos). */
typedef struct hs_fraction {
  size_t start, stop;
  char value[HS_DEC_MAX];
} hs_fraction;
bool hs_number_fraction(const char *s, size_t n, size_t pos, hs_fraction *out);

/* lpeg.match(number.numeral_start, s, pos) ~= nil: an ASCII or full-width
 * digit, a Chinese digit (零〇一二两 … 玖) or 十拾百佰千仟 at pos. */
bool hs_number_is_start(const char *s, size_t n, size_t pos);

/* number.approx_before in the order the Lua holds it after sorting
 * (longest first), NULL-terminated. */
extern const char *const hs_approx_before[];

#endif
