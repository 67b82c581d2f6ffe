/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the base module: status strings and the byte buffer
 * (growth, NUL termination, printf, steal, NULL handling).
 */
#include <stdlib.h>

#include "base/base.h"
#include "check.h"

static void test_status(void) {
  CHECK_STR(hs_strerror(HS_OK), "ok");
  CHECK_STR(hs_strerror(HS_EDATA), "invalid data");
  CHECK_STR(hs_strerror((hs_status)-99), "unknown status");
  CHECK(HS_OK == 0 && HS_DONE == 1);
  CHECK(HS_EDATA > HS_ELIMIT && HS_ELIMIT > HS_ENOMEM && HS_ENOMEM > HS_EIO &&
        HS_EIO > HS_EFATAL);
}

static void test_buf(void) {
  hs_buf b;
  hs_buf_init(&b);
  CHECK_STR(hs_buf_cstr(&b), "");
  CHECK(hs_buf_append(&b, NULL, 0) == HS_OK);
  for (int i = 0; i < 1000; i++)
    CHECK(hs_buf_putc(&b, 'a' + i % 26) == HS_OK);
  CHECK(b.len == 1000);
  CHECK(b.data[1000] == '\0');
  CHECK(b.data[27] == 'b');
  hs_buf_reset(&b);
  CHECK(b.len == 0 && b.data != NULL && b.data[0] == '\0');
  CHECK(hs_buf_printf(&b, "%s=%d", "x", 42) == HS_OK);
  CHECK(hs_buf_puts(&b, "产业") == HS_OK);
  CHECK_STR(hs_buf_cstr(&b), "x=42产业");
  char *p = hs_buf_steal(&b);
  CHECK(p != NULL && strcmp(p, "x=42产业") == 0);
  CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
  free(p);
  CHECK(hs_buf_steal(&b) == NULL);
  hs_buf_close(&b);
  hs_buf_close(NULL); /* documented no-op */
  hs_buf_reset(NULL);
  /* recycle: a usual size is kept for the next item, a large one freed */
  CHECK(hs_buf_puts(&b, "产业开发区") == HS_OK);
  char *kept = b.data;
  hs_buf_recycle(&b, 4096);
  CHECK(b.data == kept && b.len == 0 && b.data[0] == '\0' && b.cap > 0);
  CHECK(hs_buf_reserve(&b, 10000) == HS_OK);
  hs_buf_recycle(&b, 4096);
  CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
  hs_buf_recycle(NULL, 0);
  CHECK_STR(hs_buf_cstr(NULL), "");
}

int main(void) {
  test_status();
  test_buf();
  return check_report("test_base");
}
