/* SPDX-License-Identifier: MIT */
/*
 * The CHECK macros shared by the C unit tests: each failed check prints
 * file:line and the expression, and the test's main returns check_report(),
 * which is nonzero when any check failed. Header-only on purpose: every test
 * is one executable built from one file.
 */
#ifndef HS_TEST_CHECK_H
#define HS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                            \
  do {                                                                         \
    check_count++;                                                             \
    if (!(cond)) {                                                             \
      check_failures++;                                                        \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

/* Compares a counted byte string with a C string, printing both if not
 * equal. */
#define CHECK_MEM(p, n, want)                                                  \
  do {                                                                         \
    check_count++;                                                             \
    const char *want_ = (want);                                                \
    size_t n_ = (n);                                                           \
    if (n_ != strlen(want_) || memcmp((p), want_, n_) != 0) {                  \
      check_failures++;                                                        \
      fprintf(stderr,                                                          \
              "%s:%d: CHECK_MEM failed:\n  got  [%.*s]\n  want [%s]\n",        \
              __FILE__, __LINE__, (int)n_, (const char *)(p), want_);          \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want) CHECK_MEM((got), strlen(got), (want))

static int check_report(const char *name) {
  if (check_failures > 0) {
    fprintf(stderr, "%s: %d of %d checks failed\n", name, check_failures,
            check_count);
    return 1;
  }
  printf("%s: %d checks passed\n", name, check_count);
  return 0;
}

#endif
