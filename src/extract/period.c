/* SPDX-License-Identifier: MIT */
/*
 * lua/hanscan/period.lua in C. Each p_* function below mirrors one LPeg
 * pattern of the Lua module with PEG semantics (ordered, committed
 * choices; greedy, possessive repetitions): it returns the position just
 * after its match, or NOPE. Every non-ASCII character of the grammar is 3
 * bytes of UTF-8, so characters are compared as 24-bit numbers (ch()),
 * which compares the same bytes LPeg compares, whatever the text holds.
 * hs_period_scan gives what trying the grammar at every byte like
 * `(expr + 1)^0` gives, but tries it only near the few characters every
 * expression holds (its anchors, found by SIMD: see reach below); years and
 * doc_year look for 年 the same way.
 */
#include "period.h"

/* SIMD: SSE2 where the compiler targets it, AVX2 besides on x86-64 CPUs
 * that have it (GCC and Clang); -DHS_PERIOD_NO_AVX2 or -DHS_PERIOD_NO_SIMD
 * leave them out (the results are the same). */
#if defined(__SSE2__) && !defined(HS_PERIOD_NO_SIMD)
#define HS_PERIOD_SSE2 1
#include <emmintrin.h>
#endif
#if defined(HS_PERIOD_SSE2) && defined(__GNUC__) && defined(__x86_64__) &&     \
    !defined(HS_PERIOD_NO_AVX2)
#define HS_PERIOD_AVX2 1
#include <immintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NOPE ((size_t)-1)

/* The characters of the grammar, as ch() reads them. */
enum {
  C_NIAN = 0xE5B9B4,     /* 年 */
  C_YUE = 0xE69C88,      /* 月 */
  C_DI = 0xE5BA95,       /* 底 */
  C_MO = 0xE69CAB,       /* 末 */
  C_JIE = 0xE688AA,      /* 截 */
  C_ZHI = 0xE887B3,      /* 至 */
  C_ZHI_STOP = 0xE6ADA2, /* 止 */
  C_DAO = 0xE588B0,      /* 到 */
  C_DU = 0xE5BAA6,       /* 度 */
  C_FEN = 0xE4BBBD,      /* 份 */
  C_YUAN = 0xE58583,     /* 元 */
  C_SHI = 0xE58D81,      /* 十 */
  C_YI = 0xE4B880,       /* 一 */
  C_ER = 0xE4BA8C,       /* 二 */
  C_LIANG = 0xE4B8A4,    /* 两 */
  C_SAN = 0xE4B889,      /* 三 */
  C_SI = 0xE59B9B,       /* 四 */
  C_WU = 0xE4BA94,       /* 五 */
  C_LIU = 0xE585AD,      /* 六 */
  C_QI = 0xE4B883,       /* 七 */
  C_BA = 0xE585AB,       /* 八 */
  C_JIU = 0xE4B99D,      /* 九 */
  C_QIAN = 0xE5898D,     /* 前 */
  C_JI = 0xE5ADA3,       /* 季 */
  C_DI_ORD = 0xE7ACAC,   /* 第 */
  C_SHANG = 0xE4B88A,    /* 上 */
  C_XIA = 0xE4B88B,      /* 下 */
  C_BAN = 0xE58D8A,      /* 半 */
  C_JIN = 0xE4BB8A,      /* 今 */
  C_BEN = 0xE69CAC,      /* 本 */
  C_QU = 0xE58EBB,       /* 去 */
  C_MING = 0xE6988E,     /* 明 */
  C_DANG = 0xE5BD93,     /* 当 */
  C_QUAN = 0xE585A8,     /* 全 */
  C_NEI = 0xE58685,      /* 内 */
  C_JIN_NEAR = 0xE8BF91, /* 近 */
  C_MU = 0xE79BAE,       /* 目 */
  C_YI_SINCE = 0xE4BBA5, /* 以 */
  C_LAI = 0xE69DA5,      /* 来 */
  C_QI_TIME = 0xE69C9F,  /* 期 */
  C_JIAN = 0xE997B4,     /* 间 */
  C_SHI_TIME = 0xE697B6, /* 时 */
  C_LQUOTE = 0xE2809C,   /* “ */
  C_RQUOTE = 0xE2809D,   /* ” */
  C_EMDASH = 0xE28094,   /* — */
  C_ENDASH = 0xE28093,   /* – */
  C_FWTILDE = 0xEFBD9E,  /* ～ */
  C_XIANG = 0xE79BB8,    /* 相 */
  C_BI = 0xE6AF94,       /* 比 */
  C_TONG = 0xE5908C,     /* 同 */
  C_JIAO = 0xE8BE83,     /* 较 */
  C_DE = 0xE79A84,       /* 的 */
  C_ZENG = 0xE5A29E,     /* 增 */
  C_JIANG = 0xE9998D,    /* 降 */
  C_JIAN_CUT = 0xE5878F, /* 减 */
  C_TI = 0xE68F90,       /* 提 */
  C_GAO = 0xE9AB98,      /* 高 */
  C_DI_LOW = 0xE4BD8E,   /* 低 */
  C_HUI = 0xE59B9E,      /* 回 */
  C_LUO = 0xE890BD,      /* 落 */
  C_DUO = 0xE5A49A,      /* 多 */
  C_SHAO = 0xE5B091,     /* 少 */
  C_KUAI = 0xE5BFAB,     /* 快 */
  C_MAN = 0xE685A2,      /* 慢 */
  C_XIN = 0xE696B0,      /* 新 */
  C_XIAO = 0xE69588,     /* 效 */
  C_JUHAO = 0xE38082,    /* 。 */
  C_BEI = 0xE5808D,      /* 倍 */
  C_GONG = 0xE5B7A5,     /* 工 */
  C_ZUO = 0xE4BD9C,      /* 作 */
  C_DA = 0xE68993,       /* 打 */
  C_SUAN = 0xE7AE97,     /* 算 */
  C_JI_COUNT = 0xE8AEA1, /* 计 */
  C_HUA = 0xE58892,      /* 划 */
  C_AN = 0xE5AE89,       /* 安 */
  C_PAI = 0xE68E92,      /* 排 */
  C_SI_THINK = 0xE6809D, /* 思 */
  C_LU = 0xE8B7AF,       /* 路 */
  C_YAO = 0xE8A681,      /* 要 */
  C_DIAN = 0xE782B9,     /* 点 */
  C_BIAO = 0xE6A087,     /* 标 */
  C_ZHONG = 0xE9878D,    /* 重 */
};

/* The 3 bytes at s[i..] as one number, 0 when fewer than 3 are left (or
 * i is NOPE). */
static inline uint32_t ch(const char *s, size_t n, size_t i) {
  if (n < 3 || i > n - 3) return 0;
  const unsigned char *u = (const unsigned char *)s + i;
  return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

static inline bool is_digit(const char *s, size_t n, size_t i) {
  return i < n && s[i] >= '0' && s[i] <= '9';
}

/* ---- numbers --------------------------------------------------------- */

/* cnp = 十二 | 十一 | 十 | 一 | 二 | 两 | 三 | ... | 九, with cn's values */
static size_t p_cnp(const char *s, size_t n, size_t i, int *v) {
  switch (ch(s, n, i)) {
    case C_SHI: {
      uint32_t d = ch(s, n, i + 3);
      if (d == C_ER || d == C_YI) {
        *v = d == C_ER ? 12 : 11;
        return i + 6;
      }
      *v = 10;
      return i + 3;
    }
    case C_YI: *v = 1; break;
    case C_ER:
    case C_LIANG: *v = 2; break;
    case C_SAN: *v = 3; break;
    case C_SI: *v = 4; break;
    case C_WU: *v = 5; break;
    case C_LIU: *v = 6; break;
    case C_QI: *v = 7; break;
    case C_BA: *v = 8; break;
    case C_JIU: *v = 9; break;
    default: return NOPE;
  }
  return i + 3;
}

/* month = digit digit^-1 | cnp */
static size_t p_month(const char *s, size_t n, size_t i, int *m) {
  if (is_digit(s, n, i)) {
    int v = s[i] - '0';
    i++;
    if (is_digit(s, n, i)) {
      v = v * 10 + (s[i] - '0');
      i++;
    }
    *m = v;
    return i;
  }
  return p_cnp(s, n, i, m);
}

/* year4 = ("19" | "20") digit digit */
static inline size_t p_year4(const char *s, size_t n, size_t i, int *y) {
  if (i > n || n - i < 4) return NOPE;
  if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')))
    return NOPE;
  if (!is_digit(s, n, i + 2) || !is_digit(s, n, i + 3)) return NOPE;
  *y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
       (s[i + 3] - '0');
  return i + 4;
}

/* sep = S"-~" | "—" | "–" | "至" | "到" (| "～" when tilde) */
static inline size_t p_sep(const char *s, size_t n, size_t i, bool tilde) {
  if (i >= n) return NOPE;
  if (s[i] == '-' || s[i] == '~') return i + 1;
  switch (ch(s, n, i)) {
    case C_EMDASH:
    case C_ENDASH:
    case C_ZHI:
    case C_DAO: return i + 3;
    case C_FWTILDE: return tilde ? i + 3 : NOPE;
    default: return NOPE;
  }
}

/* ---- the comparison base after 去年/上年 ------------------------------ */

/* upto_times needs the first of , ; 。 倍 at or after a position; the
 * answer holds for every position up to it, so one scan serves all. */
typedef struct stop_cache {
  size_t from, stop; /* stop == n: none; from == NOPE: empty cache */
} stop_cache;

static size_t first_stop(const char *s, size_t n, size_t j, stop_cache *c) {
  if (c->from != NOPE && c->from <= j && j <= c->stop) return c->stop;
  size_t k = j;
  for (; k < n; k++) {
    unsigned char b = (unsigned char)s[k];
    if (b == ',' || b == ';') break;
    if (b == 0xE3 || b == 0xE5) {
      uint32_t x = ch(s, n, k);
      if (x == C_JUHAO || x == C_BEI) break;
    }
  }
  c->from = j;
  c->stop = k;
  return k;
}

/* base = 相比 | 同期 | 同比 | 比 | 相较 | 末 | 的 upto_times | 增 | 下降 | 减
 *   | 提高 | 降低 | 回落 | 多 | 少 | 快 | 慢 | 高 -新 | 低 -效 */
static bool p_base(const char *s, size_t n, size_t j, stop_cache *c) {
  uint32_t d = ch(s, n, j + 3);
  switch (ch(s, n, j)) {
    case C_XIANG: return d == C_BI || d == C_JIAO;
    case C_TONG: return d == C_QI_TIME || d == C_BI;
    case C_BI:
    case C_MO:
    case C_ZENG:
    case C_JIAN_CUT:
    case C_DUO:
    case C_SHAO:
    case C_KUAI:
    case C_MAN: return true;
    case C_XIA: return d == C_JIANG;
    case C_TI: return d == C_GAO;
    case C_JIANG: return d == C_DI_LOW;
    case C_HUI: return d == C_LUO;
    case C_GAO: return d != C_XIN;
    case C_DI_LOW: return d != C_XIAO;
    case C_DE: return ch(s, n, first_stop(s, n, j + 3, c)) == C_BEI;
    default: return false;
  }
}

/* ---- period.scan ------------------------------------------------------ */

enum { K_YEARS, K_PLAN, K_LAST, K_NOW, K_GEN };

/* The captures of one expression (the Lua table t). */
typedef struct tok {
  int kind;
  int a, b; /* years (K_YEARS) or the span's months (K_GEN, has_span) */
  int plan, last;
  bool fullyear; /* K_NOW: 全年 or 年内 */
  bool has_y, has_rel, has_span, single;
  int y, rel;
} tok;

/* yearpart = year4 "年" "度"^-1 (y)
 *   | 今年 (0) | 本年 (0) | 去年 -base (-1) | 上年 -base (-1) | 明年 (1)
 *   | 当年 (0)  (rel) */
static size_t p_yearpart(const char *s, size_t n, size_t i, tok *t,
                         stop_cache *c) {
  int y;
  size_t e = p_year4(s, n, i, &y);
  if (e != NOPE && ch(s, n, e) == C_NIAN) {
    e += 3;
    if (ch(s, n, e) == C_DU) e += 3;
    t->has_y = true;
    t->y = y;
    return e;
  }
  if (ch(s, n, i + 3) != C_NIAN) return NOPE;
  int rel;
  switch (ch(s, n, i)) {
    case C_JIN:
    case C_BEN:
    case C_DANG: rel = 0; break;
    case C_MING: rel = 1; break;
    case C_QU:
    case C_SHANG:
      if (p_base(s, n, i + 6, c)) return NOPE;
      rel = -1;
      break;
    default: return NOPE;
  }
  t->has_rel = true;
  t->rel = rel;
  return i + 6;
}

static void set_span(tok *t, int a, int b, bool single) {
  t->has_span = true;
  t->a = a;
  t->b = b;
  t->single = single;
}

/* span = months | quarters | monthend | onemonth */
static size_t p_span(const char *s, size_t n, size_t i, tok *t) {
  size_t e;
  int a, b;
  uint32_t c = ch(s, n, i);
  /* month at i, which months, monthend and onemonth all may start with */
  int m = 0;
  size_t em = p_month(s, n, i, &m);
  /* months = ("元" | month) sep month "月" "份"^-1 */
  if (c == C_YUAN) {
    a = 1;
    e = i + 3;
  } else {
    a = m;
    e = em;
  }
  if (e != NOPE && (e = p_sep(s, n, e, true)) != NOPE &&
      (e = p_month(s, n, e, &b)) != NOPE && ch(s, n, e) == C_YUE) {
    e += 3;
    if (ch(s, n, e) == C_FEN) e += 3;
    set_span(t, a, b, false);
    return e;
  }
  /* quarters = 前三季度 | 前两季度 | 第?一季度 | 第?二季度 | 第?三季度
   *   | 第?四季度 | 上半年 | 下半年 */
  if (c == C_QIAN) {
    uint32_t d = ch(s, n, i + 3);
    if ((d == C_SAN || d == C_LIANG) && ch(s, n, i + 6) == C_JI &&
        ch(s, n, i + 9) == C_DU) {
      set_span(t, 1, d == C_SAN ? 9 : 6, false);
      return i + 12;
    }
  } else if (c == C_SHANG || c == C_XIA) {
    if (ch(s, n, i + 3) == C_BAN && ch(s, n, i + 6) == C_NIAN) {
      set_span(t, c == C_SHANG ? 1 : 7, c == C_SHANG ? 6 : 12, false);
      return i + 9;
    }
  } else {
    size_t j = c == C_DI_ORD ? i + 3 : i;
    int q;
    switch (j == i ? c : ch(s, n, j)) {
      case C_YI: q = 0; break;
      case C_ER: q = 1; break;
      case C_SAN: q = 2; break;
      case C_SI: q = 3; break;
      default: q = -1; break;
    }
    if (q >= 0 && ch(s, n, j + 3) == C_JI && ch(s, n, j + 6) == C_DU) {
      set_span(t, 3 * q + 1, 3 * q + 3, false);
      return j + 9;
    }
  }
  /* monthend = ("截至" | "截止" | "到")^-1 month "月" ("底" | "末") */
  {
    size_t j = i;
    if (c == C_JIE) {
      uint32_t d = ch(s, n, i + 3);
      if (d == C_ZHI || d == C_ZHI_STOP) j = i + 6;
    } else if (c == C_DAO) {
      j = i + 3;
    }
    if (j == i) {
      e = em;
      a = m;
    } else {
      e = p_month(s, n, j, &a);
    }
    if (e != NOPE && ch(s, n, e) == C_YUE) {
      uint32_t d = ch(s, n, e + 3);
      if (d == C_DI || d == C_MO) {
        set_span(t, a, a, true);
        return e + 6;
      }
    }
  }
  /* onemonth = month "月份" */
  if (em != NOPE && ch(s, n, em) == C_YUE && ch(s, n, em + 3) == C_FEN) {
    set_span(t, m, m, true);
    return em + 6;
  }
  return NOPE;
}

/* eventmonth = month "月" -("底" | "末") */
static size_t p_eventmonth(const char *s, size_t n, size_t i) {
  int m;
  size_t e = p_month(s, n, i, &m);
  if (e == NOPE || ch(s, n, e) != C_YUE) return NOPE;
  uint32_t d = ch(s, n, e + 3);
  if (d == C_DI || d == C_MO) return NOPE;
  return e + 3;
}

/* Does a Chinese numeral the period grammar reads (十 一 二 两 三 ... 九)
 * start with character c? */
static inline bool is_cnp_start(uint32_t c) {
  switch (c) {
    case C_SHI:
    case C_YI:
    case C_ER:
    case C_LIANG:
    case C_SAN:
    case C_SI:
    case C_WU:
    case C_LIU:
    case C_QI:
    case C_BA:
    case C_JIU: return true;
    default: return false;
  }
}

/* Could span (or eventmonth) start at e, whose character is x? Its first
 * character is a digit, 元, a Chinese numeral (month), 前 上 下 第 一 二
 * 三 四 (quarters), 截 or 到 (monthend). */
static inline bool span_may_start(const char *s, size_t n, size_t e,
                                  uint32_t x) {
  if (is_digit(s, n, e) || is_cnp_start(x)) return true;
  switch (x) {
    case C_YUAN:
    case C_QIAN:
    case C_SHANG:
    case C_XIA:
    case C_DI_ORD:
    case C_JIE:
    case C_DAO: return true;
    default: return false;
  }
}

/* What follows yearpart (ending at e): (yearend | span | "全年" |
 * eventmonth)^-1 "以来"^-1. 全 starts neither span nor eventmonth, nor
 * does what span_may_start turns down. */
static size_t p_after_yearpart(const char *s, size_t n, size_t e, tok *t) {
  size_t f;
  uint32_t x = ch(s, n, e);
  if (x == C_DI || x == C_MO) { /* yearend */
    set_span(t, 12, 12, true);
    e += 3;
  } else if (x == C_QUAN) {
    if (ch(s, n, e + 3) == C_NIAN) e += 6;
  } else if (span_may_start(s, n, e, x)) {
    if ((f = p_span(s, n, e, t)) != NOPE)
      e = f;
    else if ((f = p_eventmonth(s, n, e)) != NOPE)
      e = f;
  }
  if (ch(s, n, e) == C_YI_SINCE && ch(s, n, e + 3) == C_LAI) e += 6;
  return e;
}

/* expr: its six alternatives in order. A digit can start only the first
 * and the third (without 截至 and relyear). */
static size_t p_expr(const char *s, size_t n, size_t i, tok *t, stop_cache *c) {
  size_t e, j;
  memset(t, 0, sizeof *t);
  if (is_digit(s, n, i)) {
    int a, b;
    size_t e4 = p_year4(s, n, i, &a);
    if (e4 != NOPE) {
      /* 1. years_span = year4 (S"-~" | "—" | "–" | "至" | "到") year4 "年" */
      if ((e = p_sep(s, n, e4, false)) != NOPE &&
          (e = p_year4(s, n, e, &b)) != NOPE && ch(s, n, e) == C_NIAN) {
        t->kind = K_YEARS;
        t->a = a;
        t->b = b;
        return e + 3;
      }
      /* 3. yearpart = year4 "年" "度"^-1 ... */
      t->kind = K_GEN;
      if (ch(s, n, e4) == C_NIAN) {
        e = e4 + 3;
        if (ch(s, n, e) == C_DU) e += 3;
        t->has_y = true;
        t->y = a;
        return p_after_yearpart(s, n, e, t);
      }
    }
    /* 3. ... | span */
    t->kind = K_GEN;
    return p_span(s, n, i, t);
  }
  uint32_t c0 = ch(s, n, i), c1 = ch(s, n, i + 3);
  /* 2. "“"^-1 (十一五 | 十二五 | 十三五 | 十四五 | 十五五) "”"^-1
   *    ("期间" | "时期" | "以来")^-1 */
  j = c0 == C_LQUOTE ? i + 3 : i;
  if (ch(s, n, j) == C_SHI && ch(s, n, j + 6) == C_WU) {
    int plan = 0;
    switch (ch(s, n, j + 3)) {
      case C_YI: plan = 2006; break;
      case C_ER: plan = 2011; break;
      case C_SAN: plan = 2016; break;
      case C_SI: plan = 2021; break;
      case C_WU: plan = 2026; break;
      default: break;
    }
    if (plan) {
      e = j + 9;
      if (ch(s, n, e) == C_RQUOTE) e += 3;
      uint32_t x = ch(s, n, e), y = ch(s, n, e + 3);
      if ((x == C_QI_TIME && y == C_JIAN) ||
          (x == C_SHI_TIME && y == C_QI_TIME) ||
          (x == C_YI_SINCE && y == C_LAI))
        e += 6;
      t->kind = K_PLAN;
      t->plan = plan;
      return e;
    }
  }
  /* 3. ("截至" | "截止")^-1 (yearpart (yearend | span | "全年" |
   *    eventmonth)^-1 "以来"^-1 | span) */
  t->kind = K_GEN;
  j = i;
  if (c0 == C_JIE && (c1 == C_ZHI || c1 == C_ZHI_STOP)) j = i + 6;
  if ((e = p_yearpart(s, n, j, t, c)) != NOPE)
    return p_after_yearpart(s, n, e, t);
  if ((e = p_span(s, n, j, t)) != NOPE) return e;
  /* 4. "全年" | "年内" */
  if ((c0 == C_QUAN && c1 == C_NIAN) || (c0 == C_NIAN && c1 == C_NEI)) {
    t->kind = K_NOW;
    t->fullyear = true;
    return i + 6;
  }
  /* 5. "近" (digit | cnp) "年" */
  if (c0 == C_JIN_NEAR) {
    int v;
    size_t f;
    if (is_digit(s, n, i + 3)) {
      v = s[i + 3] - '0';
      f = i + 4;
    } else {
      f = p_cnp(s, n, i + 3, &v);
    }
    if (f != NOPE && ch(s, n, f) == C_NIAN) {
      t->kind = K_LAST;
      t->last = v;
      return f + 3;
    }
  }
  /* 6. "截至目前" | "截止目前" | "目前" */
  if (c0 == C_JIE && (c1 == C_ZHI || c1 == C_ZHI_STOP) &&
      ch(s, n, i + 6) == C_MU && ch(s, n, i + 9) == C_QIAN) {
    t->kind = K_NOW;
    return i + 12;
  }
  if (c0 == C_MU && c1 == C_QIAN) {
    t->kind = K_NOW;
    return i + 6;
  }
  return NOPE;
}

/* The characters expr can start with, as a bitmap: start_tab[IDX(c)]
 * holds BIT(c) for “十截今本去上明当元一二两三四五六七八九前第下到全年近目
 * (characters sharing their first two bytes share an entry; a clash of
 * entries is a compile error under -Werror=override-init). */
#define IDX(c) ((((c) >> 16) & 0x0F) << 6 | (((c) >> 8) & 0x3F))
#define BIT(c) ((uint64_t)1 << ((c)&0x3F))
static const uint64_t start_tab[1024] = {
    [IDX(C_LQUOTE)] = BIT(C_LQUOTE),
    [IDX(C_YI)] = BIT(C_YI) | BIT(C_SHANG) | BIT(C_XIA) | BIT(C_QI) |
                  BIT(C_SAN) | BIT(C_LIANG),
    [IDX(C_JIU)] = BIT(C_JIU),
    [IDX(C_ER)] = BIT(C_ER) | BIT(C_WU),
    [IDX(C_JIN)] = BIT(C_JIN),
    [IDX(C_YUAN)] = BIT(C_YUAN) | BIT(C_LIU) | BIT(C_BA) | BIT(C_QUAN),
    [IDX(C_SHI)] = BIT(C_SHI),
    [IDX(C_QU)] = BIT(C_QU),
    [IDX(C_DAO)] = BIT(C_DAO),
    [IDX(C_QIAN)] = BIT(C_QIAN),
    [IDX(C_SI)] = BIT(C_SI),
    [IDX(C_DANG)] = BIT(C_DANG),
    [IDX(C_NIAN)] = BIT(C_NIAN),
    [IDX(C_JIE)] = BIT(C_JIE),
    [IDX(C_BEN)] = BIT(C_BEN),
    [IDX(C_MING)] = BIT(C_MING),
    [IDX(C_DI_ORD)] = BIT(C_DI_ORD),
    [IDX(C_MU)] = BIT(C_MU),
    [IDX(C_JIN_NEAR)] = BIT(C_JIN_NEAR),
};

/* The characters that may stand in an expression before its first
 * anchor (see reach below), by the same bitmap: “—–～十一二两三四六七八九
 * 截至止到元今本去上明当前第下半全近, and the bytes 0-9 - ~. */
static const uint64_t inner_tab[1024] = {
    [IDX(C_LQUOTE)] = BIT(C_LQUOTE) | BIT(C_EMDASH) | BIT(C_ENDASH),
    [IDX(C_FWTILDE)] = BIT(C_FWTILDE),
    [IDX(C_SHI)] = BIT(C_SHI) | BIT(C_BAN),
    [IDX(C_YI)] = BIT(C_YI) | BIT(C_LIANG) | BIT(C_SAN) | BIT(C_QI) |
                  BIT(C_SHANG) | BIT(C_XIA),
    [IDX(C_ER)] = BIT(C_ER),
    [IDX(C_SI)] = BIT(C_SI),
    [IDX(C_LIU)] = BIT(C_LIU) | BIT(C_BA) | BIT(C_YUAN) | BIT(C_QUAN),
    [IDX(C_JIU)] = BIT(C_JIU),
    [IDX(C_JIE)] = BIT(C_JIE),
    [IDX(C_ZHI)] = BIT(C_ZHI),
    [IDX(C_ZHI_STOP)] = BIT(C_ZHI_STOP),
    [IDX(C_DAO)] = BIT(C_DAO),
    [IDX(C_JIN)] = BIT(C_JIN),
    [IDX(C_BEN)] = BIT(C_BEN),
    [IDX(C_QU)] = BIT(C_QU),
    [IDX(C_MING)] = BIT(C_MING),
    [IDX(C_DANG)] = BIT(C_DANG),
    [IDX(C_QIAN)] = BIT(C_QIAN),
    [IDX(C_DI_ORD)] = BIT(C_DI_ORD),
    [IDX(C_JIN_NEAR)] = BIT(C_JIN_NEAR),
};

/* The 3 bytes at u in a bitmap of characters (any bytes: a byte string
 * that is no character may come out either way). */
static inline bool in_tab(const uint64_t *tab, const unsigned char *u) {
  return (tab[(u[0] & 0x0F) << 6 | (u[1] & 0x3F)] >> (u[2] & 0x3F)) & 1;
}

/* ---- formatting without snprintf -------------------------------------- */

/* v in decimal at p; returns the end */
static char *put_ll(char *p, long long v) {
  if (v >= 1000 && v <= 9999) { /* a year */
    static const char two[] =   /* "00" "01" ... "99" */
        "00010203040506070809101112131415161718192021222324"
        "25262728293031323334353637383940414243444546474849"
        "50515253545556575859606162636465666768697071727374"
        "75767778798081828384858687888990919293949596979899";
    unsigned x = (unsigned)v;
    memcpy(p, two + 2 * (x / 100), 2);
    memcpy(p + 2, two + 2 * (x % 100), 2);
    return p + 4;
  }
  char tmp[24];
  size_t k = 0;
  unsigned long long u =
      v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *p++ = '-';
  while (k)
    *p++ = tmp[--k];
  return p;
}

/* ym(y, m): "%s-%02d" with y, or "????" without (m is 0..99) */
static char *put_ym(char *p, bool has, long long y, int m) {
  if (has) {
    p = put_ll(p, y);
  } else {
    memcpy(p, "????", 4);
    p += 4;
  }
  p[0] = '-';
  p[1] = (char)('0' + m / 10);
  p[2] = (char)('0' + m % 10);
  return p + 3;
}

/* "a..b" */
static char *put_range(char *p, long long a, long long b) {
  p = put_ll(p, a);
  *p++ = '.';
  *p++ = '.';
  return put_ll(p, b);
}

/* resolve(t, year) into out (at least 48 bytes: two years of at most 20
 * characters and the rest fit): false for nil. */
static bool resolve(const tok *t, bool has_year, long long year, char *out) {
  char *p = out;
  switch (t->kind) {
    case K_YEARS:
      if (t->b <= t->a) return false;
      p = put_range(p, t->a, t->b);
      break;
    case K_PLAN: p = put_range(p, t->plan, t->plan + 4); break;
    case K_LAST:
      if (!has_year) return false;
      p = put_ll(p, year - t->last + 1);
      memcpy(p, "-01..", 5);
      p = put_ll(p + 5, year);
      memcpy(p, "-12", 3);
      p += 3;
      break;
    case K_NOW:
      if (!has_year) return false;
      p = put_ll(p, year);
      break;
    default: {
      bool has_y = t->has_y;
      long long y = t->y;
      if (!has_y && t->has_rel && has_year) {
        has_y = true;
        y = year + t->rel;
      }
      if (!has_y && t->has_span && has_year) {
        has_y = true;
        y = year;
      }
      if (t->has_span) {
        p = put_ym(p, has_y, y, t->a);
        if (!t->single) {
          *p++ = '.';
          *p++ = '.';
          p = put_ym(p, has_y, y, t->b);
        }
      } else {
        if (!has_y) return false;
        p = put_ll(p, y);
      }
    }
  }
  *p = '\0';
  return true;
}

/* ---- anchors ---------------------------------------------------------- */

/* Every expression holds one of 年 月 季 目 五, its anchors; the first
 * of them starts at most reach(anchor) bytes after the expression does:
 *   年  12  截至上半年 (截至2024年 10, 2016-2020年 11, 近十二年 9)
 *   月  21  截至十二-十二月 (截至截至十二月底 18)
 *   季  12  截至第一季度, 截至前三季度
 *   目   6  截至目前
 *   五  15  截至十二-五月 (“十三五 9)
 * An anchor's bytes inside a match are always one of the grammar's
 * characters (its first byte is a lead byte, the others are not). So when
 * a is the first anchor at or after the scan's position i, no expression
 * starts in [i, a - reach(a)): its first anchor would be a, further away
 * than that, or a later one, with a inside the match. The grammar runs
 * only from a - reach(a) to a, anchor after anchor. 0: not an anchor. */
static inline unsigned reach(uint32_t c) {
  switch (c) {
    case C_NIAN:
    case C_JI: return 12;
    case C_YUE: return 21;
    case C_MU: return 6;
    case C_WU: return 15;
    default: return 0;
  }
}


static inline unsigned ctz64(uint64_t m) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(m);
#else
  unsigned k = 0;
  while (!(m & 1)) {
    m >>= 1;
    k++;
  }
  return k;
#endif
}

#if defined(HS_PERIOD_SSE2)
static inline unsigned ctz32(uint32_t m) {
  return ctz64(m);
}
#endif

/* The candidate anchors are looked for 64 positions at a time, as a mask
 * (bit j: position b + j), which the scan walks bit by bit: no buffer to
 * fill, and no branch per block of positions. A block compares the
 * second and third bytes of every position with the anchors' (年 B9 B4,
 * 月 9C 88, 季 AD A3, 目 9B AE, 五 BA 94); the scan checks the first byte
 * of the few that match. The last block of a text overlaps the one before
 * it. v1, v2: the second and third bytes of the block; P: the
 * intrinsics' prefix (_mm, _mm256); T: their integer type (si128,
 * si256). */
#define HS_PAIR(P, T, b1, b2)                                                  \
  P##_and_##T(P##_cmpeq_epi8(v1, P##_set1_epi8((char)(b1))),                   \
              P##_cmpeq_epi8(v2, P##_set1_epi8((char)(b2))))
#define HS_PAIRS(P, T)                                                         \
  P##_or_##T(                                                                  \
      P##_or_##T(                                                              \
          P##_or_##T(HS_PAIR(P, T, 0xB9, 0xB4), HS_PAIR(P, T, 0x9C, 0x88)),    \
          P##_or_##T(HS_PAIR(P, T, 0xAD, 0xA3), HS_PAIR(P, T, 0x9B, 0xAE))),   \
      HS_PAIR(P, T, 0xBA, 0x94))
/* HS_CANDS: the mask of positions [b, b + 64) (b <= n - 3; none at or
 * after n - 2), BLK(at) giving W positions from at (at + W + 2 <= n). */
#define HS_CANDS(W, BLK)                                                       \
  size_t r = n - 2 - b; /* positions */                                        \
  uint64_t m = 0;                                                              \
  for (size_t j = 0; j < r && j < 64; j += W) {                                \
    if (b + j + W + 2 <= n) {                                                  \
      m |= (uint64_t)BLK(b + j) << j;                                          \
    } else {                                                                   \
      size_t t = n - (W + 2); /* t < b + j */                                  \
      uint64_t x = BLK(t);                                                     \
      m |= t >= b ? x << (t - b) : x >> (b - t);                               \
      break;                                                                   \
    }                                                                          \
  }                                                                            \
  return m

#if defined(HS_PERIOD_AVX2)
/* 32 positions at a time, on CPUs with AVX2 (n >= 34). The pairs are
 * looked up by their four nibbles: each table gives the anchors (one bit
 * each) whose byte has that nibble, and a position is a candidate when
 * one anchor has all four. */
#define HS_NIB(hi, lo)                                                         \
  _mm256_and_si256(                                                            \
      _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), low)), \
      _mm256_shuffle_epi8(lo, _mm256_and_si256(v, low)))
__attribute__((target("avx2"))) static inline uint32_t mask_avx2(__m256i v1,
                                                                 __m256i v2) {
  /* anchor bits: 年 1, 月 2, 季 4, 目 8, 五 16 */
  const __m256i low = _mm256_set1_epi8(0x0F);
  const __m256i hi1 = _mm256_setr_epi8(
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A, 0x04, 0x11, 0, 0, 0, 0, /* B9 9C AD */
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A, 0x04, 0x11, 0, 0, 0, 0);
  const __m256i lo1 = _mm256_setr_epi8(
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x10, 0x08, 0x02, 0x04, 0, 0, /* 9B BA */
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x10, 0x08, 0x02, 0x04, 0, 0);
  const __m256i hi2 = _mm256_setr_epi8(
      0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x10, 0x0C, 0x01, 0, 0, 0, 0, /* B4 88 A3 */
      0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x10, 0x0C, 0x01, 0, 0, 0, 0);
  const __m256i lo2 = _mm256_setr_epi8(
      0, 0, 0, 0x04, 0x11, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0x08, 0, /* AE 94 */
      0, 0, 0, 0x04, 0x11, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0x08, 0);
  __m256i v = v1, t = HS_NIB(hi1, lo1);
  v = v2;
  t = _mm256_and_si256(t, HS_NIB(hi2, lo2));
  return ~(uint32_t)_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(t, _mm256_setzero_si256()));
}
#undef HS_NIB

__attribute__((target("avx2"))) static inline uint32_t blk_avx2(const char *s,
                                                                size_t at) {
  return mask_avx2(
      _mm256_loadu_si256((const __m256i *)(const void *)(s + at + 1)),
      _mm256_loadu_si256((const __m256i *)(const void *)(s + at + 2)));
}

__attribute__((target("avx2"))) static uint64_t cands_avx2(const char *s,
                                                           size_t n, size_t b) {
#define BLK(at) blk_avx2(s, at)
  HS_CANDS(32, BLK);
#undef BLK
}
#endif

#if defined(HS_PERIOD_SSE2)
/* 16 positions at a time (n >= 18). */
static inline uint32_t blk_sse2(const char *s, size_t at) {
  __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(s + at + 1));
  __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(s + at + 2));
  return (uint32_t)_mm_movemask_epi8(HS_PAIRS(_mm, si128));
}

static uint64_t cands_sse2(const char *s, size_t n, size_t b) {
#define BLK(at) blk_sse2(s, at)
  HS_CANDS(16, BLK);
#undef BLK
}
#endif
#undef HS_CANDS
#undef HS_PAIRS
#undef HS_PAIR

/* The candidate anchors of positions [b, b + 64) (b <= n - 3) as a mask,
 * bit j for position b + j; none at or after n - 2. Without SIMD, only
 * the anchors themselves. */
static uint64_t cands_base(const char *s, size_t n, size_t b) {
#if defined(HS_PERIOD_SSE2)
  if (n >= 18) return cands_sse2(s, n, b);
#endif
  /* a byte at a time, by the anchors' third bytes */
  static const bool third[256] = {[0xB4] = true,
                                  [0x88] = true,
                                  [0xA3] = true,
                                  [0xAE] = true,
                                  [0x94] = true};
  uint64_t m = 0;
  for (size_t j = 0; j < 64 && b + j <= n - 3; j++)
    if (third[(unsigned char)s[b + j + 2]] && reach(ch(s, n, b + j)))
      m |= (uint64_t)1 << j;
  return m;
}

#if defined(HS_PERIOD_AVX2)
/* cands on CPUs with AVX2 */
__attribute__((target("avx2"))) static inline uint64_t
cands_x2(const char *s, size_t n, size_t b) {
  return n >= 34 ? cands_avx2(s, n, b) : cands_base(s, n, b);
}

/* cands with AVX-512 (BW and VBMI): the 64 positions at once, by masked
 * loads that read nothing past n (so a short text costs one block, and
 * the last block no overlap). A byte's low 6 bits pick the anchors whose
 * byte has them (vpermb; the anchors' second bytes differ there, and so
 * do their third bytes), and both bytes must be continuation bytes. */
#define HS_PERIOD_AVX512 "avx512f,avx512bw,avx512vbmi,bmi2"
__attribute__((target(HS_PERIOD_AVX512))) static inline uint64_t
cands_x512(const char *s, size_t n, size_t b) {
  /* anchor bits: 年 1 (B9 B4), 月 2 (9C 88), 季 4 (AD A3), 目 8 (9B AE),
   * 五 16 (BA 94), by the low 6 bits of the second and third bytes */
  static const unsigned char t1[64] = {
      [0x39] = 1, [0x1C] = 2, [0x2D] = 4, [0x1B] = 8, [0x3A] = 16};
  static const unsigned char t2[64] = {
      [0x34] = 1, [0x08] = 2, [0x23] = 4, [0x2E] = 8, [0x14] = 16};
  size_t r = n - 2 - b; /* positions */
  __mmask64 k = _bzhi_u64(~(uint64_t)0, (unsigned)(r < 64 ? r : 64));
  __m512i v1 = _mm512_maskz_loadu_epi8(k, s + b + 1);
  __m512i v2 = _mm512_maskz_loadu_epi8(k, s + b + 2);
  __m512i a1 = _mm512_permutexvar_epi8(v1, _mm512_loadu_si512(t1));
  __m512i a2 = _mm512_permutexvar_epi8(v2, _mm512_loadu_si512(t2));
  /* (v1 ^ 80) | (v2 ^ 80): 0 in the top two bits when both are 10xxxxxx */
  __m512i top =
      _mm512_ternarylogic_epi32(v1, v2, _mm512_set1_epi8((char)0x80), 0x7E);
  return _mm512_mask_testn_epi8_mask(_mm512_test_epi8_mask(a1, a2), top,
                                     _mm512_set1_epi8((char)0xC0));
}
#endif

/* Could expr match at s[i], a character of start_tab (c0)? A quick look
 * at what must follow it, true whenever p_expr may match (a cheap filter:
 * p_expr decides). */
static inline bool is_sep_or_yue(const char *s, size_t n, size_t f) {
  if (f >= n) return false;
  if (s[f] == '-' || s[f] == '~') return true;
  switch (ch(s, n, f)) {
    case C_EMDASH:
    case C_ENDASH:
    case C_ZHI:
    case C_DAO:
    case C_FWTILDE:
    case C_YUE: return true;
    default: return false;
  }
}

static bool may_start(const char *s, size_t n, size_t i, uint32_t c0) {
  uint32_t c1 = ch(s, n, i + 3);
  switch (c0) {
    case C_LQUOTE: return c1 == C_SHI; /* “十X五 */
    case C_SHI: { /* 十X五, 十-十二月, 十二月底 */
      if (ch(s, n, i + 6) == C_WU) return true;
      size_t f = c1 == C_ER || c1 == C_YI ? i + 6 : i + 3;
      return is_sep_or_yue(s, n, f);
    }
    case C_YI:
    case C_ER:
    case C_SAN:
    case C_SI: /* 一季度, 一-三月, 一月底, 一月份 */
      return c1 == C_JI || is_sep_or_yue(s, n, i + 3);
    case C_LIANG:
    case C_WU:
    case C_LIU:
    case C_QI:
    case C_BA:
    case C_JIU: return is_sep_or_yue(s, n, i + 3);
    case C_YUAN: return is_sep_or_yue(s, n, i + 3) && c1 != C_YUE;
    case C_JIE: return c1 == C_ZHI || c1 == C_ZHI_STOP;
    case C_JIN:
    case C_BEN:
    case C_DANG:
    case C_MING:
    case C_QU:
    case C_QUAN: return c1 == C_NIAN;
    case C_SHANG:
      return c1 == C_NIAN || (c1 == C_BAN && ch(s, n, i + 6) == C_NIAN);
    case C_XIA: return c1 == C_BAN && ch(s, n, i + 6) == C_NIAN;
    case C_QIAN:
      return (c1 == C_SAN || c1 == C_LIANG) && ch(s, n, i + 6) == C_JI;
    case C_DI_ORD:
      return (c1 == C_YI || c1 == C_ER || c1 == C_SAN || c1 == C_SI) &&
             ch(s, n, i + 6) == C_JI;
    case C_DAO:
    case C_JIN_NEAR: return is_digit(s, n, i + 3) || is_cnp_start(c1);
    case C_NIAN: return c1 == C_NEI;
    case C_MU: return c1 == C_QIAN;
    default: return true;
  }
}

/* ---- period.scan ------------------------------------------------------ */

/* What hs_period_scan carries from one anchor to the next. */
typedef struct scanner {
  const char *s;
  size_t n;
  int year;
  hs_periods *out;
  stop_cache c;
  bool named_set; /* the last year the text named: 2023年,…全年 */
  int named;
  size_t i; /* the scan's position: nothing before it is tried again */
} scanner;

/* The grammar from what may start an expression before the anchor at a
 * (reach r) through a, like (expr + 1)^0; sc->i ends past a or past the
 * last match. False when out of memory. */
static bool run_to(scanner *sc, size_t a, unsigned r) {
  const char *s = sc->s;
  size_t n = sc->n, i = sc->i;
  /* back from a over what may stand in an expression before its first
   * anchor (no further than its reach): an expression starting before
   * that would hold something else there */
  size_t w = a, lo = a - i > r ? a - r : i;
  while (w > lo) {
    unsigned char c0 = (unsigned char)s[w - 1];
    if (c0 < 0x80) {
      if ((c0 < '0' || c0 > '9') && c0 != '-' && c0 != '~') break;
      w--;
    } else {
      if (w - lo < 3 || !in_tab(inner_tab, (const unsigned char *)s + w - 3))
        break;
      w -= 3;
    }
  }
  /* the grammar at every byte of [w, a], like (expr + 1)^0 */
  for (i = w; i <= a;) {
    tok t;
    size_t e = NOPE, step = 1;
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] >= '0' && u[0] <= '9') {
      e = p_expr(s, n, i, &t, &sc->c);
    } else if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 &&
               (u[2] & 0xC0) == 0x80) {
      /* a 3-byte character: its continuation bytes start nothing */
      step = 3;
      if (in_tab(start_tab, u) &&
          may_start(s, n, i, (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2]))
        e = p_expr(s, n, i, &t, &sc->c);
    }
    if (e == NOPE) {
      i += step;
      continue;
    }
    /* 全年/年内 is the year the text last named, else `year` */
    bool has = sc->year != 0;
    long long y = sc->year;
    if (t.kind == K_NOW && t.fullyear && sc->named_set) {
      has = true;
      y = sc->named;
    }
    char buf[sizeof sc->out->items[0].period];
    bool ok = resolve(&t, has, y, buf);
    if (t.kind == K_GEN && t.has_y) {
      sc->named_set = true;
      sc->named = t.y;
    }
    if (ok) {
      hs_periods *out = sc->out;
      if (out->len == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 8;
        hs_period *p = realloc(out->items, cap * sizeof *p);
        if (!p) return false;
        out->items = p;
        out->cap = cap;
      }
      hs_period *p = &out->items[out->len++];
      p->start = i;
      p->stop = e;
      memcpy(p->period, buf, sizeof buf);
    }
    i = e;
  }
  sc->i = i;
  return true;
}

/* The walk over the anchors, inlined into a function per instruction set
 * with that set's cands (n >= 3). */
typedef uint64_t cands_fn(const char *s, size_t n, size_t b);
static inline __attribute__((always_inline)) bool
scan_blocks(scanner *sc, cands_fn *cands, uint64_t m0) {
  /* by the low 6 bits of an anchor's second byte (年 39, 月 1C, 季 2D,
   * 目 1B, 五 3A): its first byte, and its reach */
  static const unsigned char lead[64] = {[0x39] = 0xE5,
                                         [0x1C] = 0xE6,
                                         [0x2D] = 0xE5,
                                         [0x1B] = 0xE7,
                                         [0x3A] = 0xE4};
  static const unsigned char reach_of[64] = {
      [0x39] = 12, [0x1C] = 21, [0x2D] = 12, [0x1B] = 6, [0x3A] = 15};
  const char *s = sc->s;
  size_t n = sc->n;
  size_t last = n - 2; /* no anchor starts from there on */
  size_t b = 0;        /* m: the candidates in [b, b + 64) */
  uint64_t m = m0;     /* cands(s, n, 0) */
  for (;;) {
    /* the first anchor a at or after sc->i */
    size_t i = sc->i;
    if (i > b) {
      if (i - b >= 64) {
        b = i;
        if (b >= last) break;
        m = cands(s, n, b);
      } else {
        m &= ~(uint64_t)0 << (i - b);
      }
    }
    if (m == 0) {
      if ((b += 64) >= last) break;
      m = cands(s, n, b);
      continue;
    }
    size_t a = b + ctz64(m);
    m &= m - 1;
    const unsigned char *ua = (const unsigned char *)s + a;
    if (ua[0] != lead[ua[1] & 0x3F]) continue;
    if (!run_to(sc, a, reach_of[ua[1] & 0x3F])) return false;
  }
  return true;
}

__attribute__((noinline)) static bool scan_base(scanner *sc) {
  return scan_blocks(sc, cands_base, cands_base(sc->s, sc->n, 0));
}

#if defined(HS_PERIOD_AVX2)
__attribute__((target("avx2"))) static bool scan_avx2(scanner *sc) {
  return scan_blocks(sc, cands_x2, cands_x2(sc->s, sc->n, 0));
}

__attribute__((target(HS_PERIOD_AVX512), noinline)) static bool
scan_blocks_avx512(scanner *sc, uint64_t m0) {
  return scan_blocks(sc, cands_x512, m0);
}

/* A sentence of one block with no candidate (most of them) costs one
 * mask, and no set-up; the scan starts from that mask. */
__attribute__((target(HS_PERIOD_AVX512))) static bool
scan_avx512(const char *s, size_t n, int year, hs_periods *out) {
  uint64_t m0 = cands_x512(s, n, 0);
  if (m0 == 0 && n <= 66) return true;
  scanner sc = {s, n, year, out, {NOPE, 0}, false, 0, 0};
  return scan_blocks_avx512(&sc, m0);
}
#endif

/* Which SIMD the CPU has for the scans: 2 AVX-512 (BW, VBMI), 1 AVX2,
 * 0 neither (or not built). */
static inline int simd_level(void) {
#if defined(HS_PERIOD_AVX2)
  if (__builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2"))
    return 2;
  if (__builtin_cpu_supports("avx2")) return 1;
#endif
  return 0;
}

bool hs_period_scan(const char *s, size_t n, int year, hs_periods *out) {
  if (n < 3) return true;
#if defined(HS_PERIOD_AVX2)
  int simd = simd_level();
  if (simd == 2) return scan_avx512(s, n, year, out);
#endif
  scanner sc = {s, n, year, out, {NOPE, 0}, false, 0, 0};
#if defined(HS_PERIOD_AVX2)
  if (simd == 1) return scan_avx2(&sc);
#endif
  return scan_base(&sc);
}

void hs_periods_free(hs_periods *p) {
  free(p->items);
  p->items = NULL;
  p->len = p->cap = 0;
}

/* ---- period.years and doc_year --------------------------------------- */

/* The first 年 at or after k (k <= n - 3), or NOPE: its second and third
 * bytes (B9 B4) looked for a block at a time, its first (E5) checked for
 * the few that match; the last block overlaps the one before it. */
#define HS_NIAN_MASK(P, T, V, at)                                              \
  (uint32_t) P##_movemask_epi8(P##_and_##T(                                    \
      P##_cmpeq_epi8(P##_loadu_##T((const V *)(const void *)(s + (at) + 1)),   \
                     mid),                                                     \
      P##_cmpeq_epi8(P##_loadu_##T((const V *)(const void *)(s + (at) + 2)),   \
                     end)))
#define HS_FIND_NIAN(W, P, T, V)                                               \
  const V mid = P##_set1_epi8((char)0xB9), end = P##_set1_epi8((char)0xB4);    \
  uint32_t m;                                                                  \
  for (; k <= n - (W + 2); k += W)                                             \
    for (m = HS_NIAN_MASK(P, T, V, k); m; m &= m - 1)                          \
      if (s[k + ctz32(m)] == (char)0xE5) return k + ctz32(m);                  \
  if (k > n - 3) return NOPE;                                                  \
  size_t b = n - (W + 2);                                                      \
  for (m = HS_NIAN_MASK(P, T, V, b) & (~(uint32_t)0 << (k - b)); m;            \
       m &= m - 1)                                                             \
    if (s[b + ctz32(m)] == (char)0xE5) return b + ctz32(m);                    \
  return NOPE;

#if defined(HS_PERIOD_AVX2)
__attribute__((target("avx2"))) static size_t
find_nian_avx2(const char *s, size_t n, size_t k) {
  HS_FIND_NIAN(32, _mm256, si256, __m256i)
}
#endif

#if defined(HS_PERIOD_AVX2)
/* With AVX-512: 64 positions a turn, all three bytes compared under
 * masks; the last block's masked loads read nothing past n. */
__attribute__((target(HS_PERIOD_AVX512))) static inline uint64_t
nian_mask512(const char *s, __mmask64 v) {
  __mmask64 m = _mm512_mask_cmpeq_epi8_mask(
      v, _mm512_maskz_loadu_epi8(v, s + 1), _mm512_set1_epi8((char)0xB9));
  m = _mm512_mask_cmpeq_epi8_mask(m, _mm512_maskz_loadu_epi8(v, s + 2),
                                  _mm512_set1_epi8((char)0xB4));
  return _mm512_mask_cmpeq_epi8_mask(m, _mm512_maskz_loadu_epi8(v, s),
                                     _mm512_set1_epi8((char)0xE5));
}

__attribute__((target(HS_PERIOD_AVX512))) static size_t
find_nian_avx512(const char *s, size_t n, size_t k) {
  for (; k + 66 <= n; k += 64) {
    uint64_t m = nian_mask512(s + k, ~(__mmask64)0);
    if (m) return k + ctz64(m);
  }
  if (k > n - 3) return NOPE;
  uint64_t m =
      nian_mask512(s + k, _bzhi_u64(~(uint64_t)0, (unsigned)(n - 2 - k)));
  return m ? k + ctz64(m) : NOPE;
}
#endif

/* simd: simd_level() */
static size_t find_nian(const char *s, size_t n, size_t k, int simd) {
  (void)simd;
  if (n < 3 || k > n - 3) return NOPE;
#if defined(HS_PERIOD_AVX2)
  if (simd == 2) return find_nian_avx512(s, n, k);
  if (simd == 1 && n >= 34) return find_nian_avx2(s, n, k);
#endif
#if defined(HS_PERIOD_SSE2)
  if (n >= 18) {
    HS_FIND_NIAN(16, _mm, si128, __m128i)
  }
#endif
  /* without SIMD: memchr for its last byte, the rarest */
  for (; k <= n - 3; k++) {
    const char *p = memchr(s + k + 2, 0xB4, n - 2 - k);
    if (!p) return NOPE;
    k = (size_t)(p - s) - 2;
    if (ch(s, n, k) == C_NIAN) return k;
  }
  return NOPE;
}
#undef HS_FIND_NIAN
#undef HS_NIAN_MASK

/* year_mention = ("截至" | "截止" | "到" | "至")^-1 year4 "年" "度"^-1
 *   ("底" | "末")^-1 (&plan_after)^-1, tried at every byte.
 *
 * Every mention holds year4 "年" right after its optional `to` word, and
 * two year4 "年" are at least 7 bytes apart, so the next mention from
 * *cur is found from the next year4 "年" at k >= *cur: it starts at k - 6
 * when 截至/截止 stands there, else at k - 3 when 到/至 does (not before
 * *cur, where the Lua scan stands), else at k. Sets *cur past it. */
static bool next_mention(const char *s, size_t n, size_t *cur,
                         hs_year_mention *m, int simd) {
  size_t from = *cur;
  for (size_t g = from + 4; (g = find_nian(s, n, g, simd)) != NOPE; g += 3) {
    size_t k = g - 4;
    int y;
    if (p_year4(s, n, k, &y) == NOPE) continue;
    m->pos = k;
    m->y = y;
    m->to[0] = '\0';
    if (k - from >= 6 && ch(s, n, k - 6) == C_JIE &&
        (ch(s, n, k - 3) == C_ZHI || ch(s, n, k - 3) == C_ZHI_STOP)) {
      m->pos = k - 6;
    } else if (k - from >= 3 &&
               (ch(s, n, k - 3) == C_DAO || ch(s, n, k - 3) == C_ZHI)) {
      m->pos = k - 3;
    }
    memcpy(m->to, s + m->pos, k - m->pos);
    m->to[k - m->pos] = '\0';
    size_t e = k + 7;
    if (ch(s, n, e) == C_DU) e += 3;
    m->end = false;
    m->end_word[0] = '\0';
    uint32_t x = ch(s, n, e);
    if (x == C_DI || x == C_MO) {
      m->end = true;
      memcpy(m->end_word, s + e, 3);
      m->end_word[3] = '\0';
      e += 3;
    }
    /* plan_after = 工作打算 | 工作计划 | 工作安排 | 工作思路 | 工作要点
     *   | 计划 | 打算 | 目标 | 重点工作 | 工作重点 */
    uint32_t a = ch(s, n, e), b = ch(s, n, e + 3);
    bool plan = false;
    if (a == C_GONG && b == C_ZUO) {
      uint32_t x2 = ch(s, n, e + 6), y2 = ch(s, n, e + 9);
      plan = (x2 == C_DA && y2 == C_SUAN) ||
             (x2 == C_JI_COUNT && y2 == C_HUA) || (x2 == C_AN && y2 == C_PAI) ||
             (x2 == C_SI_THINK && y2 == C_LU) ||
             (x2 == C_YAO && y2 == C_DIAN) || (x2 == C_ZHONG && y2 == C_DIAN);
    } else {
      plan = (a == C_JI_COUNT && b == C_HUA) || (a == C_DA && b == C_SUAN) ||
             (a == C_MU && b == C_BIAO) ||
             (a == C_ZHONG && b == C_DIAN && ch(s, n, e + 6) == C_GONG &&
              ch(s, n, e + 9) == C_ZUO);
    }
    m->plan = plan;
    *cur = e;
    return true;
  }
  *cur = n;
  return false;
}

bool hs_period_years(const char *s, size_t n, hs_years *out) {
  size_t i = 0;
  hs_year_mention m;
  int simd = simd_level();
  while (next_mention(s, n, &i, &m, simd)) {
    if (out->len == out->cap) {
      size_t cap = out->cap ? out->cap * 2 : 8;
      hs_year_mention *p = realloc(out->items, cap * sizeof *p);
      if (!p) return false;
      out->items = p;
      out->cap = cap;
    }
    out->items[out->len++] = m;
  }
  return true;
}

void hs_years_free(hs_years *y) {
  free(y->items);
  y->items = NULL;
  y->len = y->cap = 0;
}

/* Does s hold w (wl > 0 bytes)? */
static bool has_word(const char *s, size_t n, const char *w, size_t wl) {
  for (const char *p = s, *end = s + n; (size_t)(end - p) >= wl; p++) {
    p = memchr(p, w[0], (size_t)(end - p) - wl + 1);
    if (!p) return false;
    if (memcmp(p, w, wl) == 0) return true;
  }
  return false;
}

int hs_period_doc_year(const char *s, size_t n, size_t before, int plan_year) {
  int best = 0;
  /* past_end[y - 1900]: y's end is named as past (year4: 1900..2099) */
  bool past_end[200] = {false};
  size_t i = 0;
  hs_year_mention m;
  int simd = simd_level();
  while (next_mention(s, n, &i, &m, simd)) {
    /* 到2025年 is a deadline, not a year the text tells of */
    bool deadline = strcmp(m.to, "到") == 0 || strcmp(m.to, "至") == 0;
    if (m.pos < before && (plan_year == 0 || m.y < plan_year) && !m.plan &&
        !deadline) {
      if (best == 0 || m.y > best) best = m.y;
      /* 2023年底,…成立 / 截至2023年末: told after that year ended */
      if (m.end && (m.to[0] == '\0' || memcmp(m.to, "截", 3) == 0))
        past_end[m.y - 1900] = true;
    }
  }
  /* only a text that says 今年 has a year of its own to find */
  if (best != 0 && past_end[best - 1900] && has_word(s, n, "今年", 6)) best++;
  return best;
}
