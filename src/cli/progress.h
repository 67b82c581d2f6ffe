/* SPDX-License-Identifier: MIT */
/*
 * The progress line of long runs: on a terminal, `hanscan run` and `exec`
 * redraw one line on stderr (documents, facts or rows, failures, MB,
 * seconds, MB/s) from the first second on, at most four times a second,
 * and erase it before any other line goes to stderr and before the
 * summary. Only the thread that writes stderr touches it; no allocation,
 * no errors.
 * Test hook: the environment variable HANSCAN_PROGRESS_AFTER sets the
 * first second (0: from the start).
 */
#ifndef HS_CLI_PROGRESS_H
#define HS_CLI_PROGRESS_H

#include <stddef.h>

typedef struct hs_progress {
  const char *cmd;  /* the line's start, "hanscan" or "hanscan exec" */
  const char *rows; /* what the records are, "facts" or "rows" */
  int on;           /* stderr is a terminal and progress was not turned off */
  int shown;        /* a line is on the terminal now */
  double t0;        /* the run's start (hs_cli_now) */
  double next;      /* when the line may be drawn again */
} hs_progress;

/* Sets p up for a run started at t0; `want` 0 turns the line off. cmd
 * and rows are static strings (see the struct). */
void hs_progress_init(hs_progress *p, int want, double t0, const char *cmd,
                      const char *rows);

/* Draws the line when it is due (reads the clock only when it is on). */
void hs_progress_tick(hs_progress *p, size_t docs, size_t rows, size_t failed,
                      double bytes);

/* Erases the line if it is shown (call before writing to stderr). */
void hs_progress_clear(hs_progress *p);

#endif
