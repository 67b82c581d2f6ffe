/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the archive module. Fixtures are built in memory with
 * libarchive's writer: zip (deflate and store), tar.gz, a lone gzip stream,
 * a compression bomb, a member over the size cap, a bad CRC and truncated
 * input; reading from a pipe exercises the streaming path.
 */
#define _GNU_SOURCE
#include "archive/archive.h"
#include "check.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct member {
  const char *name; /* ending in '/': a directory */
  const char *data;
  size_t len; /* 0: strlen(data) */
} member;

/* Writes the members with format/filter into b. */
static void build(hs_buf *b, int format, int filter, const char *option,
                  const member *m, size_t n) {
  struct archive *w = archive_write_new();
  archive_write_set_format(w, format);
  if (filter != ARCHIVE_FILTER_NONE) archive_write_add_filter(w, filter);
  if (option != NULL) archive_write_set_options(w, option);
  archive_write_set_bytes_in_last_block(w, 1);
  size_t cap = 1 << 22, used = 0;
  char *out = malloc(cap);
  CHECK(archive_write_open_memory(w, out, cap, &used) == ARCHIVE_OK);
  for (size_t i = 0; i < n; i++) {
    struct archive_entry *e = archive_entry_new();
    size_t nl = strlen(m[i].name);
    size_t len = m[i].len ? m[i].len : strlen(m[i].data);
    archive_entry_set_pathname(e, m[i].name);
    if (m[i].name[nl - 1] == '/') {
      archive_entry_set_filetype(e, AE_IFDIR);
      archive_entry_set_perm(e, 0755);
      len = 0;
    } else {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_size(e, (la_int64_t)len);
    }
    CHECK(archive_write_header(w, e) == ARCHIVE_OK);
    if (len > 0)
      CHECK(archive_write_data(w, m[i].data, len) == (la_ssize_t)len);
    archive_entry_free(e);
  }
  CHECK(archive_write_close(w) == ARCHIVE_OK);
  archive_write_free(w);
  hs_buf_reset(b);
  hs_buf_append(b, out, used);
  free(out);
}

/* Lists the archive p[0..n): "name=data;" per member, "!name:msg;" per
 * failure. */
static void list(const void *p, size_t n, const hs_archive_limits *lim,
                 hs_buf *out) {
  hs_buf_reset(out);
  hs_archive *a = NULL;
  hs_status rc = hs_archive_open_memory(&a, p, n, lim);
  if (rc != HS_OK) {
    hs_buf_printf(out, "open:%s;", hs_archive_errmsg(a));
    hs_archive_free(a);
    return;
  }
  hs_buf data;
  hs_buf_init(&data);
  const char *name;
  int guard = 0;
  while ((rc = hs_archive_next(a, &data, &name)) != HS_DONE && guard++ < 20) {
    if (rc == HS_OK)
      hs_buf_printf(out, "%s=%.*s;", name, (int)data.len, data.data);
    else
      hs_buf_printf(out, "!%s:%d;", name ? name : "-", (int)rc);
  }
  hs_buf_printf(out, "skipped=%zu", hs_archive_skipped(a));
  hs_buf_close(&data);
  hs_archive_free(a);
}

static const member docs[] = {
    {"d/", "", 0},
    {"d/a.txt", "增长12%", 0},
    {"b.txt", "second", 0},
};

static void test_formats(void) {
  hs_buf b, out;
  hs_buf_init(&b);
  hs_buf_init(&out);
  build(&b, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, docs, 3);
  list(b.data, b.len, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "d/a.txt=增长12%;b.txt=second;skipped=1");
  build(&b, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, NULL, docs, 3);
  list(b.data, b.len, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "d/a.txt=增长12%;b.txt=second;skipped=1");
  static const int filters[] = {ARCHIVE_FILTER_BZIP2, ARCHIVE_FILTER_XZ,
                                ARCHIVE_FILTER_ZSTD, ARCHIVE_FILTER_NONE};
  for (size_t i = 0; i < 4; i++) {
    build(&b, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, filters[i], NULL, docs, 3);
    list(b.data, b.len, NULL, &out);
    CHECK_STR(hs_buf_cstr(&out), "d/a.txt=增长12%;b.txt=second;skipped=1");
  }
  /* a lone compressed stream is one raw member */
  build(&b, ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, NULL, docs + 1, 1);
  hs_archive *a = NULL;
  CHECK(hs_archive_open_memory(&a, b.data, b.len, NULL) == HS_OK);
  const char *name;
  CHECK(hs_archive_next(a, &out, &name) == HS_OK);
  CHECK(hs_archive_is_raw(a));
  CHECK_STR(hs_archive_format(a), "gz");
  CHECK_MEM(out.data, out.len, "增长12%");
  CHECK(hs_archive_next(a, &out, &name) == HS_DONE);
  CHECK(hs_archive_next(a, &out, &name) == HS_DONE);
  hs_archive_free(a);

  /* extract one member by name */
  build(&b, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, docs, 3);
  char msg[64];
  CHECK(hs_archive_extract(b.data, b.len, "b.txt", NULL, &out, msg,
                           sizeof msg) == HS_OK);
  CHECK_MEM(out.data, out.len, "second");
  CHECK(hs_archive_extract(b.data, b.len, "nope", NULL, &out, msg,
                           sizeof msg) == HS_DONE);
  hs_buf_close(&b);
  hs_buf_close(&out);
}

static void test_limits(void) {
  hs_buf b, out;
  hs_buf_init(&b);
  hs_buf_init(&out);
  size_t big = (size_t)8 << 20;
  char *zeros = calloc(1, big);
  member bomb[] = {{"bomb.txt", zeros, big}, {"after.txt", "ok", 0}};
  build(&b, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, bomb, 2);
  list(b.data, b.len, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "!bomb.txt:-2;after.txt=ok;skipped=0");
  hs_archive *a = NULL;
  const char *name;
  CHECK(hs_archive_open_memory(&a, b.data, b.len, NULL) == HS_OK);
  CHECK(hs_archive_next(a, &out, &name) == HS_ELIMIT);
  CHECK(strstr(hs_archive_errmsg(a), "compression bomb") != NULL);
  CHECK(out.len == 0);
  hs_archive_free(a);
  /* in a compressed stream the rest is behind the bomb */
  build(&b, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, NULL, bomb, 2);
  list(b.data, b.len, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "!bomb.txt:-2;!-:-5;skipped=0");
  /* a higher ratio lets it through */
  hs_archive_limits lim = {0, 100000, 0};
  list(b.data, b.len, &lim, &out);
  CHECK(strstr(hs_buf_cstr(&out), "after.txt=ok;") != NULL);
  /* the size cap, known from the header or found while reading */
  lim.max_member = 4;
  lim.max_ratio = 0;
  build(&b, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL, docs, 3);
  list(b.data, b.len, &lim, &out);
  CHECK_STR(hs_buf_cstr(&out), "!d/a.txt:-2;!b.txt:-2;skipped=1");
  free(zeros);
  hs_buf_close(&b);
  hs_buf_close(&out);
}

static void test_corrupt(void) {
  hs_buf b, out;
  hs_buf_init(&b);
  hs_buf_init(&out);
  member m[] = {{"a.txt", "abcdefgh", 0}, {"b.txt", "second", 0}};
  build(&b, ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, "zip:compression=store", m,
        2);
  char *p = memmem(b.data, b.len, "abcdefgh", 8);
  CHECK(p != NULL);
  if (p != NULL) p[3] = 'X'; /* the CRC no longer matches */
  list(b.data, b.len, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "!a.txt:-1;b.txt=second;skipped=0");
  hs_archive *a = NULL;
  const char *name;
  CHECK(hs_archive_open_memory(&a, b.data, b.len, NULL) == HS_OK);
  CHECK(hs_archive_next(a, &out, &name) == HS_EDATA);
  CHECK(strstr(hs_archive_errmsg(a), "CRC") != NULL);
  hs_archive_free(a);

  /* truncated tar.gz: what was read stays read, then a failure */
  static char text[200000]; /* incompressible, so truncation bites late */
  unsigned x = 1;
  for (size_t i = 0; i < sizeof text; i++) {
    x = x * 1103515245u + 12345u;
    text[i] = (char)('a' + (x >> 16) % 26);
  }
  member t[] = {{"a.txt", "first", 0}, {"b.txt", text, sizeof text}};
  build(&b, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, NULL, t, 2);
  list(b.data, b.len * 2 / 3, NULL, &out);
  CHECK(strstr(hs_buf_cstr(&out), "a.txt=first;") == out.data);
  CHECK(strstr(hs_buf_cstr(&out), "!b.txt:") != NULL);
  /* a damaged gzip header: no archive, said so */
  list("\x1F\x8B\x08garbage", 10, NULL, &out);
  CHECK_STR(hs_buf_cstr(&out), "!-:-5;skipped=0");
  list("", 0, NULL, &out);
  CHECK(out.len > 0); /* no crash on empty input */
  hs_buf_close(&b);
  hs_buf_close(&out);
}

/* A header that cannot be read after a skipped directory: the failure names
 * no member. (Found by tests/fuzz/fuzz_source.c: the name handed out was the
 * directory's, which reading the next header had freed.) */
static void test_fatal_after_skip(void) {
  hs_buf b, out;
  hs_buf_init(&b);
  hs_buf_init(&out);
  member m[] = {{"d/", "", 0}, {"d/a.txt", "text", 0}};
  build(&b, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, NULL, m, 2);
  CHECK(b.len > 1024);
  list(b.data, 512 + 100, NULL, &out); /* cut in the second header */
  CHECK_STR(hs_buf_cstr(&out), "!-:-5;skipped=1");
  hs_buf_close(&b);
  hs_buf_close(&out);
}

static void test_fd_and_null(void) {
  hs_buf b, out;
  hs_buf_init(&b);
  hs_buf_init(&out);
  build(&b, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_XZ, NULL, docs, 3);
  int fds[2];
  CHECK(pipe(fds) == 0);
  CHECK(write(fds[1], b.data, b.len) == (ssize_t)b.len); /* < pipe buffer */
  close(fds[1]);
  hs_archive *a = NULL;
  const char *name;
  CHECK(hs_archive_open_fd(&a, fds[0], NULL) == HS_OK);
  CHECK(hs_archive_next(a, &out, &name) == HS_OK);
  CHECK_STR(name, "d/a.txt");
  CHECK_STR(hs_archive_format(a), "tar.xz");
  CHECK(hs_archive_next(a, &out, &name) == HS_OK);
  CHECK_MEM(out.data, out.len, "second");
  CHECK(hs_archive_next(a, &out, &name) == HS_DONE);
  CHECK(hs_archive_skipped(a) == 1);
  hs_archive_free(a);
  close(fds[0]);

  CHECK(hs_archive_next(NULL, &out, &name) == HS_EFATAL);
  CHECK_STR(hs_archive_errmsg(NULL), "");
  CHECK_STR(hs_archive_format(NULL), "");
  CHECK(hs_archive_skipped(NULL) == 0 && !hs_archive_is_raw(NULL));
  CHECK(hs_archive_open_memory(NULL, "", 0, NULL) == HS_EFATAL);
  hs_archive_free(NULL);
  hs_buf_close(&b);
  hs_buf_close(&out);
}

int main(void) {
  test_formats();
  test_limits();
  test_corrupt();
  test_fatal_after_skip();
  test_fd_and_null();
  return check_report("test_archive");
}
