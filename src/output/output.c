/* SPDX-License-Identifier: MIT */
/*
 * JSON Lines and CSV serialization of fact records (see output.h for the
 * exact rules), the packed form the SQLite store reads, and the FILE
 * writer. Strings are escaped in one pass; the UTF-8 check inside the JSON
 * escaper keeps the output valid JSON whatever a rule returns.
 */
#include "output_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

const char *const hs_output_fields[10] = {
    "doc",    "indicator", "measure", "value",  "unit",
    "period", "zone",      "span",    "offset", "rule",
};
#define fields hs_output_fields

hs_status hs_output_format_for(const char *path, hs_format *fmt,
                               const char **why) {
  static const char msg[] =
      "unsupported output extension (use .jsonl, .csv, .db or .sqlite)";
  if (path == NULL || strcmp(path, "-") == 0) {
    *fmt = HS_FMT_JSONL;
    return HS_OK;
  }
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (dot != NULL && strcmp(dot, ".jsonl") == 0) {
    *fmt = HS_FMT_JSONL;
    return HS_OK;
  }
  if (dot != NULL && strcmp(dot, ".csv") == 0) {
    *fmt = HS_FMT_CSV;
    return HS_OK;
  }
  if (dot != NULL && (strcmp(dot, ".db") == 0 || strcmp(dot, ".sqlite") == 0)) {
    *fmt = HS_FMT_DB;
    return HS_OK;
  }
  if (why != NULL) *why = msg;
  return HS_EDATA;
}

int hs_output_is_decimal(const char *s) {
  if (s == NULL) return 0;
  if (*s == '-') s++;
  if (*s < '0' || *s > '9') return 0;
  while (*s >= '0' && *s <= '9')
    s++;
  if (*s == '.') {
    s++;
    if (*s < '0' || *s > '9') return 0;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  return *s == '\0';
}

/* Length of a valid UTF-8 sequence at s (NUL-terminated), 0 if invalid. */
static size_t u8len(const unsigned char *s) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && s[1] < 0xA0) return 0;
  if (c == 0xED && s[1] > 0x9F) return 0;
  if (c == 0xF0 && s[1] < 0x90) return 0;
  if (c == 0xF4 && s[1] > 0x8F) return 0;
  return n;
}

/* Writes a decimal integer at o (24 bytes of room), returns its end:
 * the digits counted first (from the bit length, u | 1 having as many as
 * u), then written from the last, two at a time. */
static inline char *w_int(char *o, long long v) {
  static const char pairs[] =
      "00010203040506070809101112131415161718192021222324"
      "25262728293031323334353637383940414243444546474849"
      "50515253545556575859606162636465666768697071727374"
      "75767778798081828384858687888990919293949596979899";
  static const unsigned long long p10[20] = {1ull,
                                             10ull,
                                             100ull,
                                             1000ull,
                                             10000ull,
                                             100000ull,
                                             1000000ull,
                                             10000000ull,
                                             100000000ull,
                                             1000000000ull,
                                             10000000000ull,
                                             100000000000ull,
                                             1000000000000ull,
                                             10000000000000ull,
                                             100000000000000ull,
                                             1000000000000000ull,
                                             10000000000000000ull,
                                             100000000000000000ull,
                                             1000000000000000000ull,
                                             10000000000000000000ull};
  unsigned long long u =
      v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  if (v < 0) *o++ = '-';
  /* 1233 / 4096 is just above log10(2): nd is the digits of 2^(bits-1) */
  unsigned bits = 64u - (unsigned)__builtin_clzll(u | 1);
  size_t nd = (bits * 1233u) >> 12;
  nd += (u | 1) >= p10[nd];
  char *e = o + nd, *p = e;
  while (u >= 100) {
    unsigned r = (unsigned)(u % 100);
    u /= 100;
    p -= 2;
    memcpy(p, pairs + 2 * r, 2);
  }
  if (u >= 10)
    memcpy(p - 2, pairs + 2 * u, 2);
  else
    p[-1] = (char)('0' + u);
  return e;
}

/* Copies s[0, n) to o, returns o + n: short strings without a call. */
static inline char *copy_n(char *o, const char *s, size_t n) {
  hs_copy_short(o, s, n);
  return o + n;
}

/* Appends a decimal integer. */
static hs_status put_int(hs_buf *out, long long v) {
  char b[24];
  return hs_buf_append(out, b, (size_t)(w_int(b, v) - b));
}

static hs_status csv_str(hs_buf *out, const char *s) {
  if (s == NULL) s = "";
  if (strpbrk(s, ",\"\r\n") == NULL) return hs_buf_puts(out, s);
  hs_status rc = hs_buf_putc(out, '"');
  for (; rc == HS_OK && *s; s++) {
    if (*s == '"') rc = hs_buf_putc(out, '"');
    if (rc == HS_OK) rc = hs_buf_putc(out, *s);
  }
  if (rc == HS_OK) rc = hs_buf_putc(out, '"');
  return rc;
}

static hs_status json_str(hs_buf *out, const char *str); /* below */

hs_status hs_output_json_str(hs_buf *out, const char *s) {
  return json_str(out, s);
}

hs_status hs_output_csv_str(hs_buf *out, const char *s) {
  return csv_str(out, s);
}

hs_status hs_output_header(hs_buf *out, hs_format fmt) {
  if (fmt != HS_FMT_CSV) return HS_OK;
  hs_status rc = HS_OK;
  for (size_t i = 0; rc == HS_OK && i < 10; i++) {
    if (i > 0) rc = hs_buf_putc(out, ',');
    if (rc == HS_OK) rc = hs_buf_puts(out, fields[i]);
  }
  if (rc == HS_OK) rc = hs_buf_puts(out, "\r\n");
  return rc;
}

/* The packed form: 14 NUL-terminated strings (see HS_FMT_DB). */
static hs_status packed(hs_buf *out, const hs_fact *f) {
  const char *str[14] = {f->doc,    f->indicator, f->measure, f->value, f->unit,
                         f->period, f->zone,      f->span,    NULL,     f->rule,
                         f->approx, f->subject,   f->scope,   f->high};
  hs_status rc = HS_OK;
  for (size_t i = 0; rc == HS_OK && i < 14; i++) {
    if (i == 8)
      rc = hs_buf_printf(out, "%lld", f->offset);
    else if (str[i] != NULL)
      rc = hs_buf_puts(out, str[i]);
    if (rc == HS_OK) rc = hs_buf_putc(out, '\0');
  }
  return rc;
}

/* JSON Lines record writing into room reserved once: the writers below
 * advance a pointer and check nothing. A string of n bytes takes at most
 * 6n + 2 (the longest escape is \u00XX) and PAD bytes more while it is
 * being written (see w_strn). */
#define PAD 16

/* Writes a literal (a string constant) at o, returns its end. */
#define W_LIT(o, lit)                                                          \
  (memcpy((o), (lit), sizeof(lit) - 1), (o) + sizeof(lit) - 1)

#if !defined(__SSE2__)
/* Whether the 3 bytes at d (a character boundary) are a 3-byte character
 * with a lead byte E1..EF other than ED: the lead bytes of most CJK text,
 * whose continuation bytes are any 80..BF. */
static int cjk3(const unsigned char *d) {
  uint32_t w = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16;
  return (w & 0xC0C0F0u) == 0x8080E0u && d[0] != 0xE0 && d[0] != 0xED;
}
#endif

/* From the character boundary i of d[0, n), the first position (n if
 * none) up to which JSON takes the bytes as they are: printable ASCII
 * other than " and \, and the characters of cjk3. This is where the
 * character loop of w_strn takes over, for one character, so a position
 * before the end of the run may be returned too. With SSE2 16 bytes at a
 * time, reading up to 15 bytes past n (the PAD spaces w_strn puts there,
 * which are not continuation bytes: a character cut by n does not pass). */
static inline size_t clean_to(const unsigned char *d, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i one = _mm_set1_epi8(1), lim = _mm_set1_epi8(0x21),
                q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
                xf0 = _mm_set1_epi8((char)0xF0),
                xe0 = _mm_set1_epi8((char)0xE0),
                xed = _mm_set1_epi8((char)0xED),
                xc0 = _mm_set1_epi8((char)0xC0),
                x80 = _mm_set1_epi8((char)0x80);
  while (i < n) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
    /* signed: v + 1 < 0x21 takes 0x00..0x1F, and 0x7F..0xFF, which
     * become negative (0xFF wraps to 0) */
    __m128i bad =
        _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(v, one), lim),
                     _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)));
    unsigned m = (unsigned)_mm_movemask_epi8(bad);
    if (m == 0) {
      i += 16;
      continue;
    }
    unsigned hi = (unsigned)_mm_movemask_epi8(v); /* bytes 80..FF */
    unsigned b = m & ~hi;                         /* ASCII to escape */
    unsigned lead = 0, cont = 0;
    if (hi != 0) {
      __m128i l = _mm_andnot_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, xe0), _mm_cmpeq_epi8(v, xed)),
          _mm_cmpeq_epi8(_mm_and_si128(v, xf0), xe0));
      lead = (unsigned)_mm_movemask_epi8(l);
      cont = (unsigned)_mm_movemask_epi8(
          _mm_cmpeq_epi8(_mm_and_si128(v, xc0), x80));
      /* other bytes 80..FF, and continuation bytes where the leads do
       * not put them */
      b |= (hi & ~(lead | cont)) | ((cont ^ (lead << 1 | lead << 2)) & 0xFFFF);
    }
    if (b == 0) {
      /* a character that goes on in the next block is read there */
      i += (lead & 0x8000) ? 15 : (lead & 0x4000) ? 14 : 16;
      continue;
    }
    unsigned p = (unsigned)__builtin_ctz(b);
    /* the character cut at p starts at a lead just before it */
    unsigned before = lead & ((1u << p) - 1);
    if (before != 0) {
      unsigned r = 31u - (unsigned)__builtin_clz(before);
      if (r + 3 > p) p = r;
    }
    i += p;
    return i < n ? i : n;
  }
  return n;
#else
  while (i < n) {
    unsigned c = d[i];
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
      i++;
    else if (cjk3(d + i))
      i += 3;
    else
      break;
  }
  return i;
#endif
}

/* Writes s[0, n) as the rest of a JSON string (the opening quote is
 * written) and the closing quote: escapes, and U+FFFD for bytes that are
 * not UTF-8. The way for strings that are not copied whole. */
static char *w_escape(char *o, const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c >= 0x80) {
      size_t k = u8len(s + i);
      if (k == 0 || k > n - i) {
        o = W_LIT(o, "\xEF\xBF\xBD"); /* invalid UTF-8 */
        i++;
      } else {
        memcpy(o, s + i, k);
        o += k;
        i += k;
      }
    } else if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\') {
      *o++ = (char)c;
      i++;
    } else if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
      i++;
    } else {
      static const char hex[] = "0123456789abcdef";
      o = W_LIT(o, "\\u00");
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
      i++;
    }
  }
  *o++ = '"';
  return o;
}

/* Writes s[0, n) (s[n] is NUL) as a JSON string. Most strings need no
 * escape and are valid UTF-8, so the string is copied whole first and
 * checked where it was copied to: clean_to in blocks, the characters it
 * stops at one by one. From the first byte that is escaped or replaced
 * on, w_escape rewrites the rest. */
static char *w_strn(char *o, const char *str, size_t n) {
  *o++ = '"';
  memcpy(o, str, n);
  memset(o + n, ' ', PAD);
  const unsigned char *d = (const unsigned char *)o;
  size_t i = 0;
  while ((i = clean_to(d, i, n)) < n) {
    unsigned c = d[i];
    size_t k = 1;
    if (c >= 0x80)
      k = u8len(d + i); /* stops at the PAD spaces */
    else if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
      k = 0;
    if (k == 0) return w_escape(o + i, (const unsigned char *)str + i, n - i);
    i += k;
  }
  o += n;
  *o++ = '"';
  return o;
}

static hs_status json_str(hs_buf *out, const char *str) {
  size_t n = str ? strlen(str) : 0;
  if (n > (SIZE_MAX - 64) / 6) return HS_ENOMEM;
  hs_status rc = hs_buf_reserve(out, n * 6 + 2 + PAD);
  if (rc != HS_OK) return rc;
  char *o = w_strn(out->data + out->len, str ? str : "", n);
  *o = '\0';
  out->len = (size_t)(o - out->data);
  return HS_OK;
}

/* 1 if s[0, n) is a plain decimal number (see hs_output_is_decimal). */
static inline int is_decimal_n(const char *s, size_t n) {
  size_t i = n > 0 && s[0] == '-';
  size_t d = i;
  while (i < n && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i == d) return 0;
  if (i < n && s[i] == '.') {
    size_t f = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == f) return 0;
  }
  return i == n;
}

/* Writes the decimal s[0, n) as a JSON number: redundant leading zeros
 * dropped. */
static inline char *w_num(char *o, const char *s, size_t n) {
  size_t i = 0;
  if (s[0] == '-') *o++ = s[i++];
  while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
    i++;
  return copy_n(o, s + i, n - i);
}

/* Fields of a fact in the order of a record: doc, indicator, measure,
 * value, unit, period, zone, span, rule (offset between span and rule),
 * then the optional approx, subject, scope and high. */
enum { J_VALUE = 3, J_RULE = 8, J_APPROX = 9, J_HIGH = 12, J_N = 13 };

/* The check of a record written whole (see json_fast): no byte in it is a
 * control character, DEL or \, its only quotes are the ones the writer
 * put there, and its bytes are UTF-8 of ASCII and 2- and 3-byte characters.
 * Its strings are separated by ASCII, so no character runs from one into
 * the next: the record is valid UTF-8 where each string is. Lead bytes
 * that need a closer look (C0, C1, E0, ED, F0..FF: overlong forms,
 * surrogates, 4 bytes) fail the check too; json_slow then sees to them.
 * The masks of 64 bytes: */
typedef struct rec_masks {
  uint64_t bad;   /* control, DEL, \ and the lead bytes above */
  uint64_t quote; /* " */
  uint64_t cont;  /* 80..BF */
  uint64_t lead;  /* C0..FF */
  uint64_t lead3; /* E0..FF */
} rec_masks;

/* Room past the end of a record that json_fast fills with spaces, read by
 * the check's last block; the AVX-512 copy stores 64 bytes too. */
#define REC_PAD 64

#if defined(__SSE2__)
static HS_INLINE void rec_classify(const unsigned char *d, rec_masks *m) {
  const __m128i c1f = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F),
                bs = _mm_set1_epi8('\\'), q = _mm_set1_epi8('"'),
                xfe = _mm_set1_epi8((char)0xFE),
                xc0 = _mm_set1_epi8((char)0xC0),
                xe0 = _mm_set1_epi8((char)0xE0),
                xed = _mm_set1_epi8((char)0xED),
                xf0 = _mm_set1_epi8((char)0xF0);
  uint64_t bad = 0, quote = 0, hi = 0, cont = 0, ge_e0 = 0;
  for (unsigned k = 0; k < 64; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + k));
    __m128i b = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v),
                     _mm_cmpeq_epi8(_mm_max_epu8(v, xf0), v)),
        _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, bs)),
            _mm_or_si128(
                _mm_cmpeq_epi8(_mm_and_si128(v, xfe), xc0),
                _mm_or_si128(_mm_cmpeq_epi8(v, xe0), _mm_cmpeq_epi8(v, xed)))));
    bad |= (uint64_t)(unsigned)_mm_movemask_epi8(b) << k;
    quote |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)) << k;
    hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << k;
    /* signed: 80..BF are below C0, and E0..FF above DF */
    cont |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(xc0, v)) << k;
    ge_e0 |= (uint64_t)(unsigned)_mm_movemask_epi8(
                 _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xDF)))
             << k;
  }
  m->bad = bad;
  m->quote = quote;
  m->cont = cont;
  m->lead = hi & ~cont;
  m->lead3 = hi & ge_e0;
}
#else
static HS_INLINE void rec_classify(const unsigned char *d, rec_masks *m) {
  memset(m, 0, sizeof *m);
  for (unsigned k = 0; k < 64; k++) {
    unsigned c = d[k];
    uint64_t bit = (uint64_t)1 << k;
    if (c < 0x20 || c == 0x7F || c == '\\' || c == 0xC0 || c == 0xC1 ||
        c == 0xE0 || c == 0xED || c >= 0xF0)
      m->bad |= bit;
    if (c == '"') m->quote |= bit;
    if (c >= 0x80 && c < 0xC0) m->cont |= bit;
    if (c >= 0xC0) m->lead |= bit;
    if (c >= 0xE0) m->lead3 |= bit;
  }
}
#endif

#if defined(__GNUC__) && defined(__x86_64__)
#define HS_HAVE_AVX 1
#include <immintrin.h>

/* The classes of a byte for rec_classify_avx2, as the AND of a look-up by
 * its high nibble and one by its low nibble: one bit each, so that no
 * pair of nibbles takes a class it should not. */
enum {
  RN_LOW = 1,    /* 00..1F, F0..FF */
  RN_DEL = 2,    /* 7F */
  RN_BSL = 4,    /* \ */
  RN_QUOTE = 8,  /* " */
  RN_C0 = 16,    /* C0, C1 */
  RN_E0 = 32,    /* E0, ED */
  RN_CONT = 64,  /* 80..BF */
  RN_LEAD3 = 128 /* E0..FF */
};
#define RN_BAD (RN_LOW | RN_DEL | RN_BSL | RN_C0 | RN_E0)

/* rec_classify with AVX2: two nibble look-ups per 32 bytes. */
__attribute__((target("avx2"))) static inline void
rec_classify_avx2(const unsigned char *d, rec_masks *m) {
  const __m256i by_hi = _mm256_setr_epi8(
      RN_LOW, RN_LOW, RN_QUOTE, 0, 0, RN_BSL, 0, RN_DEL, RN_CONT, RN_CONT,
      RN_CONT, RN_CONT, RN_C0, 0, (char)(RN_E0 | RN_LEAD3),
      (char)(RN_LOW | RN_LEAD3), RN_LOW, RN_LOW, RN_QUOTE, 0, 0, RN_BSL, 0,
      RN_DEL, RN_CONT, RN_CONT, RN_CONT, RN_CONT, RN_C0, 0,
      (char)(RN_E0 | RN_LEAD3), (char)(RN_LOW | RN_LEAD3));
  const char all = (char)(RN_LOW | RN_CONT | RN_LEAD3);
  const __m256i by_lo = _mm256_setr_epi8(
      (char)(all | RN_C0 | RN_E0), all | RN_C0, all | RN_QUOTE, all, all, all,
      all, all, all, all, all, all, all | RN_BSL, all | RN_E0, all,
      all | RN_DEL, (char)(all | RN_C0 | RN_E0), all | RN_C0, all | RN_QUOTE,
      all, all, all, all, all, all, all, all, all, all | RN_BSL, all | RN_E0,
      all, all | RN_DEL);
  const __m256i m0f = _mm256_set1_epi8(0x0F), bad = _mm256_set1_epi8(RN_BAD);
  uint64_t ok = 0, quote = 0, hi = 0, cont = 0, lead3 = 0;
  for (unsigned k = 0; k < 64; k += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(d + k));
    __m256i t = _mm256_and_si256(
        _mm256_shuffle_epi8(by_hi,
                            _mm256_and_si256(_mm256_srli_epi16(v, 4), m0f)),
        _mm256_shuffle_epi8(by_lo, _mm256_and_si256(v, m0f)));
    /* the class bits moved to bit 7 for movemask */
    ok |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
              _mm256_and_si256(t, bad), _mm256_setzero_si256()))
          << k;
    quote |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(t, 4))
             << k;
    cont |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_add_epi8(t, t))
            << k;
    lead3 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(t) << k;
    hi |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << k;
  }
  m->bad = ~ok;
  m->quote = quote;
  m->cont = cont;
  m->lead = hi & ~cont;
  m->lead3 = lead3;
}

#define AVX512 "avx512f,avx512bw,avx512vbmi,bmi2,popcnt"

/* The classes of a byte by its low 7 bits, for rec_classify_avx512: bad
 * ASCII, quote; and for 80..FF: a lead byte that needs a closer look,
 * continuation (80..BF), 3-byte lead or more (E0..FF). */
enum { RC_BAD = 1, RC_QUOTE = 2, RC_HBAD = 4, RC_CONT = 8, RC_LEAD3 = 16 };
#define RC(i)                                                                  \
  (((i) < 0x20 || (i) == 0x7F || (i) == '\\') * RC_BAD +                       \
   ((i) == '"') * RC_QUOTE +                                                   \
   ((i) == 0x40 || (i) == 0x41 || (i) == 0x60 || (i) == 0x6D || (i) >= 0x70) * \
       RC_HBAD +                                                               \
   ((i) < 0x40) * RC_CONT + ((i) >= 0x60) * RC_LEAD3)
#define RC4(i)  RC(i), RC((i) + 1), RC((i) + 2), RC((i) + 3)
#define RC16(i) RC4(i), RC4((i) + 4), RC4((i) + 8), RC4((i) + 12)
#define RC64(i) RC16(i), RC16((i) + 16), RC16((i) + 32), RC16((i) + 48)
static const unsigned char rc_table[128] = {RC64(0), RC64(64)};
#undef RC64
#undef RC16
#undef RC4
#undef RC

/* rec_classify with one table look-up of the 64 bytes. */
__attribute__((target(AVX512))) static inline void
rec_classify_avx512(const unsigned char *d, rec_masks *m) {
  __m512i v = _mm512_loadu_si512((const void *)d);
  __m512i t = _mm512_permutex2var_epi8(
      _mm512_loadu_si512((const void *)rc_table), v,
      _mm512_loadu_si512((const void *)(rc_table + 64)));
  uint64_t hi = _mm512_movepi8_mask(v);
  uint64_t bad = _mm512_test_epi8_mask(t, _mm512_set1_epi8(RC_BAD));
  uint64_t quote = _mm512_test_epi8_mask(t, _mm512_set1_epi8(RC_QUOTE));
  uint64_t hbad = _mm512_test_epi8_mask(t, _mm512_set1_epi8(RC_HBAD));
  uint64_t cont = _mm512_test_epi8_mask(t, _mm512_set1_epi8(RC_CONT)) & hi;
  m->bad = (bad & ~hi) | (hbad & hi);
  m->quote = quote & ~hi;
  m->cont = cont;
  m->lead = hi & ~cont;
  m->lead3 = _mm512_test_epi8_mask(t, _mm512_set1_epi8(RC_LEAD3)) & hi;
}

/* copy_n with one masked load and store for up to 64 bytes (the record's
 * room takes the whole store). */
__attribute__((target(AVX512))) static inline char *
copy_avx512(char *o, const char *s, size_t n) {
  if (n <= 64)
    _mm512_storeu_si512((void *)o,
                        _mm512_maskz_loadu_epi8(_bzhi_u64(~0ull, (unsigned)n),
                                                (const void *)s));
  else
    memcpy(o, s, n);
  return o + n;
}
#else
#define HS_HAVE_AVX 0
#endif

/* 1 if the record d[0, n), followed by REC_PAD spaces, passes the check
 * with `quotes` quotes. */
static HS_INLINE int rec_clean(const unsigned char *d, size_t n, size_t quotes,
                               void (*classify)(const unsigned char *,
                                                rec_masks *)) {
  uint64_t carry = 0, bad = 0;
  size_t q = 0;
  for (size_t i = 0; i < n; i += 64) {
    rec_masks m;
    classify(d + i, &m);
    /* the continuation bytes are exactly those the lead bytes call for */
    uint64_t want = m.lead << 1 | m.lead3 << 2 | carry;
    carry = m.lead >> 63 | m.lead3 >> 62;
    bad |= m.bad | (m.cont ^ want);
    q += (size_t)__builtin_popcountll(m.quote);
  }
  return (bad | carry) == 0 && q == quotes;
}

/* The record of the strings s[0, J_N) (lengths n) written the way that
 * fits most: each string copied between its quotes, then the whole record
 * checked where it was written (rec_clean). NULL if that fails: then
 * json_slow writes the record. */
static HS_INLINE char *
json_fast(char *o, const char *const *s, const size_t *n, long long offset,
          char *(*copy)(char *, const char *, size_t),
          void (*classify)(const unsigned char *, rec_masks *)) {
  /* keys with their punctuation and opening quote, in 16 bytes each */
#define K(lit)                                                                 \
  { lit, sizeof(lit) - 1 }
  static const struct {
    char s[16];
    unsigned char n;
  } key[J_HIGH] = {
      K("{\"doc\":\""),    K(",\"indicator\":\""), K(",\"measure\":\""),
      K(",\"value\":\""),  K(",\"unit\":\""),      K(",\"period\":\""),
      K(",\"zone\":\""),   K(",\"span\":\""),      K(",\"rule\":\""),
      K(",\"approx\":\""), K(",\"subject\":\""),   K(",\"scope\":\"")};
#undef K
  char *base = o;
  size_t quotes = 0; /* the ones written */
  /* a key and a string in quotes */
#define STR(i)                                                                 \
  do {                                                                         \
    memcpy(o, key[i].s, 16);                                                   \
    o = copy(o + key[i].n, s[i], n[i]);                                        \
    *o++ = '"';                                                                \
    quotes += 4;                                                               \
  } while (0)
  STR(0);
  STR(1);
  STR(2);
  if (is_decimal_n(s[J_VALUE], n[J_VALUE])) {
    o = W_LIT(o, ",\"value\":");
    o = w_num(o, s[J_VALUE], n[J_VALUE]);
    quotes += 2;
  } else {
    STR(J_VALUE);
  }
  STR(4);
  STR(5);
  STR(6);
  STR(7);
  o = W_LIT(o, ",\"offset\":");
  o = w_int(o, offset);
  STR(J_RULE);
  quotes += 2;
  for (int i = J_APPROX; i < J_HIGH; i++)
    if (n[i] > 0) STR(i);
  if (n[J_HIGH] > 0 && is_decimal_n(s[J_HIGH], n[J_HIGH])) {
    o = W_LIT(o, ",\"high\":");
    o = w_num(o, s[J_HIGH], n[J_HIGH]);
    quotes += 2;
  }
#undef STR
  *o++ = '}';
  memset(o, ' ', REC_PAD);
  if (!rec_clean((const unsigned char *)base, (size_t)(o - base), quotes,
                 classify))
    return NULL;
  *o++ = '\n';
  return o;
}

static char *json_fast_base(char *o, const char *const *s, const size_t *n,
                            long long offset) {
  return json_fast(o, s, n, offset, copy_n, rec_classify);
}

#if HS_HAVE_AVX
__attribute__((target("avx2,popcnt"))) static char *
json_fast_avx2(char *o, const char *const *s, const size_t *n,
               long long offset) {
  return json_fast(o, s, n, offset, copy_n, rec_classify_avx2);
}

__attribute__((target(AVX512))) static char *
json_fast_avx512(char *o, const char *const *s, const size_t *n,
                 long long offset) {
  return json_fast(o, s, n, offset, copy_avx512, rec_classify_avx512);
}
#endif

/* The record written field by field with w_strn. */
static char *json_slow(char *o, const char *const *s, const size_t *n,
                       long long offset) {
  static const char *const key[J_N] = {
      "{\"doc\":",  ",\"indicator\":", ",\"measure\":", ",\"value\":",
      ",\"unit\":", ",\"period\":",    ",\"zone\":",    ",\"span\":",
      ",\"rule\":", ",\"approx\":",    ",\"subject\":", ",\"scope\":",
      ",\"high\":"};
  for (int i = 0; i < J_N; i++) {
    if (i > J_RULE && n[i] == 0) continue;
    if (i == J_HIGH && !is_decimal_n(s[i], n[i])) continue;
    size_t kl = strlen(key[i]);
    memcpy(o, key[i], kl);
    o += kl;
    if (i == J_VALUE || i == J_HIGH)
      o = is_decimal_n(s[i], n[i]) ? w_num(o, s[i], n[i])
                                   : w_strn(o, s[i], n[i]);
    else
      o = w_strn(o, s[i], n[i]);
    if (i == J_RULE - 1) {
      o = W_LIT(o, ",\"offset\":");
      o = w_int(o, offset);
    }
  }
  *o++ = '}';
  *o++ = '\n';
  return o;
}

static hs_status json_record(hs_buf *out, const hs_fact *f) {
  const char *s[J_N] = {f->doc,  f->indicator, f->measure, f->value,
                        f->unit, f->period,    f->zone,    f->span,
                        f->rule, f->approx,    f->subject, f->scope,
                        f->high};
  size_t n[J_N], total = 0, big = 0;
  for (int i = 0; i < J_N; i++) {
    if (s[i] == NULL) s[i] = "";
    n[i] = f->len != NULL ? f->len[i] : strlen(s[i]);
    total += n[i];
    big |= n[i];
  }
  /* no string this long fits in memory; the sum cannot have overflowed */
  if (big > SIZE_MAX / 128) return HS_ENOMEM;
  size_t need = total * 6 + 256 + REC_PAD;
  if (out->data == NULL || need >= out->cap - out->len) {
    hs_status rc = hs_buf_reserve(out, need);
    if (rc != HS_OK) return rc;
  }
  char *base = out->data + out->len;
  char *o;
#if HS_HAVE_AVX
  if (__builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2") &&
      __builtin_cpu_supports("popcnt"))
    o = json_fast_avx512(base, s, n, f->offset);
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
    o = json_fast_avx2(base, s, n, f->offset);
  else
#endif
    o = json_fast_base(base, s, n, f->offset);
  if (o == NULL) o = json_slow(base, s, n, f->offset);
  *o = '\0';
  out->len = (size_t)(o - out->data);
  return HS_OK;
}

hs_status hs_output_record(hs_buf *out, hs_format fmt, const hs_fact *f) {
  if (f == NULL) return HS_EDATA;
  if (fmt == HS_FMT_JSONL) return json_record(out, f);
  if (fmt == HS_FMT_DB) return packed(out, f);
  const char *str[10] = {f->doc,  f->indicator, f->measure, f->value,
                         f->unit, f->period,    f->zone,    f->span,
                         NULL,    f->rule};
  hs_status rc = HS_OK;
  if (fmt == HS_FMT_CSV) {
    for (size_t i = 0; rc == HS_OK && i < 10; i++) {
      if (i > 0) rc = hs_buf_putc(out, ',');
      if (rc != HS_OK) break;
      if (i == 8)
        rc = put_int(out, f->offset);
      else
        rc = csv_str(out, str[i]);
    }
    if (rc == HS_OK) rc = hs_buf_puts(out, "\r\n");
    return rc;
  }
  return json_record(out, f);
}

hs_status hs_writer_new(hs_writer **out, FILE *f, hs_format fmt) {
  *out = NULL;
  if (fmt == HS_FMT_DB || f == NULL) return HS_EDATA;
  hs_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return HS_ENOMEM;
  w->f = f;
  w->fmt = fmt;
  hs_buf_init(&w->buf);
  hs_status rc = hs_output_header(&w->buf, fmt);
  if (rc == HS_OK) rc = hs_writer_raw(w, w->buf.data, w->buf.len);
  if (rc != HS_OK) {
    hs_writer_free(w);
    return rc;
  }
  *out = w;
  return HS_OK;
}

static hs_status write_failed(hs_writer *w, int err) {
  w->failed = 1;
  w->nheld = 0;
  snprintf(w->msg, sizeof w->msg, "write error: %s", strerror(err));
  return HS_EIO;
}

/* Writes f's buffer, then the held ranges. */
static hs_status write_held(hs_writer *w) {
  if (w->nheld == 0) return w->failed ? HS_EIO : HS_OK;
  if (w->failed) {
    w->nheld = 0;
    return HS_EIO;
  }
  /* the FILE's bytes (a header, records written by copy) come first */
  if (fflush(w->f) != 0) return write_failed(w, errno);
  int fd = fileno(w->f);
  struct iovec *v = w->held;
  int nv = w->nheld;
  while (nv > 0) {
    ssize_t k = writev(fd, v, nv);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return write_failed(w, errno);
    if (k == 0) return write_failed(w, EIO);
    /* a short write: go on after what was written */
    size_t done = (size_t)k;
    while (nv > 0 && done >= v->iov_len) {
      done -= v->iov_len;
      v++;
      nv--;
    }
    if (nv > 0) {
      v->iov_base = (char *)v->iov_base + done;
      v->iov_len -= done;
    }
  }
  w->nheld = 0;
  return HS_OK;
}

hs_status hs_writer_raw(hs_writer *w, const char *p, size_t n) {
  if (w->db != NULL) return hs_output_db_insert(w, p, n);
  if (n > 0 && w->nheld > 0 && write_held(w) != HS_OK) return HS_EIO;
  if (n > 0 && fwrite(p, 1, n, w->f) != n) {
    w->failed = 1;
    snprintf(w->msg, sizeof w->msg, "write error");
    return HS_EIO;
  }
  return HS_OK;
}

hs_status hs_writer_doc_held(hs_writer *w, const hs_docinfo *d, const char *p,
                             size_t n) {
  if (w == NULL) return HS_EDATA;
  if (w->db != NULL || n == 0) return hs_writer_doc(w, d, p, n);
  if (w->failed) return HS_EIO; /* errmsg still says why */
  w->msg[0] = '\0';
  if (w->nheld == HS_WRITER_HELD && write_held(w) != HS_OK) return HS_EIO;
  w->held[w->nheld].iov_base = (void *)p;
  w->held[w->nheld].iov_len = n;
  w->nheld++;
  return HS_OK;
}

hs_status hs_writer_sync(hs_writer *w) {
  if (w == NULL) return HS_EDATA;
  if (w->db != NULL) return w->failed ? HS_EIO : HS_OK;
  return write_held(w);
}

hs_status hs_writer_put(hs_writer *w, const hs_fact *f) {
  hs_buf_reset(&w->buf);
  hs_status rc = hs_output_record(&w->buf, w->fmt, f);
  if (rc != HS_OK) return rc;
  size_t before = w->count;
  rc = hs_writer_raw(w, w->buf.data, w->buf.len);
  if (rc == HS_OK && w->count == before) w->count++;
  return rc;
}

hs_status hs_writer_flush(hs_writer *w) {
  if (w->db != NULL) return w->failed ? HS_EIO : HS_OK;
  if (write_held(w) != HS_OK) return HS_EIO;
  if (fflush(w->f) != 0 || ferror(w->f)) {
    if (!w->failed && w->msg[0] == '\0')
      snprintf(w->msg, sizeof w->msg, "write error: %s", strerror(errno));
    w->failed = 1;
  }
  return w->failed ? HS_EIO : HS_OK;
}

size_t hs_writer_count(const hs_writer *w) {
  return w == NULL ? 0 : w->count;
}

const char *hs_writer_errmsg(const hs_writer *w) {
  return w == NULL ? "" : w->msg;
}

void hs_writer_free(hs_writer *w) {
  if (w == NULL) return;
  hs_output_db_close(w->db);
  hs_buf_close(&w->buf);
  free(w);
}
