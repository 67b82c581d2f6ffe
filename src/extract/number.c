/* SPDX-License-Identifier: MIT */
/*
 * Numbers (lua/hanscan/number.lua): see number.h. Each static matcher
 * below mirrors one LPeg pattern of the Lua and is named after it; they
 * walk bytes and never backtrack further than the grammar does.
 *
 * Characters are compared as raw 3-byte keys (b0 << 16 | b1 << 8 | b2,
 * 0 where fewer than 3 bytes are left), which is what P"零" compares:
 * a byte string, well-formed UTF-8 or not. The characters numbers begin
 * with are found in a perfect hash on that key.
 *
 * Integer arithmetic on Chinese numerals is done in uint64_t and printed
 * as int64_t, because Lua integers wrap around in 64 bits (九亿九亿九亿
 * overflows in the Lua too and gives the same digits here).
 *
 * Speed: hs_number_match runs on every numeral of every sentence, and
 * hs_number_fraction after it, so the common cases (a plain numeral, no
 * fraction) take short paths: no snprintf, no strlen, no memcmp calls.
 */
#include "number.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* SSE2 where the compiler targets it (all of x86-64): a numeral's ASCII
 * digits are found 16 bytes at a time, without a loop whose exit
 * mispredicts as the lengths vary */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(HS_NUMBER_NO_SIMD)
#define HS_NUMBER_SSE2 1
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define NOINLINE      __attribute__((noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define NOINLINE
#define ALWAYS_INLINE inline
#endif

const char *const hs_approx_before[] = {"将近", "不足", "突破", "不到",
                                        "大约", "接近", "超过", "逾",
                                        "超",   "约",   "近",   NULL};

/*{====================================================================
 * Characters
 *====================================================================}*/

/* The raw key of the 3 bytes at i, 0 if fewer than 3 are left: one
 * 4-byte load where the text allows it. */
static inline uint32_t key3(const char *s, size_t n, size_t i) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__)
  if (__builtin_expect(i + 4 <= n, 1)) { /* i <= n + 6: no overflow */
    uint32_t x;
    memcpy(&x, s + i, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    x = __builtin_bswap32(x);
#endif
    return x >> 8;
  }
#endif
  if (i + 3 > n) return 0;
  const unsigned char *u = (const unsigned char *)s + i;
  return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

#define K_WAN   0xE4B887u /* 万 */
#define K_YI    0xE4BABFu /* 亿 */
#define K_GE    0xE4B8AAu /* 个 */
#define K_SHI   0xE58D81u /* 十 */
#define K_BAI   0xE799BEu /* 百 */
#define K_QIAN  0xE58D83u /* 千 */
#define K_YU    0xE4BD99u /* 余 */
#define K_DUO   0xE5A49Au /* 多 */
#define K_LING  0xE99BB6u /* 零 */
#define K_FEN   0xE58886u /* 分 */
#define K_ZHI   0xE4B98Bu /* 之 */
#define K_CHENG 0xE68890u /* 成 */
#define K_JU    0xE38082u /* 。 */
#define K_FWDOT 0xEFBC8Eu /* ． */
#define K_EMDA  0xE28094u /* — */
#define K_ENDA  0xE28093u /* – */
#define K_ZHI4  0xE887B3u /* 至 */
#define K_DAO   0xE588B0u /* 到 */
#define K_FWTIL 0xEFBD9Eu /* ～ */
#define K_YUAN  0xE58583u /* 元 */
#define K_MEI   0xE7BE8Eu /* 美 */
/* approx_before */
#define K_JIANG 0xE5B086u /* 将 */
#define K_BU    0xE4B88Du /* 不 */
#define K_TU    0xE7AA81u /* 突 */
#define K_DA    0xE5A4A7u /* 大 */
#define K_JIE   0xE68EA5u /* 接 */
#define K_CHAO  0xE8B685u /* 超 */
#define K_YU2   0xE980BEu /* 逾 */
#define K_YUE   0xE7BAA6u /* 约 */
#define K_JIN   0xE8BF91u /* 近 */
#define K_ZU    0xE8B6B3u /* 足 */
#define K_PO    0xE7A0B4u /* 破 */
#define K_GUO   0xE8BF87u /* 过 */

/* digit = R"09" + P"\239\188" * R("\144\153"): its length, 0 if none */
static inline size_t digit(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  unsigned char c = (unsigned char)s[i];
  if ((unsigned)(c - '0') < 10u) return 1;
  if (c == 0xEF && n - i >= 3 && (unsigned char)s[i + 1] == 0xBC &&
      (unsigned char)s[i + 2] - 0x90u < 10u)
    return 3;
  return 0;
}

#ifdef HS_NUMBER_SSE2
/* The bytes among the 16 of x that are no ASCII digits, one bit each, and
 * all the bits from 16 up (so that the count of trailing zeros past any
 * bit below 16 is defined) */
static inline unsigned nondigits16(__m128i x) {
  __m128i d = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                            _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
  return ~(unsigned)_mm_movemask_epi8(d);
}
#endif

/* The end of the ASCII digits from q (q itself when none) */
static inline const unsigned char *skip_ascii_digits(const unsigned char *q,
                                                     const unsigned char *end) {
  while (q < end && (unsigned)(*q - '0') < 10u)
    q++;
  return q;
}

/* The end of digit^1 from i (i itself when none) */
static inline size_t digits_end(const char *s, size_t n, size_t i) {
  for (;;) {
    while (i < n && (unsigned)((unsigned char)s[i] - '0') < 10u)
      i++;
    if (i < n && (unsigned char)s[i] == 0xEF && digit(s, n, i))
      i += 3;
    else
      return i;
  }
}

/* The characters a number begins with, by key, in a perfect hash
 * (slot = (key * 0x9D1B331F mod 2^32) >> 25; slot 0 and the other empty
 * slots are all zero): Chinese digits (val: the digit), 十百千 and their
 * capitals (val: 10, 100, 1000), the first characters of
 * hs_approx_before, and what may follow a numeral and make the number go
 * on: 万亿 (CL_MULT), 分 and 成 (CL_FRAC), 余多 and the range
 * separators —–至到～ (CL_AFTER), 个 (CL_GE: 个亿). */
enum {
  CL_DIGIT = 1,
  CL_UNIT = 2,
  CL_APPROX = 4,
  CL_MULT = 8,
  CL_FRAC = 16,
  CL_AFTER = 32,
  CL_GE = 64
};
typedef struct ctab_entry {
  uint32_t key;
  uint16_t val;
  uint8_t cls;
} ctab_entry;
static const ctab_entry ctab[128] = {
    [2] = {0xE99986, 6, CL_DIGIT},     /* 陆 */
    [3] = {0xE585AD, 6, CL_DIGIT},     /* 六 */
    [4] = {0xE4BC8D, 5, CL_DIGIT},     /* 伍 */
    [11] = {0xE58F81, 3, CL_DIGIT},    /* 叁 */
    [13] = {0xE58D83, 1000, CL_UNIT},  /* 千 */
    [15] = {0xE4BA94, 5, CL_DIGIT},    /* 五 */
    [19] = {0xE4B889, 3, CL_DIGIT},    /* 三 */
    [24] = {0xE588B0, 0, CL_AFTER},    /* 到 */
    [26] = {0xE4BA8C, 2, CL_DIGIT},    /* 二 */
    [34] = {0xE78E96, 9, CL_DIGIT},    /* 玖 */
    [35] = {0xE68EA5, 0, CL_APPROX},   /* 接 */
    [36] = {0xE8B685, 0, CL_APPROX},   /* 超 */
    [38] = {0xE68BBE, 10, CL_UNIT},    /* 拾 */
    [41] = {0xE59B9B, 4, CL_DIGIT},    /* 四 */
    [45] = {0xE7AA81, 0, CL_APPROX},   /* 突 */
    [48] = {0xE88286, 4, CL_DIGIT},    /* 肆 */
    [52] = {0xE4B8AA, 0, CL_GE},       /* 个 */
    [53] = {0xE58886, 0, CL_FRAC},     /* 分 */
    [54] = {0xE69F92, 7, CL_DIGIT},    /* 柒 */
    [59] = {0xE8B4B0, 2, CL_DIGIT},    /* 贰 */
    [60] = {0xE4B883, 7, CL_DIGIT},    /* 七 */
    [64] = {0xE4BD99, 0, CL_AFTER},    /* 余 */
    [65] = {0xE4BABF, 0, CL_MULT},     /* 亿 */
    [67] = {0xE887B3, 0, CL_AFTER},    /* 至 */
    [68] = {0xE4B99D, 9, CL_DIGIT},    /* 九 */
    [71] = {0xE28094, 0, CL_AFTER},    /* — */
    [74] = {0xE5A3B9, 1, CL_DIGIT},    /* 壹 */
    [77] = {0xE8BF91, 0, CL_APPROX},   /* 近 */
    [78] = {0xE4B88D, 0, CL_APPROX},   /* 不 */
    [79] = {0xE4BDB0, 100, CL_UNIT},   /* 佰 */
    [80] = {0xE4B880, 1, CL_DIGIT},    /* 一 */
    [82] = {0xE5A4A7, 0, CL_APPROX},   /* 大 */
    [84] = {0xE5A49A, 0, CL_AFTER},    /* 多 */
    [85] = {0xE5B086, 0, CL_APPROX},   /* 将 */
    [88] = {0xE99BB6, 0, CL_DIGIT},    /* 零 */
    [92] = {0xE4B8A4, 2, CL_DIGIT},    /* 两 */
    [93] = {0xE980BE, 0, CL_APPROX},   /* 逾 */
    [96] = {0xE68890, 0, CL_FRAC},     /* 成 */
    [97] = {0xE7BAA6, 0, CL_APPROX},   /* 约 */
    [98] = {0xEFBD9E, 0, CL_AFTER},    /* ～ */
    [99] = {0xE38087, 0, CL_DIGIT},    /* 〇 */
    [102] = {0xE585AB, 8, CL_DIGIT},   /* 八 */
    [105] = {0xE68D8C, 8, CL_DIGIT},   /* 捌 */
    [112] = {0xE58D81, 10, CL_UNIT},   /* 十 */
    [118] = {0xE4B887, 0, CL_MULT},    /* 万 */
    [120] = {0xE28093, 0, CL_AFTER},   /* – */
    [124] = {0xE4BB9F, 1000, CL_UNIT}, /* 仟 */
    [126] = {0xE799BE, 100, CL_UNIT},  /* 百 */
};

static inline const ctab_entry *lookup(uint32_t k) {
  const ctab_entry *e = &ctab[(uint32_t)(k * 0x9D1B331Fu) >> 25];
  return e->key == k ? e : &ctab[0]; /* slot 0 is empty */
}

/* cdigit + cunit at i */
static inline bool is_cn(const char *s, size_t n, size_t i) {
  return lookup(key3(s, n, i))->cls & (CL_DIGIT | CL_UNIT);
}

static inline size_t skip_sp(const char *s, size_t n, size_t i) {
  while (i < n && s[i] == ' ')
    i++;
  return i;
}

/* wrap = (P" " + P"\n")^0 */
static inline size_t skip_wrap(const char *s, size_t n, size_t i) {
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
  size_t j = digits_end(s, n, i);
  if (j == i) return 0;
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
  if (j >= n) return j;
  unsigned char b = (unsigned char)s[j];
  if (b != '.' && b != 0xEF && b != 0xE3) return j; /* the common case */
  size_t q = 0;
  if (b == '.')
    q = j + 1;
  else if (key3(s, n, j) == K_FWDOT)
    q = j + 3;
  if (q && digit(s, n, q)) return digits_end(s, n, q);
  /* damaged */
  q = 0;
  if (key3(s, n, j) == K_JU)
    q = j + 3;
  else if (b == '.' && j + 1 < n && s[j + 1] == ' ')
    q = j + 2;
  if (!q || !digit(s, n, q)) return j;
  q = digits_end(s, n, q);
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
    default:
      return key3(s, n, la) == K_YUAN ||
                     (key3(s, n, la) == K_MEI && key3(s, n, la + 3) == K_YUAN)
                 ? q
                 : j;
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
  if (!norm && j - i < cap) { /* the common case: ASCII digits only */
    size_t p = i;
    while (p < j && (unsigned)((unsigned char)s[p] - '0') < 10u)
      out[o++] = s[p++];
    if (p == j) {
      out[o] = '\0';
      return true;
    }
    i = p;
  }
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

typedef struct cn {
  int64_t value;
  bool has_high;
  int64_t high;
  size_t end;
  uint32_t key; /* key3 at end */
} cn;

/* chinese = #(cdigit + cunit) * Ct((chinese_small * C(P"万亿" + "亿" +
 * "万"))^0 * chinese_small^-1) / fn, chinese_small = C((cdigit+cunit)^1).
 * Sections separated by 万/亿 are values of their own (十二万五千). Each
 * section is read as small_value reads it: 三四百 is 300 with high 400, a
 * second digit in a row being the upper end of a range. */
static bool chinese(const char *s, size_t n, size_t i, cn *out) {
  size_t j = i;
  uint32_t k = key3(s, n, j);
  const ctab_entry *e = lookup(k);
  if (!(e->cls & (CL_DIGIT | CL_UNIT))) return false;
  uint64_t total = 0, section = 0, first_hi = 0;
  bool first_has_hi = false;
  int first_m = 0, nsec = 0;
  for (;;) {
    /* small_value of the run at j (e: its first character) */
    uint64_t st = 0, cur = 0, hi = 0;
    bool has_cur = false, last_digit = false, hh = false;
    unsigned upper = 0; /* 0: nil (a digit here is never 0) */
    do {
      if (e->cls & CL_DIGIT) {
        unsigned d = e->val;
        if (d == 0) {
          last_digit = false; /* 一百零八: 零 holds a place */
        } else {
          if (!last_digit)
            cur = d, has_cur = true;
          else
            upper = d;
          last_digit = true;
        }
      } else {
        uint64_t u = e->val;
        if (upper) hh = true, hi = st + (uint64_t)upper * u;
        st += (has_cur ? cur : 1) * u;
        has_cur = false, last_digit = false, upper = 0;
      }
      j += 3;
      k = key3(s, n, j);
      e = lookup(k);
    } while (e->cls & (CL_DIGIT | CL_UNIT));
    uint64_t v = st + (has_cur ? cur : 0);
    int m = 0; /* 0 none, 4 万, 8 亿, 12 万亿 */
    size_t ml = 3;
    if (k == K_WAN)
      m = key3(s, n, j + 3) == K_YI ? (ml = 6, 12) : 4;
    else if (k == K_YI)
      m = 8;
    if (nsec++ == 0) first_has_hi = hh, first_hi = hi, first_m = m;
    if (m == 0) {
      section += v;
      break;
    }
    if (m == 4) {
      section += v * 10000u;
    } else {
      total = (total + section + v) *
              (m == 8 ? UINT64_C(100000000) : UINT64_C(1000000000000));
      section = 0;
    }
    j += ml;
    k = key3(s, n, j);
    e = lookup(k);
    if (!(e->cls & (CL_DIGIT | CL_UNIT))) break;
  }
  out->value = (int64_t)(total + section);
  out->has_high = nsec == 1 && first_has_hi;
  if (out->has_high) /* 万亿 is not scaled here, as in the Lua */
    out->high = (int64_t)(first_hi * (first_m == 4   ? 10000u
                                      : first_m == 8 ? 100000000u
                                                     : 1u));
  out->end = j;
  out->key = k;
  return true;
}

/* The end of chinese at i (i when none), without its value */
static size_t chinese_end(const char *s, size_t n, size_t i) {
  size_t j = i;
  for (;;) {
    size_t a = j;
    while (is_cn(s, n, j))
      j += 3;
    if (j == a) return j;
    uint32_t c = key3(s, n, j);
    if (c == K_WAN)
      j += key3(s, n, j + 3) == K_YI ? 6 : 3;
    else if (c == K_YI)
      j += 3;
    else
      return j;
  }
}

/*{====================================================================
 * Multipliers, approximations, ranges
 *====================================================================}*/

/* multiplier: 万亿 12, 亿 8, 万 4, 千万 7, 百万 6, 个亿 8, 十万 5, 十亿 9,
 * 百亿 10, 千亿 11 (longest first); its scale, -1 if none. */
static ALWAYS_INLINE int multiplier_k(uint32_t c, const char *s, size_t n,
                                      size_t i, size_t *len) {
  uint32_t c2;
  switch (c) {
    case K_WAN:
      if (key3(s, n, i + 3) == K_YI) return *len = 6, 12;
      return *len = 3, 4;
    case K_YI: return *len = 3, 8;
    case K_QIAN:
      c2 = key3(s, n, i + 3);
      *len = 6;
      return c2 == K_WAN ? 7 : c2 == K_YI ? 11 : -1;
    case K_BAI:
      c2 = key3(s, n, i + 3);
      *len = 6;
      return c2 == K_WAN ? 6 : c2 == K_YI ? 10 : -1;
    case K_GE: return *len = 6, key3(s, n, i + 3) == K_YI ? 8 : -1;
    case K_SHI:
      c2 = key3(s, n, i + 3);
      *len = 6;
      return c2 == K_WAN ? 5 : c2 == K_YI ? 9 : -1;
    default: return -1;
  }
}

static inline int multiplier(const char *s, size_t n, size_t i, size_t *len) {
  return multiplier_k(key3(s, n, i), s, n, i, len);
}

/* approx_before: the length of the word at i, 0 if none (the 2-character
 * words of hs_approx_before before the 1-character ones, as the Lua's
 * longest-first alternation takes them) */
static inline size_t approx_before_k(uint32_t c, const char *s, size_t n,
                                     size_t i) {
  uint32_t c2 = key3(s, n, i + 3);
  switch (c) {
    case K_JIANG: return c2 == K_JIN ? 6 : 0;            /* 将近 */
    case K_BU: return c2 == K_ZU || c2 == K_DAO ? 6 : 0; /* 不足 不到 */
    case K_TU: return c2 == K_PO ? 6 : 0;                /* 突破 */
    case K_DA: return c2 == K_YUE ? 6 : 0;               /* 大约 */
    case K_JIE: return c2 == K_JIN ? 6 : 0;              /* 接近 */
    case K_CHAO: return c2 == K_GUO ? 6 : 3;             /* 超过 超 */
    default: return c == K_YU2 || c == K_YUE || c == K_JIN ? 3 : 0;
  }
}

/* range_sep = sp * (S"-~" + "—" + "–" + "至" + "到" + "～") * sp: the end of
 * the separator at i, 0 if none */
static inline size_t range_sep(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  switch ((unsigned char)s[i]) { /* first bytes of sp and the separators */
    case ' ':
    case '-':
    case '~':
    case 0xE2:
    case 0xE5:
    case 0xE8:
    case 0xEF: break;
    default: return 0;
  }
  i = skip_sp(s, n, i);
  if (i >= n) return 0;
  if (s[i] == '-' || s[i] == '~') return skip_sp(s, n, i + 1);
  switch (key3(s, n, i)) {
    case K_EMDA:
    case K_ENDA:
    case K_ZHI4:
    case K_DAO:
    case K_FWTIL: return skip_sp(s, n, i + 3);
    default: return 0;
  }
}

/*{====================================================================
 * number.match
 *====================================================================}*/

/* v as "%" PRId64 would print it; the length */
static size_t put_int(char out[HS_DEC_MAX], int64_t v) {
  if ((uint64_t)v < 10u) { /* the common 一, 两, 三 */
    out[0] = (char)('0' + v), out[1] = '\0';
    return 1;
  }
  char t[24];
  size_t k = 0, o = 0;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  do {
    t[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) out[o++] = '-';
  while (k)
    out[o++] = t[--k];
  out[o] = '\0';
  return o;
}

/* out = the integer digits d[0, nd) (no leading zeros, maybe a "-"),
 * times 10^sc: the digits and sc zeros, "0" for zero. False when that
 * does not fit (as hs_dec_shift). */
static inline bool int_shift(const char *d, size_t nd, int sc,
                             char out[HS_DEC_MAX]) {
  if (nd == 0 || (nd == 1 && d[0] == '0')) {
    out[0] = '0', out[1] = '\0';
    return true;
  }
  if (nd + (size_t)sc >= HS_DEC_MAX) return false;
  char *o = out;
  for (size_t j = 0; j < nd; j++)
    *o++ = d[j];
  for (int j = 0; j < sc; j++)
    *o++ = '0';
  *o = '\0';
  return true;
}

/* number.match in full (hs_number_match takes the common cases) */
static NOINLINE bool match_full(const char *s, size_t n, size_t pos,
                                hs_number *out) {
  if (pos >= n) return false;
  unsigned char b = (unsigned char)s[pos];
  size_t p = pos, k, e = 0;
  const char *pre = NULL, *mid = NULL;
  size_t npre = 0, ndig = 0;
  bool pure = false; /* an arabic numeral of ASCII digits only */
  cn c;
  c.has_high = false;
  uint32_t k0 = 0; /* key3 at e when known */
  if ((unsigned)(b - '0') < 10u) {
    /* ASCII digits, not followed by what makes arabic go on (",", ".",
     * ．, 。, ０-９): copied as they are */
    out->start = p;
    char *d = out->digits;
    size_t j = p, lim = n - p < HS_DEC_MAX - 1 ? n : p + HS_DEC_MAX - 1;
    while (j < lim && (unsigned)((unsigned char)s[j] - '0') < 10u)
      *d++ = s[j++];
    unsigned char c1 = j < n ? (unsigned char)s[j] : 0;
    if (c1 != ',' && c1 != '.' && c1 != 0xEF && c1 != 0xE3 &&
        (unsigned)(c1 - '0') >= 10u) {
      *d = '\0';
      pure = true;
      ndig = j - p;
      e = j;
    }
  } else {
    if (b < 0xE3 || (b > 0xE9 && b != 0xEF)) return false;
    uint32_t k1 = key3(s, n, p);
    const ctab_entry *ce = lookup(k1);
    if (ce->cls & CL_APPROX && (k = approx_before_k(k1, s, n, p))) {
      pre = s + p, npre = k;
      p = skip_sp(s, n, p + k);
      ce = lookup(k1 = key3(s, n, p));
    }
    out->start = p;
    if (ce->cls & CL_DIGIT) { /* 一, 两, 三: one digit alone */
      uint32_t k2 = key3(s, n, p + 3);
      if (!(lookup(k2)->cls & (CL_DIGIT | CL_UNIT | CL_MULT))) {
        out->chinese = true;
        out->digits[0] = (char)('0' + ce->val), out->digits[1] = '\0';
        ndig = 1;
        e = p + 3;
        k0 = k2;
        goto numeral_done;
      }
    }
  }
  if (pure) {
    out->chinese = false;
  } else if (p < n &&
             ((unsigned)((unsigned char)s[p] - '0') < 10u ||
              (unsigned char)s[p] == 0xEF) &&
             (e = arabic(s, n, p))) {
    out->chinese = false;
    char *d = out->digits;
    size_t j = p;
    if (e - p < HS_DEC_MAX) /* ASCII digits are copied as they are */
      while (j < e && (unsigned)((unsigned char)s[j] - '0') < 10u)
        *d++ = s[j++];
    if (j == e) {
      *d = '\0';
      pure = true;
      ndig = (size_t)(d - out->digits);
    } else if (!clean(s, p, e, out->digits, HS_DEC_MAX, false, NULL)) {
      return false;
    }
  } else if (chinese(s, n, p, &c)) {
    out->chinese = true;
    e = c.end;
    k0 = c.key;
    ndig = put_int(out->digits, c.value);
  } else {
    return false;
  }
numeral_done:
  p = skip_wrap(s, n, e);
  if (p != e || !k0) k0 = key3(s, n, p);
  int scale = -1, m;
  size_t ml;
  /* (approx_mid * multiplier + multiplier * (零^-1 * rest)^-1)^-1, where
   * rest = arabic * (千万 7 + 百万 6 + 万 4): [rs, re) and rest_k */
  size_t rs = 0, re = 0;
  int rest_k = 0;
  if ((k0 == K_YU || k0 == K_DUO) && (m = multiplier(s, n, p + 3, &ml)) >= 0) {
    mid = s + p;
    scale = m;
    p += 3 + ml;
    k0 = key3(s, n, p);
  } else if ((m = multiplier_k(k0, s, n, p, &ml)) >= 0) {
    scale = m;
    p += ml;
    k0 = key3(s, n, p);
    size_t r = k0 == K_LING ? p + 3 : p;
    if ((e = arabic(s, n, r))) {
      uint32_t c1 = key3(s, n, e), c2 = key3(s, n, e + 3);
      if (c1 == K_QIAN && c2 == K_WAN)
        rest_k = 7, p = e + 6;
      else if (c1 == K_BAI && c2 == K_WAN)
        rest_k = 6, p = e + 6;
      else if (c1 == K_WAN)
        rest_k = 4, p = e + 3;
      if (rest_k) rs = r, re = e, k0 = key3(s, n, p);
    }
  }
  /* (range_sep * arabic * sp * multiplier^-1)^-1: the high [hs, he) */
  size_t hs = 0, he = 0;
  if ((k = range_sep(s, n, p)) && (e = arabic(s, n, k))) {
    hs = k, he = e;
    p = skip_sp(s, n, e);
    if ((m = multiplier(s, n, p, &ml)) >= 0) scale = m, p += ml;
    k0 = key3(s, n, p);
  }
  /* k0 is the key at p */
  if (k0 == K_YU || k0 == K_DUO) mid = s + p, p += 3;
  out->stop = p;

  out->scale = scale;
  int sc = scale < 0 ? 0 : scale;
  if (out->chinese) { /* an integer: its digits and sc zeros */
    if (!int_shift(out->digits, ndig, sc, out->value)) return false;
  } else if (pure) { /* the same, once leading zeros are dropped */
    const char *d = out->digits;
    while (ndig > 1 && *d == '0')
      d++, ndig--;
    if (!int_shift(d, ndig, sc, out->value)) return false;
  } else if (!hs_dec_shift(out->digits, sc, out->value)) {
    return false;
  }
  if (rest_k && sc == 8) { /* 1亿2000万: the rest in 万 is added */
    char r[HS_DEC_MAX], v[HS_DEC_MAX];
    if (!clean(s, rs, re, r, sizeof r, true, NULL) ||
        !hs_dec_shift(r, rest_k, v) || !hs_dec_add(out->value, v, r))
      return false;
    memcpy(out->value, r, sizeof r);
  }
  if (he) {
    char h[HS_DEC_MAX];
    if (!clean(s, hs, he, h, sizeof h, true, NULL) ||
        !hs_dec_shift(h, sc, out->high))
      return false;
  } else if (c.has_high) { /* 三四百 */
    char h[HS_DEC_MAX];
    put_int(h, c.high);
    if (!hs_dec_shift(h, sc, out->high)) return false;
  } else {
    out->high[0] = '\0';
  }
  size_t na = 0;
  if (pre) memcpy(out->approx, pre, npre), na = npre;
  if (mid) memcpy(out->approx + na, mid, 3), na += 3;
  out->approx[na] = '\0';
  return true;
}

/* Arabic digits end at j: may arabic go on past them? (",ddd", ".d",
 * ". d", "．d", "０-９", "。d"; true is always safe) */
static inline bool arabic_goes_on(const char *s, size_t n, size_t j) {
  if (j >= n) return false;
  const unsigned char *u = (const unsigned char *)s + j;
  size_t r = n - j;
  switch (u[0]) {
    case ',': return r > 1 && ((unsigned)(u[1] - '0') < 10u || u[1] == 0xEF);
    case '.':
      return r > 1 &&
             ((unsigned)(u[1] - '0') < 10u || u[1] == 0xEF || u[1] == ' ');
    case 0xEF: return r > 2 && u[1] == 0xBC && (u[2] == 0x8E || u[2] >= 0x90);
    case 0xE3:
      return r > 3 && u[1] == 0x80 && u[2] == 0x82 &&
             ((unsigned)(u[3] - '0') < 10u || u[3] == 0xEF);
    default: return (unsigned)(u[0] - '0') < 10u;
  }
}

/* At p, past the wrap after a numeral: does nothing there make the number
 * go on (a multiplier, 余多, a range)? */
static inline bool plain_at(const char *s, size_t n, size_t p) {
  if (p >= n) return true;
  if (s[p] == '-' || s[p] == '~') return false;
  const ctab_entry *ce = lookup(key3(s, n, p));
  if (ce->cls & (CL_MULT | CL_AFTER)) return false;
  if (ce->cls & (CL_UNIT | CL_GE) && /* 千万 百亿 个亿 ... */
      lookup(key3(s, n, p + 3))->cls & CL_MULT)
    return false;
  return true;
}

/* At p, just past a multiplier 万 or 亿: does nothing there make the
 * number go on (the rest 零^-1 arabic 万, a range, 余多)? */
static inline bool plain_after_mult(const char *s, size_t n, size_t p) {
  if (p >= n) return true;
  unsigned char c = (unsigned char)s[p];
  if ((unsigned)(c - '0') < 10u || c == 0xEF || key3(s, n, p) == K_LING)
    return false;
  size_t q = skip_sp(s, n, p);
  if (q >= n) return true;
  if (s[q] == '-' || s[q] == '~') return false;
  return !(lookup(key3(s, n, q))->cls & CL_AFTER);
}

/* hs_number_match at an ASCII digit */
static NOINLINE bool match_ascii(const char *s, size_t n, size_t pos,
                                 hs_number *out) {
  unsigned char b = (unsigned char)s[pos];
  size_t p;
  /* ASCII digits, maybe "." and ASCII digits, not followed by what makes
   * arabic go on; then nothing, or 万 or 亿 alone. [pos, j) is copied
   * to digits as it is. */
  size_t j = pos, ni = 0; /* ni: the digits before the point */
  bool point = false;
#ifdef HS_NUMBER_SSE2
  if (n - pos >= 16) { /* a numeral within the 16 bytes at pos */
    const unsigned char *u = (const unsigned char *)s + pos;
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)u);
    unsigned non = nondigits16(x), nd = (unsigned)__builtin_ctz(non), e = nd;
    if (nd < 16) {
      if (u[nd] == '.') {
        unsigned nf = (unsigned)__builtin_ctz(non >> (nd + 1));
        if (nf) e = nd + 1 + nf, point = true, ni = nd;
      }
      if (e < 16) {
        if (point ? u[e] == 0xEF : arabic_goes_on(s, n, pos + nd))
          return match_full(s, n, pos, out); /* ０-９ go on */
        _mm_storeu_si128((__m128i *)(void *)out->digits, x);
        out->digits[e] = '\0';
        j = pos + e;
      } else {
        point = false;
      }
    }
  }
  if (j == pos)
#endif
  {
    char *d = out->digits;
    size_t lim = n - pos < HS_DEC_MAX - 1 ? n : pos + HS_DEC_MAX - 1;
    while (j < lim && (unsigned)((unsigned char)s[j] - '0') < 10u)
      *d++ = s[j++];
    if (j + 1 < lim && s[j] == '.' &&
        (unsigned)((unsigned char)s[j + 1] - '0') < 10u) {
      point = true;
      ni = j - pos;
      *d++ = s[j++];
      while (j < lim && (unsigned)((unsigned char)s[j] - '0') < 10u)
        *d++ = s[j++];
      if (j < n && ((unsigned char)s[j] == 0xEF ||
                    (unsigned)((unsigned char)s[j] - '0') < 10u))
        return match_full(s, n, pos, out); /* ０-９ go on, or too long */
    } else if (arabic_goes_on(s, n, j)) {
      return match_full(s, n, pos, out);
    }
    *d = '\0';
  }
  size_t ndig = j - pos;
  p = skip_wrap(s, n, j);
  int scale = -1;
  uint32_t k = key3(s, n, p);
  if (k == K_YI || (k == K_WAN && key3(s, n, p + 3) != K_YI)) {
    scale = k == K_YI ? 8 : 4;
    p += 3;
    if (!plain_after_mult(s, n, p)) return match_full(s, n, pos, out);
  } else if (!plain_at(s, n, p)) {
    return match_full(s, n, pos, out);
  }
  /* the fields but value first, so that the rare calls below are tail
   * calls (no registers to keep across them) */
  out->chinese = false;
  out->scale = scale;
  out->start = pos, out->stop = p;
  out->high[0] = '\0';
  out->approx[0] = '\0';
  int sc = scale < 0 ? 0 : scale;
  if (point) {
    /* normalized as it is (no leading or trailing zeros) and not
     * shifted: the digits themselves */
    size_t nf = ndig - ni - 1;
    char *o = out->value;
    if (ndig < 16 && (b != '0' || ni == 1) && sc == 0 && s[j - 1] != '0') {
      memcpy(o, out->digits, 16); /* as it is */
    } else if (ndig < 16 && b != '0' && sc != 0 && nf <= (size_t)sc) {
      memcpy(o, out->digits, 16); /* 614.13亿: an integer */
      memcpy(o + ni, out->digits + ni + 1, 16);
      memcpy(o + ni + nf, "0000000000000000", 16);
      o[ni + (size_t)sc] = '\0';
    } else {
      return hs_dec_shift(out->digits, sc, o);
    }
  } else { /* the digits without leading zeros, and sc zeros */
    const char *v = out->digits;
    size_t nv = ndig;
    while (nv > 1 && *v == '0')
      v++, nv--;
    char *o = out->value;
    if (nv == 1 && *v == '0') {
      o[0] = '0', o[1] = '\0';
    } else if (ndig <= 16) { /* fixed-size moves, within the buffers */
      memcpy(o, v, 16);
      memcpy(o + nv, "0000000000000000", 16);
      o[nv + (size_t)sc] = '\0';
    } else { /* long: the digits and sc zeros as well */
      return hs_dec_shift(v, sc, o);
    }
  }
  return true;
}

/* hs_number_match at a first byte E3-E9 */
static NOINLINE bool match_cn1(const char *s, size_t n, size_t pos,
                               hs_number *out) {
  size_t p;
  /* one Chinese digit alone, as in 一, 两, 三 */
  const ctab_entry *ce = lookup(key3(s, n, pos));
  const ctab_entry *c2 = lookup(key3(s, n, pos + 3));
  if (!(ce->cls & CL_DIGIT) || c2->cls & (CL_DIGIT | CL_UNIT | CL_MULT))
    return match_full(s, n, pos, out);
  p = pos + 3;
  if (p < n && (unsigned char)s[p] < 0x80 &&
      (s[p] == ' ' || s[p] == '\n' || s[p] == '-' || s[p] == '~')) {
    if (!plain_at(s, n, p = skip_wrap(s, n, p)))
      return match_full(s, n, pos, out);
  } else if (c2->cls & CL_AFTER || /* plain_at(p), c2 being at p */
             (c2->cls & CL_GE && lookup(key3(s, n, p + 3))->cls & CL_MULT)) {
    return match_full(s, n, pos, out);
  }
  out->digits[0] = out->value[0] = (char)('0' + ce->val);
  out->digits[1] = out->value[1] = '\0';
  out->chinese = true;
  out->scale = -1;
  out->start = pos, out->stop = p;
  out->high[0] = '\0';
  out->approx[0] = '\0';
  return true;
}

/* The common shapes take short paths of their own (so that neither holds
 * registers for the other), the rest match_full */
#ifdef HS_NUMBER_SSE2
/* The bytes that may make a numeral of ASCII digits go on, or be followed
 * by a wrap or a range: "." "," ．０-９ 。 " " "\n" "-" "~" */
static const unsigned char goes_on[256] = {
    ['.'] = 1, [','] = 1, [' '] = 1,  ['\n'] = 1,
    ['-'] = 1, ['~'] = 1, [0xE3] = 1, [0xEF] = 1};

/* The key3 of the 4 bytes at u (x86: little-endian) */
static inline uint32_t key3u(const unsigned char *u) {
  uint32_t k;
  memcpy(&k, u, 4);
  return __builtin_bswap32(k) >> 8;
}

/* The common numbers of ASCII digits, as match_ascii reads them, on a
 * shorter path: digits, maybe "." and digits, maybe 万 or 亿, and nothing
 * that makes them go on (2024年, 15个, 614.13亿). At least 32 bytes are
 * left at pos and the numeral ends within 16. False, and nothing to use
 * in out, for any other shape or a value it does not write as it is:
 * match_ascii reads those. */
static inline bool plain_ascii(const char *s, size_t pos, hs_number *out) {
  const unsigned char *u = (const unsigned char *)s + pos;
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)u);
  unsigned non = nondigits16(x), ni = (unsigned)__builtin_ctz(non), e = ni;
  if (ni >= 16) return false;
  if (u[ni] == '.') { /* "." digit^1 (non has all the bits from 16 up) */
    unsigned nf = (unsigned)__builtin_ctz(non >> (ni + 1));
    e = ni + 1 + nf;
    if (nf == 0 || e >= 16) return false;
  }
  if (goes_on[u[e]]) return false;
  uint32_t k = key3u(u + e);
  unsigned cls = lookup(k)->cls;
  int sc = 0;
  unsigned stop = e;
  if (cls & (CL_MULT | CL_AFTER | CL_UNIT | CL_GE)) {
    uint32_t k2 = key3u(u + e + 3);
    if (k == K_YI || k == K_WAN) { /* as plain_after_mult, spaces aside */
      unsigned char c = u[e + 3];
      if ((k == K_WAN && k2 == K_YI) || (unsigned)(c - '0') < 10u ||
          goes_on[c] || k2 == K_LING || lookup(k2)->cls & CL_AFTER)
        return false;
      sc = k == K_YI ? 8 : 4;
      stop = e + 3;
    } else if (cls & (CL_MULT | CL_AFTER) || lookup(k2)->cls & CL_MULT) {
      return false; /* as plain_at: 余多, ranges, 千万 百亿 个亿 */
    }
  }
  char *o = out->value;
  if (e == ni) { /* the digits without leading zeros ("0" for zeros) */
    unsigned z =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('0')));
    unsigned lz = (unsigned)__builtin_ctz(~z); /* <= ni: u[ni] is no '0' */
    if (lz == ni) lz = ni - 1;
    unsigned nv = ni - lz;
    _mm_storeu_si128((__m128i *)(void *)o,
                     _mm_loadu_si128((const __m128i *)(const void *)(u + lz)));
    _mm_storeu_si128((__m128i *)(void *)(o + nv), _mm_set1_epi8('0'));
    o[nv + (u[lz] == '0' ? 0 : (unsigned)sc)] = '\0';
  } else {
    unsigned nf = e - ni - 1;
    if (sc == 0) { /* as it is, when it has no redundant zeros */
      if ((u[0] == '0' && ni != 1) || u[e - 1] == '0') return false;
      _mm_storeu_si128((__m128i *)(void *)o, x);
      o[e] = '\0';
    } else { /* 614.13亿: an integer */
      if (u[0] == '0' || nf > (unsigned)sc) return false;
      _mm_storeu_si128((__m128i *)(void *)o, x);
      _mm_storeu_si128(
          (__m128i *)(void *)(o + ni),
          _mm_loadu_si128((const __m128i *)(const void *)(u + ni + 1)));
      _mm_storeu_si128((__m128i *)(void *)(o + ni + nf), _mm_set1_epi8('0'));
      o[ni + (unsigned)sc] = '\0';
    }
  }
  _mm_storeu_si128((__m128i *)(void *)out->digits, x);
  out->digits[e] = '\0';
  out->chinese = false;
  out->scale = sc ? sc : -1;
  out->start = pos, out->stop = pos + stop;
  out->high[0] = '\0';
  out->approx[0] = '\0';
  return true;
}
#endif

bool hs_number_match(const char *s, size_t n, size_t pos, hs_number *out) {
  if (pos >= n) return false;
  unsigned char b = (unsigned char)s[pos];
  if ((unsigned)(b - '0') < 10u) {
#ifdef HS_NUMBER_SSE2
    if (n - pos >= 32 && plain_ascii(s, pos, out)) return true;
#endif
    return match_ascii(s, n, pos, out);
  }
  if (b >= 0xE3 && b <= 0xE9) return match_cn1(s, n, pos, out);
  return match_full(s, n, pos, out);
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

static inline bool at_fen_zhi(const char *s, size_t n, size_t i) {
  return key3(s, n, i) == K_FEN && key3(s, n, i + 3) == K_ZHI;
}

/* fraction = den * P"分之" * num, read in full (rare: kept out of the quick
 * rejects of hs_number_fraction) */
static NOINLINE bool fraction(const char *s, size_t n, size_t pos,
                              hs_fraction *out) {
  size_t e;
  lnum den = {0}, num = {0};
  bool over, over2;
  if (!frac_operand(s, n, pos, &e, &den, &over) || !at_fen_zhi(s, n, e) ||
      !frac_operand(s, n, e + 6, &e, &num, &over2))
    return false;
  if (over || over2 || is_zero(den)) return false;
  double v;
  if (num.is_int) /* Lua: integer 100 * num wraps, then float / */
    v = (double)(int64_t)((uint64_t)num.i * 100u) / as_double(den);
  else
    v = 100 * num.f / as_double(den);
  out->start = pos, out->stop = e;
  return hs_dec_percent_v(v, out->value);
}

/* fraction() when the arabic numeral at pos goes on past its digits */
static NOINLINE bool fraction_arabic(const char *s, size_t n, size_t pos,
                                     hs_fraction *out) {
  if (!at_fen_zhi(s, n, arabic(s, n, pos))) return false;
  return fraction(s, n, pos, out);
}

/* fraction() when the Chinese numeral at pos goes on past pos + 3 */
static NOINLINE bool fraction_chinese(const char *s, size_t n, size_t pos,
                                      hs_fraction *out) {
  if (!at_fen_zhi(s, n, chinese_end(s, n, pos))) return false;
  return fraction(s, n, pos, out);
}

/* hs_number_fraction at a Chinese numeral whose first character is
 * followed by k1, one of 成 分 万 亿 or a numeral character */
static NOINLINE bool fraction_cn(const char *s, size_t n, size_t pos,
                                 uint32_t k1, hs_fraction *out) {
  const ctab_entry *ce = lookup(key3(s, n, pos));
  if (!(ce->cls & (CL_DIGIT | CL_UNIT))) return false;
  /* tenths = C(cdigit) / cdigits * P"成": then the Chinese numeral ends at
   * 成, which is not 分之 */
  if (k1 == K_CHENG) {
    if (!(ce->cls & CL_DIGIT)) return false;
    out->start = pos, out->stop = pos + 6;
    unsigned d = ce->val;
    if (d == 0) {
      out->value[0] = '0', out->value[1] = '\0';
    } else {
      out->value[0] = (char)('0' + d), out->value[1] = '0';
      out->value[2] = '\0';
    }
    return true;
  }
  if (k1 == K_FEN) /* the numeral is the one character */
    return key3(s, n, pos + 6) == K_ZHI && fraction(s, n, pos, out);
  return fraction_chinese(s, n, pos, out); /* it goes on past pos + 3 */
}

bool hs_number_fraction(const char *s, size_t n, size_t pos, hs_fraction *out) {
  if (pos >= n) return false;
  const unsigned char *u = (const unsigned char *)s + pos,
                      *end = (const unsigned char *)s + n;
  /* Quick rejects: the denominator must be followed by 分之, and a digit
   * (tenths) by 成 */
  if ((unsigned)(*u - '0') < 10u) {
    const unsigned char *q;
#ifdef HS_NUMBER_SSE2
    unsigned non;
    if (end - u >= 16 && ((non = nondigits16(_mm_loadu_si128(
                               (const __m128i *)(const void *)u))) &
                          0xFFFFu))
      q = u + __builtin_ctz(non);
    else
#endif
      q = skip_ascii_digits(u + 1, end);
    if (q >= end) return false;
    /* the byte after the ASCII digits: does the numeral go on, and can
     * 分之 follow it? The common answer, no, first. */
    unsigned char c = *q;
    if (c == 0xE5) goto fen_zhi;
    if (c != '.' && c != ',' && c != 0xEF && c != 0xE3) return false;
    switch (c) {
      case '.':
        if (q + 1 < end && (unsigned)(q[1] - '0') < 10u) {
          /* int "." digit^1: the numeral ends after the digits, unless
           * ０-９ go on */
          q = skip_ascii_digits(q + 2, end);
          if (q >= end) return false;
          if (*q == 0xEF && digit(s, n, (size_t)(q - u) + pos))
            return fraction_arabic(s, n, pos, out);
          if (*q == 0xE5) break;
          return false;
        }
        return fraction_arabic(s, n, pos, out); /* ". " may go on */
      case ',':                                 /* "," digit digit digit */
        if (q + 1 < end && ((unsigned)(q[1] - '0') < 10u || q[1] == 0xEF))
          return fraction_arabic(s, n, pos, out);
        return false;
      case 0xEF: /* ０-９ or ． go on, not ，or ％ */
        if (end - q >= 3 && q[1] == 0xBC &&
            (q[2] == 0x8E || q[2] - 0x90u < 10u))
          return fraction_arabic(s, n, pos, out);
        return false;
      case 0xE3: /* 。 digit: damaged */
        if (end - q >= 4 && q[1] == 0x80 && q[2] == 0x82 &&
            ((unsigned)(q[3] - '0') < 10u || q[3] == 0xEF))
          return fraction_arabic(s, n, pos, out);
        return false;
      default: break;
    }
  fen_zhi: /* 分之 is E5 88 86 E4 B9 8B */
    if (end - q < 6 || q[1] != 0x88 || q[2] != 0x86 || q[3] != 0xE4 ||
        q[4] != 0xB9 || q[5] != 0x8B)
      return false;
    return fraction(s, n, pos, out);
  }
  if (*u == 0xEF) return fraction(s, n, pos, out);
  /* A Chinese numeral: what follows its first character must be 成, 分,
   * or go on with the numeral */
  uint32_t k1 = key3(s, n, pos + 3);
  if (!(lookup(k1)->cls & (CL_DIGIT | CL_UNIT | CL_MULT | CL_FRAC)))
    return false;
  return fraction_cn(s, n, pos, k1, out);
}

bool hs_number_is_start(const char *s, size_t n, size_t pos) {
  if (pos >= n) return false;
  if (digit(s, n, pos)) return true;
  return is_cn(s, n, pos);
}