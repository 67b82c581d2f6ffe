/* SPDX-License-Identifier: MIT */
/*
 * Zone names: the C port of lua/hanscan/zone.lua. The scan jumps from one
 * 区/园 to the next (every zone word ends in one), so a text costs a
 * memchr plus a few comparisons around each of them.
 */
#include "zone.h"

#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
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

/* zone.stops, as code points, sorted */
static const uint16_t stops[] = {
    0x4E0A, 0x4E0B, 0x4E0E, 0x4E2A, 0x4E2D, 0x4E3A, 0x4E5F, 0x4E86, 0x4E8E,
    0x4ECE, 0x4EE5, 0x4F1A, 0x4F7F, 0x5165, 0x5168, 0x5176, 0x5230, 0x533A,
    0x5373, 0x53C8, 0x53CA, 0x5404, 0x5411, 0x548C, 0x5728, 0x5BF9, 0x5C06,
    0x5C31, 0x5E74, 0x5E76, 0x6240, 0x628A, 0x65E5, 0x662F, 0x6708, 0x6709,
    0x672C, 0x7531, 0x7684, 0x7701, 0x7B49, 0x7ED9, 0x81F3, 0x88AB, 0x8981,
    0x8BA9, 0x8BE5, 0x8FD8, 0x8FD9, 0x8FDB, 0x90A3, 0x90FD};

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

static bool is_stop(uint32_t c) {
  size_t lo = 0, hi = sizeof stops / sizeof *stops;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (stops[mid] == c) return true;
    if (stops[mid] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
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

/* The zone words by their first character, longest first (indexes into
 * suffixes). */
static const signed char by_first[][8] = {
    /* 高 */ {0, 2, 10, -1},
    /* 经 */ {1, 3, 9, -1},
    /* 工 */ {5, 6, 7, 12, -1},
    /* 产 */ {4, 8, 13, -1},
    /* 园 */ {16, -1},
    /* 新 */ {17, -1},
    /* 综 */ {14, -1},
    /* 保 */ {15, -1},
    /* 开 */ {11, -1}};

/* Index of the zone word at p (the longest), -1 when none. */
static int suffix_at(const char *p, size_t rem) {
  if (rem < 6) return -1;
  const unsigned char *u = (const unsigned char *)p;
  uint32_t c = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  int f;
  switch (c) {
    case 0xE9AB98: f = 0; break; /* 高 */
    case 0xE7BB8F: f = 1; break; /* 经 */
    case 0xE5B7A5: f = 2; break; /* 工 */
    case 0xE4BAA7: f = 3; break; /* 产 */
    case 0xE59BAD: f = 4; break; /* 园 */
    case 0xE696B0: f = 5; break; /* 新 */
    case 0xE7BBBC: f = 6; break; /* 综 */
    case 0xE4BF9D: f = 7; break; /* 保 */
    case 0xE5BC80: f = 8; break; /* 开 */
    default: return -1;
  }
  for (const signed char *k = by_first[f]; *k >= 0; k++) {
    const zword *w = &suffixes[*k];
    if (w->len <= rem && memcmp(p + 3, w->w + 3, w->len - 3) == 0) return *k;
  }
  return -1;
}

/* The next 区 (E5 8C BA) or 园 (E5 9B AD) at or after p, n when none:
 * 16 positions at a time with SSE2, then (or without it) a Horspool
 * search on the last byte, which skips 3 bytes at a time over most text. */
static size_t next_qu(const char *s, size_t n, size_t p) {
  const unsigned char *u = (const unsigned char *)s;
#if defined(__SSE2__)
  /* by the last byte (BA or AD), then the other two */
  const __m128i ba = _mm_set1_epi8((char)0xBA), ad = _mm_set1_epi8((char)0xAD);
  while (p + 18 <= n) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + p + 2));
    unsigned mask = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(x, ba), _mm_cmpeq_epi8(x, ad)));
    while (mask) {
      size_t q = p + (size_t)__builtin_ctz(mask);
      mask &= mask - 1;
      if (u[q] == 0xE5 && u[q + 1] == (u[q + 2] == 0xBA ? 0x8C : 0x9B))
        return q;
    }
    p += 16;
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
    while (j > 0 && (u[j] & 0xC0) == 0x80)
      j--;
    /* every Han character is 3 bytes long */
    if ((u[j] & 0xF0) != 0xE0 || j + 3 > n || (u[j + 1] & 0xC0) != 0x80 ||
        (u[j + 2] & 0xC0) != 0x80)
      break;
    uint32_t c = ((uint32_t)(u[j] & 0x0F) << 12) |
                 ((uint32_t)(u[j + 1] & 0x3F) << 6) | (u[j + 2] & 0x3F);
    if (!is_han(c) || is_stop(c)) break;
    count++;
    i = j;
  }
  return i;
}

/* Does the zone word w end at s + end (end >= w->len)? */
static bool ends_at(const char *s, size_t end, const zword *w) {
  return memcmp(s + end - w->len, w->w, w->len - 6) == 0;
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

/* Every zone word ends in 区 or 园 (E5 8C BA, E5 9B AD), which appear in
 * a zone word nowhere else but as the 园 of (工业|产业)园区 and 园区. So
 * LPeg's scan (at each position the longest word, else the next byte)
 * takes, after the previous match, the earliest start among the words
 * that end just after the next such 区/园 that ends one: a word ending
 * later and starting before it would hold that 区/园 inside, as the 园 of
 * 工业园区, which starts where 工业园 (ending there) does. The word taken
 * there is the longest at that start (工业园区 over 工业园). */
bool hs_zone_find(const char *s, size_t n, int max_prefix, hs_zones *out) {
  if (max_prefix == 0) max_prefix = 6;
  const unsigned char *u = (const unsigned char *)s;
  size_t p = 0;    /* no word starts before p (the end of the last one) */
  size_t from = 0; /* where to look for the next 区/园 */
  while (from < n) {
    size_t q = next_qu(s, n, from);
    if (q >= n) break;
    from = q + 3;
    if (q < 3) continue;
    const signed char *k = ending_at(u, q);
    if (k == NULL) continue;
    size_t start = SIZE_MAX;
    for (; *k >= 0; k++) {
      const zword *w = &suffixes[*k];
      if (w->len <= q + 3 && q + 3 - w->len >= p && ends_at(s, q + 3, w)) {
        start = q + 3 - w->len;
        break;
      }
    }
    if (start == SIZE_MAX) continue;
    int wi = suffix_at(s + start, n - start);
    if (wi < 0) continue; /* cannot happen: a word starts there */
    const zword *w = &suffixes[wi];
    hs_zone_mention m = {start, start, start + w->len, false};
    if (max_prefix > 0 && !hs_zone_is_bare(w->w, w->len))
      m.start = prefix_start(s, n, start, max_prefix);
    m.quoted = hs_text_quoted(s, n, 0, m.start);
    if (!zones_push(out, &m)) return false;
    p = from = start + w->len;
  }
  return true;
}
/* }==== */

/* {==== main */

/* Counts of keys that are pieces of the text, in an open-addressing
 * table sized for the number of keys added. */
typedef struct zkey {
  size_t off, len;
  size_t count; /* 0: empty slot */
} zkey;
typedef struct zcount {
  zkey *t;
  size_t mask;
} zcount;

static bool zcount_init(zcount *c, size_t nkeys) {
  size_t size = 16;
  while (size < nkeys * 2 + 1) {
    if (size > SIZE_MAX / 2 / sizeof(zkey)) return false;
    size *= 2;
  }
  c->t = calloc(size, sizeof *c->t);
  c->mask = size - 1;
  return c->t != NULL;
}

static void zcount_clear(zcount *c) {
  memset(c->t, 0, (c->mask + 1) * sizeof *c->t);
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
    if (k->count == 0) {
      k->off = off;
      k->len = len;
      k->count = 1;
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

/* The short key of a named mention: the last 2 characters of its prefix
 * and its word, s[word_start - 6, stop). */
static bool named(const hs_zone_mention *m) {
  return m->word_start - m->start >= 6 && !m->quoted;
}

void hs_zone_main(const char *s, size_t n, char *out, size_t outsz) {
  if (outsz > 0) out[0] = '\0';
  hs_zones z = {0};
  if (!hs_zone_find(s, n, 0, &z) || z.len == 0) {
    hs_zones_free(&z);
    return;
  }
  zcount c;
  if (!zcount_init(&c, z.len)) {
    hs_zones_free(&z);
    return;
  }
  const zkey *best = NULL;
  size_t wcount[NSUFFIX] = {0}, wfirst[NSUFFIX];
  const hs_zone_mention *first_named = NULL;
  for (size_t i = 0; i < z.len; i++) {
    const hs_zone_mention *m = &z.items[i];
    if (named(m)) {
      const zkey *k =
          zcount_add(&c, s, m->word_start - 6, m->stop - m->word_start + 6);
      if (best == NULL || k->count > best->count) best = k;
      if (first_named == NULL) first_named = m;
    }
    int w = suffix_at(s + m->word_start, m->stop - m->word_start);
    if (w >= 0) {
      if (wcount[w] == 0) wfirst[w] = i;
      wcount[w]++;
    }
  }
  /* the key of best as a piece of text, and its count */
  size_t boff = 0, blen = 0, bn = 0;
  bool have = false;
  if (best != NULL && best->count >= 2) {
    boff = best->off;
    blen = best->len;
    bn = best->count;
    have = true;
  } else if (best != NULL && first_named != NULL && first_named->start < 300) {
    /* a name said once counts when it opens the text */
    boff = first_named->word_start - 6;
    blen = first_named->stop - boff;
    bn = 1; /* every key was said once */
    have = true;
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
  } else {
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
  free(c.t);
  hs_zones_free(&z);
}
/* }==== */
