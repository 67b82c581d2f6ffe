/* SPDX-License-Identifier: MIT */
/*
 * JSON Lines and CSV serialization of fact records (see output.h for the
 * exact rules), the packed form the SQLite store reads, and the FILE
 * writer. Strings are escaped in one pass; the UTF-8 check inside the JSON
 * escaper keeps the output valid JSON whatever a rule returns.
 */
#include "output_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

const char *const hs_output_fields[10] = {
    "doc",    "indicator", "measure", "value",  "unit",
    "period", "zone",      "span",    "offset", "rule",
};
#define fields hs_output_fields

hs_status hs_output_format_for(const char *path, hs_format *fmt,
                               const char **why) {
  static const char msg[] =
      "unsupported output extension (use .jsonl, .csv, .db or .sqlite)";
  if (path == NULL || strcmp(path, "-") == 0) {
    *fmt = HS_FMT_JSONL;
    return HS_OK;
  }
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (dot != NULL && strcmp(dot, ".jsonl") == 0) {
    *fmt = HS_FMT_JSONL;
    return HS_OK;
  }
  if (dot != NULL && strcmp(dot, ".csv") == 0) {
    *fmt = HS_FMT_CSV;
    return HS_OK;
  }
  if (dot != NULL && (strcmp(dot, ".db") == 0 || strcmp(dot, ".sqlite") == 0)) {
    *fmt = HS_FMT_DB;
    return HS_OK;
  }
  if (why != NULL) *why = msg;
  return HS_EDATA;
}

int hs_output_is_decimal(const char *s) {
  if (s == NULL) return 0;
  if (*s == '-') s++;
  if (*s < '0' || *s > '9') return 0;
  while (*s >= '0' && *s <= '9')
    s++;
  if (*s == '.') {
    s++;
    if (*s < '0' || *s > '9') return 0;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  return *s == '\0';
}

/* Length of a valid UTF-8 sequence at s (NUL-terminated), 0 if invalid. */
static size_t u8len(const unsigned char *s) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && s[1] < 0xA0) return 0;
  if (c == 0xED && s[1] > 0x9F) return 0;
  if (c == 0xF0 && s[1] < 0x90) return 0;
  if (c == 0xF4 && s[1] > 0x8F) return 0;
  return n;
}

/* Writes a decimal integer at o (24 bytes of room), returns its end. */
static char *w_int(char *o, long long v) {
  char b[24];
  size_t i = sizeof b;
  unsigned long long u =
      v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    b[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) b[--i] = '-';
  memcpy(o, b + i, sizeof b - i);
  return o + (sizeof b - i);
}

/* Appends a decimal integer. */
static hs_status put_int(hs_buf *out, long long v) {
  char b[24];
  return hs_buf_append(out, b, (size_t)(w_int(b, v) - b));
}

static hs_status csv_str(hs_buf *out, const char *s) {
  if (s == NULL) s = "";
  if (strpbrk(s, ",\"\r\n") == NULL) return hs_buf_puts(out, s);
  hs_status rc = hs_buf_putc(out, '"');
  for (; rc == HS_OK && *s; s++) {
    if (*s == '"') rc = hs_buf_putc(out, '"');
    if (rc == HS_OK) rc = hs_buf_putc(out, *s);
  }
  if (rc == HS_OK) rc = hs_buf_putc(out, '"');
  return rc;
}

static hs_status json_str(hs_buf *out, const char *str); /* below */

hs_status hs_output_json_str(hs_buf *out, const char *s) {
  return json_str(out, s);
}

hs_status hs_output_csv_str(hs_buf *out, const char *s) {
  return csv_str(out, s);
}

hs_status hs_output_header(hs_buf *out, hs_format fmt) {
  if (fmt != HS_FMT_CSV) return HS_OK;
  hs_status rc = HS_OK;
  for (size_t i = 0; rc == HS_OK && i < 10; i++) {
    if (i > 0) rc = hs_buf_putc(out, ',');
    if (rc == HS_OK) rc = hs_buf_puts(out, fields[i]);
  }
  if (rc == HS_OK) rc = hs_buf_puts(out, "\r\n");
  return rc;
}

/* The packed form: 14 NUL-terminated strings (see HS_FMT_DB). */
static hs_status packed(hs_buf *out, const hs_fact *f) {
  const char *str[14] = {f->doc,    f->indicator, f->measure, f->value, f->unit,
                         f->period, f->zone,      f->span,    NULL,     f->rule,
                         f->approx, f->subject,   f->scope,   f->high};
  hs_status rc = HS_OK;
  for (size_t i = 0; rc == HS_OK && i < 14; i++) {
    if (i == 8)
      rc = hs_buf_printf(out, "%lld", f->offset);
    else if (str[i] != NULL)
      rc = hs_buf_puts(out, str[i]);
    if (rc == HS_OK) rc = hs_buf_putc(out, '\0');
  }
  return rc;
}

/* JSON Lines record writing into room reserved once: the writers below
 * advance a pointer and check nothing; json_record reserves 6 bytes per
 * input byte (the longest escape, \u00XX) plus the keys. */
static char *w_lit(char *o, const char *lit) {
  size_t l = strlen(lit);
  memcpy(o, lit, l);
  return o + l;
}

/* Bytes from s[0, n) that JSON takes as they are up to the first that
 * is not printable ASCII or is " or \: 16 at a time. */
static size_t ascii_run(const unsigned char *s, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i lo = _mm_set1_epi8(0x1F), q = _mm_set1_epi8('"'),
                bs = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* signed compare: bytes >= 0x80 are negative, so "<= 0x1F" also
     * takes them, which is what is wanted (they stop the run) */
    __m128i bad = _mm_or_si128(
        _mm_or_si128(_mm_cmpgt_epi8(_mm_add_epi8(lo, _mm_set1_epi8(1)), v),
                     _mm_cmpeq_epi8(v, q)),
        _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, del)));
    unsigned m = (unsigned)_mm_movemask_epi8(bad);
    if (m != 0) return i + (size_t)__builtin_ctz(m);
  }
#endif
  for (; i < n; i++) {
    unsigned c = s[i];
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
  }
  return i;
}

/* Writes s[0, n) (s[n] is NUL) as a JSON string: runs of plain ASCII
 * copied whole, 3-byte characters (most of a Chinese text) checked and
 * copied one by one, escapes, and U+FFFD for bytes that are not UTF-8. */
static char *w_strn(char *o, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  *o++ = '"';
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c >= 0x80) {
      if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
          (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
        memcpy(o, s + i, 4); /* s[i + 3] exists (at worst the NUL); the
                                fourth byte is overwritten next */
        o += 3;
        i += 3;
        continue;
      }
      size_t k = u8len(s + i);
      if (k == 0 || k > n - i) {
        o = w_lit(o, "\xEF\xBF\xBD"); /* invalid UTF-8 */
        i++;
      } else {
        memcpy(o, s + i, k);
        o += k;
        i += k;
      }
    } else if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\') {
      size_t k = ascii_run(s + i, n - i);
      memcpy(o, s + i, k);
      o += k;
      i += k;
    } else if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
      i++;
    } else {
      static const char hex[] = "0123456789abcdef";
      o = w_lit(o, "\\u00");
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
      i++;
    }
  }
  *o++ = '"';
  return o;
}

static char *w_str(char *o, const char *str) {
  const char *s = str ? str : "";
  return w_strn(o, s, strlen(s));
}

static hs_status json_str(hs_buf *out, const char *str) {
  hs_status rc = hs_buf_reserve(out, (str ? strlen(str) : 0) * 6 + 2);
  if (rc != HS_OK) return rc;
  char *o = w_str(out->data + out->len, str);
  *o = '\0';
  out->len = (size_t)(o - out->data);
  return HS_OK;
}

static char *w_num(char *o, const char *s) {
  if (*s == '-') *o++ = *s++;
  while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
    s++;
  return w_lit(o, s);
}

static hs_status json_record(hs_buf *out, const hs_fact *f) {
  const char *str[10] = {f->doc,  f->indicator, f->measure, f->value,
                         f->unit, f->period,    f->zone,    f->span,
                         NULL,    f->rule};
  static const char *const opt_name[3] = {"approx", "subject", "scope"};
  const char *opt_val[3] = {f->approx, f->subject, f->scope};
  size_t len[10], opt_len[3];
  size_t need = 256;
  for (int i = 0; i < 10; i++) {
    if (str[i] == NULL) str[i] = "";
    len[i] = strlen(str[i]);
    need += len[i] * 6 + 16;
  }
  for (int i = 0; i < 3; i++) {
    opt_len[i] = opt_val[i] != NULL ? strlen(opt_val[i]) : 0;
    need += opt_len[i] * 6 + 16;
  }
  if (f->high != NULL) need += strlen(f->high) + 16;
  hs_status rc = hs_buf_reserve(out, need);
  if (rc != HS_OK) return rc;
  /* the keys with their punctuation, as they are written */
  static const char *const key[10] = {
      "{\"doc\":",    ",\"indicator\":", ",\"measure\":", ",\"value\":",
      ",\"unit\":",   ",\"period\":",    ",\"zone\":",    ",\"span\":",
      ",\"offset\":", ",\"rule\":"};
  static const unsigned char keylen[10] = {7, 13, 11, 9, 8, 10, 8, 8, 10, 8};
  char *o = out->data + out->len;
  for (int i = 0; i < 10; i++) {
    memcpy(o, key[i], keylen[i]);
    o += keylen[i];
    if (i == 8)
      o = w_int(o, f->offset);
    else if (i == 3 && hs_output_is_decimal(f->value))
      o = w_num(o, f->value);
    else
      o = w_strn(o, str[i], len[i]);
  }
  for (int i = 0; i < 3; i++) {
    if (opt_len[i] == 0) continue;
    *o++ = ',';
    *o++ = '"';
    o = w_lit(o, opt_name[i]);
    *o++ = '"';
    *o++ = ':';
    o = w_strn(o, opt_val[i], opt_len[i]);
  }
  if (f->high != NULL && hs_output_is_decimal(f->high)) {
    o = w_lit(o, ",\"high\":");
    o = w_num(o, f->high);
  }
  *o++ = '}';
  *o++ = '\n';
  *o = '\0';
  out->len = (size_t)(o - out->data);
  return HS_OK;
}

hs_status hs_output_record(hs_buf *out, hs_format fmt, const hs_fact *f) {
  if (f == NULL) return HS_EDATA;
  if (fmt == HS_FMT_DB) return packed(out, f);
  const char *str[10] = {f->doc,  f->indicator, f->measure, f->value,
                         f->unit, f->period,    f->zone,    f->span,
                         NULL,    f->rule};
  hs_status rc = HS_OK;
  if (fmt == HS_FMT_CSV) {
    for (size_t i = 0; rc == HS_OK && i < 10; i++) {
      if (i > 0) rc = hs_buf_putc(out, ',');
      if (rc != HS_OK) break;
      if (i == 8)
        rc = put_int(out, f->offset);
      else
        rc = csv_str(out, str[i]);
    }
    if (rc == HS_OK) rc = hs_buf_puts(out, "\r\n");
    return rc;
  }
  return json_record(out, f);
}

hs_status hs_writer_new(hs_writer **out, FILE *f, hs_format fmt) {
  *out = NULL;
  if (fmt == HS_FMT_DB || f == NULL) return HS_EDATA;
  hs_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return HS_ENOMEM;
  w->f = f;
  w->fmt = fmt;
  hs_buf_init(&w->buf);
  hs_status rc = hs_output_header(&w->buf, fmt);
  if (rc == HS_OK) rc = hs_writer_raw(w, w->buf.data, w->buf.len);
  if (rc != HS_OK) {
    hs_writer_free(w);
    return rc;
  }
  *out = w;
  return HS_OK;
}

hs_status hs_writer_raw(hs_writer *w, const char *p, size_t n) {
  if (w->db != NULL) return hs_output_db_insert(w, p, n);
  if (n > 0 && fwrite(p, 1, n, w->f) != n) {
    w->failed = 1;
    snprintf(w->msg, sizeof w->msg, "write error");
    return HS_EIO;
  }
  return HS_OK;
}

hs_status hs_writer_put(hs_writer *w, const hs_fact *f) {
  hs_buf_reset(&w->buf);
  hs_status rc = hs_output_record(&w->buf, w->fmt, f);
  if (rc != HS_OK) return rc;
  size_t before = w->count;
  rc = hs_writer_raw(w, w->buf.data, w->buf.len);
  if (rc == HS_OK && w->count == before) w->count++;
  return rc;
}

hs_status hs_writer_flush(hs_writer *w) {
  if (w->db != NULL) return w->failed ? HS_EIO : HS_OK;
  if (fflush(w->f) != 0 || ferror(w->f)) w->failed = 1;
  return w->failed ? HS_EIO : HS_OK;
}

size_t hs_writer_count(const hs_writer *w) {
  return w == NULL ? 0 : w->count;
}

const char *hs_writer_errmsg(const hs_writer *w) {
  return w == NULL ? "" : w->msg;
}

void hs_writer_free(hs_writer *w) {
  if (w == NULL) return;
  hs_output_db_close(w->db);
  hs_buf_close(&w->buf);
  free(w);
}
