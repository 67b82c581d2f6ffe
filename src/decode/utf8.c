/* SPDX-License-Identifier: MIT */
/*
 * Stage 1 of decoding for UTF-8 input: BOM stripping and strict validation
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF), plus the one-codepoint helpers the normalizer uses. ASCII runs
 * are validated sixteen bytes at a time and runs of three-byte sequences
 * (Chinese text) by a fast path.
 */
#include "decode.h"
#include "decode_int.h"

#include <string.h>

size_t hs_u8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  return hs_u8_dec(s, n, cp);
}

size_t hs_u8_encode(uint32_t cp, char *out) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp > 0x10FFFF) cp = 0xFFFD;
  return hs_u8_enc(cp, (unsigned char *)out);
}

size_t hs_u8_validate(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      if (n - i >= 16) {
        uint64_t a, b;
        memcpy(&a, s + i, 8);
        memcpy(&b, s + i + 8, 8);
        if (!HS_HAS_HIGH(a | b)) {
          i += 16;
          continue;
        }
      }
      i++;
      continue;
    }
    /* runs of three-byte sequences that need no overlong or surrogate
     * check (leads E1..EC, EE, EF): U+1000..U+CFFF, U+E000..U+FFFF */
    while (n - i >= 3) {
      c = s[i];
      if (c < 0xE1 || c > 0xEF || c == 0xED || (s[i + 1] & 0xC0) != 0x80 ||
          (s[i + 2] & 0xC0) != 0x80)
        break;
      i += 3;
    }
    if (i >= n || s[i] < 0x80) continue;
    uint32_t cp;
    size_t k = hs_u8_dec(s + i, n - i, &cp);
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
