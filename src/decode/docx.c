/* SPDX-License-Identifier: MIT */
/*
 * The text of a Word document from its word/document.xml (WordprocessingML):
 * the content of <w:t> runs, <w:tab/> as a tab, <w:br/> and <w:cr/> as a
 * line break, and one line per paragraph (</w:p>). Deleted text (<w:delText>)
 * and field codes (<w:instrText>) are not <w:t>, so they are left out. XML
 * character references are decoded. Unzipping is not done here: the caller
 * hands over the XML (the archive module extracts it).
 */
#include "decode.h"
#include "decode_int.h"

#include <string.h>

/* 1 if the tag at p[0..n) (just after '<') is `name` followed by a space,
 * '/' or '>'. */
static int tag_is(const char *p, size_t n, const char *name) {
  size_t k = strlen(name);
  if (n <= k || memcmp(p, name, k) != 0) return 0;
  return p[k] == ' ' || p[k] == '/' || p[k] == '>' || p[k] == '\t' ||
         p[k] == '\n' || p[k] == '\r';
}

hs_status hs_docx_to_text(const char *p, size_t n, hs_buf *out) {
  hs_buf_reset(out);
  if (p == NULL) return HS_OK;
  size_t i = 0;
  int in_text = 0;
  hs_status rc = HS_OK;
  while (i < n && rc == HS_OK) {
    if (p[i] == '<') {
      const char *gt = memchr(p + i, '>', n - i);
      size_t e = gt == NULL ? n : (size_t)(gt - p) + 1;
      const char *t = p + i + 1;
      size_t tn = e - i - 1;
      int self_closing = gt != NULL && e >= 2 && p[e - 2] == '/';
      if (tag_is(t, tn, "w:t"))
        in_text = !self_closing;
      else if (tag_is(t, tn, "/w:t"))
        in_text = 0;
      else if (tag_is(t, tn, "w:tab"))
        rc = hs_buf_putc(out, '\t');
      else if (tag_is(t, tn, "w:br") || tag_is(t, tn, "w:cr") ||
               tag_is(t, tn, "/w:p"))
        rc = hs_buf_putc(out, '\n');
      i = e;
      continue;
    }
    size_t j = i;
    while (j < n && p[j] != '<' && p[j] != '&')
      j++;
    if (in_text && j > i) rc = hs_buf_append(out, p + i, j - i);
    i = j;
    if (i < n && p[i] == '&') {
      uint32_t cp;
      size_t k = hs_entity(p + i, n - i, &cp);
      if (k == 0) {
        if (in_text) rc = hs_buf_putc(out, '&');
        i++;
      } else {
        char enc[4];
        if (in_text) rc = hs_buf_append(out, enc, hs_u8_encode(cp, enc));
        i += k;
      }
    }
  }
  return rc;
}
