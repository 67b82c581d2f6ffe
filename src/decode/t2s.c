/* SPDX-License-Identifier: MIT */
/*
 * Traditional -> Simplified folding, one codepoint at a time. The table is
 * built once per process, on first use, from OpenCC's "t2s.json" config:
 * every codepoint U+3400..U+9FFF is written on its own line and the whole
 * list is converted in one opencc_convert_utf8 call; a line that comes back
 * as exactly one different codepoint becomes an entry. Lines are
 * independent because no OpenCC phrase spans a newline. The table is a flat
 * array (108 KiB) indexed by codepoint, each entry the UTF-8 of the
 * Simplified form packed in a word (0: none), read without locks after
 * pthread_once has published it; the normalizer takes the array itself
 * (hs_t2s_table) and reads it inline for every ideograph. Workload: one
 * build (about 20 ms, nearly all of it in opencc_convert_utf8), then a
 * lookup per ideograph.
 */
#include "decode.h"
#include "decode_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void build(void) {
  opencc_t od = opencc_open("t2s.json");
  if (od == (opencc_t)-1) {
    const char *e = opencc_error();
    warn_once(e != NULL && *e ? e : "cannot open t2s.json");
    return;
  }
  size_t cap = (size_t)T2S_COUNT * 4;
  char *in = malloc(cap);
  if (in == NULL) {
    warn_once("out of memory");
    opencc_close(od);
    return;
  }
  size_t len = 0;
  for (uint32_t c = T2S_FIRST; c <= T2S_LAST; c++) {
    len += hs_u8_encode(c, in + len);
    in[len++] = '\n';
  }
  char *out = opencc_convert_utf8(od, in, len);
  free(in);
  if (out == NULL) {
    warn_once("conversion failed");
    opencc_close(od);
    return;
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
  opencc_close(od);
  if (c != T2S_LAST + 1) { /* lines lost: the table cannot be trusted */
    memset(&t2s, 0, sizeof t2s);
    t2s_entries = 0;
    warn_once("unexpected conversion output");
  }
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
