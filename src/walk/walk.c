/* SPDX-License-Identifier: MIT */
/*
 * Depth-first walk over PATH arguments with an explicit stack of pending
 * paths. A folder is listed once, its names pushed and sorted with strcmp,
 * last name first, so they pop in order; the stack therefore holds at most the
 * unvisited siblings along the current branch. Folders already walked are
 * remembered by (device, inode) in a small open-addressing set so that link
 * loops end.
 */
#define _POSIX_C_SOURCE 200809L
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A pending path; reg: its folder listing said it is a regular file
 * (d_type), so that a lazy walk can open it without a stat first; base:
 * where its name starts (after its folder's path), for sorting. */
typedef struct pending {
  char *path; /* owned */
  unsigned reg : 1;
  unsigned base : 31;
} pending;

typedef struct dirkey {
  dev_t dev;
  ino_t ino;
  int used;
} dirkey;

struct hs_walk {
  pending *stack; /* top is stack[n - 1] */
  size_t n, cap;
  dirkey *seen; /* open addressing, cap a power of two */
  size_t nseen, capseen;
  size_t max_doc;
  size_t skipped;
  int lazy;
  /* the folder listed last, kept open so that its files are opened by
   * name in it (openat), not by walking their whole path again: */
  int dirfd;     /* -1: none */
  char *dirpath; /* its path as joined, owned */
  size_t dirlen; /* the length of the prefix join gives its entries */
  hs_walk_skip_fn notify;
  void *notify_ud;
  char msg[256];
};

void hs_doc_init(hs_doc *d) {
  d->name = NULL;
  hs_buf_init(&d->data);
  d->fd = -1;
  d->size = -1;
  d->format = NULL;
}

void hs_doc_clear(hs_doc *d) {
  if (d == NULL) return;
  free(d->name);
  d->name = NULL;
  hs_buf_recycle(&d->data, HS_DOC_KEEP);
  if (d->fd >= 0) close(d->fd);
  d->fd = -1;
  d->size = -1;
  d->format = NULL;
}

void hs_doc_close(hs_doc *d) {
  if (d == NULL) return;
  hs_doc_clear(d);
  hs_buf_close(&d->data);
}

void hs_walk_set_lazy(hs_walk *w, int lazy) {
  if (w != NULL) w->lazy = lazy;
}

void hs_walk_set_notify(hs_walk *w, hs_walk_skip_fn fn, void *ud) {
  if (w == NULL) return;
  w->notify = fn;
  w->notify_ud = ud;
}

static void skip(hs_walk *w, const char *path, const char *why) {
  w->skipped++;
  if (w->notify != NULL) w->notify(w->notify_ud, path, why);
}

static hs_status push(hs_walk *w, pending p) {
  if (w->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 16;
    pending *s = realloc(w->stack, cap * sizeof *s);
    if (s == NULL) return HS_ENOMEM;
    w->stack = s;
    w->cap = cap;
  }
  w->stack[w->n++] = p;
  return HS_OK;
}

static size_t hash_key(dev_t dev, ino_t ino) {
  uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ULL ^ (uint64_t)dev;
  return (size_t)(h ^ (h >> 29));
}

/* 1 if (dev, ino) was already seen, else adds it and returns 0; -1 on
 * allocation failure. */
static int seen_add(hs_walk *w, dev_t dev, ino_t ino) {
  if (2 * (w->nseen + 1) > w->capseen) {
    size_t cap = w->capseen ? w->capseen * 2 : 64;
    dirkey *t = calloc(cap, sizeof *t);
    if (t == NULL) return -1;
    for (size_t i = 0; i < w->capseen; i++) {
      if (!w->seen[i].used) continue;
      size_t j = hash_key(w->seen[i].dev, w->seen[i].ino) & (cap - 1);
      while (t[j].used)
        j = (j + 1) & (cap - 1);
      t[j] = w->seen[i];
    }
    free(w->seen);
    w->seen = t;
    w->capseen = cap;
  }
  size_t j = hash_key(dev, ino) & (w->capseen - 1);
  while (w->seen[j].used) {
    if (w->seen[j].dev == dev && w->seen[j].ino == ino) return 1;
    j = (j + 1) & (w->capseen - 1);
  }
  w->seen[j].dev = dev;
  w->seen[j].ino = ino;
  w->seen[j].used = 1;
  w->nseen++;
  return 0;
}

hs_status hs_walk_new(hs_walk **out, const char *const *paths, size_t npaths,
                      size_t max_doc) {
  *out = NULL;
  hs_walk *w = calloc(1, sizeof *w);
  if (w == NULL) return HS_ENOMEM;
  w->max_doc = max_doc ? max_doc : HS_WALK_MAX_DOC;
  w->dirfd = -1;
  for (size_t i = npaths; i-- > 0;) {
    char *p = strdup(paths[i]);
    if (p == NULL || push(w, (pending){p, 0, 0}) != HS_OK) {
      free(p);
      hs_walk_free(w);
      return HS_ENOMEM;
    }
  }
  *out = w;
  return HS_OK;
}

void hs_walk_free(hs_walk *w) {
  if (w == NULL) return;
  for (size_t i = 0; i < w->n; i++)
    free(w->stack[i].path);
  free(w->stack);
  free(w->seen);
  if (w->dirfd >= 0) close(w->dirfd);
  free(w->dirpath);
  free(w);
}

const char *hs_walk_errmsg(const hs_walk *w) {
  return w == NULL ? "" : w->msg;
}

size_t hs_walk_skipped(const hs_walk *w) {
  return w == NULL ? 0 : w->skipped;
}

/* Last name first: entries of one folder, by name (their folder's path,
 * the same for all, is not compared again). */
static int cmp_names_desc(const void *a, const void *b) {
  const pending *x = a, *y = b;
  return strcmp(y->path + y->base, x->path + x->base);
}

/* The length of the prefix join gives the entries of folder `dir`: its
 * path and a slash, unless it ends in one. */
static size_t prefix_len(const char *dir) {
  size_t a = strlen(dir);
  return a + (a > 0 && dir[a - 1] != '/');
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), pre = prefix_len(dir), b = strlen(name);
  char *p = malloc(pre + b + 1);
  if (p == NULL) return NULL;
  memcpy(p, dir, a);
  if (pre > a) p[a] = '/';
  memcpy(p + pre, name, b + 1);
  return p;
}

/* Keeps folder `path` (open as fd, which stays the caller's) as the one
 * whose files open by name; on failure, none is kept. */
static void keep_dir(hs_walk *w, const char *path, int fd) {
  if (w->dirfd >= 0) close(w->dirfd);
  free(w->dirpath);
  w->dirfd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
  w->dirpath = w->dirfd >= 0 ? strdup(path) : NULL;
  if (w->dirpath == NULL && w->dirfd >= 0) {
    close(w->dirfd);
    w->dirfd = -1;
  }
  w->dirlen = prefix_len(path);
}

/* Opens path for reading: by its name in the folder kept by keep_dir when
 * it is an entry of that folder, else by its path. */
static int open_entry(hs_walk *w, const char *path, int flags) {
  if (w->dirfd >= 0 && w->dirlen > 0 &&
      strncmp(path, w->dirpath, w->dirlen - 1) == 0 &&
      path[w->dirlen - 1] == '/' && strchr(path + w->dirlen, '/') == NULL)
    return openat(w->dirfd, path + w->dirlen, flags);
  return open(path, flags);
}

/* Lists folder `path` and pushes its entries onto the stack, sorted last
 * name first so that they pop in name order. */
static hs_status list_dir(hs_walk *w, const char *path) {
  DIR *d = opendir(path);
  if (d == NULL) {
    snprintf(w->msg, sizeof w->msg, "%s", strerror(errno));
    return HS_EIO;
  }
  size_t first = w->n; /* the entries go to stack[first..n) */
  unsigned base = (unsigned)prefix_len(path);
  hs_status rc = HS_OK;
  struct dirent *e;
  while ((errno = 0, e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    pending p = {join(path, e->d_name), 0, base};
#ifdef _DIRENT_HAVE_D_TYPE
    p.reg = e->d_type == DT_REG;
#endif
    if (p.path == NULL || push(w, p) != HS_OK) {
      free(p.path);
      rc = HS_ENOMEM;
      break;
    }
  }
  if (rc == HS_OK && errno != 0) {
    snprintf(w->msg, sizeof w->msg, "%s", strerror(errno));
    rc = HS_EIO;
  }
  if (rc != HS_OK) { /* none of this folder's entries stays pending */
    while (w->n > first)
      free(w->stack[--w->n].path);
  } else if (w->n - first > 1) {
    qsort(w->stack + first, w->n - first, sizeof *w->stack, cmp_names_desc);
  }
  if (rc == HS_OK) keep_dir(w, path, dirfd(d));
  closedir(d);
  if (rc == HS_ENOMEM) snprintf(w->msg, sizeof w->msg, "out of memory");
  return rc;
}

/* Reads all of fd into buf, failing with HS_ELIMIT past max bytes. */
static hs_status read_all(hs_walk *w, int fd, hs_buf *buf) {
  for (;;) {
    hs_status rc = hs_buf_reserve(buf, 65536);
    if (rc != HS_OK) {
      snprintf(w->msg, sizeof w->msg, "out of memory");
      return rc;
    }
    ssize_t k = read(fd, buf->data + buf->len, buf->cap - buf->len - 1);
    if (k < 0) {
      if (errno == EINTR) continue;
      snprintf(w->msg, sizeof w->msg, "%s", strerror(errno));
      return HS_EIO;
    }
    if (k == 0) break;
    buf->len += (size_t)k;
    buf->data[buf->len] = '\0';
    if (buf->len > w->max_doc) {
      snprintf(w->msg, sizeof w->msg, "file too large (over %zu bytes)",
               w->max_doc);
      return HS_ELIMIT;
    }
  }
  return HS_OK;
}

hs_status hs_walk_next(hs_walk *w, hs_doc *doc) {
  if (w == NULL || doc == NULL) return HS_EFATAL;
  hs_doc_clear(doc);
  w->msg[0] = '\0';
  while (w->n > 0) {
    pending top = w->stack[--w->n];
    char *path = top.path;
    doc->name = path; /* owned by doc from here on */
    if (strcmp(path, "-") == 0) {
      return read_all(w, STDIN_FILENO, &doc->data);
    }
    if (w->lazy && top.reg) {
      /* listed as a regular file: opened first and checked after, one path
       * lookup instead of two; O_NONBLOCK in case it became a fifo since */
      int fd =
          open_entry(w, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
      struct stat fst;
      if (fd >= 0 && fstat(fd, &fst) == 0 && S_ISREG(fst.st_mode)) {
        doc->fd = fd;
        doc->size = (long long)fst.st_size;
        return HS_OK;
      }
      if (fd >= 0) close(fd); /* not a regular file after all: as below */
    }
    struct stat st;
    if (stat(path, &st) != 0) {
      int err = errno;
      struct stat lst;
      if (err == ELOOP)
        snprintf(w->msg, sizeof w->msg, "symbolic link loop (%s)",
                 strerror(err));
      else if (err == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        snprintf(w->msg, sizeof w->msg,
                 "broken symbolic link (its target does not exist)");
      else
        snprintf(w->msg, sizeof w->msg, "%s", strerror(err));
      return HS_EIO;
    }
    if (S_ISDIR(st.st_mode)) {
      int r = seen_add(w, st.st_dev, st.st_ino);
      if (r < 0) {
        snprintf(w->msg, sizeof w->msg, "out of memory");
        return HS_ENOMEM;
      }
      if (r > 0) {
        skip(w, path, "folder already walked (link loop or repeated path)");
        hs_doc_clear(doc);
        continue;
      }
      hs_status rc = list_dir(w, path);
      if (rc != HS_OK) return rc;
      hs_doc_clear(doc);
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      skip(w, path, "not a regular file or folder");
      hs_doc_clear(doc);
      continue;
    }
    if (w->lazy) {
      doc->fd = open(path, O_RDONLY | O_CLOEXEC);
      if (doc->fd < 0) {
        snprintf(w->msg, sizeof w->msg, "%s", strerror(errno));
        return HS_EIO;
      }
      doc->size = (long long)st.st_size;
      return HS_OK;
    }
    if ((size_t)st.st_size > w->max_doc) {
      snprintf(w->msg, sizeof w->msg, "file too large (%lld bytes, limit %zu)",
               (long long)st.st_size, w->max_doc);
      return HS_ELIMIT;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      snprintf(w->msg, sizeof w->msg, "%s", strerror(errno));
      return HS_EIO;
    }
    hs_status rc = hs_buf_reserve(&doc->data, (size_t)st.st_size);
    if (rc == HS_OK) rc = read_all(w, fd, &doc->data);
    close(fd);
    return rc;
  }
  return HS_DONE;
}
