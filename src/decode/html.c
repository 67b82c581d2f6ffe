/* SPDX-License-Identifier: MIT */
/*
 * HTML (and generic XML) to text: tags stripped, script/style/template and
 * comments dropped, character references decoded, block elements turned
 * into line breaks, table cells separated by tabs, and runs of white space
 * collapsed as a browser would. Also: recognizing markup by content, and the
 * charset a page declares in <meta>. One pass, no tree, no allocation
 * beyond the output buffer; malformed markup degrades to text, never fails.
 */
#include "decode.h"
#include "decode_int.h"

#include <string.h>
#include <strings.h>

/*{====================================================================
 * Character references
 *====================================================================}*/

typedef struct entity {
  const char *name;
  uint16_t cp;
} entity;

/* Sorted by name (strcmp) for bsearch-free linear scan; small on purpose. */
static const entity entities[] = {
    {"amp", '&'},       {"apos", '\''},     {"bull", 0x2022},
    {"cent", 0x00A2},   {"copy", 0x00A9},   {"deg", 0x00B0},
    {"divide", 0x00F7}, {"emsp", 0x2003},   {"ensp", 0x2002},
    {"euro", 0x20AC},   {"gt", '>'},        {"hellip", 0x2026},
    {"laquo", 0x00AB},  {"ldquo", 0x201C},  {"lsaquo", 0x2039},
    {"lsquo", 0x2018},  {"lt", '<'},        {"mdash", 0x2014},
    {"middot", 0x00B7}, {"minus", 0x2212},  {"nbsp", 0x00A0},
    {"ndash", 0x2013},  {"permil", 0x2030}, {"plusmn", 0x00B1},
    {"pound", 0x00A3},  {"quot", '"'},      {"raquo", 0x00BB},
    {"rdquo", 0x201D},  {"reg", 0x00AE},    {"rsaquo", 0x203A},
    {"rsquo", 0x2019},  {"sect", 0x00A7},   {"shy", 0x00AD},
    {"sup2", 0x00B2},   {"sup3", 0x00B3},   {"thinsp", 0x2009},
    {"times", 0x00D7},  {"trade", 0x2122},  {"yen", 0x00A5},
    {"zwj", 0x200D},    {"zwnj", 0x200C},
};

static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

size_t hs_entity(const char *p, size_t n, uint32_t *cp) {
  if (n < 3 || p[0] != '&') return 0;
  size_t i = 1;
  if (p[1] == '#') {
    int hex = n > 2 && (p[2] == 'x' || p[2] == 'X');
    i = hex ? 3 : 2;
    uint32_t v = 0;
    size_t start = i;
    while (i < n && i - start < 8) {
      int c = (unsigned char)p[i], d;
      if (is_digit(c))
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        break;
      v = v * (hex ? 16u : 10u) + (uint32_t)d;
      i++;
    }
    if (i == start) return 0;
    if (i < n && p[i] == ';') i++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return i;
  }
  while (i < n && i < 10 &&
         (is_alpha((unsigned char)p[i]) || is_digit((unsigned char)p[i])))
    i++;
  size_t len = i - 1;
  if (len == 0) return 0;
  for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
    if (strlen(entities[k].name) == len &&
        memcmp(entities[k].name, p + 1, len) == 0) {
      *cp = entities[k].cp;
      return i < n && p[i] == ';' ? i + 1 : i;
    }
  }
  return 0;
}

/*{====================================================================
 * Sniffing
 *====================================================================}*/

static int lower(int c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* strncasecmp(p, lit, k) == 0 for a lit of k bytes without NUL (C locale:
 * ASCII letters fold). */
static int eq_ci(const char *p, const char *lit, size_t k) {
  for (size_t i = 0; i < k; i++)
    if (lower((unsigned char)p[i]) != lower((unsigned char)lit[i])) return 0;
  return 1;
}

static int starts_ci(const char *p, size_t n, const char *lit) {
  size_t k = strlen(lit);
  return n >= k && eq_ci(p, lit, k);
}

/* Case-insensitive search for lit in p[0..n): candidates by memchr on the
 * first byte when it is not a letter. */
static const char *find_ci(const char *p, size_t n, const char *lit) {
  size_t k = strlen(lit);
  if (k == 0) return p;
  if (n < k) return NULL;
  const char *last = p + (n - k); /* last possible start */
  int f = (unsigned char)lit[0];
  if (!is_alpha(f)) {
    const char *q = p;
    while (q <= last) {
      q = memchr(q, f, (size_t)(last - q) + 1);
      if (q == NULL) return NULL;
      if (eq_ci(q + 1, lit + 1, k - 1)) return q;
      q++;
    }
    return NULL;
  }
  f = lower(f);
  for (const char *q = p; q <= last; q++)
    if (lower((unsigned char)*q) == f && eq_ci(q + 1, lit + 1, k - 1)) return q;
  return NULL;
}

int hs_html_sniff(const char *p, size_t n) {
  if (p == NULL) return 0;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    p += 3;
    n -= 3;
  }
  while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
    p++;
    n--;
  }
  if (n == 0 || *p != '<') return 0;
  size_t head = n < 2048 ? n : 2048;
  static const char *const starts[] = {
      "<!doctype html", "<html",   "<head", "<body", "<meta",
      "<title",         "<div",    "<p>",   "<p ",   "<table",
      "<span",          "<script", "<br",   "<h1",   "<h2",
  };
  for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
    if (starts_ci(p, n, starts[i])) return 1;
  if (find_ci(p, head, "<html") || find_ci(p, head, "<body")) return 1;
  if (starts_ci(p, n, "<?xml")) return 2;
  if (starts_ci(p, n, "<!--") &&
      (find_ci(p, head, "<div") || find_ci(p, head, "<p>")))
    return 1;
  return 0;
}

const char *hs_html_meta_charset(const void *raw, size_t n) {
  const char *p = raw;
  if (p == NULL) return NULL;
  if (n > 4096) n = 4096;
  if (memchr(p, 0, n) != NULL) return NULL; /* not ASCII-compatible */
  const char *end = p + n;
  while (p < end) {
    const char *m = find_ci(p, (size_t)(end - p), "<meta");
    if (m == NULL) return NULL;
    const char *gt = memchr(m, '>', (size_t)(end - m));
    if (gt == NULL) gt = end;
    const char *c = find_ci(m, (size_t)(gt - m), "charset");
    if (c != NULL) {
      c += 7;
      while (c < gt && (*c == ' ' || *c == '=' || *c == '"' || *c == '\''))
        c++;
      char name[32];
      size_t k = 0;
      while (c < gt && k + 1 < sizeof name &&
             (is_alpha((unsigned char)*c) || is_digit((unsigned char)*c) ||
              *c == '-' || *c == '_'))
        name[k++] = *c++;
      name[k] = '\0';
      const char *canon = hs_charset_canon(name);
      if (canon != NULL) return canon;
    }
    p = gt;
  }
  return NULL;
}

/*{====================================================================
 * Stripping
 *====================================================================}*/

static const char *const blocks[] = {
    "address", "article", "aside",   "blockquote", "body",       "br",
    "caption", "center",  "dd",      "div",        "dl",         "dt",
    "figure",  "footer",  "form",    "h1",         "h2",         "h3",
    "h4",      "h5",      "h6",      "head",       "header",     "hr",
    "html",    "li",      "main",    "nav",        "ol",         "option",
    "p",       "pre",     "section", "table",      "tbody",      "tfoot",
    "thead",   "title",   "tr",      "ul",         "figcaption",
};

static int in_list(const char *name, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(name, list[i]) == 0) return 1;
  return 0;
}

typedef struct strip {
  hs_buf *out;
  int space; /* white space pending */
  int line;  /* a line break pending */
  int tab;   /* a cell separator pending */
} strip;

/* Emits pending separators before text. */
static hs_status flush(strip *s) {
  hs_buf *o = s->out;
  int at_start = o->len == 0 || o->data[o->len - 1] == '\n';
  hs_status rc = HS_OK;
  if (s->line && o->len > 0 && !at_start)
    rc = hs_buf_putc(o, '\n');
  else if (s->tab && !at_start)
    rc = hs_buf_putc(o, '\t');
  else if (s->space && !at_start)
    rc = hs_buf_putc(o, ' ');
  s->space = s->line = s->tab = 0;
  return rc;
}

/* Offset just past the first (case-insensitive) `lit` at or after i, or n. */
static size_t skip_past(const char *p, size_t n, size_t i, const char *lit) {
  const char *f = find_ci(p + i, n - i, lit);
  return f == NULL ? n : (size_t)(f - p) + strlen(lit);
}

/* Offset just past the '>' closing the tag that starts at i, skipping
 * quoted attribute values, or n. */
static size_t tag_end(const char *p, size_t n, size_t i) {
  char q = 0;
  for (; i < n; i++) {
    if (q != 0) {
      if (p[i] == q) q = 0;
    } else if (p[i] == '"' || p[i] == '\'') {
      q = p[i];
    } else if (p[i] == '>') {
      return i + 1;
    }
  }
  return n;
}

hs_status hs_html_to_text(const char *p, size_t n, hs_buf *out) {
  strip s = {out, 0, 0, 0};
  hs_buf_reset(out);
  if (p == NULL) return HS_OK;
  size_t i = 0;
  hs_status rc = HS_OK;
  while (i < n && rc == HS_OK) {
    unsigned char c = (unsigned char)p[i];
    if (c == '<') {
      if (starts_ci(p + i, n - i, "<!--")) {
        i = skip_past(p, n, i + 4, "-->");
        continue;
      }
      if (starts_ci(p + i, n - i, "<![CDATA[")) {
        size_t e = skip_past(p, n, i + 9, "]]>");
        size_t end = e == n && !find_ci(p + i, n - i, "]]>") ? n : e - 3;
        rc = flush(&s);
        if (rc == HS_OK) rc = hs_buf_append(out, p + i + 9, end - (i + 9));
        i = e;
        continue;
      }
      if (i + 1 < n && (p[i + 1] == '!' || p[i + 1] == '?')) {
        i = tag_end(p, n, i + 1);
        continue;
      }
      size_t j = i + 1;
      int closing = j < n && p[j] == '/';
      if (closing) j++;
      if (j < n && is_alpha((unsigned char)p[j])) {
        char name[16];
        size_t k = 0;
        while (j < n && (is_alpha((unsigned char)p[j]) ||
                         is_digit((unsigned char)p[j]) || p[j] == ':')) {
          if (k + 1 < sizeof name) name[k++] = p[j];
          j++;
        }
        name[k] = '\0';
        i = tag_end(p, n, j);
        if (!closing && (strcasecmp(name, "script") == 0 ||
                         strcasecmp(name, "style") == 0 ||
                         strcasecmp(name, "template") == 0)) {
          char endtag[16];
          size_t nl = strlen(name);
          endtag[0] = '<';
          endtag[1] = '/';
          memcpy(endtag + 2, name, nl + 1);
          size_t e = skip_past(p, n, i, endtag);
          i = e < n ? tag_end(p, n, e) : n;
          s.space = 1;
          continue;
        }
        if (in_list(name, blocks, sizeof blocks / sizeof blocks[0]))
          s.line = 1;
        else if (!closing &&
                 (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0))
          s.tab = 1;
        continue;
      }
      /* a lone '<' is text */
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      s.space = 1;
      i++;
      continue;
    }
    rc = flush(&s);
    if (rc != HS_OK) break;
    uint32_t cp;
    size_t k = c == '&' ? hs_entity(p + i, n - i, &cp) : 0;
    if (k > 0) {
      char enc[4];
      rc = hs_buf_append(out, enc, hs_u8_encode(cp, enc));
      i += k;
      continue;
    }
    size_t j = i + 1;
    while (j < n && p[j] != '<' && p[j] != '&' && p[j] != ' ' && p[j] != '\n' &&
           p[j] != '\t' && p[j] != '\r' && p[j] != '\f')
      j++;
    rc = hs_buf_append(out, p + i, j - i);
    i = j;
  }
  if (rc == HS_OK && out->len > 0 && out->data[out->len - 1] != '\n')
    rc = hs_buf_putc(out, '\n');
  return rc;
}
