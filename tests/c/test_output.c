/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the output module: JSON Lines escaping and number
 * validation, optional fields, CSV header and RFC 4180 quoting, format
 * choice by extension, and the FILE writer.
 */
#include <stdlib.h>

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
  CHECK(hs_output_format_for("facts.db", &fmt, &why) == HS_EDATA);
  CHECK(why != NULL && strstr(why, ".db/.sqlite comes later") != NULL);
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

int main(void) {
  test_jsonl();
  test_decimal();
  test_csv();
  test_format_for();
  test_writer();
  return check_report("test_output");
}
