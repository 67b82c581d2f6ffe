/* SPDX-License-Identifier: MIT */
/*
 * Public header of the walk module: turns PATH arguments into documents in a
 * deterministic order. A PATH is a regular file, a folder (walked
 * recursively, entries sorted by byte-wise name, depth first, hidden entries
 * included) or "-" (all of standard input, named "-"). Symbolic links are
 * followed; a folder reached twice (link loop, duplicate argument) is
 * skipped. Entries that are neither regular files nor folders (fifos,
 * sockets, devices) are skipped and counted, not read.
 *
 * The walker is an iterator: each hs_walk_next call yields one document or
 * one failure (unreadable file, missing path, file over the size limit);
 * after a failure the caller reports it and calls hs_walk_next again, so a
 * bad path never stops the run. A broken symbolic link and a link loop are
 * failures with their own message. Memory: the pending paths of the folders
 * being walked (one sorted listing per open level) plus one document.
 * Errors and ownership follow src/base/status.h.
 */
#ifndef HS_WALK_H
#define HS_WALK_H

#include <stddef.h>

#include "../base/base.h"

/* One document: name and raw bytes, or (lazy walkers) an open file.
 * _init/_close; owned by the caller once hs_walk_next filled it
 * (hs_walk_next clears what was in it before). */
typedef struct hs_doc {
  char *name;         /* owned, NUL-terminated: the path as given or joined */
  hs_buf data;        /* raw bytes */
  int fd;             /* lazy walkers: the open file (owned), else -1 */
  long long size;     /* lazy walkers: its size in bytes, else -1 */
  const char *format; /* decoding hint for hs_decode_opts.format (static),
                         NULL: sniff */
} hs_doc;

void hs_doc_init(hs_doc *d);
void hs_doc_close(hs_doc *d); /* NULL is a no-op */

/* The data buffer a cleared document keeps (bytes of memory). */
#define HS_DOC_KEEP ((size_t)256 << 10)

/* Empties d for the next document as hs_doc_close does, but keeps its data
 * buffer when it is at most HS_DOC_KEEP: a loop over documents then
 * allocates once, not per document. NULL is a no-op. */
void hs_doc_clear(hs_doc *d);

typedef struct hs_walk hs_walk;

/* Default cap on one document's size (bytes); larger files fail with
 * HS_ELIMIT "file too large". */
#define HS_WALK_MAX_DOC ((size_t)1 << 30)

/* Creates a walker over paths[0..npaths) (copied; the array may be freed
 * afterwards). max_doc 0 means HS_WALK_MAX_DOC. HS_ENOMEM, or HS_OK with
 * *out set. */
hs_status hs_walk_new(hs_walk **out, const char *const *paths, size_t npaths,
                      size_t max_doc);

/* Frees the walker. NULL is a no-op. */
void hs_walk_free(hs_walk *w);

/* Lazy mode: regular files are opened but not read; hs_walk_next sets
 * doc->fd (owned by doc, closed by hs_doc_close) and doc->size and leaves
 * doc->data empty, so that the caller can stream the file. "-" is still
 * read into doc->data. The size limit does not apply. NULL w: no-op. */
void hs_walk_set_lazy(hs_walk *w, int lazy);

/* Called for each entry skipped (not a regular file or folder, or a folder
 * already walked) with its path and a static reason; borrowed strings. */
typedef void (*hs_walk_skip_fn)(void *ud, const char *path, const char *why);

/* Sets the skip callback (NULL: none). NULL w: no-op. */
void hs_walk_set_notify(hs_walk *w, hs_walk_skip_fn fn, void *ud);

/* Produces the next document into *doc (its previous content is closed).
 * Returns HS_OK (doc->name and doc->data set), HS_DONE (no more documents;
 * doc empty), or a failure for one path: HS_EIO (missing, unreadable),
 * HS_ELIMIT (too large), HS_ENOMEM; then doc->name names the path and
 * hs_walk_errmsg() says why, and the next call continues with the next
 * path. w == NULL or doc == NULL gives HS_EFATAL. */
hs_status hs_walk_next(hs_walk *w, hs_doc *doc);

/* Detail of the last failure ("No such file or directory"), "" if none.
 * Borrowed until the next call on w; "" for NULL. */
const char *hs_walk_errmsg(const hs_walk *w);

/* Entries skipped because they were not regular files or folders (or were a
 * folder already walked). 0 for NULL. */
size_t hs_walk_skipped(const hs_walk *w);

#endif
