/* SPDX-License-Identifier: MIT */
/*
 * Traditional -> Simplified folding, one codepoint at a time. The table is
 * built once per process, on first use or early on a thread of its own
 * (hs_t2s_prefetch), from OpenCC's dictionaries: every codepoint
 * U+3400..U+9FFF is written on its own line and the whole list is
 * converted in one opencc_convert_utf8 call; a line that comes back as
 * exactly one different codepoint becomes an entry. Lines are independent
 * because no OpenCC entry spans a newline. The conversion goes through
 * TSCharacters alone, which gives what OpenCC's "t2s.json" gives for lines
 * of one character (see chars_config), for a third of the cost; t2s.json
 * itself when that cannot be opened. The table is a flat array (108 KiB)
 * indexed by codepoint, each entry the UTF-8 of the Simplified form packed
 * in a word (0: none), read without locks after pthread_once has published
 * it; the normalizer takes the array itself (hs_t2s_table) and reads it
 * inline for every ideograph. Workload: one build (about 7 ms, nearly all
 * of it in OpenCC), then a lookup per ideograph.
 */
#include "decode.h"
#include "decode_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <opencc.h>

#define T2S_FIRST HS_T2S_FIRST
#define T2S_LAST  HS_T2S_LAST
#define T2S_COUNT HS_T2S_COUNT

static hs_t2s t2s;
static hs_t2s t2s_none; /* stays empty */
static size_t t2s_entries;
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static void warn_once(const char *why) {
  fprintf(stderr,
          "hanscan: warning: OpenCC t2s unavailable (%s); Traditional "
          "characters are not folded to Simplified\n",
          why);
}

/* OpenCC's t2s.json segments by TSPhrases and converts through TSPhrases,
 * then TSCharacters. A phrase has two or more characters, so for a line of
 * one character only TSCharacters can answer: this config converts through
 * it alone and skips segmentation (an empty group matches nothing), which
 * gives the same lines at a third of the cost. The dictionary is named
 * without a directory so that OpenCC finds it in its own data directory. */
static const char chars_config[] =
    "{\"name\":\"hanscan t2s characters\","
    "\"segmentation\":{\"type\":\"mmseg\","
    "\"dict\":{\"type\":\"group\",\"dicts\":[]}},"
    "\"conversion_chain\":[{\"dict\":{\"type\":\"ocd2\","
    "\"file\":\"TSCharacters.ocd2\"}}]}";

/* opencc_open takes a file name only: the config is read from a pipe
 * through /dev/fd, so that nothing is written to disk. (opencc_t)-1 when
 * that does not work here. */
static opencc_t open_chars(void) {
  int fd[2];
  if (pipe(fd) != 0) return (opencc_t)-1;
  size_t n = sizeof chars_config - 1; /* below PIPE_BUF: does not block */
  ssize_t w = write(fd[1], chars_config, n);
  close(fd[1]); /* the reader sees the end of the config */
  opencc_t od = (opencc_t)-1;
  char path[32];
  if (w == (ssize_t)n &&
      snprintf(path, sizeof path, "/dev/fd/%d", fd[0]) < (int)sizeof path)
    od = opencc_open(path);
  close(fd[0]);
  return od;
}

/* Converts the list through od and fills the table. Returns 0 (table left
 * empty, *why set) when the conversion fails or lines are lost. */
static int fill(opencc_t od, const char **why) {
  size_t cap = (size_t)T2S_COUNT * 4;
  char *in = malloc(cap);
  if (in == NULL) {
    *why = "out of memory";
    return 0;
  }
  size_t len = 0;
  for (uint32_t c = T2S_FIRST; c <= T2S_LAST; c++) {
    len += hs_u8_encode(c, in + len);
    in[len++] = '\n';
  }
  char *out = opencc_convert_utf8(od, in, len);
  free(in);
  if (out == NULL) {
    *why = "conversion failed";
    return 0;
  }
  const unsigned char *p = (const unsigned char *)out;
  size_t olen = strlen(out);
  size_t pos = 0;
  uint32_t c = T2S_FIRST;
  while (pos < olen && c <= T2S_LAST) {
    size_t eol = pos;
    while (eol < olen && p[eol] != '\n')
      eol++;
    uint32_t v;
    size_t k = eol > pos ? hs_u8_decode(p + pos, eol - pos, &v) : 0;
    if (k != 0 && pos + k == eol && v != c) {
      unsigned char b[4] = {0, 0, 0, 0};
      hs_u8_encode(v, (char *)b);
      t2s.utf8[c - T2S_FIRST] = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                                (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
      t2s_entries++;
    }
    pos = eol + 1;
    c++;
  }
  opencc_convert_utf8_free(out);
  if (c != T2S_LAST + 1) { /* lines lost: the table cannot be trusted */
    memset(&t2s, 0, sizeof t2s);
    t2s_entries = 0;
    *why = "unexpected conversion output";
    return 0;
  }
  return 1;
}

static void build(void) {
  const char *why = NULL;
  opencc_t od = open_chars();
  if (od != (opencc_t)-1) {
    int ok = fill(od, &why);
    opencc_close(od);
    if (ok) return;
  }
  od = opencc_open("t2s.json"); /* OpenCC's own config, as it is */
  if (od == (opencc_t)-1) {
    const char *e = opencc_error();
    warn_once(e != NULL && *e ? e : "cannot open t2s.json");
    return;
  }
  if (!fill(od, &why)) warn_once(why);
  opencc_close(od);
}

static pthread_once_t prefetch_once = PTHREAD_ONCE_INIT;
static pthread_t prefetch_thread;
static int prefetch_started; /* set once, before exit reads it */

static void *prefetch_main(void *arg) {
  (void)arg;
  hs_norm_tables(); /* the t2s table, then the fold table made from it */
  return NULL;
}

/* The build must not be running while exit tears OpenCC down. */
static void prefetch_join(void) {
  if (prefetch_started) pthread_join(prefetch_thread, NULL);
}

static void prefetch_start(void) {
  if (atexit(prefetch_join) != 0) return; /* built on first use instead */
  prefetch_started =
      pthread_create(&prefetch_thread, NULL, prefetch_main, NULL) == 0;
}

void hs_t2s_prefetch(void) {
  pthread_once(&prefetch_once, prefetch_start);
}

const hs_t2s *hs_t2s_table(void) {
  pthread_once(&t2s_once, build);
  return &t2s;
}

const hs_t2s *hs_t2s_empty(void) {
  return &t2s_none;
}

uint32_t hs_t2s_char(uint32_t cp) {
  if (cp < T2S_FIRST || cp > T2S_LAST) return cp;
  pthread_once(&t2s_once, build);
  uint32_t u = hs_t2s_get(&t2s, cp - T2S_FIRST);
  if (u == 0) return cp;
  unsigned char b[4];
  uint32_t v;
  return hs_u8_dec(b, hs_put_packed(u, b), &v) ? v : cp;
}

int hs_t2s_available(void) {
  pthread_once(&t2s_once, build);
  return t2s_entries > 0;
}
