/* SPDX-License-Identifier: MIT */
/*
 * Public header of the output module: serializes fact records as JSON Lines
 * or CSV. Records are formatted into a caller-owned hs_buf (so that workers
 * can format in parallel and the writer keeps document order), and an
 * hs_writer appends them to a FILE.
 *
 * Record fields, in this order: doc, indicator, measure, value, unit, period,
 * zone, span, offset, rule. JSONL writes value as a JSON number when it is a
 * plain decimal (-?digits[.digits]; redundant leading zeros are dropped),
 * else as a JSON string; offset as an integer; every other field as a JSON
 * string (UTF-8 kept as is, control characters and DEL as \u00XX, invalid
 * UTF-8 bytes replaced by U+FFFD). The optional fields approx, subject,
 * scope and high (a number) follow in JSONL only when non-NULL and
 * non-empty. CSV has a header
 * line with exactly the ten fields, RFC 4180 quoting (a field containing a
 * comma, quote, CR or LF is quoted, quotes doubled) and CRLF line ends; the
 * optional fields are not written to CSV.
 * Errors and ownership follow src/base/status.h.
 */
#ifndef HS_OUTPUT_H
#define HS_OUTPUT_H

#include <stdio.h>

#include "../base/base.h"

/* One fact. All strings are borrowed, NUL-terminated UTF-8; a NULL string
 * field is written as "" (approx, subject, scope: omitted). */
typedef struct hs_fact {
  const char *doc;
  const char *indicator;
  const char *measure;
  const char *value; /* exact decimal string, e.g. "61413000000", "-3" */
  const char *unit;
  const char *period;
  const char *zone;
  const char *span;
  long long offset; /* byte offset of span in the decoded document */
  const char *rule;
  const char *approx;
  const char *subject;
  const char *scope;
  const char *high; /* upper bound of a range, exact decimal, or NULL */
} hs_fact;

typedef enum hs_format { HS_FMT_JSONL, HS_FMT_CSV } hs_format;

/* Chooses the format from an output path's extension: NULL or "-" or
 * ".jsonl" -> JSONL, ".csv" -> CSV. Other extensions give HS_EDATA and, if
 * why != NULL, a static message for a usage error. */
hs_status hs_output_format_for(const char *path, hs_format *fmt,
                               const char **why);

/* 1 if s is a plain decimal number (-?digits[.digits]), else 0 (NULL: 0). */
int hs_output_is_decimal(const char *s);

/* Appends s (NUL-terminated; NULL is "") as a JSON string: quoted, with
 * the escaping described above. HS_ENOMEM. */
hs_status hs_output_json_str(hs_buf *out, const char *s);

/* Appends s (NULL is "") as one CSV field, quoted when needed. HS_ENOMEM. */
hs_status hs_output_csv_str(hs_buf *out, const char *s);

/* Appends the header line (CSV only; nothing for JSONL). */
hs_status hs_output_header(hs_buf *out, hs_format fmt);

/* Appends one record, with its line end. HS_ENOMEM on failure; f == NULL
 * gives HS_EDATA. */
hs_status hs_output_record(hs_buf *out, hs_format fmt, const hs_fact *f);

/* A writer appends records to a FILE it borrows (not closed by it). */
typedef struct hs_writer hs_writer;

/* Creates a writer and writes the header. HS_ENOMEM, HS_EIO. */
hs_status hs_writer_new(hs_writer **out, FILE *f, hs_format fmt);

/* Formats and writes one record. HS_EIO when the FILE reports an error. */
hs_status hs_writer_put(hs_writer *w, const hs_fact *f);

/* Writes already formatted bytes (from hs_output_record). */
hs_status hs_writer_raw(hs_writer *w, const char *p, size_t n);

/* Flushes the FILE; HS_EIO if anything failed since creation. */
hs_status hs_writer_flush(hs_writer *w);

/* Records written so far through hs_writer_put (0 for NULL). */
size_t hs_writer_count(const hs_writer *w);

/* Frees the writer (does not close the FILE). NULL is a no-op. */
void hs_writer_free(hs_writer *w);

#endif
