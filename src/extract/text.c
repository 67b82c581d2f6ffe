/* SPDX-License-Identifier: MIT */
/*
 * Sentences, clauses, quotes and word lists: the C port of
 * lua/hanscan/text.lua. Every function walks bytes; the only allocations
 * are the caller's result arrays and a word list's construction.
 */
#include "text.h"

#include <limits.h>
#if defined(__SSE2__)
#include <emmintrin.h>
/* AVX2 besides on x86-64 CPUs that have it (GCC and Clang) */
#if defined(__GNUC__) && defined(__x86_64__)
#define TEXT_AVX2 1
#include <immintrin.h>
#endif
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* {==== growing span arrays */

void hs_spans_free(hs_spans *v) {
  if (v == NULL) return;
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}

/* Makes room for k more spans, at least doubling the capacity (false
 * when out of memory). */
static __attribute__((noinline)) bool spans_reserve(hs_spans *v, size_t k) {
  size_t cap = v->cap ? v->cap * 2 : 16;
  if (k > SIZE_MAX / sizeof *v->items - v->len) return false;
  if (cap < v->len + k) cap = v->len + k;
  if (cap > SIZE_MAX / sizeof *v->items) return false;
  hs_span *p = realloc(v->items, cap * sizeof *p);
  if (p == NULL) return false;
  v->items = p;
  v->cap = cap;
  return true;
}

static inline bool spans_push(hs_spans *v, size_t s, size_t e) {
  if (v->len == v->cap && !spans_reserve(v, 1)) return false;
  v->items[v->len].s = s;
  v->items[v->len].e = e;
  v->len++;
  return true;
}
/* }==== */

/* {==== word lists
 *
 * A word is found at a position in two steps: a bitmap of first bytes
 * rejects most positions, then the words that can start there (those of
 * one or two bytes by their first byte; longer ones by their first three
 * bytes, in a small hash table) are compared 8 bytes at a time. Within a
 * group the words are in list order, so the first that matches is the
 * one text.has would return. Suffixes are grouped by their last byte,
 * longest first. */

/* 32 bytes, aligned so: one cache line holds two whole entries */
typedef struct hs_wentry {
  _Alignas(32) const char *w;
  uint32_t len, idx;
  /* shorts, long_: the first min(len, 8) bytes, as load8 reads them, and
   * their mask; by_last: the last ones, as load8_end reads them */
  uint64_t bits, mask;
} hs_wentry;

typedef struct hs_wslot {
  uint32_t key;        /* the first 3 bytes | 1 << 24; 0: empty */
  uint32_t start, end; /* into long_ */
} hs_wslot;

struct hs_words {
  /* first the fields every lookup of hs_words_has reads, in the first
   * cache lines of the (64-byte aligned) structure: the model's lookups
   * are spread over many lists and find them out of L1 */
  /* nib: every non-empty word is 3 bytes or more, there are at most
   * NIB_GROUPS groups of long words, and the CPU has AVX2; then word
   * starts are found 16 or 32 at a time by the nibbles of their first 3
   * bytes: nibs[2j][c & 15] and nibs[2j + 1][c >> 4] have bit b set when
   * a word of bucket b has c as its byte j */
  _Alignas(64) unsigned char nibs[6][16];
  bool nib;
  bool nib512; /* nib, and the CPU has AVX-512 (BW) */
  /* by_char: no word starts with a continuation byte (80-BF) and every
   * word that starts with a byte E0-EF is 3 bytes or more; then chars
   * is a 4096-bit filter of the first 3 bytes of those words (char3) */
  bool by_char;
  int empty; /* first index of an empty word, -1 */
  uint32_t slot_mask, slot_shift;
  hs_wslot *slots;
  hs_wentry *long_;   /* words of 3 bytes or more, by first 3 bytes */
  uint64_t bloom[16]; /* 1024-bit filter of the long words' first 3 bytes */
  hs_wentry *by_last;
  hs_wentry *shorts;
  size_t n;
  char **words; /* list order, NUL-terminated, point into blob */
  size_t *lens;
  char *blob;
  uint64_t firsts[4]; /* bitmap of the first bytes of non-empty words */
  size_t short_[257]; /* words of 1 or 2 bytes by first byte */
  size_t last[257];   /* non-empty words by last byte, longest first */
  uint64_t chars[64];
};

#define NIB_GROUPS 16

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TEXT_LE 1
#endif

static inline uint64_t ld64(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

/* 8 bytes from p (rem of them readable), zero-padded after the end.
 * Little-endian: through overlapping loads, not through a copy on the
 * stack, whose reload would stall on the stores that made it. */
static inline uint64_t load8(const unsigned char *p, size_t rem) {
  if (rem >= 8) return ld64(p);
#if defined(TEXT_LE)
  if (rem >= 4) {
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, p + rem - 4, 4);
    return (uint64_t)a | (uint64_t)b << (8 * (rem - 4));
  }
  if (rem >= 2) {
    uint16_t a, b;
    memcpy(&a, p, 2);
    memcpy(&b, p + rem - 2, 2);
    return (uint64_t)a | (uint64_t)b << (8 * (rem - 2));
  }
  return rem ? p[0] : 0;
#else
  uint64_t x;
  unsigned char b[8] = {0};
  memcpy(b, p, rem);
  memcpy(&x, b, 8);
  return x;
#endif
}

/* The 8 bytes that end at p + n (n of them readable from p), zero-padded
 * before the start; as load8. */
static inline uint64_t load8_end(const unsigned char *p, size_t n) {
  if (n >= 8) return ld64(p + n - 8);
#if defined(TEXT_LE)
  if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, p + n - 4, 4);
    return (uint64_t)b << 32 | (uint64_t)a << (8 * (8 - n));
  }
  if (n >= 2) {
    uint16_t a, b;
    memcpy(&a, p, 2);
    memcpy(&b, p + n - 2, 2);
    return (uint64_t)b << 48 | (uint64_t)a << (8 * (8 - n));
  }
  return n ? (uint64_t)p[0] << 56 : 0;
#else
  uint64_t x;
  unsigned char b[8] = {0};
  memcpy(b + 8 - n, p, n);
  memcpy(&x, b, 8);
  return x;
#endif
}

static uint64_t ones8(size_t k, bool at_end) {
  unsigned char b[8] = {0};
  memset(at_end ? b + 8 - k : b, 0xFF, k);
  uint64_t x;
  memcpy(&x, b, 8);
  return x;
}

static uint32_t key3(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)1 << 24;
}

static uint32_t hash3(uint32_t key) {
  return key * 2654435761u;
}

/* The filter bit of the 3 bytes x & 0xFFFFFF (as loaded little-endian). */
static uint32_t char3(uint32_t x) {
  return ((x & 0xFFFFFFu) * 2654435761u) >> 20;
}

/* x as loaded from little-endian memory (bytes in address order from the
 * low end) */
static uint32_t le32(uint32_t x) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap32(x);
#else
  return x;
#endif
}

static const hs_wslot *slot_of(const hs_words *w, uint32_t key) {
  uint32_t h = hash3(key);
  if (!((w->bloom[h >> 28] >> ((h >> 22) & 63)) & 1)) return NULL;
  uint32_t i = h >> w->slot_shift;
  for (;;) {
    const hs_wslot *sl = &w->slots[i & w->slot_mask];
    if (sl->key == key) return sl;
    if (sl->key == 0) return NULL;
    i++;
  }
}

static int cmp_long(const void *pa, const void *pb) {
  const hs_wentry *a = pa, *b = pb;
  uint32_t ka = key3((const unsigned char *)a->w);
  uint32_t kb = key3((const unsigned char *)b->w);
  if (ka != kb) return ka < kb ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_last(const void *pa, const void *pb) {
  const hs_wentry *a = pa, *b = pb;
  unsigned char la = (unsigned char)a->w[a->len - 1];
  unsigned char lb = (unsigned char)b->w[b->len - 1];
  if (la != lb) return la < lb ? -1 : 1;
  if (a->len != b->len) return a->len > b->len ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sets up w->nib and w->nibs from the grouped long words (the groups in
 * key order go to the 8 buckets in runs, so that neighbours, which share
 * their third byte, share a bucket). */
static void nib_build(hs_words *w, size_t nonempty, size_t nlong) {
#if defined(TEXT_AVX2)
  if (nlong == 0 || nlong != nonempty) return;
  size_t ngroups = 0;
  for (size_t i = 0; i < nlong; i++)
    if (i == 0 || key3((const unsigned char *)w->long_[i].w) !=
                      key3((const unsigned char *)w->long_[i - 1].w))
      ngroups++;
  if (ngroups > NIB_GROUPS || !__builtin_cpu_supports("avx2")) return;
  size_t g = 0;
  for (size_t i = 0; i < nlong; i++) {
    const unsigned char *u = (const unsigned char *)w->long_[i].w;
    if (i > 0 && key3(u) != key3((const unsigned char *)w->long_[i - 1].w)) g++;
    unsigned char bit = (unsigned char)(1u << (g * 8 / ngroups));
    for (int j = 0; j < 3; j++) {
      w->nibs[2 * j][u[j] & 15] |= bit;
      w->nibs[2 * j + 1][u[j] >> 4] |= bit;
    }
  }
  w->nib = true;
  w->nib512 = __builtin_cpu_supports("avx512bw");
#else
  (void)w;
  (void)nonempty;
  (void)nlong;
#endif
}

/* k zeroed entries (at least one), aligned as hs_wentry; NULL when out of
 * memory */
static hs_wentry *entries_new(size_t k) {
  if (k == 0) k = 1;
  if (k > SIZE_MAX / sizeof(hs_wentry)) return NULL;
  hs_wentry *e = aligned_alloc(_Alignof(hs_wentry), k * sizeof *e);
  if (e != NULL) memset(e, 0, k * sizeof *e);
  return e;
}

hs_words *hs_words_new_len(const char *const *words, const size_t *lens,
                           size_t nwords) {
  if (nwords > (size_t)INT_MAX || nwords >= UINT32_MAX / 4) return NULL;
  for (size_t i = 0; i < nwords; i++)
    if (lens[i] > UINT32_MAX) return NULL; /* entries hold 32-bit lengths */
  /* sizeof *w is a multiple of 64 (its first member is so aligned) */
  hs_words *w = aligned_alloc(64, sizeof *w);
  if (w == NULL) return NULL;
  memset(w, 0, sizeof *w);
  w->n = nwords;
  w->empty = -1;
  size_t total = 0, nonempty = 0, nshort = 0, nlong = 0;
  for (size_t i = 0; i < nwords; i++) {
    total += lens[i] + 1;
    if (lens[i] > 0) nonempty++;
    if (lens[i] == 1 || lens[i] == 2) nshort++;
    if (lens[i] >= 3) nlong++;
  }
  uint32_t nslots = 0, bits = 0;
  if (nlong > 0) {
    nslots = 16;
    bits = 4;
    while (nslots < 2 * nlong) {
      nslots *= 2;
      bits++;
    }
  }
  w->words = calloc(nwords ? nwords : 1, sizeof *w->words);
  w->lens = calloc(nwords ? nwords : 1, sizeof *w->lens);
  w->blob = malloc(total ? total : 1);
  w->shorts = entries_new(nshort);
  w->long_ = entries_new(nlong);
  w->by_last = entries_new(nonempty);
  if (nslots) w->slots = calloc(nslots, sizeof *w->slots);
  if (!w->words || !w->lens || !w->blob || !w->shorts || !w->long_ ||
      !w->by_last || (nslots && !w->slots)) {
    hs_words_free(w);
    return NULL;
  }
  w->slot_mask = nslots ? nslots - 1 : 0;
  w->slot_shift = 32 - bits;
  char *p = w->blob;
  size_t count[256] = {0};
  for (size_t i = 0; i < nwords; i++) {
    if (lens[i]) memcpy(p, words[i], lens[i]);
    p[lens[i]] = '\0';
    w->words[i] = p;
    w->lens[i] = lens[i];
    p += lens[i] + 1;
    unsigned char b = (unsigned char)w->words[i][0];
    if (lens[i] == 0) {
      if (w->empty < 0) w->empty = (int)i;
    } else {
      w->firsts[b >> 6] |= (uint64_t)1 << (b & 63);
      if (lens[i] <= 2) count[b]++;
    }
  }
  w->by_char = true;
  for (size_t i = 0; i < nwords; i++) {
    const unsigned char *u = (const unsigned char *)w->words[i];
    if (lens[i] == 0) continue;
    if ((u[0] & 0xC0) == 0x80 || ((u[0] & 0xF0) == 0xE0 && lens[i] < 3)) {
      w->by_char = false;
    } else if ((u[0] & 0xF0) == 0xE0) {
      uint32_t h =
          char3((uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16);
      w->chars[h >> 6] |= (uint64_t)1 << (h & 63);
    }
  }
  /* short words: counting sort by first byte keeps list order */
  w->short_[0] = 0;
  for (int b = 0; b < 256; b++)
    w->short_[b + 1] = w->short_[b] + count[b];
  size_t fill[256];
  memcpy(fill, w->short_, sizeof fill);
  size_t k = 0, kl = 0;
  for (size_t i = 0; i < nwords; i++) {
    size_t len = lens[i];
    if (len == 0) continue;
    const unsigned char *u = (const unsigned char *)w->words[i];
    size_t h = len < 8 ? len : 8;
    hs_wentry e = {w->words[i], (uint32_t)len, (uint32_t)i, load8(u, h),
                   ones8(h, false)};
    if (len <= 2)
      w->shorts[fill[u[0]]++] = e;
    else
      w->long_[kl++] = e;
    e.bits = load8_end(u + len - h, h);
    e.mask = ones8(h, true);
    w->by_last[k++] = e;
  }
  /* long words: grouped by their first 3 bytes, list order within */
  qsort(w->long_, nlong, sizeof *w->long_, cmp_long);
  for (size_t i = 0; i < nlong;) {
    uint32_t key = key3((const unsigned char *)w->long_[i].w);
    size_t j = i + 1;
    while (j < nlong && key3((const unsigned char *)w->long_[j].w) == key)
      j++;
    uint32_t h = hash3(key), s = h >> w->slot_shift;
    w->bloom[h >> 28] |= (uint64_t)1 << ((h >> 22) & 63);
    while (w->slots[s & w->slot_mask].key != 0)
      s++;
    hs_wslot *sl = &w->slots[s & w->slot_mask];
    sl->key = key;
    sl->start = (uint32_t)i;
    sl->end = (uint32_t)j;
    i = j;
  }
  nib_build(w, nonempty, nlong);
  qsort(w->by_last, nonempty, sizeof *w->by_last, cmp_last);
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < nonempty; i++)
    count[(unsigned char)w->by_last[i].w[w->by_last[i].len - 1]]++;
  w->last[0] = 0;
  for (int b = 0; b < 256; b++)
    w->last[b + 1] = w->last[b] + count[b];
  return w;
}

hs_words *hs_words_new(const char *const *words, size_t nwords) {
  size_t small[64] = {0};
  size_t *lens = small;
  if (nwords > 64) {
    lens = malloc(nwords * sizeof *lens);
    if (lens == NULL) return NULL;
  }
  for (size_t i = 0; i < nwords; i++)
    lens[i] = strlen(words[i]);
  hs_words *w = hs_words_new_len(words, lens, nwords);
  if (lens != small) free(lens);
  return w;
}

void hs_words_free(hs_words *w) {
  if (w == NULL) return;
  free(w->words);
  free(w->lens);
  free(w->blob);
  free(w->shorts);
  free(w->long_);
  free(w->slots);
  free(w->by_last);
  free(w);
}

size_t hs_words_count(const hs_words *w) {
  return w ? w->n : 0;
}

const char *hs_words_get(const hs_words *w, size_t i, size_t *len) {
  if (w == NULL || i >= w->n) return NULL;
  if (len) *len = w->lens[i];
  return w->words[i];
}

/* Does entry e match at u (rem bytes left), x being load8(u, rem)? */
static bool entry_at(const hs_wentry *e, const unsigned char *u, size_t rem,
                     uint64_t x) {
  return e->len <= rem && (x & e->mask) == e->bits &&
         (e->len <= 8 || memcmp(u + 8, e->w + 8, e->len - 8) == 0);
}

/* The word of w with the lowest index below `bound` that starts at u
 * (rem > 0 bytes left), NULL when none. */
static const hs_wentry *word_at(const hs_words *w, const unsigned char *u,
                                size_t rem, size_t bound) {
  const hs_wentry *best = NULL;
  uint64_t x = 0;
  size_t k = w->short_[u[0]], end = w->short_[u[0] + 1];
  if (k < end) {
    x = load8(u, rem);
    for (; k < end; k++) {
      const hs_wentry *e = &w->shorts[k];
      if (e->idx >= bound) break;
      if (entry_at(e, u, rem, x)) {
        best = e;
        bound = e->idx;
        break;
      }
    }
  }
  if (rem >= 3 && w->slots != NULL) {
    const hs_wslot *sl = slot_of(w, key3(u));
    if (sl != NULL) {
      if (best == NULL) x = load8(u, rem);
      for (size_t k = sl->start; k < sl->end; k++) {
        const hs_wentry *e = &w->long_[k];
        if (e->idx >= bound) break;
        if (entry_at(e, u, rem, x)) return e;
      }
    }
  }
  return best;
}

/* word_at for a list without words of 1 or 2 bytes (rem >= 3). */
static const hs_wentry *long_at(const hs_words *w, const unsigned char *u,
                                size_t rem, size_t bound) {
  const hs_wslot *sl = slot_of(w, key3(u));
  if (sl == NULL) return NULL;
  uint64_t x = load8(u, rem);
  for (size_t k = sl->start; k < sl->end; k++) {
    const hs_wentry *e = &w->long_[k];
    if (e->idx >= bound) break;
    if (entry_at(e, u, rem, x)) return e;
  }
  return NULL;
}

static bool first_byte(const hs_words *w, unsigned char b) {
  return (w->firsts[b >> 6] >> (b & 63)) & 1;
}

#if defined(TEXT_AVX2)
/* Blocks of 32 starts whose masks nib_masks finds at once: the SIMD loop
 * makes no calls, so its registers stay live. */
#define NIB_CHUNK 8

/* Bit k of ms[b]: a word of w may start at byte i + 32 b + k of u[0, n),
 * for up to NIB_CHUNK blocks from i (i + 2 < n); returns the number of
 * blocks. Starts past n - 3 have no bit. A text under 34 bytes is looked
 * at in two lanes of overlapping loads (or in place when under 10 bytes),
 * not through a copy on the stack, whose reload would stall on the stores
 * that made it. */
__attribute__((target("avx2"))) static size_t nib_masks(const hs_words *w,
                                                        const unsigned char *u,
                                                        size_t n, size_t i,
                                                        uint64_t *ms) {
#define TAB(j)                                                                 \
  _mm256_broadcastsi128_si256(                                                 \
      _mm_loadu_si128((const __m128i *)(const void *)w->nibs[j]))
  const __m256i t0 = TAB(0), t1 = TAB(1), t2 = TAB(2), t3 = TAB(3), t4 = TAB(4),
                t5 = TAB(5);
#undef TAB
  const __m256i lo = _mm256_set1_epi8(15);
#define NIB(tl, th, v)                                                         \
  _mm256_and_si256(                                                            \
      _mm256_shuffle_epi8(tl, _mm256_and_si256(v, lo)),                        \
      _mm256_shuffle_epi8(th, _mm256_and_si256(_mm256_srli_epi16(v, 4), lo)))
#define MASK3(x0, x1, x2)                                                      \
  ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(                           \
      _mm256_and_si256(_mm256_and_si256(NIB(t0, t1, x0), NIB(t2, t3, x1)),     \
                       NIB(t4, t5, x2)),                                       \
      _mm256_setzero_si256()))
#define LD(p)   _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define MASK(p) MASK3(LD(p), LD((p) + 1), LD((p) + 2))
  size_t k = 0;
  for (; k < NIB_CHUNK && i + 34 <= n; k++, i += 32)
    ms[k] = MASK(u + i);
  if (k < NIB_CHUNK && i + 2 < n) {
    if (n >= 34) {
      /* the last starts, through the 32 that end at n - 3 */
      size_t j = n - 34;
      ms[k++] = MASK(u + j) >> (i - j);
    } else if (n >= 18) {
      /* i is 0; two lanes of 16 starts, from 0 and from n - 18 */
      const unsigned char *v = u + n - 18;
#define L16(o)                                                                 \
  _mm256_inserti128_si256(                                                     \
      _mm256_castsi128_si256(                                                  \
          _mm_loadu_si128((const __m128i *)(const void *)(u + (o)))),          \
      _mm_loadu_si128((const __m128i *)(const void *)(v + (o))), 1)
      uint32_t m = MASK3(L16(0), L16(1), L16(2));
#undef L16
      ms[k++] = (m & 0xFFFF) | (m >> 16) << (n - 18);
    } else if (n >= 10) {
      /* two lanes of 8 starts, from 0 and from n - 10 */
      const unsigned char *v = u + n - 10;
#define L8(o)                                                                  \
  _mm256_castsi128_si256(                                                      \
      _mm_set_epi64x((long long)ld64(v + (o)), (long long)ld64(u + (o))))
      uint32_t m = MASK3(L8(0), L8(1), L8(2));
#undef L8
      ms[k++] = (m & 0xFF) | ((m >> 8) & 0xFF) << (n - 10);
    } else {
      /* the n < 10 bytes in place, shifted by 1 and 2 */
      __m128i x = _mm_set_epi64x(n > 8 ? u[8] : 0, (long long)load8(u, n));
      uint32_t m = MASK3(_mm256_castsi128_si256(x),
                         _mm256_castsi128_si256(_mm_srli_si128(x, 1)),
                         _mm256_castsi128_si256(_mm_srli_si128(x, 2)));
      ms[k++] = m & ((1u << (n - 2)) - 1);
    }
  }
#undef LD
#undef MASK
#undef MASK3
#undef MASK
#undef NIB
  return k;
}

/* Checks the possible starts i + k (bit k of m) in order, lowering *best;
 * false once *best is 0 (nothing can beat it). */
static inline bool nib_check(const hs_words *w, const unsigned char *u,
                             size_t n, size_t i, uint64_t m, size_t *best) {
  while (m != 0) {
    size_t p = i + (size_t)__builtin_ctzll(m);
    m &= m - 1;
    const hs_wentry *e = long_at(w, u + p, n - p, *best);
    if (e != NULL && (*best = e->idx) == 0) return false;
  }
  return true;
}

/* The masks of NIB_CHUNK blocks of W starts from i (i + 2 < n), as
 * nib_masks; returns the number of blocks. */
typedef size_t nib_masks_fn(const hs_words *w, const unsigned char *u, size_t n,
                            size_t i, uint64_t *ms);

/* hs_words_has for a list with nib set: every start [0, n - 3], through
 * the masks of blocks of W starts. */
static inline __attribute__((always_inline)) size_t
nib_has_by(const hs_words *w, const unsigned char *u, size_t n, size_t best,
           unsigned W, nib_masks_fn *masks) {
  for (size_t i = 0; i + 2 < n;) {
    uint64_t ms[NIB_CHUNK];
    size_t k = masks(w, u, n, i, ms);
    for (size_t b = 0; b < k; b++)
      if (!nib_check(w, u, n, i + W * b, ms[b], &best)) return best;
    i += W * k;
  }
  return best;
}

/* nib_masks with AVX-512: 64 starts a block, bit k of ms[b] for the start
 * i + 64 b + k; the last bytes (and a short text) read through masked
 * loads, which read nothing past n. */
__attribute__((target("avx512bw"), noinline)) static size_t
nib_masks512(const hs_words *w, const unsigned char *u, size_t n, size_t i,
             uint64_t *ms) {
#define TAB(j)                                                                 \
  _mm512_broadcast_i32x4(                                                      \
      _mm_loadu_si128((const __m128i *)(const void *)w->nibs[j]))
  const __m512i t0 = TAB(0), t1 = TAB(1), t2 = TAB(2), t3 = TAB(3), t4 = TAB(4),
                t5 = TAB(5);
#undef TAB
  const __m512i lo = _mm512_set1_epi8(15);
#define NIB(tl, th, v)                                                         \
  _mm512_and_si512(                                                            \
      _mm512_shuffle_epi8(tl, _mm512_and_si512(v, lo)),                        \
      _mm512_shuffle_epi8(th, _mm512_and_si512(_mm512_srli_epi16(v, 4), lo)))
#define MASK3(x0, x1, x2)                                                      \
  _mm512_test_epi8_mask(_mm512_and_si512(NIB(t0, t1, x0), NIB(t2, t3, x1)),    \
                        NIB(t4, t5, x2))
  size_t k = 0;
  for (; k < NIB_CHUNK && i + 66 <= n; k++, i += 64) {
    const unsigned char *p = u + i;
    ms[k] = MASK3(_mm512_loadu_si512((const void *)p),
                  _mm512_loadu_si512((const void *)(p + 1)),
                  _mm512_loadu_si512((const void *)(p + 2)));
  }
  if (k < NIB_CHUNK && i + 2 < n) {
    /* the starts [i, n - 3]: fewer than 64 */
    const unsigned char *p = u + i;
    size_t rem = n - i;
    uint64_t valid = ((uint64_t)1 << (rem - 2)) - 1;
    uint64_t all = rem >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << rem) - 1;
    ms[k++] = MASK3(_mm512_maskz_loadu_epi8(all, p),
                    _mm512_maskz_loadu_epi8(all >> 1, p + 1),
                    _mm512_maskz_loadu_epi8(valid, p + 2)) &
              valid;
  }
#undef MASK3
#undef NIB
  return k;
}

static size_t nib_has(const hs_words *w, const unsigned char *u, size_t n,
                      size_t best) {
  return nib_has_by(w, u, n, best, 32, nib_masks);
}

static size_t nib_has512(const hs_words *w, const unsigned char *u, size_t n,
                         size_t best) {
  return nib_has_by(w, u, n, best, 64, nib_masks512);
}
#endif

int hs_words_has(const hs_words *w, const char *s, size_t n) {
  if (w == NULL) return -1;
  size_t best = w->empty >= 0 ? (size_t)w->empty : SIZE_MAX;
  const unsigned char *u = (const unsigned char *)s;
#if defined(TEXT_AVX2)
  if (w->nib && best > 0) {
    best = w->nib512 ? nib_has512(w, u, n, best) : nib_has(w, u, n, best);
    return best == SIZE_MAX ? -1 : (int)best;
  }
#endif
  size_t i = 0;
  if (w->by_char) {
    /* by character: a 3-byte character (lead E0-EF, two continuation
     * bytes) is looked up in the filter at once and skipped whole (no
     * word starts with its continuation bytes); other bytes go one at a
     * time through the first-byte bitmap */
    while (i + 4 <= n && best > 0) {
      uint32_t x;
      memcpy(&x, u + i, 4);
      x = le32(x);
      if ((x & 0xC0C0F0u) == 0x8080E0u) {
        uint32_t h = char3(x);
        if ((w->chars[h >> 6] >> (h & 63)) & 1) {
          const hs_wentry *e = word_at(w, u + i, n - i, best);
          if (e != NULL) best = e->idx;
        }
        i += 3;
        continue;
      }
      unsigned char b = (unsigned char)x;
      if ((b & 0xC0) != 0x80 && first_byte(w, b)) {
        const hs_wentry *e = word_at(w, u + i, n - i, best);
        if (e != NULL) best = e->idx;
      }
      i++;
    }
  }
  if (w->short_[256] == 0) {
    /* only words of 3 bytes or more (cue lists of Han words): the filter
     * on the first 3 bytes alone, at every position */
    for (; i + 3 <= n && best > 0; i++) {
      uint32_t h = hash3(key3(u + i));
      if (!((w->bloom[h >> 28] >> ((h >> 22) & 63)) & 1)) continue;
      const hs_wentry *e = word_at(w, u + i, n - i, best);
      if (e != NULL) best = e->idx;
    }
  } else {
    for (; i < n && best > 0; i++) {
      if (!first_byte(w, u[i])) continue;
      const hs_wentry *e = word_at(w, u + i, n - i, best);
      if (e != NULL) best = e->idx;
    }
  }
  return best == SIZE_MAX ? -1 : (int)best;
}

int hs_words_starts_with(const hs_words *w, const char *s, size_t n) {
  if (w == NULL) return -1;
  size_t i = 0;
  while (i < n && s[i] == ' ')
    i++;
  size_t best = w->empty >= 0 ? (size_t)w->empty : SIZE_MAX;
  const unsigned char *u = (const unsigned char *)s;
  if (i < n && first_byte(w, u[i])) {
    const hs_wentry *e = word_at(w, u + i, n - i, best);
    if (e != NULL) best = e->idx;
  }
  return best == SIZE_MAX ? -1 : (int)best;
}

/* The longest non-empty word of w that s[0, n) ends with (list order on a
 * tie), NULL when none. */
static inline const hs_wentry *
longest_suffix(const hs_words *w, const unsigned char *u, size_t n) {
  if (n == 0) return NULL;
  size_t k = w->last[u[n - 1]], end = w->last[u[n - 1] + 1];
  if (k == end) return NULL;
  uint64_t x = load8_end(u, n);
  for (; k < end; k++) {
    const hs_wentry *e = &w->by_last[k];
    if (e->len <= n && (x & e->mask) == e->bits &&
        (e->len <= 8 || memcmp(u + n - e->len, e->w, e->len - 8) == 0))
      return e;
  }
  return NULL;
}

int hs_words_ends_with(const hs_words *w, const char *s, size_t n,
                       const hs_words *skip) {
  if (w == NULL) return -1;
  const unsigned char *u = (const unsigned char *)s;
  if (skip != NULL) {
    const hs_wentry *e;
    while ((e = longest_suffix(skip, u, n)) != NULL)
      n -= e->len;
  }
  const hs_wentry *e = longest_suffix(w, u, n);
  if (e != NULL) return (int)e->idx;
  if (n == 0 && w->empty >= 0) return w->empty;
  return -1;
}

/* Do the len <= 8 bytes at a and b agree? Through overlapping loads, no
 * call. */
static inline bool same8(const char *a, const char *b, size_t len) {
  if (len >= 4) {
    uint32_t x0, x1, y0, y1;
    memcpy(&x0, a, 4);
    memcpy(&y0, b, 4);
    memcpy(&x1, a + len - 4, 4);
    memcpy(&y1, b + len - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (len >= 2) {
    uint16_t x0, x1, y0, y1;
    memcpy(&x0, a, 2);
    memcpy(&y0, b, 2);
    memcpy(&x1, a + len - 2, 2);
    memcpy(&y1, b + len - 2, 2);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  return len == 0 || a[0] == b[0];
}

/* Do the len bytes at a and b agree? For the middles of needles. */
static inline bool same(const char *a, const char *b, size_t len) {
  return len <= 8 ? same8(a, b, len) : memcmp(a, b, len) == 0;
}

#if defined(__SSE2__)
/* Bit k set: the start s + k has the first and last bytes f, l of a
 * needle of wlen bytes (16 + wlen - 1 bytes readable at s). */
static inline unsigned ends16(const char *s, size_t wlen, __m128i f,
                              __m128i l) {
  __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
  __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + wlen - 1));
  return (unsigned)_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpeq_epi8(a, f), _mm_cmpeq_epi8(b, l)));
}
#endif

/* The first start k in [i, i + 32) with bit k - i of m set where the
 * needle's middle matches, NULL when none; small: wlen <= 10, so that no
 * call is made (and a caller's vector registers stay live). */
static inline __attribute__((always_inline)) const char *
check_starts(const char *s, size_t i, uint32_t m, const char *w, size_t wlen,
             bool small) {
  for (; m != 0; m &= m - 1) {
    size_t k = i + (size_t)__builtin_ctz(m);
    if (small ? same8(s + k + 1, w + 1, wlen - 2)
              : memcmp(s + k + 1, w + 1, wlen - 2) == 0)
      return s + k;
  }
  return NULL;
}

#if defined(TEXT_AVX2)
/* hs_text_find for 32 starts or more (last >= 31): 32 starts at a time, the
 * last 32 overlapping the ones before. */
__attribute__((target("avx2"))) static inline __attribute__((always_inline))
const char *
find32(const char *s, size_t last, const char *w, size_t wlen, bool small) {
  const __m256i f = _mm256_set1_epi8(w[0]), l = _mm256_set1_epi8(w[wlen - 1]);
  for (size_t i = 0;; i += 32) {
    if (i > last - 31) i = last - 31;
    __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
    __m256i b =
        _mm256_loadu_si256((const __m256i *)(const void *)(s + i + wlen - 1));
    uint32_t m = (uint32_t)_mm256_movemask_epi8(
        _mm256_and_si256(_mm256_cmpeq_epi8(a, f), _mm256_cmpeq_epi8(b, l)));
    const char *x = check_starts(s, i, m, w, wlen, small);
    if (x != NULL) return x;
    if (i == last - 31) return NULL;
  }
}

__attribute__((target("avx2"), noinline)) static const char *
find_avx2(const char *s, size_t last, const char *w, size_t wlen) {
  return find32(s, last, w, wlen, true);
}

__attribute__((target("avx2"), noinline)) static const char *
find_avx2_long(const char *s, size_t last, const char *w, size_t wlen) {
  return find32(s, last, w, wlen, false);
}
#endif

#if defined(__SSE2__)
/* hs_text_find for 16 starts or more (last >= 15): 16 starts at a time, the
 * last 16 overlapping the ones before. */
static inline __attribute__((always_inline)) const char *
find16(const char *s, size_t last, const char *w, size_t wlen, bool small) {
  const __m128i f = _mm_set1_epi8(w[0]), l = _mm_set1_epi8(w[wlen - 1]);
  for (size_t i = 0;; i += 16) {
    if (i > last - 15) i = last - 15;
    const char *x =
        check_starts(s, i, ends16(s + i, wlen, f, l), w, wlen, small);
    if (x != NULL) return x;
    if (i == last - 15) return NULL;
  }
}

/* The variants on their own (each a leaf or nearly, with a small frame) */
static __attribute__((noinline)) const char *
find_sse(const char *s, size_t last, const char *w, size_t wlen) {
  return find16(s, last, w, wlen, true);
}

static __attribute__((noinline)) const char *
find_sse_long(const char *s, size_t last, const char *w, size_t wlen) {
  return find16(s, last, w, wlen, false);
}

/* hs_text_find for a text of at most 32 bytes (2 <= wlen <= n): the
 * starts whose first and last bytes match come from masks of the bytes
 * equal to w[0] and to w[wlen - 1], read through overlapping loads (not
 * through a copy on the stack, whose reload would stall). */
static __attribute__((noinline)) const char *
find_short(const char *s, size_t n, const char *w, size_t wlen) {
  const __m128i f = _mm_set1_epi8(w[0]), l = _mm_set1_epi8(w[wlen - 1]);
  const unsigned char *u = (const unsigned char *)s;
  uint32_t mf, ml;
  if (n >= 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
    mf = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, f)) |
         (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, f)) << (n - 16);
    ml = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, l)) |
         (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, l)) << (n - 16);
  } else {
    /* bytes [0, 8) and [n - 8, n), or the n < 8 bytes zero-padded */
    __m128i x =
        n >= 8 ? _mm_set_epi64x((long long)ld64(u + n - 8), (long long)ld64(u))
               : _mm_set_epi64x(0, (long long)load8(u, n));
    uint32_t rf = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, f));
    uint32_t rl = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, l));
    unsigned sh = n >= 8 ? (unsigned)n - 8 : 0;
    mf = (rf & 0xFF) | (rf >> 8) << sh;
    ml = (rl & 0xFF) | (rl >> 8) << sh;
  }
  /* bit k: s[k] and s[k + wlen - 1] match, for the starts k <= n - wlen */
  uint32_t m = mf & (ml >> (wlen - 1)) & ((2u << (n - wlen)) - 1);
  return check_starts(s, 0, m, w, wlen, wlen <= 10);
}
#endif

/* hs_text_find one start at a time. */
static __attribute__((noinline)) const char *
find_bytes(const char *s, size_t n, const char *w, size_t wlen) {
  for (size_t i = 0; i + wlen <= n; i++)
    if (s[i] == w[0] && s[i + wlen - 1] == w[wlen - 1] &&
        same(s + i + 1, w + 1, wlen - 2))
      return s + i;
  return NULL;
}

const char *hs_text_find(const char *s, size_t n, const char *w, size_t wlen) {
  if (wlen == 0) return s;
  if (wlen > n) return NULL;
  if (wlen == 1) return memchr(s, w[0], n);
  size_t last = n - wlen; /* the last start */
#if defined(__SSE2__)
  /* starts whose first and last bytes both match, then the bytes between
   * them */
  if (n <= 32) return find_short(s, n, w, wlen);
  if (last >= 15) {
#if defined(TEXT_AVX2)
    if (last >= 31 && __builtin_cpu_supports("avx2"))
      return wlen <= 10 ? find_avx2(s, last, w, wlen)
                        : find_avx2_long(s, last, w, wlen);
#endif
    return wlen <= 10 ? find_sse(s, last, w, wlen)
                      : find_sse_long(s, last, w, wlen);
  }
#endif
  return find_bytes(s, n, w, wlen);
}

#if defined(__SSE2__)
/* hs_text_rfind for 2 <= wlen <= n: 16 starts at a time from the end,
 * the last 16 overlapping the ones after them; small as in find16. */
static inline __attribute__((always_inline)) size_t
rfind16(const char *s, size_t n, const char *w, size_t wlen, bool small) {
  size_t last = n - wlen;
  if (last < 15) {
    for (size_t i = last + 1; i-- > 0;)
      if (s[i] == w[0] && s[i + wlen - 1] == w[wlen - 1] &&
          same(s + i + 1, w + 1, wlen - 2))
        return i;
    return (size_t)-1;
  }
  const __m128i f = _mm_set1_epi8(w[0]), l = _mm_set1_epi8(w[wlen - 1]);
  for (size_t i = last - 15;; i -= 16) {
    unsigned m = ends16(s + i, wlen, f, l);
    while (m != 0) {
      unsigned k = 31u - (unsigned)__builtin_clz(m);
      if (small ? same8(s + i + k + 1, w + 1, wlen - 2)
                : memcmp(s + i + k + 1, w + 1, wlen - 2) == 0)
        return i + k;
      m &= ~(1u << k);
    }
    if (i == 0) return (size_t)-1;
    if (i < 16) i = 16;
  }
}

static __attribute__((noinline)) size_t rfind_sse(const char *s, size_t n,
                                                  const char *w, size_t wlen) {
  return rfind16(s, n, w, wlen, true);
}

static __attribute__((noinline)) size_t
rfind_sse_long(const char *s, size_t n, const char *w, size_t wlen) {
  return rfind16(s, n, w, wlen, false);
}
#endif

size_t hs_text_rfind(const char *s, size_t n, const char *w, size_t wlen) {
  if (wlen == 0) return n;
  if (wlen > n) return (size_t)-1;
#if defined(__SSE2__)
  if (wlen >= 2)
    return wlen <= 10 ? rfind_sse(s, n, w, wlen)
                      : rfind_sse_long(s, n, w, wlen);
#endif
  for (size_t i = n - wlen + 1; i-- > 0;) {
    if (s[i] == w[0] && same(s + i, w, wlen)) return i;
  }
  return (size_t)-1;
}
/* }==== */

/* {==== sentences */

/* Bytes that may start a sentence stop: 。 (E3 80 82), ！ (EF BC 81),
 * ？ (EF BC 9F), ! ? and a line break. */
static const unsigned char stop_first[256] = {
    ['\n'] = 1, ['!'] = 1, ['?'] = 1, [0xE3] = 1, [0xEF] = 1};

/* The first byte at or after p that may start a stop, n when none. */
static size_t next_stop_byte(const unsigned char *u, size_t p, size_t n) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), ex = _mm_set1_epi8('!');
  const __m128i qm = _mm_set1_epi8('?'), e3 = _mm_set1_epi8((char)0xE3);
  const __m128i ef = _mm_set1_epi8((char)0xEF);
  while (p + 16 <= n) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + p));
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, ex)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, qm), _mm_cmpeq_epi8(x, e3)),
                     _mm_cmpeq_epi8(x, ef)));
    unsigned mask = (unsigned)_mm_movemask_epi8(m);
    if (mask) return p + (size_t)__builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p < n && !stop_first[u[p]])
    p++;
  return p;
}

/* Length of the stop at p (rem bytes left), 0 when there is none. */
static inline size_t stop_at(const unsigned char *p, size_t rem) {
  switch (p[0]) {
    case '\n':
    case '!':
    case '?': return 1;
    case 0xE3: return rem >= 3 && p[1] == 0x80 && p[2] == 0x82 ? 3 : 0;
    case 0xEF:
      return rem >= 3 && p[1] == 0xBC && (p[2] == 0x81 || p[2] == 0x9F) ? 3 : 0;
    default: return 0;
  }
}

static bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

/* Does a unit start at p (text.lua's unit_start)? */
static bool unit_start(const unsigned char *p, size_t rem) {
#define U(s)                                                                   \
  { s, sizeof s - 1 }
  static const struct {
    const char *w;
    size_t len;
  } units[] = {U("亿"), U("万"), U("元"),   U("亩"),   U("%"),
               U("个"), U("家"), U("平方"), U("公里"), U("吨"),
               U("人"), U("项"), U("美元")};
#undef U
  for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
    if (units[i].len <= rem && memcmp(p, units[i].w, units[i].len) == 0)
      return true;
  }
  return false;
}

/* Appends sentence [s, e) of text t, cut as text.cut_long does. */
static __attribute__((noinline)) bool push_long(const char *t, hs_spans *out,
                                                size_t s, size_t e);
static inline bool push_sentence(const char *t, hs_spans *out, size_t s,
                                 size_t e) {
  if (e - s <= HS_TEXT_MAX_SENTENCE) return spans_push(out, s, e);
  return push_long(t, out, s, e);
}

static bool push_long(const char *t, hs_spans *out, size_t s, size_t e) {
  while (e - s > HS_TEXT_MAX_SENTENCE) {
    size_t limit = s + HS_TEXT_MAX_SENTENCE;
    size_t cut = 0;
    /* the last separator in [s, limit), unless it is the first byte */
    for (size_t j = limit; j-- > s + 1;) {
      if (t[j] == ',' || t[j] == ';' || t[j] == ':') {
        cut = j + 1;
        break;
      }
    }
    if (cut == 0) {
      cut = limit;
      while (cut > s && ((unsigned char)t[cut] & 0xC0) == 0x80)
        cut--;
      if (cut == s) cut = limit;
    }
    if (!spans_push(out, s, cut)) return false;
    s = cut;
  }
  return spans_push(out, s, e);
}

/* hs_text_sentences from p: inside a body that began at start when open
 * (p > start), else before the stops that may begin a body. */
static bool sentences_from(const char *s, size_t n, hs_spans *out, size_t p,
                           bool open, size_t start) {
  const unsigned char *u = (const unsigned char *)s;
  for (;;) {
    if (!open) {
      if (p >= n) return true;
      size_t l = stop_first[u[p]] ? stop_at(u + p, n - p) : 0;
      if (l) {
        p += l;
        continue;
      }
      /* a body: it starts with a byte that is not a stop */
      start = p++;
    }
    open = false;
    while (p < n) {
      p = next_stop_byte(u, p, n);
      if (p >= n) break;
      size_t l = stop_at(u + p, n - p);
      if (l == 0) {
        p++;
        continue;
      }
      /* p > start, so u[p - 1] belongs to this body */
      if (is_digit(u[p - 1])) {
        if (u[p] == 0xE3 && u[p + 1] == 0x80 && u[p + 2] == 0x82 &&
            n - p >= 4 && is_digit(u[p + 3])) {
          p += 3; /* 57。6: a damaged decimal point */
          continue;
        }
        if (u[p] == '\n' && unit_start(u + p + 1, n - p - 1)) {
          p += 1; /* 9.7\n亿元: a wrapped line */
          continue;
        }
      }
      break;
    }
    if (!push_sentence(s, out, start, p)) return false;
  }
}

#if defined(TEXT_AVX2)
/* The stops of the W bytes at p (W + 2 readable): bit k of m[0], a stop
 * of one byte starts at p + k; of m[1], one of three bytes. */
typedef void stops_fn(const unsigned char *p, uint64_t m[2]);
/* Bit k: p[k] is a digit. */
typedef uint64_t digits_fn(const unsigned char *p);

/* hs_text_sentences W bytes at a time, with few branches: the bytes that
 * stops cover (exactly) form a mask, and the bodies are the runs of bytes
 * outside it; the stops that follow a digit (a damaged decimal point, a
 * wrapped line) are looked at one by one. The blocks inside a body, with
 * no stop, are passed over in a loop of their own that makes no calls
 * (so that its constants stay in registers). The last bytes (fewer than
 * W + 2) go through sentences_from. Inlined into a function per
 * instruction set, with that set's stops and digits. */
static inline __attribute__((always_inline)) bool
sentences_blocks(const char *s, size_t n, hs_spans *out, unsigned W,
                 stops_fn *stops, digits_fn *digits) {
  const unsigned char *u = (const unsigned char *)s;
  const uint64_t all = W == 64 ? ~(uint64_t)0 : ((uint64_t)1 << W) - 1;
  size_t p = 0, start = 0;
  bool open = false;
  uint64_t carry = 0;  /* bytes p, p + 1 covered by a stop begun before p */
  uint64_t prev_c = 1; /* byte p - 1 covered (or p is 0) */
  for (; p + W + 2 <= n; p += W) {
    uint64_t m[2];
    stops(u + p, m);
    if ((carry | prev_c) == 0) {
      while ((m[0] | m[1]) == 0) {
        p += W;
        if (p + W + 2 > n) goto rest;
        stops(u + p, m);
      }
    }
    uint64_t s1 = m[0], s3 = m[1];
    uint64_t x = s1 | s3;
    if (x != 0)
      x &= digits(u + p) << 1 | (uint64_t)(p > 0 && is_digit(u[p - 1]));
    for (; x != 0; x &= x - 1) {
      /* a stop after a digit: not one in 57。6 or 9.7\n亿元 */
      unsigned k = (unsigned)__builtin_ctzll(x);
      size_t q = p + k;
      if (u[q] == 0xE3 && q + 3 < n && is_digit(u[q + 3]))
        s3 &= ~((uint64_t)1 << k);
      else if (u[q] == '\n' && unit_start(u + q + 1, n - q - 1))
        s1 &= ~((uint64_t)1 << k);
    }
    uint64_t c = (s1 | s3 | s3 << 1 | s3 << 2 | carry) & all;
    /* a body starts where a covered byte is followed by one that is
     * not, and ends at the next covered byte */
    for (uint64_t ev = (c ^ (c << 1 | prev_c)) & all; ev != 0; ev &= ev - 1) {
      size_t q = p + (size_t)__builtin_ctzll(ev);
      if (open) {
        if (!push_sentence(s, out, start, q)) return false;
      } else {
        start = q;
      }
      open = !open;
    }
    carry = s3 >> (W - 1) | s3 >> (W - 2);
    prev_c = c >> (W - 1);
  }
rest:
  /* a stop begun before p covers its first carry bytes (and then no
   * body is open) */
  return sentences_from(s, n, out, p + (size_t)__builtin_popcountll(carry),
                        open, start);
}

#define EQ(x, c) _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)(c)))
__attribute__((target("avx2"))) static inline void
stops_avx2(const unsigned char *p, uint64_t m[2]) {
  __m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i x1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
  __m256i x2 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 2));
  m[0] = (uint32_t)_mm256_movemask_epi8(
      _mm256_or_si256(_mm256_or_si256(EQ(x0, '\n'), EQ(x0, '!')), EQ(x0, '?')));
  /* 。 E3 80 82; ！ EF BC 81, ？ EF BC 9F */
  __m256i e3 = _mm256_and_si256(_mm256_and_si256(EQ(x0, 0xE3), EQ(x1, 0x80)),
                                EQ(x2, 0x82));
  __m256i ef = _mm256_and_si256(_mm256_and_si256(EQ(x0, 0xEF), EQ(x1, 0xBC)),
                                _mm256_or_si256(EQ(x2, 0x81), EQ(x2, 0x9F)));
  m[1] = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(e3, ef));
}
#undef EQ

__attribute__((target("avx2"))) static inline uint64_t
digits_avx2(const unsigned char *p) {
  __m256i d =
      _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(const void *)p),
                      _mm256_set1_epi8('0'));
  return (uint32_t)_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
}

__attribute__((target("avx2"))) static bool
sentences_avx2(const char *s, size_t n, hs_spans *out) {
  return sentences_blocks(s, n, out, 32, stops_avx2, digits_avx2);
}

/* AVX-512: 64 bytes a step, compared straight into masks */
#define EQ(x, c) _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)(c)))
#define AND_EQ(k, x, c)                                                        \
  _mm512_mask_cmpeq_epi8_mask(k, x, _mm512_set1_epi8((char)(c)))
__attribute__((target("avx512bw"))) static inline void
stops_avx512(const unsigned char *p, uint64_t m[2]) {
  __m512i x0 = _mm512_loadu_si512((const void *)p);
  __m512i x1 = _mm512_loadu_si512((const void *)(p + 1));
  __m512i x2 = _mm512_loadu_si512((const void *)(p + 2));
  m[0] = EQ(x0, '\n') | EQ(x0, '!') | EQ(x0, '?');
  __mmask64 e3 = AND_EQ(AND_EQ(EQ(x0, 0xE3), x1, 0x80), x2, 0x82);
  __mmask64 ef = AND_EQ(EQ(x0, 0xEF), x1, 0xBC);
  m[1] = e3 | AND_EQ(ef, x2, 0x81) | AND_EQ(ef, x2, 0x9F);
}
#undef AND_EQ
#undef EQ

__attribute__((target("avx512bw"))) static inline uint64_t
digits_avx512(const unsigned char *p) {
  return _mm512_cmple_epu8_mask(
      _mm512_sub_epi8(_mm512_loadu_si512((const void *)p),
                      _mm512_set1_epi8('0')),
      _mm512_set1_epi8(9));
}

__attribute__((target("avx512bw"))) static bool
sentences_avx512(const char *s, size_t n, hs_spans *out) {
  return sentences_blocks(s, n, out, 64, stops_avx512, digits_avx512);
}
#endif

bool hs_text_sentences(const char *s, size_t n, hs_spans *out) {
  /* room for sentences of 64 bytes on average at once, not grown in
   * steps from 16 */
  if (n >= 1024 && out->cap - out->len < n / 64 && !spans_reserve(out, n / 64))
    return false;
#if defined(TEXT_AVX2)
  if (n >= 128 && __builtin_cpu_supports("avx512bw"))
    return sentences_avx512(s, n, out);
  if (n >= 64 && __builtin_cpu_supports("avx2"))
    return sentences_avx2(s, n, out);
#endif
  return sentences_from(s, n, out, 0, false, 0);
}
/* }==== */

/* {==== clauses */

static bool is_sep(char c) {
  return c == ',' || c == ';' || c == ':';
}

#if defined(__SSE2__)
/* bit i set: s[i] of the 16 bytes at s is , ; or : */
static unsigned sep_mask(const char *s) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                        _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))),
                           _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
  return (unsigned)_mm_movemask_epi8(m);
}
#endif

size_t hs_text_clause_start(const char *s, size_t n, size_t from, size_t pos) {
  if (pos <= from) return from;
  size_t j = pos < n ? pos : n; /* looking at s[from, j) from its end */
#if defined(__SSE2__)
  while (j >= from + 16) {
    unsigned m = sep_mask(s + j - 16);
    if (m != 0) return j - 16 + (size_t)(31 - __builtin_clz(m)) + 1;
    j -= 16;
  }
#endif
  while (j-- > from) {
    if (is_sep(s[j])) return j + 1;
  }
  return from;
}

size_t hs_text_clause_end(const char *s, size_t n, size_t pos, size_t to) {
  size_t hi = to < n ? to : n;
  size_t j = pos;
#if defined(__SSE2__)
  for (; j + 16 <= hi; j += 16) {
    unsigned m = sep_mask(s + j);
    if (m != 0) return j + (size_t)__builtin_ctz(m);
  }
#endif
  for (; j < hi; j++) {
    if (is_sep(s[j])) return j;
  }
  return to;
}

/* clause_end, then a 、 (E3 80 81) starting before that end and inside s:
 * in one pass, the first byte in [pos, min(to, n)) that is , ; or : or
 * starts a 、 */
size_t hs_text_item_end(const char *s, size_t n, size_t pos, size_t to) {
  size_t hi = to < n ? to : n;
  const unsigned char *u = (const unsigned char *)s;
  size_t j = pos;
#if defined(__SSE2__)
  for (; j < hi && j + 18 <= n; j += 16) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(u + j));
    __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 1));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 2));
    __m128i d = _mm_and_si128(
        _mm_and_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8((char)0xE3)),
                      _mm_cmpeq_epi8(x1, _mm_set1_epi8((char)0x80))),
        _mm_cmpeq_epi8(x2, _mm_set1_epi8((char)0x81)));
    unsigned m = sep_mask((const char *)u + j) | (unsigned)_mm_movemask_epi8(d);
    if (hi - j < 16) m &= (1u << (hi - j)) - 1;
    if (m != 0) return j + (size_t)__builtin_ctz(m);
  }
#endif
  for (; j < hi; j++) {
    if (is_sep(s[j])) return j;
    if (u[j] == 0xE3 && n - j >= 3 && u[j + 1] == 0x80 && u[j + 2] == 0x81)
      return j;
  }
  return to;
}

bool hs_text_split(const char *s, size_t a, size_t b, const hs_words *seps,
                   hs_spans *out) {
  if (b <= a) return true;
  if (seps == NULL) return spans_push(out, a, b);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = a;
  while (i < b) {
    /* the earliest separator, the first in list order there */
    const hs_wentry *e = NULL;
    size_t at = i;
    for (; at < b; at++) {
      if (first_byte(seps, u[at]) &&
          (e = word_at(seps, u + at, b - at, SIZE_MAX)) != NULL)
        break;
    }
    if (e == NULL) break;
    if (at > i && !spans_push(out, i, at)) return false;
    i = at + e->len;
  }
  if (i < b && !spans_push(out, i, b)) return false;
  return true;
}
/* }==== */

/* {==== quotes */

/* +1 for an opening quote mark at p (“ 《 「 ‘), -1 for a closing one
 * (” 》 」 ’), 0 otherwise; rem >= 3. */
static int quote_at(const unsigned char *p) {
  if (p[0] == 0xE2) {
    if (p[1] != 0x80) return 0;
    switch (p[2]) {
      case 0x9C:
      case 0x98: return 1;
      case 0x9D:
      case 0x99: return -1;
      default: return 0;
    }
  }
  if (p[0] == 0xE3) {
    if (p[1] != 0x80) return 0;
    switch (p[2]) {
      case 0x8A:
      case 0x8C: return 1;
      case 0x8B:
      case 0x8D: return -1;
      default: return 0;
    }
  }
  return 0;
}

/* The next quote mark in [j, end) (every mark has 0x80 as its middle
 * byte), end when none; *q is quote_at there. */
static size_t next_quote(const unsigned char *u, size_t j, size_t end, int *q) {
  while (j + 3 <= end) {
    const unsigned char *h = memchr(u + j + 1, 0x80, end - j - 2);
    if (h == NULL) break;
    size_t at = (size_t)(h - u) - 1;
    if ((u[at] == 0xE2 || u[at] == 0xE3) && (*q = quote_at(u + at)) != 0)
      return at;
    j = at + 1;
  }
  return end;
}

/* Applies the quote mark at j (q: +1 opening, -1 closing) to the stack of
 * open quotes of hs_text_quote_spans: they are linked through their e
 * fields, *top being the index + 1 of the innermost open span and its e
 * the next one's. False when out of memory. */
static inline bool apply_mark(hs_spans *out, size_t *top, size_t j, int q) {
  if (q > 0) {
    if (!spans_push(out, j, *top)) return false;
    *top = out->len;
  } else if (*top) {
    size_t t = *top - 1;
    *top = out->items[t].e;
    out->items[t].e = j;
  }
  return true;
}

#if defined(TEXT_AVX2)
/* Bit k: a quote mark starts at p + k (34 bytes readable at p); bit k of
 * *odd: its last byte is odd, which makes it a closing one. */
__attribute__((target("avx2"))) static inline uint32_t
marks32(const unsigned char *p, uint32_t *odd) {
  __m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i x1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
  __m256i x2 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 2));
  /* E2 80 98/99/9C/9D and E3 80 8A-8D */
  __m256i e2 = _mm256_and_si256(
      _mm256_cmpeq_epi8(x0, _mm256_set1_epi8((char)0xE2)),
      _mm256_cmpeq_epi8(_mm256_and_si256(x2, _mm256_set1_epi8((char)0xFA)),
                        _mm256_set1_epi8((char)0x98)));
  __m256i d = _mm256_sub_epi8(x2, _mm256_set1_epi8((char)0x8A));
  __m256i e3 = _mm256_and_si256(
      _mm256_cmpeq_epi8(x0, _mm256_set1_epi8((char)0xE3)),
      _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(3)), d));
  __m256i m =
      _mm256_and_si256(_mm256_cmpeq_epi8(x1, _mm256_set1_epi8((char)0x80)),
                       _mm256_or_si256(e2, e3));
  *odd = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x2, 7));
  return (uint32_t)_mm256_movemask_epi8(m);
}

/* The marks of the W bytes at p, as marks32. */
typedef uint64_t marks_fn(const unsigned char *p, uint64_t *odd);

/* Applies the marks starting in [from, end - 3] (end - from >= W + 2), W
 * starts at a time, the last W overlapping the ones before. */
static inline __attribute__((always_inline)) bool
quote_marks_by(const unsigned char *u, size_t from, size_t end, hs_spans *out,
               size_t *top, unsigned W, marks_fn *marks) {
  size_t j = from, base = from;
  uint64_t m = 0, odd = 0;
  for (;;) {
    if (j + W + 2 <= end) {
      base = j;
      m = marks(u + j, &odd);
      j += W;
    } else if (j + 2 < end) {
      base = end - W - 2;
      m = marks(u + base, &odd) & ~(uint64_t)0 << (j - base);
      j = end;
    } else {
      return true;
    }
    for (; m != 0; m &= m - 1) {
      unsigned k = (unsigned)__builtin_ctzll(m);
      if (!apply_mark(out, top, base + k, (odd >> k) & 1 ? -1 : 1))
        return false;
    }
  }
}

__attribute__((target("avx2"))) static inline uint64_t
marks32_64(const unsigned char *p, uint64_t *odd) {
  uint32_t o;
  uint32_t m = marks32(p, &o);
  *odd = o;
  return m;
}

__attribute__((target("avx2"))) static bool
quote_marks_avx2(const unsigned char *u, size_t from, size_t end, hs_spans *out,
                 size_t *top) {
  return quote_marks_by(u, from, end, out, top, 32, marks32_64);
}

/* marks32 with AVX-512, 64 starts (66 bytes readable at p) */
__attribute__((target("avx512bw"))) static inline uint64_t
marks64(const unsigned char *p, uint64_t *odd) {
  __m512i x0 = _mm512_loadu_si512((const void *)p);
  __m512i x1 = _mm512_loadu_si512((const void *)(p + 1));
  __m512i x2 = _mm512_loadu_si512((const void *)(p + 2));
  /* E2 80 98/99/9C/9D and E3 80 8A-8D */
  __mmask64 e2 = _mm512_mask_cmpeq_epi8_mask(
      _mm512_cmpeq_epi8_mask(x0, _mm512_set1_epi8((char)0xE2)),
      _mm512_and_si512(x2, _mm512_set1_epi8((char)0xFA)),
      _mm512_set1_epi8((char)0x98));
  __mmask64 e3 = _mm512_mask_cmple_epu8_mask(
      _mm512_cmpeq_epi8_mask(x0, _mm512_set1_epi8((char)0xE3)),
      _mm512_sub_epi8(x2, _mm512_set1_epi8((char)0x8A)), _mm512_set1_epi8(3));
  *odd = _mm512_test_epi8_mask(x2, _mm512_set1_epi8(1));
  return _mm512_mask_cmpeq_epi8_mask(e2 | e3, x1, _mm512_set1_epi8((char)0x80));
}

__attribute__((target("avx512bw"))) static bool
quote_marks_avx512(const unsigned char *u, size_t from, size_t end,
                   hs_spans *out, size_t *top) {
  return quote_marks_by(u, from, end, out, top, 64, marks64);
}
#endif

bool hs_text_quote_spans(const char *s, size_t n, size_t from, size_t to,
                         hs_spans *out) {
  size_t end = to < n ? to : n;
  if (from >= end) return true;
  const unsigned char *u = (const unsigned char *)s;
  size_t top = 0;
  bool ok = true;
#if defined(TEXT_AVX2)
  if (end - from >= 66 && __builtin_cpu_supports("avx512bw")) {
    ok = quote_marks_avx512(u, from, end, out, &top);
  } else if (end - from >= 34 && __builtin_cpu_supports("avx2")) {
    ok = quote_marks_avx2(u, from, end, out, &top);
  } else
#endif
  {
    int q = 0;
    for (size_t j = from; (j = next_quote(u, j, end, &q)) < end; j += 3)
      if (!(ok = apply_mark(out, &top, j, q))) break;
  }
  /* quotes left open end at to (also when out of memory, to leave the
   * spans appended so far well formed) */
  while (top) {
    size_t t = top - 1;
    top = out->items[t].e;
    out->items[t].e = to;
  }
  return ok;
}

static bool has_comma(const char *s, size_t a, size_t b) {
  return b > a && memchr(s + a, ',', b - a) != NULL;
}

bool hs_text_in_label(const char *s, size_t n, const hs_spans *spans,
                      size_t pos) {
  const hs_span *inner = NULL;
  for (size_t i = 0; i < spans->len; i++) {
    const hs_span *sp = &spans->items[i];
    if (sp->s < pos && pos < sp->e) inner = sp;
  }
  if (inner == NULL) return false;
  if (pos - inner->s > 33) return false;
  size_t hi = pos < n ? pos : n;
  return !has_comma(s, inner->s, hi);
}

/* hs_text_quoted walking back from end meets u[j] (u[j + 1] is 80): an
 * opening mark with nothing pending is the answer (1 or 0); -1: walk on. */
static int mark_back(const char *s, const unsigned char *u, size_t j,
                     size_t end, size_t *pending) {
  if (u[j] != 0xE2 && u[j] != 0xE3) return -1;
  int q = quote_at(u + j);
  if (q < 0) {
    (*pending)++;
  } else if (q > 0) {
    if (*pending == 0) return !has_comma(s, j, end);
    (*pending)--;
  }
  return -1;
}

bool hs_text_quoted(const char *s, size_t n, size_t from, size_t pos) {
  if (pos <= from) return false;
  if (pos - from > 240) {
    from = pos - 240;
    while (from < pos && from < n && ((unsigned char)s[from] & 0xC0) == 0x80)
      from++;
  }
  size_t end = pos < n ? pos : n;
  if (from >= end) return false;
  /* The Lua walks the window forward with a stack of open marks and looks
   * at the innermost one left open: it counts only when it opens at most
   * 33 bytes before end. Walking back from end instead, that mark is the
   * first opening one not matched by a closing one met so far (a closing
   * mark the forward walk ignores, with nothing open, is followed back by
   * marks that all pair up, so it never hides the answer); and only the
   * last 33 bytes can hold it. */
  size_t lo = end - from > 33 ? end - 33 : from;
  if (end - lo < 3) return false;
  const unsigned char *u = (const unsigned char *)s;
  size_t pending = 0;
  /* every mark is E2/E3 80 xx, starting in [lo, end - 3] */
#if defined(__SSE2__)
  if (end >= 32) {
    /* bit k: byte end - 32 + k is 80, for the middle bytes [lo + 1,
     * end - 2] of the marks (lo >= end - 33) */
    const __m128i c80 = _mm_set1_epi8((char)0x80);
    const unsigned char *b = u + end - 32;
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(b + 16));
    uint32_t mask = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x0, c80)) |
                    (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x1, c80)) << 16;
    mask &= 0x7FFFFFFFu;                  /* not end - 1 */
    mask &= ~0u << (lo + 1 - (end - 32)); /* not before lo + 1 */
    while (mask) {
      unsigned k = 31u - (unsigned)__builtin_clz(mask);
      mask &= ~(1u << k);
      int r = mark_back(s, u, end - 32 + k - 1, end, &pending);
      if (r >= 0) return r;
    }
    return false;
  }
#endif
  for (size_t j = end - 2; j-- > lo;) {
    if (u[j + 1] != 0x80) continue;
    int r = mark_back(s, u, j, end, &pending);
    if (r >= 0) return r;
  }
  return false;
}
/* }==== */
