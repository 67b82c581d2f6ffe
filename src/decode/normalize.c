/* SPDX-License-Identifier: MIT */
/*
 * Stage 2 of decoding: normalization of the decoded UTF-8 text into the text
 * the rules read, with the offset map back to the decoded text, and the
 * hs_text wrapper that runs both stages for one document. One pass over the
 * codepoints; each codepoint is copied, replaced or dropped, and an anchor is
 * recorded whenever the running difference between decoded and normalized
 * offsets changes (see the offset map comment in decode.h).
 *
 * Speed: the characters that make up nearly all of Chinese text are taken
 * without a function call: ideographs (read as one word, folded by the
 * t2s table without a branch, a gloss looked for only when "(" or "（"
 * follows), CJK punctuation, general punctuation, two-byte letters, and
 * ASCII (eight bytes at a time in runs); anything else goes through the
 * general case (norm_one). The output is reserved once. For a document
 * that is UTF-8 text (the common case), hs_text_decode_opts validates the
 * bytes while normalizing them, so that the document is read once, then
 * copied as the decoded text; other documents are detected, converted and
 * normalized step by step. Both ways give the same bytes.
 */
#include "decode.h"
#include "decode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*{====================================================================
 * Offset map
 *====================================================================}*/

void hs_offmap_init(hs_offmap *m) {
  memset(m, 0, sizeof *m);
}

void hs_offmap_close(hs_offmap *m) {
  if (m == NULL) return;
  free(m->a);
  hs_offmap_init(m);
}

/* Records that normalized offset norm corresponds to decoded offset dec,
 * if the difference changed since the last anchor. */
static hs_status mark(hs_offmap *m, size_t norm, size_t dec) {
  if (m->n > 0) {
    hs_anchor *last = &m->a[m->n - 1];
    if (last->norm_off == norm) {
      last->dec_off = dec;
      /* merge with the previous anchor when the delta is back to its */
      if (m->n > 1) {
        hs_anchor *prev = &m->a[m->n - 2];
        if (prev->dec_off - prev->norm_off == dec - norm) m->n--;
      }
      return HS_OK;
    }
    if (last->dec_off - last->norm_off == dec - norm) return HS_OK;
  }
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    hs_anchor *a = realloc(m->a, cap * sizeof *a);
    if (a == NULL) return HS_ENOMEM;
    m->a = a;
    m->cap = cap;
  }
  m->a[m->n].norm_off = norm;
  m->a[m->n].dec_off = dec;
  m->n++;
  return HS_OK;
}

size_t hs_offmap_to_decoded(const hs_offmap *m, size_t norm_off) {
  if (m == NULL || m->n == 0) return norm_off;
  if (norm_off >= m->norm_len) return m->dec_len;
  size_t lo = 0, hi = m->n; /* last anchor with norm_off <= x is in [lo,hi) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->a[mid].norm_off <= norm_off)
      lo = mid;
    else
      hi = mid;
  }
  const hs_anchor *a = &m->a[lo];
  size_t d = a->dec_off + (norm_off - a->norm_off);
  if (lo + 1 < m->n && d > m->a[lo + 1].dec_off) d = m->a[lo + 1].dec_off;
  if (d > m->dec_len) d = m->dec_len;
  return d;
}

/*{====================================================================
 * Character classes
 *====================================================================}*/

static int is_odd_space(uint32_t c) {
  return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

static int is_zero_width(uint32_t c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* ASCII replacement of a full-width character, or 0. */
static int fullwidth(uint32_t c) {
  if (c >= 0xFF10 && c <= 0xFF19) return (int)('0' + (c - 0xFF10));
  if (c >= 0xFF21 && c <= 0xFF3A) return (int)('A' + (c - 0xFF21));
  if (c >= 0xFF41 && c <= 0xFF5A) return (int)('a' + (c - 0xFF41));
  switch (c) {
    case 0xFF05: return '%';
    case 0xFF0E: return '.';
    case 0xFF0C: return ',';
    case 0xFF1A: return ':';
    case 0xFF1B: return ';';
    case 0xFF08: return '(';
    case 0xFF09: return ')';
    case 0xFF0D: return '-';
    case 0xFF5E: return '~';
    case 0xFF0B: return '+';
    default: return 0;
  }
}

static int is_ideograph(uint32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

/* A vowel with a tone mark, ü, a syllabic nasal with a tone mark, or a
 * combining diacritic (decomposed pinyin). */
static int is_tone_letter(uint32_t c) {
  static const uint16_t marked[] = {
      0x0101, 0x00E1, 0x01CE, 0x00E0, /* ā á ǎ à */
      0x0113, 0x00E9, 0x011B, 0x00E8, /* ē é ě è */
      0x012B, 0x00ED, 0x01D0, 0x00EC, /* ī í ǐ ì */
      0x014D, 0x00F3, 0x01D2, 0x00F2, /* ō ó ǒ ò */
      0x016B, 0x00FA, 0x01D4, 0x00F9, /* ū ú ǔ ù */
      0x01D6, 0x01D8, 0x01DA, 0x01DC, /* ǖ ǘ ǚ ǜ */
      0x00FC, 0x0144, 0x0148, 0x01F9, /* ü ń ň ǹ */
  };
  if (c < 0x00E0 || c > 0x036F) return 0; /* ')' and the like: at once */
  if (c >= 0x0300) return 1;
  for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
    if (marked[i] == c) return 1;
  return 0;
}

/* If s[p..n) starts with a pinyin gloss "(chǎn)" or "（chǎn）", returns the
 * offset just after it, else p. A gloss is 1..12 letters a-z or tone
 * letters with at least one tone letter. */
static size_t skip_gloss(const unsigned char *s, size_t n, size_t p) {
  size_t q;
  if (p < n && s[p] == '(')
    q = p + 1;
  else if (n - p >= 3 && s[p] == 0xEF && s[p + 1] == 0xBC && s[p + 2] == 0x88)
    q = p + 3;
  else
    return p;
  int letters = 0, tones = 0;
  while (q < n && letters <= 12) {
    uint32_t c;
    size_t k = hs_u8_dec(s + q, n - q, &c);
    if (k == 0) return p;
    if (c >= 'a' && c <= 'z') {
      letters++;
    } else if (is_tone_letter(c)) {
      letters++;
      tones++;
    } else if (c == ')' || c == 0xFF09) {
      if (letters == 0 || letters > 12 || tones == 0) return p;
      return q + k;
    } else {
      return p;
    }
    q += k;
  }
  return p;
}

/*{====================================================================
 * Normalization
 *====================================================================}*/

/* 1 if s[p..n) starts with "(" or "（", as a gloss does. */
static inline int gloss_at(const unsigned char *s, size_t n, size_t p) {
  return p < n && (s[p] == '(' || (s[p] == 0xEF && n - p >= 3 &&
                                   s[p + 1] == 0xBC && s[p + 2] == 0x88));
}

/* The general case of one character at s[i] (not a fast-path one): writes
 * its normalization at *o (room for 4 bytes) and returns the offset after
 * what it consumed. */
static size_t norm_one(const unsigned char *s, size_t n, size_t i,
                       unsigned flags, const hs_t2s *t2s, unsigned char **o,
                       size_t *bad) {
  unsigned char *p = *o;
  uint32_t c;
  size_t k = hs_u8_dec(s + i, n - i, &c);
  size_t next = i + (k ? k : 1);
  int r;
  if (k == 0) {
    *p++ = s[i]; /* stray byte: keep it */
    if (i < *bad) *bad = i;
  } else if (c == '\r' && (flags & HS_NORM_NEWLINES)) {
    if (next < n && s[next] == '\n') next++;
    *p++ = '\n';
  } else if ((flags & HS_NORM_ZEROWIDTH) && is_zero_width(c)) {
    /* dropped */
  } else if ((flags & HS_NORM_SPACES) && is_odd_space(c)) {
    *p++ = ' ';
  } else if ((flags & HS_NORM_FULLWIDTH) && (r = fullwidth(c)) != 0) {
    *p++ = (unsigned char)r;
  } else if (is_ideograph(c) && (flags & (HS_NORM_T2S | HS_NORM_GLOSS))) {
    uint32_t u = 0;
    if (t2s != NULL && c >= HS_T2S_FIRST && c <= HS_T2S_LAST)
      u = hs_t2s_get(t2s, c - HS_T2S_FIRST);
    if (u != 0) {
      p += hs_put_packed(u, p);
    } else {
      memcpy(p, s + i, k);
      p += k;
    }
    if ((flags & HS_NORM_GLOSS) && gloss_at(s, n, next))
      next = skip_gloss(s, n, next);
  } else {
    memcpy(p, s + i, k);
    p += k;
  }
  *o = p;
  return next;
}

/* The four bytes at p as a little-endian word (p[0] in the low bits), and
 * the other way. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint32_t load4(const unsigned char *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

static inline void store4(unsigned char *p, uint32_t w) {
  memcpy(p, &w, 4);
}
#else
static inline uint32_t load4(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static inline void store4(unsigned char *p, uint32_t w) {
  p[0] = (unsigned char)w;
  p[1] = (unsigned char)(w >> 8);
  p[2] = (unsigned char)(w >> 16);
  p[3] = (unsigned char)(w >> 24);
}
#endif

/* The length of a UTF-8 sequence by the high nibble of its first byte. */
static const unsigned char utf8_len[16] = {1, 1, 1, 1, 1, 1, 1, 1,
                                           1, 1, 1, 1, 2, 2, 3, 4};

/* hs_normalize, with the validation of hs_u8_validate for free: with
 * `strict`, stops with HS_EDATA at the first byte that is not valid UTF-8
 * (out and map are then partial); else copies such bytes as they are. */
static hs_status normalize(const char *in, size_t n, unsigned flags,
                           hs_buf *out, hs_offmap *map, int strict) {
  size_t bad = (size_t)-1;
  const unsigned char *s = (const unsigned char *)in;
  hs_status rc = HS_OK;
  hs_buf_reset(out);
  if (map != NULL) {
    map->n = 0;
    map->norm_len = 0;
    map->dec_len = n;
    rc = mark(map, 0, 0);
    if (rc != HS_OK) return rc;
  }
  /* the output is at most 4/3 of the input (a three-byte ideograph folded
   * to a four-byte one), so the writes below need no checks */
  if (n > ((size_t)-1 - 64) / 2) return HS_ENOMEM;
  rc = hs_buf_reserve(out, n + n / 3 + 8);
  if (rc != HS_OK) return rc;
  /* the t2s table, or an empty one without HS_NORM_T2S */
  const hs_t2s *t2s = (flags & HS_NORM_T2S) ? hs_t2s_table() : NULL;
  const uint32_t *t2s_utf8 = (t2s != NULL ? t2s : hs_t2s_empty())->utf8;
  const int gloss = (flags & HS_NORM_GLOSS) != 0;
  unsigned char *const o0 = (unsigned char *)out->data;
  unsigned char *o = o0;
  size_t i = 0;
  while (i < n) {
    size_t next, wrote;
    unsigned c = s[i];
    if (n - i >= 4) {
      uint32_t w = load4(s + i);          /* the character and the next byte */
      if ((w & 0xC0C0F0u) == 0x8080E0u) { /* a three-byte sequence */
        uint32_t hi = ((w & 0x0Fu) << 6) | ((w >> 8) & 0x3Fu); /* cp >> 6 */
        uint32_t lo = (w >> 16) & 0x3Fu;
        if (hi - (HS_T2S_FIRST >> 6) <=
            (HS_T2S_LAST >> 6) - (HS_T2S_FIRST >> 6)) {
          /* U+3400..U+9FFF, an ideograph (nearly all of Chinese text):
           * copied, or folded by the t2s table; a gloss may follow */
          next = i + 3;
          /* without a branch on the table: Traditional text has a
           * Simplified form for a good part of its characters, at random */
          uint32_t t = t2s_utf8[(hi << 6 | lo) - HS_T2S_FIRST];
          uint32_t m = 0u - (uint32_t)(t != 0);
          uint32_t u = (t & m) | (w & ~m);
          store4(o, u); /* a fourth byte that the next one overwrites */
          wrote = utf8_len[(u >> 4) & 0x0F];
          if (wrote == 3) {
            o += 3;
            unsigned b = w >> 24;
            if (!gloss || (b != '(' && b != 0xEF) || !gloss_at(s, n, next)) {
              i = next;
              continue;
            }
          } else { /* a Simplified form of another length (U+2xxxx) */
            o += wrote;
          }
          if (gloss && gloss_at(s, n, next)) next = skip_gloss(s, n, next);
          goto anchor;
        }
        /* other three-byte characters that no step changes are copied:
         * U+3001..U+33FF (CJK punctuation: 。、《》), U+2000..U+2FFF but
         * for the odd spaces and zero-width characters U+2000..U+200D,
         * U+202F, U+205F, U+2060 (“” … —) */
        if ((c == 0xE3 && (w & 0xFFFFFFu) != 0x8080E3u) ||
            (c == 0xE2 && !(hi == 0x80 && (lo <= 0x0D || lo == 0x2F)) &&
             !(hi == 0x81 && (lo == 0x1F || lo == 0x20)))) {
          o[0] = (unsigned char)c;
          o[1] = s[i + 1];
          o[2] = s[i + 2];
          o += 3;
          i += 3;
          continue;
        }
      }
    }
    if (c < 0x80 && c != '\r') {
      /* ASCII other than CR is copied, eight bytes at a time in runs */
      *o++ = (unsigned char)c;
      i++;
      while (n - i >= 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (HS_HAS_HIGH(x) || HS_HAS_ZERO(x ^ 0x0D0D0D0D0D0D0D0DULL)) break;
        memcpy(o, &x, 8);
        o += 8;
        i += 8;
      }
      continue;
    }
    if (c - 0xC2 <= 0xDF - 0xC2 && n - i >= 2 && (s[i + 1] & 0xC0) == 0x80 &&
        !(c == 0xC2 && s[i + 1] == 0xA0)) {
      /* U+0080..U+07FF but U+00A0 (pinyin letters, ·, °): copied */
      o[0] = (unsigned char)c;
      o[1] = s[i + 1];
      o += 2;
      i += 2;
      continue;
    }
    {
      /* anything else, one character (or CR LF) at a time */
      unsigned char *start = o;
      next = norm_one(s, n, i, flags, t2s, &o, &bad);
      wrote = (size_t)(o - start);
      if (strict && bad != (size_t)-1) {
        out->len = (size_t)(o - o0);
        out->data[out->len] = '\0';
        return HS_EDATA;
      }
    }
  anchor:
    /* an anchor when the difference between the offsets changes (a call
     * of mark that would not change it does nothing) */
    if (map != NULL && wrote != next - i) {
      rc = mark(map, (size_t)(o - o0), next);
      if (rc != HS_OK) {
        out->len = (size_t)(o - o0);
        out->data[out->len] = '\0';
        return rc;
      }
    }
    i = next;
  }
  out->len = (size_t)(o - o0);
  out->data[out->len] = '\0';
  if (map != NULL) map->norm_len = out->len;
  return HS_OK;
}

hs_status hs_normalize(const char *in, size_t n, unsigned flags, hs_buf *out,
                       hs_offmap *map) {
  return normalize(in, n, flags, out, map, 0);
}

/*{====================================================================
 * Documents
 *====================================================================}*/

void hs_text_init(hs_text *t) {
  hs_buf_init(&t->decoded);
  hs_buf_init(&t->norm);
  hs_buf_init(&t->scratch);
  hs_offmap_init(&t->map);
  t->encoding = NULL;
  t->format = NULL;
  t->had_bom = 0;
  t->raw_len = 0;
  t->replaced = 0;
  t->first_bad = 0;
  t->msg[0] = '\0';
}

void hs_text_close(hs_text *t) {
  if (t == NULL) return;
  hs_buf_close(&t->decoded);
  hs_buf_close(&t->norm);
  hs_buf_close(&t->scratch);
  hs_offmap_close(&t->map);
  hs_text_init(t);
}

/* Length of the BOM of `enc` at the start of s[0..n), or 0. */
static size_t bom_of(const unsigned char *s, size_t n, const char *enc) {
  if (strcmp(enc, "UTF-8") == 0 && n >= 3 && s[0] == 0xEF && s[1] == 0xBB &&
      s[2] == 0xBF)
    return 3;
  if (strcmp(enc, "UTF-16LE") == 0 && n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
    return 2;
  if (strcmp(enc, "UTF-16BE") == 0 && n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
    return 2;
  if (strcmp(enc, "GB18030") == 0 && n >= 4 && s[0] == 0x84 && s[1] == 0x31 &&
      s[2] == 0x95 && s[3] == 0x33)
    return 4;
  return 0;
}

/* 1 if s[0..n) has a byte >= 0x80. */
static int has_high(const unsigned char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (HS_HAS_HIGH(w)) return 1;
  }
  for (; i < n; i++)
    if (s[i] >= 0x80) return 1;
  return 0;
}

/* The encoding to decode with: forced, BOM, <meta>, or detected. NULL means
 * binary. *d tells what detection found (all zero when it did not run, or
 * when the <meta> overrode it). */
static const char *choose(const unsigned char *s, size_t n, const char *forced,
                          size_t *bom, hs_detect *d) {
  *bom = 0;
  if (forced != NULL) {
    const char *enc = hs_charset_canon(forced);
    if (enc == NULL) enc = forced;
    if (strcmp(enc, "UTF-16") == 0) {
      const char *det = hs_charset_detect(s, n, NULL);
      enc =
          det != NULL && strcmp(det, "UTF-16BE") == 0 ? "UTF-16BE" : "UTF-16LE";
    }
    *bom = bom_of(s, n, enc);
    return enc;
  }
  const char *enc = hs_charset_detect_ex(s, n, bom, d);
  if (*bom > 0 || enc == NULL) return enc;
  /* an HTML page's <meta> charset, unless the bytes are plainly UTF-8
   * (scraped pages are often re-saved as UTF-8 and keep their old meta) */
  const char *meta = hs_html_meta_charset(s, n);
  if (meta != NULL && !(strcmp(enc, "UTF-8") == 0 && has_high(s, n))) {
    if (strcmp(meta, "UTF-16") == 0) return enc;
    if (strcmp(meta, enc) != 0) d->utf8_valid = d->have_out = 0;
    return meta;
  }
  return enc;
}

static int ends_with_ci(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* 1 if the name ends as an HTML page's does. */
static int html_name(const char *name) {
  return ends_with_ci(name, ".html") || ends_with_ci(name, ".htm") ||
         ends_with_ci(name, ".xhtml") || ends_with_ci(name, ".shtml");
}

/* 1 if raw[0..n), decoded by detection, would be UTF-8 text (no markup)
 * provided that it is valid UTF-8: no BOM, no control bytes, no <meta>
 * charset, a "text" format (forced, or sniffed from the bytes, which would
 * be the decoded text). */
static int maybe_utf8_text(const unsigned char *s, size_t n,
                           const hs_decode_opts *o, int *controls) {
  if ((n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ||
      (n >= 4 && s[0] == 0x84 && s[1] == 0x31 && s[2] == 0x95 &&
       s[3] == 0x33) ||
      (n >= 2 &&
       ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))))
    return 0;
  *controls = hs_charset_controls(s, n);
  if (*controls) return 0;
  if (hs_html_meta_charset(s, n) != NULL) return 0;
  const char *fmt = o->format;
  if (fmt != NULL &&
      (strcasecmp(fmt, "docx") == 0 || strcasecmp(fmt, "html") == 0))
    return 0;
  if (fmt == NULL || strcasecmp(fmt, "auto") == 0) {
    if (hs_html_sniff((const char *)s, n) != 0) return 0;
    if (o->name != NULL && s[0] == '<' && html_name(o->name)) return 0;
  }
  return 1;
}

static void swap_bufs(hs_buf *a, hs_buf *b) {
  hs_buf tmp = *a;
  *a = *b;
  *b = tmp;
}

hs_status hs_text_decode_opts(hs_text *t, const void *raw, size_t n,
                              const hs_decode_opts *o) {
  static const hs_decode_opts defaults = {NULL, NULL, NULL, 0, 0};
  if (o == NULL) o = &defaults;
  const unsigned char *s = raw != NULL ? raw : (const unsigned char *)"";
  if (raw == NULL) n = 0;
  hs_buf_reset(&t->decoded);
  hs_buf_reset(&t->norm);
  hs_buf_reset(&t->scratch);
  t->map.n = 0;
  t->map.norm_len = 0;
  t->map.dec_len = 0;
  t->encoding = NULL;
  t->format = NULL;
  t->had_bom = 0;
  t->raw_len = n;
  t->replaced = 0;
  t->first_bad = 0;
  t->msg[0] = '\0';
  size_t max = o->max_size ? o->max_size : HS_DECODE_MAX_SIZE;
  const char *forced = o->encoding;
  if (forced != NULL && strcasecmp(forced, "auto") == 0) forced = NULL;
  if (forced != NULL && !hs_decode_encoding_ok(forced)) {
    snprintf(t->msg, sizeof t->msg, "unsupported encoding '%s'", forced);
    return HS_EDATA;
  }
  /* the common case in one pass: plain UTF-8 text, validated while it is
   * normalized (then copied as the decoded text) */
  int controls = -1; /* hs_charset_controls, once known */
  if (forced == NULL && o->norm_flags != 0 && n > 0 && n <= max &&
      maybe_utf8_text(s, n, o, &controls)) {
    if (normalize((const char *)s, n, o->norm_flags, &t->norm, &t->map, 1) ==
            HS_OK &&
        hs_buf_append(&t->decoded, s, n) == HS_OK) {
      t->encoding = hs_charset_canon("UTF-8");
      t->format = "text";
      return HS_OK;
    }
    /* not UTF-8 after all: the general way */
    hs_buf_reset(&t->decoded);
    hs_buf_reset(&t->norm);
    t->map.n = 0;
    t->map.norm_len = 0;
    t->map.dec_len = 0;
  }
  size_t bom = 0;
  /* detection may convert the document, or find it valid UTF-8; decoded
   * and scratch are empty and serve as its buffers */
  hs_detect det;
  memset(&det, 0, sizeof det);
  det.out = &t->scratch;
  det.tmp = &t->decoded;
  det.controls = controls;
  const char *enc = choose(s, n, forced, &bom, &det);
  hs_buf_reset(&t->decoded);
  if (!det.have_out) hs_buf_reset(&t->scratch);
  if (enc == NULL) {
    snprintf(t->msg, sizeof t->msg, "binary data, not text");
    return HS_EDATA;
  }
  t->encoding = enc;
  t->had_bom = bom > 0;
  char limit[32];
  if (max % ((size_t)1 << 20) == 0)
    snprintf(limit, sizeof limit, "%zu MiB", max >> 20);
  else
    snprintf(limit, sizeof limit, "%zu bytes", max);
  hs_status rc;
  if (strcmp(enc, "UTF-8") == 0 && n - bom > max) {
    rc = HS_ELIMIT;
  } else if (det.utf8_valid) { /* bom is 0 */
    rc = hs_buf_append(&t->scratch, s, n);
  } else if (det.have_out && t->scratch.len <= max) { /* bom is 0 */
    rc = HS_OK;
    t->replaced = det.bad;
    t->first_bad = det.first_bad;
  } else {
    hs_buf_reset(&t->scratch);
    rc = hs_charset_to_utf8(s + bom, n - bom, enc, &t->scratch, max,
                            &t->replaced, &t->first_bad);
    t->first_bad += bom;
  }
  if (rc == HS_ELIMIT) {
    snprintf(t->msg, sizeof t->msg, "decoded text over the %s limit", limit);
    return rc;
  }
  if (rc == HS_EDATA) {
    snprintf(t->msg, sizeof t->msg, "cannot convert from '%s'", enc);
    return rc;
  }
  if (rc != HS_OK) goto fail;
  if (t->replaced > 16 && t->replaced * 10 > n) {
    snprintf(t->msg, sizeof t->msg,
             "undecodable: %zu of %zu bytes invalid as %s (binary data?)",
             t->replaced, n, enc);
    return HS_EDATA;
  }
  /* markup to text */
  const char *fmt = o->format;
  int kind = 0; /* 0 text, 1 html, 2 xml, 3 docx */
  if (fmt != NULL && strcasecmp(fmt, "docx") == 0)
    kind = 3;
  else if (fmt != NULL && strcasecmp(fmt, "html") == 0)
    kind = 1;
  else if (fmt == NULL || strcasecmp(fmt, "auto") == 0) {
    kind = hs_html_sniff(t->scratch.data, t->scratch.len);
    if (kind == 0 && o->name != NULL && t->scratch.len > 0 &&
        t->scratch.data[0] == '<' && html_name(o->name))
      kind = 1;
  }
  static const char *const names[] = {"text", "html", "xml", "docx"};
  t->format = names[kind];
  if (kind == 3)
    rc = hs_docx_to_text(t->scratch.data, t->scratch.len, &t->decoded);
  else if (kind != 0)
    rc = hs_html_to_text(t->scratch.data, t->scratch.len, &t->decoded);
  else
    swap_bufs(&t->decoded, &t->scratch);
  if (rc != HS_OK) goto fail;
  if (t->decoded.len > max) {
    snprintf(t->msg, sizeof t->msg, "decoded text over the %s limit", limit);
    return HS_ELIMIT;
  }
  if (o->norm_flags == 0) return HS_OK;
  rc = hs_normalize(t->decoded.data, t->decoded.len, o->norm_flags, &t->norm,
                    &t->map);
  if (rc != HS_OK) goto fail;
  return HS_OK;
fail:
  snprintf(t->msg, sizeof t->msg, "%s", hs_strerror(rc));
  return rc;
}

hs_status hs_text_decode(hs_text *t, const void *raw, size_t n,
                         const char *encoding, unsigned norm_flags) {
  hs_decode_opts o = {encoding, NULL, NULL, norm_flags, 0};
  return hs_text_decode_opts(t, raw, n, &o);
}
