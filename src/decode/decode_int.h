/* SPDX-License-Identifier: MIT */
/*
 * Private helpers of the decode module: UTF-8 encoding and decoding of one
 * codepoint (inline, for the byte loops of the module, and out of line),
 * validation, the Traditional -> Simplified table, and the detection
 * interface that hands its work over to the conversion. Not part of the
 * public API. Everything here is thread-safe: the tables are read-only once
 * published (pthread_once).
 */
#ifndef HS_DECODE_INT_H
#define HS_DECODE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/* Length of the valid UTF-8 sequence at s[0..n) and its value in *cp, or 0
 * when the bytes there are not a valid (shortest-form, non-surrogate,
 * <= U+10FFFF) sequence. n must be > 0. */
size_t hs_u8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4 bytes) and returns the length;
 * values that are not scalar values are written as U+FFFD. */
size_t hs_u8_encode(uint32_t cp, char *out);

/* Offset of the first invalid sequence in s[0..n), or n if all is valid
 * UTF-8. ASCII runs go sixteen bytes at a time, runs of three-byte
 * sequences (Chinese text) by a fast path. */
size_t hs_u8_validate(const unsigned char *s, size_t n);

/* If p[0..n) starts with a character reference ("&amp;", "&#20013;",
 * "&#x4E2D;"), stores its codepoint in *cp and returns its length (with
 * the ';', which may be missing before a non-name character); else 0.
 * Named references: the XML five and the HTML ones common in Chinese pages
 * (nbsp, ldquo, mdash, middot, hellip, ...). */
size_t hs_entity(const char *p, size_t n, uint32_t *cp);

/* hs_u8_decode, inline: the module's byte loops call this. */
static HS_INLINE size_t hs_u8_dec(const unsigned char *s, size_t n,
                                  uint32_t *cp) {
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

/* hs_u8_encode, inline, for a scalar value (no surrogate, <= U+10FFFF). */
static inline size_t hs_u8_enc(uint32_t cp, unsigned char *o) {
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

/* 1 if any of the eight bytes of w has its high bit set. */
#define HS_HAS_HIGH(w) (((w)&0x8080808080808080ULL) != 0)

/* 1 if any of the eight bytes of w is zero. */
#define HS_HAS_ZERO(w)                                                         \
  ((((w)-0x0101010101010101ULL) & ~(w)&0x8080808080808080ULL) != 0)

/* The Traditional -> Simplified table (t2s.c) over U+3400..U+9FFF, by
 * x = cp - HS_T2S_FIRST: the UTF-8 of the Simplified form of cp packed in
 * a word (first byte lowest), or 0 when there is none (about 3,800
 * entries). The normalizer's character loop reads it for an ideograph and
 * selects without a branch (Traditional text has a Simplified form for a
 * good part of its characters, at random); its blocks read a fold table
 * made from it. Made at build time from OpenCC's dictionaries (t2s_gen.c);
 * never NULL. */
#define HS_T2S_FIRST 0x3400u
#define HS_T2S_LAST  0x9FFFu
#define HS_T2S_COUNT (HS_T2S_LAST - HS_T2S_FIRST + 1)
typedef struct hs_t2s {
  uint32_t utf8[HS_T2S_COUNT];
} hs_t2s;
const hs_t2s *hs_t2s_table(void);

/* A table without entries (all zero, in BSS). */
const hs_t2s *hs_t2s_empty(void);

/* The packed UTF-8 of the Simplified form of HS_T2S_FIRST + x
 * (x < HS_T2S_COUNT), or 0. */
static inline uint32_t hs_t2s_get(const hs_t2s *t, uint32_t x) {
  return t->utf8[x];
}

/* Writes a packed UTF-8 word at o (room for 4 bytes, all written) and
 * returns its length. */
static inline size_t hs_put_packed(uint32_t u, unsigned char *o) {
  o[0] = (unsigned char)u;
  o[1] = (unsigned char)(u >> 8);
  o[2] = (unsigned char)(u >> 16);
  o[3] = (unsigned char)(u >> 24);
  unsigned b = u & 0xFF;
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* What detection learnt that the conversion can reuse (charset.c). */
typedef struct hs_detect {
  hs_buf *out;    /* in: NULL, or a buffer (reset by the call) that gets the
                     conversion of the whole input when have_out is set */
  hs_buf *tmp;    /* in: a scratch buffer when out is set */
  int utf8_valid; /* out: the input (without BOM) was checked to be valid
                     UTF-8 from end to end */
  int have_out;   /* out: *out holds hs_charset_to_utf8(raw, n, result, .., 0
                     (no limit), &bad, &first_bad) */
  size_t bad;     /* with have_out */
  size_t first_bad;
  int controls; /* in: hs_charset_controls(raw, n) when the caller knows
                   it, else -1 */
} hs_detect;

/* 1 if the sample of raw[0..n) that detection looks at has a NUL byte or
 * the share of control bytes of binary data: detection then tries UTF-16
 * only, and valid UTF-8 is not taken for UTF-8. */
int hs_charset_controls(const void *raw, size_t n);

/* hs_charset_detect, with what it found on the way in *d (not NULL; the
 * "in" fields set). */
const char *hs_charset_detect_ex(const void *raw, size_t n, size_t *bom,
                                 hs_detect *d);

#endif
