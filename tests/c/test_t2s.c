/* SPDX-License-Identifier: MIT */
/*
 * The Traditional -> Simplified table compiled into hanscan (made at build
 * time by hs_t2s_gen) against OpenCC's own t2s.json, asked here at run
 * time through the library: for every codepoint U+3400..U+9FFF, on a line
 * of its own, hs_t2s_char must give what OpenCC gives when that is one
 * codepoint, and the codepoint itself otherwise. Also checks that the
 * table is not empty and that a few well-known pairs are in it.
 */
#include "decode/decode.h"
#include "decode/decode_int.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

int main(void) {
  opencc_t od = opencc_open("t2s.json");
  if (od == (opencc_t)-1) {
    printf("test_t2s: OpenCC's t2s.json cannot be opened; skipped\n");
    return 77;
  }
  size_t cap = (size_t)HS_T2S_COUNT * 5, len = 0;
  char *in = malloc(cap);
  CHECK(in != NULL);
  if (in == NULL) return 1;
  for (uint32_t c = HS_T2S_FIRST; c <= HS_T2S_LAST; c++) {
    len += hs_u8_encode(c, in + len);
    in[len++] = '\n';
  }
  char *out = opencc_convert_utf8(od, in, len);
  free(in);
  CHECK(out != NULL);
  if (out == NULL) return 1;
  const unsigned char *p = (const unsigned char *)out;
  size_t olen = strlen(out), pos = 0;
  uint32_t c = HS_T2S_FIRST;
  long entries = 0, wrong = 0;
  while (pos < olen && c <= HS_T2S_LAST) {
    size_t eol = pos;
    while (eol < olen && p[eol] != '\n')
      eol++;
    uint32_t v;
    size_t k = eol > pos ? hs_u8_decode(p + pos, eol - pos, &v) : 0;
    uint32_t want = k != 0 && pos + k == eol ? v : c;
    uint32_t got = hs_t2s_char(c);
    entries += got != c;
    if (got != want && wrong++ < 5)
      fprintf(stderr, "test_t2s: U+%04X: table U+%04X, OpenCC U+%04X\n",
              (unsigned)c, (unsigned)got, (unsigned)want);
    pos = eol + 1;
    c++;
  }
  opencc_convert_utf8_free(out);
  opencc_close(od);
  CHECK(c == HS_T2S_LAST + 1); /* every line came back */
  CHECK(wrong == 0);
  CHECK(entries > 3000);
  CHECK(hs_t2s_char(0x958B) == 0x5F00); /* 開 -> 开 */
  CHECK(hs_t2s_char(0x5340) == 0x533A); /* 區 -> 区 */
  CHECK(hs_t2s_char(0x5F00) == 0x5F00); /* already Simplified */
  CHECK(hs_t2s_char(0x33FF) == 0x33FF); /* below the table */
  CHECK(hs_t2s_char(0xF900) == 0xF900); /* above it */
  printf("test_t2s: %ld entries, %u codepoints compared with OpenCC's "
         "t2s.json\n",
         entries, (unsigned)HS_T2S_COUNT);
  return check_report("test_t2s");
}
