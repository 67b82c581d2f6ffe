/* SPDX-License-Identifier: MIT */
/*
 * Tests of the sandbox with the real runner (label lua): the fixture pack
 * tests/data/packs/sandbox has rules that raise, loop, allocate without
 * bound, overflow LPeg's backtrack stack and probe the sandbox. Each
 * misbehaving document must fail with "name: <rules.lua>:<line>: reason",
 * and the next document must still give its fact. Also: the per-document
 * text cap, triggers, per-pack _ENV, pack errors with file:line, and exec
 * scripts (emit, columns, failures).
 */
#include <stdlib.h>

#include "engine/engine.h"
#include "check.h"

#define SRC   HS_SOURCE_DIR
#define PACKS SRC "/tests/data/packs"

/* Runs text as document `name` through the pipeline; returns r.failed. */
static int run(hs_engine *e, const char *name, const char *text,
               hs_doc_result *r) {
  hs_doc d;
  hs_doc_init(&d);
  d.name = (char *)name;
  hs_buf_puts(&d.data, text);
  hs_text t;
  hs_text_init(&t);
  CHECK(hs_pipeline_doc(e, &t, &d, NULL, HS_FMT_JSONL, r) == HS_OK);
  d.name = NULL; /* not owned */
  hs_doc_close(&d);
  hs_text_close(&t);
  return r->failed;
}

static void expect_error(hs_engine *e, const char *name, const char *text,
                         const char *where, const char *why) {
  hs_doc_result r;
  hs_doc_result_init(&r);
  CHECK(run(e, name, text, &r) == 1);
  const char *msg = hs_buf_cstr(&r.errors);
  CHECK(strncmp(msg, name, strlen(name)) == 0); /* the document's name */
  CHECK(strstr(msg, where) != NULL);            /* the rule's file:line */
  CHECK(strstr(msg, why) != NULL);
  if (strstr(msg, where) == NULL || strstr(msg, why) == NULL)
    fprintf(stderr, "  message: %s", msg);
  CHECK(r.facts == 0 && r.records.len == 0);
  /* the engine goes on with the next document */
  CHECK(run(e, "next.txt", "收入12亿元", &r) == 0);
  CHECK(r.facts == 1);
  CHECK(strstr(hs_buf_cstr(&r.records), "\"value\":1200000000") != NULL);
  hs_doc_result_close(&r);
}

static void test_limits(void) {
  hs_limits lim = {(size_t)32 << 20, 5000000, 4096};
  hs_engine *e = NULL;
  CHECK(hs_engine_new(&e, &lim, SRC "/lua") == HS_OK);
  CHECK(hs_engine_load_pack(e, PACKS "/sandbox") == HS_OK);
  if (*hs_engine_errmsg(e)) fprintf(stderr, "%s\n", hs_engine_errmsg(e));

  expect_error(e, "boom.txt", "BOOM\n",
               "sandbox/rules.lua:13:", "boom in boom.txt");
  expect_error(e, "loop.txt", "LOOP\n",
               "sandbox/rules.lua:18:", "time limit exceeded");
  expect_error(e, "hog.txt", "HOG\n",
               "sandbox/rules.lua:23:", "memory limit exceeded (32 MiB)");
  char deep[1200] = "DEEP";
  memset(deep + 4, 'a', 1000);
  deep[1004] = '\0';
  expect_error(e, "deep.txt", deep, "sandbox/rules.lua:26: pattern 'deep'",
               "backtrack stack overflow");
  char big[5000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  expect_error(e, "big.txt", big, "", "document too large for the rules");

  /* the sandbox holds: no io/os/debug/package, read-only library tables,
   * lpeg.setmaxstack clamped (DEEP still fails after ESCAPE raised it) */
  hs_doc_result r;
  hs_doc_result_init(&r);
  CHECK(run(e, "escape.txt", "ESCAPE\n", &r) == 0);
  if (r.errors.len) fprintf(stderr, "%s", hs_buf_cstr(&r.errors));
  CHECK(r.facts == 1);
  expect_error(e, "deep2.txt", deep, "rules.lua:26:", "current limit is 400");

  /* triggers: a document with none of them gives nothing, and succeeds */
  CHECK(run(e, "quiet.txt", "营业额12亿元", &r) == 0 && r.facts == 0);
  hs_doc_result_close(&r);
  hs_engine_free(e);
}

static void test_pack_errors(void) {
  static const char *const cases[][2] = {
      {"badsyntax", "badsyntax/rules.lua:4:"},
      {"badrun", "badrun/rules.lua:3:"},
      {"badapi", "needs API 2, this hanscan has API 1"},
      {"noname", "noname/pack.lua: the pack needs a name"},
      {"nosuch", "module 'pack' not found"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    hs_engine *e = NULL;
    CHECK(hs_engine_new(&e, NULL, SRC "/lua") == HS_OK);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", PACKS, cases[i][0]);
    CHECK(hs_engine_load_pack(e, dir) == HS_EDATA);
    if (strstr(hs_engine_errmsg(e), cases[i][1]) == NULL) {
      CHECK(!"pack error names the file and line");
      fprintf(stderr, "  %s: %s\n", cases[i][0], hs_engine_errmsg(e));
    }
    /* a good pack still loads in the same engine afterwards */
    CHECK(hs_engine_load_pack(e, PACKS "/sandbox") == HS_OK);
    hs_engine_free(e);
  }
}

static void test_exec(void) {
  hs_engine *e = NULL;
  CHECK(hs_engine_new(&e, NULL, SRC "/lua") == HS_OK);
  CHECK(hs_engine_load_script(e, PACKS "/scripts/rows.lua", 0) == HS_OK);
  if (*hs_engine_errmsg(e)) fprintf(stderr, "%s\n", hs_engine_errmsg(e));
  hs_text t;
  hs_text_init(&t);
  hs_buf out;
  hs_buf_init(&out);
  size_t n = 0;
  CHECK(hs_text_decode(&t, "ab\n\"c\"", 6, NULL, HS_NORM_ALL) == HS_OK);
  CHECK(hs_engine_exec(e, "a.txt", &t, HS_FMT_JSONL, &out, &n) == HS_OK);
  CHECK(n == 2);
  CHECK_STR(hs_buf_cstr(&out),
            "{\"doc\":\"a.txt\",\"line\":1,\"text\":\"ab\",\"ok\":true}\n"
            "{\"doc\":\"a.txt\",\"line\":2,\"text\":\"\\\"c\\\"\",\"ok\":true,"
            "\"x\":0.5}\n");
  /* a failing document writes nothing and names script:line */
  hs_buf_reset(&out);
  CHECK(hs_text_decode(&t, "FAIL", 4, NULL, HS_NORM_ALL) == HS_OK);
  CHECK(hs_engine_exec(e, "f.txt", &t, HS_FMT_CSV, &out, &n) == HS_EDATA);
  CHECK(n == 0 && out.len == 0);
  CHECK(strstr(hs_engine_errmsg(e), "scripts/rows.lua:11: failing on f.txt") !=
        NULL);
  /* CSV: header once, columns in `columns` order */
  CHECK(hs_text_decode(&t, "ab", 2, NULL, HS_NORM_ALL) == HS_OK);
  CHECK(hs_engine_exec(e, "a.txt", &t, HS_FMT_CSV, &out, &n) == HS_OK);
  CHECK(hs_engine_exec(e, "b.txt", &t, HS_FMT_CSV, &out, &n) == HS_OK);
  CHECK_STR(hs_buf_cstr(&out), "doc,line,text,ok\r\na.txt,1,ab,true\r\n"
                               "b.txt,1,ab,true\r\n");
  /* a bad cell is an error of the document */
  CHECK(hs_text_decode(&t, "TABLE", 5, NULL, HS_NORM_ALL) == HS_OK);
  CHECK(hs_engine_exec(e, "t.txt", &t, HS_FMT_JSONL, &out, &n) == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "column 'bad' is a table") != NULL);
  /* a script without document() does not load */
  CHECK(hs_engine_load_script(e, PACKS "/scripts/nodoc.lua", 0) == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "must define function document") != NULL);
  CHECK(hs_engine_exec(NULL, "x", &t, HS_FMT_CSV, &out, &n) == HS_EFATAL);
  hs_text_close(&t);
  hs_buf_close(&out);
  hs_engine_free(e);
}

int main(void) {
  test_limits();
  test_pack_errors();
  test_exec();
  return check_report("test_sandbox");
}
