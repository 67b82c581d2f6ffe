/* SPDX-License-Identifier: MIT */
/*
 * The progress line of long runs: on a terminal, `hanscan run` redraws one
 * line on stderr (documents, facts, failures, MB, seconds, MB/s) from the
 * first second on, at most four times a second, and erases it before any
 * other line goes to stderr and before the summary. Only the thread that
 * writes stderr (run's main thread) touches it; no allocation, no errors.
 * Test hook: the environment variable HANSCAN_PROGRESS_AFTER sets the
 * first second (0: from the start).
 */
#ifndef HS_CLI_PROGRESS_H
#define HS_CLI_PROGRESS_H

#include <stddef.h>

typedef struct hs_progress {
  int on;      /* stderr is a terminal and progress was not turned off */
  int shown;   /* a line is on the terminal now */
  double t0;   /* the run's start (hs_cli_now) */
  double next; /* when the line may be drawn again */
} hs_progress;

/* Sets p up for a run started at t0; `want` 0 turns the line off. */
void hs_progress_init(hs_progress *p, int want, double t0);

/* Draws the line when it is due (at `now`). */
void hs_progress_tick(hs_progress *p, double now, size_t docs, size_t facts,
                      size_t failed, double bytes);

/* Erases the line if it is shown (call before writing to stderr). */
void hs_progress_clear(hs_progress *p);

#endif
