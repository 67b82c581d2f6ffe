/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the output module: JSON Lines escaping and number
 * validation, optional fields, CSV header and RFC 4180 quoting, format
 * choice by extension, the FILE writer, the SQLite store (documents,
 * replacement, resume lookups) and reading records back from all three.
 */
#include <stdlib.h>
#include <unistd.h>

#include "output/output.h"
#include "check.h"

static hs_fact sample(void) {
  hs_fact f;
  memset(&f, 0, sizeof f);
  f.doc = "dir/seed-004.txt";
  f.indicator = "revenue";
  f.measure = "level";
  f.value = "6623000000";
  f.unit = "CNY";
  f.period = "2024";
  f.zone = "产业开发区";
  f.span = "技工貿(mào)總收入66.23億元";
  f.offset = 1234;
  f.rule = "devzone.level";
  return f;
}

static void test_jsonl(void) {
  hs_buf b;
  hs_buf_init(&b);
  hs_fact f = sample();
  CHECK(hs_output_header(&b, HS_FMT_JSONL) == HS_OK && b.len == 0);
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK_STR(hs_buf_cstr(&b),
            "{\"doc\":\"dir/seed-004.txt\",\"indicator\":\"revenue\","
            "\"measure\":\"level\",\"value\":6623000000,\"unit\":\"CNY\","
            "\"period\":\"2024\",\"zone\":\"产业开发区\","
            "\"span\":\"技工貿(mào)總收入66.23億元\",\"offset\":1234,"
            "\"rule\":\"devzone.level\"}\n");

  /* escaping, optional fields, non-decimal value as a string */
  hs_buf_reset(&b);
  f.doc = "a\"b\\c\n\t\x01\x7f";
  f.value = "1e5";
  f.zone = NULL;
  f.approx = "近";
  f.subject = "";
  f.scope = "规上";
  f.offset = 0;
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "{\"doc\":\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u007f\","
                       "\"indicator\"") == b.data);
  CHECK(strstr(b.data, "\"value\":\"1e5\"") != NULL);
  CHECK(strstr(b.data, "\"zone\":\"\"") != NULL);
  CHECK(strstr(b.data, "\"offset\":0,") != NULL);
  CHECK(strstr(b.data, "\"rule\":\"devzone.level\",\"approx\":\"近\","
                       "\"scope\":\"规上\"}\n") != NULL);
  CHECK(strstr(b.data, "subject") == NULL);
  CHECK(strstr(b.data, "high") == NULL);

  /* a range keeps its upper bound as a number; a bad one is dropped */
  hs_buf_reset(&b);
  f = sample();
  f.value = "1000000000";
  f.high = "1500000000";
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "\"rule\":\"devzone.level\",\"high\":1500000000}\n") !=
        NULL);
  hs_buf_reset(&b);
  f.high = "15亿";
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "high") == NULL);

  /* invalid UTF-8 from a rule becomes U+FFFD */
  hs_buf_reset(&b);
  f = sample();
  f.span = "ab\xE4\xBA";
  f.value = "-3";
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "\"span\":\"ab\xEF\xBF\xBD\xEF\xBF\xBD\"") != NULL);
  CHECK(strstr(b.data, "\"value\":-3,") != NULL);

  /* leading zeros are dropped to keep the number valid JSON */
  hs_buf_reset(&b);
  f.value = "007.50";
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "\"value\":7.50,") != NULL);
  hs_buf_reset(&b);
  f.value = "-0.5";
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "\"value\":-0.5,") != NULL);

  CHECK(hs_output_record(&b, HS_FMT_JSONL, NULL) == HS_EDATA);
  hs_buf_close(&b);
}

static void test_decimal(void) {
  CHECK(hs_output_is_decimal("61413000000"));
  CHECK(hs_output_is_decimal("-3"));
  CHECK(hs_output_is_decimal("20.5"));
  CHECK(hs_output_is_decimal("0"));
  CHECK(!hs_output_is_decimal(""));
  CHECK(!hs_output_is_decimal("-"));
  CHECK(!hs_output_is_decimal("+3"));
  CHECK(!hs_output_is_decimal(".5"));
  CHECK(!hs_output_is_decimal("5."));
  CHECK(!hs_output_is_decimal("1e5"));
  CHECK(!hs_output_is_decimal("1,000"));
  CHECK(!hs_output_is_decimal(" 1"));
  CHECK(!hs_output_is_decimal("nan"));
  CHECK(!hs_output_is_decimal(NULL));
}

static void test_csv(void) {
  hs_buf b;
  hs_buf_init(&b);
  CHECK(hs_output_header(&b, HS_FMT_CSV) == HS_OK);
  CHECK_STR(hs_buf_cstr(&b), "doc,indicator,measure,value,unit,period,zone,"
                             "span,offset,rule\r\n");
  hs_buf_reset(&b);
  hs_fact f = sample();
  f.doc = "a,b.txt";
  f.span = "他说\"好\"";
  f.zone = "line1\nline2";
  f.approx = "近"; /* not in CSV */
  f.value = "1e5";
  CHECK(hs_output_record(&b, HS_FMT_CSV, &f) == HS_OK);
  CHECK_STR(hs_buf_cstr(&b),
            "\"a,b.txt\",revenue,level,1e5,CNY,2024,\"line1\nline2\","
            "\"他说\"\"好\"\"\",1234,devzone.level\r\n");
  hs_buf_close(&b);
}

static void test_format_for(void) {
  hs_format fmt = HS_FMT_CSV;
  const char *why = NULL;
  CHECK(hs_output_format_for(NULL, &fmt, &why) == HS_OK && fmt == HS_FMT_JSONL);
  CHECK(hs_output_format_for("-", &fmt, &why) == HS_OK && fmt == HS_FMT_JSONL);
  CHECK(hs_output_format_for("x/facts.csv", &fmt, &why) == HS_OK &&
        fmt == HS_FMT_CSV);
  CHECK(hs_output_format_for("facts.jsonl", &fmt, &why) == HS_OK &&
        fmt == HS_FMT_JSONL);
  CHECK(hs_output_format_for("facts.db", &fmt, &why) == HS_OK &&
        fmt == HS_FMT_DB);
  CHECK(hs_output_format_for("a/facts.sqlite", &fmt, &why) == HS_OK &&
        fmt == HS_FMT_DB);
  CHECK(hs_output_format_for("facts.txt", &fmt, &why) == HS_EDATA);
  CHECK(why != NULL && strstr(why, ".db or .sqlite") != NULL);
  CHECK(hs_output_format_for("a.csv/facts", &fmt, NULL) == HS_EDATA);
}

static void test_writer(void) {
  FILE *f = tmpfile();
  CHECK(f != NULL);
  if (f == NULL) return;
  hs_writer *w = NULL;
  CHECK(hs_writer_new(&w, f, HS_FMT_CSV) == HS_OK);
  hs_fact fact = sample();
  CHECK(hs_writer_put(w, &fact) == HS_OK);
  CHECK(hs_writer_put(w, &fact) == HS_OK);
  CHECK(hs_writer_count(w) == 2);
  CHECK(hs_writer_flush(w) == HS_OK);
  hs_writer_free(w);
  rewind(f);
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, f) != NULL)
    n++;
  CHECK(n == 3);
  fclose(f);
  hs_writer_free(NULL);
  CHECK(hs_writer_count(NULL) == 0);
}

/* Held documents are written in order with what is written by copy around
 * them, and the caller's bytes only at the sync. */
static void test_writer_held(void) {
  FILE *f = tmpfile();
  CHECK(f != NULL);
  if (f == NULL) return;
  hs_writer *w = NULL;
  CHECK(hs_writer_new(&w, f, HS_FMT_CSV) == HS_OK); /* a header, by copy */
  hs_docinfo d = {"a.txt", "ok", NULL, NULL, -1, NULL};
  char one[] = "1,one\r\n", three[] = "3,three\r\n";
  CHECK(hs_writer_doc_held(w, &d, one, strlen(one)) == HS_OK);
  CHECK(hs_writer_raw(w, "2,two\r\n", 7) == HS_OK); /* syncs first */
  CHECK(hs_writer_doc_held(w, &d, three, strlen(three)) == HS_OK);
  CHECK(hs_writer_doc_held(w, &d, NULL, 0) == HS_OK);
  three[0] = '4'; /* held by reference until the sync */
  CHECK(hs_writer_sync(w) == HS_OK);
  three[0] = '5'; /* written: no longer looked at */
  /* more documents than the writer holds at once sync by themselves */
  char many[100][8];
  for (int i = 0; i < 100; i++) {
    snprintf(many[i], sizeof many[i], "%d,m\r\n", 10 + i);
    CHECK(hs_writer_doc_held(w, &d, many[i], strlen(many[i])) == HS_OK);
  }
  CHECK(hs_writer_flush(w) == HS_OK); /* syncs what is still held */
  hs_writer_free(w);
  rewind(f);
  char line[512];
  char got[4096] = "";
  size_t n = 0;
  while (fgets(line, sizeof line, f) != NULL && n + strlen(line) < sizeof got) {
    if (n > 0 || strncmp(line, "doc,", 4) != 0) { /* past the header */
      memcpy(got + n, line, strlen(line) + 1);
      n += strlen(line);
    }
  }
  char want[4096] = "1,one\r\n2,two\r\n4,three\r\n";
  for (int i = 0; i < 100; i++)
    snprintf(want + strlen(want), sizeof want - strlen(want), "%d,m\r\n",
             10 + i);
  CHECK_STR(got, want);
  fclose(f);
}

/* A full device: the sync fails with the reason, and the writer stays
 * failed. */
static void test_writer_full(void) {
  FILE *f = fopen("/dev/full", "w");
  if (f == NULL) return; /* not on this system */
  hs_writer *w = NULL;
  CHECK(hs_writer_new(&w, f, HS_FMT_JSONL) == HS_OK);
  hs_docinfo d = {"a.txt", "ok", NULL, NULL, -1, NULL};
  CHECK(hs_writer_doc_held(w, &d, "{}\n", 3) == HS_OK);
  CHECK(hs_writer_sync(w) == HS_EIO);
  CHECK(strstr(hs_writer_errmsg(w), "No space left on device") != NULL);
  CHECK(hs_writer_doc_held(w, &d, "{}\n", 3) == HS_EIO);
  CHECK(hs_writer_flush(w) == HS_EIO);
  CHECK(strstr(hs_writer_errmsg(w), "No space left on device") != NULL);
  hs_writer_free(w);
  fclose(f);
}

/* Writes s to a new temporary file named with suffix; returns its path
 * (static buffer of the caller). */
static const char *tmpfile_with(char *path, size_t n, const char *suffix,
                                const char *s) {
  static int seq;
  snprintf(path, n, "/tmp/hs_test_output_%d_%d%s", (int)getpid(), seq++,
           suffix);
  FILE *f = fopen(path, "wb");
  if (f != NULL) {
    fputs(s, f);
    fclose(f);
  }
  return path;
}

/* Value of field `name` in fields[0..n), or NULL. */
static const char *field(const hs_field *f, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].name, name) == 0) return f[i].value;
  return NULL;
}

static void test_read_jsonl(void) {
  char p[128];
  tmpfile_with(p, sizeof p, ".jsonl",
               "{\"doc\":\"a\\\"b\\u00e9\\ud83d\\ude00\\n\",\"value\":"
               "12.40,\"offset\":7,\"zone\":null,\"ok\":true}\n"
               "\n"
               "  {}  \n"
               "{\"x\":[1]}\n");
  hs_reader *r = NULL;
  char why[200];
  CHECK(hs_reader_open(&r, p, why, sizeof why) == HS_OK);
  const hs_field *f;
  size_t n;
  CHECK(hs_reader_next(r, &f, &n) == HS_OK && n == 4);
  CHECK_STR(field(f, n, "doc"), "a\"b\xC3\xA9\xF0\x9F\x98\x80\n");
  CHECK_STR(field(f, n, "value"), "12.40"); /* the text, exact */
  CHECK_STR(field(f, n, "offset"), "7");
  CHECK(field(f, n, "zone") == NULL); /* null: left out */
  CHECK_STR(field(f, n, "ok"), "true");
  CHECK(hs_reader_next(r, &f, &n) == HS_OK && n == 0); /* {} after a blank */
  CHECK(hs_reader_next(r, &f, &n) == HS_EDATA);
  CHECK(strstr(hs_reader_errmsg(r), ".jsonl:4: nested") != NULL);
  hs_reader_free(r);
  remove(p);
  CHECK(hs_reader_open(&r, "/nonexistent/x.jsonl", why, sizeof why) == HS_EIO);
  CHECK(r == NULL && strstr(why, "/nonexistent/x.jsonl") != NULL);
  CHECK(hs_reader_open(&r, "facts.txt", why, sizeof why) == HS_EDATA);
  CHECK(hs_reader_next(NULL, &f, &n) == HS_EFATAL);
  CHECK_STR(hs_reader_errmsg(NULL), "");
  hs_reader_free(NULL);
}

static void test_read_csv(void) {
  char p[128];
  tmpfile_with(p, sizeof p, ".csv",
               "\xEF\xBB\xBF"
               "doc,value,zone,extra\r\n"
               "\"a,\"\"b\"\"\",1.50,,\r\n"
               "\"multi\nline\",2,Z,x\n"
               "\r\n"
               "c,3\r\n");
  hs_reader *r = NULL;
  char why[200];
  CHECK(hs_reader_open(&r, p, why, sizeof why) == HS_OK);
  const hs_field *f;
  size_t n;
  CHECK(hs_reader_next(r, &f, &n) == HS_OK && n == 3); /* empty extra out */
  CHECK_STR(field(f, n, "doc"), "a,\"b\"");
  CHECK_STR(field(f, n, "value"), "1.50");
  CHECK_STR(field(f, n, "zone"), ""); /* a record field stays */
  CHECK(hs_reader_next(r, &f, &n) == HS_OK && n == 4);
  CHECK_STR(field(f, n, "doc"), "multi\nline");
  CHECK_STR(field(f, n, "extra"), "x");
  CHECK(hs_reader_next(r, &f, &n) == HS_EDATA); /* blank skipped, then 2 */
  CHECK(strstr(hs_reader_errmsg(r), ".csv:6: 2 fields, the header has 4") !=
        NULL);
  hs_reader_free(r);
  remove(p);
}

static void test_store(void) {
  char p[128], why[200];
  snprintf(p, sizeof p, "/tmp/hs_test_output_%d.db", (int)getpid());
  remove(p);
  hs_writer *w = NULL;
  hs_runinfo run = {"devzone", "test", "run x"};
  CHECK(hs_writer_open_db(&w, p, &run, why, sizeof why) == HS_OK);
  CHECK(hs_writer_run_id(w) == 1);
  hs_buf b;
  hs_buf_init(&b);
  hs_fact f = sample();
  f.doc = "d1";
  f.approx = "近";
  f.high = "";
  CHECK(hs_output_record(&b, HS_FMT_DB, &f) == HS_OK);
  f.value = "7.50";
  f.approx = NULL;
  CHECK(hs_output_record(&b, HS_FMT_DB, &f) == HS_OK);
  hs_docinfo d = {"d1", "ok", "text", "UTF-8", 100, NULL};
  CHECK(hs_writer_doc(w, &d, b.data, b.len) == HS_OK);
  CHECK(hs_writer_count(w) == 2);
  CHECK(hs_writer_has_doc(w, "d1", 100));
  CHECK(!hs_writer_has_doc(w, "d1", 101));
  CHECK(!hs_writer_has_doc(w, "d2", 100));
  /* the same document again: replaced, not added */
  CHECK(hs_writer_doc(w, &d, b.data, b.len) == HS_OK);
  hs_docinfo bad = {"d2", "failed", NULL, NULL, -1, "empty document"};
  CHECK(hs_writer_doc(w, &bad, NULL, 0) == HS_OK);
  CHECK(!hs_writer_has_doc(w, "d2", -1));
  CHECK(hs_writer_doc(w, &d, b.data, b.len - 1) == HS_EDATA); /* truncated */
  CHECK(hs_writer_doc(w, NULL, b.data, b.len) == HS_EDATA);
  CHECK(hs_writer_finish(w) == HS_OK);
  hs_writer_free(w);
  hs_buf_close(&b);

  hs_reader *r = NULL;
  CHECK(hs_reader_open(&r, p, why, sizeof why) == HS_OK);
  const hs_field *fs;
  size_t n, rows = 0;
  while (hs_reader_next(r, &fs, &n) == HS_OK) {
    rows++;
    CHECK_STR(field(fs, n, "doc"), "d1");
    CHECK_STR(field(fs, n, "value"), rows == 1 ? "6623000000" : "7.50");
    CHECK_STR(field(fs, n, "offset"), "1234");
    CHECK(field(fs, n, "run_id") == NULL && field(fs, n, "high") == NULL);
    CHECK((field(fs, n, "approx") != NULL) == (rows == 1));
  }
  CHECK(rows == 2);
  hs_reader_free(r);

  /* a second run is run 2; not a database, and NULLs */
  CHECK(hs_writer_open_db(&w, p, NULL, why, sizeof why) == HS_OK);
  CHECK(hs_writer_run_id(w) == 2 && hs_writer_has_doc(w, "d1", 100));
  hs_writer_free(w);
  char t[128];
  tmpfile_with(t, sizeof t, ".db", "not a database\n");
  CHECK(hs_writer_open_db(&w, t, NULL, why, sizeof why) == HS_EIO);
  CHECK(w == NULL && strstr(why, "not a database") != NULL);
  CHECK(hs_reader_open(&r, t, why, sizeof why) == HS_EDATA);
  remove(t);
  CHECK(hs_writer_open_db(&w, NULL, NULL, NULL, 0) == HS_EDATA);
  CHECK(hs_writer_doc(NULL, &d, NULL, 0) == HS_EDATA);
  CHECK(!hs_writer_has_doc(NULL, "d1", 100));
  CHECK(hs_writer_finish(NULL) == HS_EDATA);
  CHECK(hs_writer_run_id(NULL) == 0);
  CHECK_STR(hs_writer_errmsg(NULL), "");
  CHECK(hs_writer_new(&w, stdout, HS_FMT_DB) == HS_EDATA);
  char wal[160];
  snprintf(wal, sizeof wal, "%s-wal", p);
  CHECK(access(wal, F_OK) != 0); /* closed cleanly: no -wal left */
  remove(p);
}

/* Lengths given with the strings write the same record as lengths
 * counted, escapes and optional fields included. */
static void test_jsonl_lengths(void) {
  hs_buf a, b;
  hs_buf_init(&a);
  hs_buf_init(&b);
  for (int round = 0; round < 2; round++) {
    hs_fact f = sample();
    if (round == 1) {
      f.doc = "dir/\"quoted\"\t.txt";
      f.approx = "约";
      f.high = "7000000000";
    }
    const char *s[13] = {f.doc,     f.indicator, f.measure, f.value, f.unit,
                         f.period,  f.zone,      f.span,    f.rule,  f.approx,
                         f.subject, f.scope,     f.high};
    size_t len[13];
    for (int i = 0; i < 13; i++)
      len[i] = s[i] != NULL ? strlen(s[i]) : 0;
    hs_buf_reset(&a);
    hs_buf_reset(&b);
    CHECK(hs_output_record(&a, HS_FMT_JSONL, &f) == HS_OK);
    f.len = len;
    CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
    CHECK_STR(hs_buf_cstr(&b), hs_buf_cstr(&a));
  }
  /* a span not NUL-terminated where its length ends */
  hs_fact f = sample();
  const char *s[13] = {f.doc,    f.indicator, f.measure, f.value, f.unit,
                       f.period, f.zone,      f.span,    f.rule};
  size_t len[13] = {0};
  for (int i = 0; i < 9; i++)
    len[i] = strlen(s[i]);
  f.span = "技工貿(mào)總收入66.23億元 and more";
  f.len = len;
  hs_buf_reset(&b);
  CHECK(hs_output_record(&b, HS_FMT_JSONL, &f) == HS_OK);
  CHECK(strstr(b.data, "\"span\":\"技工貿(mào)總收入66.23億元\",") != NULL);
  hs_buf_close(&a);
  hs_buf_close(&b);
}

int main(void) {
  test_read_jsonl();
  test_read_csv();
  test_store();
  test_jsonl();
  test_jsonl_lengths();
  test_decimal();
  test_csv();
  test_format_for();
  test_writer();
  test_writer_held();
  test_writer_full();
  return check_report("test_output");
}
