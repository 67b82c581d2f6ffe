/* SPDX-License-Identifier: MIT */
/*
 * Exact decimals: lua/hanscan/decimal.lua in C. A decimal is a string of
 * ASCII digits with an optional sign and point ("61413000000", "-3",
 * "20.5"); the functions work on the digits themselves, never on binary
 * floats (614.13亿 is "614.13" shifted eight places, not 61412999999.99).
 *
 * Conventions of src/extract/extract.h apply. Inputs are NUL-terminated
 * strings (hs_dec_norm takes (in, n)); results go to a caller-owned
 * char[HS_DEC_MAX] and are always normalized as decimal.norm writes them:
 * no leading zeros, no trailing fractional zeros, no "+", "0" never
 * signed.
 *
 * Errors: a function returns false (and leaves `out` unspecified) when an
 * input is not a plain decimal (where the Lua raises "not a decimal") or
 * when the result would not fit in HS_DEC_MAX - 1 bytes (the Lua has no
 * limit: this is the only place the port can differ, and it needs
 * numbers of 60 digits and more). hs_dec_neg, void by request of its
 * callers, writes "" in those cases.
 *
 * No allocation, no state: safe from any number of threads.
 */
#ifndef HS_DECIMAL_H
#define HS_DECIMAL_H

#include "extract.h"

/* decimal.norm: "0614.1300" -> "614.13", "-0" -> "0", "+5" -> "5",
 * "-.5" -> "-0.5". The whole of in[0, n) must be [+-]?D*.?D* with at
 * least one digit (D = ASCII digit). */
bool hs_dec_norm(const char *in, size_t n, char out[HS_DEC_MAX]);

/* decimal.shift: in times 10^k (k may be negative). */
bool hs_dec_shift(const char *in, int k, char out[HS_DEC_MAX]);

/* decimal.neg: -in ("0" stays "0"); out is "" when in is not a decimal or
 * the result does not fit. */
void hs_dec_neg(const char *in, char out[HS_DEC_MAX]);

/* decimal.add: the exact sum a + b, any sign. */
bool hs_dec_add(const char *a, const char *b, char out[HS_DEC_MAX]);

/* decimal.percent(num, den) with two Lua integers: 100 * num / den as a
 * percentage, an integer when the ratio is whole (below 1e15), else
 * rounded to four decimals (五分之一 -> "20", 三分之一 -> "33.3333").
 * Like the Lua, 100 * num wraps around in 64 bits and the division is a
 * double one; den = 0 gives "0" (the Lua's inf/nan fall back to "0"). */
bool hs_dec_percent(long long num, long long den, char out[HS_DEC_MAX]);

/* The formatting half of decimal.percent, for callers that computed
 * v = 100 * num / den themselves as Lua does it (a float num is
 * multiplied as a double, not wrapped): v == floor(v) and |v| < 1e15
 * prints as an integer, else as "%.4f" normalized, and "0" when that is
 * no decimal (inf, nan). */
bool hs_dec_percent_v(double v, char out[HS_DEC_MAX]);

#endif
