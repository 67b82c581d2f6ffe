/* SPDX-License-Identifier: MIT */
/*
 * The document source (see cli_int.h). A stack of open archives sits on
 * top of the walker: the innermost archive is read first, and a member that
 * is itself an archive is pushed, reading from its own bytes in memory.
 * Files on disk that are archives are streamed from their descriptor; all
 * other files are read whole (they are one document). Memory: one member
 * per open level plus the blobs of nested archives, each bounded by the
 * member size cap; nesting is bounded by max_depth. (An archive on disk of
 * up to SMALL_FILE bytes is read into memory like a nested one.)
 */
#define _GNU_SOURCE
#include "cli_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../archive/archive.h"
#include "../decode/decode.h"

#define HEAD ((size_t)4096)
#define TAIL ((size_t)65536)

typedef struct frame {
  hs_archive *a;
  char *name;  /* the container's full name, owned */
  hs_buf blob; /* nested: the bytes a reads (owned); empty for files */
  int fd;      /* top level: the file a streams (owned), else -1 */
  int depth;   /* 1 for an archive on disk or stdin */
} frame;

struct hs_source {
  hs_walk *w;
  frame *frames;
  size_t n, cap;
  hs_buf member; /* scratch for the member being read */
  hs_archive_limits lim;
  size_t max_size;
  int max_depth;
  int defer; /* hs_source_opts.defer_reads */
  size_t skipped;
  hs_source_skip_fn notify;
  void *ud;
  char msg[320];
};

/*{====================================================================
 * Life cycle
 *====================================================================}*/

static void walk_skip(void *ud, const char *path, const char *why) {
  hs_source *s = ud;
  if (s->notify != NULL) s->notify(s->ud, path, why);
}

hs_status hs_source_new(hs_source **out, const char *const *paths,
                        size_t npaths, const hs_source_opts *o,
                        hs_source_skip_fn fn, void *ud) {
  *out = NULL;
  hs_source *s = calloc(1, sizeof *s);
  if (s == NULL) return HS_ENOMEM;
  s->max_size = o != NULL && o->max_size ? o->max_size : HS_DECODE_MAX_SIZE;
  s->max_depth = o != NULL && o->max_depth ? o->max_depth : HS_SOURCE_MAX_DEPTH;
  s->defer = o != NULL && o->defer_reads;
  size_t raw_cap =
      s->max_size > ((size_t)-1 - 4) / 2 ? (size_t)-1 / 2 : s->max_size * 2 + 4;
  s->lim.max_member = raw_cap;
  s->notify = fn;
  s->ud = ud;
  hs_buf_init(&s->member);
  if (hs_walk_new(&s->w, paths, npaths, raw_cap) != HS_OK) {
    free(s);
    return HS_ENOMEM;
  }
  hs_walk_set_lazy(s->w, 1);
  hs_walk_set_notify(s->w, walk_skip, s);
  *out = s;
  return HS_OK;
}

static void pop(hs_source *s) {
  frame *f = &s->frames[--s->n];
  s->skipped += hs_archive_skipped(f->a);
  hs_archive_free(f->a);
  free(f->name);
  hs_buf_close(&f->blob);
  if (f->fd >= 0) close(f->fd);
}

void hs_source_free(hs_source *s) {
  if (s == NULL) return;
  while (s->n > 0)
    pop(s);
  free(s->frames);
  hs_buf_close(&s->member);
  hs_walk_free(s->w);
  free(s);
}

const char *hs_source_errmsg(const hs_source *s) {
  return s == NULL ? "" : s->msg;
}

size_t hs_source_skipped(const hs_source *s) {
  if (s == NULL) return 0;
  size_t k = s->skipped + hs_walk_skipped(s->w);
  for (size_t i = 0; i < s->n; i++)
    k += hs_archive_skipped(s->frames[i].a);
  return k;
}

/*{====================================================================
 * Classifying blobs
 *====================================================================}*/

static hs_status fail(hs_source *s, hs_status rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static hs_status fail(hs_source *s, hs_status rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg, sizeof s->msg, fmt, ap);
  va_end(ap);
  return rc;
}

static void skip(hs_source *s, const char *name, const char *why) {
  s->skipped++;
  if (s->notify != NULL) s->notify(s->ud, name, why);
}

/* Pushes an archive frame. name is owned by the frame from here on; so are
 * blob's bytes (swapped out of *blob) and fd. On failure everything given
 * is freed and the reason is in s->msg. */
static hs_status push(hs_source *s, char *name, hs_buf *blob, int fd,
                      int depth) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4;
    frame *f = realloc(s->frames, cap * sizeof *f);
    if (f == NULL) {
      free(name);
      if (fd >= 0) close(fd);
      return fail(s, HS_ENOMEM, "out of memory");
    }
    s->frames = f;
    s->cap = cap;
  }
  frame *f = &s->frames[s->n];
  f->name = name;
  f->fd = fd;
  f->depth = depth;
  hs_buf_init(&f->blob);
  f->a = NULL;
  hs_status rc;
  if (blob != NULL) {
    hs_buf_swap(&f->blob, blob);
    rc = hs_archive_open_memory(&f->a, f->blob.data, f->blob.len, &s->lim);
  } else {
    rc = hs_archive_open_fd(&f->a, fd, &s->lim);
  }
  s->n++;
  if (rc != HS_OK) {
    fail(s, rc == HS_ENOMEM ? HS_ENOMEM : HS_EDATA, "%s",
         f->a != NULL ? hs_archive_errmsg(f->a) : "out of memory");
    pop(s);
    return rc == HS_ENOMEM ? HS_ENOMEM : HS_EDATA;
  }
  return HS_OK;
}

/* Replaces doc->data (a Word file) by its word/document.xml. */
static hs_status docx_xml(hs_source *s, hs_doc *doc) {
  char m[200];
  hs_status rc =
      hs_archive_extract(doc->data.data, doc->data.len, "word/document.xml",
                         &s->lim, &s->member, m, sizeof m);
  if (rc == HS_DONE)
    return fail(s, HS_EDATA, "Word file without word/document.xml");
  if (rc != HS_OK) return fail(s, rc, "Word file: %s", m);
  hs_buf_swap(&doc->data, &s->member);
  hs_buf_reset(&s->member);
  doc->format = "docx";
  return HS_OK;
}

/* Decides what the blob in *blob named `name` (owned, handed over) at
 * nesting depth `depth` is. HS_OK: doc is a document; HS_DONE: consumed
 * (pushed or skipped), read on; else a failure with doc->name set. */
static hs_status classify(hs_source *s, hs_doc *doc, char *name, hs_buf *blob,
                          int depth) {
  const char *what;
  hs_kind k = hs_sniff(blob->data, blob->len, &what);
  if (k == HS_KIND_SKIP) {
    skip(s, name, what);
    free(name);
    return HS_DONE;
  }
  if (hs_kind_is_archive(k)) {
    if (depth + 1 > s->max_depth) {
      doc->name = name;
      return fail(s, HS_ELIMIT, "%s nested too deep (limit %d)", what,
                  s->max_depth);
    }
    char *copy = strdup(name);
    if (copy == NULL) {
      doc->name = name;
      return fail(s, HS_ENOMEM, "out of memory");
    }
    hs_status rc = push(s, copy, blob, -1, depth + 1);
    if (rc != HS_OK) {
      doc->name = name;
      return rc;
    }
    free(name);
    return HS_DONE;
  }
  doc->name = name;
  hs_buf_swap(&doc->data, blob);
  hs_buf_reset(blob);
  if (k == HS_KIND_EMPTY) return fail(s, HS_EDATA, "empty document");
  if (k == HS_KIND_DOCX) return docx_xml(s, doc);
  return HS_OK;
}

/* classify for a document read whole into doc->data at the top level (a
 * small file, standard input). */
static hs_status classify_read(hs_source *s, hs_doc *doc) {
  char *name = doc->name;
  doc->name = NULL;
  hs_buf blob = doc->data;
  hs_buf_init(&doc->data);
  hs_status rc = classify(s, doc, name, &blob, 0);
  hs_buf_close(&blob);
  return rc;
}

/*{====================================================================
 * Files
 *====================================================================}*/

/* Reads all of fd into out (size: what stat said, or -1), failing past max
 * bytes; the reason in msg[0, cap). Touches nothing but its arguments, so
 * that workers can call it through hs_doc_read. */
static hs_status read_whole(int fd, hs_buf *out, long long size, size_t max,
                            char *msg, size_t cap) {
  /* room for the whole file and one byte more, so that the read that
   * meets the end needs no growth: a 10 KB file takes a 16 KB buffer, not
   * one of 128 KB (which malloc would map and unmap for every document) */
  hs_status rc = hs_buf_reserve(out, size > 0 ? (size_t)size + 1 : 4096);
  for (;;) {
    if (rc == HS_OK && out->cap - out->len - 1 == 0) /* grew, or a pipe */
      rc = hs_buf_reserve(out, 65536);
    if (rc != HS_OK) {
      snprintf(msg, cap, "out of memory");
      return rc;
    }
    size_t want = out->cap - out->len - 1;
    ssize_t k = read(fd, out->data + out->len, want);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      snprintf(msg, cap, "%s", strerror(errno));
      return HS_EIO;
    }
    if (k == 0) return HS_OK;
    out->len += (size_t)k;
    out->data[out->len] = '\0';
    if (out->len > max) {
      snprintf(msg, cap, "file over the size limit");
      return HS_ELIMIT;
    }
    /* a short read that brought the file to the size stat gave is its
     * end: no second read to hear it */
    if ((size_t)k < want && size > 0 && out->len == (size_t)size) return HS_OK;
  }
}

static hs_status read_fd(hs_source *s, int fd, hs_buf *out, long long size) {
  return read_whole(fd, out, size, s->lim.max_member, s->msg, sizeof s->msg);
}

hs_status hs_doc_read(hs_doc *doc, size_t max, char *msg, size_t cap) {
  if (doc->fd < 0) return HS_OK;
  hs_status rc = read_whole(doc->fd, &doc->data, doc->size, max, msg, cap);
  close(doc->fd);
  doc->fd = -1;
  return rc;
}

size_t hs_source_max_raw(const hs_source *s) {
  return s->lim.max_member;
}

/* Files up to this size are read whole and then sniffed, in one read;
 * larger ones are sniffed first, so that an archive is streamed. */
#define SMALL_FILE ((long long)1 << 20)

/* A file from the walker (doc->fd open): a small file is read whole and
 * classified like a blob; of a larger one, an archive is pushed (streamed)
 * and anything else read whole. Same returns as classify. */
static hs_status open_file(hs_source *s, hs_doc *doc) {
  if (s->defer && doc->size > 0 && doc->size <= (long long)s->lim.max_member) {
    /* text, by its first bytes (every magic sits in the first 512), is
     * left open for hs_doc_read */
    unsigned char head[512];
    ssize_t hn = pread(doc->fd, head, sizeof head, 0);
    if (hn > 0 && hs_sniff(head, (size_t)hn, NULL) == HS_KIND_TEXT)
      return HS_OK;
  }
  if (doc->size > 0 && doc->size <= SMALL_FILE &&
      doc->size <= (long long)s->lim.max_member) {
    hs_status rc = read_fd(s, doc->fd, &doc->data, doc->size);
    close(doc->fd);
    doc->fd = -1;
    if (rc != HS_OK) return rc;
    return classify_read(s, doc); /* as standard input is */
  }
  unsigned char head[HEAD];
  ssize_t hn = pread(doc->fd, head, sizeof head, 0);
  if (hn < 0) return fail(s, HS_EIO, "%s", strerror(errno));
  const char *what;
  hs_kind k = hs_sniff(head, (size_t)hn, &what);
  if (k == HS_KIND_ZIP && doc->size > (long long)hn) {
    unsigned char *tail = malloc(TAIL);
    if (tail == NULL) return fail(s, HS_ENOMEM, "out of memory");
    long long off =
        doc->size > (long long)TAIL ? doc->size - (long long)TAIL : 0;
    ssize_t tn = pread(doc->fd, tail, TAIL, (off_t)off);
    if (tn > 0 && hs_sniff_docx(tail, (size_t)tn)) k = HS_KIND_DOCX;
    free(tail);
  }
  if (k == HS_KIND_SKIP) {
    skip(s, doc->name, what);
    return HS_DONE;
  }
  if (k == HS_KIND_EMPTY) return fail(s, HS_EDATA, "empty document");
  if (hs_kind_is_archive(k)) {
    char *name = strdup(doc->name);
    if (name == NULL) return fail(s, HS_ENOMEM, "out of memory");
    int fd = doc->fd;
    doc->fd = -1;
    return push(s, name, NULL, fd, 1) == HS_OK ? HS_DONE : HS_EDATA;
  }
  if (doc->size > (long long)s->lim.max_member) {
    return fail(s, HS_ELIMIT, "file of %lld bytes, over the size limit",
                doc->size);
  }
  hs_status rc = read_fd(s, doc->fd, &doc->data, doc->size);
  close(doc->fd);
  doc->fd = -1;
  if (rc != HS_OK) return rc;
  if (k == HS_KIND_DOCX) return docx_xml(s, doc);
  return HS_OK;
}

/*{====================================================================
 * Iteration
 *====================================================================}*/

/* The full name of member m of frame f (owned), or NULL. */
static char *member_name(const frame *f, const char *m) {
  if (m == NULL || hs_archive_is_raw(f->a)) return strdup(f->name);
  size_t a = strlen(f->name), b = strlen(m);
  char *p = malloc(a + b + 2);
  if (p == NULL) return NULL;
  memcpy(p, f->name, a);
  p[a] = '!';
  memcpy(p + a + 1, m, b + 1);
  return p;
}

hs_status hs_source_next(hs_source *s, hs_doc *doc) {
  if (s == NULL || doc == NULL) return HS_EFATAL;
  hs_doc_clear(doc);
  s->msg[0] = '\0';
  for (;;) {
    if (s->n > 0) {
      frame *f = &s->frames[s->n - 1];
      const char *m = NULL;
      hs_status rc = hs_archive_next(f->a, &s->member, &m);
      if (rc == HS_DONE) {
        pop(s);
        continue;
      }
      char *name = member_name(f, m);
      if (name == NULL) return fail(s, HS_ENOMEM, "out of memory");
      if (rc != HS_OK) {
        doc->name = name;
        fail(s, rc, "%s", hs_archive_errmsg(f->a));
        if (rc == HS_EFATAL) {
          pop(s);
          rc = HS_EDATA;
        }
        return rc;
      }
      rc = classify(s, doc, name, &s->member, f->depth);
      if (rc == HS_DONE) continue;
      return rc;
    }
    hs_status rc = hs_walk_next(s->w, doc);
    if (rc == HS_DONE) return rc;
    if (rc != HS_OK) return fail(s, rc, "%s", hs_walk_errmsg(s->w));
    if (doc->fd >= 0) {
      rc = open_file(s, doc);
    } else { /* stdin, read whole */
      rc = classify_read(s, doc);
    }
    if (rc == HS_DONE) {
      hs_doc_clear(doc);
      continue;
    }
    return rc;
  }
}
