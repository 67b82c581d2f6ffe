/* SPDX-License-Identifier: MIT */
/*
 * hs_buf: a growable byte buffer owned by the caller (_init/_close). The
 * bytes data[0..len) are the content; whenever data != NULL a NUL byte
 * follows them (data[len] == 0), so the content can be used as a C string
 * when it holds no NUL itself. Capacity grows geometrically, so appending
 * n bytes one at a time costs O(n). A zeroed struct is a valid empty buffer.
 * Every function accepts b == NULL only where it says so.
 */
#ifndef HS_BUF_H
#define HS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "status.h"

typedef struct hs_buf {
  char *data; /* NULL until the first append; owned by the buffer */
  size_t len; /* bytes of content */
  size_t cap; /* bytes allocated, > len when data != NULL */
} hs_buf;

/* Makes b empty without allocating. */
void hs_buf_init(hs_buf *b);

/* Frees the memory and leaves b empty and reusable. NULL is a no-op. */
void hs_buf_close(hs_buf *b);

/* Sets len to 0 and keeps the memory for reuse. NULL is a no-op. */
void hs_buf_reset(hs_buf *b);

/* hs_buf_reset when b holds at most `keep` bytes of memory, else
 * hs_buf_close: a buffer reused for one item after another keeps a usual
 * size, not the largest it ever took. NULL is a no-op. */
void hs_buf_recycle(hs_buf *b, size_t keep);

/* Exchanges the contents of a and b (no copy). */
void hs_buf_swap(hs_buf *a, hs_buf *b);

/* Makes room for `extra` more bytes (plus the NUL). HS_ENOMEM on failure or
 * size overflow; b is unchanged then. */
hs_status hs_buf_reserve(hs_buf *b, size_t extra);

/* Appends n bytes from p (p may be NULL when n == 0). HS_ENOMEM leaves b
 * unchanged. */
hs_status hs_buf_append(hs_buf *b, const void *p, size_t n);

/* Appends one byte. */
hs_status hs_buf_putc(hs_buf *b, int c);

/* Appends a NUL-terminated string (without its NUL). */
hs_status hs_buf_puts(hs_buf *b, const char *s);

/* Appends printf-formatted text. HS_ENOMEM, or HS_EDATA on a bad format. */
hs_status hs_buf_printf(hs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
hs_status hs_buf_vprintf(hs_buf *b, const char *fmt, va_list ap);

/* The content as a C string: b->data, or "" when nothing was allocated.
 * Borrowed until the next call that changes b. */
const char *hs_buf_cstr(const hs_buf *b);

/* Hands the memory to the caller (who frees it with free()) and leaves b
 * empty. Returns NULL when nothing was allocated. */
char *hs_buf_steal(hs_buf *b);

/* memcpy(d, s, n) for the short strings of facts and records (most under
 * 32 bytes), inline: two overlapping fixed-size moves instead of a call. */
static inline void hs_copy_short(char *d, const char *s, size_t n) {
  if (n >= 16 && n <= 32) {
    memcpy(d, s, 16);
    memcpy(d + n - 16, s + n - 16, 16);
  } else if (n >= 8 && n < 16) {
    memcpy(d, s, 8);
    memcpy(d + n - 8, s + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    memcpy(d, s, 4);
    memcpy(d + n - 4, s + n - 4, 4);
  } else if (n > 0 && n < 4) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  } else if (n > 32) {
    memcpy(d, s, n);
  }
}

#endif
