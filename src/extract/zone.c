/* SPDX-License-Identifier: MIT */
/*
 * Zone names: the C port of lua/hanscan/zone.lua. The scan jumps from one
 * 区/园 to the next (every zone word ends in one), so a text costs a SIMD
 * pass plus a few comparisons around each of them.
 */
#include "zone.h"

#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
/* AVX2 besides on x86-64 CPUs that have it (GCC and Clang) */
#if defined(__GNUC__) && defined(__x86_64__)
#define ZONE_AVX2 1
#include <immintrin.h>
#endif
#endif

/* {==== tables */

typedef struct zword {
  const char *w;
  size_t len;
} zword;
#define ZW(s)                                                                  \
  { s, sizeof s - 1 }

/* zone.suffixes, longest first (LPeg's ordered choice in zone.lua) */
static const zword suffixes[] = {ZW("高新技术产业开发区"),
                                 ZW("经济技术开发区"),
                                 ZW("高新技术开发区"),
                                 ZW("经济开发区"),
                                 ZW("产业开发区"),
                                 ZW("工业开发区"),
                                 ZW("工业集中区"),
                                 ZW("工业园区"),
                                 ZW("产业园区"),
                                 ZW("经开区"),
                                 ZW("高新区"),
                                 ZW("开发区"),
                                 ZW("工业园"),
                                 ZW("产业园"),
                                 ZW("综保区"),
                                 ZW("保税区"),
                                 ZW("园区"),
                                 ZW("新区")};
#define NSUFFIX    (sizeof suffixes / sizeof *suffixes)
#define SUFFIX_MAX 27 /* bytes of the longest */

static const zword generic[] = {
    ZW("经开区"),   ZW("高新区"),   ZW("开发区"), ZW("园区"),
    ZW("工业园"),   ZW("产业园"),   ZW("新区"),   ZW("经济开发区"),
    ZW("工业园区"), ZW("产业园区"), ZW("综保区")};

static const zword bare[] = {ZW("园区"), ZW("新区")};

/* zone.stops as a bitmap of their UTF-8 bytes: stop_tab[IDX(c)] holds
 * BIT(c) for the 3-byte character c (characters sharing their first two
 * bytes share an entry; a clash of entries is a compile error under
 * -Werror=override-init). */
#define IDX(c) ((((c) >> 16) & 0x0F) << 6 | (((c) >> 8) & 0x3F))
#define BIT(c) ((uint64_t)1 << ((c)&0x3F))
static const uint64_t stop_tab[1024] = {
    [IDX(0xE4B88A)] = BIT(0xE4B88A) | BIT(0xE4B88B) | BIT(0xE4B88E) |
                      BIT(0xE4B8AA) | BIT(0xE4B8AD) |
                      BIT(0xE4B8BA),                 /* 上下与个中为 */
    [IDX(0xE4B99F)] = BIT(0xE4B99F),                 /* 也 */
    [IDX(0xE4BA86)] = BIT(0xE4BA86) | BIT(0xE4BA8E), /* 了于 */
    [IDX(0xE4BB8E)] = BIT(0xE4BB8E) | BIT(0xE4BBA5), /* 从以 */
    [IDX(0xE4BC9A)] = BIT(0xE4BC9A),                 /* 会 */
    [IDX(0xE4BDBF)] = BIT(0xE4BDBF),                 /* 使 */
    [IDX(0xE585A5)] =
        BIT(0xE585A5) | BIT(0xE585A8) | BIT(0xE585B6), /* 入全其 */
    [IDX(0xE588B0)] = BIT(0xE588B0),                   /* 到 */
    [IDX(0xE58CBA)] = BIT(0xE58CBA),                   /* 区 */
    [IDX(0xE58DB3)] = BIT(0xE58DB3),                   /* 即 */
    [IDX(0xE58F88)] = BIT(0xE58F88) | BIT(0xE58F8A),   /* 又及 */
    [IDX(0xE59084)] = BIT(0xE59084) | BIT(0xE59091),   /* 各向 */
    [IDX(0xE5928C)] = BIT(0xE5928C),                   /* 和 */
    [IDX(0xE59CA8)] = BIT(0xE59CA8),                   /* 在 */
    [IDX(0xE5AFB9)] = BIT(0xE5AFB9),                   /* 对 */
    [IDX(0xE5B086)] = BIT(0xE5B086) | BIT(0xE5B0B1),   /* 将就 */
    [IDX(0xE5B9B4)] = BIT(0xE5B9B4) | BIT(0xE5B9B6),   /* 年并 */
    [IDX(0xE68980)] = BIT(0xE68980),                   /* 所 */
    [IDX(0xE68A8A)] = BIT(0xE68A8A),                   /* 把 */
    [IDX(0xE697A5)] = BIT(0xE697A5),                   /* 日 */
    [IDX(0xE698AF)] = BIT(0xE698AF),                   /* 是 */
    [IDX(0xE69C88)] =
        BIT(0xE69C88) | BIT(0xE69C89) | BIT(0xE69CAC), /* 月有本 */
    [IDX(0xE794B1)] = BIT(0xE794B1),                   /* 由 */
    [IDX(0xE79A84)] = BIT(0xE79A84),                   /* 的 */
    [IDX(0xE79C81)] = BIT(0xE79C81),                   /* 省 */
    [IDX(0xE7AD89)] = BIT(0xE7AD89),                   /* 等 */
    [IDX(0xE7BB99)] = BIT(0xE7BB99),                   /* 给 */
    [IDX(0xE887B3)] = BIT(0xE887B3),                   /* 至 */
    [IDX(0xE8A2AB)] = BIT(0xE8A2AB),                   /* 被 */
    [IDX(0xE8A681)] = BIT(0xE8A681),                   /* 要 */
    [IDX(0xE8AEA9)] = BIT(0xE8AEA9),                   /* 让 */
    [IDX(0xE8AFA5)] = BIT(0xE8AFA5),                   /* 该 */
    [IDX(0xE8BF98)] =
        BIT(0xE8BF98) | BIT(0xE8BF99) | BIT(0xE8BF9B), /* 还这进 */
    [IDX(0xE982A3)] = BIT(0xE982A3),                   /* 那 */
    [IDX(0xE983BD)] = BIT(0xE983BD),                   /* 都 */
};
#undef IDX
#undef BIT

static bool in_list(const zword *l, size_t nl, const char *w, size_t len) {
  for (size_t i = 0; i < nl; i++) {
    if (l[i].len == len && memcmp(l[i].w, w, len) == 0) return true;
  }
  return false;
}

bool hs_zone_is_generic(const char *name, size_t len) {
  return in_list(generic, sizeof generic / sizeof *generic, name, len);
}

bool hs_zone_is_bare(const char *word, size_t len) {
  return in_list(bare, sizeof bare / sizeof *bare, word, len);
}

/* Is the 3-byte character at u one of zone.stops? */
static inline bool is_stop(const unsigned char *u) {
  return (stop_tab[(u[0] & 0x0F) << 6 | (u[1] & 0x3F)] >> (u[2] & 0x3F)) & 1;
}

static bool is_han(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
/* }==== */

/* {==== find */

void hs_zones_free(hs_zones *z) {
  if (z == NULL) return;
  free(z->items);
  z->items = NULL;
  z->len = z->cap = 0;
}

static bool zones_push(hs_zones *z, const hs_zone_mention *m) {
  if (z->len == z->cap) {
    size_t cap = z->cap ? z->cap * 2 : 16;
    if (cap > SIZE_MAX / sizeof *z->items) return false;
    hs_zone_mention *p = realloc(z->items, cap * sizeof *p);
    if (p == NULL) return false;
    z->items = p;
    z->cap = cap;
  }
  z->items[z->len++] = *m;
  return true;
}

/* The 区 (E5 8C BA) and 园 (E5 9B AD) of a text are found 64 positions at
 * a time, as a mask (bit j: one starts at b + j) that find walks bit by
 * bit, so a 区 costs no call and no set-up. qu_*(u, n, b) give the mask
 * of positions [b, b + 64) of u[0, n) (b + 3 <= n), none at or after
 * n - 2: all three bytes compared, so only 区 and 园 themselves are set.
 * With AVX-512 a block is one masked load per byte of the character (the
 * masked-off bytes are never read, so the last block needs no care). The
 * AVX2 and SSE2 blocks read 66 bytes: the last block of a text overlaps
 * the one before it, and a text shorter than that goes 16 positions at a
 * time, then byte by byte. QU_MASK: bit k for a 区 or 园 at u + k. P: the
 * intrinsics' prefix (_mm, _mm256); T: their integer type; V: their
 * vector type. */
#define QU_BLOCK 64
#define QU_NEED  (QU_BLOCK + 2) /* bytes a full block reads */

/* Without SIMD: the positions [0, len - 2) of u (len < QU_NEED), a
 * Horspool search on the last byte, which skips 3 bytes at a time over
 * most text. */
static inline uint64_t qu_bytes(const unsigned char *u, size_t len) {
  uint64_t m = 0;
  size_t p = 0;
  while (p + 3 <= len) {
    unsigned char c = u[p + 2];
    if (c == 0xBA || c == 0xAD) {
      if (u[p] == 0xE5 && u[p + 1] == (c == 0xBA ? 0x8C : 0x9B))
        m |= (uint64_t)1 << p;
      p += 3;
      continue;
    }
    p += c == 0xE5 ? 2 : (c == 0x8C || c == 0x9B) ? 1 : 3;
  }
  return m;
}

#if defined(__SSE2__)
#define QU_MASK(P, T, V, u)                                                    \
  V x0 = P##_loadu_##T((const V *)(const void *)(u));                          \
  V x1 = P##_loadu_##T((const V *)(const void *)((u) + 1));                    \
  V x2 = P##_loadu_##T((const V *)(const void *)((u) + 2));                    \
  V qu = P##_and_##T(P##_cmpeq_epi8(x1, P##_set1_epi8((char)0x8C)),            \
                     P##_cmpeq_epi8(x2, P##_set1_epi8((char)0xBA)));           \
  V yuan = P##_and_##T(P##_cmpeq_epi8(x1, P##_set1_epi8((char)0x9B)),          \
                       P##_cmpeq_epi8(x2, P##_set1_epi8((char)0xAD)));         \
  return (uint32_t)P##_movemask_epi8(P##_and_##T(                              \
      P##_cmpeq_epi8(x0, P##_set1_epi8((char)0xE5)), P##_or_##T(qu, yuan)))

static inline uint32_t qu_mask16(const unsigned char *u) {
  QU_MASK(_mm, si128, __m128i, u);
}

/* The positions [0, len - 2) of u (len < QU_NEED), 16 at a time, the
 * last 16 overlapping the ones before. */
static inline uint64_t qu_small(const unsigned char *u, size_t len) {
  if (len < 18) return qu_bytes(u, len);
  uint64_t m = 0;
  size_t j = 0;
  for (; j + 18 <= len; j += 16)
    m |= (uint64_t)qu_mask16(u + j) << j;
  if (j + 3 <= len) m |= (uint64_t)qu_mask16(u + len - 18) << (len - 18);
  return m;
}

/* The first block at or after *b with a 区/园 in it: its mask, with *b
 * set to it; 0 when none is left. full(p): the mask of the 66 bytes at
 * p. The loop over full blocks is kept free of calls and branches out, so
 * the vector constants stay in registers. */
#define QU_NEXT(full, u, n, pb)                                                \
  size_t b = *pb;                                                              \
  for (; b + QU_NEED <= n; b += QU_BLOCK) {                                    \
    uint64_t m = full(u + b);                                                  \
    if (m) {                                                                   \
      *pb = b;                                                                 \
      return m;                                                                \
    }                                                                          \
  }                                                                            \
  *pb = b;                                                                     \
  if (b + 3 > n) return 0;                                                     \
  if (n >= QU_NEED) return full(u + n - QU_NEED) >> (QU_NEED - (n - b));       \
  return qu_small(u + b, n - b)

static inline uint64_t qu_full_sse2(const unsigned char *u) {
  return (uint64_t)qu_mask16(u) | (uint64_t)qu_mask16(u + 16) << 16 |
         (uint64_t)qu_mask16(u + 32) << 32 | (uint64_t)qu_mask16(u + 48) << 48;
}

static inline uint64_t qu_sse2(const unsigned char *u, size_t n, size_t *pb) {
  QU_NEXT(qu_full_sse2, u, n, pb);
}
#endif

#if defined(ZONE_AVX2)
__attribute__((target("avx2"))) static inline uint32_t
qu_mask32(const unsigned char *u) {
  QU_MASK(_mm256, si256, __m256i, u);
}

__attribute__((target("avx2"))) static inline uint64_t
qu_full_avx2(const unsigned char *u) {
  return (uint64_t)qu_mask32(u) | (uint64_t)qu_mask32(u + 32) << 32;
}

__attribute__((target("avx2"))) static inline uint64_t
qu_avx2(const unsigned char *u, size_t n, size_t *pb) {
  QU_NEXT(qu_full_avx2, u, n, pb);
}

#define ZONE_AVX512 "avx512f,avx512bw,bmi2"
/* positions [b, b + 64) of u[0, n) (b + 3 <= n) */
__attribute__((target(ZONE_AVX512))) static inline uint64_t
qu_mask64(const unsigned char *u, size_t n, size_t b) {
  size_t r = n - 2 - b; /* positions */
  __mmask64 k = _bzhi_u64(~(uint64_t)0, (unsigned)(r < 64 ? r : 64));
  u += b;
  __m512i x0 = _mm512_maskz_loadu_epi8(k, u);
  __m512i x1 = _mm512_maskz_loadu_epi8(k, u + 1);
  __m512i x2 = _mm512_maskz_loadu_epi8(k, u + 2);
  __mmask64 e = _mm512_cmpeq_epi8_mask(x0, _mm512_set1_epi8((char)0xE5));
  __mmask64 qu = _mm512_mask_cmpeq_epi8_mask(
      _mm512_mask_cmpeq_epi8_mask(e, x1, _mm512_set1_epi8((char)0x8C)), x2,
      _mm512_set1_epi8((char)0xBA));
  __mmask64 yuan = _mm512_mask_cmpeq_epi8_mask(
      _mm512_mask_cmpeq_epi8_mask(e, x1, _mm512_set1_epi8((char)0x9B)), x2,
      _mm512_set1_epi8((char)0xAD));
  return qu | yuan;
}

__attribute__((target(ZONE_AVX512))) static inline uint64_t
qu_avx512(const unsigned char *u, size_t n, size_t *b) {
  for (; *b + 3 <= n; *b += QU_BLOCK) {
    uint64_t m = qu_mask64(u, n, *b);
    if (m) return m;
  }
  return 0;
}
#endif
#undef QU_MASK
#undef QU_NEXT

#if !defined(__SSE2__)
static inline uint64_t qu_base(const unsigned char *u, size_t n, size_t *b) {
  for (; *b + 3 <= n; *b += QU_BLOCK) {
    size_t len = n - *b;
    uint64_t m = qu_bytes(u + *b, len < QU_NEED ? len : QU_NEED);
    if (m) return m;
  }
  return 0;
}
#endif

/* Start of the run of at most max Han characters (no stop character)
 * that ends at pos. */
static size_t prefix_start(const char *s, size_t n, size_t pos, int max) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = pos;
  int count = 0;
  while (count < max && i > 0) {
    if (i >= 3) {
      uint32_t x;
      if (i >= 4) { /* the 4 bytes before i, big-endian, less the first */
        memcpy(&x, u + i - 4, sizeof x);
        x = __builtin_bswap32(x) & 0xFFFFFF;
      } else {
        x = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
      }
      if ((x & 0xF0C0C0) == 0xE08080) {
        /* the usual case, a 3-byte character ends at i: Han when its
         * bytes are in E3 90 80..E4 B6 BF or E4 B8 80..E9 BF BF
         * (U+3400..4DBF, U+4E00..9FFF) */
        if (x - 0xE39080 > 0xE9BFBF - 0xE39080 ||
            x - 0xE4B6C0 < 0xE4B880 - 0xE4B6C0 || is_stop(u + i - 3))
          break;
        count++;
        i -= 3;
        continue;
      }
    }
    size_t j = i - 1;
    if (i >= 3 && (u[i - 3] & 0xF0) == 0xE0 && (u[i - 2] & 0xC0) == 0x80 &&
        (u[i - 1] & 0xC0) == 0x80) {
      j = i - 3; /* the usual case: a 3-byte character ends at i */
    } else {
      while (j > 0 && (u[j] & 0xC0) == 0x80)
        j--;
      /* every Han character is 3 bytes long */
      if ((u[j] & 0xF0) != 0xE0 || j + 3 > n || (u[j + 1] & 0xC0) != 0x80 ||
          (u[j + 2] & 0xC0) != 0x80)
        break;
    }
    uint32_t c = ((uint32_t)(u[j] & 0x0F) << 12) |
                 ((uint32_t)(u[j + 1] & 0x3F) << 6) | (u[j + 2] & 0x3F);
    if (!is_han(c) || is_stop(u + j)) break;
    count++;
    i = j;
  }
  return i;
}

/* 8 bytes at p as a number (their order is the machine's; only
 * compared for equality). */
static inline uint64_t load8(const void *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* Does the zone word w end at s + end (end >= w->len), whose last two
 * characters are known to match? The bytes before those are compared 8 at
 * a time, with no branch per byte; the last 8 may overlap the bytes
 * compared before or the last two characters (every word with anything
 * to compare is at least 9 bytes long). */
static bool ends_at(const char *s, size_t end, const zword *w) {
  size_t len = w->len, l = len - 6;
  if (l == 0) return true;
  const char *a = s + end - len;
  uint64_t d = 0;
  size_t i = 0;
  for (; i + 8 <= l; i += 8)
    d |= load8(a + i) ^ load8(w->w + i);
  if (i < l) {
    size_t t = i < len - 8 ? i : len - 8; /* t <= i, l <= t + 8 <= len */
    d |= load8(a + t) ^ load8(w->w + t);
  }
  return d == 0;
}

/* The zone words ending in the last two characters s[q - 3, q + 3)
 * (q the byte of a 区 or 园, q >= 3), longest first (indexes into
 * suffixes, -1 ended); NULL when none. The last 6 bytes are known to
 * match. */
static inline uint32_t c3(const unsigned char *p) {
  return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static const signed char *ending_at(const unsigned char *u, size_t q) {
  static const signed char fa[] = {0, 1, 2, 3, 4, 5, 11, -1}; /* 发区 */
  static const signed char kai[] = {9, -1};                   /* 开区 */
  static const signed char xin[] = {10, 17, -1};              /* 新区 */
  static const signed char yuan[] = {7, 8, 16, -1};           /* 园区 */
  static const signed char zhong[] = {6, -1};                 /* 中区 */
  static const signed char bao[] = {14, -1};                  /* 保区 */
  static const signed char shui[] = {15, -1};                 /* 税区 */
  static const signed char ye[] = {12, 13, -1};               /* 业园 */
  /* the words of a family, by the character before its last two (q >= 9) */
  static const signed char ye_fa[] = {0, 4, 5, 11, -1}; /* 业开发区 */
  static const signed char shu_fa[] = {1, 2, 11, -1};   /* 术开发区 */
  static const signed char ji_fa[] = {3, 11, -1};       /* 济开发区 */
  static const signed char kai_fa[] = {11, -1};         /* 开发区 */
  static const signed char gao_xin[] = {10, 17, -1};    /* 高新区 */
  static const signed char ye_yuan[] = {7, 8, 16, -1};  /* 业园区 */
  static const signed char bare[] = {16, -1}, xin1[] = {17, -1};
  uint32_t prev = c3(u + q - 3);
  if (u[q + 1] == 0x8C) { /* 区 */
    switch (prev) {
      case 0xE58F91: /* 发 */
        if (q < 9) return fa;
        if (c3(u + q - 6) != 0xE5BC80) return NULL; /* 开 */
        switch (c3(u + q - 9)) {
          case 0xE4B89A: return ye_fa;  /* 业 */
          case 0xE69CAF: return shu_fa; /* 术 */
          case 0xE6B58E: return ji_fa;  /* 济 */
          default: return kai_fa;
        }
      case 0xE5BC80: return kai; /* 开 */
      case 0xE696B0:             /* 新 */
        if (q < 9) return xin;
        return c3(u + q - 6) == 0xE9AB98 ? gao_xin : xin1; /* 高 */
      case 0xE59BAD:                                       /* 园 */
        if (q < 9) return yuan;
        return c3(u + q - 6) == 0xE4B89A ? ye_yuan : bare; /* 业 */
      case 0xE4B8AD: return zhong;                         /* 中 */
      case 0xE4BF9D: return bao;                           /* 保 */
      case 0xE7A88E: return shui;                          /* 税 */
      default: return NULL;
    }
  }
  return prev == 0xE4B89A ? ye : NULL; /* 业园 */
}

/* {==== main's counts */

/* What hs_zone_main counts, gathered while the mentions are found: the
 * short keys of the named mentions (the last 2 characters of the prefix
 * and the word: the 8 bytes from 6 before the word, whose last 2 are
 * the word's first, and the word), with the key counted most (the first
 * to get there) and its count; and how often each zone word is used, and
 * its first mention. Keys live in an open-addressing table, on the stack
 * until it fills half. */
typedef struct mkey {
  uint64_t b8;     /* s[word_start - 6, word_start + 2) */
  size_t count;    /* 0: empty slot */
  size_t off, len; /* the key's text: s[off, off + len) */
  int wi;
} mkey;
#define MKEY_STACK 64
typedef struct zmain {
  mkey *t;
  size_t mask, used;
  bool oom;
  const mkey *best; /* NULL: no named mention */
  size_t best_count;
  size_t wcount[NSUFFIX], wfirst[NSUFFIX];
  size_t first_named; /* index of the first named mention; SIZE_MAX: none */
  mkey stack[MKEY_STACK];
} zmain;

static size_t mkey_slot(const zmain *z, uint64_t b8, int wi) {
  uint64_t h = (b8 ^ (uint64_t)wi) * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 32) & z->mask;
}

/* The table twice as large (on the heap); false when out of memory. */
static bool mkey_grow(zmain *z) {
  size_t size = (z->mask + 1) * 2;
  if (size > SIZE_MAX / sizeof(mkey)) return false;
  mkey *t = calloc(size, sizeof *t), *old = z->t;
  if (t == NULL) return false;
  size_t oldsize = z->mask + 1;
  z->t = t;
  z->mask = size - 1;
  const mkey *best = NULL;
  for (size_t i = 0; i < oldsize; i++) {
    if (old[i].count == 0) continue;
    size_t j = mkey_slot(z, old[i].b8, old[i].wi);
    while (t[j].count != 0)
      j = (j + 1) & z->mask;
    t[j] = old[i];
    if (&old[i] == z->best) best = &t[j];
  }
  z->best = best;
  if (old != z->stack) free(old);
  return true;
}

/* Counts the mention m (index i) of zone word wi, as hs_zone_main's loop
 * over the mentions does. */
static void main_add(zmain *z, const char *s, const hs_zone_mention *m,
                     size_t i, int wi) {
  if (z->wcount[wi]++ == 0) z->wfirst[wi] = i;
  if (m->word_start - m->start < 6 || m->quoted) return;
  if (z->first_named == SIZE_MAX) z->first_named = i;
  if (z->oom) return;
  if ((z->used + 1) * 2 > z->mask + 1 && !mkey_grow(z)) {
    z->oom = true;
    return;
  }
  uint64_t b8 = load8(s + m->word_start - 6);
  size_t j = mkey_slot(z, b8, wi);
  mkey *k;
  for (;; j = (j + 1) & z->mask) {
    k = &z->t[j];
    if (k->count == 0) {
      k->b8 = b8;
      k->wi = wi;
      k->off = m->word_start - 6;
      k->len = m->stop - k->off;
      z->used++;
      break;
    }
    if (k->b8 == b8 && k->wi == wi) break;
  }
  k->count++;
  /* a key said more often than the best one so far takes its place */
  if (z->best == NULL || k->count > z->best_count) {
    z->best = k;
    z->best_count = k->count;
  } else if (k == z->best) {
    z->best_count = k->count;
  }
}
/* }==== */

/* Every zone word ends in 区 or 园 (E5 8C BA, E5 9B AD), which appear in
 * a zone word nowhere else but as the 园 of (工业|产业)园区 and 园区. So
 * LPeg's scan (at each position the longest word, else the next byte)
 * takes, after the previous match, the earliest start among the words
 * that end just after the next such 区/园 that ends one: a word ending
 * later and starting before it would hold that 区/园 inside, as the 园 of
 * 工业园区, which starts where 工业园 (ending there) does. The word taken
 * there is the longest at that start (工业园区 over 工业园).
 * zm: NULL, or hs_zone_main's counts to add the mentions to; quoted is
 * then found only for mentions with a prefix of 6 bytes or more (the only
 * ones hs_zone_main looks at it for), false for the others. */
typedef struct finder {
  const char *s;
  size_t n;
  int max_prefix; /* > 0, or < 0 for none */
  hs_zones *out;
  zmain *zm;
  size_t p; /* no word starts before p (the end of the last one) */
} finder;

/* Could hs_text_quoted(u, n, 0, end) be true (end < n)? Only an opening
 * mark (“ ‘ E2 80 98/9C, 《 「 E3 80 8A/8C) starting in the 33 bytes before
 * end makes it so; most mentions have none there, which 32 positions
 * compared at once tell (a few other marks pass too: the call decides). */
static inline bool may_be_quoted(const unsigned char *u, size_t end) {
#if defined(__SSE2__)
  if (end >= 33) {
    /* marks at end - 33 + k, k < 32 (the last reads u[end]) */
    const unsigned char *b = u + end - 33;
    __m128i hit = _mm_setzero_si128();
    for (int h = 0; h < 32; h += 16) {
      __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(b + h));
      __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(b + h + 1));
      __m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(b + h + 2));
      __m128i lead = _mm_cmpeq_epi8(_mm_or_si128(x0, _mm_set1_epi8(1)),
                                    _mm_set1_epi8((char)0xE3));
      __m128i mid = _mm_cmpeq_epi8(x1, _mm_set1_epi8((char)0x80));
      __m128i third =
          _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(x2, _mm_set1_epi8(0x04)),
                                      _mm_set1_epi8((char)0x9C)),
                       _mm_cmpeq_epi8(_mm_or_si128(x2, _mm_set1_epi8(0x06)),
                                      _mm_set1_epi8((char)0x8E)));
      hit = _mm_or_si128(hit, _mm_and_si128(_mm_and_si128(lead, mid), third));
    }
    return _mm_movemask_epi8(hit) != 0;
  }
#endif
  (void)u;
  (void)end;
  return true;
}

/* The 区/园 at q (q >= f->p): the mention ending there, if any. False
 * when out of memory. */
static bool take(finder *f, size_t q) {
  const char *s = f->s;
  size_t n = f->n;
  const unsigned char *u = (const unsigned char *)s;
  if (q < 3) return true;
  const signed char *k = ending_at(u, q);
  if (k == NULL) return true;
  int wi = -1;
  for (; *k >= 0; k++) {
    const zword *w = &suffixes[*k];
    if (w->len <= q + 3 && q + 3 - w->len >= f->p && ends_at(s, q + 3, w)) {
      wi = *k;
      break;
    }
  }
  if (wi < 0) return true;
  size_t start = q + 3 - suffixes[wi].len;
  /* the longest word at start: 工业园区 over 工业园 when 区 follows (no
   * other zone word begins with a shorter one) */
  if ((wi == 12 || wi == 13) && q + 6 <= n && u[q + 3] == 0xE5 &&
      u[q + 4] == 0x8C && u[q + 5] == 0xBA)
    wi = wi == 12 ? 7 : 8;
  const zword *w = &suffixes[wi];
  hs_zone_mention m = {start, start, start + w->len, false};
  if (f->max_prefix > 0 && wi != 16 && wi != 17) /* bare: 园区, 新区 */
    m.start = prefix_start(s, n, start, f->max_prefix);
  if (f->zm == NULL || start - m.start >= 6)
    m.quoted = may_be_quoted(u, m.start) && hs_text_quoted(s, n, 0, m.start);
  if (f->zm != NULL) main_add(f->zm, s, &m, f->out->len, wi);
  if (!zones_push(f->out, &m)) return false;
  f->p = start + w->len;
  return true;
}

/* The scan, inlined into a function per instruction set with that set's
 * block mask (qu_*). Every 区/园 at or after the end of the last mention
 * is taken, in text order. A text with none (most clauses) returns
 * before any set-up. */
typedef uint64_t qu_fn(const unsigned char *u, size_t n, size_t *b);
static inline __attribute__((always_inline)) bool
find_blocks(const char *s, size_t n, int max_prefix, hs_zones *out, zmain *zm,
            qu_fn *next) {
  const unsigned char *u = (const unsigned char *)s;
  size_t b = 0;
  uint64_t m = next(u, n, &b);
  if (m == 0) return true;
  /* the finder is made only when there is something to take */
  finder f = {s, n, max_prefix, out, zm, 0};
  do {
    for (; m; m &= m - 1) {
      size_t q = b + (size_t)__builtin_ctzll(m);
      if (q >= f.p && !take(&f, q)) return false;
    }
    b += QU_BLOCK;
  } while ((m = next(u, n, &b)) != 0);
  return true;
}

#define FIND_ARGS                                                              \
  const char *s, size_t n, int max_prefix, hs_zones *out, zmain *zm
static bool find_base(FIND_ARGS) {
#if defined(__SSE2__)
  return find_blocks(s, n, max_prefix, out, zm, qu_sse2);
#else
  return find_blocks(s, n, max_prefix, out, zm, qu_base);
#endif
}

#if defined(ZONE_AVX2)
__attribute__((target("avx2"))) static bool find_avx2(FIND_ARGS) {
  return find_blocks(s, n, max_prefix, out, zm, qu_avx2);
}

__attribute__((target(ZONE_AVX512), noinline)) static bool
find_blocks_avx512(FIND_ARGS) {
  return find_blocks(s, n, max_prefix, out, zm, qu_avx512);
}

/* A text of one block (most clauses) with no 区/园 costs one mask. */
__attribute__((target(ZONE_AVX512))) static bool find_avx512(FIND_ARGS) {
  if (n <= QU_NEED && qu_mask64((const unsigned char *)s, n, 0) == 0)
    return true;
  return find_blocks_avx512(s, n, max_prefix, out, zm);
}
#endif
#undef FIND_ARGS

static bool find(const char *s, size_t n, int max_prefix, hs_zones *out,
                 zmain *zm) {
  if (n < 3) return true;
  if (max_prefix == 0) max_prefix = 6;
#if defined(ZONE_AVX2)
  if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi2"))
    return find_avx512(s, n, max_prefix, out, zm);
  /* a short text goes 16 positions at a time anyway */
  if (n >= QU_NEED && __builtin_cpu_supports("avx2"))
    return find_avx2(s, n, max_prefix, out, zm);
#endif
  return find_base(s, n, max_prefix, out, zm);
}

bool hs_zone_find(const char *s, size_t n, int max_prefix, hs_zones *out) {
  return find(s, n, max_prefix, out, NULL);
}
/* }==== */

/* {==== main */

/* Counts of keys that are pieces of the text, in an open-addressing
 * table sized for the number of keys added. A slot is empty unless its
 * round is the table's: a new round empties the table at once. Small
 * tables live on the caller's stack (ZCOUNT_STACK slots). */
typedef struct zkey {
  size_t off, len;
  size_t count;
  unsigned round; /* the slot is empty unless this is zcount.round */
} zkey;
typedef struct zcount {
  zkey *t;
  size_t mask;
  unsigned round;
  bool heap;
} zcount;
#define ZCOUNT_STACK 256

static bool zcount_init(zcount *c, size_t nkeys, zkey *stack) {
  size_t size = 16;
  while (size < nkeys * 2 + 1) {
    if (size > SIZE_MAX / 2 / sizeof(zkey)) return false;
    size *= 2;
  }
  c->heap = size > ZCOUNT_STACK;
  c->t = c->heap ? malloc(size * sizeof *c->t) : stack;
  if (c->t == NULL) return false;
  for (size_t i = 0; i < size; i++)
    c->t[i].round = 0;
  c->mask = size - 1;
  c->round = 1;
  return true;
}

static void zcount_clear(zcount *c) {
  c->round++;
}

static void zcount_free(zcount *c) {
  if (c->heap) free(c->t);
}

/* Adds one to the count of s[off, off + len); returns its slot. */
static zkey *zcount_add(zcount *c, const char *s, size_t off, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[off + i];
    h *= 1099511628211ull;
  }
  size_t i = (size_t)h & c->mask;
  for (;;) {
    zkey *k = &c->t[i];
    if (k->round != c->round) {
      k->off = off;
      k->len = len;
      k->count = 1;
      k->round = c->round;
      return k;
    }
    if (k->len == len && memcmp(s + k->off, s + off, len) == 0) {
      k->count++;
      return k;
    }
    i = (i + 1) & c->mask;
  }
}

static void write_name(char *out, size_t outsz, const char *s, size_t len) {
  if (outsz == 0) return;
  if (len >= outsz) {
    len = outsz - 1;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(out, s, len);
  out[len] = '\0';
}

void hs_zone_main(const char *s, size_t n, char *out, size_t outsz) {
  if (outsz > 0) out[0] = '\0';
  /* room for the mentions of most texts at once */
  hs_zones z = {0};
  z.items = malloc(64 * sizeof *z.items);
  z.cap = z.items != NULL ? 64 : 0;
  zmain zm;
  zm.t = zm.stack;
  for (size_t i = 0; i < MKEY_STACK; i++) /* only count marks a slot */
    zm.stack[i].count = 0;
  zm.mask = MKEY_STACK - 1;
  zm.used = 0;
  zm.oom = false;
  zm.best = NULL;
  zm.best_count = 0;
  memset(zm.wcount, 0, sizeof zm.wcount);
  zm.first_named = SIZE_MAX;
  bool ok = find(s, n, 0, &z, &zm) && !zm.oom;
  if (!ok || z.len == 0) {
    if (zm.t != zm.stack) free(zm.t);
    hs_zones_free(&z);
    return;
  }
  const size_t *wcount = zm.wcount, *wfirst = zm.wfirst;
  const hs_zone_mention *first_named =
      zm.first_named != SIZE_MAX ? &z.items[zm.first_named] : NULL;
  /* the key of best as a piece of text, and its count */
  size_t boff = 0, blen = 0, bn = 0;
  bool have = false;
  const mkey *best = zm.best;
  if (best != NULL && zm.best_count >= 2) {
    boff = best->off;
    blen = best->len;
    bn = zm.best_count;
    have = true;
  } else if (best != NULL && first_named != NULL && first_named->start < 300) {
    /* a name said once counts when it opens the text */
    boff = first_named->word_start - 6;
    blen = first_named->stop - boff;
    bn = 1; /* every key was said once */
    have = true;
  }
  zcount c;
  zkey stack[ZCOUNT_STACK];
  if (have && !zcount_init(&c, z.len, stack)) {
    have = false;
    z.len = 0; /* out of memory: "" */
  }
  if (have) {
    /* extend the prefix while most mentions agree on it */
    size_t noff = boff, nlen = blen;
    for (size_t extra = 3; extra <= 12; extra += 3) {
      zcount_clear(&c);
      const zkey *top = NULL;
      for (size_t i = 0; i < z.len; i++) {
        const hs_zone_mention *m = &z.items[i];
        if (m->word_start - m->start < 6 + extra) continue;
        size_t koff = m->word_start - 6, klen = m->stop - koff;
        if (klen != blen || memcmp(s + koff, s + boff, blen) != 0) continue;
        const zkey *k = zcount_add(&c, s, koff - extra, klen + extra);
        if (top == NULL || k->count > top->count) top = k;
      }
      if (top != NULL && top->count * 2 > bn) {
        noff = top->off;
        nlen = top->len;
      } else {
        break;
      }
    }
    write_name(out, outsz, s + noff, nlen);
    zcount_free(&c);
  } else if (z.len > 0) {
    /* no name: the longest zone word used, then the most frequent, then
     * the first mentioned */
    int w = -1;
    for (size_t k = 0; k < NSUFFIX; k++) {
      if (wcount[k] == 0) continue;
      if (w < 0 || suffixes[k].len > suffixes[w].len ||
          (suffixes[k].len == suffixes[w].len &&
           (wcount[k] > wcount[w] ||
            (wcount[k] == wcount[w] && wfirst[k] < wfirst[w]))))
        w = (int)k;
    }
    if (w >= 0) write_name(out, outsz, suffixes[w].w, suffixes[w].len);
  }
  if (zm.t != zm.stack) free(zm.t);
  hs_zones_free(&z);
}
/* }==== */
