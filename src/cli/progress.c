/* SPDX-License-Identifier: MIT */
/* The progress line (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"

#define FIRST_AFTER 1.0 /* seconds before the first line */
#define EVERY       0.25

void hs_progress_init(hs_progress *p, int want, double t0, const char *cmd,
                      const char *rows) {
  p->cmd = cmd;
  p->rows = rows;
  p->on = want && isatty(STDERR_FILENO);
  p->shown = 0;
  p->t0 = t0;
  double after = FIRST_AFTER;
  const char *e = getenv("HANSCAN_PROGRESS_AFTER");
  if (e != NULL && *e != '\0') after = atof(e);
  p->next = t0 + (after > 0 ? after : 0);
}

void hs_progress_tick(hs_progress *p, size_t docs, size_t rows, size_t failed,
                      double bytes) {
  if (!p->on) return;
  double now = hs_cli_now();
  if (now < p->next) return;
  double secs = now - p->t0;
  /* "\r" back to the line's start, ESC[K erases what a longer line left */
  fprintf(stderr,
          "\r%s: %zu documents, %zu %s, %zu failed, %.2f MB, %.1f s, "
          "%.1f MB/s\033[K",
          p->cmd, docs, rows, p->rows, failed, bytes / 1e6, secs,
          secs > 0 ? bytes / 1e6 / secs : 0.0);
  fflush(stderr);
  p->shown = 1;
  p->next = now + EVERY;
}

void hs_progress_clear(hs_progress *p) {
  if (!p->shown) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  p->shown = 0;
}
