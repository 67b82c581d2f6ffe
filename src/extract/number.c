/* SPDX-License-Identifier: MIT */
/*
 * Numbers (lua/hanscan/number.lua): see number.h. Each static matcher
 * below mirrors one LPeg pattern of the Lua and is named after it; they
 * walk bytes, decode at most one 3-byte UTF-8 character at a time and
 * never backtrack further than the grammar does.
 *
 * Integer arithmetic on Chinese numerals is done in uint64_t and printed
 * as int64_t, because Lua integers wrap around in 64 bits (九亿九亿九亿
 * overflows in the Lua too and gives the same digits here).
 */
#include "number.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const hs_approx_before[] = {"将近", "不足", "突破", "不到",
                                        "大约", "接近", "超过", "逾",
                                        "超",   "约",   "近",   NULL};

/*{====================================================================
 * Characters
 *====================================================================}*/

/* The code point of the well-formed 3-byte UTF-8 sequence at i, else 0.
 * (Distinct such sequences decode to distinct code points, so comparing
 * code points is comparing bytes, as P"零" does.) */
static unsigned cp3(const char *s, size_t n, size_t i) {
  if (i > n || n - i < 3) return 0;
  unsigned b0 = (unsigned char)s[i], b1 = (unsigned char)s[i + 1],
           b2 = (unsigned char)s[i + 2];
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80)
    return 0;
  return (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
}

static bool at(const char *s, size_t n, size_t i, const char *w, size_t k) {
  return i <= n && n - i >= k && memcmp(s + i, w, k) == 0;
}
#define AT(s, n, i, lit) at(s, n, i, lit, sizeof lit - 1)

/* digit = R"09" + P"\239\188" * R("\144\153"): its length, 0 if none */
static size_t digit(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  unsigned char c = (unsigned char)s[i];
  if ((unsigned)(c - '0') < 10u) return 1;
  if (c == 0xEF && n - i >= 3 && (unsigned char)s[i + 1] == 0xBC &&
      (unsigned char)s[i + 2] - 0x90u < 10u)
    return 3;
  return 0;
}

/* The characters a number begins with, by code point, in a perfect hash
 * (slot = (cp * 0x17749F7F mod 2^32) >> 26; empty slots are all zero):
 * Chinese digits (val: the digit), 十百千 and their capitals (val: the
 * power of ten) and the first characters of hs_approx_before. */
enum { CL_DIGIT = 1, CL_UNIT = 2, CL_APPROX = 4 };
typedef struct ctab_entry {
  uint16_t cp;
  uint8_t cls, val;
} ctab_entry;
static const ctab_entry ctab[64] = {
    [3] = {0x4E5D, CL_DIGIT, 9},   /* 九 */
    [4] = {0x634C, CL_DIGIT, 8},   /* 捌 */
    [6] = {0x4E94, CL_DIGIT, 5},   /* 五 */
    [7] = {0x5927, CL_APPROX, 0},  /* 大 */
    [8] = {0x7396, CL_DIGIT, 9},   /* 玖 */
    [10] = {0x67D2, CL_DIGIT, 7},  /* 柒 */
    [11] = {0x4F0D, CL_DIGIT, 5},  /* 伍 */
    [13] = {0x63A5, CL_APPROX, 0}, /* 接 */
    [15] = {0x56DB, CL_DIGIT, 4},  /* 四 */
    [16] = {0x4F70, CL_UNIT, 2},   /* 佰 */
    [17] = {0x903E, CL_APPROX, 0}, /* 逾 */
    [18] = {0x8FD1, CL_APPROX, 0}, /* 近 */
    [19] = {0x767E, CL_UNIT, 2},   /* 百 */
    [22] = {0x4E09, CL_DIGIT, 3},  /* 三 */
    [23] = {0x4E8C, CL_DIGIT, 2},  /* 二 */
    [25] = {0x7A81, CL_APPROX, 0}, /* 突 */
    [26] = {0x8D85, CL_APPROX, 0}, /* 超 */
    [29] = {0x5C06, CL_APPROX, 0}, /* 将 */
    [31] = {0x53C1, CL_DIGIT, 3},  /* 叁 */
    [32] = {0x3007, CL_DIGIT, 0},  /* 〇 */
    [34] = {0x4E00, CL_DIGIT, 1},  /* 一 */
    [37] = {0x8086, CL_DIGIT, 4},  /* 肆 */
    [39] = {0x7EA6, CL_APPROX, 0}, /* 约 */
    [40] = {0x8D30, CL_DIGIT, 2},  /* 贰 */
    [45] = {0x516B, CL_DIGIT, 8},  /* 八 */
    [46] = {0x4E0D, CL_APPROX, 0}, /* 不 */
    [47] = {0x9646, CL_DIGIT, 6},  /* 陆 */
    [49] = {0x5341, CL_UNIT, 1},   /* 十 */
    [51] = {0x4E03, CL_DIGIT, 7},  /* 七 */
    [53] = {0x4E24, CL_DIGIT, 2},  /* 两 */
    [55] = {0x96F6, CL_DIGIT, 0},  /* 零 */
    [56] = {0x516D, CL_DIGIT, 6},  /* 六 */
    [57] = {0x58F9, CL_DIGIT, 1},  /* 壹 */
    [58] = {0x62FE, CL_UNIT, 1},   /* 拾 */
    [60] = {0x5343, CL_UNIT, 3},   /* 千 */
    [61] = {0x4EDF, CL_UNIT, 3},   /* 仟 */
};

static const ctab_entry *lookup(unsigned c) {
  const ctab_entry *e = &ctab[(uint32_t)(c * 0x17749F7Fu) >> 26];
  return e->cp == c ? e : &ctab[1]; /* slot 1 is empty */
}

/* cdigit (零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖): its value, -1 if
 * none */
static int cdigit(unsigned c) {
  const ctab_entry *e = lookup(c);
  return e->cls & CL_DIGIT ? e->val : -1;
}

/* cunit (十拾百佰千仟): its value, 0 if none */
static unsigned cunit(unsigned c) {
  const ctab_entry *e = lookup(c);
  return e->cls & CL_UNIT ? (e->val == 1   ? 10u
                             : e->val == 2 ? 100u
                                           : 1000u)
                          : 0;
}

#define CP_WAN  0x4E07u /* 万 */
#define CP_YI   0x4EBFu /* 亿 */
#define CP_GE   0x4E2Au /* 个 */
#define CP_SHI  0x5341u /* 十 */
#define CP_BAI  0x767Eu /* 百 */
#define CP_QIAN 0x5343u /* 千 */
#define CP_YU   0x4F59u /* 余 */
#define CP_DUO  0x591Au /* 多 */
#define CP_LING 0x96F6u /* 零 */

static size_t skip_sp(const char *s, size_t n, size_t i) {
  while (i < n && s[i] == ' ')
    i++;
  return i;
}

/* wrap = (P" " + P"\n")^0 */
static size_t skip_wrap(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\n'))
    i++;
  return i;
}

/*{====================================================================
 * Arabic numerals
 *====================================================================}*/

/* arabic: int * (("." + "．") * digit^1 + damaged)^-1, where
 *   int = digit^1 * ("," * digit * digit * digit * #-digit)^0
 *   damaged = (P"。" + P". ") * digit^1 * #(sp * (S"万亿%" + "元" + "美元"))
 * The end of the numeral at i, 0 if none. */
static size_t arabic(const char *s, size_t n, size_t i) {
  size_t j = i, k;
  if (!digit(s, n, j)) return 0;
  while ((k = digit(s, n, j)))
    j += k;
  for (;;) { /* ("," * digit * digit * digit * #-digit)^0 */
    if (j >= n || s[j] != ',') break;
    size_t q = j + 1, d1, d2, d3;
    if (!(d1 = digit(s, n, q))) break;
    if (!(d2 = digit(s, n, q + d1))) break;
    if (!(d3 = digit(s, n, q + d1 + d2))) break;
    q += d1 + d2 + d3;
    if (digit(s, n, q)) break;
    j = q;
  }
  size_t q = 0;
  if (j < n && s[j] == '.')
    q = j + 1;
  else if (AT(s, n, j, "．"))
    q = j + 3;
  if (q && digit(s, n, q)) {
    while ((k = digit(s, n, q)))
      q += k;
    return q;
  }
  /* damaged */
  q = 0;
  if (AT(s, n, j, "。"))
    q = j + 3;
  else if (AT(s, n, j, ". "))
    q = j + 2;
  if (!q || !digit(s, n, q)) return j;
  while ((k = digit(s, n, q)))
    q += k;
  size_t la = skip_sp(s, n, q);
  if (la >= n) return j;
  switch ((unsigned char)s[la]) {
    /* S"万亿%" is a set of bytes: E4 B8 87 E4 BA BF 25 */
    case 0xE4:
    case 0xB8:
    case 0x87:
    case 0xBA:
    case 0xBF:
    case '%': return q;
    default: return AT(s, n, la, "元") || AT(s, n, la, "美元") ? q : j;
  }
}

/* The capture [i, j) of arabic as the Lua cleans it: digits folded, ．and
 * 。 as ".", commas and spaces dropped. With `norm`, also normalized as
 * decimal.norm would ("007.50" -> "7.5"), for numerals that are only
 * read for their value, and *point tells whether it had a point (tonumber
 * makes a float of it). False when the result does not fit out[cap]. */
static bool clean(const char *s, size_t i, size_t j, char *out, size_t cap,
                  bool norm, bool *point) {
  size_t o = 0, zeros = 0;
  bool frac = false, started = false, dot_out = false;
#define EMIT(c)                                                                \
  do {                                                                         \
    if (o + 1 >= cap) return false;                                            \
    out[o++] = (c);                                                            \
  } while (0)
  for (size_t p = i; p < j;) {
    unsigned char c = (unsigned char)s[p];
    char ch;
    if (c == ',' || c == ' ') {
      p++;
      continue;
    }
    if (c < 0x80) {
      ch = (char)c; /* digit or "." */
      p++;
    } else if (c == 0xEF && (unsigned char)s[p + 2] != 0x8E) {
      ch = (char)('0' + ((unsigned char)s[p + 2] - 0x90)); /* ０-９ */
      p += 3;
    } else {
      ch = '.'; /* ．or 。 */
      p += 3;
    }
    if (!norm) {
      EMIT(ch);
    } else if (ch == '.') {
      frac = true;
      if (!started) {
        EMIT('0');
        started = true;
      }
    } else if (!frac) {
      if (started || ch != '0') {
        EMIT(ch);
        started = true;
      }
    } else if (ch == '0') {
      zeros++;
    } else {
      if (!dot_out) {
        EMIT('.');
        dot_out = true;
      }
      for (; zeros; zeros--)
        EMIT('0');
      EMIT(ch);
    }
  }
  if (norm && !started) EMIT('0');
#undef EMIT
  out[o] = '\0';
  if (point) *point = frac;
  return true;
}

/*{====================================================================
 * Chinese numerals
 *====================================================================}*/

/* small_value: a run of digits and 十百千 [a, b) (3 bytes a character).
 * 三四百 is 300 with *high 400: a second digit in a row is the upper end
 * of a range. */
static uint64_t small_value(const char *s, size_t n, size_t a, size_t b,
                            bool *has_high, uint64_t *high) {
  uint64_t total = 0, cur = 0;
  bool has_cur = false, last_digit = false;
  int upper = 0; /* 0: nil (a digit here is never 0) */
  *has_high = false;
  for (size_t i = a; i < b; i += 3) {
    unsigned c = cp3(s, n, i);
    int d = cdigit(c);
    if (d == 0) {
      last_digit = false; /* 一百零八: 零 holds a place */
    } else if (d > 0) {
      if (!last_digit)
        cur = (uint64_t)d, has_cur = true;
      else
        upper = d;
      last_digit = true;
    } else {
      uint64_t u = cunit(c);
      if (upper) *has_high = true, *high = total + (uint64_t)upper * u;
      total += (has_cur ? cur : 1) * u;
      has_cur = false, last_digit = false, upper = 0;
    }
  }
  return total + (has_cur ? cur : 0);
}

typedef struct cn {
  int64_t value;
  bool has_high;
  int64_t high;
  size_t end;
} cn;

/* chinese = #(cdigit + cunit) * Ct((chinese_small * C(P"万亿" + "亿" +
 * "万"))^0 * chinese_small^-1) / fn, chinese_small = C((cdigit+cunit)^1).
 * Sections separated by 万/亿 are values of their own (十二万五千). */
static bool chinese(const char *s, size_t n, size_t i, cn *out) {
  size_t j = i;
  uint64_t total = 0, section = 0, first_hi = 0;
  bool first_has_hi = false;
  int first_m = 0, nsec = 0;
  for (;;) {
    size_t a = j;
    for (;;) {
      unsigned c = cp3(s, n, j);
      if (!(lookup(c)->cls & (CL_DIGIT | CL_UNIT))) break;
      j += 3;
    }
    if (j == a) break;
    int m = 0; /* 0 none, 4 万, 8 亿, 12 万亿 */
    unsigned c = cp3(s, n, j);
    size_t ml = 3;
    if (c == CP_WAN && cp3(s, n, j + 3) == CP_YI)
      m = 12, ml = 6;
    else if (c == CP_YI)
      m = 8;
    else if (c == CP_WAN)
      m = 4;
    bool hh;
    uint64_t hi = 0, v = small_value(s, n, a, j, &hh, &hi);
    if (nsec++ == 0) first_has_hi = hh, first_hi = hi, first_m = m;
    if (m == 8 || m == 12) {
      total = (total + section + v) *
              (m == 8 ? UINT64_C(100000000) : UINT64_C(1000000000000));
      section = 0;
      j += ml;
    } else if (m == 4) {
      section += v * 10000u;
      j += ml;
    } else {
      section += v;
      break;
    }
  }
  if (nsec == 0) return false;
  out->value = (int64_t)(total + section);
  out->has_high = nsec == 1 && first_has_hi;
  if (out->has_high) /* 万亿 is not scaled here, as in the Lua */
    out->high = (int64_t)(first_hi * (first_m == 4   ? 10000u
                                      : first_m == 8 ? 100000000u
                                                     : 1u));
  out->end = j;
  return true;
}

/*{====================================================================
 * Multipliers, approximations, ranges
 *====================================================================}*/

/* multiplier: 万亿 12, 亿 8, 万 4, 千万 7, 百万 6, 个亿 8, 十万 5, 十亿 9,
 * 百亿 10, 千亿 11 (longest first); its scale, -1 if none. */
static int multiplier(const char *s, size_t n, size_t i, size_t *len) {
  unsigned c = cp3(s, n, i);
  if (c != CP_WAN && c != CP_YI && c != CP_QIAN && c != CP_BAI && c != CP_GE &&
      c != CP_SHI)
    return -1;
  unsigned c2 = cp3(s, n, i + 3);
  *len = 6;
  switch (c) {
    case CP_WAN:
      if (c2 == CP_YI) return 12;
      *len = 3;
      return 4;
    case CP_YI: *len = 3; return 8;
    case CP_QIAN: return c2 == CP_WAN ? 7 : c2 == CP_YI ? 11 : -1;
    case CP_BAI: return c2 == CP_WAN ? 6 : c2 == CP_YI ? 10 : -1;
    case CP_GE: return c2 == CP_YI ? 8 : -1;
    default: /* 十 */ return c2 == CP_WAN ? 5 : c2 == CP_YI ? 9 : -1;
  }
}

/* approx_before: the length of the word at i, 0 if none */
static size_t approx_before(const char *s, size_t n, size_t i) {
  if (!(lookup(cp3(s, n, i))->cls & CL_APPROX)) return 0;
  for (const char *const *w = hs_approx_before; *w; w++) {
    size_t k = strlen(*w);
    if (at(s, n, i, *w, k)) return k;
  }
  return 0;
}

/* approx_mid = C(P"余" + P"多") */
static bool approx_mid(const char *s, size_t n, size_t i) {
  unsigned c = cp3(s, n, i);
  return c == CP_YU || c == CP_DUO;
}

/* range_sep = sp * (S"-~" + "—" + "–" + "至" + "到" + "～") * sp: the end of
 * the separator at i, 0 if none */
static size_t range_sep(const char *s, size_t n, size_t i) {
  i = skip_sp(s, n, i);
  if (i >= n) return 0;
  if (s[i] == '-' || s[i] == '~')
    i++;
  else if (AT(s, n, i, "—") || AT(s, n, i, "–") || AT(s, n, i, "至") ||
           AT(s, n, i, "到") || AT(s, n, i, "～"))
    i += 3;
  else
    return 0;
  return skip_sp(s, n, i);
}

/*{====================================================================
 * number.match
 *====================================================================}*/

/* Can a number (or an approximating word before it) begin with byte b?
 * An ASCII digit, ０-９ (EF), or a character of U+3000..U+9FFF whose
 * UTF-8 starts with E3..E9 (〇 E3, 零 and 逾 E9). */
static bool may_start(char b) {
  unsigned char c = (unsigned char)b;
  if (c < 0x80) return (unsigned)(c - '0') < 10u;
  return (c >= 0xE3 && c <= 0xE9) || c == 0xEF;
}

static void put_int(char out[HS_DEC_MAX], int64_t v) {
  snprintf(out, HS_DEC_MAX, "%" PRId64, v);
}

bool hs_number_match(const char *s, size_t n, size_t pos, hs_number *out) {
  if (pos >= n || !may_start(s[pos])) return false;
  size_t p = pos, k, e;
  const char *pre = NULL, *mid = NULL;
  size_t npre = 0;
  if ((k = approx_before(s, n, p))) {
    pre = s + p, npre = k;
    p = skip_sp(s, n, p + k);
  }
  out->start = p;
  cn c = {0};
  if ((e = arabic(s, n, p))) {
    out->chinese = false;
    if (!clean(s, p, e, out->digits, HS_DEC_MAX, false, NULL)) return false;
  } else if (chinese(s, n, p, &c)) {
    out->chinese = true;
    e = c.end;
    put_int(out->digits, c.value);
  } else {
    return false;
  }
  p = skip_wrap(s, n, e);
  int scale = -1, m;
  size_t ml;
  /* (approx_mid * multiplier + multiplier * (零^-1 * rest)^-1)^-1, where
   * rest = arabic * (千万 7 + 百万 6 + 万 4): [rs, re) and rest_k */
  size_t rs = 0, re = 0;
  int rest_k = 0;
  if (approx_mid(s, n, p) && (m = multiplier(s, n, p + 3, &ml)) >= 0) {
    mid = s + p;
    scale = m;
    p += 3 + ml;
  } else if ((m = multiplier(s, n, p, &ml)) >= 0) {
    scale = m;
    p += ml;
    size_t r = cp3(s, n, p) == CP_LING ? p + 3 : p;
    if ((e = arabic(s, n, r))) {
      unsigned c1 = cp3(s, n, e), c2 = cp3(s, n, e + 3);
      if (c1 == CP_QIAN && c2 == CP_WAN)
        rest_k = 7, p = e + 6;
      else if (c1 == CP_BAI && c2 == CP_WAN)
        rest_k = 6, p = e + 6;
      else if (c1 == CP_WAN)
        rest_k = 4, p = e + 3;
      if (rest_k) rs = r, re = e;
    }
  }
  /* (range_sep * arabic * sp * multiplier^-1)^-1: the high [hs, he) */
  size_t hs = 0, he = 0;
  if ((k = range_sep(s, n, p)) && (e = arabic(s, n, k))) {
    hs = k, he = e;
    p = skip_sp(s, n, e);
    if ((m = multiplier(s, n, p, &ml)) >= 0) scale = m, p += ml;
  }
  if (approx_mid(s, n, p)) mid = s + p, p += 3;
  out->stop = p;

  out->scale = scale;
  int sc = scale < 0 ? 0 : scale;
  if (!hs_dec_shift(out->digits, sc, out->value)) return false;
  if (rest_k && sc == 8) { /* 1亿2000万: the rest in 万 is added */
    char r[HS_DEC_MAX], v[HS_DEC_MAX];
    if (!clean(s, rs, re, r, sizeof r, true, NULL) ||
        !hs_dec_shift(r, rest_k, v) || !hs_dec_add(out->value, v, r))
      return false;
    memcpy(out->value, r, sizeof r);
  }
  char h[HS_DEC_MAX];
  if (he) {
    if (!clean(s, hs, he, h, sizeof h, true, NULL)) return false;
  } else if (out->chinese && c.has_high) { /* 三四百 */
    put_int(h, c.high);
  } else {
    h[0] = '\0';
  }
  if (h[0] && !hs_dec_shift(h, sc, out->high)) return false;
  if (!h[0]) out->high[0] = '\0';
  size_t na = 0;
  if (pre) memcpy(out->approx, pre, npre), na = npre;
  if (mid) memcpy(out->approx + na, mid, 3), na += 3;
  out->approx[na] = '\0';
  return true;
}

/*{====================================================================
 * number.fraction, numeral_start
 *====================================================================}*/

/* A Lua number as tonumber() gives it for a numeral's string */
typedef struct lnum {
  bool is_int;
  int64_t i;
  double f;
} lnum;

/* tonumber of a cleaned arabic numeral (digits with at most one ".",
 * normalized): `point` when the numeral had one, which makes a float */
static lnum to_number(const char *t, bool point) {
  lnum r = {true, 0, 0};
  if (!point) {
    uint64_t a = 0;
    const char *p = t;
    for (; *p; p++) {
      unsigned d = (unsigned)(*p - '0');
      if (a > (uint64_t)INT64_MAX / 10 ||
          (a == (uint64_t)INT64_MAX / 10 && d > (unsigned)(INT64_MAX % 10)))
        break; /* overflow: a float, like l_str2int failing */
      a = a * 10 + d;
    }
    if (*p == '\0') {
      r.i = (int64_t)a;
      return r;
    }
  }
  r.is_int = false;
  r.f = strtod(t, NULL);
  return r;
}

static bool is_zero(lnum x) {
  return x.is_int ? x.i == 0 : x.f == 0;
}

static double as_double(lnum x) {
  return x.is_int ? (double)x.i : x.f;
}

/* cvalue + arabic: a numeral as the fraction reads it, as tonumber gives
 * it. The arabic one is normalized first (tonumber reads any length;
 * leading and trailing zeros do not change what it reads). */
#define FRAC_MAX 400
static bool frac_operand(const char *s, size_t n, size_t i, size_t *end,
                         lnum *v, bool *over) {
  cn c;
  *over = false;
  if (chinese(s, n, i, &c)) {
    *end = c.end;
    v->is_int = true, v->i = c.value;
    return true;
  }
  size_t e = arabic(s, n, i);
  if (!e) return false;
  *end = e;
  char t[FRAC_MAX];
  bool point;
  if (!clean(s, i, e, t, sizeof t, true, &point)) {
    *over = true;
    return true;
  }
  *v = to_number(t, point);
  return true;
}

bool hs_number_fraction(const char *s, size_t n, size_t pos, hs_fraction *out) {
  if (pos >= n || !may_start(s[pos])) return false;
  size_t e;
  lnum den, num;
  bool over;
  /* fraction = den * P"分之" * num */
  if (frac_operand(s, n, pos, &e, &den, &over) && AT(s, n, e, "分之")) {
    bool over2;
    if (frac_operand(s, n, e + 6, &e, &num, &over2)) {
      if (over || over2 || is_zero(den)) return false;
      double v;
      if (num.is_int) /* Lua: integer 100 * num wraps, then float / */
        v = (double)(int64_t)((uint64_t)num.i * 100u) / as_double(den);
      else
        v = 100 * num.f / as_double(den);
      out->start = pos, out->stop = e;
      return hs_dec_percent_v(v, out->value);
    }
  }
  /* tenths = C(cdigit) / cdigits * P"成" */
  int d = cdigit(cp3(s, n, pos));
  if (d >= 0 && cp3(s, n, pos + 3) == 0x6210 /* 成 */) {
    out->start = pos, out->stop = pos + 6;
    snprintf(out->value, HS_DEC_MAX, "%d", d * 10);
    return true;
  }
  return false;
}

bool hs_number_is_start(const char *s, size_t n, size_t pos) {
  if (digit(s, n, pos)) return true;
  return lookup(cp3(s, n, pos))->cls & (CL_DIGIT | CL_UNIT);
}
