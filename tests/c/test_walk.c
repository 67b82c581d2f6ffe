/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the walk module: a temporary tree, created in non-sorted
 * order with nested folders, hidden files, a fifo and a link loop, must come
 * out sorted by byte-wise name, depth first; a missing path is reported by
 * name and the walk goes on.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk/walk.h"
#include "check.h"

static char root[64];

static void put(const char *rel, const char *content) {
  char p[256];
  snprintf(p, sizeof p, "%s/%s", root, rel);
  FILE *f = fopen(p, "w");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs(content, f);
  fclose(f);
}

static void dir(const char *rel) {
  char p[256];
  snprintf(p, sizeof p, "%s/%s", root, rel);
  CHECK(mkdir(p, 0755) == 0);
}

/* Walks paths and appends "name:size" or "!name:msg" lines to out. */
static void walk_all(const char *const *paths, size_t n, hs_buf *out,
                     size_t *skipped) {
  hs_walk *w = NULL;
  CHECK(hs_walk_new(&w, paths, n, 0) == HS_OK);
  hs_doc d;
  hs_doc_init(&d);
  hs_status rc;
  while ((rc = hs_walk_next(w, &d)) != HS_DONE) {
    const char *name = d.name;
    size_t rl = strlen(root);
    if (strncmp(name, root, rl) == 0) name += rl; /* relative to root */
    if (rc == HS_OK)
      hs_buf_printf(out, "%s:%zu\n", name, d.data.len);
    else
      hs_buf_printf(out, "!%s:%s\n", name, hs_walk_errmsg(w));
  }
  CHECK(d.name == NULL && d.data.len == 0);
  CHECK(hs_walk_next(w, &d) == HS_DONE); /* stays done */
  *skipped = hs_walk_skipped(w);
  hs_doc_close(&d);
  hs_walk_free(w);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/hs_walk_XXXXXX");
  if (mkdtemp(root) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  /* created in non-sorted order */
  dir("z");
  put("z/b.txt", "bb");
  put("b.txt", "b");
  dir("a");
  dir("a/y");
  put("a/y/2.txt", "22");
  put("a/y/10.txt", "1010");
  put("a/x.txt", "x");
  put("A.txt", "A");
  put(".hidden", "h");
  put("a/B", "B");
  char p[256];
  snprintf(p, sizeof p, "%s/fifo", root);
  CHECK(mkfifo(p, 0644) == 0);
  snprintf(p, sizeof p, "%s/a/loop", root);
  CHECK(symlink("..", p) == 0);

  hs_buf out;
  hs_buf_init(&out);
  size_t skipped = 0;
  char missing[128];
  snprintf(missing, sizeof missing, "%s/missing.txt", root);
  char sub[128];
  snprintf(sub, sizeof sub, "%s/z/", root); /* trailing slash */
  const char *paths[] = {root, missing, sub};
  walk_all(paths, 3, &out, &skipped);
  CHECK_MEM(out.data, out.len,
            "/.hidden:1\n"
            "/A.txt:1\n"
            "/a/B:1\n"
            "/a/x.txt:1\n"
            "/a/y/10.txt:4\n"
            "/a/y/2.txt:2\n"
            "/b.txt:1\n"
            "/z/b.txt:2\n"
            "!/missing.txt:No such file or directory\n");
  /* the loop (a/loop -> root), the fifo, and z/ walked a second time */
  CHECK(skipped == 3);

  /* a single file, given twice, is read twice */
  hs_buf_reset(&out);
  snprintf(p, sizeof p, "%s/b.txt", root);
  const char *two[] = {p, p};
  walk_all(two, 2, &out, &skipped);
  CHECK_MEM(out.data, out.len, "/b.txt:1\n/b.txt:1\n");
  CHECK(skipped == 0);

  /* size limit */
  hs_walk *w = NULL;
  snprintf(p, sizeof p, "%s/a/y/10.txt", root);
  const char *one[] = {p};
  CHECK(hs_walk_new(&w, one, 1, 3) == HS_OK);
  hs_doc d;
  hs_doc_init(&d);
  CHECK(hs_walk_next(w, &d) == HS_ELIMIT);
  CHECK(d.name != NULL && strcmp(d.name, p) == 0);
  CHECK(strstr(hs_walk_errmsg(w), "too large") != NULL);
  CHECK(hs_walk_next(w, &d) == HS_DONE);
  hs_walk_free(w);
  hs_doc_close(&d);

  /* a cleared document is empty but keeps a usual-sized buffer */
  d.name = strdup("x.txt");
  CHECK(hs_buf_puts(&d.data, "园区") == HS_OK);
  char *buf = d.data.data;
  hs_doc_clear(&d);
  CHECK(d.name == NULL && d.fd == -1 && d.size == -1 && d.format == NULL);
  CHECK(d.data.data == buf && d.data.len == 0);
  CHECK(hs_buf_reserve(&d.data, HS_DOC_KEEP) == HS_OK);
  hs_doc_clear(&d);
  CHECK(d.data.data == NULL);
  hs_doc_clear(NULL);

  /* NULL handling */
  CHECK(hs_walk_next(NULL, &d) == HS_EFATAL);
  CHECK_STR(hs_walk_errmsg(NULL), "");
  CHECK(hs_walk_skipped(NULL) == 0);
  hs_walk_free(NULL);
  hs_doc_close(NULL);
  CHECK(hs_walk_new(&w, NULL, 0, 0) == HS_OK);
  CHECK(hs_walk_next(w, &d) == HS_DONE);
  hs_walk_free(w);

  hs_buf_close(&out);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  CHECK(system(cmd) == 0);
  return check_report("test_walk");
}
