/* SPDX-License-Identifier: MIT */
/*
 * Stage 2 of decoding: normalization of the decoded UTF-8 text into the text
 * the rules read, with the offset map back to the decoded text, and the
 * hs_text wrapper that runs both stages for one document. One pass over the
 * codepoints; each codepoint is copied, replaced or dropped, and an anchor is
 * recorded whenever the running difference between decoded and normalized
 * offsets changes (see the offset map comment in decode.h).
 *
 * Speed: Chinese text is taken 64 bytes at a time (see Blocks): SIMD byte
 * classes, the block copied, the ideographs the t2s fold changes found by
 * a bitmap (AVX2 gathers where the CPU has them) and rewritten from a fold
 * table; a character a block cannot take (CR, full-width forms, a gloss
 * after an ideograph, anything outside ASCII and U+2000..U+9FFF, invalid
 * UTF-8) goes through the character loop (step), and the block goes on
 * after it. The character loop takes common characters without a call and
 * the rest through the general case (norm_one). The output is reserved
 * once. For a document that is UTF-8 text (the common case),
 * hs_text_decode_opts validates the bytes while normalizing them, so that
 * the document is read once, then copied as the decoded text; other
 * documents are detected, converted and normalized step by step. Both ways
 * give the same bytes.
 */
#include "decode.h"
#include "decode_int.h"

/* Blocks with SSE2 (x86-64), and AVX2 where the compiler can target it and
 * the CPU turns out to have it; elsewhere the character loop alone. */
#if defined(__SSE2__)
#define HS_BLOCKS 1
#include <emmintrin.h>
#else
#define HS_BLOCKS 0
#endif
#if HS_BLOCKS && defined(__GNUC__) && defined(__x86_64__)
#define HS_HAVE_AVX2 1
#include <immintrin.h>
#else
#define HS_HAVE_AVX2 0
#endif
/* AVX-512 (BW, VBMI2) blocks where the CPU has them. */
#define HS_HAVE_AVX512 HS_HAVE_AVX2
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The bytes of a block (see Blocks). */
#define BLOCK 64

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

/* The index of the last anchor with norm_off <= x among m->a[0, len) (the
 * first one's is 0, and they increase), halving without a branch: the
 * offsets that callers ask for are at random. */
static size_t anchor_at(const hs_anchor *a0, size_t len, size_t x) {
  const hs_anchor *a = a0;
  for (; len > 1;) {
    size_t half = len / 2;
    a = a[half].norm_off <= x ? a + half : a;
    len -= half;
  }
  return (size_t)(a - a0);
}

/* norm_off (below m->norm_len) mapped from anchor lo. */
static size_t from_anchor(const hs_offmap *m, size_t lo, size_t norm_off) {
  const hs_anchor *a = &m->a[lo];
  size_t d = a->dec_off + (norm_off - a->norm_off);
  if (lo + 1 < m->n && d > m->a[lo + 1].dec_off) d = m->a[lo + 1].dec_off;
  if (d > m->dec_len) d = m->dec_len;
  return d;
}

size_t hs_offmap_to_decoded_near(const hs_offmap *m, size_t norm_off,
                                 size_t *hint) {
  if (m == NULL || m->n == 0) return norm_off;
  if (norm_off >= m->norm_len) return m->dec_len;
  size_t lo = *hint < m->n ? *hint : 0;
  if (m->a[lo].norm_off > norm_off) {
    lo = anchor_at(m->a, lo, norm_off);
  } else { /* a few steps forward, else a search of the rest */
    size_t k = 0;
    while (lo + 1 < m->n && m->a[lo + 1].norm_off <= norm_off && k++ < 4)
      lo++;
    if (lo + 1 < m->n && m->a[lo + 1].norm_off <= norm_off)
      lo += anchor_at(m->a + lo, m->n - lo, norm_off);
  }
  *hint = lo;
  return from_anchor(m, lo, norm_off);
}

size_t hs_offmap_to_decoded(const hs_offmap *m, size_t norm_off) {
  if (m == NULL || m->n == 0) return norm_off;
  if (norm_off >= m->norm_len) return m->dec_len;
  return from_anchor(m, anchor_at(m->a, m->n, norm_off), norm_off);
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

/* The number of trailing zero bits of x (not 0). */
static inline unsigned ctz64(uint64_t x) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned k = 0;
  while (!(x & 1)) {
    x >>= 1;
    k++;
  }
  return k;
#endif
}

/* ctz64, and 64 for 0, without a branch. */
static inline size_t ctz64_or64(uint64_t x) {
  return (size_t)ctz64(x | (uint64_t)1 << 63) + (x == 0);
}

/* The vowels with a tone mark, ü, the syllabic nasals with a tone mark;
 * and as a bitmap over U+0000..U+01FF, filled once by setup (fold_table),
 * before any normalization reads it. */
static const uint16_t tone_marked[] = {
    0x0101, 0x00E1, 0x01CE, 0x00E0, /* ā á ǎ à */
    0x0113, 0x00E9, 0x011B, 0x00E8, /* ē é ě è */
    0x012B, 0x00ED, 0x01D0, 0x00EC, /* ī í ǐ ì */
    0x014D, 0x00F3, 0x01D2, 0x00F2, /* ō ó ǒ ò */
    0x016B, 0x00FA, 0x01D4, 0x00F9, /* ū ú ǔ ù */
    0x01D6, 0x01D8, 0x01DA, 0x01DC, /* ǖ ǘ ǚ ǜ */
    0x00FC, 0x0144, 0x0148, 0x01F9, /* ü ń ň ǹ */
};
static uint64_t tone_bits[0x200 / 64];

/* A vowel with a tone mark, ü, a syllabic nasal with a tone mark, or a
 * combining diacritic (decomposed pinyin). */
static inline int is_tone_letter(uint32_t c) {
  if (c - 0x0300 <= 0x036F - 0x0300) return 1;
  return c < 0x200 && (tone_bits[c >> 6] >> (c & 63) & 1);
}

/* The number of bytes a-z that w (eight bytes, the first lowest) starts
 * with. */
static inline size_t lower_run(uint64_t w) {
  const uint64_t high = 0x8080808080808080ULL;
  uint64_t x = w & ~high;
  uint64_t from_a = (x + 0x1F1F1F1F1F1F1F1FULL) & high; /* >= 'a' */
  uint64_t past_z = (x + 0x0505050505050505ULL) & high; /* >= '{' */
  uint64_t other = ~(from_a & ~past_z & ~w) & high;
  return other != 0 ? ctz64(other) / 8 : 8;
}

#if HS_BLOCKS
/* skip_gloss for the letters at s[q..q + 32) (all readable) and what
 * follows them: the offset after the gloss, or p. Letters take at most two
 * bytes, so a gloss ends within the 32 bytes: the bytes a-z, C3..CD (the
 * leads of the tone letters) and 80..BF are classed at once, the run of
 * them checked for whole two-byte characters (each of them looked at) and
 * counted, and the byte after it must close the gloss. Inlined into the
 * callers, so that the blocks of AVX2 and AVX-512 run it in their
 * encoding (legacy SSE after wide registers stalls). */
static HS_INLINE size_t gloss_block(const unsigned char *s, size_t n, size_t p,
                                    size_t q) {
  const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
  const __m128i c2 = _mm_set1_epi8((char)0xC2), ce = _mm_set1_epi8((char)0xCE);
  const __m128i c0 = _mm_set1_epi8((char)0xC0);
  uint32_t other = 0, lead = 0, cont = 0;
  /* the second 16 bytes only for a gloss that reaches them */
  for (unsigned k = 0; k < 32 && other == 0; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + q + k));
    /* signed: 80..BF are below C0, C3..CD between C2 and CE */
    __m128i l = _mm_and_si128(_mm_cmpgt_epi8(v, c2), _mm_cmplt_epi8(v, ce));
    __m128i z = _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1));
    __m128i c = _mm_cmplt_epi8(v, c0);
    other |= (uint32_t)(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(l, z), c)) ^
                        0xFFFF)
             << k;
    lead |= (uint32_t)_mm_movemask_epi8(l) << k;
    cont |= (uint32_t)_mm_movemask_epi8(c) << k;
  }
  if (other == 0) return p; /* over 12 letters, or not UTF-8 */
  const unsigned e = (unsigned)__builtin_ctz(other);
  const uint32_t run = ((uint32_t)1 << e) - 1;
  lead &= run;
  /* every lead with its continuation byte and no other, in the run */
  if ((cont & run) != lead << 1) return p;
  /* the run is a-z and two-byte characters: e - tones letters */
  unsigned tones = 0;
  for (uint32_t t = lead; t != 0; t &= t - 1) {
    const unsigned char *c = s + q + __builtin_ctz(t);
    if (!is_tone_letter((uint32_t)(c[0] & 0x1F) << 6 | (c[1] & 0x3Fu)))
      return p;
    tones++;
  }
  if (tones == 0 || e - tones > 12) return p;
  size_t r = q + e;
  if (s[r] == ')') return r + 1;
  if (n - r >= 3 && s[r] == 0xEF && s[r + 1] == 0xBC && s[r + 2] == 0x89)
    return r + 3;
  return p;
}
#endif

/* If s[p..n) starts with a pinyin gloss "(chǎn)" or "（chǎn）", returns the
 * offset just after it, else p. A gloss is 1..12 letters a-z or tone
 * letters with at least one tone letter. Read 32 bytes at once where
 * there are that many (gloss_block), else runs of a-z eight bytes at a
 * time. */
static HS_INLINE size_t skip_gloss(const unsigned char *s, size_t n, size_t p) {
  size_t q;
  if (p < n && s[p] == '(')
    q = p + 1;
  else if (n - p >= 3 && s[p] == 0xEF && s[p + 1] == 0xBC && s[p + 2] == 0x88)
    q = p + 3;
  else
    return p;
#if HS_BLOCKS
  if (n - q >= 32) return gloss_block(s, n, p, q);
#endif
  size_t letters = 0, tones = 0;
  while (q < n && letters <= 12) {
    if (n - q >= 8) {
      uint64_t w;
      memcpy(&w, s + q, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      w = __builtin_bswap64(w);
#endif
      size_t k = lower_run(w);
      letters += k;
      q += k;
      if (k == 8) continue;
      if (letters > 12) return p;
    }
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
 * the other way (all four bytes, or the low three). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint32_t load4(const unsigned char *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

static inline void store4(unsigned char *p, uint32_t w) {
  memcpy(p, &w, 4);
}

static inline void store3(unsigned char *p, uint32_t w) {
  memcpy(p, &w, 2);
  p[2] = (unsigned char)(w >> 16);
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

static inline void store3(unsigned char *p, uint32_t w) {
  p[0] = (unsigned char)w;
  p[1] = (unsigned char)(w >> 8);
  p[2] = (unsigned char)(w >> 16);
}
#endif

/* The length of a UTF-8 sequence by the high nibble of its first byte. */
static const unsigned char utf8_len[16] = {1, 1, 1, 1, 1, 1, 1, 1,
                                           1, 1, 1, 1, 2, 2, 3, 4};

/*{====================================================================
 * Fold tables
 *====================================================================}*/

/* The fold table of the blocks: for U+2000..U+9FFF (x = cp - FOLD_FIRST),
 * the packed UTF-8 of what the steps make of the character when that is
 * three bytes long, else 0 ("ask": odd spaces and zero-width characters,
 * t2s forms of another length), and a bitmap of the characters it does not
 * leave as they are. One with the t2s fold and one without, each built on
 * first use (128 + 4 KiB). */
#define FOLD_FIRST 0x2000u
#define FOLD_COUNT (0xA000u - FOLD_FIRST)

typedef struct fold_tab {
  uint32_t e[FOLD_COUNT];
  uint32_t chg[FOLD_COUNT / 32]; /* bit x: e[x] is not the character */
} fold_tab;

static fold_tab fold_t2s, fold_plain;
static pthread_once_t fold_t2s_once = PTHREAD_ONCE_INIT;
static pthread_once_t fold_plain_once = PTHREAD_ONCE_INIT;

static void fill_fold(fold_tab *f, const hs_t2s *t) {
  for (uint32_t c = FOLD_FIRST; c < FOLD_FIRST + FOLD_COUNT; c++) {
    unsigned char b[4] = {0, 0, 0, 0};
    hs_u8_enc(c, b);
    uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
    if (t != NULL && c >= HS_T2S_FIRST && c <= HS_T2S_LAST) {
      uint32_t v = hs_t2s_get(t, c - HS_T2S_FIRST);
      if (v != 0) u = utf8_len[(v >> 4) & 0x0F] == 3 ? v : 0;
    }
    if (is_odd_space(c) || is_zero_width(c)) u = 0;
    f->e[c - FOLD_FIRST] = u;
    if (u != ((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16))
      f->chg[(c - FOLD_FIRST) >> 5] |= 1u << ((c - FOLD_FIRST) & 31);
  }
}

static void build_fold_t2s(void) {
  fill_fold(&fold_t2s, hs_t2s_table());
}

static void build_fold_plain(void) {
  fill_fold(&fold_plain, NULL);
}

#if HS_HAVE_AVX2
/* 1 if the CPU runs run_blocks_avx2; run_blocks_avx512. */
static int use_avx2, use_avx512;
#endif
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

/* What every normalization needs besides the tables: the tone letters'
 * bitmap (for skip_gloss), and which blocks the CPU runs. */
static void setup(void) {
  for (size_t i = 0; i < sizeof tone_marked / sizeof tone_marked[0]; i++)
    tone_bits[tone_marked[i] >> 6] |= (uint64_t)1 << (tone_marked[i] & 63);
#if HS_HAVE_AVX2
  __builtin_cpu_init();
  use_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
  use_avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi") &&
      __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
#endif
}

static const fold_tab *fold_table(unsigned flags) {
  pthread_once(&setup_once, setup);
  if (flags & HS_NORM_T2S) {
    pthread_once(&fold_t2s_once, build_fold_t2s);
    return &fold_t2s;
  }
  pthread_once(&fold_plain_once, build_fold_plain);
  return &fold_plain;
}

/*{====================================================================
 * The character loop
 *====================================================================}*/

/* What the character loop works with. */
typedef struct norm_ctx {
  const unsigned char *s;
  size_t n;
  unsigned flags;
  int gloss;                /* HS_NORM_GLOSS */
  int strict;               /* invalid UTF-8 is an error */
  const hs_t2s *t2s;        /* NULL without HS_NORM_T2S */
  const uint32_t *t2s_utf8; /* the t2s table, or an empty one */
  const fold_tab *fold;     /* the fold table for the flags */
  unsigned char *o0;        /* the start of the output */
  hs_offmap *map;           /* NULL, or the offset map to keep */
  size_t bad;               /* the first invalid byte, or (size_t)-1 */
  hs_status rc;             /* why step returned 0 */
} norm_ctx;

/* The character loop: normalizes the character at s[i] (with the gloss
 * that follows an ideograph, a CR LF pair, a run of ASCII) to *po, records
 * the anchor, and returns the offset after what it took; 0 on an error
 * (c->rc: HS_EDATA for invalid UTF-8 with `strict`, or mark's). */
static HS_INLINE size_t step(norm_ctx *c, size_t i, unsigned char **po) {
  const unsigned char *s = c->s;
  const size_t n = c->n;
  unsigned char *o = *po;
  size_t next, wrote;
  unsigned b0 = s[i];
  if (n - i >= 4) {
    uint32_t w = load4(s + i);          /* the character and the next byte */
    if ((w & 0xC0C0F0u) == 0x8080E0u) { /* a three-byte sequence */
      uint32_t hi = ((w & 0x0Fu) << 6) | ((w >> 8) & 0x3Fu); /* cp >> 6 */
      uint32_t lo = (w >> 16) & 0x3Fu;
      if (hi - (HS_T2S_FIRST >> 6) <=
          (HS_T2S_LAST >> 6) - (HS_T2S_FIRST >> 6)) {
        /* U+3400..U+9FFF, an ideograph: copied, or folded by the t2s
         * table; a gloss may follow */
        next = i + 3;
        /* without a branch on the table: Traditional text has a
         * Simplified form for a good part of its characters, at random */
        uint32_t t = c->t2s_utf8[(hi << 6 | lo) - HS_T2S_FIRST];
        uint32_t m = 0u - (uint32_t)(t != 0);
        uint32_t u = (t & m) | (w & ~m);
        store4(o, u); /* a fourth byte that the next one overwrites */
        wrote = utf8_len[(u >> 4) & 0x0F];
        o += wrote;
        if (wrote == 3) {
          unsigned b = w >> 24;
          if (!c->gloss || (b != '(' && b != 0xEF) || !gloss_at(s, n, next)) {
            *po = o;
            return next;
          }
        }
        /* a gloss, or a Simplified form of another length (U+2xxxx) */
        if (c->gloss && gloss_at(s, n, next)) next = skip_gloss(s, n, next);
        goto anchor;
      }
      /* other three-byte characters that no step changes are copied:
       * U+3001..U+33FF (CJK punctuation: 。、《》), U+2000..U+2FFF but
       * for the odd spaces and zero-width characters U+2000..U+200D,
       * U+202F, U+205F, U+2060 (“” … —) */
      if ((b0 == 0xE3 && (w & 0xFFFFFFu) != 0x8080E3u) ||
          (b0 == 0xE2 && !(hi == 0x80 && (lo <= 0x0D || lo == 0x2F)) &&
           !(hi == 0x81 && (lo == 0x1F || lo == 0x20)))) {
        store4(o, w);
        *po = o + 3;
        return i + 3;
      }
    }
  }
  if (b0 < 0x80 && b0 != '\r') {
    /* ASCII other than CR is copied, eight bytes at a time in runs */
    *o++ = (unsigned char)b0;
    i++;
    while (n - i >= 8) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      if (HS_HAS_HIGH(x) || HS_HAS_ZERO(x ^ 0x0D0D0D0D0D0D0D0DULL)) break;
      memcpy(o, &x, 8);
      o += 8;
      i += 8;
    }
    *po = o;
    return i;
  }
  if (b0 - 0xC2 <= 0xDF - 0xC2 && n - i >= 2 && (s[i + 1] & 0xC0) == 0x80 &&
      !(b0 == 0xC2 && s[i + 1] == 0xA0)) {
    /* U+0080..U+07FF but U+00A0 (pinyin letters, ·, °): copied */
    o[0] = (unsigned char)b0;
    o[1] = s[i + 1];
    *po = o + 2;
    return i + 2;
  }
  {
    /* anything else, one character (or CR LF) at a time */
    unsigned char *start = o;
    next = norm_one(s, n, i, c->flags, c->t2s, &o, &c->bad);
    wrote = (size_t)(o - start);
    if (c->strict && c->bad != (size_t)-1) {
      *po = o;
      c->rc = HS_EDATA;
      return 0;
    }
  }
anchor:
  /* an anchor when the difference between the offsets changes (a call of
   * mark that would not change it does nothing) */
  *po = o;
  if (c->map != NULL && wrote != next - i) {
    hs_status rc = mark(c->map, (size_t)(o - c->o0), next);
    if (rc != HS_OK) {
      c->rc = rc;
      return 0;
    }
  }
  return next;
}

#if HS_BLOCKS
/*{====================================================================
 * Blocks
 *====================================================================}*/

/* Chinese text is nearly all ASCII and three-byte characters U+2000..U+9FFF
 * (leads E2..E9: ideographs, CJK and general punctuation), which every step
 * leaves as they are or, for the t2s fold, replaces by another three-byte
 * character. Such text is normalized a block of 64 bytes at a time: the
 * byte classes as bit masks and the fold table index of every position
 * (SSE2, or AVX2), the block copied to the output, then the characters the
 * table changes rewritten (with AVX2, only those the bitmap names: four
 * gathers of its words a block; else every one). A block stops at the
 * first character that needs more: a byte of no such class, CR, an "ask",
 * an ideograph followed by "(" or the 0xEF of "（", a malformed sequence.
 * An ideograph and "(" (the most common stop) is looked at for a gloss
 * there, anything else goes through the character loop; then the block
 * goes on after it, the output shifted by what that changed. Lengths do
 * not change between stops, so that needs no anchor. */

/* The classes of the BLOCK bytes at s, bit i for s[i], and the leads of
 * whole three-byte characters the fold table may change (BLOCK + 2 bytes
 * are read). */
typedef struct block_masks {
  uint64_t ok;    /* ASCII but CR, E2..E9, 80..BF */
  uint64_t cont;  /* 80..BF */
  uint64_t lead;  /* E2..E9 */
  uint64_t paren; /* '(' and 0xEF */
  uint64_t chg;   /* at least the whole characters' leads that the table
                     changes (other positions may be set too) */
} block_masks;

/* The fold table index of the three bytes at s, as if s[0] were a lead
 * (< FOLD_COUNT where it is one). */
static HS_INLINE uint32_t fold_x(const unsigned char *s) {
  return (((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
          (s[2] & 0x3Fu)) -
         FOLD_FIRST;
}

static HS_INLINE void classify(const unsigned char *s, block_masks *m) {
  const __m128i c0 = _mm_set1_epi8((char)0xC0), off = _mm_set1_epi8((char)0x9E);
  const __m128i lim = _mm_set1_epi8(-120), none = _mm_set1_epi8(-1);
  const __m128i cr = _mm_set1_epi8('\r'), lp = _mm_set1_epi8('(');
  const __m128i ef = _mm_set1_epi8((char)0xEF);
  uint64_t ok = 0, cont = 0, lead = 0, paren = 0;
  for (unsigned k = 0; k < BLOCK; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
    /* signed: 80..BF are below C0; v + 9E maps E2..E9 to -128..-121 */
    __m128i c = _mm_cmplt_epi8(v, c0);
    __m128i l = _mm_cmplt_epi8(_mm_add_epi8(v, off), lim);
    __m128i a =
        _mm_andnot_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpgt_epi8(v, none));
    __m128i p = _mm_or_si128(_mm_cmpeq_epi8(v, lp), _mm_cmpeq_epi8(v, ef));
    ok |= (uint64_t)(unsigned)_mm_movemask_epi8(
              _mm_or_si128(_mm_or_si128(a, c), l))
          << k;
    cont |= (uint64_t)(unsigned)_mm_movemask_epi8(c) << k;
    lead |= (uint64_t)(unsigned)_mm_movemask_epi8(l) << k;
    paren |= (uint64_t)(unsigned)_mm_movemask_epi8(p) << k;
  }
  m->ok = ok;
  m->cont = cont;
  m->lead = lead;
  m->paren = paren;
}

#if HS_HAVE_AVX2
/* classify with AVX2, 32 bytes at a time (the same masks), and for each i
 * x[i] = fold_x(s + i), for changed_avx2. */
__attribute__((target("avx2"))) static inline void
classify_avx2(const unsigned char *s, block_masks *m, uint16_t *x) {
  const __m256i c0 = _mm256_set1_epi8((char)0xC0);
  const __m256i off = _mm256_set1_epi8((char)0x9E);
  const __m256i lim = _mm256_set1_epi8(-120), none = _mm256_set1_epi8(-1);
  const __m256i cr = _mm256_set1_epi8('\r'), lp = _mm256_set1_epi8('(');
  const __m256i ef = _mm256_set1_epi8((char)0xEF);
  const __m256i m3f = _mm256_set1_epi8(0x3F);
  const __m256i mf0 = _mm256_set1_epi8((char)0xF0);
  const __m256i m0f = _mm256_set1_epi8(0x0F);
  const __m256i first = _mm256_set1_epi8(FOLD_FIRST >> 8);
  uint64_t ok = 0, cont = 0, lead = 0, paren = 0;
  for (unsigned k = 0; k < BLOCK; k += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + k));
    __m256i c = _mm256_cmpgt_epi8(c0, v);
    __m256i l = _mm256_cmpgt_epi8(lim, _mm256_add_epi8(v, off));
    __m256i a = _mm256_andnot_si256(_mm256_cmpeq_epi8(v, cr),
                                    _mm256_cmpgt_epi8(v, none));
    __m256i p =
        _mm256_or_si256(_mm256_cmpeq_epi8(v, lp), _mm256_cmpeq_epi8(v, ef));
    ok |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
              _mm256_or_si256(_mm256_or_si256(a, c), l))
          << k;
    cont |= (uint64_t)(uint32_t)_mm256_movemask_epi8(c) << k;
    lead |= (uint64_t)(uint32_t)_mm256_movemask_epi8(l) << k;
    paren |= (uint64_t)(uint32_t)_mm256_movemask_epi8(p) << k;
    __m256i b1 = _mm256_and_si256(
        _mm256_loadu_si256((const __m256i *)(const void *)(s + k + 1)), m3f);
    __m256i b2 = _mm256_and_si256(
        _mm256_loadu_si256((const __m256i *)(const void *)(s + k + 2)), m3f);
    __m256i hi =
        _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi16(v, 4), mf0),
                        _mm256_and_si256(_mm256_srli_epi16(b1, 2), m0f));
    __m256i lo =
        _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi16(b1, 6), c0), b2);
    hi = _mm256_sub_epi8(hi, first);
    /* the unpacks work within the 128-bit halves */
    __m256i x0 = _mm256_unpacklo_epi8(lo, hi),
            x1 = _mm256_unpackhi_epi8(lo, hi);
    _mm256_storeu_si256((__m256i *)(void *)(x + k),
                        _mm256_permute2x128_si256(x0, x1, 0x20));
    _mm256_storeu_si256((__m256i *)(void *)(x + k + 16),
                        _mm256_permute2x128_si256(x0, x1, 0x31));
  }
  m->ok = ok;
  m->cont = cont;
  m->lead = lead;
  m->paren = paren;
}
#endif

/* What a block's instruction set gives run_blocks: the masks of the BLOCK
 * bytes at s, with chg by f. */
typedef void scan_fn(const fold_tab *f, const unsigned char *s, block_masks *m);

/* Without gathers: every lead is looked up in the table. */
static HS_INLINE void scan_sse2(const fold_tab *f, const unsigned char *s,
                                block_masks *m) {
  (void)f;
  classify(s, m);
  m->chg = ~(uint64_t)0;
}

#if HS_HAVE_AVX2
/* The leads whose index has its bit in f->chg, and maybe other positions
 * (the caller keeps the leads). Of two neighbouring positions at most one
 * is the lead of a whole character, so a lane per pair (the even one's
 * index if it is a lead, else the odd one's) takes four gathers of the bit
 * words for the block; an odd lead next to an even one (malformed text) is
 * taken as changed, which the table settles. Pairs without a lead read
 * word 0, so only the words of the text's characters are read. */
__attribute__((target("avx2"))) static inline uint64_t
changed_avx2(const fold_tab *f, const block_masks *m, const uint16_t *x16) {
  const __m256i bits = _mm256_setr_epi32(1, 1 << 2, 1 << 4, 1 << 6, 1 << 8,
                                         1 << 10, 1 << 12, 1 << 14);
  const __m256i pairs = _mm256_or_si256(_mm256_slli_epi32(bits, 1), bits);
  const __m256i low = _mm256_set1_epi32(0xFFFF), k31 = _mm256_set1_epi32(31);
  const __m256i zero = _mm256_setzero_si256();
  const int *words = (const int *)(const void *)f->chg;
  __m256i r[BLOCK / 16];
  for (unsigned g = 0; g < BLOCK / 16; g++) {
    __m256i x =
        _mm256_loadu_si256((const __m256i *)(const void *)(x16 + 16 * g));
    /* pair t: x[2t] if 2t is a lead, else x[2t + 1] */
    __m256i even = _mm256_set1_epi32((int)(m->lead >> (16 * g) & 0xFFFF));
    even = _mm256_cmpeq_epi32(_mm256_and_si256(even, bits), bits);
    x = _mm256_blendv_epi8(_mm256_srli_epi32(x, 16), _mm256_and_si256(x, low),
                           even);
    __m256i any = _mm256_set1_epi32((int)(m->lead >> (16 * g) & 0xFFFF));
    any = _mm256_cmpeq_epi32(_mm256_and_si256(any, pairs), zero);
    __m256i w = _mm256_i32gather_epi32(
        words, _mm256_andnot_si256(any, _mm256_srli_epi32(x, 5)), 4);
    w = _mm256_srlv_epi32(w, _mm256_and_si256(x, k31));
    /* all ones in both 16-bit halves of a pair whose bit is set */
    r[g] = _mm256_srai_epi32(_mm256_slli_epi32(w, 31), 31);
  }
  /* 16-bit lanes to bytes, position order restored */
  __m256i a = _mm256_permute4x64_epi64(_mm256_packs_epi16(r[0], r[1]), 0xD8);
  __m256i b = _mm256_permute4x64_epi64(_mm256_packs_epi16(r[2], r[3]), 0xD8);
  const uint64_t both = m->lead & (m->lead >> 1) & 0x5555555555555555ULL;
  return (uint64_t)(uint32_t)_mm256_movemask_epi8(a) |
         (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32 | both << 1;
}

__attribute__((target("avx2"))) static inline void
scan_avx2(const fold_tab *f, const unsigned char *s, block_masks *m) {
  uint16_t x[BLOCK];
  classify_avx2(s, m, x);
  m->chg = changed_avx2(f, m, x);
}
#endif

#if HS_HAVE_AVX512
#define AVX512 "avx512f,avx512bw,avx512vbmi2,bmi,bmi2,popcnt"

/* Of the (at most 16) leads compressed into the low bytes of l, b1, b2 (the
 * lead and its continuation bytes), those that f->chg has a bit for, as
 * bits of the lanes; lanes not in `lanes` are not read. */
__attribute__((target(AVX512))) static inline unsigned
changed16(const fold_tab *f, __m128i l, __m128i b1, __m128i b2,
          __mmask16 lanes) {
  const __m512i m3f = _mm512_set1_epi32(0x3F), m0f = _mm512_set1_epi32(0x0F);
  __m512i x = _mm512_or_si512(
      _mm512_slli_epi32(_mm512_and_si512(_mm512_cvtepu8_epi32(l), m0f), 12),
      _mm512_or_si512(
          _mm512_slli_epi32(_mm512_and_si512(_mm512_cvtepu8_epi32(b1), m3f), 6),
          _mm512_and_si512(_mm512_cvtepu8_epi32(b2), m3f)));
  x = _mm512_sub_epi32(x, _mm512_set1_epi32((int)FOLD_FIRST));
  __m512i w = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), lanes,
                                          _mm512_srli_epi32(x, 5), f->chg, 4);
  __m512i bit = _mm512_sllv_epi32(_mm512_set1_epi32(1),
                                  _mm512_and_si512(x, _mm512_set1_epi32(31)));
  return _mm512_mask_test_epi32_mask(lanes, w, bit);
}

/* scan with AVX-512: the block in one register, the masks straight from
 * the compares; the whole characters' leads and their continuation bytes
 * compressed to the low lanes (at most 22 of them), and their bits in
 * f->chg read by one gather of 16 lanes, two for a block of more. */
__attribute__((target(AVX512))) static inline void
scan_avx512(const fold_tab *f, const unsigned char *s, block_masks *m) {
  const __m512i v = _mm512_loadu_si512((const void *)s);
  const uint64_t cont = _mm512_cmplt_epi8_mask(v, _mm512_set1_epi8((char)0xC0));
  const uint64_t lead = _mm512_cmplt_epi8_mask(
      _mm512_add_epi8(v, _mm512_set1_epi8((char)0x9E)), _mm512_set1_epi8(-120));
  const uint64_t ascii = ~_mm512_movepi8_mask(v);
  const uint64_t a =
      _mm512_mask_cmpneq_epi8_mask(ascii, v, _mm512_set1_epi8('\r'));
  m->ok = a | cont | lead;
  m->cont = cont;
  m->lead = lead;
  m->paren = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('(')) |
             _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xEF));
  const uint64_t whole = lead & (cont >> 1) & (cont >> 2);
  const unsigned count = (unsigned)_mm_popcnt_u64(whole);
  uint64_t chg = 0;
  if (count != 0) {
    __m512i l = _mm512_maskz_compress_epi8(whole, v);
    __m512i b1 = _mm512_maskz_compress_epi8(
        whole, _mm512_loadu_si512((const void *)(s + 1)));
    __m512i b2 = _mm512_maskz_compress_epi8(
        whole, _mm512_loadu_si512((const void *)(s + 2)));
    unsigned bits = changed16(
        f, _mm512_castsi512_si128(l), _mm512_castsi512_si128(b1),
        _mm512_castsi512_si128(b2), (__mmask16)_bzhi_u32(0xFFFF, count));
    if (count > 16)
      bits |= changed16(f, _mm512_extracti32x4_epi32(l, 1),
                        _mm512_extracti32x4_epi32(b1, 1),
                        _mm512_extracti32x4_epi32(b2, 1),
                        (__mmask16)_bzhi_u32(0xFFFF, count - 16))
              << 16;
    chg = _pdep_u64(bits, whole);
  }
  m->chg = chg;
}
#endif

/* The blocks: normalizes s[i..] to *po a block at a time while a block
 * (and the two bytes classify reads after it) is left, the characters that
 * stop a block going through the character loop; returns where it left
 * off, 0 on an error (from step). After a stop, the block goes on where
 * the character loop left it, with the output shifted by what that
 * character changed. Inlined into a function per instruction set, with
 * that set's scan. */
static HS_INLINE size_t run_blocks(norm_ctx *c, size_t i, unsigned char **po,
                                   scan_fn *scan) {
  const uint32_t *fold = c->fold->e;
  unsigned char *o = *po;
  while (c->n - i >= BLOCK + 2) {
    const unsigned char *b = c->s + i;
    block_masks m;
    scan(c->fold, b, &m);
    const uint64_t cont = m.cont, lead = m.lead;
    const uint64_t chg = lead & m.chg;
    /* what stops the block: a byte of no fast class, a lead without its
     * two continuation bytes, a continuation byte without its lead, an
     * ideograph (or other three-byte character) followed by "(" or 0xEF
     * (for the one at 61, the first byte after the block) */
    const unsigned after = b[BLOCK];
    const uint64_t last = (uint64_t)(after == '(' || after == 0xEF) << 61;
    const uint64_t stop = ~m.ok | (lead & ~((cont >> 1) & (cont >> 2))) |
                          (cont & ~((lead << 1) | (lead << 2))) |
                          ((m.paren & (lead << 3)) >> 3) | (lead & last);
    /* byte j of the block goes to ob + j while no character changed the
     * length since the block started or the character loop left it */
    unsigned char *ob = o;
    size_t j = 0;
    memcpy(ob, b, BLOCK);
    for (;;) {
      const uint64_t from = ~(uint64_t)0 << j;
      const uint64_t live = stop & from;
      size_t end = ctz64_or64(live);
      /* the three-byte characters before it that the table changes, if
       * any: the first two without a branch (text has a few or none in
       * most blocks; position BLOCK, past the block, stands for a missing
       * one), the rest one by one; an "ask" is where the block stops */
      uint64_t leads = chg & from;
      if (end < BLOCK) leads &= ((uint64_t)1 << end) - 1;
      if (leads != 0) {
        size_t k0 = ctz64_or64(leads);
        leads &= leads - 1;
        size_t k1 = ctz64_or64(leads);
        leads &= leads - 1;
        uint32_t u0 = fold[fold_x(b + k0)];
        /* for a missing one, k0 again, then a value that keeps going
         * (stored past the block) */
        uint32_t u1 = fold[fold_x(b + (k1 < BLOCK ? k1 : k0))];
        if (k1 == BLOCK) u1 = 1;
        if (u0 != 0 && u1 != 0) {
          store3(ob + k0, u0);
          store3(ob + k1, u1);
          while (leads != 0) {
            size_t k = ctz64(leads);
            leads &= leads - 1;
            uint32_t u = fold[fold_x(b + k)];
            if (u == 0) {
              end = k;
              break;
            }
            store3(ob + k, u);
          }
        } else if (u0 != 0) {
          store3(ob + k0, u0);
          end = k1;
        } else {
          end = k0;
        }
      }
      o = ob + end;
      if (end == BLOCK) {
        i += BLOCK;
        break;
      }
      /* a whole ideograph with a three-byte fold and "(" (the most common
       * stop): the ideograph, and the gloss that may follow, as step
       * would take them */
      size_t next = 0;
      uint32_t u = 0;
      if (end + 2 < BLOCK && (lead >> end & 1) &&
          (cont >> (end + 1) & 3) == 3 &&
          fold_x(b + end) >= HS_T2S_FIRST - FOLD_FIRST && b[end + 3] == '(' &&
          c->gloss && (!(chg >> end & 1) || (u = fold[fold_x(b + end)]) != 0)) {
        if (u != 0) store3(o, u);
        size_t p = i + end + 3;
        next = skip_gloss(c->s, c->n, p);
        o += 3;
        if (next != p && c->map != NULL &&
            mark(c->map, (size_t)(o - c->o0), next) != HS_OK) {
          c->rc = HS_ENOMEM;
          next = 0;
        }
      } else {
        next = step(c, i + end, &o);
      }
      if (next == 0) {
        *po = o;
        return 0;
      }
      if (next - i >= BLOCK) {
        i = next;
        break;
      }
      j = next - i;
      ob = o - j;
      if (c->n - next >= BLOCK) /* o has room for a block: see normalize */
        memcpy(o, b + j, BLOCK);
      else
        memcpy(o, b + j, BLOCK - j);
    }
  }
  *po = o;
  return i;
}

static size_t run_blocks_base(norm_ctx *c, size_t i, unsigned char **po) {
  return run_blocks(c, i, po, scan_sse2);
}

#if HS_HAVE_AVX2
__attribute__((target("avx2,bmi"))) static size_t
run_blocks_avx2(norm_ctx *c, size_t i, unsigned char **po) {
  return run_blocks(c, i, po, scan_avx2);
}
#endif

#if HS_HAVE_AVX512
__attribute__((target(AVX512))) static size_t
run_blocks_avx512(norm_ctx *c, size_t i, unsigned char **po) {
  return run_blocks(c, i, po, scan_avx512);
}
#endif

#endif /* HS_BLOCKS */

/* hs_normalize, with the validation of hs_u8_validate for free: with
 * `strict`, stops with HS_EDATA at the first byte that is not valid UTF-8
 * (out and map are then partial); else copies such bytes as they are. */
static hs_status normalize(const char *in, size_t n, unsigned flags,
                           hs_buf *out, hs_offmap *map, int strict) {
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
   * to a four-byte one), plus a block of room for the block writes, so the
   * writes below need no checks */
  if (n > ((size_t)-1 - 4 * BLOCK) / 2) return HS_ENOMEM;
  rc = hs_buf_reserve(out, n + n / 3 + 2 * BLOCK);
  if (rc != HS_OK) return rc;
  norm_ctx c;
  c.s = (const unsigned char *)in;
  c.n = n;
  c.flags = flags;
  c.gloss = (flags & HS_NORM_GLOSS) != 0;
  c.strict = strict;
  /* the t2s table, or an empty one without HS_NORM_T2S */
  c.t2s = (flags & HS_NORM_T2S) ? hs_t2s_table() : NULL;
  c.t2s_utf8 = (c.t2s != NULL ? c.t2s : hs_t2s_empty())->utf8;
  c.o0 = (unsigned char *)out->data;
  c.map = map;
  c.bad = (size_t)-1;
  c.rc = HS_OK;
  c.fold = fold_table(flags);
  unsigned char *o = c.o0;
  size_t i = 0;
#if HS_HAVE_AVX512
  if (use_avx512)
    i = run_blocks_avx512(&c, i, &o);
  else
#endif
#if HS_HAVE_AVX2
      if (use_avx2)
    i = run_blocks_avx2(&c, i, &o);
  else
#endif
#if HS_BLOCKS
    i = run_blocks_base(&c, i, &o);
#endif
  while (c.rc == HS_OK && i < n)
    i = step(&c, i, &o);
  out->len = (size_t)(o - c.o0);
  out->data[out->len] = '\0';
  if (c.rc != HS_OK) return c.rc;
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
