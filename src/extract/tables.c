/* SPDX-License-Identifier: MIT */
/*
 * Statistical tables: lua/hanscan/tables.lua in C. Each function below
 * names the Lua it mirrors; the Lua patterns are spelled out in comments
 * where their exact reading matters (%s is Lua's isspace in the C locale:
 * space, \t, \n, \v, \f, \r).
 */
#include "tables.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
/* AVX2 besides on x86-64 CPUs that have it (GCC and Clang) */
#if defined(__GNUC__) && defined(__x86_64__)
#define TABLES_AVX2 1
#include <immintrin.h>
#endif
#endif

#include "decimal.h"
#include "number.h"
#include "units.h"

#define NONE SIZE_MAX

static inline bool lsp(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool dig(unsigned char c) {
  return c >= '0' && c <= '9';
}

/* The first %s byte of t at or after i, n when none (with SSE2 16 bytes
 * at a time: the lines read as cells are often long runs of Han text). */
static size_t next_space(const char *t, size_t n, size_t i) {
#ifdef __SSE2__
  const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'),
                four = _mm_set1_epi8(4);
  for (; i + 16 <= n; i += 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
    __m128i d = _mm_sub_epi8(x, tab); /* \t..\r: 0..4 */
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(_mm_min_epu8(d, four), d)));
    if (m) return i + (size_t)__builtin_ctz(m);
  }
#endif
  while (i < n && !lsp((unsigned char)t[i]))
    i++;
  return i;
}

/* memmem for the short strings of a line (glibc's memmem prepares a
 * table on every call, which costs more than these searches) */
static const char *find_in(const char *s, size_t n, const char *w, size_t wn) {
  if (wn == 0 || n < wn) return NULL;
  const char *p = s, *last = s + (n - wn);
  while (p <= last) {
    p = memchr(p, w[0], (size_t)(last - p) + 1);
    if (!p) return NULL;
    if (memcmp(p + 1, w + 1, wn - 1) == 0) return p;
    p++;
  }
  return NULL;
}


static bool eq(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static size_t find6(const char *s, size_t n, size_t from, const char *a,
                    const char *b);

static bool contains(const char *s, size_t n, const char *w, size_t wn) {
  if (wn == 6 && n >= 64) return find6(s, n, 0, w, w) != NONE;
  return find_in(s, n, w, wn) != NULL;
}

/* {==== word lists */
typedef struct word {
  const char *w;
  size_t n;
} word;
#define W(x)                                                                   \
  { x, sizeof(x) - 1 }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* M.level_columns (bits 0..11 of a column word mask) and
 * M.growth_columns (bits 12..17), in the Lua's order */
static const word col_words[] = {
    W("绝对额"), W("绝对值"), W("本期"), W("本月"), W("累计"),   W("总量"),
    W("数值"),   W("完成"),   W("金额"), W("总额"), W("实绩"),   W("本年"),
    W("同比"),   W("增长"),   W("增速"), W("增幅"), W("比上年"), W("±%")};
#define LEVEL_COLS  0x00FFFu
#define GROWTH_COLS 0x3F000u
#define ANY_COLS    (LEVEL_COLS | GROWTH_COLS)
#define GROWTH_0    12 /* index of the first growth word */

/* The column words that start with the character at s[i] (every one
 * starts with a character of two or three bytes; a table kept in sync
 * with col_words, which the diff script tests/diff/tables.lua checks) */
static uint32_t col_words_at(const char *s, size_t n, size_t i) {
  const unsigned char *u = (const unsigned char *)s + i;
  uint32_t key;
  if (u[0] >= 0xE0 && n - i >= 3)
    key = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  else if (u[0] >= 0xC2 && u[0] < 0xE0 && n - i >= 2)
    key = (uint32_t)u[0] << 8 | u[1];
  else
    return 0;
  switch (key) {
    case 0xE7BB9D: return 0x00003u; /* 绝 */
    case 0xE69CAC: return 0x0080Cu; /* 本 */
    case 0xE7B4AF: return 0x00010u; /* 累 */
    case 0xE680BB: return 0x00220u; /* 总 */
    case 0xE695B0: return 0x00040u; /* 数 */
    case 0xE5AE8C: return 0x00080u; /* 完 */
    case 0xE98791: return 0x00100u; /* 金 */
    case 0xE5AE9E: return 0x00400u; /* 实 */
    case 0xE5908C: return 0x01000u; /* 同 */
    case 0xE5A29E: return 0x0E000u; /* 增 */
    case 0xE6AF94: return 0x10000u; /* 比 */
    case 0xC2B1: return 0x20000u;   /* ± */
    default: return 0;
  }
}

/* has(s, words) ~= nil for the column words of `mask` */
static bool has_cols(const char *s, size_t n, uint32_t mask) {
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)s[i] < 0xC2) continue;
    uint32_t m = col_words_at(s, n, i) & mask;
    while (m) {
      const word *w = &col_words[__builtin_ctz(m)];
      if (n - i >= w->n && memcmp(s + i, w->w, w->n) == 0) return true;
      m &= m - 1;
    }
  }
  return false;
}

/* has(s, M.growth_columns) == s: s is one of them (none holds another,
 * so the first one found in s is s itself only when s is one) */
static bool is_growth_word(const char *s, size_t n) {
  for (size_t i = GROWTH_0; i < COUNT(col_words); i++)
    if (eq(s, n, col_words[i].w, col_words[i].n)) return true;
  return false;
}

/* M.zone_headers */
/* (all start with the byte E5: zone_header_start relies on it) */
static const word zone_headers[] = {
    W("园区"), W("开发区"), W("园区名称"), W("开发区名称"), W("名称"),
    W("地区"), W("区域"),   W("单位"),     W("单位名称"),   W("县市区")};

static bool is_zone_word(const char *s, size_t n) {
  if (n < 6 || n > 15 || (unsigned char)s[0] != 0xE5) return false;
  for (size_t i = 0; i < COUNT(zone_headers); i++)
    if (eq(s, n, zone_headers[i].w, zone_headers[i].n)) return true;
  return false;
}
/* }==== */

/* The first position >= from where the 6-byte word a or b starts, NONE
 * if none (a == b to look for one word). With SSE2, 16 positions at a
 * time (32 with AVX2): bytes 2 and 5 of a word (the last bytes of its two
 * characters) pick the candidates, which are then compared whole.
 * FIND6_LOOP: W positions at a time from i while W + 5 bytes are left;
 * returns a match. P: the intrinsics' prefix (_mm, _mm256); T: their
 * integer type; V: their vector type. */
#define FIND6_LOOP(W, P, T, V)                                                 \
  const V a2 = P##_set1_epi8(a[2]), a5 = P##_set1_epi8(a[5]);                  \
  const V b2 = P##_set1_epi8(b[2]), b5 = P##_set1_epi8(b[5]);                  \
  for (; n >= W + 5 && i <= n - (W + 5); i += W) {                             \
    V x = P##_loadu_##T((const V *)(const void *)(s + i + 2));                 \
    V y = P##_loadu_##T((const V *)(const void *)(s + i + 5));                 \
    V m =                                                                      \
        P##_or_##T(P##_and_##T(P##_cmpeq_epi8(x, a2), P##_cmpeq_epi8(y, a5)),  \
                   P##_and_##T(P##_cmpeq_epi8(x, b2), P##_cmpeq_epi8(y, b5))); \
    for (uint32_t mask = (uint32_t)P##_movemask_epi8(m); mask;                 \
         mask &= mask - 1) {                                                   \
      size_t p = i + (size_t)__builtin_ctz(mask);                              \
      if (memcmp(s + p, a, 6) == 0 || memcmp(s + p, b, 6) == 0) return p;      \
    }                                                                          \
  }

#ifdef TABLES_AVX2
/* find6's loop 32 positions at a time: a match, else NONE with *at where
 * fewer than 37 bytes are left. */
__attribute__((target("avx2"))) static size_t
find6_avx2(const char *s, size_t n, size_t *at, const char *a, const char *b) {
  size_t i = *at;
  FIND6_LOOP(32, _mm256, si256, __m256i)
  *at = i;
  return NONE;
}
#endif

/* find6's loop with AVX-512, 64 positions at a time (the two bytes'
 * compares straight into masks): a match, else NONE with *at where fewer
 * than 69 bytes are left. */
__attribute__((target("avx512bw"))) static size_t
find6_avx512(const char *s, size_t n, size_t *at, const char *a,
             const char *b) {
  const __m512i a2 = _mm512_set1_epi8(a[2]), a5 = _mm512_set1_epi8(a[5]);
  const __m512i b2 = _mm512_set1_epi8(b[2]), b5 = _mm512_set1_epi8(b[5]);
  size_t i = *at;
  for (; i <= n - 69; i += 64) {
    __m512i x = _mm512_loadu_si512((const void *)(s + i + 2));
    __m512i y = _mm512_loadu_si512((const void *)(s + i + 5));
    uint64_t mask =
        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(x, a2), y, a5) |
        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(x, b2), y, b5);
    for (; mask; mask &= mask - 1) {
      size_t p = i + (size_t)__builtin_ctzll(mask);
      if (memcmp(s + p, a, 6) == 0 || memcmp(s + p, b, 6) == 0) return p;
    }
  }
  *at = i;
  return NONE;
}

static size_t find6(const char *s, size_t n, size_t from, const char *a,
                    const char *b) {
  size_t i = from;
#ifdef TABLES_AVX2
  if (n >= 69 && i <= n - 69 && __builtin_cpu_supports("avx512bw")) {
    size_t p = find6_avx512(s, n, &i, a, b);
    if (p != NONE) return p;
  }
  if (n >= 37 && i <= n - 37 && __builtin_cpu_supports("avx2")) {
    size_t p = find6_avx2(s, n, &i, a, b);
    if (p != NONE) return p;
  }
#endif
#ifdef __SSE2__
  FIND6_LOOP(16, _mm, si128, __m128i)
#endif
  for (; n >= 6 && i <= n - 6; i++)
    if ((s[i] == a[0] || s[i] == b[0]) &&
        (memcmp(s + i, a, 6) == 0 || memcmp(s + i, b, 6) == 0))
      return i;
  return NONE;
}
#undef FIND6_LOOP

/* {==== storage */
typedef struct block {
  struct block *next;
  size_t cap, used;
  _Alignas(max_align_t) char data[];
} block;

typedef struct span {
  size_t off, len;
} span;

/* A list of cells: their bytes in buf, each cell a span of it. */
typedef struct cellv {
  char *buf;
  size_t blen, bcap;
  span *c;
  size_t n, cap;
} cellv;

/* A column of the header (column_kinds). */
typedef struct col {
  bool growth;
  const char *unit, *kind; /* NULL: no unit (its cells are dropped) */
  int scale;
  const char *label; /* by_zone; NULL if nil */
  size_t label_len;
} col;

/* unit_of results of short texts, kept across documents (unit_of is a
 * function of its text alone: the unit table is fixed) */
#define UCACHE     8
#define UCACHE_LEN 24
typedef struct ucache {
  unsigned char len; /* 0: empty */
  bool found;
  int scale;
  const char *unit, *kind;
  char text[UCACHE_LEN];
} ucache;

struct hs_tables_mem {
  ucache uc[UCACHE];
  unsigned uc_next;
  block *head, *cur; /* arena of the results */
  bool oom;
  char *tbuf; /* a line with brackets and colons made ASCII */
  size_t tcap;
  char *ubuf; /* "1" .. unit text; also stripped column names */
  size_t ucap;
  cellv hdr, words, row, ul;
  col *cols;
  size_t ncols, colcap;
  hs_table_row *rows; /* the rows of the table being read */
  size_t nrows, rowcap;
};

/* p grown to hold `need` elements of `size` bytes (the capacity *cap
 * doubled as needed), or p itself with *ok false when out of memory. */
static void *grow_to(void *p, size_t *cap, size_t need, size_t size, bool *ok) {
  *ok = true;
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 16;
  while (c < need) {
    if (c > SIZE_MAX / 2 / size) {
      *ok = false;
      return p;
    }
    c *= 2;
  }
  void *q = realloc(p, c * size);
  if (!q) {
    *ok = false;
    return p;
  }
  *cap = c;
  return q;
}

/* GROW(p, cap, need): grows the array p of capacity cap; false when out
 * of memory (p unchanged). The caller declares bool grow_ok. */
#define GROW(p, cap, need)                                                     \
  ((p) = grow_to((p), &(cap), (need), sizeof *(p), &grow_ok), grow_ok)

static void *arena_alloc(hs_tables_mem *m, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  block *b = m->cur;
  while (b) {
    if (b->cap - b->used >= size) {
      void *p = b->data + b->used;
      b->used += size;
      m->cur = b;
      return p;
    }
    if (!b->next) break;
    b = b->next;
    b->used = 0;
  }
  /* blocks of 8 KiB, each new one twice the last, at most 1 MiB */
  size_t cap = b ? (b->cap < (1u << 20) ? b->cap * 2 : b->cap) : 8192;
  if (cap < size) cap = size;
  block *nb = malloc(sizeof(block) + cap);
  if (!nb) {
    m->oom = true;
    return NULL;
  }
  nb->cap = cap;
  nb->used = size;
  if (b) {
    nb->next = b->next;
    b->next = nb;
  } else {
    nb->next = NULL;
    m->head = nb;
  }
  m->cur = nb;
  return nb->data;
}

static const char *arena_str(hs_tables_mem *m, const char *s, size_t n) {
  char *p = arena_alloc(m, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

static void cv_reset(cellv *v) {
  v->blen = 0;
  v->n = 0;
}

static bool cv_bytes(hs_tables_mem *m, cellv *v, const char *p, size_t len) {
  bool grow_ok;
  if (!GROW(v->buf, v->bcap, v->blen + len + 1)) {
    m->oom = true;
    return false;
  }
  if (len) memcpy(v->buf + v->blen, p, len);
  v->blen += len;
  return true;
}

static bool cv_push(hs_tables_mem *m, cellv *v, const char *p, size_t len) {
  bool grow_ok;
  if (!GROW(v->c, v->cap, v->n + 1)) {
    m->oom = true;
    return false;
  }
  v->c[v->n].off = v->blen;
  v->c[v->n].len = len;
  if (!cv_bytes(m, v, p, len)) return false;
  v->n++;
  return true;
}

/* Appends to the last cell, which ends the buffer. */
static bool cv_extend(hs_tables_mem *m, cellv *v, const char *p, size_t len) {
  if (!cv_bytes(m, v, p, len)) return false;
  v->c[v->n - 1].len += len;
  return true;
}

static inline const char *cv_at(const cellv *v, size_t i) {
  return v->buf + v->c[i].off;
}

static void cv_free(cellv *v) {
  free(v->buf);
  free(v->c);
}
/* }==== */

/* {==== cells */

/* decimal.norm of sign, the digits of int (commas skipped) and frac. */
static void norm_parts(bool neg, const char *ip, size_t in, const char *fp,
                       size_t fn, char out[HS_DEC_MAX]) {
  size_t i = 0;
  while (i < in && (ip[i] == '0' || ip[i] == ','))
    i++;
  while (fn > 0 && fp[fn - 1] == '0')
    fn--;
  size_t nd = 0; /* digits of the integer part left */
  for (size_t k = i; k < in; k++)
    nd += ip[k] != ',';
  if (nd == 0 && fn == 0) {
    out[0] = '0';
    out[1] = 0;
    return;
  }
  size_t len = (neg ? 1 : 0) + (nd ? nd : 1) + (fn ? fn + 1 : 0);
  if (len > HS_DEC_MAX - 1) {
    out[0] = 0;
    return;
  }
  char *o = out;
  if (neg) *o++ = '-';
  if (nd == 0) *o++ = '0';
  for (size_t k = i; k < in; k++)
    if (ip[k] != ',') *o++ = ip[k];
  if (fn) {
    *o++ = '.';
    memcpy(o, fp, fn);
    o += fn;
  }
  *o = 0;
}

/* M.cell_value: the kind of cell c; out (when not NULL) gets the value of
 * a number, "" when it does not fit */
static int cell_value(const char *c, size_t n, char *out) {
  if (out) out[0] = 0;
  if ((n == 1 && (c[0] == '-' || c[0] == '/')) ||
      (n == 2 && c[0] == '-' && c[1] == '-') ||
      (n == 3 && (memcmp(c, "—", 3) == 0 || memcmp(c, "…", 3) == 0)) ||
      (n == 6 && memcmp(c, "——", 6) == 0))
    return HS_CELL_EMPTY;
  if (n == 0) return HS_CELL_NIL;
  /* ^([%-]?)(%d+)%-(%d+)$ with no sign: a damaged point */
  size_t i = 0;
  while (i < n && dig((unsigned char)c[i]))
    i++;
  if (i > 0 && i < n && c[i] == '-') {
    size_t k = i + 1;
    while (k < n && dig((unsigned char)c[k]))
      k++;
    if (k == n && k > i + 1) {
      if (out) norm_parts(false, c, i, c + i + 1, n - i - 1, out);
      return HS_CELL_NUM;
    }
  }
  /* ^[%-+]?%d[%d,]*%.?%d*$ */
  size_t p = 0;
  bool neg = false;
  if (c[0] == '-' || c[0] == '+') {
    neg = c[0] == '-';
    p = 1;
  }
  if (p >= n || !dig((unsigned char)c[p])) return HS_CELL_NIL;
  size_t is = p++;
  while (p < n && (dig((unsigned char)c[p]) || c[p] == ','))
    p++;
  size_t ie = p, fs = p, fe = p;
  if (p < n && c[p] == '.') {
    fs = ++p;
    while (p < n && dig((unsigned char)c[p]))
      p++;
    fe = p;
  }
  if (p != n) return HS_CELL_NIL;
  if (out) norm_parts(neg, c + is, ie - is, c + fs, fe - fs, out);
  return HS_CELL_NUM;
}

int hs_tables_cell_value(const char *c, size_t n, char out[HS_DEC_MAX]) {
  return cell_value(c, n, out);
}

static int cell_kind(const char *c, size_t n) {
  return cell_value(c, n, NULL);
}

static void trim(const char **p, size_t *n) {
  const char *a = *p, *b = *p + *n;
  while (a < b && lsp((unsigned char)*a))
    a++;
  while (b > a && lsp((unsigned char)b[-1]))
    b--;
  *p = a;
  *n = (size_t)(b - a);
}

/* `%S+` words of t into v. */
static bool words_of(hs_tables_mem *m, const char *t, size_t n, cellv *v) {
  cv_reset(v);
  size_t i = 0;
  while (i < n) {
    while (i < n && lsp((unsigned char)t[i]))
      i++;
    if (i >= n) break;
    size_t j = next_space(t, n, i);
    if (!cv_push(m, v, t + i, j - i)) return false;
    i = j;
  }
  return true;
}

/* cells_of(line) */
static bool cells_of(hs_tables_mem *m, const char *t, size_t n, cellv *v) {
  cv_reset(v);
  trim(&t, &n);
  if (n > 0 && memchr(t, '|', n)) {
    size_t p = 0;
    for (;;) {
      const char *q = memchr(t + p, '|', n - p);
      size_t e = q ? (size_t)(q - t) : n;
      const char *c = t + p;
      size_t cn = e - p;
      trim(&c, &cn);
      if (cn && !cv_push(m, v, c, cn)) return false;
      if (!q) break;
      p = e + 1;
    }
    return true;
  }
  /* tabs and runs of two or more spaces: (.-)%s%s+ over the text with
   * tabs as two spaces, i.e. a whitespace run that is two long or holds a
   * tab */
  size_t p = 0;
  while (p < n) {
    size_t r = p, re = n;
    while (r < n) {
      if (lsp((unsigned char)t[r])) {
        size_t e = r;
        bool tab = false;
        while (e < n && lsp((unsigned char)t[e]))
          tab |= t[e++] == '\t';
        if (e - r >= 2 || tab) {
          re = e;
          break;
        }
        r = e;
      } else {
        r = next_space(t, n, r);
      }
    }
    if (r > p && !cv_push(m, v, t + p, r - p)) return false;
    p = r < n ? re : n;
  }
  if (v->n > 1) return true;
  /* one space only: a label (which may hold spaces) then numbers */
  cv_reset(v);
  size_t i = 0;
  while (i < n) {
    while (i < n && lsp((unsigned char)t[i]))
      i++;
    if (i >= n) break;
    size_t j = next_space(t, n, i);
    if (v->n > 0 && cell_kind(t + i, j - i) == HS_CELL_NIL &&
        cell_kind(cv_at(v, v->n - 1), v->c[v->n - 1].len) == HS_CELL_NIL) {
      if (!cv_extend(m, v, t + i, j - i)) return false;
    } else if (!cv_push(m, v, t + i, j - i)) {
      return false;
    }
    i = j;
  }
  return true;
}
/* }==== */

/* {==== lines */
static size_t line_end(const char *s, size_t n, size_t ls) {
  const char *q = ls < n ? memchr(s + ls, '\n', n - ls) : NULL;
  return q ? (size_t)(q - s) : n;
}

/* A line's `text`: （ ） ： as ( ) :. Points into s when the line has
 * none of them, else into m->tbuf (valid until the next call). */
static const char *line_text(hs_tables_mem *m, const char *s, size_t ls,
                             size_t le, size_t *tn) {
  const char *raw = s + ls;
  size_t n = le - ls;
  *tn = n;
  if (!contains(raw, n, "\xEF\xBC", 2)) return raw;
  bool grow_ok;
  if (!GROW(m->tbuf, m->tcap, n + 1)) {
    m->oom = true;
    *tn = 0;
    return "";
  }
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)raw[i] == 0xEF && i + 2 < n &&
        (unsigned char)raw[i + 1] == 0xBC) {
      unsigned char c = (unsigned char)raw[i + 2];
      if (c == 0x88 || c == 0x89 || c == 0x9A) {
        m->tbuf[o++] = c == 0x88 ? '(' : c == 0x89 ? ')' : ':';
        i += 2;
        continue;
      }
    }
    m->tbuf[o++] = raw[i];
  }
  *tn = o;
  return m->tbuf;
}

/* zone_header_start: ^%s*([^%s|]+) is one of the zone headers, i.e. the
 * line starts (after spaces) with a zone header that a space, | or the
 * end of the line follows */
static bool zone_header_start(const char *t, size_t n) {
  size_t i = 0;
  while (i < n && lsp((unsigned char)t[i]))
    i++;
  /* every zone header starts with a character of U+5000..U+5FFF */
  if (n - i < 6 || (unsigned char)t[i] != 0xE5) return false;
  for (size_t k = 0; k < COUNT(zone_headers); k++) {
    const word *w = &zone_headers[k];
    if (n - i >= w->n && t[i + 1] == w->w[1] && t[i + 2] == w->w[2] &&
        memcmp(t + i, w->w, w->n) == 0 &&
        (n - i == w->n || lsp((unsigned char)t[i + w->n]) ||
         t[i + w->n] == '|'))
      return true;
  }
  return false;
}

/* Can a line be a header at all (is_header of its cells or words, or the
 * first line of a one-cell-per-line header)? Only if it names 指标 or
 * 项目, or its first cell is a zone header: the line starts with one
 * after spaces and bars (empty cells are dropped: " |园区 | …"). */
static bool may_head(const char *t, size_t n) {
  if (find6(t, n, 0, "指标", "项目") != NONE) return true;
  size_t i = 0;
  while (i < n && (lsp((unsigned char)t[i]) || t[i] == '|'))
    i++;
  for (size_t k = 0; k < COUNT(zone_headers); k++) {
    const word *w = &zone_headers[k];
    if (n - i >= w->n && memcmp(t + i, w->w, w->n) == 0) return true;
  }
  return false;
}

/* ^%s*项目 */
static bool starts_xiangmu(const char *t, size_t n) {
  size_t i = 0;
  while (i < n && lsp((unsigned char)t[i]))
    i++;
  return n - i >= 6 && memcmp(t + i, "项目", 6) == 0;
}
/* }==== */

/* units_header: 单位:亿元、% -> { "亿元", "%" } in v; false when none.
 * line:match("单位%s*:%s*(.-)%s*%)?%s*$") */
static bool units_header(hs_tables_mem *m, const char *t, size_t n, cellv *v) {
  cv_reset(v);
  size_t from = 0, a = NONE;
  while (from < n) {
    size_t qp = find6(t, n, from, "单位", "单位");
    if (qp == NONE) return false;
    const char *q = t + qp;
    size_t p = (size_t)(q - t) + 6;
    while (p < n && lsp((unsigned char)t[p]))
      p++;
    if (p < n && t[p] == ':') {
      a = p + 1;
      break;
    }
    from = (size_t)(q - t) + 1;
  }
  if (a == NONE) return false;
  while (a < n && lsp((unsigned char)t[a]))
    a++;
  size_t b = n;
  while (b > a && lsp((unsigned char)t[b - 1]))
    b--;
  if (b > a && t[b - 1] == ')') {
    b--;
    while (b > a && lsp((unsigned char)t[b - 1]))
      b--;
  }
  /* 、 as , then split on , and / */
  size_t p = a, cs = a;
  for (;;) {
    size_t sep = 0;
    if (p >= b)
      sep = 1;
    else if (t[p] == ',' || t[p] == '/')
      sep = 1;
    else if (b - p >= 3 && memcmp(t + p, "、", 3) == 0)
      sep = 3;
    if (sep) {
      const char *c = t + cs;
      size_t cn = p - cs;
      trim(&c, &cn);
      if (cn && !cv_push(m, v, c, cn)) return false;
      if (p >= b) break;
      p += sep;
      cs = p;
    } else {
      p++;
    }
  }
  return v->n > 0;
}

/* is_zone_header(cells) */
static bool is_zone_header(const cellv *h) {
  if (h->n < 3 || !is_zone_word(cv_at(h, 0), h->c[0].len)) return false;
  bool typed = false;
  for (size_t i = 1; i < h->n; i++) {
    const char *c = cv_at(h, i);
    size_t cn = h->c[i].len;
    if ((cn && memchr(c, '(', cn)) || has_cols(c, cn, GROWTH_COLS))
      typed = true;
    if (cell_kind(c, cn) != HS_CELL_NIL) return false;
  }
  return typed;
}

/* is_header(cells) */
static bool is_header(const cellv *h) {
  if (h->n < 2) return false;
  if (is_zone_header(h)) return true;
  const char *l = cv_at(h, 0);
  size_t ln = h->c[0].len;
  if (!contains(l, ln, "指标", 6) && !contains(l, ln, "项目", 6)) return false;
  for (size_t i = 1; i < h->n; i++)
    if (!has_cols(cv_at(h, i), h->c[i].len, ANY_COLS)) return false;
  return true;
}

static bool unit_read(hs_tables_mem *m, const char *t, size_t n,
                      const char **unit, const char **kind, int *scale);

/* unit_of(text): unit, kind, scale; false when text is no unit. */
static bool unit_of(hs_tables_mem *m, const char *t, size_t n,
                    const char **unit, const char **kind, int *scale) {
  if ((n == 1 && t[0] == '%') || (n == 3 && memcmp(t, "％", 3) == 0)) {
    *unit = *kind = "percent";
    *scale = 0;
    return true;
  }
  ucache *c = NULL;
  if (n > 0 && n <= UCACHE_LEN) {
    for (size_t k = 0; k < UCACHE; k++) {
      c = &m->uc[k];
      if (c->len == n && memcmp(c->text, t, n) == 0) {
        *unit = c->unit;
        *kind = c->kind;
        *scale = c->scale;
        return c->found;
      }
    }
    c = &m->uc[m->uc_next++ % UCACHE];
    c->len = 0;
  } else {
    c = NULL;
  }
  bool found = unit_read(m, t, n, unit, kind, scale);
  if (c && !m->oom) {
    c->len = (unsigned char)n;
    memcpy(c->text, t, n);
    c->found = found;
    c->unit = found ? *unit : NULL;
    c->kind = found ? *kind : NULL;
    c->scale = found ? *scale : 0;
  }
  return found;
}

/* unit_of after "%": the number and unit grammars on "1" .. text */
static bool unit_read(hs_tables_mem *m, const char *t, size_t n,
                      const char **unit, const char **kind, int *scale) {
  bool grow_ok;
  if (!GROW(m->ubuf, m->ucap, n + 2)) {
    m->oom = true;
    return false;
  }
  m->ubuf[0] = '1';
  memcpy(m->ubuf + 1, t, n);
  m->ubuf[n + 1] = 0;
  hs_number num;
  int sc = 0;
  size_t pos = 1;
  if (hs_number_match(m->ubuf, n + 1, 0, &num)) {
    sc = num.scale < 0 ? 0 : num.scale;
    pos = num.stop;
  }
  hs_unit u;
  if (!hs_units_match(m->ubuf, n + 1, pos, &u)) return false;
  *unit = u.unit;
  *kind = u.kind;
  *scale = sc;
  return true;
}

/* name:match("%(([^)]+)%)") */
static bool paren_in(const char *t, size_t n, size_t *a, size_t *b) {
  size_t p = 0;
  while (p < n) {
    const char *o = memchr(t + p, '(', n - p);
    if (!o) return false;
    size_t op = (size_t)(o - t);
    const char *c = memchr(t + op + 1, ')', n - op - 1);
    if (!c) return false;
    size_t cp = (size_t)(c - t);
    if (cp > op + 1) {
      *a = op + 1;
      *b = cp;
      return true;
    }
    p = op + 1;
  }
  return false;
}

/* label:match("%(([^)]+)%)%s*$"): the last non-space byte is ")", and
 * the leftmost "(" after the ")" before it, not right before it. */
static bool paren_end(const char *t, size_t n, size_t *a, size_t *b) {
  size_t z = n;
  while (z > 0 && lsp((unsigned char)t[z - 1]))
    z--;
  if (z == 0 || t[z - 1] != ')') return false;
  z--; /* t[z] == ')' */
  size_t y = z;
  while (y > 0 && t[y - 1] != ')')
    y--;
  /* "(" in [y, z - 1) */
  if (z < 1 + y + 1) return false;
  const char *o = memchr(t + y, '(', z - 1 - y);
  if (!o) return false;
  *a = (size_t)(o - t) + 1;
  *b = z;
  return true;
}

/* name:gsub("%(.-%)", "") into m->ubuf */
static const char *strip_parens(hs_tables_mem *m, const char *t, size_t n,
                                size_t *on) {
  bool grow_ok;
  if (!GROW(m->ubuf, m->ucap, n + 1)) {
    m->oom = true;
    *on = 0;
    return "";
  }
  size_t o = 0, i = 0;
  while (i < n) {
    if (t[i] == '(') {
      const char *c = memchr(t + i + 1, ')', n - i - 1);
      if (c) {
        i = (size_t)(c - t) + 1;
        continue;
      }
    }
    m->ubuf[o++] = t[i++];
  }
  *on = o;
  return m->ubuf;
}

/* column_kinds(header, unit_list): m->cols; returns by_zone */
static bool column_kinds(hs_tables_mem *m, const cellv *h, const cellv *ul,
                         bool *by_zone) {
  m->ncols = 0;
  size_t levels = 0;
  *by_zone = is_zone_header(h);
  const char *last = NULL;
  size_t last_len = 0;
  bool grow_ok;
  if (!GROW(m->cols, m->colcap, h->n)) {
    m->oom = true;
    return false;
  }
  for (size_t i = 1; i < h->n; i++) {
    const char *name = cv_at(h, i);
    size_t nn = h->c[i].len;
    col c = {0};
    bool growth_word = has_cols(name, nn, GROWTH_COLS);
    size_t sn = 0;
    const char *stripped = NULL;
    if (*by_zone) {
      stripped = strip_parens(m, name, nn, &sn);
      if (m->oom) return false;
      if (growth_word && (!last || is_growth_word(stripped, sn))) {
        c.label = last;
        c.label_len = last_len;
      } else {
        c.label = arena_str(m, stripped, sn);
        if (!c.label) return false;
        c.label_len = sn;
        last = c.label;
        last_len = sn;
      }
    }
    if (growth_word &&
        (!*by_zone || !c.label || !eq(c.label, c.label_len, stripped, sn))) {
      c.growth = true;
      c.unit = c.kind = "percent";
      c.scale = 0;
    } else {
      c.growth = false;
      levels++;
      size_t pa, pb;
      const char *ut = NULL;
      size_t un = 0;
      if (paren_in(name, nn, &pa, &pb)) {
        ut = name + pa;
        un = pb - pa;
      } else if (ul && levels - 1 < ul->n) {
        ut = cv_at(ul, levels - 1);
        un = ul->c[levels - 1].len;
      } else if (ul && i - 1 < ul->n) {
        ut = cv_at(ul, i - 1);
        un = ul->c[i - 1].len;
      }
      if (ut && !unit_of(m, ut, un, &c.unit, &c.kind, &c.scale)) {
        if (m->oom) return false;
        c.unit = c.kind = NULL;
      }
    }
    m->cols[m->ncols++] = c;
  }
  return true;
}

/* One row: label cells->c[0], values after it. */
static bool add_row(hs_tables_mem *m, const cellv *rc, size_t rs, size_t re) {
  const char *label = cv_at(rc, 0);
  size_t ln = rc->c[0].len;
  const char *lu = NULL, *lk = NULL;
  int lsc = 0;
  size_t pa, pb;
  if (paren_end(label, ln, &pa, &pb)) {
    if (!unit_of(m, label + pa, pb - pa, &lu, &lk, &lsc)) {
      if (m->oom) return false;
      lu = lk = NULL;
    }
  }
  bool grow_ok;
  if (!GROW(m->rows, m->rowcap, m->nrows + 1)) {
    m->oom = true;
    return false;
  }
  hs_table_row *row = &m->rows[m->nrows];
  row->s = rs;
  row->e = re;
  row->label = arena_str(m, label, ln);
  row->label_len = ln;
  row->cells = NULL;
  row->ncells = 0;
  if (!row->label) return false;
  if (rc->n > 1) {
    row->cells = arena_alloc(m, (rc->n - 1) * sizeof(hs_table_cell));
    if (!row->cells) return false;
  }
  for (size_t k = 1; k < rc->n; k++) {
    if (k - 1 >= m->ncols) break;
    const col *c = &m->cols[k - 1];
    char v[HS_DEC_MAX];
    if (hs_tables_cell_value(cv_at(rc, k), rc->c[k].len, v) != HS_CELL_NUM)
      continue;
    const char *unit = c->unit, *kind = c->kind;
    int scale = c->scale;
    if (!c->growth && lu) {
      unit = lu;
      kind = lk;
      scale = lsc;
    }
    if (!unit) continue;
    hs_table_cell *cell = &row->cells[row->ncells];
    if (!v[0]) continue; /* too long */
    if (scale == 0)
      memcpy(cell->value, v, sizeof v); /* normalized already */
    else if (!hs_dec_shift(v, scale, cell->value))
      continue; /* too long */
    cell->growth = c->growth;
    cell->unit = unit;
    cell->kind = kind;
    cell->label = c->label;
    cell->label_len = c->label_len;
    row->ncells++;
  }
  m->nrows++;
  return true;
}

/* {==== the gate: M.gate, and 项目 at the start of a line */
/* *kw: the first 单位 or 指标 (NONE: none), which find starts from. */
static bool gate(const char *s, size_t n, size_t *kw) {
  *kw = NONE;
  if (n == 0) return false;
  if ((*kw = find6(s, n, 0, "单位", "指标")) != NONE) return true;
  if (memchr(s, '|', n) || memchr(s, '\t', n)) return true;
  /* "(": 同比( (亿元) (万元) */
  const char *p = s, *end = s + n;
  while ((p = memchr(p, '(', (size_t)(end - p))) != NULL) {
    size_t i = (size_t)(p - s);
    if (i >= 6 && memcmp(p - 6, "同比", 6) == 0) return true;
    if (n - i >= 8 &&
        (memcmp(p + 1, "亿元)", 7) == 0 || memcmp(p + 1, "万元)", 7) == 0))
      return true;
    p++;
  }
  /* "（" (EF BC 88): 同比（ （亿元） （万元） */
  p = s;
  while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
    size_t i = (size_t)(p - s);
    if (n - i >= 3 && memcmp(p, "（", 3) == 0) {
      if (i >= 6 && memcmp(p - 6, "同比", 6) == 0) return true;
      if (n - i >= 12 &&
          (memcmp(p + 3, "亿元）", 9) == 0 || memcmp(p + 3, "万元）", 9) == 0))
        return true;
    }
    p++;
  }
  /* ^%s*项目 or \n%s*项目 */
  for (size_t i = 0; (i = find6(s, n, i, "项目", "项目")) != NONE; i++) {
    const char *b = s + i;
    bool nl = false;
    while (b > s && lsp((unsigned char)b[-1]))
      nl |= *--b == '\n';
    if (b == s || nl) return true;
  }
  return false;
}
/* }==== */

static void mem_reset(hs_tables_mem *m) {
  m->cur = m->head;
  if (m->head) m->head->used = 0;
  m->oom = false;
  m->nrows = 0;
}

/* Moves the finished rows to the arena as a new table. */
static bool add_table(hs_tables *out, hs_table *t) {
  hs_tables_mem *m = out->mem;
  t->rows = arena_alloc(m, m->nrows * sizeof(hs_table_row));
  if (!t->rows) return false;
  memcpy(t->rows, m->rows, m->nrows * sizeof(hs_table_row));
  t->nrows = m->nrows;
  bool grow_ok;
  if (!GROW(out->items, out->cap, out->len + 1)) {
    m->oom = true;
    return false;
  }
  out->items[out->len++] = *t;
  return true;
}

/* The line cursor of M.find: i and the two lines before it (title). */
typedef struct cursor {
  size_t s, e, prev1, prev2;
} cursor;

static inline void advance(const char *s, size_t n, cursor *c) {
  c->prev2 = c->prev1;
  c->prev1 = c->s;
  c->s = c->e < n ? c->e + 1 : NONE;
  if (c->s != NONE) c->e = line_end(s, n, c->s);
}

/* kw: the first 单位 or 指标 in s (NONE: none) */
static bool find(const char *s, size_t n, size_t kw, hs_tables *out) {
  hs_tables_mem *m = out->mem;
  cursor cur = {0, line_end(s, n, 0), NONE, NONE};
  /* kw: the next 单位 or 指标 at or after the line (NONE: none) */
  while (cur.s != NONE) {
    size_t ls = cur.s, le = cur.e;
    /* a table starts with a units line (单位) or a header naming 指标,
     * 项目 or a zone column; other lines are passed over at once */
    if (kw < ls) kw = find6(s, n, ls, "单位", "指标");
    /* (项 and every zone header start with the byte E9 or E5) */
    unsigned char b0 = ls < le ? (unsigned char)s[ls] : 0;
    bool start = kw < le || ((b0 == 0xE5 || b0 == 0xE9 || lsp(b0)) &&
                             (starts_xiangmu(s + ls, le - ls) ||
                              zone_header_start(s + ls, le - ls)));
    if (!start) {
      advance(s, n, &cur);
      continue;
    }
    size_t tn;
    const char *t = line_text(m, s, ls, le, &tn);
    bool has_ul = units_header(m, t, tn, &m->ul);
    if (m->oom) return false;
    size_t hi = has_ul ? (le < n ? le + 1 : NONE) : ls;
    /* the header: cells on one line, or one cell per line */
    const cellv *header = NULL;
    size_t first_row = NONE;
    bool per_line = false;
    if (hi != NONE) {
      size_t he = line_end(s, n, hi);
      t = line_text(m, s, hi, he, &tn);
      if (!may_head(t, tn)) {
        advance(s, n, &cur);
        continue;
      }
      cells_of(m, t, tn, &m->hdr);
      if (m->oom) return false;
      size_t after = he < n ? he + 1 : NONE;
      bool hdr = is_header(&m->hdr);
      if (!hdr) words_of(m, t, tn, &m->words);
      if (m->oom) return false;
      if (hdr) {
        header = &m->hdr;
        first_row = after;
      } else if (is_header(&m->words)) { /* single spaces: 指标 绝对额 增速 */
        header = &m->words;
        first_row = after;
      } else if (has_ul && m->words.n == 1 &&
                 contains(cv_at(&m->words, 0), m->words.c[0].len, "指标", 6)) {
        /* one cell per line: gather the header's cells */
        cv_reset(&m->hdr);
        cv_push(m, &m->hdr, cv_at(&m->words, 0), m->words.c[0].len);
        size_t j = after;
        while (j != NONE && m->hdr.n < 6) {
          size_t je = line_end(s, n, j);
          const char *x = line_text(m, s, j, je, &tn);
          trim(&x, &tn);
          if (!has_cols(x, tn, ANY_COLS)) break;
          cv_push(m, &m->hdr, x, tn);
          j = je < n ? je + 1 : NONE;
        }
        if (m->oom) return false;
        if (m->hdr.n >= 2) {
          header = &m->hdr;
          first_row = j;
          per_line = true;
        }
      }
    }
    if (!header) {
      advance(s, n, &cur);
      continue;
    }
    hs_table tab = {0};
    if (!column_kinds(m, header, has_ul ? &m->ul : NULL, &tab.by_zone))
      return false;
    tab.s = ls;
    if (cur.prev1 != NONE) {
      tab.has_title = true;
      tab.title_s = cur.prev2 != NONE ? cur.prev2 : cur.prev1;
    }
    m->nrows = 0;
    size_t j = first_row;
    cellv *rc = &m->row;
    while (j != NONE) {
      size_t row_s, row_e;
      if (per_line) {
        size_t je = line_end(s, n, j);
        const char *x = line_text(m, s, j, je, &tn);
        trim(&x, &tn);
        cv_reset(rc);
        cv_push(m, rc, x, tn);
        row_s = j;
        size_t last_e = je;
        size_t k = je < n ? je + 1 : NONE;
        while (k != NONE && rc->n < header->n) {
          size_t ke = line_end(s, n, k);
          x = line_text(m, s, k, ke, &tn);
          trim(&x, &tn);
          if (tn && cell_kind(x, tn) == HS_CELL_NIL) break;
          cv_push(m, rc, x, tn);
          last_e = ke;
          k = ke < n ? ke + 1 : NONE;
        }
        if (m->oom) return false;
        row_e = last_e;
        if (rc->n < 2 || cell_kind(cv_at(rc, 0), rc->c[0].len) != HS_CELL_NIL)
          break;
        j = k;
      } else {
        size_t je = line_end(s, n, j);
        const char *x = line_text(m, s, j, je, &tn);
        cells_of(m, x, tn, rc);
        if (m->oom) return false;
        row_s = j;
        row_e = je;
        if (rc->n < 2 || cell_kind(cv_at(rc, 0), rc->c[0].len) != HS_CELL_NIL) {
          if (rc->n == 0 && m->nrows == 0) {
            j = je < n ? je + 1 : NONE;
            continue;
          }
          break;
        }
        bool ok = true;
        for (size_t k = 1; k < rc->n && ok; k++)
          if (cell_kind(cv_at(rc, k), rc->c[k].len) == HS_CELL_NIL) ok = false;
        if (!ok) break;
        j = je < n ? je + 1 : NONE;
      }
      if (!add_row(m, rc, row_s, row_e)) return false;
    }
    if (m->nrows > 0) {
      tab.e = m->rows[m->nrows - 1].e;
      if (!add_table(out, &tab)) return false;
      /* continue after the table */
      while (cur.s != NONE && cur.s < tab.e)
        advance(s, n, &cur);
    } else {
      advance(s, n, &cur);
    }
  }
  return true;
}

bool hs_tables_find(const char *s, size_t n, hs_tables *out) {
  out->len = 0;
  if (out->mem) mem_reset(out->mem);
  size_t kw;
  if (!gate(s, n, &kw)) return true;
  if (!out->mem) {
    out->mem = calloc(1, sizeof(hs_tables_mem));
    if (!out->mem) return false;
  }
  if (!find(s, n, kw, out) || out->mem->oom) {
    out->len = 0;
    return false;
  }
  return true;
}

void hs_tables_free(hs_tables *t) {
  if (!t) return;
  hs_tables_mem *m = t->mem;
  if (m) {
    block *b = m->head;
    while (b) {
      block *nx = b->next;
      free(b);
      b = nx;
    }
    free(m->tbuf);
    free(m->ubuf);
    cv_free(&m->hdr);
    cv_free(&m->words);
    cv_free(&m->row);
    cv_free(&m->ul);
    free(m->cols);
    free(m->rows);
    free(m);
  }
  free(t->items);
  t->items = NULL;
  t->len = t->cap = 0;
  t->mem = NULL;
}
