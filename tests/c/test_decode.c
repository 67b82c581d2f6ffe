/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the decode module: BOM stripping, UTF-8 validation with the
 * offset of the first bad byte, each normalization step byte for byte, the
 * pinyin-gloss rule (glosses go, genuine parentheses stay), Traditional to
 * Simplified folding, and the offset map taking normalized spans back to
 * the exact original text. Snippets are written after seed-004.txt.
 */
#include "decode/decode.h"
#include "check.h"

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
  CHECK(hs_text_decode(&t, N("確保\x80"), NULL, HS_NORM_ALL) == HS_EDATA);
  CHECK_STR(t.msg, "invalid UTF-8 at byte 6");
  CHECK(hs_text_decode(&t, N("x"), "gb18030", HS_NORM_ALL) == HS_EDATA);
  CHECK_STR(t.msg, "unsupported encoding 'gb18030'");
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
        hs_decode_encoding_ok("UTF-8") && !hs_decode_encoding_ok("big5"));
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
  if (!hs_t2s_available()) {
    printf("test_decode: OpenCC t2s unavailable, T2S checks skipped\n");
    return;
  }
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

  if (hs_t2s_available()) {
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
  }
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

int main(void) {
  test_bom_and_utf8();
  test_steps();
  test_gloss();
  test_t2s();
  test_offmap();
  return check_report("test_decode");
}
