/* SPDX-License-Identifier: MIT */
/*
 * Stage 1 of decoding for UTF-8 input: BOM stripping and strict validation
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF), plus the one-codepoint helpers the normalizer uses. ASCII runs
 * are validated eight bytes at a time.
 */
#include "decode.h"
#include "decode_int.h"

#include <string.h>

size_t hs_u8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
    *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0; /* surrogate */
    *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
          (s[2] & 0x3F);
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0; /* > U+10FFFF */
    *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

size_t hs_u8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t hs_u8_validate(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    uint32_t cp;
    size_t k = hs_u8_decode(s + i, n - i, &cp);
    if (k == 0) return i;
    i += k;
  }
  return n;
}

hs_status hs_decode_utf8(const void *raw, size_t n, hs_buf *out,
                         size_t *bad_off, int *had_bom) {
  const unsigned char *s = raw;
  size_t skip = 0;
  hs_buf_reset(out);
  if (had_bom != NULL) *had_bom = 0;
  if (n == 0) return HS_OK;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    skip = 3;
    if (had_bom != NULL) *had_bom = 1;
  }
  size_t bad = hs_u8_validate(s + skip, n - skip);
  if (bad != n - skip) {
    if (bad_off != NULL) *bad_off = skip + bad;
    return HS_EDATA;
  }
  return hs_buf_append(out, s + skip, n - skip);
}
