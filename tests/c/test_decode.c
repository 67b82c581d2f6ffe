/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the decode module: BOM stripping, UTF-8 validation with the
 * offset of the first bad byte, each normalization step byte for byte, the
 * pinyin-gloss rule (glosses go, genuine parentheses stay), Traditional to
 * Simplified folding, and the offset map taking normalized spans back to
 * the exact original text. Snippets are written after seed-004.txt.
 * The fast paths (GB18030 and Big5 by table, the one-pass UTF-8 text, the
 * t2s table) are checked against plain iconv and the step-by-step way.
 */
#include "decode/decode.h"
#include "check.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>

#define N(s) (s), (sizeof(s) - 1)

/* Normalizes s with flags and compares the result with want. */
#define CHECK_NORM(s, flags, want)                                             \
  do {                                                                         \
    hs_buf out_;                                                               \
    hs_buf_init(&out_);                                                        \
    CHECK(hs_normalize(N(s), (flags), &out_, NULL) == HS_OK);                  \
    CHECK_MEM(out_.data, out_.len, (want));                                    \
    hs_buf_close(&out_);                                                       \
  } while (0)

static void test_bom_and_utf8(void) {
  hs_buf b;
  hs_buf_init(&b);
  int bom = -1;
  size_t bad = 99;
  CHECK(hs_decode_utf8(N("\xEF\xBB\xBF產業"), &b, &bad, &bom) == HS_OK);
  CHECK(bom == 1);
  CHECK_MEM(b.data, b.len, "產業");
  CHECK(hs_decode_utf8(N("產業"), &b, NULL, &bom) == HS_OK);
  CHECK(bom == 0);
  CHECK_MEM(b.data, b.len, "產業");
  CHECK(hs_decode_utf8(N("\xEF\xBB\xBF"), &b, NULL, NULL) == HS_OK);
  CHECK(b.len == 0);
  CHECK(hs_decode_utf8(NULL, 0, &b, NULL, NULL) == HS_OK);
  CHECK(b.len == 0);
  /* only a leading BOM is stripped; a later U+FEFF is text */
  CHECK(hs_decode_utf8(N("a\xEF\xBB\xBF"), &b, NULL, NULL) == HS_OK);
  CHECK(b.len == 4);

  CHECK(hs_decode_utf8(N("abc\xFF"
                         "def"),
                       &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 3);
  /* offsets count the BOM: the overlong C0 80 starts at raw byte 5 */
  CHECK(hs_decode_utf8(N("\xEF\xBB\xBF"
                         "ab\xC0\x80"),
                       &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 5);
  CHECK(hs_decode_utf8(N("產\xE6\xA5"), &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 3); /* truncated sequence at the end */
  CHECK(hs_decode_utf8(N("\xED\xA0\x80"), &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 0); /* surrogate */
  CHECK(hs_decode_utf8(N("\xF4\x90\x80\x80"), &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 0); /* above U+10FFFF */
  CHECK(hs_decode_utf8(N("12345678901234567\x80"), &b, &bad, NULL) == HS_EDATA);
  CHECK(bad == 17); /* after the 8-byte ASCII fast path */
  CHECK(hs_decode_utf8(N("\xF0\x9F\x98\x80"), &b, &bad, NULL) == HS_OK);
  hs_buf_close(&b);

  hs_text t;
  hs_text_init(&t);
  /* a stray byte in UTF-8 text: replaced and counted, not fatal */
  CHECK(hs_text_decode(&t, N("確保\x80"), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.encoding, "UTF-8");
  CHECK(t.replaced == 1 && t.first_bad == 6);
  CHECK_MEM(t.decoded.data, t.decoded.len, "確保\xEF\xBF\xBD");
  CHECK(hs_text_decode(&t, N("x"), "no-such-charset", HS_NORM_ALL) == HS_EDATA);
  CHECK_STR(t.msg, "unsupported encoding 'no-such-charset'");
  CHECK(hs_text_decode(&t,
                       N("\xEF\xBB\xBF"
                         "１"),
                       "UTF-8", HS_NORM_ALL) == HS_OK);
  CHECK(t.had_bom == 1 && t.raw_len == 6);
  CHECK_STR(t.encoding, "UTF-8");
  CHECK_MEM(t.decoded.data, t.decoded.len, "１");
  CHECK_MEM(t.norm.data, t.norm.len, "1");
  CHECK(hs_text_decode(&t, N("１"), NULL, 0) == HS_OK);
  CHECK(t.norm.len == 0); /* flags 0: no normalization */
  hs_text_close(&t);
  hs_text_close(NULL);
  CHECK(hs_decode_encoding_ok(NULL) && hs_decode_encoding_ok("utf8") &&
        hs_decode_encoding_ok("UTF-8") && hs_decode_encoding_ok("big5") &&
        hs_decode_encoding_ok("GBK") && hs_decode_encoding_ok("auto") &&
        !hs_decode_encoding_ok("no-such-charset"));
}

/* "开发区工业总产值增长12%。" in GB18030, Big5 (Traditional), UTF-16. */
#define GB_TEXT                                                                \
  "\xBF\xAA\xB7\xA2\xC7\xF8\xB9\xA4\xD2\xB5\xD7\xDC\xB2\xFA\xD6\xB5\xD4\xF6"   \
  "\xB3\xA4"                                                                   \
  "12%\xA1\xA3"
#define BIG5_TEXT                                                              \
  "\xB6\x7D\xB5\x6F\xB0\xCF\xA4\x75\xB7\x7E\xC1\x60\xB2\xA3\xAD\xC8\xBC\x57"   \
  "\xAA\xF8"                                                                   \
  "12%\xA1\x43"

static void test_charset(void) {
  size_t bom = 9;
  CHECK_STR(hs_charset_detect(N(GB_TEXT), &bom), "GB18030");
  CHECK(bom == 0);
  CHECK_STR(hs_charset_detect(N(BIG5_TEXT), NULL), "BIG5");
  CHECK_STR(hs_charset_detect(N("\xFF\xFE"
                                "a\0"),
                              &bom),
            "UTF-16LE");
  CHECK(bom == 2);
  CHECK_STR(hs_charset_detect(N("\xFE\xFF\0a"), &bom), "UTF-16BE");
  CHECK_STR(hs_charset_detect(N("\xEF\xBB\xBFx"), &bom), "UTF-8");
  CHECK(bom == 3);
  CHECK_STR(hs_charset_detect(N("2\0"
                                "0\0"
                                "2\0"
                                "4\0"
                                "\x74\x5E"),
                              NULL),
            "UTF-16LE"); /* 2024年 */
  CHECK_STR(hs_charset_detect(N("\0"
                                "2\0"
                                "0\0"
                                "2\0"
                                "4\x5E\x74"),
                              NULL),
            "UTF-16BE");
  /* CJK-only UTF-16 without BOM or NULs: 经济区 */
  CHECK_STR(hs_charset_detect(N("\xCF\x7E\x4E\x6D\x3A\x53"), NULL), "UTF-16LE");
  CHECK_STR(hs_charset_detect(N("\x7E\xCF\x6D\x4E\x53\x3A"), NULL), "UTF-16BE");
  CHECK_STR(hs_charset_detect(N("plain ascii"), NULL), "UTF-8");
  CHECK_STR(hs_charset_detect(NULL, 0, NULL), "UTF-8");
  CHECK(hs_charset_detect(N("\x01\x02\x03\x04zz"), NULL) == NULL);
  CHECK_STR(hs_charset_canon("gb2312"), "GB18030");
  CHECK_STR(hs_charset_canon("CP950"), "BIG5");
  CHECK(hs_charset_canon("auto") == NULL && hs_charset_canon(NULL) == NULL);

  hs_text t;
  hs_text_init(&t);
  CHECK(hs_text_decode(&t, N(GB_TEXT), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.encoding, "GB18030");
  CHECK_MEM(t.decoded.data, t.decoded.len, "开发区工业总产值增长12%。");
  CHECK(hs_text_decode(&t, N(BIG5_TEXT), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.encoding, "BIG5");
  CHECK_MEM(t.decoded.data, t.decoded.len, "開發區工業總產值增長12%。");
  CHECK_MEM(t.norm.data, t.norm.len, "开发区工业总产值增长12%。");
  /* forced: the BOM of that encoding is still dropped */
  CHECK(hs_text_decode(&t,
                       N("\xFF\xFE"
                         "a\0"
                         "\x74\x5E"),
                       "utf-16le", 0) == HS_OK);
  CHECK_MEM(t.decoded.data, t.decoded.len, "a年");
  CHECK(hs_text_decode(&t, N("\xFE\xFF\0a"), "utf-16", 0) == HS_OK);
  CHECK_MEM(t.decoded.data, t.decoded.len, "a");
  /* undecodable GB18030: U+FFFD per byte, counted */
  CHECK(hs_text_decode(&t, N("\xD4\xF6\xFF\xB3\xA4"), "gbk", 0) == HS_OK);
  CHECK_MEM(t.decoded.data, t.decoded.len, "增\xEF\xBF\xBD长");
  CHECK(t.replaced == 1 && t.first_bad == 2);
  /* a truncated sequence at the end */
  CHECK(hs_text_decode(&t, N("\xD4\xF6\xB3"), "gb18030", 0) == HS_OK);
  CHECK(t.replaced == 1);
  /* binary, and too much garbage */
  CHECK(hs_text_decode(&t,
                       N("\x7F"
                         "ELF\x01\x02\x01\0"
                         "\0\0\0"),
                       NULL, 0) == HS_EDATA);
  CHECK_STR(t.msg, "binary data, not text");
  char junk[400];
  for (size_t i = 0; i < sizeof junk; i++)
    junk[i] = (char)(i % 2 ? 0xFF : 'a');
  CHECK(hs_text_decode(&t, junk, sizeof junk, NULL, 0) == HS_EDATA);
  CHECK(strstr(t.msg, "undecodable") != NULL);
  /* size cap on the decoded text */
  hs_decode_opts o = {NULL, NULL, NULL, 0, 4};
  CHECK(hs_text_decode_opts(&t, N("12345"), &o) == HS_ELIMIT);
  CHECK_STR(t.msg, "decoded text over the 4 bytes limit");
  CHECK(hs_text_decode_opts(&t, N(GB_TEXT), &o) == HS_ELIMIT);
  o.max_size = 5;
  CHECK(hs_text_decode_opts(&t, N("12345"), &o) == HS_OK);
  hs_text_close(&t);
}


/* The conversion as iconv alone does it (what hs_charset_to_utf8 did
 * before its tables): each error skips one byte as one U+FFFD, an
 * incomplete sequence at the end all its bytes; the limit is checked after
 * each iconv call. */
static hs_status ref_conv(const char *enc, const void *raw, size_t n,
                          hs_buf *out, size_t max, size_t *bad, size_t *first) {
  *bad = *first = 0;
  if (max == 0) max = (size_t)-1 / 2;
  iconv_t cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1) return HS_EDATA;
  char *in = (char *)(uintptr_t)raw;
  size_t left = n;
  hs_status rc = HS_OK;
  while (left > 0) {
    rc = hs_buf_reserve(out, left * 2 + 64);
    if (rc != HS_OK) break;
    char *o = out->data + out->len;
    size_t room = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &left, &o, &room);
    int err = r == (size_t)-1 ? errno : 0;
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    if (out->len > max) {
      rc = HS_ELIMIT;
      break;
    }
    if (err == 0 || err == E2BIG) continue;
    if (*bad == 0) *first = n - left;
    if (err == EINVAL) {
      *bad += left;
      left = 0;
    } else {
      (*bad)++;
      in++;
      left--;
    }
    rc = hs_buf_append(out, "\xEF\xBF\xBD", 3);
    if (rc != HS_OK) break;
  }
  iconv_close(cd);
  return rc;
}

static int conv_agrees(const char *enc, const char *iconv_enc, const void *p,
                       size_t n, size_t max) {
  hs_buf a, b;
  hs_buf_init(&a);
  hs_buf_init(&b);
  size_t bad_a, first_a, bad_b = 7, first_b = 7;
  hs_status ra = ref_conv(iconv_enc, p, n, &a, max, &bad_a, &first_a);
  hs_status rb = hs_charset_to_utf8(p, n, enc, &b, max, &bad_b, &first_b);
  int ok =
      ra == rb && bad_a == bad_b && first_a == first_b &&
      (ra != HS_OK || (a.len == b.len && memcmp(a.data, b.data, a.len) == 0));
  hs_buf_close(&a);
  hs_buf_close(&b);
  return ok;
}

static void test_tables(void) {
  /* every byte pair, alone, before ASCII, at the end after ASCII */
  static const char *const encs[][2] = {{"GB18030", "GB18030"},
                                        {"BIG5", "CP950"}};
  for (int e = 0; e < 2; e++) {
    long wrong = 0;
    for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
      for (unsigned trail = 0; trail <= 0xFF; trail++) {
        unsigned char p[4] = {'x', (unsigned char)lead, (unsigned char)trail,
                              'A'};
        wrong += !conv_agrees(encs[e][0], encs[e][1], p + 1, 2, 0);
        wrong += !conv_agrees(encs[e][0], encs[e][1], p + 1, 3, 0);
        wrong += !conv_agrees(encs[e][0], encs[e][1], p, 3, 0);
      }
    }
    CHECK(wrong == 0);
  }
  /* GB18030's four-byte sequences (BMP and beyond), whole and cut */
  static const unsigned char firsts[] = {0x81, 0x82, 0x84, 0x85,
                                         0x90, 0xE3, 0xE4, 0xFE};
  long wrong = 0;
  for (size_t f = 0; f < sizeof firsts; f++)
    for (unsigned b = 0x30; b <= 0x39; b++)
      for (unsigned c = 0x80; c <= 0xFF; c++)
        for (unsigned d = 0x2F; d <= 0x3A; d++) {
          unsigned char p[5] = {firsts[f], (unsigned char)b, (unsigned char)c,
                                (unsigned char)d, 0xB0};
          wrong += !conv_agrees("GB18030", "GB18030", p, 4, 0);
          if (d == 0x30) {
            wrong += !conv_agrees("GB18030", "GB18030", p, 3, 0);
            wrong += !conv_agrees("GB18030", "GB18030", p, 5, 0);
          }
        }
  CHECK(wrong == 0);
  /* pseudo-random strings of lead, trail and ASCII bytes, with limits */
  uint32_t x = 12345;
  wrong = 0;
  for (int k = 0; k < 3000; k++) {
    unsigned char p[64];
    size_t n = (size_t)(k % 60) + 1;
    for (size_t i = 0; i < n; i++) {
      x = x * 1103515245u + 12345u;
      unsigned r = x >> 16;
      p[i] = (unsigned char)(r % 5 == 0 ? 0x30 + r % 10 : r % 5 == 1 ? 'a' : r);
    }
    size_t max = k % 3 == 0 ? (size_t)(k % 50) : 0;
    wrong += !conv_agrees("GB18030", "GB18030", p, n, max);
    wrong += !conv_agrees("BIG5", "CP950", p, n, max);
  }
  CHECK(wrong == 0);
  /* detection keeps its conversion: the same as converting again */
  hs_text t;
  hs_text_init(&t);
  const char gb[] = GB_TEXT "\xFF" GB_TEXT "\x81\x30\x81\x30" GB_TEXT "\xD4";
  CHECK(hs_text_decode(&t, N(gb), NULL, 0) == HS_OK);
  CHECK_STR(t.encoding, "GB18030");
  CHECK(t.replaced == 2 && t.first_bad == strlen(GB_TEXT));
  CHECK_MEM(t.decoded.data, t.decoded.len,
            "开发区工业总产值增长12%。\xEF\xBF\xBD"
            "开发区工业总产值增长12%。\xC2\x80"
            "开发区工业总产值增长12%。\xEF\xBF\xBD");
  hs_text_close(&t);
}

/* hs_text_decode of UTF-8 text takes a one-pass way (validated while
 * normalized); it must give what the step-by-step way gives. */
static void check_one_pass(const char *s, size_t n, unsigned flags) {
  hs_text t;
  hs_text_init(&t);
  hs_buf norm;
  hs_buf_init(&norm);
  hs_offmap m;
  hs_offmap_init(&m);
  CHECK(hs_text_decode(&t, s, n, NULL, flags) == HS_OK);
  CHECK(hs_normalize(t.decoded.data, t.decoded.len, flags, &norm, &m) == HS_OK);
  CHECK(norm.len == t.norm.len &&
        memcmp(norm.data, t.norm.data, norm.len) == 0);
  CHECK(m.n == t.map.n && m.norm_len == t.map.norm_len &&
        m.dec_len == t.map.dec_len &&
        memcmp(m.a, t.map.a, m.n * sizeof *m.a) == 0);
  hs_offmap_close(&m);
  hs_buf_close(&norm);
  hs_text_close(&t);
}

static void test_one_pass(void) {
  const char ok[] = "產(chǎn)業\r\n１２\xE3\x80\x80“产值”。\xE2\x80\x8B"
                    "a\xC2\xA0"
                    "é\xF0\xA0\x80\x80(yè)\xEF\xA4\x80(ǎ)";
  check_one_pass(N(ok), HS_NORM_ALL);
  check_one_pass(N(ok), HS_NORM_GLOSS);
  check_one_pass(N(ok), HS_NORM_NEWLINES | HS_NORM_SPACES);
  /* invalid late: the general way, with U+FFFD */
  const char bad[] = "產(chǎn)業\r\n１２\xE3\x80\x80“产值”。\xE2\x80";
  check_one_pass(N(bad), HS_NORM_ALL);
  hs_text t;
  hs_text_init(&t);
  CHECK(hs_text_decode(&t, N(bad), NULL, HS_NORM_ALL) == HS_OK);
  CHECK(t.replaced == 2 && t.first_bad == strlen(bad) - 2);
  /* markup and a <meta> charset take the general way too */
  CHECK(hs_text_decode(&t, N("<p>產業</p>"), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.format, "html");
  CHECK(hs_text_decode(&t, N("abc <meta charset=gbk> x"), NULL, HS_NORM_ALL) ==
        HS_OK);
  CHECK_STR(t.encoding, "GB18030");
  CHECK(hs_text_decode(&t, N("x\0y"), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.encoding, "UTF-16LE");
  /* a UTF-8 BOM */
  CHECK(hs_text_decode(&t, N("\xEF\xBB\xBF產"), NULL, HS_NORM_ALL) == HS_OK);
  CHECK(t.had_bom && t.decoded.len == 3);
  hs_text_close(&t);
  /* validation at the ends of the fast paths */
  static const char *const seqs[] = {"\xE4\xB8",     "\xE4",
                                     "\xED\xA0\x80", "\xE0\x9F\xBF",
                                     "\xEF\xBF\xBF", "\xF4\x90\x80\x80",
                                     "\xC2",         "\xC1\xBF"};
  hs_buf out;
  hs_buf_init(&out);
  for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
    char buf[64];
    size_t k = strlen(seqs[i]);
    memcpy(buf, "产业产业产业", 18);
    memcpy(buf + 18, seqs[i], k);
    size_t want = strcmp(seqs[i], "\xEF\xBF\xBF") == 0 ? 18 + k : 18;
    size_t bad = 0;
    CHECK(hs_decode_utf8(buf, 18 + k, &out, &bad, NULL) ==
          (want == 18 + k ? HS_OK : HS_EDATA));
    CHECK(want == 18 + k || bad == 18);
  }
  hs_buf_close(&out);
}

static void test_html(void) {
  hs_buf b;
  hs_buf_init(&b);
  const char *page =
      "<!DOCTYPE html><html><head><title>T</title>"
      "<style>p{color:red}</style><script>var x='<p>no</p>';</script>"
      "</head><body><!-- <p>hidden</p> -->\n"
      "<p>A&amp;B &lt;1&gt; &#20013;&#x6587; &ldquo;q&rdquo;&nbsp;x</p>"
      "<div>line\n   two</div>a<br>b<table><tr><td>c1</td><td>c2</td></tr>"
      "</table>&bogus; &amp</body></html>";
  CHECK(hs_html_sniff(page, strlen(page)) == 1);
  CHECK(hs_html_to_text(page, strlen(page), &b) == HS_OK);
  CHECK_MEM(b.data, b.len,
            "T\nA&B <1> 中文 \xE2\x80\x9Cq\xE2\x80\x9D\xC2\xA0x\nline two\n"
            "a\nb\nc1\tc2\n&bogus; &\n");
  CHECK(hs_html_sniff(N("  <p>x</p>")) == 1);
  CHECK(hs_html_sniff(N("<?xml version=\"1.0\"?><a/>")) == 2);
  CHECK(hs_html_sniff(N("a < b")) == 0);
  CHECK(hs_html_sniff(N("<unknown>")) == 0);
  CHECK(hs_html_sniff(NULL, 0) == 0);
  /* malformed: unterminated tag and comment */
  CHECK(hs_html_to_text(N("x<p class=\"a>b"), &b) == HS_OK);
  CHECK_MEM(b.data, b.len, "x\n");
  CHECK(hs_html_to_text(N("x<!-- y"), &b) == HS_OK);
  CHECK_MEM(b.data, b.len, "x\n");
  CHECK(hs_html_to_text(NULL, 0, &b) == HS_OK && b.len == 0);

  CHECK_STR(hs_html_meta_charset(N("<html><meta charset=\"GBK\">")), "GB18030");
  CHECK_STR(hs_html_meta_charset(
                N("<META http-equiv=\"Content-Type\" content=\"text/html; "
                  "charset=big5\">")),
            "BIG5");
  CHECK(hs_html_meta_charset(N("<meta name=x>")) == NULL);
  CHECK(hs_html_meta_charset(N("<meta charset=klingon>")) == NULL);

  /* a GBK page declared in <meta>: decoded, stripped, normalized */
  hs_text t;
  hs_text_init(&t);
  const char gbpage[] = "<html><meta charset=gb2312><p>" GB_TEXT "</p>";
  CHECK(hs_text_decode(&t, N(gbpage), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_STR(t.encoding, "GB18030");
  CHECK_STR(t.format, "html");
  CHECK_MEM(t.decoded.data, t.decoded.len, "开发区工业总产值增长12%。\n");
  /* the meta charset wins over detection for short, ambiguous bytes */
  const char b5page[] = "<meta charset=big5><p>\xB2\xA3\xAD\xC8</p>";
  CHECK(hs_text_decode(&t, N(b5page), NULL, 0) == HS_OK);
  CHECK_STR(t.encoding, "BIG5");
  CHECK_MEM(t.decoded.data, t.decoded.len, "產值\n");
  /* but valid non-ASCII UTF-8 wins over a stale meta */
  CHECK(hs_text_decode(&t, N("<meta charset=gbk><p>产值</p>"), NULL, 0) ==
        HS_OK);
  CHECK_STR(t.encoding, "UTF-8");
  CHECK_MEM(t.decoded.data, t.decoded.len, "产值\n");
  /* by extension only when the content starts with markup */
  hs_decode_opts o = {NULL, NULL, "x.HTML", 0, 0};
  CHECK(hs_text_decode_opts(&t, N("<b>x</b>"), &o) == HS_OK);
  CHECK_STR(t.format, "html");
  CHECK_MEM(t.decoded.data, t.decoded.len, "x\n");
  o.name = "x.txt";
  CHECK(hs_text_decode_opts(&t, N("<b>x</b>"), &o) == HS_OK);
  CHECK_STR(t.format, "text");
  hs_text_close(&t);
  hs_buf_close(&b);
}

static void test_docx(void) {
  hs_buf b;
  hs_buf_init(&b);
  const char xml[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document><w:body>"
      "<w:p><w:r><w:t>产值</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 12"
      "</w:t></w:r><w:r><w:tab/><w:t>A&amp;B</w:t></w:r></w:p>"
      "<w:p><w:r><w:instrText>PAGE</w:instrText><w:delText>old</w:delText>"
      "<w:t>二</w:t><w:br/><w:t/><w:t>三</w:t></w:r></w:p>"
      "<w:p/></w:body></w:document>";
  CHECK(hs_docx_to_text(N(xml), &b) == HS_OK);
  CHECK_MEM(b.data, b.len, "产值 12\tA&B\n二\n三\n");
  hs_text t;
  hs_text_init(&t);
  hs_decode_opts o = {NULL, "docx", NULL, HS_NORM_ALL, 0};
  CHECK(hs_text_decode_opts(&t, N(xml), &o) == HS_OK);
  CHECK_STR(t.format, "docx");
  CHECK_MEM(t.decoded.data, t.decoded.len, "产值 12\tA&B\n二\n三\n");
  hs_text_close(&t);
  hs_buf_close(&b);
}

static void test_sniff(void) {
  const char *what = NULL;
  CHECK(hs_sniff(N("PK\x03\x04rest"), &what) == HS_KIND_ZIP);
  CHECK_STR(what, "zip");
  CHECK(hs_sniff(N("PK\x03\x04..word/document.xml"), &what) == HS_KIND_DOCX);
  CHECK(hs_sniff(N("\x1F\x8B\x08"), NULL) == HS_KIND_COMPRESSED);
  CHECK(hs_sniff(N("\x28\xB5\x2F\xFD"), NULL) == HS_KIND_COMPRESSED);
  CHECK(hs_sniff(N("\xFD"
                   "7zXZ\x00"),
                 NULL) == HS_KIND_COMPRESSED);
  CHECK(hs_sniff(N("BZh91AY"), NULL) == HS_KIND_COMPRESSED);
  CHECK(hs_sniff(N("%PDF-1.7"), &what) == HS_KIND_SKIP);
  CHECK_STR(what, "PDF document");
  CHECK(hs_sniff(N("\x89PNG\r\n\x1A\n"), NULL) == HS_KIND_SKIP);
  CHECK(hs_sniff(N("产值"), &what) == HS_KIND_TEXT);
  CHECK_STR(what, "text");
  CHECK(hs_sniff(NULL, 0, &what) == HS_KIND_EMPTY);
  char tar[512];
  memset(tar, 0, sizeof tar);
  memcpy(tar + 257, "ustar", 5);
  CHECK(hs_sniff(tar, sizeof tar, NULL) == HS_KIND_TAR);
  CHECK(hs_kind_is_archive(HS_KIND_TAR) && !hs_kind_is_archive(HS_KIND_DOCX));
}

static void test_steps(void) {
  /* each step alone, byte-exact */
  CHECK_NORM("a\r\nb\rc\n\r\n", HS_NORM_NEWLINES, "a\nb\nc\n\n");
  CHECK_NORM("a\r\nb", 0, "a\r\nb");
  CHECK_NORM("1\xE3\x80\x80"
             "2\xC2\xA0"
             "3\xE2\x80\x83"
             "4\xE2\x80\xAF"
             "5",
             HS_NORM_SPACES, "1 2 3 4 5");
  CHECK_NORM("6\xE2\x80\x8B"
             "6.\xEF\xBB\xBF"
             "2\xE2\x80\x8D"
             "3\xE2\x81\xA0",
             HS_NORM_ZEROWIDTH, "66.23");
  CHECK_NORM("技工貿總收入６６．２３億元，同比增長１４．０２％",
             HS_NORM_FULLWIDTH, "技工貿總收入66.23億元,同比增長14.02%");
  CHECK_NORM("ＧＤＰ ａｂｚ ０９", HS_NORM_FULLWIDTH, "GDP abz 09");
  CHECK_NORM("％．，：；（）－～＋", HS_NORM_FULLWIDTH, "%.,:;()-~+");
  /* not in the list: stay full-width */
  CHECK_NORM("。、！", HS_NORM_FULLWIDTH, "。、！");
  /* steps off: nothing changes */
  CHECK_NORM("６\xE3\x80\x80產(chǎn)", 0, "６\xE3\x80\x80產(chǎn)");
}

static void test_gloss(void) {
  unsigned g = HS_NORM_GLOSS;
  CHECK_NORM("產(chǎn)業(yè)開發(fā)區(qū)", g, "產業開發區");
  CHECK_NORM("技工貿(mào)總收入66.23億元", g, "技工貿總收入66.23億元");
  CHECK_NORM("學(xué)習(xí)9次", g, "學習9次");
  /* genuine parentheses stay */
  CHECK_NORM("(一)堅持政治建設(shè),", g, "(一)堅持政治建設,");
  CHECK_NORM("建设(扩大)项目", g, "建设(扩大)项目");
  CHECK_NORM("经开区(荆州)", g, "经开区(荆州)");
  CHECK_NORM("项目(2)", g, "项目(2)");
  CHECK_NORM("项目(abc)", g, "项目(abc)"); /* no tone mark */
  CHECK_NORM("项目()", g, "项目()");
  CHECK_NORM("2024(chǎn)", g, "2024(chǎn)"); /* not after an ideograph */
  CHECK_NORM("產(chǎn", g, "產(chǎn");       /* unclosed */
  CHECK_NORM("產(Chǎn)", g, "產(Chǎn)");     /* capital: not a gloss */
  /* full-width parentheses, ü, decomposed tone mark */
  CHECK_NORM("產（chǎn）業", g, "產業");
  CHECK_NORM("綠(lǜ)色女(nü)", g, "綠色女");
  CHECK_NORM("產(cha\xCC\x8Cn)", g, "產");
  /* garbled run from a GBK page that lost a byte: left as is */
  CHECK_NORM("確!皟蓚維護”落到實處", g, "確!皟蓚維護”落到實處");
}

static void test_t2s(void) {
  CHECK(hs_t2s_char(0x7522) == 0x4EA7); /* 產 -> 产 */
  CHECK(hs_t2s_char(0x4EA7) == 0x4EA7); /* already simplified */
  CHECK(hs_t2s_char('A') == 'A');
  CHECK_NORM("產業開發區", HS_NORM_T2S, "产业开发区");
  CHECK_NORM("產(chǎn)業(yè)開發(fā)區(qū)完成技工貿(mào)總收入66.23億元",
             HS_NORM_ALL, "产业开发区完成技工贸总收入66.23亿元");
  CHECK_NORM("確保“兩個維護”落到實處", HS_NORM_ALL, "确保“两个维护”落到实处");
}

/* The decoded substring of the normalized span [a, b). */
#define CHECK_SPAN(t, a, b, want)                                              \
  do {                                                                         \
    size_t d0_ = hs_offmap_to_decoded(&(t)->map, (a));                         \
    size_t d1_ = hs_offmap_to_decoded(&(t)->map, (b));                         \
    CHECK(d0_ <= d1_);                                                         \
    CHECK_MEM((t)->decoded.data + d0_, d1_ - d0_, (want));                     \
  } while (0)

static size_t find(const hs_buf *b, const char *needle) {
  const char *p = strstr(b->data, needle);
  return p ? (size_t)(p - b->data) : (size_t)-1;
}

static void check_monotonic(const hs_text *t) {
  size_t prev = 0;
  int ok = 1;
  for (size_t i = 0; i <= t->norm.len + 2; i++) {
    size_t d = hs_offmap_to_decoded(&t->map, i);
    if (d < prev || d > t->decoded.len) ok = 0;
    prev = d;
  }
  CHECK(ok);
  CHECK(hs_offmap_to_decoded(&t->map, 0) <= hs_offmap_to_decoded(&t->map, 1));
  CHECK(hs_offmap_to_decoded(&t->map, t->norm.len) == t->decoded.len);
  /* with a hint, in any order (forward, backward, jumping), the same */
  size_t n = t->norm.len + 3, hint = 0;
  for (size_t round = 0; round < 3; round++)
    for (size_t k = 0; k < n; k++) {
      size_t i = round == 0 ? k : round == 1 ? n - 1 - k : (k * 7) % n;
      if (hs_offmap_to_decoded_near(&t->map, i, &hint) !=
          hs_offmap_to_decoded(&t->map, i))
        ok = 0;
    }
  CHECK(ok);
}

static void test_offmap(void) {
  hs_text t;
  hs_text_init(&t);
  unsigned flags = HS_NORM_ALL & ~(unsigned)HS_NORM_T2S; /* no OpenCC */
  CHECK(
      hs_text_decode(
          &t,
          N("產(chǎn)業(yè)開發(fā)區(qū)完成技工貿(mào)總收入６６．２３億元"),
          NULL, flags) == HS_OK);
  CHECK_MEM(t.norm.data, t.norm.len, "產業開發區完成技工貿總收入66.23億元");
  /* a span ending in a glossed character takes in its gloss */
  CHECK_SPAN(&t, 0, 6, "產(chǎn)業(yè)");
  CHECK_SPAN(&t, 0, 15, "產(chǎn)業(yè)開發(fā)區(qū)");
  /* a span starts exactly at its first character */
  CHECK_SPAN(&t, 3, 6, "業(yè)");
  size_t a = find(&t.norm, "貿總收入");
  CHECK_SPAN(&t, a, a + strlen("貿總收入"), "貿(mào)總收入");
  a = find(&t.norm, "66.23");
  CHECK_SPAN(&t, a, a + 5, "６６．２３");
  CHECK_SPAN(&t, a, t.norm.len, "６６．２３億元");
  CHECK_SPAN(&t, a + 2, a + 3, "．");
  check_monotonic(&t);

  CHECK(hs_text_decode(&t, N("a\r\nb\xE2\x80\x8B\rc"), NULL, flags) == HS_OK);
  CHECK_MEM(t.norm.data, t.norm.len, "a\nb\nc");
  CHECK_SPAN(&t, 0, 2, "a\r\n");
  CHECK_SPAN(&t, 2, 3, "b\xE2\x80\x8B"); /* deleted ZWSP goes with b */
  CHECK_SPAN(&t, 4, 5, "c");
  check_monotonic(&t);

  /* deleted material at the very start belongs to no span start */
  CHECK(hs_text_decode(&t,
                       N("\xE2\x80\x8B\xE2\x80\x8B"
                         "12"),
                       NULL, flags) == HS_OK);
  CHECK_MEM(t.norm.data, t.norm.len, "12");
  CHECK_SPAN(&t, 0, 2, "12");
  check_monotonic(&t);

  CHECK(hs_text_decode(&t,
                       N("現(xiàn)就園區(qū)工作情況匯報如下。\r\n"
                         "完成技工貿(mào)總收入66.23億元,確!皟蓚維護”"),
                       NULL, HS_NORM_ALL) == HS_OK);
  a = find(&t.norm, "技工贸总收入66.23亿元");
  CHECK(a != (size_t)-1);
  CHECK_SPAN(&t, a, a + strlen("技工贸总收入66.23亿元"),
             "技工貿(mào)總收入66.23億元");
  a = find(&t.norm, "园区");
  CHECK_SPAN(&t, a, a + 6, "園區(qū)");
  check_monotonic(&t);
  hs_text_close(&t);

  /* NULL and empty maps are the identity */
  CHECK(hs_offmap_to_decoded(NULL, 7) == 7);
  hs_offmap m;
  hs_offmap_init(&m);
  CHECK(hs_offmap_to_decoded(&m, 3) == 3);
  hs_offmap_close(&m);
  hs_offmap_close(NULL);

  /* stray invalid bytes pass through hs_normalize unchanged */
  hs_buf out;
  hs_buf_init(&out);
  hs_offmap_init(&m);
  CHECK(hs_normalize(N("a\xFF１"), HS_NORM_ALL, &out, &m) == HS_OK);
  CHECK_MEM(out.data, out.len,
            "a\xFF"
            "1");
  CHECK(hs_offmap_to_decoded(&m, 2) == 2);
  CHECK(hs_offmap_to_decoded(&m, 3) == 5);
  CHECK(hs_normalize(NULL, 0, HS_NORM_ALL, &out, &m) == HS_OK);
  CHECK(out.len == 0 && hs_offmap_to_decoded(&m, 0) == 0);
  hs_offmap_close(&m);
  hs_buf_close(&out);
}


static void test_t2s_longer(void) {
  /* a Simplified form beyond the BMP: 瀃 U+7003 -> U+23F77, a byte longer */
  CHECK(hs_t2s_char(0x7003) == 0x23F77);
  CHECK_NORM("产瀃(chǎn)值", HS_NORM_ALL, "产\xF0\xA3\xBD\xB7值");
  hs_text t;
  hs_text_init(&t);
  CHECK(hs_text_decode(&t, N("产瀃(chǎn)值瀃"), NULL, HS_NORM_ALL) == HS_OK);
  CHECK_SPAN(&t, 3, 7, "瀃(chǎn)");
  CHECK_SPAN(&t, 7, 10, "值");
  CHECK_SPAN(&t, 10, 14, "瀃");
  check_monotonic(&t);
  hs_text_close(&t);
}

int main(void) {
  test_bom_and_utf8();
  test_steps();
  test_gloss();
  test_t2s();
  test_offmap();
  test_t2s_longer();
  test_charset();
  test_html();
  test_docx();
  test_sniff();
  test_tables();
  test_one_pass();
  return check_report("test_decode");
}
