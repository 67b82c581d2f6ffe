/* SPDX-License-Identifier: MIT */
/*
 * The prose model in C: a line-by-line port of lua/hanscan/extract.lua
 * (M.document, quantity, rank_at, M.scan, M.classify, M.run), which stays
 * the readable reference and the tracing path. Comments name the Lua
 * function each part follows; see extract.lua for the why of each rule.
 *
 * Positions are 0-based (Lua p is C p - 1). A "window" is a (pointer,
 * length) pair into the text, like the Lua s:sub(a, b) strings.
 */
#include "model.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "decimal.h"
#include "number.h"
#include "period.h"
#include "tables.h"
#include "text.h"
#include "units.h"
#include "zone.h"

#define NONE ((size_t)-1)

static pthread_once_t cand_once = PTHREAD_ONCE_INIT;
static void cand_init(void);
static size_t approx_before_len[16];   /* strlen of hs_approx_before[i] */
static uint64_t approx_before_last[4]; /* bit b: some word ends in byte b */
static size_t approx_after_len[4];     /* strlen of approx_after[i] */
static size_t rank_verbs_len[16], rank_places_len[16]; /* their strlen */

/*{====================================================================
 * The model: the pack's lists
 *====================================================================*/

enum {
  L_GROWTH_CUES,
  L_DECLINE,
  L_FILLER,
  L_CHANGE_CUES,
  L_LOST_PERCENT_CUES,
  L_PEOPLE_WORDS,
  L_BASE_CHANGE_VERBS,
  L_BASE_WORDS,
  L_RATIO_WORDS,
  L_SHARE_CUES,
  L_GROWTH_WORDS,
  L_TARGET_CUES,
  L_TARGET_CLAUSE_CUES,
  L_SKIP_CLAUSE_CUES,
  L_DECLINE_WORDS,
  L_NON_ZONE_SCOPES,
  L_OVERALL_RANK_CUES,
  L_TOTAL_CUES,
  L_N
};

const char *const hs_model_list_keys[] = {"growth_cues",
                                          "decline",
                                          "filler",
                                          "change_cues",
                                          "lost_percent_cues",
                                          "people_words",
                                          "base_change_verbs",
                                          "base_words",
                                          "ratio_words",
                                          "share_cues",
                                          "growth_words",
                                          "target_cues",
                                          "target_clause_cues",
                                          "skip_clause_cues",
                                          "decline_words",
                                          "non_zone_scopes",
                                          "overall_rank_cues",
                                          "total_cues",
                                          NULL};

/* the model's own word lists (extract.lua's locals) */
enum {
  W_PLAN,
  W_CLAUSE_ENDS,
  W_SIZE_CLASS,
  W_SLOGAN,
  W_ITEM_SEPS, /* 、和及与: 分别 subjects */
  W_RANK_SEPS, /* 和与及、: rank subjects */
  W_N
};

/* The measures a fact can have: one string each, so that a measure is
 * told by its address */
static const char M_LEVEL[] = "level", M_GROWTH[] = "growth",
                  M_SHARE[] = "share", M_RANK[] = "rank", M_TARGET[] = "target";

static unsigned measure_len(const char *m) {
  return m == M_LEVEL || m == M_SHARE     ? 5
         : m == M_GROWTH || m == M_TARGET ? 6
         : m == M_RANK                    ? 4
                                          : (unsigned)strlen(m);
}

static const char *const plan_words[] = {
    "工作安排", "工作计划", "工作思路", "工作打算", "工作目标", "工作重点",
    "主要目标", "下一步",   "下步",     "明年",     "重点工作", NULL};
static const char *const clause_ends[] = {
    ",",  ";",  ":", ".", "\n", "\t", "、", ")", "）", "和",
    "。", "的", "!", "?", "！", "？", "”",  "|", NULL};
static const char *const size_class_nouns[] = {
    "企业", "工业企业", "项目", "产业项目", "工业项目", "大项目", NULL};
static const char *const slogan_nouns[] = {
    "产业", "集群", "级",   "园区", "企业", "新城", "城", "工程",
    "项目", "板块", "基地", "行业", "大",   "强",   NULL};
static const char *const item_seps[] = {"、", "和", "及", "与", NULL};
static const char *const rank_seps[] = {"和", "与", "及", "、", NULL};

static const char *const approx_after[] = {"以上", "左右", "余", "多", NULL};
static const char *const not_approx[] = {
    "签约", "制约", "节约", "合约", "条约", "公约", "预约", "履约",
    "邀约", "最近", "附近", "邻近", "就近", "赶超", "高超", NULL};
static const char *const rank_verbs[] = {"排名", "排在", "位列", "位居",
                                         "名列", "居于", "位于", "居",
                                         "列",   "排",   NULL};
static const char *const rank_places[] = {
    "全省", "全市", "全国", "全区", "全县",   "全州", "中心城区",
    "省内", "市内", "同类", "全球", "全行业", NULL};
static const char *const not_rank_after[] = {
    "类", "届", "期", "批",   "次",   "年",   "天",   "季度", "阶段",
    "个", "场", "轮", "部分", "章",   "条",   "款",   "产业", "大",
    "台", "笔", "课", "站",   "名称", "书记", "责任", NULL};
static const char *const bare_words[] = {
    "完成", "实现", "达到", "达",   "突破", "超过", "累计", "共",
    "约",   "近",   "超",   "逾",   "力争", "确保", "预计", "计划",
    "争取", "可",   "将",   "总计", "为",   NULL};

/* The unit kinds (units.c's families and rank), told by a small number
 * decided once per quantity; K_OTHER: a kind not listed here, told by its
 * string */
enum {
  K_NONE, /* no kind (NULL) */
  K_MONEY,
  K_PERCENT,
  K_PCT_POINT,
  K_TIMES,
  K_AREA,
  K_LAND,
  K_COUNT,
  K_RANK,
  K_PERSON,
  K_LENGTH,
  K_ENERGY,
  K_POWER,
  K_RATE,
  K_MASS,
  K_VOLUME,
  K_MONEY_PER_MU,
  K_MONEY_PER_PERSON,
  K_OTHER
};

typedef struct kw {
  /* the first min(len, 8) bytes as text8 reads them, and their mask:
   * most words are matched by one compare */
  uint64_t bits, mask;
  const char *w;
  uint32_t len;
  int e; /* entry index */
} kw;

/* keywords of one side indexed by their first character's bytes */
typedef struct kwbucket {
  uint32_t key; /* the first character's bytes, 0: empty slot */
  kw *items;
  size_t n, cap;
} kwbucket;

typedef struct kwindex {
  kwbucket *slots;
  size_t nslots; /* power of two */
  size_t used;
  uint64_t filter[64]; /* 4096-bit filter of the keys (kw_filter) */
} kwindex;

typedef struct ind {
  char *indicator, *rule;
  hs_words *before, *after, *near, *context, *unless, *unless_after;
  char **units;   /* NULL: the default kinds */
  uint32_t kinds; /* bit k: kind k (< K_OTHER) is allowed */
  unsigned indicator_len, rule_len;
  bool follows_group;
} ind;

typedef struct unit_default {
  char *unit, *indicator;
  unsigned indicator_len;
} unit_default;

struct hs_model {
  char *name;
  size_t namelen;
  ind *ind;
  size_t nind, capind;
  hs_words *list[L_N];
  hs_words *own[W_N];
  kwindex idx_before, idx_after;
  /* the same for the entries that allow kind k, one pair per known kind:
   * a quantity is looked up only among the keywords it can take */
  kwindex kidx_before[K_OTHER], kidx_after[K_OTHER];
  kwindex idx_cues; /* the target cues by first character (find_cues) */
  /* skip_clause_cues and target_clause_cues in one list: a quantity's
   * clause, which both are looked for in and which seldom holds either, is
   * read once */
  hs_words *clause_cues;
  unit_default *defaults;
  size_t ndefaults;
};

/* kinds, units and indicators are short words: compared inline, without a
 * call to strcmp */
static inline bool str_eq(const char *a, const char *b) {
  while (*a == *b && *b != '\0') {
    a++;
    b++;
  }
  return *a == *b;
}

/* A string with its length, so that facts are built without counting */
typedef struct str {
  const char *s;
  unsigned len;
} str;
#define LIT(x) ((str){(x), sizeof(x) - 1})
#define UNK    ((unsigned)-1) /* a length not known: counted when needed */

static const char *const kind_names[K_OTHER] = {
    "",       "money",        "percent",         "pct_point", "times",
    "area",   "land",         "count",           "rank",      "person",
    "length", "energy",       "power",           "rate",      "mass",
    "volume", "money_per_mu", "money_per_person"};

static int kind_of(const char *k) {
  if (k == NULL) return K_NONE;
  /* the kinds that share k's first letter, most frequent first */
  static const signed char by_first[][5] = {
      {K_AREA, -1},
      {K_COUNT, -1},
      {K_ENERGY, -1},
      {K_LAND, K_LENGTH, -1},
      {K_MONEY, K_MASS, K_MONEY_PER_MU, K_MONEY_PER_PERSON, -1},
      {K_PERCENT, K_PCT_POINT, K_PERSON, K_POWER, -1},
      {K_RANK, K_RATE, -1},
      {K_TIMES, -1},
      {K_VOLUME, -1}};
  int g;
  switch (k[0]) {
    case 'a': g = 0; break;
    case 'c': g = 1; break;
    case 'e': g = 2; break;
    case 'l': g = 3; break;
    case 'm': g = 4; break;
    case 'p': g = 5; break;
    case 'r': g = 6; break;
    case 't': g = 7; break;
    case 'v': g = 8; break;
    default: return k[0] == '\0' ? K_NONE : K_OTHER;
  }
  for (int i = 0; by_first[g][i] >= 0; i++)
    if (str_eq(kind_names[by_first[g][i]], k)) return by_first[g][i];
  return K_OTHER;
}

/* the kinds (id, string) a and b are the same */
static inline bool same_kind(int a, const char *as, int b, const char *bs) {
  return a == b && (a != K_OTHER || str_eq(as, bs));
}

static char *dupstr(const char *s) {
  size_t l = strlen(s) + 1;
  char *d = malloc(l);
  if (d != NULL) memcpy(d, s, l);
  return d;
}

static size_t nwords(const char *const *w) {
  size_t n = 0;
  while (w != NULL && w[n] != NULL)
    n++;
  return n;
}

static hs_words *words_of(const char *const *w) {
  static const char *const empty[] = {NULL};
  return hs_words_new(w != NULL ? w : empty, nwords(w));
}

/* char_len of extract.lua: bytes of the character whose first byte is b */
static size_t char_len(unsigned char b) {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static inline uint64_t ld64(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

/* The 8 bytes of u[0, n) from i, byte j at bits 8j, zero past n. Near
 * the end of a window of 8 bytes or more, the 8 that end at n shifted
 * down (no copy through the stack, whose reload would wait on its
 * stores). */
static inline uint64_t text8(const unsigned char *u, size_t n, size_t i) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n - i >= 8) return ld64(u + i);
  if (n >= 8) return ld64(u + n - 8) >> (8 * (8 - (n - i)));
#endif
  uint64_t x = 0;
  for (size_t k = n - i < 8 ? n : i + 8; k > i; k--)
    x = x << 8 | u[k - 1];
  return x;
}

/* The index key of a character whose first bytes are t (as text8 reads
 * them, rem of them in the text): its first char_len bytes, or what is
 * left where the text cuts it, with their count; *len: char_len */
static inline uint32_t key_of(uint64_t t, size_t rem, size_t *len) {
  size_t cl = char_len((unsigned char)t);
  size_t kl = cl <= rem ? cl : rem;
  *len = cl;
  return ((uint32_t)t & (uint32_t)(~0ull >> (64 - 8 * kl))) |
         (uint32_t)kl << 29 | 0x80000000u; /* never 0 */
}

/* key_of the character at u[i] (i < n), and its char_len: a 3-byte
 * character (the common case) from one 4-byte load */
static inline uint32_t char_key(const unsigned char *u, size_t n, size_t i,
                                size_t *len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n - i >= 4) {
    uint32_t x;
    memcpy(&x, u + i, 4);
    if ((x & 0xF0) == 0xE0) {
      *len = 3;
      return (x & 0xFFFFFF) | 3u << 29 | 0x80000000u;
    }
  }
#endif
  return key_of(text8(u, n, i), n - i, len);
}

static unsigned kw_filter(uint32_t key) {
  return (key * 2654435761u) >> 20;
}

static kwbucket *kw_slot(const kwindex *x, uint32_t key) {
  /* the product's high bits: the key's low byte is the lead byte, the
   * same for most keys */
  uint32_t h = key * 2654435761u;
  size_t i = (h ^ h >> 16) & (x->nslots - 1);
  while (x->slots[i].key != 0 && x->slots[i].key != key)
    i = (i + 1) & (x->nslots - 1);
  return &x->slots[i];
}

/* The bucket of key, NULL when no keyword starts with that character: the
 * filter first (most characters start none), then the table. */
static const kwbucket *kw_find(const kwindex *x, uint32_t key) {
  unsigned h = kw_filter(key);
  if (!((x->filter[h >> 6] >> (h & 63)) & 1)) return NULL;
  const kwbucket *b = kw_slot(x, key);
  return b->key == key ? b : NULL;
}

static bool kw_add(kwindex *x, const char *w, size_t len, int e) {
  if (len == 0) return true;
  if (x->nslots == 0 || (x->used + 1) * 2 > x->nslots) {
    size_t ns = x->nslots ? x->nslots * 2 : 64;
    kwbucket *old = x->slots;
    size_t on = x->nslots;
    x->slots = calloc(ns, sizeof *x->slots);
    if (x->slots == NULL) {
      x->slots = old;
      return false;
    }
    x->nslots = ns;
    for (size_t i = 0; i < on; i++)
      if (old[i].key != 0) *kw_slot(x, old[i].key) = old[i];
    free(old);
  }
  const unsigned char *u = (const unsigned char *)w;
  uint64_t t = text8(u, len, 0);
  size_t cl;
  uint32_t key = key_of(t, len, &cl);
  unsigned h = kw_filter(key);
  x->filter[h >> 6] |= 1ull << (h & 63);
  kwbucket *b = kw_slot(x, key);
  if (b->key == 0) {
    b->key = key;
    x->used++;
  }
  if (b->n == b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 4;
    kw *ni = realloc(b->items, nc * sizeof *ni);
    if (ni == NULL) return false;
    b->items = ni;
    b->cap = nc;
  }
  uint64_t mask = len >= 8 ? ~0ull : (1ull << (8 * len)) - 1;
  b->items[b->n++] = (kw){t & mask, mask, w, (uint32_t)len, e};
  return true;
}

static void kw_free(kwindex *x) {
  for (size_t i = 0; i < x->nslots; i++)
    free(x->slots[i].items);
  free(x->slots);
}

hs_model *hs_model_new(const char *name) {
  pthread_once(&cand_once, cand_init);
  hs_model *m = calloc(1, sizeof *m);
  if (m == NULL) return NULL;
  m->name = dupstr(name != NULL ? name : "");
  bool ok = m->name != NULL;
  if (ok) m->namelen = strlen(m->name);
  for (int i = 0; i < L_N; i++)
    ok = ok && (m->list[i] = words_of(NULL));
  const char *const *own[W_N] = {plan_words,   clause_ends, size_class_nouns,
                                 slogan_nouns, item_seps,   rank_seps};
  for (int i = 0; i < W_N; i++)
    ok = ok && (m->own[i] = words_of(own[i]));
  if (!ok) {
    hs_model_free(m);
    return NULL;
  }
  return m;
}

static void ind_free(ind *e) {
  free(e->indicator);
  free(e->rule);
  hs_words_free(e->before);
  hs_words_free(e->after);
  hs_words_free(e->near);
  hs_words_free(e->context);
  hs_words_free(e->unless);
  hs_words_free(e->unless_after);
  for (size_t i = 0; e->units != NULL && e->units[i] != NULL; i++)
    free(e->units[i]);
  free(e->units);
}

void hs_model_free(hs_model *m) {
  if (m == NULL) return;
  free(m->name);
  for (size_t i = 0; i < m->nind; i++)
    ind_free(&m->ind[i]);
  free(m->ind);
  for (int i = 0; i < L_N; i++)
    hs_words_free(m->list[i]);
  for (int i = 0; i < W_N; i++)
    hs_words_free(m->own[i]);
  kw_free(&m->idx_before);
  kw_free(&m->idx_after);
  for (int k = 0; k < K_OTHER; k++) {
    kw_free(&m->kidx_before[k]);
    kw_free(&m->kidx_after[k]);
  }
  kw_free(&m->idx_cues);
  hs_words_free(m->clause_cues);
  for (size_t i = 0; i < m->ndefaults; i++) {
    free(m->defaults[i].unit);
    free(m->defaults[i].indicator);
  }
  free(m->defaults);
  free(m);
}

static bool opt_words(const char *const *w, hs_words **out) {
  *out = NULL;
  if (w == NULL) return true;
  *out = words_of(w);
  return *out != NULL;
}

bool hs_model_add_indicator(hs_model *m, const hs_indicator_spec *sp) {
  if (sp == NULL || sp->indicator == NULL) return false;
  if (m->nind == m->capind) {
    size_t nc = m->capind ? m->capind * 2 : 32;
    ind *ni = realloc(m->ind, nc * sizeof *ni);
    if (ni == NULL) return false;
    m->ind = ni;
    m->capind = nc;
  }
  ind *e = &m->ind[m->nind];
  memset(e, 0, sizeof *e);
  bool ok = (e->indicator = dupstr(sp->indicator)) != NULL &&
            (e->rule = dupstr(sp->id != NULL ? sp->id : sp->indicator)) &&
            opt_words(sp->before, &e->before) &&
            opt_words(sp->after, &e->after) && opt_words(sp->near, &e->near) &&
            opt_words(sp->context, &e->context) &&
            opt_words(sp->unless, &e->unless) &&
            opt_words(sp->unless_after, &e->unless_after);
  if (ok && sp->units != NULL) {
    size_t k = nwords(sp->units);
    e->units = calloc(k + 1, sizeof *e->units);
    ok = e->units != NULL;
    for (size_t i = 0; ok && i < k; i++)
      ok = (e->units[i] = dupstr(sp->units[i])) != NULL;
  }
  e->follows_group = sp->follows_group;
  if (ok) {
    e->indicator_len = (unsigned)strlen(e->indicator);
    e->rule_len = (unsigned)strlen(e->rule);
    e->kinds =
        1u << K_MONEY | 1u << K_PERCENT | 1u << K_PCT_POINT | 1u << K_TIMES;
    if (e->units != NULL) {
      e->kinds = 0;
      for (size_t i = 0; e->units[i] != NULL; i++) {
        int k = kind_of(e->units[i]);
        if (k != K_OTHER) e->kinds |= 1u << k;
      }
    }
  }
  int ei = (int)m->nind;
  /* the index holds the model's copies of the words */
  for (int side = 0; ok && side < 2; side++) {
    hs_words *w = side == 0 ? e->before : e->after;
    kwindex *x = side == 0 ? &m->idx_before : &m->idx_after;
    kwindex *kx = side == 0 ? m->kidx_before : m->kidx_after;
    for (size_t i = 0; ok && w != NULL && i < hs_words_count(w); i++) {
      size_t len;
      const char *s = hs_words_get(w, i, &len);
      ok = kw_add(x, s, len, ei);
      for (int k = 0; ok && k < K_OTHER; k++)
        if (e->kinds >> k & 1) ok = kw_add(&kx[k], s, len, ei);
    }
  }
  if (!ok) {
    ind_free(e);
    return false;
  }
  m->nind++;
  return true;
}

/* m->clause_cues from the two lists it joins */
static bool join_clause_cues(hs_model *m) {
  const hs_words *a = m->list[L_SKIP_CLAUSE_CUES],
                 *b = m->list[L_TARGET_CLAUSE_CUES];
  size_t na = a != NULL ? hs_words_count(a) : 0;
  size_t nb = b != NULL ? hs_words_count(b) : 0;
  const char **w = malloc((na + nb + 1) * sizeof *w);
  size_t *l = malloc((na + nb + 1) * sizeof *l);
  hs_words *j = NULL;
  if (w != NULL && l != NULL) {
    for (size_t i = 0; i < na + nb; i++)
      w[i] =
          i < na ? hs_words_get(a, i, &l[i]) : hs_words_get(b, i - na, &l[i]);
    j = hs_words_new_len(w, l, na + nb);
  }
  free(w);
  free(l);
  if (j == NULL) return false;
  hs_words_free(m->clause_cues);
  m->clause_cues = j;
  return true;
}

bool hs_model_set_list(hs_model *m, const char *key, const char *const *words) {
  for (int i = 0; i < L_N; i++) {
    if (strcmp(hs_model_list_keys[i], key) == 0) {
      hs_words *w = words_of(words);
      if (w == NULL) return false;
      hs_words_free(m->list[i]);
      m->list[i] = w;
      if ((i == L_SKIP_CLAUSE_CUES || i == L_TARGET_CLAUSE_CUES) &&
          !join_clause_cues(m))
        return false;
      if (i == L_TARGET_CUES) {
        kw_free(&m->idx_cues);
        memset(&m->idx_cues, 0, sizeof m->idx_cues);
        for (size_t k = 0; k < hs_words_count(w); k++) {
          size_t wl;
          const char *wd = hs_words_get(w, k, &wl);
          if (!kw_add(&m->idx_cues, wd, wl, (int)k)) return false;
        }
      }
      return true;
    }
  }
  return false;
}

bool hs_model_set_unit_default(hs_model *m, const char *unit,
                               const char *indicator) {
  unit_default *nd =
      realloc(m->defaults, (m->ndefaults + 1) * sizeof *m->defaults);
  if (nd == NULL) return false;
  m->defaults = nd;
  char *u = dupstr(unit), *i = dupstr(indicator);
  if (u == NULL || i == NULL) {
    free(u);
    free(i);
    return false;
  }
  m->defaults[m->ndefaults++] = (unit_default){u, i, (unsigned)strlen(i)};
  return true;
}

/* the indicator of unit, or "other" */
static str unit_default_of(const hs_model *m, const char *unit) {
  for (size_t i = 0; i < m->ndefaults; i++)
    if (str_eq(m->defaults[i].unit, unit))
      return (str){m->defaults[i].indicator, m->defaults[i].indicator_len};
  return LIT("other");
}
/*}====================================================================*/

/*{====================================================================
 * Small helpers on windows
 *====================================================================*/

#define AT(p, lit) at_(s, n, (p), lit, sizeof(lit) - 1)

static bool at_(const char *s, size_t n, size_t p, const char *lit, size_t l) {
  return p <= n && n - p >= l && memcmp(s + p, lit, l) == 0;
}

/* t (of tl bytes) starts with the word w: byte by byte, as most words
 * differ from the text in their first bytes */
static inline bool starts_with_word(const char *t, size_t tl, const char *w) {
  size_t i = 0;
  while (w[i] != '\0' && i < tl && t[i] == w[i])
    i++;
  return w[i] == '\0';
}

/* The first set bit of a per-byte bitmap at or after p, or `to` when
 * there is none before it */
static size_t next_bit(const uint64_t *bits, size_t p, size_t to) {
  if (p >= to) return to;
  size_t w = p >> 6;
  uint64_t m = bits[w] & (~0ull << (p & 63));
  size_t last = (to - 1) >> 6;
  while (m == 0) {
    if (++w > last) return to;
    m = bits[w];
  }
  size_t q = w * 64 + (size_t)__builtin_ctzll(m);
  return q < to ? q : to;
}

static bool eq(const char *a, size_t al, const char *lit) {
  size_t l = strlen(lit);
  return al == l && memcmp(a, lit, l) == 0;
}

#define FIND(h, hl, lit) hs_text_find((h), (hl), lit, sizeof(lit) - 1)

static bool in_list(const char *const *list, const char *s, size_t l) {
  for (size_t i = 0; list[i] != NULL; i++)
    if (eq(s, l, list[i])) return true;
  return false;
}

/* is `word` (given by pointer, length) one of the words of w? */
static bool words_contain(const hs_words *w, const char *s, size_t l) {
  for (size_t i = 0; i < hs_words_count(w); i++) {
    size_t wl;
    const char *x = hs_words_get(w, i, &wl);
    if (wl == l && memcmp(x, s, l) == 0) return true;
  }
  return false;
}

static const char *word_at(const hs_words *w, int i, size_t *len) {
  if (i < 0) return NULL;
  return hs_words_get(w, (size_t)i, len);
}

/* prev_char(s, pos): the character before C position p, as [*a, p) */
static size_t prev_char_start(const char *s, size_t p) {
  if (p == 0) return 0;
  size_t j = p - 1;
  while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
    j--;
  return j;
}

static bool is_lua_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_lua_punct(unsigned char c) {
  return c >= 0x21 && c <= 0x7E &&
         !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z'));
}

static bool is_alpha(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_alnum(unsigned char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}
/*}====================================================================*/

/*{====================================================================
 * A document's run: context, scratch and output
 *====================================================================*/

typedef struct quantity {
  size_t num_start, start, stop;
  char value[HS_DEC_MAX], high[HS_DEC_MAX], digits[HS_DEC_MAX];
  bool chinese, fraction, rank;
  char approx[40];
  const char *unit, *kind;
  int kid;           /* kind_of(kind) */
  unsigned unit_len; /* strlen(unit) */
  char sign;         /* 0, '-' or '+' */
  const char *measure;
  bool negative;
} quantity;

typedef struct hit {
  long d;
  size_t len, at;
  const char *w;
  bool before;
  unsigned stamp;
} hit;

typedef struct keyset {
  char *arena;
  size_t alen, acap;
  size_t *slots; /* offset + 1 into arena of "len:key", 0 empty */
  size_t nslots, used;
  /* the first arena and slots are in the document's scratch: not freed */
  bool arena_heap, slots_heap;
} keyset;

/* the keyset's first slots and arena bytes (most documents need no more) */
#define KS_SLOTS 128
#define KS_ARENA 4096

typedef struct cue_occ {
  size_t end; /* where a target cue ends in the text */
  bool de;    /* 的 follows it */
} cue_occ;

typedef struct run {
  const hs_model *m;
  const char *s;
  size_t n;
  int year; /* 0: nil */
  char zone[160];
  unsigned zone_len;
  size_t plan_at;                /* NONE: no plan section */
  int plan_year;                 /* 0: nil */
  char yearbuf[16], planbuf[16]; /* year and plan_year as text, or "" */
  unsigned yearlen, planlen;
  hs_mfacts *out;
  bool oom;
  hit *hb, *ha;
  size_t *hits, nhits; /* entries stamped by this classify, unsorted */
  unsigned stamp;
  char *cat; /* before .. after for conditions */
  size_t catcap;
  keyset seen;
  cue_occ *cues; /* find_cues: the sentence's target cues */
  size_t ncues, capcues;
  bool cues_done;
  uint64_t *cand;   /* bit p: a figure or a rank may start at p */
  uint64_t *nl;     /* bit p: s[p] is a newline (same allocation as cand) */
  uint64_t *nian;   /* bit p: 年 starts at p (same allocation) */
  size_t cand_next; /* scan: the first candidate not yet looked at */
  /* kind_of of the last kinds seen, by their address (the units' kinds
   * are a few static strings); a null pointer's entry stands for K_NONE */
  const char *kind_p[16];
  int kind_id[16];
  hs_spans spans; /* scratch for splits and quotes */
  hs_zones zones;
  hs_periods periods;
} run;

/* The keyset's hash: sixteen bytes at a time in two independent lanes
 * (keys are 40 to 100 bytes), the last bytes from one load ending at the
 * key's end */
static uint64_t key_hash(const char *key, size_t len) {
  const unsigned char *u = (const unsigned char *)key;
  uint64_t a = 0x9E3779B97F4A7C15ull ^ len, b = 0xC2B2AE3D27D4EB4Full;
  size_t i = 0;
  for (; i + 16 <= len; i += 16) {
    a = (a ^ ld64(u + i)) * 0xFF51AFD7ED558CCDull;
    b = (b ^ ld64(u + i + 8)) * 0xC4CEB9FE1A85EC53ull;
    a ^= a >> 32;
    b ^= b >> 29;
  }
  uint64_t w = 0;
  if (len >= 8) {
    if (i + 8 < len) a = (a ^ ld64(u + i)) * 0xFF51AFD7ED558CCDull;
    if (i < len) w = ld64(u + len - 8);
  } else {
    for (size_t k = 0; i < len; i++, k += 8)
      w |= (uint64_t)u[i] << k;
  }
  uint64_t h = (a ^ (b >> 17) ^ w) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

/* Room for at least `room` bytes after the keyset's entries, behind the
 * place of a key's length (where keyset_commit reads the key), growing the
 * arena when `grow`; NULL when there is none (or out of memory). */
static char *keyset_room(keyset *k, size_t room, bool grow) {
  size_t need = sizeof(size_t) + room;
  if (k->alen + need > k->acap) {
    if (!grow) return NULL;
    size_t nc = k->acap * 2;
    while (nc < k->alen + need)
      nc *= 2;
    char *na = k->arena_heap ? realloc(k->arena, nc) : malloc(nc);
    if (na == NULL) return NULL;
    if (!k->arena_heap) memcpy(na, k->arena, k->alen);
    k->arena = na;
    k->acap = nc;
    k->arena_heap = true;
  }
  return k->arena + k->alen + sizeof(size_t);
}

/* Adds the key of len bytes written at keyset_room: false when it was
 * seen before (or out of memory) */
static bool keyset_commit(keyset *k, size_t len) {
  const char *key = k->arena + k->alen + sizeof len;
  uint64_t h = key_hash(key, len);
  if ((k->used + 1) * 2 > k->nslots) {
    size_t ns = k->nslots * 2;
    size_t *nsl = calloc(ns, sizeof *nsl);
    if (nsl == NULL) return false;
    for (size_t i = 0; i < k->nslots; i++) {
      size_t o = k->slots[i];
      if (o == 0) continue;
      size_t l;
      memcpy(&l, k->arena + o - 1, sizeof l);
      size_t x = key_hash(k->arena + o - 1 + sizeof l, l) & (ns - 1);
      while (nsl[x] != 0)
        x = (x + 1) & (ns - 1);
      nsl[x] = o;
    }
    if (k->slots_heap) free(k->slots);
    k->slots = nsl;
    k->nslots = ns;
    k->slots_heap = true;
  }
  size_t x = h & (k->nslots - 1);
  while (k->slots[x] != 0) {
    size_t o = k->slots[x], l;
    memcpy(&l, k->arena + o - 1, sizeof l);
    if (l == len && memcmp(k->arena + o - 1 + sizeof l, key, len) == 0)
      return false; /* seen */
    x = (x + 1) & (k->nslots - 1);
  }
  memcpy(k->arena + k->alen, &len, sizeof len);
  k->slots[x] = k->alen + 1;
  k->alen += sizeof len + len;
  k->used++;
  return true;
}

/* Copies src[0, len) to dst (of capacity cap) NUL-terminated, truncating;
 * returns the length copied. */
static unsigned copy_str(char *dst, size_t cap, const char *src, size_t len) {
  if (len >= cap) len = cap - 1;
  hs_copy_short(dst, src, len);
  dst[len] = '\0';
  return (unsigned)len;
}

/* Appends src to dst (of capacity cap, holding *len bytes), truncating. */
static void cat_str(char *dst, size_t cap, size_t *len, const char *src,
                    size_t sl) {
  if (*len + sl >= cap) sl = cap - 1 - *len;
  hs_copy_short(dst + *len, src, sl);
  *len += sl;
  dst[*len] = '\0';
}

static hs_mfact *new_fact(run *r) {
  hs_mfacts *o = r->out;
  if (o->len == o->cap) {
    size_t nc = o->cap ? o->cap * 2 : 64;
    hs_mfact *ni = realloc(o->items, nc * sizeof *ni);
    if (ni == NULL) {
      r->oom = true;
      return NULL;
    }
    o->items = ni;
    o->cap = nc;
  }
  return &o->items[o->len]; /* emit sets every field */
}

/* A fact under construction (extract.lua's `f` tables) */
typedef struct draft {
  str indicator;
  const char *measure;
  const char *value;            /* NULL: the quantity's */
  const char *unit;             /* NULL: the quantity's */
  unsigned value_len, unit_len; /* UNK: not known */
  str period;
  str zone;
  str rule;
  size_t span_s, span_e;
  const char *key; /* NULL: none */
  size_t keylen;
  const char *key2; /* key = key .. key2 (e.g. "subject" .. k .. subj) */
  size_t key2len;
} draft;

/* emit(q, f) of M.run */
static void emit(run *r, const quantity *q, const draft *d) {
  const char *value = d->value != NULL ? d->value : q->value;
  const char *unit = d->unit != NULL ? d->unit : q->unit;
  const char *parts[5] = {d->indicator.s, d->measure, value, unit, d->period.s};
  size_t lens[5] = {
      d->indicator.len, measure_len(d->measure),
      d->value != NULL && d->value_len != UNK ? d->value_len : strlen(value),
      d->unit != NULL ? (d->unit_len != UNK ? d->unit_len : strlen(unit))
                      : q->unit_len,
      d->period.len};
  if (!(lens[0] == 5 && memcmp(d->indicator.s, "other", 5) == 0)) {
    /* indicator|measure|value|unit|period|key key2, cut at 1023 bytes,
     * written where the keyset keeps it when the arena has room for the
     * longest (else here, and copied there) */
    char here[1024];
    const size_t cap = sizeof here;
    char *key = keyset_room(&r->seen, cap, false);
    bool in_place = key != NULL;
    if (!in_place) key = here;
    size_t kl = 0;
    for (int i = 0; i < 5; i++) {
      cat_str(key, cap, &kl, parts[i], lens[i]);
      if (kl + 1 < cap) key[kl++] = '|';
    }
    if (d->key != NULL) cat_str(key, cap, &kl, d->key, d->keylen);
    if (d->key2 != NULL) cat_str(key, cap, &kl, d->key2, d->key2len);
    if (!in_place) {
      char *to = keyset_room(&r->seen, kl, true);
      if (to == NULL) return; /* out of memory: the fact is dropped */
      memcpy(to, here, kl);
    }
    /* false: seen before (or out of memory: the fact is dropped too) */
    if (!keyset_commit(&r->seen, kl)) return;
  }
  hs_mfact *f = new_fact(r);
  if (f == NULL) return;
  f->indicator = d->indicator.s;
  f->indicator_len = (unsigned)lens[0];
  f->measure = d->measure;
  f->measure_len = (unsigned)lens[1];
  f->value_len = copy_str(f->value, sizeof f->value, value, lens[2]);
  f->unit_len = copy_str(f->unit, sizeof f->unit, unit, lens[3]);
  f->period_len = copy_str(f->period, sizeof f->period, d->period.s, lens[4]);
  f->zone_len = copy_str(f->zone, sizeof f->zone, d->zone.s, d->zone.len);
  size_t rl = 0;
  cat_str(f->rule, sizeof f->rule, &rl, r->m->name, r->m->namelen);
  cat_str(f->rule, sizeof f->rule, &rl, ".", 1);
  cat_str(f->rule, sizeof f->rule, &rl, d->rule.s, d->rule.len);
  f->rule_len = (unsigned)rl;
  f->span_s = d->span_s;
  f->span_e = d->span_e;
  f->approx[0] = '\0';
  f->approx_len = 0;
  if (q->approx[0] != '\0')
    f->approx_len =
        copy_str(f->approx, sizeof f->approx, q->approx, strlen(q->approx));
  f->high[0] = '\0';
  f->high_len = 0;
  if (q->high[0] != '\0' && !str_eq(q->high, value))
    f->high_len = copy_str(f->high, sizeof f->high, q->high, strlen(q->high));
  f->seq = r->out->len;
  r->out->len++;
}
/*}====================================================================*/

/*{====================================================================
 * The document: plan section, year, zone (M.document)
 *====================================================================*/

static bool is_cn_num(const char *s, size_t n, size_t p, size_t *len) {
  /* 一 二 三 四 五 六 七 八 九 十, by their UTF-8 bytes: each in its own
   * slot of 16 by the top bits of its product with a constant (one compare,
   * no branch per character) */
  static const uint32_t slot[16] = {
      0xFFFFFFFFu, 0xE58D81u, 0xE4BA8Cu,   0xFFFFFFFFu,
      0xE4B883u,   0xE4BA94u, 0xE585ABu,   0xE4B880u,
      0xE4B99Du,   0xE59B9Bu, 0xFFFFFFFFu, 0xFFFFFFFFu,
      0xFFFFFFFFu, 0xE4B889u, 0xFFFFFFFFu, 0xE585ADu};
  if (p > n || n - p < 3) return false;
  const unsigned char *u = (const unsigned char *)s + p;
  uint32_t k = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  if (slot[(k * 0x4540215Fu) >> 28] != k) return false;
  *len = 3;
  return true;
}

/* lpeg.match(numbering, line): the position after it, or NONE */
static size_t match_numbering(const char *s, size_t n) {
  size_t p = 0, l;
  while (p < n && s[p] == ' ')
    p++;
  if (p < n && s[p] == '(')
    p++;
  else if (AT(p, "（"))
    p += 3;
  size_t k = 0;
  for (;;) {
    if (p < n && s[p] >= '0' && s[p] <= '9') {
      p++;
      k++;
    } else if (is_cn_num(s, n, p, &l)) {
      p += l;
      k++;
    } else {
      break;
    }
  }
  if (k == 0) return NONE;
  k = 0;
  for (;;) {
    if (p < n && (s[p] == ')' || s[p] == '.' || s[p] == ' ')) {
      p++;
      k++;
    } else if (AT(p, "）") || AT(p, "、")) {
      p += 3;
      k++;
    } else {
      break;
    }
  }
  return k == 0 ? NONE : p;
}

static bool match_cn_numbering(const char *s, size_t n) {
  size_t p = 0, l, k = 0;
  while (p < n && s[p] == ' ')
    p++;
  if (p < n && s[p] == '(') p++;
  while (is_cn_num(s, n, p, &l)) {
    p += l;
    k++;
  }
  if (k == 0) return false;
  return (p < n && s[p] == ')') || AT(p, "、");
}

static int year_at_line_start(const char *s, size_t n) {
  /* head:match("^(%d%d%d%d)年") */
  if (n < 7) return 0;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  if (memcmp(s + 4, "年", 3) != 0) return 0;
  return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
}

static size_t plan_section(run *r, int *plan_year) {
  const char *s = r->s;
  size_t n = r->n;
  int maxyear = 0;
  hs_years ys = {0};
  size_t ls = 0;
  size_t nian = 0; /* the first 年 at or after the last looked for, or n */
  if (n > 0) nian = next_bit(r->nian, 0, n);
  for (;;) {
    size_t le = next_bit(r->nl, ls, n);
    const char *line = s + ls;
    size_t ll = le - ls;
    size_t skip = match_numbering(line, ll);
    const char *head = line;
    size_t hl = ll;
    if (skip != NONE) {
      head = line + skip;
      hl = ll - skip;
    } else {
      while (hl > 0 && *head == ' ') {
        head++;
        hl--;
      }
    }
    int y = year_at_line_start(head, hl);
    if (y != 0 && maxyear != 0 && y > maxyear) {
      hs_years_free(&ys);
      *plan_year = y;
      return ls;
    }
    bool numbered = ll < 80 && match_cn_numbering(line, ll);
    bool shortline = ll > 0 && ll <= 45 && !memchr(line, ',', ll) &&
                     !memchr(line, ';', ll) && !memchr(line, ':', ll) &&
                     !FIND(line, ll, "。");
    if (numbered || shortline) {
      int w = hs_words_has(r->m->own[W_PLAN], line, ll);
      if (w >= 0 && !FIND(line, ll, "情况") && !FIND(line, ll, "回顾")) {
        hs_years_free(&ys);
        *plan_year = y;
        return ls;
      }
    }
    if (nian < ls) nian = next_bit(r->nian, ls, n);
    if (nian < le) { /* the line holds a 年 */
      ys.len = 0;
      if (!hs_period_years(line, ll, &ys)) r->oom = true;
      for (size_t i = 0; i < ys.len; i++)
        if (maxyear == 0 || ys.items[i].y > maxyear) maxyear = ys.items[i].y;
    }
    if (le == n) break;
    ls = le + 1;
  }
  hs_years_free(&ys);
  *plan_year = 0;
  return NONE;
}

static void document(run *r, int year) {
  int plan_year = 0;
  r->plan_at = plan_section(r, &plan_year);
  r->year =
      year != 0 ? year : hs_period_doc_year(r->s, r->n, r->plan_at, plan_year);
  if (r->plan_at != NONE && plan_year == 0 && r->year != 0)
    plan_year = r->year + 1;
  r->plan_year = plan_year;
  if (r->year) snprintf(r->yearbuf, sizeof r->yearbuf, "%d", r->year);
  if (plan_year) snprintf(r->planbuf, sizeof r->planbuf, "%d", plan_year);
  r->yearlen = (unsigned)strlen(r->yearbuf);
  r->planlen = (unsigned)strlen(r->planbuf);
  hs_zone_main(r->s, r->n, r->zone, sizeof r->zone);
  r->zone_len = (unsigned)strlen(r->zone);
}
/*}====================================================================*/

/*{====================================================================
 * Quantities (quantity) and ranks (rank_at)
 *====================================================================*/

static void set_unit(quantity *q, const char *unit, const char *kind, int kid) {
  q->unit = unit;
  q->unit_len = (unsigned)strlen(unit);
  q->kind = kind;
  q->kid = kid;
}

static bool value_is_round_big(const char *v) {
  /* q.value:match("^10000000000+$") */
  if (v[0] != '1') return false;
  size_t z = 0;
  for (const char *p = v + 1; *p; p++) {
    if (*p != '0') return false;
    z++;
  }
  return z >= 10;
}

/* tonumber(d) >= 10 for a decimal numeral; plain digits are read without
 * strtod (the common case, "3" or "120.5") */
static bool at_least_ten(const char *d) {
  size_t i = 0;
  while (d[i] == '0')
    i++;
  size_t k = i;
  while (d[k] >= '0' && d[k] <= '9')
    k++;
  if (k > 0 && (d[k] == '\0' || d[k] == '.')) {
    size_t j = d[k] == '.' ? k + 1 : k;
    while (d[j] >= '0' && d[j] <= '9')
      j++;
    if (d[j] == '\0') return k - i >= 2;
  }
  return strtod(d, NULL) >= 10;
}

/* quantity(doc, sent, p): true and *q, or false; *next is where to go on */
static bool read_quantity(run *r, size_t sent_s, size_t p, quantity *q,
                          size_t *next) {
  const char *s = r->s;
  size_t n = r->n;
  const hs_model *m = r->m;
  hs_number num;
  if (!hs_number_match(s, n, p, &num)) {
    *next = p + 1;
    return false;
  }
  size_t after = num.stop;
  hs_unit u;
  bool have_u = hs_units_match(s, n, after, &u);
  bool has_high = num.high[0] != '\0';
  size_t lo24 = p >= sent_s + 24 ? p - 24 : sent_s;
  if (!have_u && num.scale >= 8 && !has_high) {
    if (after >= n || s[after] == ',' || s[after] == ';' || s[after] == ':' ||
        is_lua_space((unsigned char)s[after]) || s[after] == ')' ||
        AT(after, "的") || AT(after, "。") || AT(after, "、")) {
      u = (hs_unit){"CNY", "money", 0, "", after};
      have_u = true;
    }
  }
  if (!have_u && num.scale >= 4 && !has_high) {
    if (hs_words_ends_with(m->list[L_PEOPLE_WORDS], s + lo24, p - lo24,
                           m->list[L_FILLER]) >= 0) {
      u = (hs_unit){"person", "person", 0, "", after};
      have_u = true;
    }
  }
  if (!have_u && num.scale < 0 && !num.chinese &&
      ((after < n && s[after] == ':') || (p > 0 && s[p - 1] == ':'))) {
    size_t lo60 = p >= sent_s + 60 ? p - 60 : sent_s;
    if (hs_words_has(m->list[L_RATIO_WORDS], s + lo60, p - lo60) >= 0) {
      u = (hs_unit){"percent", "percent", 0, "", after};
      have_u = true;
    }
  }
  if (!have_u && num.scale < 0 && !num.chinese) {
    bool rest_ok = (after < n && (s[after] == ',' || s[after] == ';' ||
                                  is_lua_space((unsigned char)s[after]))) ||
                   AT(after, "。");
    if (rest_ok && hs_words_ends_with(m->list[L_LOST_PERCENT_CUES], s + lo24,
                                      p - lo24, m->list[L_FILLER]) >= 0) {
      u = (hs_unit){"percent", "percent", 0, "", after};
      have_u = true;
    }
  }
  hs_fraction frac;
  bool have_frac = hs_number_fraction(s, n, p, &frac);
  bool use_frac = have_frac && (!have_u || frac.stop > after);
  if (!use_frac && !have_u) {
    *next = after;
    return false;
  }
  int ukid = K_NONE;
  if (have_u) {
    unsigned h = (unsigned)(((uintptr_t)u.kind * 0x9E3779B97F4A7C15ull) >> 60);
    if (r->kind_p[h] != u.kind) {
      r->kind_p[h] = u.kind;
      r->kind_id[h] = kind_of(u.kind);
    }
    ukid = r->kind_id[h];
  }
  if (!use_frac && (ukid == K_PERCENT || ukid == K_PCT_POINT) &&
      num.scale >= 0) {
    *next = u.stop;
    return false;
  }
  /* a quantity: filled in only now, most numbers stop above */
  memset(q, 0, sizeof *q);
  q->num_start = q->start = p;
  memcpy(q->value, num.value, sizeof q->value);
  memcpy(q->high, num.high, sizeof q->high);
  memcpy(q->digits, num.digits, sizeof q->digits);
  if (num.approx[0] != '\0') /* q->approx is "" */
    copy_str(q->approx, sizeof q->approx, num.approx, strlen(num.approx));
  q->chinese = num.chinese;
  if (use_frac) {
    memcpy(q->value, frac.value, sizeof q->value);
    set_unit(q, "percent", "percent", K_PERCENT);
    q->stop = frac.stop;
    q->fraction = true;
  } else {
    set_unit(q, u.unit, u.kind, ukid);
    q->stop = u.stop;
    if (u.scale != 0) {
      char t[HS_DEC_MAX];
      hs_dec_shift(q->value, u.scale, t);
      memcpy(q->value, t, sizeof t);
      if (q->high[0] != '\0') {
        hs_dec_shift(q->high, u.scale, t);
        memcpy(q->high, t, sizeof t);
      }
    }
  }
  *next = q->stop;
  /* what surrounds it */
  if (p > 0 && is_alpha((unsigned char)s[p - 1])) return false;
  if (num.stop < n && is_alpha((unsigned char)s[num.stop])) return false;
  if (q->chinese) {
    bool big = at_least_ten(q->digits);
    int k = q->kid;
    if (!big && k != K_MONEY && k != K_AREA && k != K_LAND &&
        k != K_PCT_POINT && k != K_TIMES && k != K_PERCENT && !q->fraction)
      return false;
    if (k == K_MONEY && value_is_round_big(q->value) &&
        hs_words_starts_with(m->own[W_SLOGAN], s + q->stop,
                             q->stop < n ? (n - q->stop < 9 ? n - q->stop : 9)
                                         : 0) >= 0)
      return false;
    if ((p >= 3 && (memcmp(s + p - 3, "数", 3) == 0 ||
                    memcmp(s + p - 3, "几", 3) == 0)) ||
        AT(num.stop, "几"))
      return false;
  }
  if (q->kid == K_MONEY &&
      hs_words_starts_with(m->own[W_SIZE_CLASS], s + q->stop,
                           q->stop < n ? (n - q->stop < 12 ? n - q->stop : 12)
                                       : 0) >= 0)
    return false;
  if (p >= 6 && memcmp(s + p - 6, "年产", 6) == 0 && q->kid != K_MONEY)
    return false;
  /* an explicit sign */
  char sign = 0;
  size_t sign_at = 0;
  if (p >= 3 && memcmp(s + p - 3, "−", 3) == 0) {
    sign = '-';
    sign_at = p - 3;
  } else if (p >= 1 && (s[p - 1] == '-' || s[p - 1] == '+')) {
    sign = s[p - 1];
    sign_at = p - 1;
  }
  if (sign && sign_at > sent_s && sign_at >= 1 &&
      (is_alnum((unsigned char)s[sign_at - 1]) || s[sign_at - 1] == '.'))
    sign = 0;
  if (sign) {
    q->sign = sign;
    q->start = sign_at;
  }
  /* approximation words around it */
  size_t a = q->start;
  /* only when the byte before can end one of the words */
  unsigned char lb = a > sent_s ? (unsigned char)s[a - 1] : 0;
  bool may = a > sent_s && (approx_before_last[lb >> 6] >> (lb & 63) & 1);
  for (size_t i = 0; may && hs_approx_before[i] != NULL; i++) {
    const char *w = hs_approx_before[i];
    size_t wl = approx_before_len[i];
    if (a >= sent_s + wl && s[a - 1] == w[wl - 1] &&
        memcmp(s + a - wl, w, wl) == 0) {
      size_t pc = prev_char_start(s, a - wl);
      char key[16];
      size_t pl = (a - wl) - pc;
      if (a - wl == 0) pl = 0;
      bool no = false;
      if (pl + wl < sizeof key) {
        memcpy(key, s + pc, pl);
        memcpy(key + pl, w, wl);
        no = in_list(not_approx, key, pl + wl);
      }
      if (!no) {
        char t[40];
        snprintf(t, sizeof t, "%s%s", w, q->approx);
        copy_str(q->approx, sizeof q->approx, t, strlen(t));
        q->start = a - wl;
        break;
      }
    }
  }
  for (size_t i = 0; approx_after[i] != NULL && q->stop < n; i++) {
    const char *w = approx_after[i];
    size_t wl = approx_after_len[i];
    if (s[q->stop] == w[0] && at_(s, n, q->stop, w, wl)) {
      size_t rs = q->stop + wl;
      size_t rl = rs < n ? (n - rs < 9 ? n - rs : 9) : 0;
      if ((i == 0 || i == 1) && rl > 0 &&
          hs_words_starts_with(m->own[W_CLAUSE_ENDS], s + rs, rl) < 0 &&
          s[rs] != ' ') {
        *next = q->stop;
        return false;
      }
      if (i == 0 && at_(s, n, rs, "的", 3)) {
        *next = q->stop;
        return false;
      }
      size_t al = strlen(q->approx);
      if (al + wl < sizeof q->approx) {
        memcpy(q->approx + al, w, wl + 1);
      }
      q->stop += wl;
      break;
    }
  }
  *next = q->stop;
  return true;
}


static bool rank_at(run *r, size_t sent_s, size_t p, quantity *q) {
  const char *s = r->s;
  size_t n = r->n;
  char value[HS_DEC_MAX];
  size_t stop;
  hs_number num;
  if (AT(p, "首位")) {
    strcpy(value, "1");
    stop = p + 6;
  } else if (AT(p, "第")) {
    if (!hs_number_match(s, n, p + 3, &num) || num.high[0] != '\0' ||
        num.approx[0] != '\0')
      return false;
    memcpy(value, num.value, sizeof value);
    stop = num.stop;
    if (AT(stop, "位") || AT(stop, "名") || AT(stop, "家")) {
      stop += 3;
    } else {
      size_t rl = stop < n ? (n - stop < 13 ? n - stop : 13) : 0;
      for (size_t i = 0; not_rank_after[i] != NULL; i++)
        if (starts_with_word(s + stop, rl, not_rank_after[i])) return false;
    }
  } else if (AT(p, "前")) {
    if (!hs_number_match(s, n, p + 3, &num) || num.high[0] != '\0')
      return false;
    memcpy(value, num.value, sizeof value);
    stop = num.stop;
    if (!AT(stop, "强") && !AT(stop, "名")) return false;
    stop += 3;
  } else {
    return false;
  }
  char *end;
  double v = strtod(value, &end);
  if (end == value || *end != '\0' || v < 1 || v > 1000) return false;
  size_t cs = hs_text_clause_start(s, n, sent_s, p);
  const char *before = s + cs;
  size_t bl = p - cs;
  bool ok = false;
  for (size_t i = 0; rank_places[i] != NULL; i++) {
    const char *w = rank_places[i];
    size_t wl = rank_places_len[i];
    if (bl >= wl && memcmp(before + bl - wl, w, wl) == 0) ok = true;
    /* before:sub(-(#w + 3)):sub(1, #w) == w */
    size_t tl = bl < wl + 3 ? bl : wl + 3;
    if (tl >= wl && memcmp(before + bl - tl, w, wl) == 0) ok = true;
  }
  if (!ok) {
    for (size_t i = 0; rank_verbs[i] != NULL; i++)
      if (hs_text_find(before, bl, rank_verbs[i], rank_verbs_len[i])) {
        ok = true;
        break;
      }
  }
  if (AT(p, "首")) ok = ok || FIND(before, bl, "位居") != NULL;
  if (!ok) return false;
  if (hs_text_quoted(s, n, sent_s, p)) return false;
  size_t start = p;
  for (int pass = 0; pass < 2; pass++) {
    const char *const *list = pass == 0 ? rank_places : rank_verbs;
    const size_t *lens = pass == 0 ? rank_places_len : rank_verbs_len;
    for (size_t i = 0; list[i] != NULL; i++) {
      /* Lua text.rfind(before, w), as a 0-based offset or NONE */
      size_t a = hs_text_rfind(before, bl, list[i], lens[i]);
      if (a != NONE && cs + a < start) start = cs + a;
    }
  }
  memset(q, 0, sizeof *q);
  q->rank = true;
  memcpy(q->value, value, sizeof q->value);
  q->unit = "rank";
  q->unit_len = 4;
  q->kind = "rank";
  q->kid = K_RANK;
  q->start = start;
  q->num_start = p;
  q->stop = stop;
  return true;
}
/*}====================================================================*/

/*{====================================================================
 * Scanning a sentence (M.scan)
 *====================================================================*/

typedef struct qlist {
  quantity *items;
  size_t len, cap;
} qlist;

/* Where a figure or a rank may start (skip_to_candidate of M.scan): a
 * digit, or a character for which hs_number_is_start holds, or 第 首 前.
 * Those characters are all 3 bytes long with a first byte E3..EF; for each
 * (first, second) byte pair a 64-bit mask holds the third bytes that make
 * one, built once. */
static uint64_t cand_mask[13 * 64];

/* The AVX2 prefilter of the candidate bitmap: a position may start a
 * candidate when its byte is a digit, or a lead byte E3..EF whose
 * character passes a bucket test. Every candidate character is put in one
 * of 8 buckets; bucket k lets through the 3-byte sequences whose lead
 * byte's low nibble, second byte's two nibbles and third byte's two
 * nibbles all occur among its characters (bit k of five 16-entry tables,
 * looked up 32 bytes at a time with pshufb). Each character goes to the
 * bucket where it adds least to the number of sequences let through, so
 * that few other characters pass. */
typedef struct nibtab {
  uint8_t l1[16], l2[16], h2[16], l3[16], h3[16];
} nibtab;
static nibtab cand_nt;
static bool cand_avx2, cand_avx512, cand_vbmi;

/* The exact test of the AVX-512 VBMI blocks: the candidate characters
 * (few, all 3 bytes) each own a slot of 64, h = sel[y & 63] ^ z (low six
 * bits; x y z the three bytes), chosen once so that no two share one; a
 * position holds a candidate when its bytes are those of its slot's
 * character (empty slots have a first byte 0, never a lead byte). */
typedef struct candhash {
  uint8_t sel[64], x[64], y[64], z[64];
} candhash;
static candhash cand_h;

/* Fills cand_h from the n candidate characters c (their 3 bytes each):
 * the characters whose second bytes agree in their low six bits are
 * given a selector in turn (the largest groups first) that puts them in
 * free slots; false when some group finds none */
static bool candhash_build(const unsigned char (*c)[3], size_t n) {
  if (n > 64) return false;
  uint64_t zs[64] = {0}; /* by y & 63: the z & 63 of its characters */
  for (size_t i = 0; i < n; i++) {
    uint64_t b = 1ull << (c[i][2] & 63);
    if (zs[c[i][1] & 63] & b) return false; /* same slot for any selector */
    zs[c[i][1] & 63] |= b;
  }
  bool done[64] = {false};
  uint64_t used = 0;
  for (;;) {
    int g = -1;
    for (int y = 0; y < 64; y++)
      if (!done[y] && zs[y] != 0 &&
          (g < 0 || __builtin_popcountll(zs[y]) > __builtin_popcountll(zs[g])))
        g = y;
    if (g < 0) break;
    int v = 0;
    uint64_t m = 0;
    for (; v < 64; v++) {
      m = 0;
      for (int z = 0; z < 64; z++)
        if (zs[g] >> z & 1) m |= 1ull << (z ^ v);
      if (!(m & used)) break;
    }
    if (v == 64) return false;
    used |= m;
    cand_h.sel[g] = (uint8_t)v;
    done[g] = true;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned h = (cand_h.sel[c[i][1] & 63] ^ c[i][2]) & 63;
    cand_h.x[h] = c[i][0];
    cand_h.y[h] = c[i][1];
    cand_h.z[h] = c[i][2];
  }
  return true;
}

/* sequences bucket k lets through: the product of its nibble counts */
static unsigned bucket_size(const uint16_t sets[5]) {
  unsigned p = 1;
  for (int i = 0; i < 5; i++)
    p *= (unsigned)__builtin_popcount(sets[i]);
  return p;
}

static void bucket_add(uint16_t sets[5], const unsigned char *b) {
  sets[0] |= (uint16_t)(1u << (b[0] & 15));
  sets[1] |= (uint16_t)(1u << (b[1] & 15));
  sets[2] |= (uint16_t)(1u << (b[1] >> 4));
  sets[3] |= (uint16_t)(1u << (b[2] & 15));
  sets[4] |= (uint16_t)(1u << (b[2] >> 4));
}

static void nibtab_add(uint16_t buckets[8][5], const unsigned char *b) {
  int best = 0;
  unsigned best_d = ~0u;
  for (int k = 0; k < 8; k++) {
    uint16_t t[5];
    memcpy(t, buckets[k], sizeof t);
    unsigned before = t[0] ? bucket_size(t) : 0;
    bucket_add(t, b);
    unsigned d = bucket_size(t) - before;
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  bucket_add(buckets[best], b);
  uint8_t bit = (uint8_t)(1u << best);
  cand_nt.l1[b[0] & 15] |= bit;
  cand_nt.l2[b[1] & 15] |= bit;
  cand_nt.h2[b[1] >> 4] |= bit;
  cand_nt.l3[b[2] & 15] |= bit;
  cand_nt.h3[b[2] >> 4] |= bit;
}

static void cand_init(void) {
  uint16_t buckets[8][5] = {{0}};
  unsigned char chars[64][3];
  size_t nchars = 0;
  bool many = false;
  for (uint32_t c = 0x3000; c < 0x10000; c++) {
    char b[3] = {(char)(0xE0 | c >> 12), (char)(0x80 | ((c >> 6) & 0x3F)),
                 (char)(0x80 | (c & 0x3F))};
    if (hs_number_is_start(b, 3, 0) || at_(b, 3, 0, "第", 3) ||
        at_(b, 3, 0, "首", 3) || at_(b, 3, 0, "前", 3)) {
      cand_mask[((c >> 12) - 3) * 64 + ((c >> 6) & 0x3F)] |= 1ull << (c & 0x3F);
      nibtab_add(buckets, (const unsigned char *)b);
      if (nchars < 64)
        memcpy(chars[nchars++], b, 3);
      else
        many = true;
    }
  }
#if defined(__GNUC__) && defined(__x86_64__)
  cand_avx2 = __builtin_cpu_supports("avx2");
  cand_avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  cand_vbmi = cand_avx512 && __builtin_cpu_supports("avx512vbmi") && !many &&
              candhash_build((const unsigned char(*)[3])chars, nchars);
#else
  (void)many;
#endif
  for (size_t i = 0; hs_approx_before[i] != NULL && i < 16; i++) {
    approx_before_len[i] = strlen(hs_approx_before[i]);
    unsigned char b =
        (unsigned char)hs_approx_before[i][approx_before_len[i] - 1];
    approx_before_last[b >> 6] |= 1ull << (b & 63);
  }
  for (size_t i = 0; approx_after[i] != NULL && i < 4; i++)
    approx_after_len[i] = strlen(approx_after[i]);
  for (size_t i = 0; rank_verbs[i] != NULL && i < 16; i++)
    rank_verbs_len[i] = strlen(rank_verbs[i]);
  for (size_t i = 0; rank_places[i] != NULL && i < 16; i++)
    rank_places_len[i] = strlen(rank_places[i]);
}

static inline bool is_candidate(const char *s, size_t n, size_t p) {
  unsigned char c = (unsigned char)s[p];
  if (c >= '0' && c <= '9') return true;
  if (c < 0xE3 || c > 0xEF || n - p < 3) return false;
  uint64_t m = cand_mask[(c - 0xE3) * 64 + ((unsigned char)s[p + 1] & 0x3F)];
  return m != 0 && (m >> ((unsigned char)s[p + 2] & 0x3F) & 1) &&
         ((unsigned char)s[p + 1] & 0xC0) == 0x80 &&
         ((unsigned char)s[p + 2] & 0xC0) == 0x80;
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

/* The bits of c (positions from u whose lead byte is E3..EF and which
 * passed a prefilter) that is_candidate holds for, without branches */
static inline uint64_t exact_candidates(const unsigned char *u, uint64_t c) {
  uint64_t m = 0;
  while (c != 0) {
    unsigned b = (unsigned)__builtin_ctzll(c);
    const unsigned char *q = u + b;
    uint64_t hit =
        cand_mask[(q[0] - 0xE3) * 64 + (q[1] & 0x3F)] >> (q[2] & 0x3F) &
        ((q[1] & 0xC0) == 0x80) & ((q[2] & 0xC0) == 0x80);
    m |= hit << b;
    c &= c - 1;
  }
  return m;
}

__attribute__((target("avx2"))) static inline __m256i
nib_lookup(const uint8_t *tab, __m256i idx) {
  __m256i t = _mm256_broadcastsi128_si256(
      _mm_loadu_si128((const __m128i *)(const void *)tab));
  return _mm256_shuffle_epi8(t, idx);
}

/* Sets the bits of the candidates in 32-byte blocks from p (a multiple
 * of 64) on while p + 34 <= n: digits directly, characters that pass the
 * prefilter after the exact test; returns where it stopped. */
__attribute__((target("avx2"))) static size_t
mark_candidates_avx2(const unsigned char *u, size_t n, size_t p, uint64_t *bits,
                     uint64_t *nl, uint64_t *nian) {
  const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9),
                e3 = _mm256_set1_epi8((char)0xE3),
                twelve = _mm256_set1_epi8(12), newline = _mm256_set1_epi8('\n'),
                nian0 = _mm256_set1_epi8((char)0xE5), /* 年 */
      nian1 = _mm256_set1_epi8((char)0xB9),
                nian2 = _mm256_set1_epi8((char)0xB4);
  for (; p + 34 <= n; p += 32) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(u + p));
    __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(u + p + 1));
    __m256i z = _mm256_loadu_si256((const __m256i *)(const void *)(u + p + 2));
    __m256i d = _mm256_sub_epi8(x, zero);
    __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(d, nine), d);
    __m256i l = _mm256_sub_epi8(x, e3);
    __m256i lead = _mm256_cmpeq_epi8(_mm256_min_epu8(l, twelve), l);
    __m256i nib = _mm256_set1_epi8(0x0F);
    __m256i k = _mm256_and_si256(
        nib_lookup(cand_nt.l1, _mm256_and_si256(x, nib)),
        _mm256_and_si256(
            nib_lookup(cand_nt.l2, _mm256_and_si256(y, nib)),
            nib_lookup(cand_nt.h2,
                       _mm256_and_si256(_mm256_srli_epi16(y, 4), nib))));
    k = _mm256_and_si256(
        k, _mm256_and_si256(
               nib_lookup(cand_nt.l3, _mm256_and_si256(z, nib)),
               nib_lookup(cand_nt.h3,
                          _mm256_and_si256(_mm256_srli_epi16(z, 4), nib))));
    __m256i cjk =
        _mm256_andnot_si256(_mm256_cmpeq_epi8(k, _mm256_setzero_si256()), lead);
    uint64_t m = (uint32_t)_mm256_movemask_epi8(digit) |
                 exact_candidates(u + p, (uint32_t)_mm256_movemask_epi8(cjk));
    uint64_t lf = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, newline));
    __m256i yr =
        _mm256_and_si256(_mm256_cmpeq_epi8(x, nian0),
                         _mm256_and_si256(_mm256_cmpeq_epi8(y, nian1),
                                          _mm256_cmpeq_epi8(z, nian2)));
    uint64_t ym = (uint32_t)_mm256_movemask_epi8(yr);
    /* the first half of a word is stored, the second added to it: the
     * bitmaps need no clearing first */
    if (p & 32) {
      bits[p >> 6] |= m << 32;
      nl[p >> 6] |= lf << 32;
      nian[p >> 6] |= ym << 32;
    } else {
      bits[p >> 6] = m;
      nl[p >> 6] = lf;
      nian[p >> 6] = ym;
    }
  }
  return p;
}

/* The newlines and the 年 of the 64-byte block whose bytes from its
 * first, second and third on are x, y and z, stored at *nl and *nian;
 * returns its digits */
__attribute__((target("avx512f,avx512bw"))) static inline uint64_t
block512(__m512i x, __m512i y, __m512i z, uint64_t *nl, uint64_t *nian) {
  *nl = (uint64_t)_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\n'));
  *nian = (uint64_t)(_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)0xE5)) &
                     _mm512_cmpeq_epi8_mask(y, _mm512_set1_epi8((char)0xB9)) &
                     _mm512_cmpeq_epi8_mask(z, _mm512_set1_epi8((char)0xB4)));
  return (uint64_t)_mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(x, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
}

/* mark_candidates_avx512 with the exact test in the vector unit (VBMI
 * byte permutes through cand_h): no loop over the characters */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static size_t
mark_candidates_vbmi(const unsigned char *u, size_t n, uint64_t *bits,
                     uint64_t *nl, uint64_t *nian) {
  const __m512i sel = _mm512_loadu_si512((const void *)cand_h.sel),
                tx = _mm512_loadu_si512((const void *)cand_h.x),
                ty = _mm512_loadu_si512((const void *)cand_h.y),
                tz = _mm512_loadu_si512((const void *)cand_h.z);
  size_t p = 0;
  for (; p + 66 <= n; p += 64) {
    __m512i x = _mm512_loadu_si512((const void *)(u + p));
    __m512i y = _mm512_loadu_si512((const void *)(u + p + 1));
    __m512i z = _mm512_loadu_si512((const void *)(u + p + 2));
    uint64_t digit = block512(x, y, z, &nl[p >> 6], &nian[p >> 6]);
    __m512i h = _mm512_xor_si512(_mm512_permutexvar_epi8(y, sel), z);
    __mmask64 c = _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8((char)0xE3)) &
                  _mm512_cmpeq_epi8_mask(_mm512_permutexvar_epi8(h, tx), x) &
                  _mm512_cmpeq_epi8_mask(_mm512_permutexvar_epi8(h, ty), y) &
                  _mm512_cmpeq_epi8_mask(_mm512_permutexvar_epi8(h, tz), z);
    bits[p >> 6] = digit | (uint64_t)c;
  }
  return p;
}

/* mark_candidates_avx2 in 64-byte blocks from 0 on while p + 66 <= n,
 * each filling a word of the bitmaps */
__attribute__((target("avx512f,avx512bw"))) static size_t
mark_candidates_avx512(const unsigned char *u, size_t n, uint64_t *bits,
                       uint64_t *nl, uint64_t *nian) {
#define TAB(t) _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(t)))
  const __m512i l1 = TAB(cand_nt.l1), l2 = TAB(cand_nt.l2),
                h2 = TAB(cand_nt.h2), l3 = TAB(cand_nt.l3),
                h3 = TAB(cand_nt.h3);
#undef TAB
  const __m512i nib = _mm512_set1_epi8(0x0F);
  size_t p = 0;
  for (; p + 66 <= n; p += 64) {
    __m512i x = _mm512_loadu_si512((const void *)(u + p));
    __m512i y = _mm512_loadu_si512((const void *)(u + p + 1));
    __m512i z = _mm512_loadu_si512((const void *)(u + p + 2));
    uint64_t digit = block512(x, y, z, &nl[p >> 6], &nian[p >> 6]);
    __mmask64 lead = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(x, _mm512_set1_epi8((char)0xE3)), _mm512_set1_epi8(13));
    __m512i k = _mm512_and_si512(
        _mm512_shuffle_epi8(l1, _mm512_and_si512(x, nib)),
        _mm512_and_si512(
            _mm512_shuffle_epi8(l2, _mm512_and_si512(y, nib)),
            _mm512_shuffle_epi8(
                h2, _mm512_and_si512(_mm512_srli_epi16(y, 4), nib))));
    k = _mm512_and_si512(
        k, _mm512_and_si512(
               _mm512_shuffle_epi8(l3, _mm512_and_si512(z, nib)),
               _mm512_shuffle_epi8(
                   h3, _mm512_and_si512(_mm512_srli_epi16(z, 4), nib))));
    __mmask64 cjk = _mm512_mask_test_epi8_mask(lead, k, k);
    bits[p >> 6] = digit | exact_candidates(u + p, (uint64_t)cjk);
  }
  return p;
}
#endif

/* The candidates of the whole text as a bitmap, one bit per byte, so that
 * scanning a sentence is finding set bits (32 bytes at a time through the
 * prefilter where the CPU has AVX2); the newlines and the 年 follow in a
 * second and a third bitmap of `words` words each, from bits on. */
static void mark_candidates(const char *s, size_t n, uint64_t *bits,
                            size_t words) {
  uint64_t *nl = bits + words, *nian = nl + words;
  size_t p = 0;
#if defined(__GNUC__) && defined(__x86_64__)
  const unsigned char *u = (const unsigned char *)s;
  if (cand_vbmi)
    p = mark_candidates_vbmi(u, n, bits, nl, nian);
  else if (cand_avx512)
    p = mark_candidates_avx512(u, n, bits, nl, nian);
  if (cand_avx2) p = mark_candidates_avx2(u, n, p, bits, nl, nian);
#endif
  size_t w = (p + 63) >> 6; /* the words the blocks left untouched */
  memset(bits + w, 0, (words - w) * sizeof *bits);
  memset(nl + w, 0, (words - w) * sizeof *bits);
  memset(nian + w, 0, (words - w) * sizeof *bits);
  for (; p < n; p++) {
    if (is_candidate(s, n, p)) bits[p >> 6] |= 1ull << (p & 63);
    if (s[p] == '\n') nl[p >> 6] |= 1ull << (p & 63);
    if (at_(s, n, p, "年", 3)) nian[p >> 6] |= 1ull << (p & 63);
  }
}

static void scan(run *r, size_t sent_s, size_t sent_e, qlist *qs) {
  const char *s = r->s;
  size_t n = r->n;
  bool have_spans = false;
  qs->len = 0;
  /* r->cand_next is the first candidate after the text scanned so far
   * (found past the sentence it was looked for in): a sentence without
   * one costs a compare */
  size_t p = r->cand_next;
  if (p < sent_s) p = next_bit(r->cand, sent_s, n);
  while (p < sent_e) {
    if (qs->len == qs->cap) { /* room for the next, read in place */
      size_t nc = qs->cap ? qs->cap * 2 : 16;
      quantity *ni = realloc(qs->items, nc * sizeof *ni);
      if (ni == NULL) {
        r->oom = true;
        return;
      }
      qs->items = ni;
      qs->cap = nc;
    }
    quantity *q = &qs->items[qs->len];
    bool got = false;
    size_t nextp;
    unsigned char c = (unsigned char)s[p];
    bool ascii_digit = c >= '0' && c <= '9'; /* most candidates */
    if (!ascii_digit && (AT(p, "第") || AT(p, "首") || AT(p, "前"))) {
      got = rank_at(r, sent_s, p, q);
      nextp = got ? q->stop : p + 3;
      if (!got && AT(p, "第")) {
        hs_number num;
        if (hs_number_match(s, n, p + 3, &num)) nextp = num.stop;
      }
    } else {
      /* a number starts here: the candidates other than 第首前 are the
       * positions hs_number_is_start holds for (cand_init, is_candidate).
       * The character before is a digit or a dot (neither continues a
       * longer character) */
      if (p > 0 && ((s[p - 1] >= '0' && s[p - 1] <= '9') || s[p - 1] == '.')) {
        nextp = p + 1;
      } else {
        got = read_quantity(r, sent_s, p, q, &nextp);
      }
    }
    if (got && !have_spans) {
      r->spans.len = 0;
      if (!hs_text_quote_spans(s, n, sent_s, sent_e, &r->spans)) r->oom = true;
      have_spans = true;
    }
    if (got &&
        (q->stop > sent_e || hs_text_in_label(s, n, &r->spans, q->num_start)))
      got = false;
    if (got) qs->len++;
    p = nextp > p + 1 ? nextp : p + 1;
    /* candidates past the sentence's end are the next sentences' */
    p = next_bit(r->cand, p < sent_e ? p : sent_e, n);
  }
  r->cand_next = p;
}
/*}====================================================================*/

/*{====================================================================
 * Classification (M.classify)
 *====================================================================*/

/* Does keyword k start at byte i of u[0, n), t being text8(u, n, i)? */
static inline bool kw_at(const kw *k, const unsigned char *u, size_t n,
                         size_t i, uint64_t t) {
  return ((t ^ k->bits) & k->mask) == 0 && k->len <= n - i &&
         (k->len <= 8 || memcmp(u + i + 8, k->w + 8, k->len - 8) == 0);
}

static void side_hits(run *r, const kwindex *x, const char *s, size_t n,
                      bool before_side, hit *best) {
  if (x->nslots == 0) return;
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    size_t len;
    const kwbucket *b = kw_find(x, char_key(u, n, i, &len));
    uint64_t t = b != NULL ? text8(u, n, i) : 0;
    for (size_t c = 0; b != NULL && c < b->n; c++) {
      const kw *k = &b->items[c];
      if (!kw_at(k, u, n, i, t)) continue;
      hit *cur = &best[k->e];
      long d = before_side ? (long)n - (long)(i + k->len) : 1000 + (long)i + 1;
      if (cur->stamp != r->stamp &&
          (before_side ? r->ha : r->hb)[k->e].stamp != r->stamp)
        r->hits[r->nhits++] = (size_t)k->e;
      if (cur->stamp != r->stamp || d < cur->d ||
          (d == cur->d && k->len > cur->len)) {
        cur->stamp = r->stamp;
        cur->d = d;
        cur->len = k->len;
        cur->w = k->w;
        cur->at = i;
        cur->before = before_side;
      }
    }
    i += len;
  }
}

static bool allows(const ind *e, int kid, const char *kind) {
  if (kid != K_OTHER) return e->kinds >> kid & 1;
  for (size_t i = 0; e->units != NULL && e->units[i] != NULL; i++)
    if (str_eq(kind, e->units[i])) return true;
  return false;
}

static const char *concat(run *r, const char *a, size_t al, const char *b,
                          size_t bl) {
  if (al + bl + 1 > r->catcap) {
    size_t nc = (al + bl + 1) * 2;
    char *nb = realloc(r->cat, nc);
    if (nb == NULL) {
      r->oom = true;
      return "";
    }
    r->cat = nb;
    r->catcap = nc;
  }
  memcpy(r->cat, a, al);
  memcpy(r->cat + al, b, bl);
  r->cat[al + bl] = '\0';
  return r->cat;
}

static bool conditions_hold(run *r, const ind *e, const char *b, size_t bl,
                            const char *a, size_t al, const char *all,
                            size_t alll) {
  if (e->near != NULL || e->unless != NULL) {
    const char *ba = concat(r, b, bl, a, al);
    if (e->near != NULL && hs_words_has(e->near, ba, bl + al) < 0) return false;
    if (e->context != NULL && hs_words_has(e->context, all, alll) < 0)
      return false;
    if (e->unless != NULL && hs_words_has(e->unless, ba, bl + al) >= 0)
      return false;
  } else if (e->context != NULL && hs_words_has(e->context, all, alll) < 0) {
    return false;
  }
  if (e->unless_after != NULL && hs_words_has(e->unless_after, a, al) >= 0)
    return false;
  return true;
}

/* The entry for a quantity of `kind` and its hit, or NULL */
static const ind *classify(run *r, int kid, const char *kind, const char *b,
                           size_t bl, const char *a, size_t al, const char *all,
                           size_t alll, hit *out) {
  const hs_model *m = r->m;
  r->stamp++;
  if (r->stamp == 0) { /* wrapped: forget every stamp */
    memset(r->hb, 0, m->nind * sizeof *r->hb);
    memset(r->ha, 0, m->nind * sizeof *r->ha);
    r->stamp = 1;
  }
  r->nhits = 0;
  /* entries that do not allow the kind are passed over below: their
   * keywords need not be looked for */
  bool known = kid < K_OTHER;
  side_hits(r, known ? &m->kidx_before[kid] : &m->idx_before, b, bl, true,
            r->hb);
  if (al > 0)
    side_hits(r, known ? &m->kidx_after[kid] : &m->idx_after, a, al, false,
              r->ha);
  /* the entries hit, in entry order (few: an insertion sort) */
  for (size_t i = 1; i < r->nhits; i++) {
    size_t v = r->hits[i], j = i;
    for (; j > 0 && r->hits[j - 1] > v; j--)
      r->hits[j] = r->hits[j - 1];
    r->hits[j] = v;
  }
  const ind *best = NULL;
  hit h0 = {0};
  for (size_t hi = 0; hi < r->nhits; hi++) {
    size_t ei = r->hits[hi];
    bool hb = r->hb[ei].stamp == r->stamp;
    bool ha = al > 0 && r->ha[ei].stamp == r->stamp;
    if (!hb && !ha) continue;
    const ind *e = &m->ind[ei];
    if (!allows(e, kid, kind)) continue;
    const hit *h = hb ? &r->hb[ei] : (e->after != NULL ? &r->ha[ei] : NULL);
    if (h != NULL && !conditions_hold(r, e, b, bl, a, al, all, alll)) h = NULL;
    if (h != NULL &&
        (best == NULL || h->d < h0.d || (h->d == h0.d && h->len > h0.len))) {
      best = e;
      h0 = *h;
    }
  }
  if (out != NULL) *out = h0;
  return best;
}
/*}====================================================================*/

/*{====================================================================
 * Measures, targets, subjects
 *====================================================================*/

/* bare(before, pack) */
static bool bare(run *r, const char *b, size_t bl) {
  char buf[1300];
  if (bl >= sizeof buf) return false;
  memcpy(buf, b, bl);
  size_t len = bl;
  for (int pass = 0; pass < 2; pass++) {
    size_t cnt =
        pass == 0 ? nwords(bare_words) : hs_words_count(r->m->list[L_FILLER]);
    for (size_t i = 0; i < cnt; i++) {
      size_t wl;
      const char *w = pass == 0 ? bare_words[i]
                                : hs_words_get(r->m->list[L_FILLER], i, &wl);
      if (pass == 0) wl = strlen(w);
      if (wl == 0) continue;
      /* rest:gsub(w, "", 100): the leftmost occurrences, left to right */
      size_t o = 0, k = 0, reps = 0;
      const char *f;
      while (reps < 100 &&
             (f = hs_text_find(buf + k, len - k, w, wl)) != NULL) {
        size_t at = (size_t)(f - buf);
        memmove(buf + o, buf + k, at - k);
        o += at - k;
        k = at + wl;
        reps++;
      }
      memmove(buf + o, buf + k, len - k);
      len = o + (len - k);
    }
  }
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (!is_lua_space(c) && !is_lua_punct(c)) return false;
  }
  return true;
}

static const char *measure_of(run *r, const quantity *q, const char *b,
                              size_t bl, bool *negative) {
  const hs_model *m = r->m;
  *negative = false;
  if (q->rank) return M_RANK;
  size_t wl;
  if (q->kid == K_PERCENT || q->kid == K_PCT_POINT || q->kid == K_TIMES) {
    int g =
        hs_words_ends_with(m->list[L_GROWTH_CUES], b, bl, m->list[L_FILLER]);
    if (g >= 0) {
      const char *w = word_at(m->list[L_GROWTH_CUES], g, &wl);
      *negative = words_contain(m->list[L_DECLINE], w, wl);
      return M_GROWTH;
    }
    if (q->kid == K_TIMES) return M_GROWTH;
    if (q->kid == K_PERCENT &&
        (q->fraction || hs_words_has(m->list[L_SHARE_CUES], b, bl) >= 0))
      return M_SHARE;
    if (q->kid == K_PCT_POINT ||
        hs_words_has(m->list[L_GROWTH_WORDS], b, bl) >= 0) {
      *negative = hs_words_has(m->list[L_DECLINE_WORDS], b, bl) >= 0;
      return M_GROWTH;
    }
    return M_SHARE;
  }
  int g = hs_words_ends_with(m->list[L_CHANGE_CUES], b, bl, m->list[L_FILLER]);
  if (g >= 0) {
    const char *w = word_at(m->list[L_CHANGE_CUES], g, &wl);
    *negative = words_contain(m->list[L_DECLINE], w, wl);
    return M_GROWTH;
  }
  g = hs_words_ends_with(m->list[L_BASE_CHANGE_VERBS], b, bl,
                         m->list[L_FILLER]);
  if (g >= 0 && hs_words_has(m->list[L_BASE_WORDS], b, bl) >= 0) {
    const char *w = word_at(m->list[L_BASE_CHANGE_VERBS], g, &wl);
    *negative = words_contain(m->list[L_DECLINE], w, wl);
    return M_GROWTH;
  }
  return M_LEVEL;
}

/* The target cues of a sentence, found once (cue_in of extract.lua asks
 * the same of every prefix of it): where each occurrence ends and whether
 * 的 follows it. cue_in(s:sub(sent.s, q.start - 1)) holds when an
 * occurrence ends by q.start and the prefix does not hold its 的. One walk
 * by character through the cues indexed by their first character. */
static void find_cues(run *r, size_t sent_s, size_t sent_e) {
  const char *s = r->s;
  const kwindex *x = &r->m->idx_cues;
  r->ncues = 0;
  r->cues_done = true;
  const char *a = s + sent_s;
  size_t n = sent_e - sent_s;
  if (x->nslots == 0 || hs_words_has(r->m->list[L_TARGET_CUES], a, n) < 0)
    return;
  const unsigned char *u = (const unsigned char *)a;
  size_t i = 0;
  while (i < n) {
    size_t len;
    const kwbucket *b = kw_find(x, char_key(u, n, i, &len));
    uint64_t t = b != NULL ? text8(u, n, i) : 0;
    for (size_t c = 0; b != NULL && c < b->n; c++) {
      const kw *k = &b->items[c];
      if (!kw_at(k, u, n, i, t)) continue;
      size_t e = i + k->len;
      if (r->ncues == r->capcues) {
        size_t nc = r->capcues ? r->capcues * 2 : 16;
        cue_occ *ni = realloc(r->cues, nc * sizeof *ni);
        if (ni == NULL) {
          r->oom = true;
          return;
        }
        r->cues = ni;
        r->capcues = nc;
      }
      r->cues[r->ncues++] =
          (cue_occ){sent_s + e, n - e >= 3 && memcmp(a + e, "的", 3) == 0};
    }
    i += len;
  }
}

/* clause_cue: the clause s[cs, q->start) holds one of m->clause_cues */
static bool is_target(run *r, size_t sent_s, size_t sent_e, const quantity *q,
                      size_t cs, bool clause_cue) {
  if (r->plan_at != NONE && q->start >= r->plan_at) return true;
  const char *s = r->s;
  if (!r->cues_done) find_cues(r, sent_s, sent_e);
  for (size_t i = 0; i < r->ncues; i++) {
    size_t e = r->cues[i].end;
    if (e <= q->start && (!r->cues[i].de || e + 3 > q->start)) return true;
  }
  return clause_cue && hs_words_has(r->m->list[L_TARGET_CLAUSE_CUES], s + cs,
                                    q->start - cs) >= 0;
}

static size_t trim_span(const char *s, size_t n, size_t a, size_t b) {
  while (a < b) {
    char c = s[a];
    if (c == ' ' || c == ',' || c == ';' || c == ':')
      a++;
    else if (AT(a, "、"))
      a += 3;
    else
      break;
  }
  return a;
}
/*}====================================================================*/

/*{====================================================================
 * The document's facts (M.run)
 *====================================================================*/

typedef struct sfact { /* sent_all / prev_fact / sent_facts entries */
  str indicator;
  str rule;
  const char *kind;
  int kid;
  const char *unit;
  char unitbuf[40];
  size_t stop;
  char zone[160];
  unsigned zone_len;
  bool group;
} sfact;

typedef struct sent_state {
  sfact *all;
  size_t nall, capall;
  sfact *facts; /* sent_facts (prev_fact is the last) */
  size_t nfacts, capfacts;
  int by_kind_n;
  const char *by_kind_kind[16];
  int by_kind_kid[16];
  size_t by_kind_idx[16]; /* index into facts */
} sent_state;

static sfact *push_sfact(run *r, sfact **v, size_t *n, size_t *cap) {
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 16;
    sfact *ni = realloc(*v, nc * sizeof *ni);
    if (ni == NULL) {
      r->oom = true;
      return NULL;
    }
    *v = ni;
    *cap = nc;
  }
  sfact *f = &(*v)[(*n)++];
  /* every field empty (the zone and unit buffers by their first byte) */
  f->indicator = f->rule = (str){NULL, 0};
  f->kind = f->unit = NULL;
  f->kid = K_NONE;
  f->unitbuf[0] = f->zone[0] = '\0';
  f->zone_len = 0;
  f->stop = 0;
  f->group = false;
  return f;
}

static sfact *by_kind(sent_state *st, int kid, const char *kind) {
  for (int i = 0; i < st->by_kind_n; i++)
    if (same_kind(st->by_kind_kid[i], st->by_kind_kind[i], kid, kind))
      return &st->facts[st->by_kind_idx[i]];
  return NULL;
}

static void set_by_kind(sent_state *st, int kid, const char *kind, size_t idx) {
  for (int i = 0; i < st->by_kind_n; i++)
    if (same_kind(st->by_kind_kid[i], st->by_kind_kind[i], kid, kind)) {
      st->by_kind_idx[i] = idx;
      return;
    }
  if (st->by_kind_n < 16) {
    st->by_kind_kind[st->by_kind_n] = kind;
    st->by_kind_kid[st->by_kind_n] = kid;
    st->by_kind_idx[st->by_kind_n++] = idx;
  }
}

static void run_tables(run *r, hs_tables *tabs) {
  const char *s = r->s;
  const hs_model *m = r->m;
  for (size_t ti = 0; ti < tabs->len; ti++) {
    const hs_table *t = &tabs->items[ti];
    char per[48];
    unsigned per_len = copy_str(per, sizeof per, r->yearbuf, r->yearlen);
    if (t->has_title) {
      r->periods.len = 0;
      if (!hs_period_scan(s + t->title_s, t->s - t->title_s, r->year,
                          &r->periods))
        r->oom = true;
      for (size_t i = 0; i < r->periods.len; i++)
        per_len = copy_str(per, sizeof per, r->periods.items[i].period,
                           strlen(r->periods.items[i].period));
    }
    for (size_t ri = 0; ri < t->nrows; ri++) {
      const hs_table_row *row = &t->rows[ri];
      for (size_t ci = 0; ci < row->ncells; ci++) {
        const hs_table_cell *c = &row->cells[ci];
        const char *kind = c->growth ? "percent" : c->kind;
        const char *label = row->label;
        size_t ll = row->label_len;
        if (t->by_zone) {
          label = c->label != NULL ? c->label : "";
          ll = c->label != NULL ? c->label_len : 0;
        }
        int kid = kind_of(kind);
        const ind *e =
            classify(r, kid, kind, label, ll, "", 0, label, ll, NULL);
        const char *measure = c->growth ? M_GROWTH : M_LEVEL;
        if (!c->growth && kid == K_PERCENT) measure = M_SHARE;
        str indicator = e != NULL ? (str){e->indicator, e->indicator_len}
                                  : unit_default_of(m, c->unit);
        char zbuf[160];
        unsigned zl;
        if (t->by_zone)
          zl = copy_str(zbuf, sizeof zbuf, row->label, row->label_len);
        else
          zl = copy_str(zbuf, sizeof zbuf, r->zone, r->zone_len);
        draft d = {0};
        d.indicator = indicator;
        d.measure = measure;
        d.value = c->value;
        d.unit = c->unit;
        d.value_len = d.unit_len = UNK;
        d.period = (str){per, per_len};
        d.zone = (str){zbuf, zl};
        d.rule = LIT("table");
        d.span_s = row->s;
        d.span_e = row->e;
        d.key = "table";
        d.keylen = 5;
        if (r->plan_at != NONE && row->s >= r->plan_at) d.measure = M_TARGET;
        quantity empty;
        memset(&empty, 0, sizeof empty);
        emit(r, &empty, &d);
      }
    }
  }
}

/* the 分别 gap and the list gap of extract.lua */
static bool is_resp_gap(const char *g, size_t gl) {
  return eq(g, gl, "、") || eq(g, gl, "和") || eq(g, gl, "及") ||
         eq(g, gl, "与") || eq(g, gl, ",");
}

static bool is_list_gap(const char *g, size_t gl) {
  return eq(g, gl, "、") || eq(g, gl, "和") || eq(g, gl, "及") ||
         eq(g, gl, "与") || eq(g, gl, "以及");
}

/* the fact(ind, meas, rule, span_s, key) closure of M.run */
typedef struct qctx {
  const quantity *q;
  bool target;
  str zone;
  str period;
} qctx;

/* fills every field of *d */
static void make_draft(draft *d, const qctx *c, str indicator,
                       const char *measure, str rule, size_t span_s,
                       const char *key, size_t keylen) {
  d->indicator = indicator;
  d->measure = c->target && measure != M_RANK ? M_TARGET : measure;
  d->value = d->unit = NULL;
  d->value_len = d->unit_len = UNK;
  d->rule = rule;
  d->zone = c->zone;
  d->period = c->period;
  if (indicator.len == 18 && memcmp(indicator.s, "project_investment", 18) == 0)
    d->period = LIT("");
  d->span_s = span_s;
  d->span_e = c->q->stop;
  d->key = key;
  d->keylen = keylen;
  d->key2 = NULL;
  d->key2len = 0;
}

/* e's indicator, or "other" without an entry */
static str ind_name(const ind *e) {
  return e != NULL ? (str){e->indicator, e->indicator_len} : LIT("other");
}

static void negate_if(const quantity *qq, bool negative, char *v) {
  memcpy(v, qq->value, HS_DEC_MAX);
  if (qq->sign == '-' || (negative && !qq->sign)) hs_dec_neg(qq->value, v);
}

/* heading_until: s:find("\n%s*\n", from) as a C position, or n */
static size_t blank_line_after(const char *s, size_t n, size_t from) {
  for (size_t i = from; i < n; i++) {
    if (s[i] != '\n') continue;
    for (size_t j = i + 1; j < n && is_lua_space((unsigned char)s[j]); j++)
      if (s[j] == '\n') return i;
  }
  return n;
}

/* the periods of the sentence s[ss, se), positions in s, appended to pv */
static void sentence_periods(run *r, size_t ss, size_t se, hs_periods *pv) {
  int y = r->year;
  if (r->plan_at != NONE && ss >= r->plan_at && r->plan_year != 0)
    y = r->plan_year;
  size_t from = pv->len;
  if (!hs_period_scan(r->s + ss, se - ss, y, pv)) r->oom = true;
  for (size_t i = from; i < pv->len; i++) {
    pv->items[i].start += ss;
    pv->items[i].stop += ss;
  }
}

static int cmp_fact(const void *a, const void *b) {
  const hs_mfact *x = a, *y = b;
  if (x->span_s != y->span_s) return x->span_s < y->span_s ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void one_sentence(run *r, size_t sent_s, size_t sent_e, qlist *qs,
                         sent_state *st, bool *done, str szone,
                         const hs_periods *periods, str heading,
                         str para_period);

bool hs_model_run(const hs_model *m, const char *s, size_t n, int year,
                  int flags, hs_mfacts *out) {
  out->len = 0;
  out->sentences = out->skipped = 0;
  run r;
  memset(&r, 0, sizeof r);
  r.m = m;
  r.s = s;
  r.n = n;
  r.out = out;
  /* one allocation for the document's scratch: the three bitmaps, the
   * line starts per bitmap word, the hits of either side (cleared) and
   * the entries hit */
  size_t words = n / 64 + 1, nh = m->nind + 1;
  size_t bitbytes = 3 * words * sizeof *r.cand + words * sizeof(size_t),
         hitbytes = nh * sizeof *r.hb;
  size_t slotbytes = KS_SLOTS * sizeof *r.seen.slots;
  char *scratch = malloc(bitbytes + 2 * hitbytes + slotbytes +
                         nh * sizeof *r.hits + KS_ARENA);
  if (scratch == NULL) return false;
  r.cand = (uint64_t *)(void *)scratch;
  r.nl = r.cand + words;
  r.nian = r.nl + words;
  size_t *lsw = (size_t *)(void *)(r.nian + words);
  r.hb = (hit *)(void *)(scratch + bitbytes);
  r.ha = r.hb + nh;
  r.seen.slots = (size_t *)(void *)(r.ha + nh);
  r.seen.nslots = KS_SLOTS;
  r.hits = r.seen.slots + KS_SLOTS;
  r.seen.arena = (char *)(r.hits + nh);
  r.seen.acap = KS_ARENA;
  memset(r.hb, 0, 2 * hitbytes + slotbytes);
  mark_candidates(s, n, r.cand, words);
  r.cand_next = next_bit(r.cand, 0, n);
  /* lsw[w]: where the line holding the first byte of word w starts
   * (after the last newline before it, or 0), so that a sentence's line is
   * found without walking the lines; without a branch per word */
  for (size_t w = 0, ls = 0; w < words; w++) {
    lsw[w] = ls;
    uint64_t m = r.nl[w];
    size_t after = w * 64 + 64 - (size_t)__builtin_clzll(m | 1);
    size_t keep = (size_t)0 - (size_t)(m == 0); /* all ones: no newline */
    ls = (ls & keep) | (after & ~keep);
  }
  document(&r, year);

  hs_tables tabs = {0};
  if (!hs_tables_find(s, n, &tabs)) r.oom = true;
  run_tables(&r, &tabs);

  hs_spans sents = {0};
  if (!hs_text_sentences(s, n, &sents)) r.oom = true;
  qlist qs = {0};
  sent_state st = {0};
  bool *done = NULL;
  size_t done_cap = 0;
  size_t para_s = NONE, para_first = NONE;
  char para_period[48] = "";
  unsigned para_period_len = 0;
  bool have_para_period = false;
  char heading[48] = "";
  unsigned heading_len = 0;
  bool have_heading = false;
  size_t heading_until = 0;
  size_t ti = 0;
  hs_periods periods = {0};
  size_t pend_s = NONE, pend_e = 0; /* that first sentence, not yet read */
  for (size_t si = 0; si < sents.len && !r.oom; si++) {
    size_t ss = sents.items[si].s, se = sents.items[si].e;
    while (ti < tabs.len && tabs.items[ti].e <= ss)
      ti++;
    if (ti < tabs.len && ss < tabs.items[ti].e && se > tabs.items[ti].s)
      continue;
    /* a paragraph is a line: the one of the last newline before ss */
    uint64_t lm = r.nl[ss >> 6] & ((1ull << (ss & 63)) - 1);
    size_t in_word = (ss >> 6) * 64 + 64 - (size_t)__builtin_clzll(lm | 1);
    size_t keep = (size_t)0 - (size_t)(lm == 0); /* all ones: none there */
    size_t line_pos = (lsw[ss >> 6] & keep) | (in_word & ~keep);
    if (line_pos != para_s) {
      para_s = line_pos;
      have_para_period = false;
      para_first = NONE;
      pend_s = NONE;
    }
    scan(&r, ss, se, &qs);
    out->sentences++;
    /* The skip: a sentence with no figure is read only for what it passes
     * on to later sentences (the period of its paragraph, a heading's
     * period); its periods are not read unless it can do either, and its
     * zone never. flags & HS_MODEL_NO_SKIP reads every sentence whole. */
    bool colon = se >= 1 && s[se - 1] == ':';
    bool para_head = !have_para_period && ss == para_s;
    bool need = (flags & HS_MODEL_NO_SKIP) || qs.len > 0 || colon || para_head;
    /* a paragraph's first sentence without a figure passes on only its
     * period: read when a later sentence of the paragraph has a figure */
    bool later =
        para_head && qs.len == 0 && !colon && !(flags & HS_MODEL_NO_SKIP);
    if (later) {
      pend_s = ss;
      pend_e = se;
    }
    periods.len = 0;
    if (need && !later)
      sentence_periods(&r, ss, se, &periods);
    else if (!need)
      out->skipped++;
    size_t ce = NONE;
    if (para_head && periods.len > 0) {
      ce = hs_text_clause_end(s, n, ss, se);
      if (periods.items[0].start < ce) {
        para_period_len =
            copy_str(para_period, sizeof para_period, periods.items[0].period,
                     strlen(periods.items[0].period));
        have_para_period = true;
        para_first = ss;
      }
    }
    if (colon && periods.len > 0 && qs.len == 0) {
      const char *hp = periods.items[periods.len - 1].period;
      heading_len = copy_str(heading, sizeof heading, hp, strlen(hp));
      have_heading = true;
      heading_until = blank_line_after(s, n, se);
    } else if (have_heading && ss > heading_until) {
      have_heading = false;
    }
    if (qs.len == 0 && !(flags & HS_MODEL_NO_SKIP)) continue;
    /* a sentence that opens with a named sub-zone is about it */
    char subzone[160];
    str szone = {r.zone, r.zone_len};
    if (ce == NONE) ce = hs_text_clause_end(s, n, ss, se);
    r.zones.len = 0;
    if (!hs_zone_find(s + ss, ce - ss, 12, &r.zones)) r.oom = true;
    if (r.zones.len > 0) {
      const hs_zone_mention *zm = &r.zones.items[0];
      size_t pl = zm->word_start - zm->start;
      if (zm->start == 0 && pl >= 6 &&
          !hs_zone_is_generic(s + ss + zm->start, zm->stop - zm->start) &&
          !hs_text_find(r.zone, r.zone_len, s + ss + zm->start, 6)) {
        szone.len = copy_str(subzone, sizeof subzone, s + ss + zm->start,
                             zm->stop - zm->start);
        szone.s = subzone;
      }
    }
    if (qs.len == 0) continue;
    if (qs.len > done_cap) {
      bool *nd = realloc(done, qs.len * sizeof *nd);
      if (nd == NULL) {
        r.oom = true;
        break;
      }
      done = nd;
      done_cap = qs.len;
    }
    memset(done, 0, qs.len * sizeof *done);
    if (pend_s != NONE) { /* the paragraph's period, read now */
      r.periods.len = 0;
      sentence_periods(&r, pend_s, pend_e, &r.periods);
      if (r.periods.len > 0 &&
          r.periods.items[0].start < hs_text_clause_end(s, n, pend_s, pend_e)) {
        para_period_len =
            copy_str(para_period, sizeof para_period, r.periods.items[0].period,
                     strlen(r.periods.items[0].period));
        have_para_period = true;
        para_first = pend_s;
      }
      pend_s = NONE;
    }
    one_sentence(&r, ss, se, &qs, &st, done, szone, &periods,
                 have_heading ? (str){heading, heading_len} : (str){NULL, 0},
                 have_para_period && para_first != ss
                     ? (str){para_period, para_period_len}
                     : (str){NULL, 0});
  }
  hs_periods_free(&periods);
  free(done);
  free(qs.items);
  free(st.all);
  free(st.facts);
  hs_spans_free(&sents);
  hs_tables_free(&tabs);
  hs_spans_free(&r.spans);
  hs_zones_free(&r.zones);
  hs_periods_free(&r.periods);
  free(scratch);
  free(r.cat);
  free(r.cues);
  if (r.seen.arena_heap) free(r.seen.arena);
  if (r.seen.slots_heap) free(r.seen.slots);
  /* facts come mostly in text order already; tables' facts come first */
  size_t unsorted = 1;
  while (unsorted < out->len &&
         cmp_fact(&out->items[unsorted - 1], &out->items[unsorted]) < 0)
    unsorted++;
  if (unsorted < out->len)
    qsort(out->items, out->len, sizeof *out->items, cmp_fact);
  return !r.oom;
}

static void one_sentence(run *r, size_t sent_s, size_t sent_e, qlist *qsl,
                         sent_state *st, bool *done, str szone,
                         const hs_periods *periods, str heading,
                         str para_period) {
  const char *s = r->s;
  size_t n = r->n;
  const hs_model *m = r->m;
  quantity *qs = qsl->items;
  size_t nq = qsl->len;
  r->cues_done = false;
  st->nall = 0;
  st->nfacts = 0;
  st->by_kind_n = 0;
  size_t prev_idx = NONE; /* prev_fact: an index into st->facts */
  const char *all = s + sent_s;
  size_t alll = sent_e - sent_s;
  for (size_t i = 0; i < nq; i++) {
    if (done[i]) continue;
    const sfact *prev_fact = prev_idx != NONE ? &st->facts[prev_idx] : NULL;
    quantity *q = &qs[i];
    size_t cs = hs_text_clause_start(s, n, sent_s, q->start);
    size_t bs = cs;
    if (i > 0 && qs[i - 1].stop > bs) bs = qs[i - 1].stop;
    const char *before = s + bs;
    size_t bl = q->start > bs ? q->start - bs : 0;
    size_t ce = hs_text_item_end(s, n, q->stop, sent_e);
    if (i + 1 < nq && qs[i + 1].start < ce) ce = qs[i + 1].start;
    const char *after = s + q->stop;
    size_t al = ce > q->stop ? ce - q->stop : 0;
    const char *clause = s + cs;
    size_t cl = q->start > cs ? q->start - cs : 0;
    bool clause_cue = hs_words_has(m->clause_cues, clause, cl) >= 0;
    bool skip = clause_cue &&
                hs_words_has(m->list[L_SKIP_CLAUSE_CUES], clause, cl) >= 0;

    bool negative;
    const char *measure = measure_of(r, q, before, bl, &negative);
    if (i > 0) {
      const quantity *pq = &qs[i - 1];
      if (pq->measure != NULL &&
          same_kind(pq->kid, pq->kind, q->kid, q->kind) &&
          pq->stop <= q->start &&
          is_list_gap(s + pq->stop, q->start - pq->stop)) {
        measure = pq->measure;
        negative = pq->negative;
      }
    }
    q->measure = measure;
    q->negative = negative;
    bool target = is_target(r, sent_s, sent_e, q, cs, clause_cue);
    str per = {r->yearbuf, r->yearlen};
    if (r->plan_at != NONE && q->start >= r->plan_at && r->plan_year != 0)
      per = (str){r->planbuf, r->planlen};
    if (heading.s != NULL) per = heading;
    if (para_period.s != NULL) per = para_period;
    const char *pk = NULL; /* the last period before the quantity */
    for (size_t k = 0; k < periods->len; k++)
      if (periods->items[k].start < q->start) pk = periods->items[k].period;
    if (pk != NULL) per = (str){pk, (unsigned)strlen(pk)};
    int per_year = 0;
    const char *pp = per.s;
    if (per.len >= 4 && pp[0] >= '0' && pp[0] <= '9' && pp[1] >= '0' &&
        pp[1] <= '9' && pp[2] >= '0' && pp[2] <= '9' && pp[3] >= '0' &&
        pp[3] <= '9')
      per_year = (pp[0] - '0') * 1000 + (pp[1] - '0') * 100 +
                 (pp[2] - '0') * 10 + (pp[3] - '0');
    if (per_year && r->year && per_year > r->year) target = true;
    /* the zone */
    char z[160];
    unsigned zl = copy_str(z, sizeof z, szone.s, szone.len);
    r->zones.len = 0;
    if (!hs_zone_find(clause, cl, 12, &r->zones)) r->oom = true;
    const char *named = NULL;
    size_t named_len = 0;
    for (size_t k = 0; k < r->zones.len; k++) {
      const hs_zone_mention *zm = &r->zones.items[k];
      if (zm->word_start - zm->start >= 6 && !zm->quoted) {
        named = clause + zm->start;
        named_len = zm->stop - zm->start;
      }
    }
    if (named != NULL) {
      zl = copy_str(z, sizeof z, named, named_len);
    } else if (hs_words_starts_with(m->list[L_NON_ZONE_SCOPES], clause, cl) >=
               0) {
      z[0] = '\0';
      zl = 0;
    } else if ((measure == M_GROWTH || measure == M_SHARE) && st->nall > 0) {
      zl = copy_str(z, sizeof z, st->all[st->nall - 1].zone,
                    st->all[st->nall - 1].zone_len);
    }
    qctx qc = {q, target, {z, zl}, per};

    /* 分别 lists */
    bool resp = FIND(before, bl, "分别") != NULL && !skip;
    if (resp) {
      size_t list_n = 1, j = i;
      while (j + 1 < nq) {
        size_t g0 = qs[j].stop, g1 = qs[j + 1].start;
        if (g1 >= g0 && is_resp_gap(s + g0, g1 - g0)) {
          j++;
          list_n++;
        } else {
          break;
        }
      }
      size_t span_s = trim_span(s, n, bs, q->start);
      const char *head = clause;
      size_t hl = cl;
      const char *fb = FIND(head, hl, "分别");
      size_t subj_l = fb ? (size_t)(fb - head) : hl;
      r->spans.len = 0;
      if (!hs_text_split(s, cs, cs + subj_l, m->own[W_ITEM_SEPS], &r->spans))
        r->oom = true;
      size_t nitems = r->spans.len;
      hs_span items[64];
      if (nitems > 64) nitems = 64;
      if (nitems > 0) memcpy(items, r->spans.items, nitems * sizeof *items);
      if (list_n >= 2 && nitems == list_n) {
        for (size_t k = 0; k < list_n; k++) {
          quantity *qq = &qs[i + k];
          const char *it = s + items[k].s;
          size_t il = items[k].e - items[k].s;
          const ind *e =
              classify(r, qq->kid, qq->kind, it, il, "", 0, all, alll, NULL);
          char v[HS_DEC_MAX];
          negate_if(qq, negative, v);
          draft d;
          make_draft(&d, &qc, ind_name(e), measure, LIT("respectively"), span_s,
                     it, il);
          d.span_e = qs[i + list_n - 1].stop;
          d.value = v;
          d.unit = qq->unit;
          emit(r, qq, &d);
          done[i + k] = true;
        }
      } else if (list_n >= 2 && st->nfacts >= list_n) {
        size_t base_i = st->nfacts - list_n;
        for (size_t k = 0; k < list_n; k++) {
          const sfact *tf = &st->facts[base_i + k];
          quantity *qq = &qs[i + k];
          char v[HS_DEC_MAX];
          negate_if(qq, negative, v);
          draft d;
          make_draft(&d, &qc, tf->indicator, measure, LIT("respectively"),
                     span_s, NULL, 0);
          d.span_e = qs[i + list_n - 1].stop;
          d.value = v;
          d.unit = qq->unit;
          emit(r, qq, &d);
          done[i + k] = true;
        }
      } else if (list_n == 1 && nitems >= 2) {
        for (size_t k = 0; k < nitems; k++) {
          const char *it = s + items[k].s;
          size_t il = items[k].e - items[k].s;
          const ind *e =
              classify(r, q->kid, q->kind, it, il, "", 0, all, alll, NULL);
          draft d;
          make_draft(&d, &qc, ind_name(e), measure, LIT("respectively"), span_s,
                     it, il);
          emit(r, q, &d);
        }
        done[i] = true;
      }
    }

    if (done[i] || skip) continue;
    str indicator, rule;
    const str mstr = {measure, measure_len(measure)};
    size_t span_s = trim_span(s, n, bs, q->start);
    const char *key = NULL, *key2 = NULL;
    size_t keylen = 0, key2len = 0;
    bool is_gsr =
        measure == M_GROWTH || measure == M_SHARE || measure == M_RANK;
    if (is_gsr) {
      const char *subject = before;
      size_t sl = bl;
      if (measure == M_SHARE) {
        const char *zh = FIND(before, bl, "占");
        if (zh != NULL) sl = (size_t)(zh - before);
      }
      const ind *e = NULL;
      hit h;
      if (measure != M_RANK)
        e = classify(r, K_PERCENT, "percent", subject, sl, "", 0, all, alll,
                     &h);
      const sfact *ranked = NULL;
      for (size_t k = st->nall; k > 0; k--)
        if (st->all[k - 1].stop <= cs) {
          ranked = &st->all[k - 1];
          break;
        }
      if (e != NULL) {
        indicator = ind_name(e);
        rule = mstr;
        span_s = bs + h.at;
      } else if (measure == M_RANK) {
        indicator = ranked ? ranked->indicator : LIT("rank");
        rule = LIT("rank");
        if (hs_words_has(m->list[L_OVERALL_RANK_CUES], clause,
                         q->num_start - cs) >= 0)
          indicator = LIT("rank");
      } else if (measure == M_GROWTH && st->nall > 0) {
        indicator = st->all[st->nall - 1].indicator;
        rule = mstr;
      } else if (prev_fact != NULL &&
                 (measure != M_SHARE || FIND(before, bl, "占") != NULL)) {
        indicator = prev_fact->indicator;
        rule = mstr;
      } else {
        indicator = LIT("other");
        rule = mstr;
      }
    } else {
      hit h;
      const ind *e =
          classify(r, q->kid, q->kind, before, bl, after, al, all, alll, &h);
      if (e == NULL && cs > sent_s && s[cs - 1] == ':') {
        size_t ls = hs_text_clause_start(s, n, sent_s, cs - 1);
        const ind *e2 = classify(r, q->kid, q->kind, s + ls, q->start - ls,
                                 after, al, all, alll, &h);
        if (e2 != NULL && h.before) bs = ls;
        e = e2;
      }
      const sfact *bk = by_kind(st, q->kid, q->kind);
      if (e != NULL && e->follows_group && prev_fact != NULL &&
          prev_fact->group) {
        indicator = prev_fact->indicator;
        rule = prev_fact->rule;
      } else if (e != NULL) {
        indicator = ind_name(e);
        rule = (str){e->rule, e->rule_len};
        if (h.before) span_s = bs + h.at;
        key = h.before ? "before" : "after";
        keylen = h.before ? 6 : 5;
        key2 = h.w;
        key2len = h.len;
      } else if (bk != NULL && (hs_words_starts_with(m->list[L_TOTAL_CUES],
                                                     before, bl) >= 0 ||
                                (named != NULL &&
                                 !(bk->zone_len == named_len &&
                                   memcmp(bk->zone, named, named_len) == 0)))) {
        indicator = bk->indicator;
        rule = bk->rule;
      } else if (q->kid == K_COUNT && (bk = by_kind(st, K_COUNT, "count")) &&
                 strncmp(bk->indicator.s, "projects_", 9) == 0 &&
                 FIND(before, bl, "以上项目") != NULL) {
        indicator = bk->indicator;
        rule = bk->rule;
      } else if (st->nall > 0 &&
                 !str_eq(st->all[st->nall - 1].indicator.s, "other") &&
                 (same_kind(st->all[st->nall - 1].kid,
                            st->all[st->nall - 1].kind, q->kid, q->kind) ||
                  st->all[st->nall - 1].kid == K_PERCENT) &&
                 bare(r, before, bl)) {
        indicator = st->all[st->nall - 1].indicator;
        rule = LIT("ellipsis");
      } else {
        indicator = unit_default_of(m, q->unit);
        rule = indicator;
      }
    }
    char v[HS_DEC_MAX];
    negate_if(q, negative, v);
    char unit[40];
    size_t ul = 0;
    unit[0] = '\0';
    cat_str(unit, sizeof unit, &ul, q->unit, q->unit_len);
    if (ul == 1 && unit[0] == 't' && FIND(before, bl, "日产") != NULL)
      ul = (size_t)snprintf(unit, sizeof unit, "t/d");
    if (q->kid == K_MONEY && FIND(clause, cl, "亩均") != NULL) {
      snprintf(unit, sizeof unit, "%s/mu", q->unit);
      ul = strlen(unit);
    } else if (q->kid == K_MONEY && measure == M_GROWTH && st->nall > 0) {
      const char *last = st->all[st->nall - 1].unit;
      if (strncmp(last, unit, ul) == 0 && strcmp(last + ul, "/mu") == 0 &&
          ul + 4 < sizeof unit) {
        memcpy(unit + ul, "/mu", 4);
        ul += 3;
      }
    }
    /* rank subjects */
    bool subjects_done = false;
    if (measure == M_RANK) {
      const char *jun = FIND(clause, cl, "均");
      size_t hl = jun ? (size_t)(jun - clause) : 0;
      if (jun != NULL && hl > 0) {
        r->spans.len = 0;
        if (!hs_text_split(s, cs, cs + hl, m->own[W_RANK_SEPS], &r->spans))
          r->oom = true;
        hs_span items[64];
        size_t ni = r->spans.len > 64 ? 64 : r->spans.len;
        if (ni > 0) memcpy(items, r->spans.items, ni * sizeof *items);
        bool listed = ni >= 2;
        size_t count = 0;
        const char *what = NULL;
        size_t wl = 0;
        if (!listed) {
          /* head:match("^(.-)个(.+)$") */
          const char *ge = FIND(clause, hl, "个");
          if (ge != NULL && (size_t)(ge - clause) + 3 < hl) {
            size_t nl = (size_t)(ge - clause);
            hs_number num;
            if (hs_number_match(clause, nl, 0, &num) && num.stop == nl) {
              double k = strtod(num.value, NULL);
              if (k >= 2 && k <= 12) {
                count = (size_t)k;
                what = ge + 3;
                wl = hl - nl - 3;
              }
            }
          }
        }
        if (listed || count > 0) {
          size_t total = listed ? ni : count;
          for (size_t k = 0; k < total; k++) {
            const char *subj = listed ? s + items[k].s : what;
            size_t sl = listed ? items[k].e - items[k].s : wl;
            const ind *e =
                classify(r, K_MONEY, "money", subj, sl, "", 0, subj, sl, NULL);
            if (e == NULL)
              e = classify(r, K_COUNT, "count", subj, sl, "", 0, subj, sl,
                           NULL);
            str si = e || listed ? ind_name(e) : indicator;
            char kb[32];
            snprintf(kb, sizeof kb, "subject%zu", k + 1);
            draft d;
            make_draft(&d, &qc, si, measure, rule, span_s, kb, strlen(kb));
            d.key2 = subj;
            d.key2len = sl;
            d.value = v;
            d.unit = unit;
            d.unit_len = (unsigned)ul;
            emit(r, q, &d);
          }
          subjects_done = true;
        }
      }
    }
    if (!subjects_done) {
      draft d;
      make_draft(&d, &qc, indicator, measure, rule, span_s, key, keylen);
      d.key2 = key2;
      d.key2len = key2len;
      d.value = v;
      d.unit = unit;
      d.unit_len = (unsigned)ul;
      emit(r, q, &d);
    }
    sfact *sa = push_sfact(r, &st->all, &st->nall, &st->capall);
    if (sa == NULL) return;
    sa->indicator = indicator;
    sa->stop = q->stop;
    sa->zone_len = copy_str(sa->zone, sizeof sa->zone, z, zl);
    sa->kind = q->kind;
    sa->kid = q->kid;
    copy_str(sa->unitbuf, sizeof sa->unitbuf, unit, ul);
    sa->unit = sa->unitbuf;
    if (!is_gsr) {
      sfact *pf = push_sfact(r, &st->facts, &st->nfacts, &st->capfacts);
      if (pf == NULL) return;
      pf->indicator = indicator;
      pf->rule = rule;
      pf->kind = q->kind;
      pf->kid = q->kid;
      pf->zone_len = copy_str(pf->zone, sizeof pf->zone, z, zl);
      if (q->kid == K_COUNT) {
        const char *ba = concat(r, before, bl, after, al);
        pf->group = FIND(ba, bl + al, "项目") != NULL;
      }
      prev_idx = st->nfacts - 1;
      set_by_kind(st, q->kid, q->kind, st->nfacts - 1);
    }
  }
}
/*}====================================================================*/

void hs_mfacts_free(hs_mfacts *f) {
  if (f == NULL) return;
  free(f->items);
  f->items = NULL;
  f->len = f->cap = 0;
}
