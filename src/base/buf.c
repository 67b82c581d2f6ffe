/* SPDX-License-Identifier: MIT */
/*
 * hs_buf implementation. Growth doubles the capacity (minimum 64 bytes) so
 * that the amortised cost of appending is constant; the byte after the
 * content is always kept at NUL.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hs_buf_init(hs_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void hs_buf_close(hs_buf *b) {
  if (b == NULL) return;
  free(b->data);
  hs_buf_init(b);
}

void hs_buf_reset(hs_buf *b) {
  if (b == NULL) return;
  b->len = 0;
  if (b->data != NULL) b->data[0] = '\0';
}

void hs_buf_recycle(hs_buf *b, size_t keep) {
  if (b == NULL) return;
  if (b->cap > keep)
    hs_buf_close(b);
  else
    hs_buf_reset(b);
}

void hs_buf_swap(hs_buf *a, hs_buf *b) {
  hs_buf t = *a;
  *a = *b;
  *b = t;
}

hs_status hs_buf_reserve(hs_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) return HS_ENOMEM;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return HS_OK;
  size_t cap = b->cap < 64 ? 64 : b->cap;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) {
      cap = need;
      break;
    }
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (p == NULL) return HS_ENOMEM;
  if (b->data == NULL) p[0] = '\0';
  b->data = p;
  b->cap = cap;
  return HS_OK;
}

hs_status hs_buf_append(hs_buf *b, const void *p, size_t n) {
  hs_status rc = hs_buf_reserve(b, n);
  if (rc != HS_OK) return rc;
  if (n > 0) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return HS_OK;
}

hs_status hs_buf_putc(hs_buf *b, int c) {
  char ch = (char)c;
  return hs_buf_append(b, &ch, 1);
}

hs_status hs_buf_puts(hs_buf *b, const char *s) {
  return hs_buf_append(b, s, strlen(s));
}

hs_status hs_buf_vprintf(hs_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return HS_EDATA;
  hs_status rc = hs_buf_reserve(b, (size_t)n);
  if (rc != HS_OK) return rc;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return HS_OK;
}

hs_status hs_buf_printf(hs_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  hs_status rc = hs_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

const char *hs_buf_cstr(const hs_buf *b) {
  return (b == NULL || b->data == NULL) ? "" : b->data;
}

char *hs_buf_steal(hs_buf *b) {
  char *p = b->data;
  hs_buf_init(b);
  return p;
}
