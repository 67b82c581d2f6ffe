/* SPDX-License-Identifier: MIT */
/*
 * Stage 2 of decoding: normalization of the decoded UTF-8 text into the text
 * the rules read, with the offset map back to the decoded text, and the
 * hs_text wrapper that runs both stages for one document. One pass over the
 * codepoints; each codepoint is copied, replaced or dropped, and an anchor is
 * recorded whenever the running difference between decoded and normalized
 * offsets changes (see the offset map comment in decode.h).
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
  if (c >= 0x0300 && c <= 0x036F) return 1;
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
    size_t k = hs_u8_decode(s + q, n - q, &c);
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

hs_status hs_normalize(const char *in, size_t n, unsigned flags, hs_buf *out,
                       hs_offmap *map) {
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
  rc = hs_buf_reserve(out, n);
  if (rc != HS_OK) return rc;
  size_t i = 0;
  while (i < n) {
    /* fast path: ASCII other than CR is copied */
    size_t j = i;
    while (j < n && s[j] < 0x80 && s[j] != '\r')
      j++;
    if (j > i) {
      rc = hs_buf_append(out, s + i, j - i);
      if (rc != HS_OK) return rc;
      i = j;
      continue;
    }
    uint32_t c;
    size_t k = hs_u8_decode(s + i, n - i, &c);
    size_t next = i + (k ? k : 1);
    char enc[4];
    int r;
    if (k == 0) {
      rc = hs_buf_append(out, s + i, 1); /* stray byte: keep it */
    } else if (c == '\r' && (flags & HS_NORM_NEWLINES)) {
      if (next < n && s[next] == '\n') next++;
      rc = hs_buf_putc(out, '\n');
    } else if ((flags & HS_NORM_ZEROWIDTH) && is_zero_width(c)) {
      rc = HS_OK;
    } else if ((flags & HS_NORM_SPACES) && is_odd_space(c)) {
      rc = hs_buf_putc(out, ' ');
    } else if ((flags & HS_NORM_FULLWIDTH) && (r = fullwidth(c)) != 0) {
      rc = hs_buf_putc(out, r);
    } else if (is_ideograph(c) && (flags & (HS_NORM_T2S | HS_NORM_GLOSS))) {
      uint32_t o = (flags & HS_NORM_T2S) ? hs_t2s_char(c) : c;
      rc = hs_buf_append(out, enc, hs_u8_encode(o, enc));
      if (flags & HS_NORM_GLOSS) next = skip_gloss(s, n, next);
    } else {
      rc = hs_buf_append(out, s + i, k);
    }
    if (rc != HS_OK) return rc;
    i = next;
    if (map != NULL) {
      rc = mark(map, out->len, i);
      if (rc != HS_OK) return rc;
    }
  }
  if (map != NULL) map->norm_len = out->len;
  return HS_OK;
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
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 0x80) return 1;
  return 0;
}

/* The encoding to decode with: forced, BOM, <meta>, or detected. NULL means
 * binary. */
static const char *choose(const unsigned char *s, size_t n, const char *forced,
                          size_t *bom) {
  *bom = 0;
  if (forced != NULL) {
    const char *enc = hs_charset_canon(forced);
    if (enc == NULL) enc = forced;
    if (strcmp(enc, "UTF-16") == 0) {
      const char *d = hs_charset_detect(s, n, NULL);
      enc = d != NULL && strcmp(d, "UTF-16BE") == 0 ? "UTF-16BE" : "UTF-16LE";
    }
    *bom = bom_of(s, n, enc);
    return enc;
  }
  const char *enc = hs_charset_detect(s, n, bom);
  if (*bom > 0 || enc == NULL) return enc;
  /* an HTML page's <meta> charset, unless the bytes are plainly UTF-8
   * (scraped pages are often re-saved as UTF-8 and keep their old meta) */
  const char *meta = hs_html_meta_charset(s, n);
  if (meta != NULL && !(strcmp(enc, "UTF-8") == 0 && has_high(s, n))) {
    if (strcmp(meta, "UTF-16") == 0) return enc;
    return meta;
  }
  return enc;
}

static int ends_with_ci(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcasecmp(s + a - b, suffix) == 0;
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
  size_t bom = 0;
  const char *enc = choose(s, n, forced, &bom);
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
  } else {
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
        t->scratch.data[0] == '<' &&
        (ends_with_ci(o->name, ".html") || ends_with_ci(o->name, ".htm") ||
         ends_with_ci(o->name, ".xhtml") || ends_with_ci(o->name, ".shtml")))
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
