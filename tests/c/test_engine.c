/* SPDX-License-Identifier: MIT */
/*
 * Tests of the engine module (label lua): the sandbox and the C require,
 * pack loading errors with file:line, fact checking and mapping back to the
 * decoded text, runtime errors, and each limit (instructions, pcall loops,
 * memory) tripping cleanly with the engine usable afterwards. Fixtures are
 * in tests/data/engine.
 */
#include <stdlib.h>

#include "engine/engine.h"
#include "check.h"

#define DATA HS_SOURCE_DIR "/tests/data/engine"

typedef struct got {
  hs_buf lines; /* "span|offset|value|approx\n" per fact */
} got;

static hs_status sink(void *ud, const hs_fact *f) {
  got *g = ud;
  return hs_buf_printf(&g->lines, "%s|%lld|%s|%s\n", f->span, f->offset,
                       f->value, f->approx ? f->approx : "");
}

/* Decodes text and runs e over it; returns the extract status. */
static hs_status run(hs_engine *e, const char *text, got *g, hs_buf *warn) {
  hs_text t;
  hs_text_init(&t);
  hs_status rc = hs_text_decode(&t, text, strlen(text), NULL, HS_NORM_ALL);
  CHECK(rc == HS_OK);
  hs_buf_reset(&g->lines);
  rc = hs_engine_extract(e, "doc.txt", &t, sink, g, warn, NULL);
  hs_text_close(&t);
  return rc;
}

static void test_sandbox(void) {
  hs_engine *e = NULL;
  CHECK(hs_engine_new(&e, NULL, DATA "/lua") == HS_OK);
  CHECK(hs_engine_run_file(e, DATA "/sandbox.lua") == HS_OK);
  if (*hs_engine_errmsg(e)) fprintf(stderr, "%s\n", hs_engine_traceback(e));
  CHECK(hs_engine_run_file(e, DATA "/error.lua") == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "error.lua:3: expected failure 1") != NULL);
  CHECK(strstr(hs_engine_errmsg(e), "stack traceback") == NULL);
  CHECK(strstr(hs_engine_traceback(e), "stack traceback") != NULL);
  CHECK(hs_engine_run_file(e, DATA "/missing.lua") == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "missing.lua") != NULL);
  /* no pack loaded yet */
  got g;
  hs_buf_init(&g.lines);
  CHECK(run(e, "66.23", &g, NULL) == HS_EFATAL);
  CHECK(hs_engine_load_pack(e, DATA "/badpack") == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "badpack/pack.lua:3:") != NULL);
  CHECK(hs_engine_load_pack(e, DATA "/nopack") == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "module 'pack' not found") != NULL);
  hs_buf_close(&g.lines);
  hs_engine_free(e);
}

static void test_extract(void) {
  hs_engine *e = NULL;
  CHECK(hs_engine_new(&e, NULL, DATA "/lua") == HS_OK);
  CHECK(hs_engine_load_pack(e, DATA "/pack") == HS_OK);
  got g;
  hs_buf_init(&g.lines);
  hs_buf warn;
  hs_buf_init(&warn);

  /* the span comes back as written: full-width digits, decoded offset */
  CHECK(run(e, "技工貿(mào)總收入６６．２３億元", &g, &warn) == HS_OK);
  CHECK_STR(hs_buf_cstr(&g.lines), "６６．２３|24|6623000000|\n");
  CHECK(warn.len == 0);

  CHECK(run(e, "no digits here", &g, &warn) == HS_OK && g.lines.len == 0);
  CHECK(run(e, "NIL 5", &g, &warn) == HS_OK && g.lines.len == 0);
  CHECK(run(e, "STRING 5", &g, &warn) == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "expected a table") != NULL);

  CHECK(run(e, "BOOM 1", &g, &warn) == HS_EDATA);
  CHECK(strstr(hs_engine_errmsg(e), "pack.lua:") != NULL);
  CHECK(strstr(hs_engine_errmsg(e), "boom in doc.txt") != NULL);

  /* invalid facts are reported and skipped, valid ones kept */
  hs_buf_reset(&warn);
  CHECK(run(e, "BADFACTS 12", &g, &warn) == HS_OK);
  CHECK_STR(hs_buf_cstr(&g.lines), "12|9|6623000000|近\n12|9|7|\n");
  const char *w = hs_buf_cstr(&warn);
  CHECK(strstr(w, "doc.txt: fact 2: missing string field 'unit'") != NULL);
  CHECK(strstr(w, "doc.txt: fact 3: span is not doc.text:sub") != NULL);
  CHECK(strstr(w, "doc.txt: fact 4: field 'offset' must be an integer") !=
        NULL);
  CHECK(strstr(w, "doc.txt: fact 5: field 'value'") != NULL);
  CHECK(strstr(w, "doc.txt: fact 7: not a table") != NULL);
  CHECK(strstr(w, "doc.txt: fact 8: span") != NULL);
  CHECK(strstr(w, "doc.txt: fact 9: field 'offset'") != NULL);
  size_t lines = 0;
  for (const char *p = w; *p; p++)
    lines += *p == '\n';
  CHECK(lines == 7);

  /* the pipeline: records, failures and their messages */
  hs_doc d;
  hs_doc_init(&d);
  d.name = "p.txt";
  hs_buf_puts(&d.data, "收入６６．２３");
  hs_text t;
  hs_text_init(&t);
  hs_doc_result r;
  hs_doc_result_init(&r);
  CHECK(hs_pipeline_doc(e, &t, &d, NULL, HS_FMT_JSONL, &r) == HS_OK);
  CHECK(r.failed == 0 && r.facts == 1 && r.errors.len == 0);
  CHECK(strstr(hs_buf_cstr(&r.records),
               "\"span\":\"６６．２３\",\"offset\":6,") != NULL);
  hs_buf_reset(&d.data);
  hs_buf_puts(&d.data, "ab\xFF");
  CHECK(hs_pipeline_doc(e, &t, &d, NULL, HS_FMT_JSONL, &r) == HS_OK);
  CHECK(r.failed == 0 && r.damaged == 1 && r.facts == 0);
  CHECK_STR(hs_buf_cstr(&r.errors),
            "p.txt: warning: 1 undecodable bytes replaced by U+FFFD (read as "
            "UTF-8; first at byte 2)\n");
  hs_buf_reset(&d.data);
  hs_buf_puts(&d.data, "a\x01\x02\x03b");
  CHECK(hs_pipeline_doc(e, &t, &d, NULL, HS_FMT_JSONL, &r) == HS_OK);
  CHECK(r.failed == 1 && r.damaged == 0 && r.facts == 0);
  CHECK_STR(hs_buf_cstr(&r.errors), "p.txt: binary data, not text\n");
  hs_buf_reset(&d.data);
  hs_buf_puts(&d.data, "BOOM 3");
  CHECK(hs_pipeline_doc(e, &t, &d, NULL, HS_FMT_CSV, &r) == HS_OK);
  CHECK(r.failed == 1 && r.records.len == 0);
  CHECK(strstr(hs_buf_cstr(&r.errors), "p.txt: ") == r.errors.data);
  CHECK(strstr(hs_buf_cstr(&r.errors), "boom in p.txt") != NULL);
  d.name = NULL; /* not owned */
  hs_doc_close(&d);
  hs_doc_result_close(&r);
  hs_doc_result_close(NULL);
  hs_text_close(&t);

  hs_buf_close(&warn);
  hs_buf_close(&g.lines);
  hs_engine_free(e);
}

static void test_limits(void) {
  hs_limits lim = {(size_t)32 << 20, 5000000, 0};
  hs_engine *e = NULL;
  CHECK(hs_engine_new(&e, &lim, DATA "/lua") == HS_OK);
  CHECK(hs_engine_load_pack(e, DATA "/pack") == HS_OK);
  got g;
  hs_buf_init(&g.lines);
  const char *cases[] = {"LOOP", "PCALL", "HOG"};
  const char *want[] = {"time limit", "time limit", "memory limit"};
  for (int i = 0; i < 3; i++) {
    CHECK(run(e, cases[i], &g, NULL) == HS_ELIMIT);
    CHECK(strstr(hs_engine_errmsg(e), want[i]) != NULL);
    /* still usable */
    CHECK(run(e, "收入66.23", &g, NULL) == HS_OK);
    CHECK_STR(hs_buf_cstr(&g.lines), "66.23|6|6623000000|\n");
  }
  hs_buf_close(&g.lines);
  hs_engine_free(e);
}

static void test_null(void) {
  hs_engine_free(NULL);
  CHECK_STR(hs_engine_errmsg(NULL), "");
  CHECK_STR(hs_engine_traceback(NULL), "");
  CHECK(hs_engine_extract(NULL, "x", NULL, NULL, NULL, NULL, NULL) ==
        HS_EFATAL);
  CHECK(hs_engine_load_pack(NULL, "x") == HS_EFATAL);
  CHECK(hs_engine_run_file(NULL, "x") == HS_EFATAL);
  CHECK(strstr(hs_engine_versions(), "Lua 5.4") != NULL);
}

int main(void) {
  test_sandbox();
  test_extract();
  test_limits();
  test_null();
  return check_report("test_engine");
}
