/* SPDX-License-Identifier: MIT */
/*
 * Private header of the output module: the writer struct that output.c
 * (JSON Lines, CSV) shares with store.c (the SQLite store), and the
 * store's entry points output.c calls. Nothing outside src/output
 * includes this.
 *
 * Invariants: a writer has either a FILE (f != NULL, db == NULL) or a
 * store (db != NULL, f == NULL, fmt == HS_FMT_DB); msg is "" until a call
 * fails.
 */
#ifndef HS_OUTPUT_INT_H
#define HS_OUTPUT_INT_H

#include "output.h"

#include <sys/uio.h>

struct hs_output_db; /* store.c: the connection and its statements */

/* Byte ranges hs_writer_doc_held may hold before it writes them itself. */
#define HS_WRITER_HELD 64

struct hs_writer {
  FILE *f;
  hs_format fmt;
  hs_buf buf;
  size_t count;
  int failed;
  struct hs_output_db *db;
  struct iovec held[HS_WRITER_HELD]; /* the caller's bytes, not yet written
                                        (after all of f's buffer) */
  int nheld;
  char msg[320];
};

/* The ten record fields, in order (doc ... rule). */
extern const char *const hs_output_fields[10];

/* Inserts the packed records p[0..n) (HS_FMT_DB) in the current
 * transaction or autocommit. HS_EDATA for a truncated record, HS_EIO with
 * w->msg set. */
hs_status hs_output_db_insert(hs_writer *w, const char *p, size_t n);

/* Closes the store's statements and connection. NULL is a no-op. */
void hs_output_db_close(struct hs_output_db *db);

#endif
