/* SPDX-License-Identifier: MIT */
/*
 * Private header of the cli module: the document source, which turns PATH
 * arguments into documents by composing the walker (files and folders), the
 * archive module (zip, tar, compressed streams, nested from memory) and the
 * decode module's sniffing (what a blob is). Every input ends up as exactly
 * one of: a document (returned), a failure (returned, with a reason), or a
 * skip (reported through the callback and counted).
 */
#ifndef HS_CLI_INT_H
#define HS_CLI_INT_H

#include <stddef.h>

#include "../base/base.h"
#include "../walk/walk.h"

#define HS_SOURCE_MAX_DEPTH 8

typedef struct hs_source_opts {
  size_t max_size; /* decoded bytes per document; 0: HS_DECODE_MAX_SIZE.
                      Raw documents and archive members may be up to twice
                      that (UTF-16 halves when decoded) */
  int max_depth;   /* archives inside archives; 0: HS_SOURCE_MAX_DEPTH */
  int defer_reads; /* text files on disk are left open for hs_doc_read */
} hs_source_opts;

/* Receives a skipped item's full name and a static or borrowed reason. */
typedef void (*hs_source_skip_fn)(void *ud, const char *name, const char *why);

typedef struct hs_source hs_source;

/* A source over paths[0..npaths) (copied). o may be NULL (defaults); fn
 * may be NULL. HS_ENOMEM, or HS_OK with *out set. */
hs_status hs_source_new(hs_source **out, const char *const *paths,
                        size_t npaths, const hs_source_opts *o,
                        hs_source_skip_fn fn, void *ud);

/* Frees the source, closing open archives and files. NULL is a no-op. */
void hs_source_free(hs_source *s);

/* The next document into doc (closed first): HS_OK with doc->name,
 * doc->data and doc->format (NULL, or "docx" when data is a Word
 * document's XML); HS_DONE; or a failure for one item (HS_EIO, HS_EDATA,
 * HS_ELIMIT, HS_ENOMEM) with doc->name naming it (outer.zip!dir/x.txt)
 * and hs_source_errmsg saying why. Call again after a failure. */
hs_status hs_source_next(hs_source *s, hs_doc *doc);

/* With defer_reads, a file on disk whose first bytes say it is text comes
 * back from hs_source_next open and unread: doc->fd and doc->size set,
 * doc->data empty. hs_doc_read reads it whole (at most max bytes: see
 * hs_source_max_raw) and closes it; HS_OK at once for a document already
 * read. It touches only doc, so a worker thread can read while the source
 * goes on. On failure (HS_EIO, HS_ELIMIT, HS_ENOMEM) msg[0, cap) says why,
 * as hs_source_errmsg would have. */
hs_status hs_doc_read(hs_doc *doc, size_t max, char *msg, size_t cap);

/* The size cap of a raw document or member, in bytes. */
size_t hs_source_max_raw(const hs_source *s);

/* Why the last item failed. Borrowed until the next call; "" for NULL. */
const char *hs_source_errmsg(const hs_source *s);

/* Items skipped so far: not regular files, folders walked twice, archive
 * directories and links, known non-text files. 0 for NULL. */
size_t hs_source_skipped(const hs_source *s);

#endif
