/* SPDX-License-Identifier: MIT */
/*
 * Units (lua/hanscan/units.lua): see units.h. The Lua tries the surfaces
 * longest first. Surfaces of one length are exclusive at a position, and
 * only those beginning with the character at pos can match, so the table
 * below is grouped by first character (found in a perfect hash) and
 * sorted longest first within a group, which takes the same surface.
 */
#include "units.h"

#include <stdint.h>
#include <string.h>

typedef struct entry {
  const char *text;
  size_t len;
  const char *unit, *kind;
  const char *const *not_followed_by; /* NULL-terminated, or NULL */
} entry;

typedef struct group {
  uint32_t cp;
  unsigned char first, count; /* count 0: an empty slot */
} group;

/* units.not_followed_by: 3个月, 5次方, 所有 are no units */
static const char *const nf_ge[] = {"月",   "工作日", "小时", "季度",
                                    "星期", "年头",   NULL};
static const char *const nf_ming[] = {"单", NULL};
static const char *const nf_ci[] = {"方", NULL};
static const char *const nf_wei[] = {"数", NULL};
static const char *const nf_du[] = {"假", NULL};
static const char *const nf_suo[] = {"有", "在", "属", "以", NULL};
static const char *const nf_chang[] = {"景", "所", "地", NULL};
static const char *const nf_chu[] = {"理", "置", NULL};
static const char *const nf_jian[] = {"隔", NULL};
static const char *const nf_zhi[] = {"持", "付", "撑", "出", "部", "柱", NULL};

/* grouped by first character, longest first within a group */
static const entry table[] = {
    {"%", 1, "percent", "percent", NULL},
    {"k㎡", 4, "km2", "land", NULL},
    {"m²", 3, "m2", "area", NULL},
    {"m2", 2, "m2", "area", NULL},
    {"㎡", 3, "m2", "area", NULL},
    {"个百分点", 12, "pct_point", "pct_point", NULL},
    {"个", 3, "count", "count", nf_ge},
    {"亩", 3, "mu", "land", NULL},
    {"人次", 6, "person_time", "person", NULL},
    {"人", 3, "person", "person", NULL},
    {"件", 3, "count", "count", NULL},
    {"位", 3, "person", "person", nf_wei},
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
    {"名", 3, "person", "person", nf_ming},
    {"吨/小时", 10, "t/h", "rate", NULL},
    {"吨/时", 7, "t/h", "rate", NULL},
    {"吨/天", 7, "t/d", "rate", NULL},
    {"吨/日", 7, "t/d", "rate", NULL},
    {"吨", 3, "t", "mass", NULL},
    {"场次", 6, "count", "count", NULL},
    {"场", 3, "count", "count", nf_chang},
    {"处", 3, "count", "count", nf_chu},
    {"套", 3, "count", "count", NULL},
    {"家", 3, "count", "count", NULL},
    {"平方公里", 12, "km2", "land", NULL},
    {"平方米", 9, "m2", "area", NULL},
    {"平米", 6, "m2", "area", NULL},
    {"度", 3, "kwh", "energy", nf_du},
    {"座", 3, "count", "count", NULL},
    {"张", 3, "count", "count", NULL},
    {"户", 3, "count", "count", NULL},
    {"所", 3, "count", "count", nf_suo},
    {"批次", 6, "count", "count", NULL},
    {"批", 3, "count", "count", NULL},
    {"支", 3, "count", "count", nf_zhi},
    {"条", 3, "count", "count", NULL},
    {"栋", 3, "count", "count", NULL},
    {"次", 3, "count", "count", nf_ci},
    {"欧元", 6, "EUR", "money", NULL},
    {"百分点", 9, "pct_point", "pct_point", NULL},
    {"种", 3, "count", "count", NULL},
    {"立方米", 9, "m3", "volume", NULL},
    {"米", 3, "m", "length", NULL},
    {"美元", 6, "USD", "money", NULL},
    {"美金", 6, "USD", "money", NULL},
    {"辆", 3, "count", "count", NULL},
    {"间", 3, "count", "count", nf_jian},
    {"项", 3, "count", "count", NULL},
    {"％", 3, "percent", "percent", NULL},
};

/* first character (code point) -> table[first, first + count), in a
 * perfect hash: slot = (cp * 0x4B0C01C7 mod 2^32) >> 25 */
static const group groups[128] = {
    [8] = {0x6279, 43, 2},   /* 批 */
    [9] = {0x5EA6, 38, 1},   /* 度 */
    [10] = {0x573A, 30, 2},  /* 场 */
    [13] = {0x680B, 47, 1},  /* 栋 */
    [15] = {0x5E73, 35, 3},  /* 平 */
    [23] = {0x4EBA, 8, 2},   /* 人 */
    [25] = {0x4EA9, 7, 1},   /* 亩 */
    [29] = {0x7ACB, 52, 1},  /* 立 */
    [31] = {0x53F0, 23, 1},  /* 台 */
    [34] = {0x6761, 46, 1},  /* 条 */
    [35] = {0x4F4D, 11, 1},  /* 位 */
    [44] = {0x5904, 32, 1},  /* 处 */
    [45] = {0x6240, 42, 1},  /* 所 */
    [46] = {0x5EA7, 39, 1},  /* 座 */
    [47] = {0x006B, 1, 1},   /* k */
    [54] = {0xFF05, 59, 1},  /* ％ */
    [56] = {0x5143, 13, 4},  /* 元 */
    [57] = {0x6B27, 49, 1},  /* 欧 */
    [58] = {0x516C, 17, 2},  /* 公 */
    [60] = {0x767E, 50, 1},  /* 百 */
    [62] = {0x53EA, 22, 1},  /* 只 */
    [65] = {0x652F, 45, 1},  /* 支 */
    [66] = {0x95F4, 57, 1},  /* 间 */
    [67] = {0x7C73, 53, 1},  /* 米 */
    [68] = {0x5343, 19, 3},  /* 千 */
    [72] = {0x500D, 12, 1},  /* 倍 */
    [74] = {0x7F8E, 54, 2},  /* 美 */
    [75] = {0x33A1, 4, 1},   /* ㎡ */
    [76] = {0x9879, 58, 1},  /* 项 */
    [79] = {0x5BB6, 34, 1},  /* 家 */
    [85] = {0x5428, 25, 5},  /* 吨 */
    [86] = {0x5957, 33, 1},  /* 套 */
    [88] = {0x6B21, 48, 1},  /* 次 */
    [92] = {0x6237, 41, 1},  /* 户 */
    [96] = {0x540D, 24, 1},  /* 名 */
    [98] = {0x79CD, 51, 1},  /* 种 */
    [99] = {0x4EF6, 10, 1},  /* 件 */
    [107] = {0x5F20, 40, 1}, /* 张 */
    [108] = {0x0025, 0, 1},  /* % */
    [122] = {0x006D, 2, 2},  /* m */
    [124] = {0x4E2A, 5, 2},  /* 个 */
    [126] = {0x8F86, 56, 1}, /* 辆 */
};

static bool at(const char *s, size_t n, size_t i, const char *w, size_t k) {
  return n - i >= k && memcmp(s + i, w, k) == 0;
}

/* the code point of the character at i (ASCII or 3-byte UTF-8), else 0 */
static uint32_t first_cp(const char *s, size_t n, size_t i) {
  unsigned b0 = (unsigned char)s[i];
  if (b0 < 0x80) return b0;
  if (n - i < 3) return 0;
  unsigned b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80)
    return 0;
  return (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
}

bool hs_units_match(const char *s, size_t n, size_t pos, hs_unit *out) {
  size_t p = pos;
  while (p < n && (s[p] == ' ' || s[p] == '\n'))
    p++;
  if (p >= n) return false;
  uint32_t cp = first_cp(s, n, p);
  const group *g = &groups[(uint32_t)(cp * 0x4B0C01C7u) >> 25];
  if (g->cp != cp || g->count == 0) return false;
  const entry *e = table + g->first, *end = e + g->count;
  for (; e < end; e++) {
    if (!at(s, n, p, e->text, e->len)) continue;
    size_t q = p + e->len;
    bool bad = false;
    if (e->not_followed_by)
      for (const char *const *w = e->not_followed_by; *w && !bad; w++)
        bad = at(s, n, q, *w, strlen(*w));
    if (bad) continue;
    out->unit = e->unit;
    out->kind = e->kind;
    out->scale = 0;
    out->text = e->text;
    out->stop = q;
    return true;
  }
  return false;
}
