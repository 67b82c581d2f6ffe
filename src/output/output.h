/* SPDX-License-Identifier: MIT */
/*
 * Public header of the output module: serializes fact records as JSON Lines
 * or CSV, stores them in SQLite, and reads them back. Records are formatted
 * into a caller-owned hs_buf (so that workers can format in parallel and the
 * writer keeps document order), and an hs_writer appends them to a FILE or
 * stores them, one document per transaction, in a SQLite database
 * (store.c); an hs_reader reads records from any of the three (reader.c).
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
  /* NULL, or the lengths of the 13 strings above in order (doc to high,
   * without offset; 0 for a NULL one), which the JSON writer then need not
   * count */
  const size_t *len;
} hs_fact;

/* HS_FMT_DB: records formatted for the SQLite store are the 14 fields of
 * hs_fact in order, each a NUL-terminated string (offset in decimal; a NULL
 * field as ""); they are only meant for hs_writer_doc/hs_writer_raw. */
typedef enum hs_format { HS_FMT_JSONL, HS_FMT_CSV, HS_FMT_DB } hs_format;

/* Chooses the format from an output path's extension: NULL or "-" or
 * ".jsonl" -> JSONL, ".csv" -> CSV, ".db" or ".sqlite" -> DB. Other
 * extensions give HS_EDATA and, if why != NULL, a static message for a
 * usage error. */
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

/* A writer appends records to a FILE it borrows (not closed by it), or
 * stores them in a SQLite database it owns (hs_writer_open_db). */
typedef struct hs_writer hs_writer;

/* Creates a writer and writes the header. HS_ENOMEM, HS_EIO; HS_EDATA for
 * HS_FMT_DB (use hs_writer_open_db). */
hs_status hs_writer_new(hs_writer **out, FILE *f, hs_format fmt);

/* Formats and writes one record. HS_EIO when the FILE reports an error. */
hs_status hs_writer_put(hs_writer *w, const hs_fact *f);

/* Writes already formatted bytes (from hs_output_record). A DB writer
 * inserts the records (whole ones only) outside any document: use
 * hs_writer_doc instead. */
hs_status hs_writer_raw(hs_writer *w, const char *p, size_t n);

/* Flushes the FILE; HS_EIO if anything failed since creation. A DB writer:
 * HS_OK, or HS_EIO after a failed statement. */
hs_status hs_writer_flush(hs_writer *w);

/* Records written so far through hs_writer_put, and for a DB writer also
 * through hs_writer_doc and hs_writer_raw (0 for NULL). */
size_t hs_writer_count(const hs_writer *w);

/* Frees the writer (does not close the FILE; closes the database). NULL
 * is a no-op. */
void hs_writer_free(hs_writer *w);

/* Why the last call on w failed: "" if none or w == NULL. Borrowed until
 * the next call on w. */
const char *hs_writer_errmsg(const hs_writer *w);

/*{====================================================================
 * The SQLite store
 *====================================================================}*/

/* Tables (schema version 1, PRAGMA user_version = 1):
 *   runs(id INTEGER PRIMARY KEY, pack, version, options, started,
 *        finished)                       -- finished NULL: interrupted
 *   documents(name TEXT PRIMARY KEY, status, format, encoding, bytes,
 *        facts, error, run_id)          -- one row per document name
 *   facts(doc, indicator, measure, value TEXT, unit, period, zone, span,
 *        offset INTEGER, rule, approx, subject, scope, high, run_id)
 * value and high are exact decimal text; empty optional fields are NULL.
 * Times are UTC, "YYYY-MM-DDTHH:MM:SSZ". The journal is WAL with
 * synchronous=NORMAL: a killed process leaves every committed document and
 * nothing of the one in progress (the -wal file beside the database is
 * part of it until the next open). */

/* What a run stores in its runs row (strings borrowed for the call). */
typedef struct hs_runinfo {
  const char *pack;    /* the pack's name or folder */
  const char *version; /* hanscan's and the pack's version */
  const char *options; /* the command line */
} hs_runinfo;

/* One document's documents row. status: "ok", "damaged" (read, with
 * undecodable bytes), "failed" or "skipped"; error: why, or NULL. */
typedef struct hs_docinfo {
  const char *name;
  const char *status;
  const char *format;   /* text, html, xml, docx; NULL: unknown */
  const char *encoding; /* UTF-8, UTF-8-BOM, GB18030 ...; NULL: unknown */
  long long bytes;      /* raw bytes (after decompression); < 0: unknown */
  const char *error;    /* NULL or "": none */
} hs_docinfo;

/* Opens (creating when missing) the SQLite store at path and starts a run
 * (a runs row with finished NULL). HS_EIO (cannot open, not a database,
 * not a hanscan store, locked), HS_ENOMEM; the reason goes to why[0..n)
 * when why != NULL. Test hook: when the environment variable
 * HANSCAN_TEST_CRASH_AFTER is N, the process kills itself (SIGKILL) in the
 * middle of the transaction of document N+1, after its facts were
 * inserted, to test interrupted runs. */
hs_status hs_writer_open_db(hs_writer **out, const char *path,
                            const hs_runinfo *run, char *why, size_t n);

/* Writes one document: its records (n bytes formatted by hs_output_record
 * in w's format; nfacts of them) and, for a DB writer, its documents row,
 * in one transaction that first deletes the document's previous facts.
 * A JSONL or CSV writer writes the records only. HS_EIO (errmsg says why;
 * nothing of the document is stored), HS_EDATA (d == NULL for a DB). */
hs_status hs_writer_doc(hs_writer *w, const hs_docinfo *d, const char *p,
                        size_t n);

/* hs_writer_doc without a copy: a JSONL or CSV writer holds on to
 * p[0..n) and writes it at the next hs_writer_sync, after what was written
 * or held before, and with the other held documents in one system call
 * (it syncs by itself when it holds many). p must stay unchanged until
 * then. Other calls that write sync first, so order is kept whatever is
 * mixed. A DB writer stores at once, as hs_writer_doc. */
hs_status hs_writer_doc_held(hs_writer *w, const hs_docinfo *d, const char *p,
                             size_t n);

/* Writes what hs_writer_doc_held holds. HS_EIO when writing fails
 * (errmsg says why; the writer stays failed). */
hs_status hs_writer_sync(hs_writer *w);

/* 1 when a DB writer's store already has the document `name` with status
 * ok and the same raw size (what --resume skips), else 0 (also for JSONL,
 * CSV and NULL). */
int hs_writer_has_doc(hs_writer *w, const char *name, long long bytes);

/* Marks the run finished (DB: runs.finished = now); then flushes. Not
 * calling it leaves the run marked as interrupted. HS_EIO. */
hs_status hs_writer_finish(hs_writer *w);

/* The run id of a DB writer; 0 otherwise. */
long long hs_writer_run_id(const hs_writer *w);

/*{====================================================================
 * Reading records back
 *====================================================================}*/

/* One field of a record read back: name and value are borrowed until the
 * next call on the reader. integer: the value is a whole number that came
 * as a number (offset, and JSON or SQLite integers). */
typedef struct hs_field {
  const char *name;
  const char *value;
  int integer;
} hs_field;

/* A reader of fact records: .jsonl (one JSON object per line; numbers keep
 * their text, so values stay exact; null fields and blank lines are
 * skipped), .csv (RFC 4180, the header row names the fields; an empty cell
 * outside the ten record fields is left out) or .db/.sqlite (table facts,
 * ordered by doc then insertion; NULL columns and run_id left out). "-" is
 * JSON Lines on standard input. */
typedef struct hs_reader hs_reader;

/* Opens path by its extension. HS_EDATA (unknown extension, not a hanscan
 * store), HS_EIO, HS_ENOMEM, with the reason in why[0..n). */
hs_status hs_reader_open(hs_reader **out, const char *path, char *why,
                         size_t n);

/* The next record: *fields points to *nfields fields (borrowed until the
 * next call). HS_OK, HS_DONE, HS_EDATA (a malformed line: errmsg gives
 * path:line and why; the reader cannot go on), HS_EIO, HS_ENOMEM. */
hs_status hs_reader_next(hs_reader *r, const hs_field **fields,
                         size_t *nfields);

/* Why the last call failed ("" if none or r == NULL). */
const char *hs_reader_errmsg(const hs_reader *r);

/* Closes the file or database. NULL is a no-op. */
void hs_reader_free(hs_reader *r);

#endif
