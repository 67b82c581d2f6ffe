/* SPDX-License-Identifier: MIT */
/*
 * Members of archives through libarchive. Both sources (memory and file
 * descriptor) go through our own read callback that hands libarchive at
 * most BLOCK bytes at a time; the raw position libarchive reports
 * (archive_filter_bytes(ar, -1)) therefore follows the compressed bytes
 * actually consumed, within about one block, and the expansion ratio of a
 * member can be measured while it is being decompressed. Workload: one
 * member in memory at a time (bounded by max_member), plus libarchive's own
 * buffers.
 */
#define _POSIX_C_SOURCE 200809L
#include "archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK ((size_t)64 << 10)

struct hs_archive {
  struct archive *ar;
  /* source: memory (mem != NULL) or fd */
  const unsigned char *mem;
  size_t mem_len, mem_pos;
  int fd;
  unsigned char *block; /* fd reads land here; owned */
  hs_archive_limits lim;
  size_t skipped;
  int dead;   /* no more members */
  int opened; /* archive_read_open1 succeeded */
  const char *format;
  char fmtbuf[32];
  char msg[256];
};

/*{====================================================================
 * Client callbacks
 *====================================================================}*/

static la_ssize_t mem_read(struct archive *ar, void *ud, const void **buf) {
  (void)ar;
  hs_archive *a = ud;
  size_t k = a->mem_len - a->mem_pos;
  if (k > BLOCK) k = BLOCK;
  *buf = a->mem + a->mem_pos;
  a->mem_pos += k;
  return (la_ssize_t)k;
}

static la_int64_t mem_seek(struct archive *ar, void *ud, la_int64_t off,
                           int whence) {
  (void)ar;
  hs_archive *a = ud;
  la_int64_t base = whence == SEEK_SET   ? 0
                    : whence == SEEK_CUR ? (la_int64_t)a->mem_pos
                                         : (la_int64_t)a->mem_len;
  la_int64_t to = base + off;
  if (to < 0 || to > (la_int64_t)a->mem_len) return ARCHIVE_FATAL;
  a->mem_pos = (size_t)to;
  return to;
}

static la_int64_t mem_skip(struct archive *ar, void *ud, la_int64_t req) {
  (void)ar;
  hs_archive *a = ud;
  size_t left = a->mem_len - a->mem_pos;
  size_t k = req < 0 ? 0 : (size_t)req;
  if (k > left) k = left;
  a->mem_pos += k;
  return (la_int64_t)k;
}

static la_ssize_t fd_read(struct archive *ar, void *ud, const void **buf) {
  hs_archive *a = ud;
  for (;;) {
    ssize_t k = read(a->fd, a->block, BLOCK);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      archive_set_error(ar, errno, "read error: %s", strerror(errno));
      return ARCHIVE_FATAL;
    }
    *buf = a->block;
    return (la_ssize_t)k;
  }
}

static la_int64_t fd_seek(struct archive *ar, void *ud, la_int64_t off,
                          int whence) {
  (void)ar;
  hs_archive *a = ud;
  off_t r = lseek(a->fd, (off_t)off, whence);
  return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

/*{====================================================================
 * Open and free
 *====================================================================}*/

static hs_status start(hs_archive **out, const hs_archive_limits *lim) {
  *out = NULL;
  hs_archive *a = calloc(1, sizeof *a);
  if (a == NULL) return HS_ENOMEM;
  a->fd = -1;
  a->format = "";
  if (lim != NULL) a->lim = *lim;
  if (a->lim.max_member == 0) a->lim.max_member = HS_ARCHIVE_MAX_MEMBER;
  if (a->lim.max_ratio == 0) a->lim.max_ratio = HS_ARCHIVE_MAX_RATIO;
  if (a->lim.ratio_floor == 0) a->lim.ratio_floor = HS_ARCHIVE_RATIO_FLOOR;
  a->ar = archive_read_new();
  if (a->ar == NULL) {
    free(a);
    return HS_ENOMEM;
  }
  archive_read_support_filter_all(a->ar);
  archive_read_support_format_zip(a->ar);
  archive_read_support_format_tar(a->ar);
  archive_read_support_format_gnutar(a->ar);
  archive_read_support_format_raw(a->ar);
  archive_read_set_callback_data(a->ar, a);
  *out = a;
  return HS_OK;
}

static hs_status finish_open(hs_archive *a) {
  if (archive_read_open1(a->ar) != ARCHIVE_OK) {
    const char *m = archive_error_string(a->ar);
    snprintf(a->msg, sizeof a->msg, "cannot open archive: %s",
             m ? m : "unknown format");
    a->dead = 1;
    return HS_EDATA;
  }
  a->opened = 1;
  return HS_OK;
}

hs_status hs_archive_open_memory(hs_archive **out, const void *p, size_t n,
                                 const hs_archive_limits *lim) {
  if (out == NULL) return HS_EFATAL;
  hs_status rc = start(out, lim);
  if (rc != HS_OK) return rc;
  hs_archive *a = *out;
  a->mem = p != NULL ? p : (const unsigned char *)"";
  a->mem_len = p != NULL ? n : 0;
  archive_read_set_read_callback(a->ar, mem_read);
  archive_read_set_seek_callback(a->ar, mem_seek);
  archive_read_set_skip_callback(a->ar, mem_skip);
  return finish_open(a);
}

hs_status hs_archive_open_fd(hs_archive **out, int fd,
                             const hs_archive_limits *lim) {
  if (out == NULL) return HS_EFATAL;
  hs_status rc = start(out, lim);
  if (rc != HS_OK) return rc;
  hs_archive *a = *out;
  a->fd = fd;
  a->block = malloc(BLOCK);
  if (a->block == NULL) {
    hs_archive_free(a);
    *out = NULL;
    return HS_ENOMEM;
  }
  archive_read_set_read_callback(a->ar, fd_read);
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    archive_read_set_seek_callback(a->ar, fd_seek);
  return finish_open(a);
}

void hs_archive_free(hs_archive *a) {
  if (a == NULL) return;
  if (a->ar != NULL) archive_read_free(a->ar);
  free(a->block);
  free(a);
}

const char *hs_archive_errmsg(const hs_archive *a) {
  return a == NULL ? "" : a->msg;
}

int hs_archive_is_raw(const hs_archive *a) {
  return a != NULL && a->opened && archive_format(a->ar) == ARCHIVE_FORMAT_RAW;
}

size_t hs_archive_skipped(const hs_archive *a) {
  return a == NULL ? 0 : a->skipped;
}

const char *hs_archive_format(const hs_archive *a) {
  return a == NULL ? "" : a->format;
}

/*{====================================================================
 * Members
 *====================================================================}*/

/* Fills a->format from libarchive's format and outermost filter. */
static void name_format(hs_archive *a) {
  int base = archive_format(a->ar) & ARCHIVE_FORMAT_BASE_MASK;
  const char *f = base == ARCHIVE_FORMAT_ZIP   ? "zip"
                  : base == ARCHIVE_FORMAT_TAR ? "tar"
                                               : "";
  const char *z = "";
  switch (archive_filter_code(a->ar, 0)) {
    case ARCHIVE_FILTER_GZIP: z = "gz"; break;
    case ARCHIVE_FILTER_BZIP2: z = "bz2"; break;
    case ARCHIVE_FILTER_XZ: z = "xz"; break;
    case ARCHIVE_FILTER_ZSTD: z = "zst"; break;
    case ARCHIVE_FILTER_LZMA: z = "lzma"; break;
    case ARCHIVE_FILTER_COMPRESS: z = "Z"; break;
    case ARCHIVE_FILTER_LZ4: z = "lz4"; break;
    case ARCHIVE_FILTER_NONE: break;
    default: z = "compressed"; break;
  }
  snprintf(a->fmtbuf, sizeof a->fmtbuf, "%s%s%s", f, (*f && *z) ? "." : "", z);
  a->format = a->fmtbuf;
}

static void set_msg(hs_archive *a, const char *what) {
  const char *m = archive_error_string(a->ar);
  if (m != NULL && *m != '\0')
    snprintf(a->msg, sizeof a->msg, "%s: %s", what, m);
  else
    snprintf(a->msg, sizeof a->msg, "%s", what);
}

static int is_zip(hs_archive *a) {
  return (archive_format(a->ar) & ARCHIVE_FORMAT_BASE_MASK) ==
         ARCHIVE_FORMAT_ZIP;
}

static void human(char *out, size_t n, size_t bytes) {
  if (bytes >= ((size_t)1 << 20) && bytes % ((size_t)1 << 20) == 0)
    snprintf(out, n, "%zu MiB", bytes >> 20);
  else
    snprintf(out, n, "%zu bytes", bytes);
}

/* Reads the current member's data into `data` under the limits. */
static hs_status read_data(hs_archive *a, hs_buf *data) {
  la_int64_t in0 = archive_filter_bytes(a->ar, -1);
  char lim[32];
  human(lim, sizeof lim, a->lim.max_member);
  for (;;) {
    const void *buf;
    size_t size;
    la_int64_t off;
    int r = archive_read_data_block(a->ar, &buf, &size, &off);
    if (r == ARCHIVE_EOF) return HS_OK;
    if (r == ARCHIVE_FATAL) {
      set_msg(a, "archive is corrupt");
      a->dead = 1;
      return HS_EFATAL;
    }
    if (r != ARCHIVE_OK) {
      set_msg(a, "corrupt member");
      return HS_EDATA;
    }
    if (off < 0) off = (la_int64_t)data->len;
    size_t end = (size_t)off + size;
    if ((size_t)off > a->lim.max_member || end > a->lim.max_member) {
      snprintf(a->msg, sizeof a->msg, "member over the %s size limit", lim);
      return HS_ELIMIT;
    }
    if ((size_t)off > data->len) { /* sparse hole */
      size_t gap = (size_t)off - data->len;
      if (hs_buf_reserve(data, gap) != HS_OK) return HS_ENOMEM;
      memset(data->data + data->len, 0, gap);
      data->len += gap;
      data->data[data->len] = '\0';
    }
    data->len = (size_t)off; /* blocks never overlap; keep it simple */
    if (hs_buf_append(data, buf, size) != HS_OK) return HS_ENOMEM;
    la_int64_t used = archive_filter_bytes(a->ar, -1) - in0;
    if (used < 1) used = 1;
    if (data->len > a->lim.ratio_floor &&
        data->len / (size_t)used > a->lim.max_ratio) {
      snprintf(a->msg, sizeof a->msg,
               "compression bomb: %zu bytes from %lld compressed bytes "
               "(ratio over %u), not expanded further",
               data->len, (long long)used, a->lim.max_ratio);
      if (!is_zip(a)) a->dead = 2; /* stream: the rest is behind the bomb */
      return HS_ELIMIT;
    }
  }
}

/* The next regular member; with want != NULL, the next one named want. */
static hs_status next_member(hs_archive *a, hs_buf *data, const char **name,
                             const char *want) {
  if (a == NULL || data == NULL || name == NULL) return HS_EFATAL;
  *name = NULL;
  hs_buf_reset(data);
  a->msg[0] = '\0';
  if (a->dead == 2) {
    a->dead = 1;
    snprintf(a->msg, sizeof a->msg,
             "rest of the archive not read after a compression bomb");
    return HS_EFATAL;
  }
  if (a->dead) return HS_DONE;
  for (;;) {
    /* a name from the entry skipped before is freed by the next header */
    *name = NULL;
    struct archive_entry *e;
    int r = archive_read_next_header(a->ar, &e);
    if (*a->format == '\0' && r != ARCHIVE_FATAL) name_format(a);
    if (r == ARCHIVE_EOF) {
      a->dead = 1;
      return HS_DONE;
    }
    if (r == ARCHIVE_FATAL) {
      set_msg(a, "archive is corrupt");
      a->dead = 1;
      return HS_EFATAL;
    }
    if (archive_format(a->ar) == ARCHIVE_FORMAT_RAW &&
        archive_filter_code(a->ar, 0) == ARCHIVE_FILTER_NONE) {
      /* raw format takes any bytes: without a compression around them
       * this is no archive (or a damaged one) */
      snprintf(a->msg, sizeof a->msg,
               "not an archive or compressed stream (damaged header?)");
      a->dead = 1;
      return HS_EFATAL;
    }
    const char *nm = archive_entry_pathname_utf8(e);
    if (nm == NULL) nm = archive_entry_pathname(e);
    if (nm == NULL) nm = "?";
    *name = nm;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      set_msg(a, "unreadable member header");
      return HS_EDATA;
    }
    if (archive_entry_filetype(e) != AE_IFREG) {
      a->skipped++;
      continue;
    }
    if (want != NULL && strcmp(nm, want) != 0) continue;
    if (archive_entry_size_is_set(e) &&
        archive_entry_size(e) > (la_int64_t)a->lim.max_member) {
      char lim[32];
      human(lim, sizeof lim, a->lim.max_member);
      snprintf(a->msg, sizeof a->msg,
               "member of %lld bytes, over the %s size limit",
               (long long)archive_entry_size(e), lim);
      return HS_ELIMIT;
    }
    if (archive_entry_is_encrypted(e)) {
      snprintf(a->msg, sizeof a->msg, "encrypted member, not read");
      return HS_EDATA;
    }
    hs_status rc = read_data(a, data);
    if (rc != HS_OK) hs_buf_reset(data);
    return rc;
  }
}

hs_status hs_archive_next(hs_archive *a, hs_buf *data, const char **name) {
  return next_member(a, data, name, NULL);
}

hs_status hs_archive_extract(const void *p, size_t n, const char *member,
                             const hs_archive_limits *lim, hs_buf *data,
                             char *msg, size_t msgsize) {
  hs_archive *a = NULL;
  hs_status rc = hs_archive_open_memory(&a, p, n, lim);
  if (rc == HS_OK) {
    const char *nm;
    rc = next_member(a, data, &nm, member);
  }
  if (msg != NULL && msgsize > 0)
    snprintf(msg, msgsize, "%s", a != NULL ? a->msg : "out of memory");
  hs_archive_free(a);
  return rc;
}
