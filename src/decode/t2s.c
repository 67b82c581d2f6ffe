/* SPDX-License-Identifier: MIT */
/*
 * Traditional -> Simplified folding, one codepoint at a time. The table is
 * made at build time from OpenCC's dictionaries by hs_t2s_gen
 * (t2s_gen.c, which says how) and compiled in here: a flat constant array
 * (108 KiB) indexed by codepoint, each entry the UTF-8 of the Simplified
 * form packed in a word (0: none). Nothing is built at run time, so
 * threads read it without locks; the normalizer takes the array itself
 * (hs_t2s_table) and reads it inline for every ideograph.
 */
#include "decode.h"
#include "decode_int.h"

static const hs_t2s t2s = {{
#include "t2s_table.inc"
}};

static const hs_t2s t2s_none; /* stays empty */

const hs_t2s *hs_t2s_table(void) {
  return &t2s;
}

const hs_t2s *hs_t2s_empty(void) {
  return &t2s_none;
}

uint32_t hs_t2s_char(uint32_t cp) {
  if (cp < HS_T2S_FIRST || cp > HS_T2S_LAST) return cp;
  uint32_t u = hs_t2s_get(&t2s, cp - HS_T2S_FIRST);
  if (u == 0) return cp;
  unsigned char b[4];
  uint32_t v;
  return hs_u8_dec(b, hs_put_packed(u, b), &v) ? v : cp;
}
