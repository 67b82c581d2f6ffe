/* SPDX-License-Identifier: MIT */
/*
 * Build-time generator of the Traditional -> Simplified table (t2s.c):
 * `hs_t2s_gen OUT` writes, to the file OUT, the C initializer of the
 * table, one designated element per entry, made from OpenCC's
 * dictionaries. Every codepoint U+3400..U+9FFF is written on its own line
 * and the whole list is converted in one opencc_convert_utf8 call; a line
 * that comes back as exactly one different codepoint becomes an entry.
 * Lines are independent because no OpenCC entry spans a newline. The
 * conversion goes through TSCharacters alone, which gives what OpenCC's
 * "t2s.json" gives for lines of one character (see chars_config); through
 * t2s.json itself when that cannot be opened.
 *
 * Made at build time, the table costs a run nothing to build (it took
 * 6 ms of CPU in every run, and at -j2 half of that in wall time) and
 * hanscan does not load OpenCC (nor its C++ libraries) at all. Exit status
 * 0, or 1 with a message on stderr: the build stops rather than ship a
 * table it cannot trust.
 */
#include "decode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <opencc.h>

/* Fewer entries than this means a wrong or missing dictionary (OpenCC
 * 1.1 gives about 3,800 in this range). */
#define MIN_ENTRIES 1000

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

/* Converts the list through od into to[] (0: no entry). Returns the number
 * of entries, or -1 (*why set) when the conversion fails or lines are
 * lost. */
static long convert(opencc_t od, uint32_t *to, const char **why) {
  size_t cap = (size_t)HS_T2S_COUNT * 5;
  char *in = malloc(cap);
  if (in == NULL) {
    *why = "out of memory";
    return -1;
  }
  size_t len = 0;
  for (uint32_t c = HS_T2S_FIRST; c <= HS_T2S_LAST; c++) {
    len += hs_u8_enc(c, (unsigned char *)in + len);
    in[len++] = '\n';
  }
  char *out = opencc_convert_utf8(od, in, len);
  free(in);
  if (out == NULL) {
    *why = "conversion failed";
    return -1;
  }
  const unsigned char *p = (const unsigned char *)out;
  size_t olen = strlen(out), pos = 0;
  uint32_t c = HS_T2S_FIRST;
  long entries = 0;
  while (pos < olen && c <= HS_T2S_LAST) {
    size_t eol = pos;
    while (eol < olen && p[eol] != '\n')
      eol++;
    uint32_t v;
    size_t k = eol > pos ? hs_u8_dec(p + pos, eol - pos, &v) : 0;
    to[c - HS_T2S_FIRST] = k != 0 && pos + k == eol && v != c ? v : 0;
    entries += to[c - HS_T2S_FIRST] != 0;
    pos = eol + 1;
    c++;
  }
  opencc_convert_utf8_free(out);
  if (c != HS_T2S_LAST + 1) {
    *why = "unexpected conversion output (lines lost)";
    return -1;
  }
  return entries;
}

/* One element per line: the packed UTF-8 (first byte lowest) of the
 * Simplified form, with both characters in a comment. */
static int write_table(FILE *f, const uint32_t *to, long entries,
                       const char *how) {
  fprintf(f,
          "/* Generated at build time by hs_t2s_gen (src/decode/t2s_gen.c) "
          "from OpenCC\n * (%s): %ld entries. Do not edit. */\n",
          how, entries);
  for (uint32_t x = 0; x < HS_T2S_COUNT; x++) {
    if (to[x] == 0) continue;
    unsigned char t[4], s[4] = {0, 0, 0, 0};
    size_t tn = hs_u8_enc(HS_T2S_FIRST + x, t);
    size_t sn = hs_u8_enc(to[x], s);
    uint32_t packed = (uint32_t)s[0] | (uint32_t)s[1] << 8 |
                      (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24;
    fprintf(f, "[0x%04X - HS_T2S_FIRST] = 0x%08Xu, /* %.*s -> %.*s */\n",
            (unsigned)(HS_T2S_FIRST + x), (unsigned)packed, (int)tn,
            (const char *)t, (int)sn, (const char *)s);
  }
  return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: hs_t2s_gen OUT\n");
    return 1;
  }
  static uint32_t to[HS_T2S_COUNT];
  const char *why = NULL, *how = "TSCharacters.ocd2";
  long entries = -1;
  opencc_t od = open_chars();
  if (od != (opencc_t)-1) {
    entries = convert(od, to, &why);
    opencc_close(od);
  }
  if (entries < MIN_ENTRIES) { /* OpenCC's own config, as it is */
    how = "t2s.json";
    od = opencc_open("t2s.json");
    if (od == (opencc_t)-1) {
      const char *e = opencc_error();
      why = e != NULL && *e ? e : "cannot open t2s.json";
    } else {
      entries = convert(od, to, &why);
      opencc_close(od);
    }
  }
  if (entries >= 0 && entries < MIN_ENTRIES) why = "too few entries";
  if (entries < MIN_ENTRIES) {
    fprintf(stderr,
            "hs_t2s_gen: cannot make the t2s table from OpenCC (%s); is "
            "libopencc-data installed? (scripts/install-deps.sh)\n",
            why != NULL ? why : "no entries");
    return 1;
  }
  FILE *f = fopen(argv[1], "w");
  int bad = f == NULL || write_table(f, to, entries, how) != 0;
  if ((f != NULL && fclose(f) != 0) || bad) {
    fprintf(stderr, "hs_t2s_gen: cannot write %s\n", argv[1]);
    remove(argv[1]);
    return 1;
  }
  return 0;
}
