/* SPDX-License-Identifier: MIT */
/*
 * Units (lua/hanscan/units.lua): see units.h. The Lua tries the surfaces
 * longest first. Surfaces of one length are exclusive at a position, and
 * only those beginning with the character at pos can match, so the table
 * below is grouped by first character (found in a perfect hash) and
 * sorted longest first within a group, which takes the same surface.
 * Characters are compared as raw bytes: the key of a first character is
 * its byte (ASCII) or its 3 bytes b0 << 16 | b1 << 8 | b2.
 */
#include "units.h"

#include <stdint.h>
#include <string.h>

/* Surfaces and excluded words are held in arrays longer than any of them
 * (zero-padded), so that 16 bytes can be compared at once from the first
 * character on: at most 12 bytes from offset 3 */
typedef struct nfword {
  char w[16];
  size_t len; /* 0 ends a list */
} nfword;

/* The excluded words of a surface, and the keys of their first
 * characters (all of 3 bytes), so that the text after a surface is
 * looked up once instead of compared with every word. Keys past the
 * words are ~0, which no 3-byte key equals. */
typedef struct nflist {
  uint32_t key[8];
  nfword w[7]; /* ended by {"", 0} */
} nflist;

typedef struct entry {
  char text[20];
  size_t len;
  const char *unit, *kind;
  const nflist *not_followed_by; /* or NULL */
} entry;

typedef struct group {
  uint32_t key;
  unsigned char first, count; /* count 0: an empty slot */
} group;

/* units.not_followed_by: 3个月, 5次方, 所有 are no units */
#define W(w)                                                                   \
  { w, sizeof w - 1 }
#define NOKEY 0xFFFFFFFFu
static const nflist nf_ge = {
    {0xE69C88, 0xE5B7A5, 0xE5B08F, 0xE5ADA3, 0xE6989F, 0xE5B9B4, NOKEY, NOKEY},
    {W("月"),
     W("工作日"),
     W("小时"),
     W("季度"),
     W("星期"),
     W("年头"),
     {"", 0}}};
static const nflist nf_ming = {
    {0xE58D95, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("单"), {"", 0}}};
static const nflist nf_ci = {
    {0xE696B9, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("方"), {"", 0}}};
static const nflist nf_wei = {
    {0xE695B0, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("数"), {"", 0}}};
static const nflist nf_du = {
    {0xE58187, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("假"), {"", 0}}};
static const nflist nf_suo = {
    {0xE69C89, 0xE59CA8, 0xE5B19E, 0xE4BBA5, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("有"), W("在"), W("属"), W("以"), {"", 0}}};
static const nflist nf_chang = {
    {0xE699AF, 0xE68980, 0xE59CB0, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("景"), W("所"), W("地"), {"", 0}}};
static const nflist nf_chu = {
    {0xE79086, 0xE7BDAE, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("理"), W("置"), {"", 0}}};
static const nflist nf_jian = {
    {0xE99A94, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY, NOKEY},
    {W("隔"), {"", 0}}};
static const nflist nf_zhi = {
    {0xE68C81, 0xE4BB98, 0xE69291, 0xE587BA, 0xE983A8, 0xE69FB1, NOKEY, NOKEY},
    {W("持"), W("付"), W("撑"), W("出"), W("部"), W("柱"), {"", 0}}};
#undef W

/* grouped by first character, longest first within a group */
static const entry table[] = {
    {"%", 1, "percent", "percent", NULL},
    {"k㎡", 4, "km2", "land", NULL},
    {"m²", 3, "m2", "area", NULL},
    {"m2", 2, "m2", "area", NULL},
    {"㎡", 3, "m2", "area", NULL},
    {"个百分点", 12, "pct_point", "pct_point", NULL},
    {"个", 3, "count", "count", &nf_ge},
    {"亩", 3, "mu", "land", NULL},
    {"人次", 6, "person_time", "person", NULL},
    {"人", 3, "person", "person", NULL},
    {"件", 3, "count", "count", NULL},
    {"位", 3, "person", "person", &nf_wei},
    {"倍", 3, "times", "times", NULL},
    {"元人民币", 12, "CNY", "money", NULL},
    {"元/亩", 7, "CNY/mu", "money_per_mu", NULL},
    {"元/人", 7, "CNY/person", "money_per_person", NULL},
    {"元", 3, "CNY", "money", NULL},
    {"公顷", 6, "ha", "land", NULL},
    {"公里", 6, "km", "length", NULL},
    {"千瓦时", 9, "kwh", "energy", NULL},
    {"千米", 6, "km", "length", NULL},
    {"千瓦", 6, "kw", "power", NULL},
    {"只", 3, "count", "count", NULL},
    {"台", 3, "count", "count", NULL},
    {"名", 3, "person", "person", &nf_ming},
    {"吨/小时", 10, "t/h", "rate", NULL},
    {"吨/时", 7, "t/h", "rate", NULL},
    {"吨/天", 7, "t/d", "rate", NULL},
    {"吨/日", 7, "t/d", "rate", NULL},
    {"吨", 3, "t", "mass", NULL},
    {"场次", 6, "count", "count", NULL},
    {"场", 3, "count", "count", &nf_chang},
    {"处", 3, "count", "count", &nf_chu},
    {"套", 3, "count", "count", NULL},
    {"家", 3, "count", "count", NULL},
    {"平方公里", 12, "km2", "land", NULL},
    {"平方米", 9, "m2", "area", NULL},
    {"平米", 6, "m2", "area", NULL},
    {"度", 3, "kwh", "energy", &nf_du},
    {"座", 3, "count", "count", NULL},
    {"张", 3, "count", "count", NULL},
    {"户", 3, "count", "count", NULL},
    {"所", 3, "count", "count", &nf_suo},
    {"批次", 6, "count", "count", NULL},
    {"批", 3, "count", "count", NULL},
    {"支", 3, "count", "count", &nf_zhi},
    {"条", 3, "count", "count", NULL},
    {"栋", 3, "count", "count", NULL},
    {"次", 3, "count", "count", &nf_ci},
    {"欧元", 6, "EUR", "money", NULL},
    {"百分点", 9, "pct_point", "pct_point", NULL},
    {"种", 3, "count", "count", NULL},
    {"立方米", 9, "m3", "volume", NULL},
    {"米", 3, "m", "length", NULL},
    {"美元", 6, "USD", "money", NULL},
    {"美金", 6, "USD", "money", NULL},
    {"辆", 3, "count", "count", NULL},
    {"间", 3, "count", "count", &nf_jian},
    {"项", 3, "count", "count", NULL},
    {"％", 3, "percent", "percent", NULL},
};

/* first character (its key: the byte of an ASCII one, else the 3 bytes
 * b0 << 16 | b1 << 8 | b2) -> table[first, first + count), in a perfect
 * hash: slot = (key * 0xA8D8A8F1 mod 2^32) >> 25 (slot 0, where key 0
 * goes, is empty) */
static const group groups[128] = {
    [3] = {0xE5BAA6, 38, 1},   /* 度 */
    [5] = {0xE9A1B9, 58, 1},   /* 项 */
    [11] = {0xE58583, 13, 4},  /* 元 */
    [16] = {0xE585AC, 17, 2},  /* 公 */
    [19] = {0xE68980, 42, 1},  /* 所 */
    [21] = {0xE38EA1, 4, 1},   /* ㎡ */
    [29] = {0xE58FB0, 23, 1},  /* 台 */
    [31] = {0xE799BE, 50, 1},  /* 百 */
    [34] = {0xE58FAA, 22, 1},  /* 只 */
    [35] = {0xE997B4, 57, 1},  /* 间 */
    [36] = {0xE8BE86, 56, 1},  /* 辆 */
    [38] = {0xE7B1B3, 53, 1},  /* 米 */
    [39] = {0xE4B8AA, 5, 2},   /* 个 */
    [44] = {0xE4BAA9, 7, 1},   /* 亩 */
    [46] = {0xE5A597, 33, 1},  /* 套 */
    [51] = {0x000025, 0, 1},   /* % */
    [53] = {0xE4BD8D, 11, 1},  /* 位 */
    [54] = {0xE5AEB6, 34, 1},  /* 家 */
    [57] = {0xE5808D, 12, 1},  /* 倍 */
    [59] = {0xE694AF, 45, 1},  /* 支 */
    [63] = {0xE6ACA7, 49, 1},  /* 欧 */
    [69] = {0xE6ACA1, 48, 1},  /* 次 */
    [70] = {0xEFBC85, 59, 1},  /* ％ */
    [71] = {0xE4BABA, 8, 2},   /* 人 */
    [73] = {0x00006B, 1, 1},   /* k */
    [74] = {0xE688B7, 41, 1},  /* 户 */
    [87] = {0xE5BAA7, 39, 1},  /* 座 */
    [95] = {0xE689B9, 43, 2},  /* 批 */
    [96] = {0xE5B9B3, 35, 3},  /* 平 */
    [97] = {0xE5BCA0, 40, 1},  /* 张 */
    [98] = {0xE4BBB6, 10, 1},  /* 件 */
    [99] = {0xE7A78D, 51, 1},  /* 种 */
    [102] = {0xE590A8, 25, 5}, /* 吨 */
    [105] = {0xE59CBA, 30, 2}, /* 场 */
    [107] = {0xE7AB8B, 52, 1}, /* 立 */
    [108] = {0xE69DA1, 46, 1}, /* 条 */
    [109] = {0xE58D83, 19, 3}, /* 千 */
    [111] = {0xE6A08B, 47, 1}, /* 栋 */
    [114] = {0x00006D, 2, 2},  /* m */
    [115] = {0xE7BE8E, 54, 2}, /* 美 */
    [125] = {0xE5A484, 32, 1}, /* 处 */
    [126] = {0xE5908D, 24, 1}, /* 名 */
};

#if defined(__SSE2__) && defined(__GNUC__) && !defined(HS_UNITS_NO_SIMD)
#define HS_UNITS_SSE2 1
#include <emmintrin.h>

/* Do the first k (<= 16) bytes of x equal those of the array at w? */
static inline bool eq16(__m128i x, const char *w, size_t k) {
  __m128i y = _mm_loadu_si128((const __m128i *)(const void *)w);
  unsigned ne = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y));
  return (ne & ((1u << k) - 1)) == 0;
}
#endif

/* s[i, i + k) == w[0, k), with s[i, n) at least k bytes */
static inline bool eq(const char *s, const char *w, size_t k) {
  for (size_t j = 0; j < k; j++)
    if (s[j] != w[j]) return false;
  return true;
}

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* The entry e matched, ending at q: what hs_units_match returns */
static inline bool found(const entry *e, size_t q, hs_unit *out) {
  out->unit = e->unit;
  out->kind = e->kind;
  out->scale = 0;
  out->text = e->text;
  out->stop = q;
  return true;
}

/* The longest surface of group g at p (its first character, fl bytes,
 * matched) not followed by one of its excluded words */
static NOINLINE bool match_group(const char *s, size_t n, size_t p, size_t fl,
                                 const group *g, hs_unit *out) {
  const entry *e = table + g->first, *end = e + g->count;
  for (; e < end; e++) {
    /* the first character matched: compare the rest */
    if (e->len > n - p || !eq(s + p + fl, e->text + fl, e->len - fl)) continue;
    size_t q = p + e->len;
    bool bad = false;
    if (e->not_followed_by)
      for (const nfword *w = e->not_followed_by->w; w->len && !bad; w++)
        bad = w->len <= n - q && eq(s + q, w->w, w->len);
    if (bad) continue;
    return found(e, q, out);
  }
  return false;
}

#ifdef HS_UNITS_SSE2
/* Is one of the words of l at q? At least 16 bytes are left at q. */
static inline bool followed_by16(const char *s, size_t q, const nflist *l) {
  uint32_t k;
  memcpy(&k, s + q, 4);
  k = __builtin_bswap32(k) >> 8; /* SSE2: x86, little-endian */
  __m128i kk = _mm_set1_epi32((int)k);
  unsigned m = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(
      kk, _mm_loadu_si128((const __m128i *)(const void *)l->key))));
  m |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(
           kk, _mm_loadu_si128((const __m128i *)(const void *)(l->key + 4)))))
       << 4;
  if (m == 0) return false; /* the common case */
  /* the first characters differ: one word at most, compared whole */
  const nfword *w = &l->w[__builtin_ctz(m)];
  return eq16(_mm_loadu_si128((const __m128i *)(const void *)(s + q)), w->w,
              w->len);
}

/* match_group for a first character of 3 bytes, 16 bytes at a time: at
 * least 32 bytes are left at p (a surface is at most 12 bytes, and what
 * follows it is compared on 16). Out of line, so that the common miss in
 * hs_units_match saves no registers. */
static NOINLINE bool match_group16(const char *s, size_t p, const group *g,
                                   hs_unit *out) {
  const entry *e = table + g->first, *end = e + g->count;
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + p + 3));
  for (; e < end; e++) {
    if (!eq16(x, e->text + 3, e->len - 3)) continue;
    size_t q = p + e->len;
    if (e->not_followed_by && followed_by16(s, q, e->not_followed_by)) continue;
    return found(e, q, out);
  }
  return false;
}
#endif

bool hs_units_match(const char *s, size_t n, size_t pos, hs_unit *out) {
  size_t p = pos;
  if (p < n && (s[p] == ' ' || s[p] == '\n')) do
      p++;
    while (p < n && (s[p] == ' ' || s[p] == '\n'));
  if (p >= n) return false;
  const unsigned char *u = (const unsigned char *)s + p;
  if (u[0] < 0x80) { /* the ASCII first characters are % k m */
    if (u[0] == '%') return found(&table[0], p + 1, out);
    if (u[0] != 'k' && u[0] != 'm') return false;
  }
  uint32_t key;
#ifdef HS_UNITS_SSE2
  if (u[0] >= 0x80 && n - p >= 32) { /* the common case */
    uint32_t x;
    memcpy(&x, u, 4);
    key = __builtin_bswap32(x) >> 8; /* SSE2: x86, little-endian */
    const group *g = &groups[(uint32_t)(key * 0xA8D8A8F1u) >> 25];
    return g->key == key && match_group16(s, p, g, out); /* key != 0 */
  }
#endif
  size_t fl; /* the length of the first character */
  if (u[0] < 0x80)
    key = u[0], fl = 1;
  else if (n - p >= 3)
    key = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2], fl = 3;
  else
    return false;
  const group *g = &groups[(uint32_t)(key * 0xA8D8A8F1u) >> 25];
  if (g->key != key || g->count == 0) return false;
  return match_group(s, n, p, fl, g, out);
}
