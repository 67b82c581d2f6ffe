/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: any bytes as one input file of `hanscan run`, through
 * the document source (sniffing, zip, tar and compressed streams by
 * libarchive, archives nested in memory, docx, the size and depth limits).
 * Every document or failure it yields is taken; nothing is decoded (see
 * fuzz_pipeline.c for that). The bytes go to a memfd opened by its
 * /proc/self/fd path, as a file on disk would be. Built by `make fuzz`.
 */
#define _GNU_SOURCE /* memfd_create */
#include "cli/cli_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_skip(void *ud, const char *name, const char *why) {
  (void)name;
  (void)why;
  ++*(size_t *)ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = memfd_create("fuzz", MFD_CLOEXEC);
  if (fd < 0) abort();
  size_t off = 0;
  while (off < size) {
    ssize_t k = write(fd, data + off, size - off);
    if (k <= 0) abort();
    off += (size_t)k;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  const char *paths[] = {path};
  /* small limits, so that bombs and deep nesting are reached quickly */
  hs_source_opts o = {1 << 20, 4, 0};
  size_t skipped = 0;
  hs_source *s = NULL;
  if (hs_source_new(&s, paths, 1, &o, on_skip, &skipped) != HS_OK) abort();
  hs_doc doc;
  hs_doc_init(&doc);
  for (int i = 0; i < 10000; i++) {
    hs_status rc = hs_source_next(s, &doc);
    if (rc == HS_DONE) break;
    if (rc == HS_OK) {
      char msg[256];
      (void)hs_doc_read(&doc, hs_source_max_raw(s), msg, sizeof msg);
    }
  }
  hs_doc_close(&doc);
  hs_source_free(s);
  close(fd);
  return 0;
}
