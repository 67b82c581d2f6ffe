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

/* The next 区 (E5 8C BA) or 园 (E5 9B AD) at or after p, n when none:
 * all three bytes compared 16 positions at a time with SSE2 (32 with
 * AVX2), so only the 区 and 园 themselves stop the loop; the last block
 * overlaps the one before it. Without SSE2 (or in a text shorter than a
 * block) a Horspool search on the last byte, which skips 3 bytes at a time
 * over most text. QU_MASK: bit k for a 区 or 园 at u + k. P: the
 * intrinsics' prefix (_mm, _mm256); T: their integer type; V: their
 * vector type. */
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

#if defined(__SSE2__)
static inline uint32_t qu_mask16(const unsigned char *u) {
  QU_MASK(_mm, si128, __m128i, u);
}
#endif

#if defined(ZONE_AVX2)
__attribute__((target("avx2"))) static inline uint32_t
qu_mask32(const unsigned char *u) {
  QU_MASK(_mm256, si256, __m256i, u);
}

/* next_qu 32 positions at a time: true with *at the next 区/园, else
 * false with *at where fewer than 34 bytes are left. */
__attribute__((target("avx2"))) static bool next_qu_avx2(const unsigned char *u,
                                                         size_t n, size_t *at) {
  size_t p = *at;
  /* two blocks a turn while they fit: one test for both */
  for (; p + 66 <= n; p += 64) {
    uint64_t m = qu_mask32(u + p) | (uint64_t)qu_mask32(u + p + 32) << 32;
    if (m) {
      *at = p + (size_t)__builtin_ctzll(m);
      return true;
    }
  }
  for (; p + 34 <= n; p += 32) {
    uint32_t m = qu_mask32(u + p);
    if (m) {
      *at = p + (size_t)__builtin_ctz(m);
      return true;
    }
  }
  *at = p;
  return false;
}
#endif
#undef QU_MASK

/* avx2: next_qu_avx2 may be used (the CPU has AVX2). */
static size_t next_qu(const char *s, size_t n, size_t p, bool avx2) {
  const unsigned char *u = (const unsigned char *)s;
  (void)avx2;
#if defined(ZONE_AVX2)
  if (avx2 && p + 34 <= n && next_qu_avx2(u, n, &p)) return p;
#endif
#if defined(__SSE2__)
  if (n >= 18) {
    for (; p + 18 <= n; p += 16) {
      uint32_t m = qu_mask16(u + p);
      if (m) return p + (size_t)__builtin_ctz(m);
    }
    if (p + 3 > n) return n;
    /* the last 16 positions, those before p masked off */
    size_t b = n - 18;
    uint32_t m = qu_mask16(u + b) & (~0u << (p - b));
    return m ? b + (size_t)__builtin_ctz(m) : n;
  }
#endif
  while (p + 3 <= n) {
    unsigned char c = u[p + 2];
    if (c == 0xBA || c == 0xAD) {
      if (u[p] == 0xE5 && u[p + 1] == (c == 0xBA ? 0x8C : 0x9B)) return p;
      p += 3;
      continue;
    }
    p += c == 0xE5 ? 2 : (c == 0x8C || c == 0x9B) ? 1 : 3;
  }
  return n;
}

/* Start of the run of at most max Han characters (no stop character)
 * that ends at pos. */
static size_t prefix_start(const char *s, size_t n, size_t pos, int max) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = pos;
  int count = 0;
  while (count < max && i > 0) {
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
static const signed char *ending_at(const unsigned char *u, size_t q) {
  static const signed char fa[] = {0, 1, 2, 3, 4, 5, 11, -1}; /* 发区 */
  static const signed char kai[] = {9, -1};                   /* 开区 */
  static const signed char xin[] = {10, 17, -1};              /* 新区 */
  static const signed char yuan[] = {7, 8, 16, -1};           /* 园区 */
  static const signed char zhong[] = {6, -1};                 /* 中区 */
  static const signed char bao[] = {14, -1};                  /* 保区 */
  static const signed char shui[] = {15, -1};                 /* 税区 */
  static const signed char ye[] = {12, 13, -1};               /* 业园 */
  uint32_t prev = (uint32_t)u[q - 3] << 16 | (uint32_t)u[q - 2] << 8 | u[q - 1];
  if (u[q + 1] == 0x8C) { /* 区 */
    switch (prev) {
      case 0xE58F91: return fa;    /* 发 */
      case 0xE5BC80: return kai;   /* 开 */
      case 0xE696B0: return xin;   /* 新 */
      case 0xE59BAD: return yuan;  /* 园 */
      case 0xE4B8AD: return zhong; /* 中 */
      case 0xE4BF9D: return bao;   /* 保 */
      case 0xE7A88E: return shui;  /* 税 */
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
static bool find(const char *s, size_t n, int max_prefix, hs_zones *out,
                 zmain *zm) {
  if (max_prefix == 0) max_prefix = 6;
  const unsigned char *u = (const unsigned char *)s;
  bool avx2 = false;
#if defined(ZONE_AVX2)
  avx2 = n >= 34 && __builtin_cpu_supports("avx2");
#endif
  size_t p = 0;    /* no word starts before p (the end of the last one) */
  size_t from = 0; /* where to look for the next 区/园 */
  while (from < n) {
    size_t q = next_qu(s, n, from, avx2);
    if (q >= n) break;
    from = q + 3;
    if (q < 3) continue;
    const signed char *k = ending_at(u, q);
    if (k == NULL) continue;
    int wi = -1;
    for (; *k >= 0; k++) {
      const zword *w = &suffixes[*k];
      if (w->len <= q + 3 && q + 3 - w->len >= p && ends_at(s, q + 3, w)) {
        wi = *k;
        break;
      }
    }
    if (wi < 0) continue;
    size_t start = q + 3 - suffixes[wi].len;
    /* the longest word at start: 工业园区 over 工业园 when 区 follows (no
     * other zone word begins with a shorter one) */
    if ((wi == 12 || wi == 13) && q + 6 <= n && u[q + 3] == 0xE5 &&
        u[q + 4] == 0x8C && u[q + 5] == 0xBA)
      wi = wi == 12 ? 7 : 8;
    const zword *w = &suffixes[wi];
    hs_zone_mention m = {start, start, start + w->len, false};
    if (max_prefix > 0 && wi != 16 && wi != 17) /* bare: 园区, 新区 */
      m.start = prefix_start(s, n, start, max_prefix);
    if (zm == NULL || start - m.start >= 6)
      m.quoted = hs_text_quoted(s, n, 0, m.start);
    if (zm != NULL) main_add(zm, s, &m, out->len, wi);
    if (!zones_push(out, &m)) return false;
    p = from = start + w->len;
  }
  return true;
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
  memset(zm.stack, 0, sizeof zm.stack);
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
