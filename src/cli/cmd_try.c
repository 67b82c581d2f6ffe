/* SPDX-License-Identifier: MIT */
/*
 * hanscan try: the facts a pack finds in a snippet, as an aligned table
 * with the rule that produced each; --trace adds, in text order, every
 * quantity the pack looked at: the rules tried with the keyword that
 * matched and its side, the one chosen, or why the quantity was rejected.
 * The snippet goes through the same decode and normalization as a
 * document, so what works here works in `hanscan run`.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_try[] =
    "usage: hanscan try [-p PACK] [--trace] TEXT|-\n"
    "\n"
    "Shows the facts PACK (default devzone) finds in TEXT (or standard\n"
    "input with -), one row each: indicator, measure, value, unit, period,\n"
    "span and the rule that produced it (approx when set). TEXT is decoded\n"
    "and normalized like a document.\n"
    "\n"
    "options:\n"
    "  -p, --pack PACK  a pack folder, or a name on the pack search path\n"
    "      --trace      also show, in text order, each quantity looked at:\n"
    "                   the rules tried (keyword, side), the one chosen\n"
    "                   (*), or why it was rejected\n"
    "  -h, --help       print this help\n";

enum {
  COL_IND,
  COL_MEAS,
  COL_VAL,
  COL_UNIT,
  COL_PER,
  COL_SPAN,
  COL_RULE,
  COL_APPROX,
  NCOL
};

typedef struct rows {
  char **cell; /* NCOL per row, owned */
  size_t n, cap;
} rows;

static char *dup0(const char *s) {
  return strdup(s != NULL ? s : "");
}

static hs_status add_row(void *ud, const hs_fact *f) {
  rows *r = ud;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    char **c = realloc(r->cell, cap * NCOL * sizeof *c);
    if (c == NULL) return HS_ENOMEM;
    r->cell = c;
    r->cap = cap;
  }
  char **c = r->cell + r->n * NCOL;
  const char *v[NCOL] = {f->indicator, f->measure, f->value, f->unit,
                         f->period,    f->span,    f->rule,  f->approx};
  int ok = 1;
  for (int i = 0; i < NCOL; i++)
    if ((c[i] = dup0(v[i])) == NULL) ok = 0;
  if (!ok) {
    for (int i = 0; i < NCOL; i++)
      free(c[i]);
    return HS_ENOMEM;
  }
  r->n++;
  return HS_OK;
}

static void free_rows(rows *r) {
  for (size_t i = 0; i < r->n * NCOL; i++)
    free(r->cell[i]);
  free(r->cell);
}

typedef struct tline {
  size_t off, seq;
  char *text;
} tline;

typedef struct tlines {
  tline *v;
  size_t n, cap;
} tlines;

static void add_trace(void *ud, size_t off, const char *line) {
  tlines *t = ud;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    tline *v = realloc(t->v, cap * sizeof *v);
    if (v == NULL) return; /* the trace is best effort */
    t->v = v;
    t->cap = cap;
  }
  char *s = strdup(line);
  if (s == NULL) return;
  t->v[t->n] = (tline){off, t->n, s};
  t->n++;
}

static int cmp_tline(const void *a, const void *b) {
  const tline *x = a, *y = b;
  if (x->off != y->off) return x->off < y->off ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Prints s and pads it to `width` display columns. */
static void pad(const char *s, size_t width, int last) {
  fputs(s, stdout);
  if (last) return;
  for (size_t w = hs_cli_width(s); w < width + 2; w++)
    putchar(' ');
}

static void print_table(const rows *r) {
  static const char *const head[NCOL] = {"indicator", "measure", "value",
                                         "unit",      "period",  "span",
                                         "rule",      "approx"};
  if (r->n == 0) {
    puts("(no facts)");
    return;
  }
  int ncol = COL_RULE + 1;
  for (size_t i = 0; i < r->n; i++)
    if (r->cell[i * NCOL + COL_APPROX][0] != '\0') ncol = NCOL;
  size_t width[NCOL];
  for (int c = 0; c < ncol; c++) {
    width[c] = hs_cli_width(head[c]);
    for (size_t i = 0; i < r->n; i++) {
      size_t w = hs_cli_width(r->cell[i * NCOL + c]);
      if (w > width[c]) width[c] = w;
    }
  }
  for (int c = 0; c < ncol; c++)
    pad(head[c], width[c], c == ncol - 1);
  putchar('\n');
  for (size_t i = 0; i < r->n; i++) {
    int last = ncol - 1; /* no trailing blanks before an empty approx */
    if (last == COL_APPROX && r->cell[i * NCOL + COL_APPROX][0] == '\0')
      last = COL_RULE;
    for (int c = 0; c <= last; c++) {
      const char *s = r->cell[i * NCOL + c];
      pad(c == COL_PER && *s == '\0' ? "-" : s, width[c], c == last);
    }
    putchar('\n');
  }
}

int hs_cli_try(int argc, char **argv) {
  const char *pack = NULL, *text = NULL;
  int trace = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage_try, stdout);
      return HS_EXIT_OK;
    } else if (strcmp(a, "--trace") == 0) {
      trace = 1;
    } else if (strcmp(a, "-p") == 0 || strcmp(a, "--pack") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hanscan try: option '%s' needs a value\n", a);
        return HS_EXIT_USAGE;
      }
      pack = argv[++i];
    } else if (strncmp(a, "--pack=", 7) == 0) {
      pack = a + 7;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "hanscan try: unknown option '%s' (see --help)\n", a);
      return HS_EXIT_USAGE;
    } else if (text != NULL) {
      fprintf(stderr, "hanscan try: give one TEXT (quote it), or - for "
                      "standard input\n");
      return HS_EXIT_USAGE;
    } else {
      text = a;
    }
  }
  if (text == NULL) {
    fputs(usage_try, stderr);
    return HS_EXIT_USAGE;
  }
  int code = HS_EXIT_USAGE;
  char *data = hs_cli_data_dir(), *dir = NULL;
  hs_engine *e = NULL;
  hs_buf raw;
  hs_buf_init(&raw);
  hs_text t;
  hs_text_init(&t);
  rows r = {NULL, 0, 0};
  tlines tl = {NULL, 0, 0};
  if (data == NULL || (dir = hs_cli_find_pack(pack, data)) == NULL) goto done;
  if ((e = hs_cli_engine("try", data, dir, NULL)) == NULL) goto done;
  hs_status rc = strcmp(text, "-") == 0 ? hs_cli_read_file("-", &raw)
                                        : hs_buf_puts(&raw, text);
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan try: cannot read the text: %s\n",
            rc == HS_EIO ? strerror(errno) : hs_strerror(rc));
    code = HS_EXIT_FAILED;
    goto done;
  }
  rc = hs_text_decode(&t, raw.data, raw.len, NULL, HS_NORM_ALL);
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan try: %s\n", t.msg);
    code = HS_EXIT_FAILED;
    goto done;
  }
  if (trace) hs_engine_set_trace(e, add_trace, &tl);
  rc = hs_engine_extract(e, "try", &t, add_row, &r, NULL, NULL);
  hs_engine_set_trace(e, NULL, NULL);
  if (trace) {
    qsort(tl.v, tl.n, sizeof *tl.v, cmp_tline);
    for (size_t i = 0; i < tl.n; i++)
      printf("@%zu %s\n", tl.v[i].off, tl.v[i].text);
    if (tl.n == 0) puts("(no quantity looked at)");
    putchar('\n');
  }
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan try: %s\n", hs_engine_errmsg(e));
    code = HS_EXIT_FAILED;
    goto done;
  }
  print_table(&r);
  code = fflush(stdout) == 0 ? HS_EXIT_OK : HS_EXIT_FAILED;
done:
  for (size_t i = 0; i < tl.n; i++)
    free(tl.v[i].text);
  free(tl.v);
  free_rows(&r);
  hs_text_close(&t);
  hs_buf_close(&raw);
  hs_engine_free(e);
  free(dir);
  free(data);
  return code;
}
