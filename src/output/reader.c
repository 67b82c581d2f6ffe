/* SPDX-License-Identifier: MIT */
/*
 * Reading fact records back (hs_reader, see output.h): JSON Lines with a
 * small parser for flat objects (numbers keep their text, so 12.40 stays
 * "12.40"), CSV per RFC 4180 (quoted fields may hold commas, quotes and
 * line breaks) and the SQLite store's facts table. Memory: one record at a
 * time, its strings in one buffer.
 */
#define _GNU_SOURCE
#include "output_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* One reader per thread: the FILE needs no locking per byte. */
#define next_byte(f) getc_unlocked(f)

typedef enum kind { K_JSONL, K_CSV, K_DB } kind;

struct hs_reader {
  kind k;
  char *path;
  FILE *f;      /* JSONL and CSV; may be stdin (not closed) */
  long line;    /* line number of the record being read (1-based) */
  hs_buf text;  /* JSONL: the current line */
  hs_buf strs;  /* names and values, NUL-terminated, back to back */
  size_t *offs; /* pairs of offsets into strs: name, value */
  int *ints;    /* per field: integer flag */
  hs_field *fields;
  size_t n, cap;
  char **header; /* CSV: column names (owned) */
  size_t ncols;
  sqlite3 *db;
  sqlite3_stmt *st;
  char msg[320];
};

/*{====================================================================
 * Fields
 *====================================================================}*/

static hs_status grow(hs_reader *r) {
  if (r->n < r->cap) return HS_OK;
  size_t cap = r->cap ? r->cap * 2 : 16;
  size_t *offs = realloc(r->offs, cap * 2 * sizeof *offs);
  if (offs == NULL) return HS_ENOMEM;
  r->offs = offs;
  int *ints = realloc(r->ints, cap * sizeof *ints);
  if (ints == NULL) return HS_ENOMEM;
  r->ints = ints;
  hs_field *f = realloc(r->fields, cap * sizeof *f);
  if (f == NULL) return HS_ENOMEM;
  r->fields = f;
  r->cap = cap;
  return HS_OK;
}

/* Starts a new field whose name is already in strs at name_off; the value
 * is appended by the caller and ended by end_value. */
static hs_status begin_value(hs_reader *r, size_t name_off) {
  if (grow(r) != HS_OK) return HS_ENOMEM;
  r->offs[2 * r->n] = name_off;
  r->offs[2 * r->n + 1] = r->strs.len;
  r->ints[r->n] = 0;
  return HS_OK;
}

static hs_status end_value(hs_reader *r, int integer) {
  if (hs_buf_putc(&r->strs, '\0') != HS_OK) return HS_ENOMEM;
  r->ints[r->n] = integer;
  r->n++;
  return HS_OK;
}

/* Drops the field being built (a JSON null). */
static void drop_value(hs_reader *r, size_t name_off) {
  r->strs.len = name_off;
}

static void finish_fields(hs_reader *r) {
  for (size_t i = 0; i < r->n; i++) {
    r->fields[i].name = r->strs.data + r->offs[2 * i];
    r->fields[i].value = r->strs.data + r->offs[2 * i + 1];
    r->fields[i].integer = r->ints[i];
  }
}

static int is_int(const char *s) {
  if (*s == '-') s++;
  if (*s < '0' || *s > '9') return 0;
  while (*s >= '0' && *s <= '9')
    s++;
  return *s == '\0';
}

static int is_record_field(const char *name) {
  for (size_t i = 0; i < 10; i++)
    if (strcmp(name, hs_output_fields[i]) == 0) return 1;
  return 0;
}

static hs_status bad(hs_reader *r, const char *why) {
  snprintf(r->msg, sizeof r->msg, "%s:%ld: %s", r->path, r->line, why);
  return HS_EDATA;
}

/*{====================================================================
 * JSON Lines
 *====================================================================}*/

static const char *ws(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  return s;
}

static int hexval(const char *s) {
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= c - '0';
    else if (c >= 'a' && c <= 'f')
      v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v |= c - 'A' + 10;
    else
      return -1;
  }
  return v;
}

static hs_status put_utf8(hs_buf *b, unsigned long c) {
  char u[4];
  size_t n;
  if (c < 0x80) {
    u[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    u[0] = (char)(0xC0 | (c >> 6));
    u[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    u[0] = (char)(0xE0 | (c >> 12));
    u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | (c >> 18));
    u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  return hs_buf_append(b, u, n);
}

/* Parses the JSON string at *sp (after its opening quote) into strs
 * (without the NUL). Returns NULL on success with *sp after the closing
 * quote, else a static reason. */
static const char *json_string(hs_reader *r, const char **sp) {
  const char *s = *sp;
  for (;;) {
    const char *t = s;
    while (*t != '"' && *t != '\\' && *t != '\0' && (unsigned char)*t >= 0x20)
      t++;
    if (hs_buf_append(&r->strs, s, (size_t)(t - s)) != HS_OK)
      return "out of memory";
    s = t;
    if (*s == '"') {
      *sp = s + 1;
      return NULL;
    }
    if (*s == '\0') return "unterminated string";
    if ((unsigned char)*s < 0x20) return "control character in a string";
    s++; /* backslash */
    char c = *s++, e = 0;
    switch (c) {
      case '"': e = '"'; break;
      case '\\': e = '\\'; break;
      case '/': e = '/'; break;
      case 'b': e = '\b'; break;
      case 'f': e = '\f'; break;
      case 'n': e = '\n'; break;
      case 'r': e = '\r'; break;
      case 't': e = '\t'; break;
      default: break;
    }
    if (e != 0) {
      if (hs_buf_putc(&r->strs, e) != HS_OK) return "out of memory";
      continue;
    }
    if (c != 'u') return "bad escape in a string";
    int v = hexval(s);
    if (v < 0) return "bad \\u escape";
    s += 4;
    unsigned long cp = (unsigned long)v;
    if (v >= 0xD800 && v <= 0xDBFF && s[0] == '\\' && s[1] == 'u') {
      int lo = hexval(s + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + (((unsigned long)v - 0xD800) << 10) +
             ((unsigned long)lo - 0xDC00);
        s += 6;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* lone surrogate */
    if (cp == 0) return "NUL character in a string";
    if (put_utf8(&r->strs, cp) != HS_OK) return "out of memory";
  }
}

/* Parses one line holding a JSON object into fields. */
static hs_status json_line(hs_reader *r, const char *s) {
  const char *why = NULL;
  s = ws(s);
  if (*s != '{') return bad(r, "not a JSON object");
  s = ws(s + 1);
  if (*s == '}') {
    s = ws(s + 1);
    return *s == '\0' ? HS_OK : bad(r, "text after the object");
  }
  for (;;) {
    if (*s != '"') return bad(r, "expected a field name");
    s++;
    size_t name_off = r->strs.len;
    if ((why = json_string(r, &s)) != NULL) return bad(r, why);
    if (hs_buf_putc(&r->strs, '\0') != HS_OK) return HS_ENOMEM;
    s = ws(s);
    if (*s != ':') return bad(r, "expected ':' after a field name");
    s = ws(s + 1);
    if (begin_value(r, name_off) != HS_OK) return HS_ENOMEM;
    int integer = 0;
    if (*s == '"') {
      s++;
      if ((why = json_string(r, &s)) != NULL) return bad(r, why);
    } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
      const char *t = s;
      while (*t == '-' || *t == '+' || *t == '.' || *t == 'e' || *t == 'E' ||
             (*t >= '0' && *t <= '9'))
        t++;
      if (hs_buf_append(&r->strs, s, (size_t)(t - s)) != HS_OK)
        return HS_ENOMEM;
      s = t;
      integer = is_int(r->strs.data + r->offs[2 * r->n + 1]);
    } else if (strncmp(s, "true", 4) == 0 || strncmp(s, "false", 5) == 0) {
      size_t k = *s == 't' ? 4 : 5;
      if (hs_buf_append(&r->strs, s, k) != HS_OK) return HS_ENOMEM;
      s += k;
    } else if (strncmp(s, "null", 4) == 0) {
      drop_value(r, name_off);
      s += 4;
      goto next;
    } else if (*s == '{' || *s == '[') {
      return bad(r, "nested objects and arrays are not fact fields");
    } else {
      return bad(r, "bad JSON value");
    }
    if (end_value(r, integer) != HS_OK) return HS_ENOMEM;
  next:
    s = ws(s);
    if (*s == ',') {
      s = ws(s + 1);
      continue;
    }
    if (*s != '}') return bad(r, "expected ',' or '}'");
    s = ws(s + 1);
    return *s == '\0' ? HS_OK : bad(r, "text after the object");
  }
}

/* Reads one line into r->text (without the line end). HS_DONE at EOF. */
static hs_status read_line(hs_reader *r) {
  hs_buf_reset(&r->text);
  int c;
  while ((c = next_byte(r->f)) != EOF && c != '\n') {
    if (hs_buf_putc(&r->text, c) != HS_OK) return HS_ENOMEM;
  }
  if (ferror(r->f)) {
    snprintf(r->msg, sizeof r->msg, "%s: read error", r->path);
    return HS_EIO;
  }
  if (c == EOF && r->text.len == 0) return HS_DONE;
  r->line++;
  return HS_OK;
}

static hs_status next_jsonl(hs_reader *r) {
  for (;;) {
    hs_status rc = read_line(r);
    if (rc != HS_OK) return rc;
    const char *s = ws(hs_buf_cstr(&r->text));
    if (*s == '\0') continue; /* blank line */
    if (strlen(s) != r->text.len - (size_t)(s - hs_buf_cstr(&r->text)))
      return bad(r, "NUL byte in the line");
    return json_line(r, s);
  }
}

/*{====================================================================
 * CSV
 *====================================================================}*/

/* Reads one CSV record: each cell is appended to strs NUL-terminated and
 * its offset pushed as a value (names are filled in later). HS_DONE at
 * EOF before any cell. */
static hs_status csv_record(hs_reader *r, size_t *ncells) {
  *ncells = 0;
  int c = next_byte(r->f);
  if (c == EOF) return ferror(r->f) ? HS_EIO : HS_DONE;
  r->line++;
  long start_line = r->line;
  for (;;) { /* one cell per iteration */
    if (grow(r) != HS_OK) return HS_ENOMEM;
    r->offs[2 * r->n + 1] = r->strs.len;
    if (c == '"') {
      for (;;) {
        c = next_byte(r->f);
        if (c == EOF) {
          r->line = start_line;
          return bad(r, "unterminated quoted field");
        }
        if (c == '"') {
          c = next_byte(r->f);
          if (c != '"') break;
        }
        if (c == '\n') r->line++;
        if (hs_buf_putc(&r->strs, c) != HS_OK) return HS_ENOMEM;
      }
    }
    while (c != ',' && c != '\n' && c != EOF) {
      if (c == '\r') {
        int d = next_byte(r->f);
        if (d == '\n' || d == EOF) {
          c = d;
          break;
        }
        ungetc(d, r->f);
      }
      if (hs_buf_putc(&r->strs, c) != HS_OK) return HS_ENOMEM;
      c = next_byte(r->f);
    }
    if (end_value(r, 0) != HS_OK) return HS_ENOMEM;
    (*ncells)++;
    if (c != ',') return HS_OK;
    c = next_byte(r->f);
  }
}

static hs_status csv_header(hs_reader *r) {
  size_t n;
  hs_status rc = csv_record(r, &n);
  if (rc == HS_DONE) return HS_OK; /* empty file: no records */
  if (rc != HS_OK) return rc;
  r->header = calloc(n, sizeof *r->header);
  if (r->header == NULL) return HS_ENOMEM;
  r->ncols = n;
  for (size_t i = 0; i < n; i++) {
    const char *name = r->strs.data + r->offs[2 * i + 1];
    if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0) name += 3; /* BOM */
    r->header[i] = strdup(name);
    if (r->header[i] == NULL) return HS_ENOMEM;
  }
  return HS_OK;
}

static hs_status next_csv(hs_reader *r) {
  for (;;) {
    if (r->header == NULL) return HS_DONE;
    size_t n;
    hs_status rc = csv_record(r, &n);
    if (rc != HS_OK) return rc;
    if (n == 1 && r->strs.data[r->offs[1]] == '\0') { /* blank line */
      r->n = 0;
      hs_buf_reset(&r->strs);
      continue;
    }
    if (n != r->ncols) {
      char m[96];
      snprintf(m, sizeof m, "%zu fields, the header has %zu", n, r->ncols);
      return bad(r, m);
    }
    /* keep the record fields and the non-empty others */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      const char *v = r->strs.data + r->offs[2 * i + 1];
      if (*v == '\0' && !is_record_field(r->header[i])) continue;
      r->offs[2 * k + 1] = r->offs[2 * i + 1];
      r->ints[k] = strcmp(r->header[i], "offset") == 0 && is_int(v);
      r->fields[k].name = r->header[i];
      k++;
    }
    r->n = k;
    return HS_OK;
  }
}

/*{====================================================================
 * SQLite
 *====================================================================}*/

static hs_status open_db(hs_reader *r) {
  int rc = sqlite3_open_v2(r->path, &r->db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(r->db, "SELECT * FROM facts ORDER BY doc, rowid",
                            -1, &r->st, NULL);
  if (rc != SQLITE_OK) {
    const char *m = r->db != NULL ? sqlite3_errmsg(r->db) : "cannot open";
    if (strstr(m, "no such table") != NULL)
      m = "not a hanscan store (no table facts)";
    snprintf(r->msg, sizeof r->msg, "%s: %s", r->path, m);
    return rc == SQLITE_NOMEM ? HS_ENOMEM : HS_EDATA;
  }
  return HS_OK;
}

static hs_status next_db(hs_reader *r) {
  int rc = sqlite3_step(r->st);
  if (rc == SQLITE_DONE) return HS_DONE;
  if (rc != SQLITE_ROW) {
    snprintf(r->msg, sizeof r->msg, "%s: %s", r->path, sqlite3_errmsg(r->db));
    return HS_EIO;
  }
  int n = sqlite3_column_count(r->st);
  for (int i = 0; i < n; i++) {
    const char *name = sqlite3_column_name(r->st, i);
    int type = sqlite3_column_type(r->st, i);
    if (type == SQLITE_NULL || name == NULL || strcmp(name, "run_id") == 0)
      continue;
    const char *v = (const char *)sqlite3_column_text(r->st, i);
    if (v == NULL) return HS_ENOMEM;
    if (grow(r) != HS_OK) return HS_ENOMEM;
    r->fields[r->n].name = name;
    r->fields[r->n].value = v;
    r->fields[r->n].integer = type == SQLITE_INTEGER;
    r->n++;
  }
  r->line++;
  return HS_OK;
}

/*{====================================================================
 * Life cycle
 *====================================================================}*/

hs_status hs_reader_open(hs_reader **out, const char *path, char *why,
                         size_t n) {
  *out = NULL;
  if (why != NULL && n > 0) why[0] = '\0';
  hs_format fmt;
  const char *bad_ext = NULL;
  if (path == NULL || hs_output_format_for(path, &fmt, &bad_ext) != HS_OK) {
    if (why != NULL)
      snprintf(why, n,
               "%s: unsupported extension (use .jsonl, .csv, .db or "
               ".sqlite)",
               path ? path : "(null)");
    return HS_EDATA;
  }
  hs_reader *r = calloc(1, sizeof *r);
  if (r == NULL) return HS_ENOMEM;
  hs_buf_init(&r->text);
  hs_buf_init(&r->strs);
  r->path = strdup(path);
  hs_status rc = r->path == NULL ? HS_ENOMEM : HS_OK;
  r->k = fmt == HS_FMT_CSV ? K_CSV : fmt == HS_FMT_DB ? K_DB : K_JSONL;
  if (rc == HS_OK && r->k == K_DB) {
    FILE *probe = fopen(path, "rb"); /* SQLite would create a missing file */
    if (probe == NULL) {
      snprintf(r->msg, sizeof r->msg, "%s: %s", path, strerror(errno));
      rc = HS_EIO;
    } else {
      fclose(probe);
      rc = open_db(r);
    }
  } else if (rc == HS_OK) {
    r->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (r->f == NULL) {
      snprintf(r->msg, sizeof r->msg, "%s: %s", path, strerror(errno));
      rc = HS_EIO;
    } else if (r->k == K_CSV) {
      rc = csv_header(r);
      r->n = 0;
      hs_buf_reset(&r->strs);
    }
  }
  if (rc != HS_OK) {
    if (why != NULL)
      snprintf(why, n, "%s", r->msg[0] ? r->msg : "out of memory");
    hs_reader_free(r);
    return rc;
  }
  *out = r;
  return HS_OK;
}

hs_status hs_reader_next(hs_reader *r, const hs_field **fields,
                         size_t *nfields) {
  *fields = NULL;
  *nfields = 0;
  if (r == NULL) return HS_EFATAL;
  r->n = 0;
  r->msg[0] = '\0';
  hs_buf_reset(&r->strs);
  hs_status rc;
  switch (r->k) {
    case K_JSONL:
      rc = next_jsonl(r);
      if (rc == HS_OK) finish_fields(r);
      break;
    case K_CSV:
      rc = next_csv(r);
      for (size_t i = 0; rc == HS_OK && i < r->n; i++) {
        r->fields[i].value = r->strs.data + r->offs[2 * i + 1];
        r->fields[i].integer = r->ints[i];
      }
      break;
    default: rc = next_db(r); break;
  }
  if (rc == HS_ENOMEM && r->msg[0] == '\0')
    snprintf(r->msg, sizeof r->msg, "%s: out of memory", r->path);
  if (rc == HS_EIO && r->msg[0] == '\0')
    snprintf(r->msg, sizeof r->msg, "%s: read error", r->path);
  if (rc != HS_OK) return rc;
  *fields = r->fields;
  *nfields = r->n;
  return HS_OK;
}

const char *hs_reader_errmsg(const hs_reader *r) {
  return r == NULL ? "" : r->msg;
}

void hs_reader_free(hs_reader *r) {
  if (r == NULL) return;
  if (r->f != NULL && r->f != stdin) fclose(r->f);
  sqlite3_finalize(r->st);
  sqlite3_close(r->db);
  for (size_t i = 0; i < r->ncols; i++)
    free(r->header[i]);
  free(r->header);
  free(r->offs);
  free(r->ints);
  free(r->fields);
  hs_buf_close(&r->text);
  hs_buf_close(&r->strs);
  free(r->path);
  free(r);
}
