/* SPDX-License-Identifier: MIT */
/*
 * hanscan test PACK: runs the test cases that ship inside a pack. A case
 * is <pack>/tests/<case>.expected, written by hand, next to the document
 * <case>.<ext> (.txt preferred; any file the document source reads: text
 * in any encoding, HTML, .docx, an archive). The .expected file has one
 * fact per line, fields separated by spaces or tabs:
 *
 *   indicator measure value unit [period]     # comment
 *
 * value in base units as in the fact record (614.13亿元 is 61413000000);
 * period optional (when given it must match; "-" is the empty period);
 * blank lines and text after # are ignored. Facts are compared as
 * multisets; each case prints PASS or FAIL with "- missing:" and
 * "+ unexpected:" lines (the latter in the .expected format, span as a
 * comment, ready to paste), and a summary line ends the run. Exit status
 * 0 only when every case passes.
 */
#define _GNU_SOURCE
#include "cmd.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../decode/decode.h"
#include "cli.h"
#include "cli_int.h"

static const char usage_test[] =
    "usage: hanscan test PACK...\n"
    "\n"
    "Runs the test cases in PACK/tests: each <case>.expected lists the\n"
    "facts expected from the document <case>.txt (or <case>.html, ...),\n"
    "one per line: indicator measure value unit [period] (period '-' is\n"
    "empty; without it any period matches; # starts a comment). Prints\n"
    "PASS or FAIL per case with the missing and unexpected facts, then a\n"
    "summary. Exit status 0 only when all cases pass. PACK is a folder or a\n"
    "name on the pack search path (see hanscan run --help).\n";

/* One fact reduced to what a case compares. */
typedef struct tfact {
  char *f[5];  /* indicator, measure, value (normalized), unit, period */
  int has_per; /* expected: a period was given */
  int used;
  char *span; /* found: the span, for the report */
} tfact;

typedef struct tset {
  tfact *v;
  size_t n, cap;
} tset;

static void tset_close(tset *s) {
  for (size_t i = 0; i < s->n; i++) {
    for (int k = 0; k < 5; k++)
      free(s->v[i].f[k]);
    free(s->v[i].span);
  }
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* Appends an empty fact; NULL when out of memory. */
static tfact *tset_add(tset *s) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    tfact *v = realloc(s->v, cap * sizeof *v);
    if (v == NULL) return NULL;
    s->v = v;
    s->cap = cap;
  }
  tfact *f = &s->v[s->n++];
  memset(f, 0, sizeof *f);
  return f;
}

/* A decimal in canonical form: no '+', no leading zeros, no trailing
 * fraction zeros, "-0" is "0". Anything else is copied as is. Owned. */
static char *norm_value(const char *s) {
  const char *p = s;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  const char *d = p;
  while (*d >= '0' && *d <= '9')
    d++;
  const char *dot = d, *end = d;
  if (*d == '.') {
    end = d + 1;
    while (*end >= '0' && *end <= '9')
      end++;
  }
  if (d == p || *end != '\0') return strdup(s);
  while (*p == '0' && p + 1 < dot)
    p++;
  const char *fe = end;
  if (*dot == '.') {
    while (fe > dot + 1 && fe[-1] == '0')
      fe--;
    if (fe == dot + 1) fe = dot;
  }
  char *out = malloc((size_t)(fe - p) + 2);
  if (out == NULL) return NULL;
  int zero = 1;
  for (const char *q = p; q < fe; q++)
    if (*q >= '1' && *q <= '9') zero = 0;
  size_t k = 0;
  if (neg && !zero) out[k++] = '-';
  memcpy(out + k, p, (size_t)(fe - p));
  out[k + (size_t)(fe - p)] = '\0';
  return out;
}

/* Parses an .expected file into s. Returns 0, or -1 after printing
 * "path:line: message" on stderr. */
static int parse_expected(const char *path, tset *s) {
  hs_buf b;
  hs_buf_init(&b);
  if (hs_cli_read_file(path, &b) != HS_OK) {
    fprintf(stderr, "%s: %s\n", path, strerror(errno));
    hs_buf_close(&b);
    return -1;
  }
  int rc = 0, lineno = 0;
  char *save = NULL, *text = b.data ? b.data : "";
  char *line = text;
  while (line != NULL && rc == 0) {
    char *nl = strchr(line, '\n');
    if (nl != NULL) *nl = '\0';
    lineno++;
    char *hash = strchr(line, '#');
    if (hash != NULL) *hash = '\0';
    char *tok[6];
    int n = 0;
    for (char *w = strtok_r(line, " \t\r", &save); w != NULL;
         w = strtok_r(NULL, " \t\r", &save)) {
      if (n < 6) tok[n] = w;
      n++;
    }
    if (n > 0 && (n < 4 || n > 5)) {
      fprintf(stderr,
              "%s:%d: want 'indicator measure value unit [period]', "
              "got %d fields\n",
              path, lineno, n);
      rc = -1;
    } else if (n > 0) {
      tfact *f = tset_add(s);
      if (f == NULL) {
        rc = -1;
        break;
      }
      f->f[0] = strdup(tok[0]);
      f->f[1] = strdup(tok[1]);
      f->f[2] = norm_value(tok[2]);
      f->f[3] = strdup(tok[3]);
      f->has_per = n == 5;
      f->f[4] = strdup(n == 5 && strcmp(tok[4], "-") != 0 ? tok[4] : "");
      for (int k = 0; k < 5; k++)
        if (f->f[k] == NULL) rc = -1;
    }
    line = nl != NULL ? nl + 1 : NULL;
  }
  hs_buf_close(&b);
  return rc;
}

static hs_status add_found(void *ud, const hs_fact *f) {
  tset *s = ud;
  tfact *t = tset_add(s);
  if (t == NULL) return HS_ENOMEM;
  const char *v[5] = {f->indicator, f->measure, f->value, f->unit, f->period};
  hs_status rc = HS_OK;
  for (int k = 0; k < 5; k++) {
    t->f[k] = k == 2 ? norm_value(v[k]) : strdup(v[k] ? v[k] : "");
    if (t->f[k] == NULL) rc = HS_ENOMEM;
  }
  t->span = strdup(f->span ? f->span : "");
  if (t->span == NULL) rc = HS_ENOMEM;
  return rc;
}

static int same(const tfact *want, const tfact *got) {
  for (int k = 0; k < 4; k++)
    if (strcmp(want->f[k], got->f[k]) != 0) return 0;
  return !want->has_per || strcmp(want->f[4], got->f[4]) == 0;
}

/* Runs the document at path through e into found. Returns 0, or -1 with
 * the reason in why. */
static int run_case_doc(hs_engine *e, const char *path, tset *found,
                        hs_buf *why) {
  hs_source *src = NULL;
  hs_doc doc;
  hs_doc_init(&doc);
  hs_text t;
  hs_text_init(&t);
  int rc = 0;
  if (hs_source_new(&src, &path, 1, NULL, NULL, NULL) != HS_OK) {
    hs_buf_puts(why, "out of memory");
    return -1;
  }
  hs_status st;
  while (rc == 0 && (st = hs_source_next(src, &doc)) != HS_DONE) {
    if (st != HS_OK) {
      hs_buf_printf(why, "%s: %s", doc.name ? doc.name : path,
                    hs_source_errmsg(src));
      rc = -1;
      break;
    }
    hs_decode_opts o = {NULL, doc.format, doc.name, HS_NORM_ALL, 0};
    st = hs_text_decode_opts(&t, doc.data.data, doc.data.len, &o);
    if (st != HS_OK) {
      hs_buf_printf(why, "%s: %s", doc.name, t.msg);
      rc = -1;
      break;
    }
    hs_buf warn;
    hs_buf_init(&warn);
    st = hs_engine_extract(e, doc.name, &t, add_found, found, &warn, NULL);
    if (warn.len > 0) fputs(hs_buf_cstr(&warn), stderr);
    hs_buf_close(&warn);
    if (st != HS_OK) {
      hs_buf_printf(why, "%s: %s", doc.name, hs_engine_errmsg(e));
      rc = -1;
    }
  }
  hs_doc_close(&doc);
  hs_text_close(&t);
  hs_source_free(src);
  return rc;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in folder dir; NULL when it cannot be read. */
static char **list_dir(const char *dir, size_t *n) {
  DIR *d = opendir(dir);
  *n = 0;
  if (d == NULL) return NULL;
  size_t cap = 16;
  char **v = malloc(cap * sizeof *v);
  struct dirent *ent;
  while (v != NULL && (ent = readdir(d)) != NULL) {
    if (ent->d_name[0] == '.') continue;
    if (*n == cap) {
      char **nv = realloc(v, (cap *= 2) * sizeof *v);
      if (nv == NULL) break;
      v = nv;
    }
    if ((v[*n] = strdup(ent->d_name)) != NULL) (*n)++;
  }
  closedir(d);
  if (v != NULL) qsort(v, *n, sizeof *v, cmp_name);
  return v;
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The document of case `stem` among names: <stem>.txt, else the first
 * <stem>.<ext> that is not .expected. Borrowed, or NULL. */
static const char *case_doc(char **names, size_t n, const char *stem) {
  size_t sl = strlen(stem);
  const char *other = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *s = names[i];
    if (strncmp(s, stem, sl) != 0 || s[sl] != '.') continue;
    if (strcmp(s + sl, ".txt") == 0) return s;
    if (strcmp(s + sl, ".expected") != 0 && strchr(s + sl + 1, '.') == NULL &&
        other == NULL)
      other = s;
  }
  return other;
}

static void print_fact(const char *sign, const char *what, const tfact *f) {
  printf("  %s %s: %s %s %s %s %s", sign, what, f->f[0], f->f[1], f->f[2],
         f->f[3], f->f[4][0] ? f->f[4] : "-");
  if (f->span != NULL) printf("  # %s", f->span);
  putchar('\n');
}

/* Runs one pack's cases; adds to the counters. Returns 0, or -1 when the
 * pack or its tests cannot be read (reported). */
static int test_pack(const char *arg, const char *data, size_t *ncases,
                     size_t *npassed) {
  char *dir = hs_cli_find_pack(arg, data), *tests = NULL;
  hs_engine *e = NULL;
  char **names = NULL;
  size_t n = 0;
  int rc = -1;
  if (dir == NULL) goto done;
  if ((e = hs_cli_engine("test", data, dir, NULL)) == NULL) goto done;
  if (asprintf(&tests, "%s/tests", dir) < 0) tests = NULL;
  names = tests ? list_dir(tests, &n) : NULL;
  size_t before = *ncases;
  for (size_t i = 0; names != NULL && i < n; i++) {
    if (!ends_with(names[i], ".expected")) continue;
    char *stem = strndup(names[i], strlen(names[i]) - 9);
    const char *docname = stem ? case_doc(names, n, stem) : NULL;
    char *exp_path = NULL, *doc_path = NULL;
    tset want = {NULL, 0, 0}, got = {NULL, 0, 0};
    hs_buf why;
    hs_buf_init(&why);
    if (asprintf(&exp_path, "%s/%s", tests, names[i]) < 0) exp_path = NULL;
    if (docname != NULL && asprintf(&doc_path, "%s/%s", tests, docname) < 0)
      doc_path = NULL;
    int ok = stem != NULL && exp_path != NULL;
    (*ncases)++;
    if (ok && docname == NULL) {
      hs_buf_printf(&why, "no document %s/%s.txt for %s", tests, stem,
                    names[i]);
      ok = 0;
    }
    if (ok && parse_expected(exp_path, &want) != 0) {
      hs_buf_printf(&why, "%s cannot be read (see above)", exp_path);
      ok = 0;
    }
    if (ok && (doc_path == NULL || run_case_doc(e, doc_path, &got, &why) != 0))
      ok = 0;
    size_t missing = 0, extra = 0;
    if (ok) {
      /* expected facts with a period first: they constrain more */
      for (int pass = 1; pass >= 0; pass--) {
        for (size_t w = 0; w < want.n; w++) {
          if (want.v[w].has_per != pass) continue;
          for (size_t g = 0; g < got.n && !want.v[w].used; g++) {
            if (!got.v[g].used && same(&want.v[w], &got.v[g]))
              want.v[w].used = got.v[g].used = 1;
          }
        }
      }
      for (size_t w = 0; w < want.n; w++)
        missing += !want.v[w].used;
      for (size_t g = 0; g < got.n; g++)
        extra += !got.v[g].used;
    }
    const char *label = stem ? stem : names[i];
    if (ok && missing == 0 && extra == 0) {
      printf("PASS %s\n", label);
      (*npassed)++;
    } else {
      printf("FAIL %s\n", label);
      if (!ok) printf("  ! %s\n", hs_buf_cstr(&why));
      for (size_t w = 0; ok && w < want.n; w++) {
        if (!want.v[w].used) {
          tfact f = want.v[w];
          if (!f.has_per) f.f[4] = "(any)";
          print_fact("-", "missing", &f);
        }
      }
      for (size_t g = 0; ok && g < got.n; g++)
        if (!got.v[g].used) print_fact("+", "unexpected", &got.v[g]);
    }
    tset_close(&want);
    tset_close(&got);
    hs_buf_close(&why);
    free(exp_path);
    free(doc_path);
    free(stem);
  }
  if (*ncases == before) {
    fprintf(stderr, "hanscan test: pack %s has no test cases (%s/*.expected)\n",
            dir, tests ? tests : "tests");
    goto done;
  }
  rc = 0;
done:
  for (size_t i = 0; names != NULL && i < n; i++)
    free(names[i]);
  free(names);
  free(tests);
  hs_engine_free(e);
  free(dir);
  return rc;
}

int hs_cli_test(int argc, char **argv) {
  int npacks = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(usage_test, stdout);
      return HS_EXIT_OK;
    }
    if (argv[i][0] == '-') {
      fprintf(stderr, "hanscan test: unknown option '%s' (see --help)\n",
              argv[i]);
      return HS_EXIT_USAGE;
    }
    npacks++;
  }
  if (npacks == 0) {
    fputs(usage_test, stderr);
    return HS_EXIT_USAGE;
  }
  char *data = hs_cli_data_dir();
  if (data == NULL) return HS_EXIT_USAGE;
  size_t ncases = 0, npassed = 0;
  int broken = 0;
  for (int i = 2; i < argc; i++)
    if (test_pack(argv[i], data, &ncases, &npassed) != 0) broken = 1;
  free(data);
  printf("hanscan test: %zu cases, %zu passed, %zu failed\n", ncases, npassed,
         ncases - npassed);
  if (fflush(stdout) != 0) return HS_EXIT_FAILED;
  if (broken) return ncases == 0 ? HS_EXIT_USAGE : HS_EXIT_FAILED;
  return npassed == ncases ? HS_EXIT_OK : HS_EXIT_FAILED;
}
