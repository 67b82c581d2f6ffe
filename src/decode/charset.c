/* SPDX-License-Identifier: MIT */
/*
 * Character sets: detection of a document's encoding and conversion to
 * UTF-8, undecodable bytes becoming U+FFFD.
 *
 * Detection, in order: a BOM; NUL bytes in alternate positions (UTF-16
 * with ASCII text); valid UTF-8; control bytes that no text has (binary);
 * then the candidates UTF-16LE, UTF-16BE, GB18030, Big5 and UTF-8 are each
 * decoded over a sample (the first SAMPLE bytes) and scored by the number
 * of common Chinese characters they produce (the table below: everyday
 * characters plus those of development-zone reports, in both Simplified and
 * Traditional forms) less a penalty for each undecodable sequence. The right
 * decoding yields mostly common characters; a wrong one yields rare ones
 * and errors. Ties go to UTF-8, then GB18030. docs/encoding.md measures it.
 *
 * Conversion is glibc iconv's, with two shortcuts that give the same bytes,
 * the same U+FFFD and the same counts as iconv itself:
 * - GB18030 and Big5 (CP950) go through a table of every two-byte sequence
 *   (lead 0x81..0xFE, any trail) built once per process by asking
 *   iconv about each pair (a lead byte's row at a time, see mb_row): the
 *   UTF-8 it gives, or "invalid at the lead byte whatever follows". ASCII
 *   is copied. Anything else (GB18030's
 *   four-byte sequences, CP950's 0x80, a lead byte at the end, pairs iconv
 *   did not answer plainly) goes to iconv itself, a window of at most four
 *   bytes at a time; only an error at the window's first byte is taken
 *   from it, so every decision is iconv's own on the same bytes.
 * - UTF-8 is validated run by run and copied (valid UTF-8 found by
 *   detection is copied without a second look, see normalize.c).
 * Detection keeps the winner's conversion when the sample was the whole
 * document, so that a GB18030 or Big5 document is converted only once.
 *
 * Workload per document: one scan of the sample for control bytes, a UTF-8
 * validation (ending at the first invalid byte); for other text, five
 * scorings of the sample at table speed, then at most one conversion. The
 * tables (the common characters as a bitmap, GB18030, CP950) are built on
 * first use with pthread_once and only read after: thread-safe.
 */
#include "decode.h"
#include "decode_int.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#define HS_HAVE_AVX2 1
#include <immintrin.h>
#else
#define HS_HAVE_AVX2 0
#endif
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAMPLE     ((size_t)32 << 10)
#define BIG5_ICONV "CP950"       /* Big5 with the Microsoft additions */
#define CHUNK      ((size_t)512) /* bytes between two looks at pruning */
#define CHUNK_16   ((size_t)128) /* the same for UTF-16 (pruned soonest) */

/* Sorted: 3500 everyday characters would be better; these 727 cover about
 * 80% of the ideographs of the genre. Generated from a frequency list of
 * everyday characters and report vocabulary, plus their Traditional forms
 * (OpenCC s2t). */
static const uint16_t common[] = {
    0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E0A, 0x4E0B, 0x4E0D, 0x4E0E, 0x4E13,
    0x4E14, 0x4E16, 0x4E1A, 0x4E1C, 0x4E24, 0x4E25, 0x4E26, 0x4E2A, 0x4E2D,
    0x4E3A, 0x4E3B, 0x4E48, 0x4E49, 0x4E4B, 0x4E5D, 0x4E5F, 0x4E60, 0x4E66,
    0x4E86, 0x4E89, 0x4E8B, 0x4E8C, 0x4E8E, 0x4E94, 0x4E9B, 0x4EA4, 0x4EA7,
    0x4EA9, 0x4EAC, 0x4EB2, 0x4EBA, 0x4EBF, 0x4EC0, 0x4ECA, 0x4ECE, 0x4ED6,
    0x4EE3, 0x4EE5, 0x4EEC, 0x4EF6, 0x4EF7, 0x4EFB, 0x4F01, 0x4F17, 0x4F1A,
    0x4F20, 0x4F46, 0x4F4D, 0x4F4E, 0x4F4F, 0x4F53, 0x4F55, 0x4F5C, 0x4F60,
    0x4F7F, 0x4F86, 0x4F8B, 0x4FBF, 0x4FDD, 0x4FE1, 0x500B, 0x5011, 0x5019,
    0x503C, 0x505A, 0x5099, 0x50B3, 0x50F9, 0x5104, 0x513F, 0x5143, 0x5148,
    0x5149, 0x514B, 0x5152, 0x515A, 0x5165, 0x5167, 0x5168, 0x5169, 0x516B,
    0x516C, 0x516D, 0x5171, 0x5173, 0x5176, 0x5177, 0x517B, 0x5185, 0x518D,
    0x5199, 0x519B, 0x519C, 0x51B3, 0x51B5, 0x51C0, 0x51C6, 0x51E0, 0x51FA,
    0x5206, 0x5207, 0x5212, 0x5217, 0x5219, 0x521B, 0x5225, 0x5229, 0x522B,
    0x5230, 0x5236, 0x5247, 0x524D, 0x5275, 0x5283, 0x529B, 0x529E, 0x52A0,
    0x52A1, 0x52A8, 0x52B3, 0x52D5, 0x52D9, 0x52DE, 0x5305, 0x5316, 0x5317,
    0x533A, 0x5340, 0x5341, 0x5343, 0x534A, 0x534E, 0x5355, 0x5357, 0x5373,
    0x5374, 0x537B, 0x5382, 0x5386, 0x538B, 0x539F, 0x53BB, 0x53BF, 0x53C2,
    0x53C3, 0x53C8, 0x53CA, 0x53CD, 0x53D1, 0x53D6, 0x53D7, 0x53D8, 0x53E3,
    0x53EA, 0x53EB, 0x53EF, 0x53F2, 0x53F7, 0x5404, 0x5408, 0x540C, 0x540D,
    0x540E, 0x5411, 0x542C, 0x5458, 0x5468, 0x547D, 0x548C, 0x54C1, 0x54CD,
    0x54E1, 0x5546, 0x554F, 0x55AE, 0x5668, 0x56B4, 0x56DB, 0x56DE, 0x56E0,
    0x56E2, 0x56ED, 0x56F4, 0x56FD, 0x56FE, 0x5706, 0x570B, 0x570D, 0x5712,
    0x5713, 0x5716, 0x5718, 0x571F, 0x5728, 0x5730, 0x573A, 0x578B, 0x57FA,
    0x5831, 0x5834, 0x589E, 0x58D3, 0x58F0, 0x5904, 0x5907, 0x590D, 0x5916,
    0x591A, 0x5927, 0x5929, 0x592A, 0x5934, 0x5979, 0x597D, 0x5982, 0x59CB,
    0x59D4, 0x5B50, 0x5B58, 0x5B66, 0x5B75, 0x5B78, 0x5B83, 0x5B89, 0x5B8C,
    0x5B9A, 0x5B9E, 0x5BB6, 0x5BB9, 0x5BE6, 0x5BEB, 0x5BF9, 0x5BFC, 0x5C06,
    0x5C07, 0x5C08, 0x5C0D, 0x5C0E, 0x5C0F, 0x5C11, 0x5C31, 0x5C40, 0x5C42,
    0x5C55, 0x5C5E, 0x5C64, 0x5C6C, 0x5C71, 0x5DE5, 0x5DF1, 0x5DF2, 0x5E02,
    0x5E03, 0x5E26, 0x5E36, 0x5E38, 0x5E72, 0x5E73, 0x5E74, 0x5E76, 0x5E79,
    0x5E7E, 0x5E7F, 0x5E94, 0x5E9C, 0x5EA6, 0x5EE0, 0x5EE3, 0x5EFA, 0x5F00,
    0x5F0F, 0x5F15, 0x5F20, 0x5F35, 0x5F37, 0x5F3A, 0x5F53, 0x5F62, 0x5F71,
    0x5F80, 0x5F88, 0x5F8B, 0x5F8C, 0x5F97, 0x5F9E, 0x5FC3, 0x5FC5, 0x5FD7,
    0x5FEB, 0x6001, 0x601D, 0x6027, 0x603B, 0x60C5, 0x60F3, 0x610F, 0x611F,
    0x614B, 0x61C9, 0x6210, 0x6211, 0x6216, 0x6218, 0x6230, 0x623F, 0x6240,
    0x624B, 0x624D, 0x6253, 0x6280, 0x628A, 0x6295, 0x62A5, 0x62C9, 0x62DB,
    0x6301, 0x6307, 0x6309, 0x636E, 0x63A1, 0x63A5, 0x63A8, 0x63D0, 0x64DA,
    0x652F, 0x6536, 0x6539, 0x653E, 0x653F, 0x6548, 0x6559, 0x6570, 0x6574,
    0x6578, 0x6587, 0x6597, 0x6599, 0x65AD, 0x65AF, 0x65B0, 0x65B7, 0x65B9,
    0x65BC, 0x65CF, 0x65E0, 0x65E5, 0x65F6, 0x660E, 0x6613, 0x662F, 0x6642,
    0x66F4, 0x66F8, 0x6700, 0x6703, 0x6708, 0x6709, 0x671F, 0x672C, 0x672F,
    0x673A, 0x6743, 0x6761, 0x6765, 0x6771, 0x6781, 0x6784, 0x6797, 0x679C,
    0x67E5, 0x6807, 0x6837, 0x6839, 0x683C, 0x689D, 0x696D, 0x6975, 0x69CB,
    0x6A19, 0x6A23, 0x6A5F, 0x6B0A, 0x6B21, 0x6B63, 0x6B64, 0x6B65, 0x6B77,
    0x6BB5, 0x6BCF, 0x6BD4, 0x6BDB, 0x6C11, 0x6C14, 0x6C23, 0x6C34, 0x6C42,
    0x6C5F, 0x6C7A, 0x6C92, 0x6CA1, 0x6CB9, 0x6CBB, 0x6CC1, 0x6CD5, 0x6D3B,
    0x6D3E, 0x6D41, 0x6D4E, 0x6D77, 0x6D88, 0x6DE8, 0x6DF1, 0x6E05, 0x6E29,
    0x6E96, 0x6EAB, 0x6EE1, 0x6EFF, 0x6FDF, 0x706B, 0x70B9, 0x70ED, 0x7121,
    0x7126, 0x7136, 0x7167, 0x71B1, 0x71DF, 0x722D, 0x7232, 0x7247, 0x7269,
    0x7279, 0x72B6, 0x72C0, 0x7387, 0x738B, 0x73B0, 0x73FE, 0x7406, 0x751F,
    0x7522, 0x7528, 0x7531, 0x7535, 0x754C, 0x755D, 0x7576, 0x767C, 0x767D,
    0x767E, 0x7684, 0x76EE, 0x76F4, 0x76F8, 0x7701, 0x770B, 0x771F, 0x773C,
    0x7740, 0x77E5, 0x77F3, 0x77FF, 0x7814, 0x786E, 0x78BA, 0x7926, 0x793A,
    0x793E, 0x79BB, 0x79CD, 0x79D1, 0x79EF, 0x79F0, 0x7A05, 0x7A0B, 0x7A0E,
    0x7A2E, 0x7A31, 0x7A4D, 0x7A76, 0x7A7A, 0x7ACB, 0x7AE3, 0x7B2C, 0x7B49,
    0x7B7E, 0x7B97, 0x7BA1, 0x7BC0, 0x7C3D, 0x7C73, 0x7C7B, 0x7CBE, 0x7CFB,
    0x7D04, 0x7D05, 0x7D1A, 0x7D20, 0x7D2F, 0x7D30, 0x7D44, 0x7D50, 0x7D66,
    0x7D71, 0x7D93, 0x7D9C, 0x7DAD, 0x7DDA, 0x7E23, 0x7E3D, 0x7E54, 0x7E5E,
    0x7E8C, 0x7EA2, 0x7EA6, 0x7EA7, 0x7EBF, 0x7EC4, 0x7EC6, 0x7EC7, 0x7ECF,
    0x7ED3, 0x7ED5, 0x7ED9, 0x7EDF, 0x7EED, 0x7EF4, 0x7EFC, 0x7F6E, 0x7F8E,
    0x7FA3, 0x7FA4, 0x7FA9, 0x7FD2, 0x8001, 0x8005, 0x800C, 0x8054, 0x805A,
    0x806F, 0x8072, 0x807D, 0x80B2, 0x80FD, 0x81EA, 0x81F3, 0x8207, 0x822C,
    0x8272, 0x8282, 0x82B1, 0x83EF, 0x8425, 0x842C, 0x8655, 0x865F, 0x8846,
    0x884C, 0x8853, 0x8857, 0x8868, 0x88AB, 0x88C5, 0x88CF, 0x88DD, 0x897F,
    0x8981, 0x8986, 0x898B, 0x898F, 0x89AA, 0x89C0, 0x89C1, 0x89C2, 0x89C4,
    0x89D2, 0x89E3, 0x8A08, 0x8A18, 0x8A2D, 0x8A31, 0x8A71, 0x8A72, 0x8A8D,
    0x8AAA, 0x8ABF, 0x8AD6, 0x8B49, 0x8B58, 0x8B70, 0x8B8A, 0x8BA1, 0x8BA4,
    0x8BAE, 0x8BB0, 0x8BB8, 0x8BBA, 0x8BBE, 0x8BC1, 0x8BC6, 0x8BDD, 0x8BE5,
    0x8BF4, 0x8C03, 0x8C61, 0x8CC7, 0x8CEA, 0x8D28, 0x8D44, 0x8D70, 0x8D77,
    0x8D8A, 0x8DEF, 0x8EAB, 0x8ECA, 0x8ECD, 0x8F03, 0x8F49, 0x8F66, 0x8F6C,
    0x8F83, 0x8FA6, 0x8FB2, 0x8FB9, 0x8FBE, 0x8FC7, 0x8FD0, 0x8FD1, 0x8FD8,
    0x8FD9, 0x8FDB, 0x8FDE, 0x9002, 0x9009, 0x9019, 0x901A, 0x901F, 0x9020,
    0x9023, 0x9032, 0x904B, 0x904E, 0x9053, 0x9054, 0x9069, 0x9078, 0x9084,
    0x908A, 0x90A3, 0x90E8, 0x90FD, 0x9178, 0x91C7, 0x91CC, 0x91CD, 0x91CF,
    0x91D1, 0x93AE, 0x93C8, 0x9435, 0x94C1, 0x94FE, 0x9547, 0x9577, 0x957F,
    0x9580, 0x958B, 0x9593, 0x95DC, 0x95E8, 0x95EE, 0x95F4, 0x961F, 0x9636,
    0x9645, 0x9662, 0x9664, 0x968A, 0x968E, 0x969B, 0x96BE, 0x96C6, 0x96E2,
    0x96E3, 0x96FB, 0x9700, 0x9752, 0x975E, 0x9762, 0x9769, 0x97F3, 0x97FF,
    0x9805, 0x9808, 0x9818, 0x982D, 0x984C, 0x985E, 0x9879, 0x987B, 0x9886,
    0x9898, 0x98A8, 0x98CE, 0x990A, 0x99AC, 0x9A57, 0x9A6C, 0x9A8C, 0x9AD4,
    0x9AD8, 0x9B25, 0x9EBC, 0x9EDE, 0x9EE8, 0x9F8D, 0x9F99,
};

/* The UTF-16 units that Chinese text plausibly holds: ASCII and Latin
 * letters, punctuation, box drawing, shapes, CJK symbols, kana, enclosed
 * and squared CJK (㎡), ideographs, compatibility and full-width forms;
 * inclusive ranges. */
static const uint16_t plausible16[][2] = {
    {'\t', '\t'},     {'\n', '\n'},     {'\r', '\r'},     {0x20, 0x7F},
    {0xA0, 0x24F},    {0x2000, 0x218F}, {0x2460, 0x25FF}, {0x3000, 0x30FF},
    {0x3200, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F},
    {0xFF01, 0xFF5E}, {0xFFE0, 0xFFE6}, {0xFEFF, 0xFEFF},
};

/* The table above and plausible16 as bitmaps over the BMP, built once. */
static uint64_t common_bits[0x10000 / 64];
static uint64_t plausible_bits[0x10000 / 64];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void build_common(void) {
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
    common_bits[common[i] >> 6] |= (uint64_t)1 << (common[i] & 63);
  for (size_t r = 0; r < sizeof plausible16 / sizeof plausible16[0]; r++)
    for (uint32_t u = plausible16[r][0]; u <= plausible16[r][1]; u++)
      plausible_bits[u >> 6] |= (uint64_t)1 << (u & 63);
}

/* 1 if c is in the table (build_common has run). */
static inline int is_common(uint32_t c) {
  return c < 0x10000 && ((common_bits[c >> 6] >> (c & 63)) & 1);
}

/* 1 if the unit u (<= 0xFFFF) is in plausible16 (build_common has run). */
static inline int is_plausible(uint32_t u) {
  return (plausible_bits[u >> 6] >> (u & 63)) & 1;
}

/*{====================================================================
 * Names
 *====================================================================}*/

static int ieq(const char *a, const char *b) {
  return strcasecmp(a, b) == 0;
}

const char *hs_charset_canon(const char *name) {
  if (name == NULL || *name == '\0' || ieq(name, "auto")) return NULL;
  if (ieq(name, "utf-8") || ieq(name, "utf8")) return "UTF-8";
  if (ieq(name, "gb18030") || ieq(name, "gbk") || ieq(name, "gb2312") ||
      ieq(name, "cp936") || ieq(name, "euc-cn") || ieq(name, "x-gbk") ||
      ieq(name, "gb_2312-80") || ieq(name, "ms936"))
    return "GB18030";
  if (ieq(name, "big5") || ieq(name, "cp950") || ieq(name, "x-big5") ||
      ieq(name, "big-5") || ieq(name, "ms950"))
    return "BIG5";
  if (ieq(name, "big5-hkscs") || ieq(name, "big5hkscs")) return "BIG5-HKSCS";
  if (ieq(name, "utf-16le") || ieq(name, "utf16le")) return "UTF-16LE";
  if (ieq(name, "utf-16be") || ieq(name, "utf16be")) return "UTF-16BE";
  if (ieq(name, "utf-16") || ieq(name, "utf16")) return "UTF-16";
  if (ieq(name, "us-ascii") || ieq(name, "ascii")) return "UTF-8";
  return NULL;
}

int hs_decode_encoding_ok(const char *name) {
  if (name == NULL || ieq(name, "auto")) return 1;
  if (hs_charset_canon(name) != NULL) return 1;
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return 0;
  iconv_close(cd);
  return 1;
}

/*{====================================================================
 * Conversion
 *====================================================================}*/

static hs_status put_fffd(hs_buf *out) {
  return hs_buf_append(out, "\xEF\xBF\xBD", 3);
}

/* UTF-8 to UTF-8: runs of valid text are copied, each invalid byte becomes
 * U+FFFD; the limit is checked after each run, as the iconv loop does. */
static hs_status utf8_lossy(const unsigned char *s, size_t n, hs_buf *out,
                            size_t max, size_t *bad, size_t *first_bad) {
  size_t i = 0;
  while (i < n) {
    size_t j = i + hs_u8_validate(s + i, n - i);
    if (hs_buf_append(out, s + i, j - i) != HS_OK) return HS_ENOMEM;
    if (out->len > max) return HS_ELIMIT;
    if (j == n) break;
    if (*bad == 0) *first_bad = j;
    (*bad)++;
    if (put_fffd(out) != HS_OK) return HS_ENOMEM;
    i = j + 1;
  }
  return HS_OK;
}

static const char *iconv_name(const char *enc) {
  if (strcmp(enc, "BIG5") == 0) return BIG5_ICONV;
  return enc;
}

/* The conversion by iconv alone of s[i..n): each call converts up to an
 * error; the limit is checked after each call; an invalid byte is skipped
 * as one U+FFFD, an incomplete sequence at the end (all its bytes) too.
 * The counts go on from their values. */
static hs_status iconv_loop(iconv_t cd, const unsigned char *s, size_t n,
                            size_t i, hs_buf *out, size_t max, size_t *nbad,
                            size_t *first) {
  char *in = (char *)(uintptr_t)(s + i);
  size_t left = n - i;
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
    if (*nbad == 0) *first = n - left;
    if (err == EINVAL) { /* incomplete sequence at the end */
      *nbad += left;
      left = 0;
    } else { /* EILSEQ: skip one byte */
      (*nbad)++;
      in++;
      left--;
    }
    rc = put_fffd(out);
    if (rc != HS_OK) break;
  }
  return rc;
}

/*{====================================================================
 * GB18030 and Big5 by table
 *====================================================================}*/

/* Entry (lead << 8 | trail) - 0x8100 of a table: MB_SLOW (ask
 * iconv), MB_BAD (iconv: invalid at the lead byte, whatever follows), or
 * the UTF-8 of the character in the low 24 bits (first byte lowest), its
 * length (1..3) in bits 24-25 and MB_COMMON when it is a common
 * character. */
#define MB_LEADS  126
#define MB_TRAILS 256
#define MB_SLOW   0u
#define MB_BAD    1u
#define MB_LEN(e) (((e) >> 24) & 3u)
#define MB_COMMON (1u << 31)

typedef struct mbtab {
  const char *name; /* for iconv */
  int ok;           /* built, and iconv maps ASCII to itself */
  uint32_t *e;      /* MB_LEADS * MB_TRAILS entries, with a row of MB_SLOW
                       before and after them (leads 0x80 and 0xFF) */
} mbtab;

static uint32_t gb_entries[(MB_LEADS + 2) * MB_TRAILS];
static uint32_t b5_entries[(MB_LEADS + 2) * MB_TRAILS];
static mbtab gb_tab = {"GB18030", 0, gb_entries + MB_TRAILS};
static mbtab b5_tab = {BIG5_ICONV, 0, b5_entries + MB_TRAILS};
static pthread_once_t gb_once = PTHREAD_ONCE_INIT;
static pthread_once_t b5_once = PTHREAD_ONCE_INIT;

/* iconv on in[0..n) alone: bytes of input used, output length, errno. */
static size_t conv_one(iconv_t cd, const unsigned char *in, size_t n,
                       unsigned char *out, size_t room, size_t *olen,
                       int *err) {
  char *ip = (char *)(uintptr_t)in, *op = (char *)out;
  size_t left = n;
  iconv(cd, NULL, NULL, NULL, NULL);
  size_t r = iconv(cd, &ip, &left, &op, &room);
  *err = r == (size_t)-1 ? errno : 0;
  *olen = (size_t)(op - (char *)out);
  return n - left;
}

/* The packed entry of a character whose UTF-8 is out[0..olen) (1..3). */
static uint32_t mb_entry(const unsigned char *out, size_t olen, uint32_t cp) {
  return (uint32_t)out[0] | (olen > 1 ? (uint32_t)out[1] << 8 : 0) |
         (olen > 2 ? (uint32_t)out[2] << 16 : 0) | (uint32_t)olen << 24 |
         (is_common(cp) ? MB_COMMON : 0);
}

/* The entry of the pair lead, trail from iconv on the pair alone, as the
 * table defines it. bad4: iconv's answer for the pair followed by "AA"
 * (1: invalid at the lead byte) when the caller knows it, else -1. */
static uint32_t mb_pair(iconv_t cd, unsigned lead, unsigned trail, int bad4) {
  unsigned char in[4] = {(unsigned char)lead, (unsigned char)trail, 'A', 'A'};
  unsigned char out[16];
  size_t olen;
  int err;
  size_t used = conv_one(cd, in, 2, out, sizeof out, &olen, &err);
  uint32_t cp;
  if (used == 2 && err == 0 && olen >= 1 && olen <= 3 &&
      hs_u8_dec(out, olen, &cp) == olen)
    return mb_entry(out, olen, cp);
  if (used == 0 && err == EILSEQ) {
    /* invalid with two bytes seen: check that more bytes change nothing */
    if (bad4 < 0) {
      used = conv_one(cd, in, 4, out, sizeof out, &olen, &err);
      bad4 = used == 0 && err == EILSEQ;
    }
    if (bad4) return MB_BAD;
  }
  return MB_SLOW;
}

/* The entries of a lead byte's row. Asking iconv pair by pair costs two
 * calls a pair; instead the row's pairs, each followed by "AA", go to
 * iconv together, up to the first that stops it, which is asked alone,
 * and so on. GB18030 and CP950 are stateless and decide a character on at
 * most four bytes, so a pair that converts there as one character
 * followed by "AA" converts so alone, and one that stops iconv at its lead
 * with EILSEQ does so followed by "AA" alone. Output that does not read as
 * one non-ASCII character and "AA" a pair sends its whole batch to the
 * pair-by-pair way. */
static void mb_row(iconv_t cd, mbtab *t, unsigned lead) {
  unsigned char in[MB_TRAILS * 4], out[MB_TRAILS * 16];
  uint32_t *e = &t->e[(lead - 0x81) << 8];
  for (unsigned tr = 0; tr < MB_TRAILS; tr++) {
    in[4 * tr] = (unsigned char)lead;
    in[4 * tr + 1] = (unsigned char)tr;
    in[4 * tr + 2] = in[4 * tr + 3] = 'A';
  }
  unsigned from = 0;
  while (from < MB_TRAILS) {
    size_t olen;
    int err;
    size_t used = conv_one(cd, in + 4 * from, 4 * (MB_TRAILS - from), out,
                           sizeof out, &olen, &err);
    unsigned done = (unsigned)(used / 4), u = 0;
    size_t p = 0;
    int clean = used % 4 == 0 && (err == 0 || err == EILSEQ || err == EINVAL);
    for (; clean && u < done; u++) {
      uint32_t cp;
      size_t k = p < olen ? hs_u8_dec(out + p, olen - p, &cp) : 0;
      if (k < 2 || k > 3 || olen - p - k < 2 || out[p + k] != 'A' ||
          out[p + k + 1] != 'A')
        break;
      e[from + u] = mb_entry(out + p, k, cp);
      p += k + 2;
    }
    if (!clean || u < done || p != olen) { /* pair by pair */
      for (u = from; u < MB_TRAILS; u++)
        e[u] = mb_pair(cd, lead, u, -1);
      return;
    }
    from += done;
    if (from == MB_TRAILS) break;
    /* the pair that stopped iconv */
    e[from] = mb_pair(cd, lead, from, err == EILSEQ ? 1 : -1);
    from++;
  }
}

static void build_mb(mbtab *t) {
  pthread_once(&common_once, build_common);
  iconv_t cd = iconv_open("UTF-8", t->name);
  if (cd == (iconv_t)-1) return; /* conversions go to iconv, and fail */
  unsigned char in[4], out[16];
  size_t olen;
  int err;
  for (unsigned b = 0; b < 0x80; b++) {
    in[0] = (unsigned char)b;
    if (conv_one(cd, in, 1, out, sizeof out, &olen, &err) != 1 || err != 0 ||
        olen != 1 || out[0] != b)
      goto done;
  }
  for (unsigned lead = 0x81; lead <= 0xFE; lead++)
    mb_row(cd, t, lead);
  t->ok = 1;
done:
  iconv_close(cd);
}

static void build_gb(void) {
  build_mb(&gb_tab);
}

static void build_b5(void) {
  build_mb(&b5_tab);
}

/* The table for a canonical encoding name, built, or NULL. */
static const mbtab *mb_table(const char *enc) {
  if (strcmp(enc, "GB18030") == 0) {
    pthread_once(&gb_once, build_gb);
    return gb_tab.ok ? &gb_tab : NULL;
  }
  if (strcmp(enc, "BIG5") == 0) {
    pthread_once(&b5_once, build_b5);
    return b5_tab.ok ? &b5_tab : NULL;
  }
  return NULL;
}

/* Adds the common characters of the UTF-8 p[0..n) to *com. */
static void count_common(const unsigned char *p, size_t n, long *com) {
  size_t i = 0;
  while (i < n) {
    uint32_t c;
    size_t k = hs_u8_dec(p + i, n - i, &c);
    if (k == 0) {
      i++;
      continue;
    }
    *com += is_common(c);
    i += k;
  }
}

/* Detection stops scoring a candidate as soon as the best score it could
 * still reach cannot win: below the leader's, or equal to it when the
 * leader comes first in the order of ties. */
typedef struct prune {
  long best;  /* the leader's score */
  int tie_ok; /* an equal score would win */
} prune;

static int hopeless(const prune *p, long ub) {
  return p != NULL && (ub < p->best || (ub == p->best && !p->tie_ok));
}

enum { SLOW_OK, SLOW_BAD, SLOW_END, SLOW_ODD, SLOW_NOMEM, SLOW_NOCONV };

/* Lets iconv convert s[*pi..), a window of at most four bytes. SLOW_OK once
 * it converted something (*pi advanced; later trouble in the window is
 * looked at again from its own first byte); SLOW_BAD when the window's first
 * byte is invalid; SLOW_END when the rest of the input is an incomplete
 * sequence; SLOW_ODD when iconv does anything else. */
static int mb_slow(iconv_t *cd, const char *name, const unsigned char *s,
                   size_t n, size_t *pi, hs_buf *out, long *com) {
  if (*cd == (iconv_t)-1) {
    *cd = iconv_open("UTF-8", name);
    if (*cd == (iconv_t)-1) return SLOW_NOCONV;
  }
  if (hs_buf_reserve(out, 64) != HS_OK) return SLOW_NOMEM;
  size_t i = *pi, w = n - i < 4 ? n - i : 4;
  char *in = (char *)(uintptr_t)(s + i), *o = out->data + out->len;
  size_t left = w, room = out->cap - out->len - 1;
  size_t r = iconv(*cd, &in, &left, &o, &room);
  int err = r == (size_t)-1 ? errno : 0;
  if (left < w) {
    size_t olen = (size_t)(o - out->data) - out->len;
    if (com != NULL)
      count_common((const unsigned char *)out->data + out->len, olen, com);
    out->len += olen;
    out->data[out->len] = '\0';
    *pi = i + (w - left);
    return SLOW_OK;
  }
  if (err == EILSEQ) return SLOW_BAD;
  if (err == EINVAL && w == n - i) return SLOW_END;
  return SLOW_ODD;
}

/* The fast part of mb_convert: converts ASCII and the pairs the table
 * answers from s[i] on, up to lim (a pair may end one byte past it; `last`
 * is the last byte of the input); stops at lim or at the first byte that
 * needs more, and returns where it stopped. The output goes to *po (room
 * for two bytes per byte in, and four more), the common characters are
 * added to *common. A byte 0x80 or 0xFF finds an MB_SLOW entry in the rows
 * around the table, so the pairs need no range check. */
static size_t mb_fast(const uint32_t *tab, const unsigned char *s, size_t i,
                      size_t lim, size_t last, unsigned char **po,
                      long *common) {
  const uint32_t *rows = tab - MB_TRAILS; /* from lead 0x80 */
  unsigned char *o = *po;
  long com = 0;
  const size_t pairs = lim < last ? lim : last; /* a pair starts before */
  while (i < pairs) {
    size_t c = s[i];
    if (c < 0x80) {
      if (lim - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (!HS_HAS_HIGH(w)) {
          memcpy(o, &w, 8);
          o += 8;
          i += 8;
          continue;
        }
      }
      *o++ = (unsigned char)c;
      i++;
      continue;
    }
    /* a run of pairs */
    do {
      uint32_t e = rows[(c << 8 | s[i + 1]) - 0x8000];
      size_t k = MB_LEN(e);
      if (k == 0) goto stop;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      memcpy(o, &e, 4); /* the fourth byte is overwritten later */
#else
      o[0] = (unsigned char)e;
      o[1] = (unsigned char)(e >> 8);
      o[2] = (unsigned char)(e >> 16);
#endif
      o += k;
      i += 2;
      com += (long)(e >> 31);
    } while (i < pairs && (c = s[i]) >= 0x80);
  }
  if (i == last && i < lim && s[i] < 0x80) /* the input's last byte */
    *o++ = s[i++];
stop:
  *po = o;
  *common += com;
  return i;
}

/* hs_charset_to_utf8 through table t: the same output, counts and limit
 * checks as iconv_loop on the whole of s[0..n). *com (if not NULL) gets
 * the number of common characters produced. With pr (detection, com set),
 * *pruned is set and the conversion left unfinished once the score
 * (4 x common - 8 x undecodable, one of which the sample cut may excuse)
 * cannot win; a common character takes two bytes or more. */
static hs_status mb_convert(const mbtab *t, const unsigned char *s, size_t n,
                            hs_buf *out, size_t max, size_t *nbad,
                            size_t *first, long *com, const prune *pr,
                            int *pruned) {
  iconv_t cd = (iconv_t)-1;
  hs_status rc = HS_OK;
  size_t i = 0, base = out->len;
  const size_t last = n > 0 ? n - 1 : 0;
  long common = 0;
  while (i < n) {
    /* a run: up to an error (at i) or the end */
    int err = 0;
    while (i < n && err == 0) {
      /* a chunk, with room for two bytes out per byte in */
      size_t lim = n - i > CHUNK ? i + CHUNK : n;
      if (pr != NULL && hopeless(pr, 4 * (common + (long)((n - i) / 2)) -
                                         8 * (long)(*nbad ? *nbad - 1 : 0))) {
        *pruned = 1;
        goto done;
      }
      rc = hs_buf_reserve(out, (lim - i) * 2 + 64);
      if (rc != HS_OK) goto done;
      while (i < lim && err == 0) {
        unsigned char *o = (unsigned char *)out->data + out->len;
        i = mb_fast(t->e, s, i, lim, last, &o, &common);
        out->len = (size_t)((char *)o - out->data);
        if (i >= lim) break;
        unsigned c = s[i];
        if (c - 0x81u < (unsigned)MB_LEADS && i < last &&
            t->e[(c << 8 | s[i + 1]) - 0x8100] == MB_BAD) {
          err = EILSEQ; /* invalid at the lead byte */
          break;
        }
        /* iconv decides */
        int r = mb_slow(&cd, t->name, s, n, &i, out, com ? &common : NULL);
        if (r == SLOW_OK &&
            hs_buf_reserve(out, (lim > i ? lim - i : 0) * 2 + 64) != HS_OK)
          r = SLOW_NOMEM;
        if (r == SLOW_OK) continue;
        if (r == SLOW_BAD) {
          err = EILSEQ;
        } else if (r == SLOW_END) {
          err = EINVAL;
        } else if (r == SLOW_ODD) { /* iconv alone from here */
          out->data[out->len] = '\0';
          rc = iconv_loop(cd, s, n, i, out, max, nbad, first);
          common = 0;
          if (com != NULL)
            count_common((const unsigned char *)out->data + base,
                         out->len - base, &common);
          goto done;
        } else {
          rc = r == SLOW_NOMEM ? HS_ENOMEM : HS_EDATA;
          goto done;
        }
      }
      out->data[out->len] = '\0';
    }
    if (out->len > max) {
      rc = HS_ELIMIT;
      break;
    }
    if (err == 0) break;
    if (*nbad == 0) *first = i;
    if (err == EINVAL) {
      *nbad += n - i;
      i = n;
    } else {
      (*nbad)++;
      i++;
    }
    rc = put_fffd(out);
    if (rc != HS_OK) break;
  }
done:
  if (cd != (iconv_t)-1) iconv_close(cd);
  if (com != NULL) *com = common;
  return rc;
}

hs_status hs_charset_to_utf8(const void *raw, size_t n, const char *enc,
                             hs_buf *out, size_t max, size_t *bad,
                             size_t *first_bad) {
  const unsigned char *s = raw;
  size_t nbad = 0, first = 0;
  hs_status rc = HS_OK;
  if (max == 0) max = (size_t)-1 / 2;
  if (s == NULL) n = 0;
  const mbtab *t;
  if (strcmp(enc, "UTF-8") == 0) {
    rc = utf8_lossy(s, n, out, max, &nbad, &first);
  } else if ((t = mb_table(enc)) != NULL) {
    rc = mb_convert(t, s, n, out, max, &nbad, &first, NULL, NULL, NULL);
  } else {
    iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
    if (cd == (iconv_t)-1) {
      rc = HS_EDATA;
    } else {
      rc = iconv_loop(cd, s, n, 0, out, max, &nbad, &first);
      iconv_close(cd);
    }
  }
  if (bad != NULL) *bad = nbad;
  if (first_bad != NULL) *first_bad = first;
  return rc;
}

/*{====================================================================
 * Detection
 *====================================================================}*/

/* The candidates, in the order that breaks ties. */
enum { C_UTF8, C_GB, C_BIG5, C_LE, C_BE, NCANDS };
static const char *const cand_name[NCANDS] = {"UTF-8", "GB18030", "BIG5",
                                              "UTF-16LE", "UTF-16BE"};

typedef struct score {
  long common; /* common ideographs */
  long bad;    /* undecodable sequences */
  long ascii;  /* UTF-16: ASCII units */
  size_t nbad; /* GB18030, Big5: undecodable bytes, before the sample
                  correction, and the first one's offset */
  size_t first;
} score;

/* The UTF-8 candidate over the sample: the common characters of what
 * utf8_lossy would give, and its count of invalid bytes. 1 when pruned (a
 * common character takes three bytes). */
static int score_utf8(const unsigned char *s, size_t n, const prune *pr,
                      score *sc) {
  size_t i = 0, bad = 0, first = 0;
  long common = 0;
  while (i < n) {
    size_t lim = n - i > CHUNK ? i + CHUNK : n;
    if (hopeless(pr, 4 * (common + (long)((n - i) / 3)) -
                         8 * (long)(bad ? bad - 1 : 0)))
      return 1;
    while (i < lim) {
      if (s[i] < 0x80) {
        i++;
        continue;
      }
      uint32_t c;
      size_t k = hs_u8_dec(s + i, n - i, &c);
      if (k == 0) {
        if (bad == 0) first = i;
        bad++;
        i++;
        continue;
      }
      common += is_common(c);
      i += k;
    }
  }
  sc->common = common;
  sc->nbad = bad;
  sc->first = first;
  return 0;
}

/* The UTF-16 candidates: common and implausible units. For `strict` (no
 * NUL byte evidence), a quarter of the units must be common. 1 when
 * pruned. */
static int score_utf16(const unsigned char *raw, size_t n, int le, int strict,
                       const prune *pr, score *sc) {
  long units = (long)(n / 2), common = 0, bad = 0, ascii = 0;
  size_t next_check = 0;
  for (size_t i = 0; i + 1 < n; i += 2) {
    if (pr != NULL && i >= next_check) {
      long cmax = common + (long)((n - i) / 2);
      long ub =
          4 * cmax - 8 * bad - (strict && cmax * 4 < units ? 8 * units : 0);
      if (hopeless(pr, ub)) return 1;
      next_check = i + CHUNK_16;
    }
    uint32_t u = le ? (uint32_t)(raw[i] | raw[i + 1] << 8)
                    : (uint32_t)(raw[i] << 8 | raw[i + 1]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
      uint32_t v = le ? (uint32_t)(raw[i + 2] | raw[i + 3] << 8)
                      : (uint32_t)(raw[i + 2] << 8 | raw[i + 3]);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        i += 2;
        continue;
      }
    }
    if (u < 0x80) ascii++;
    if (!is_plausible(u))
      bad++;
    else
      common += is_common(u);
  }
  /* any byte pairs decode as UTF-16: without a BOM or NULs, ask for
   * text that is plainly Chinese (a quarter of common characters) */
  if (strict && common * 4 < units) bad += units;
  sc->common = common;
  sc->bad = bad;
  sc->ascii = ascii;
  return 0;
}

/* Scores raw[0..n) decoded as candidate c (n is a sample: an error in its
 * last bytes may be a character it cut and is not counted). GB18030 and
 * Big5 leave their conversion in tmp (reset first). *pruned is set when
 * pr showed the candidate cannot win (the score is then meaningless). */
static hs_status score_cand(const unsigned char *raw, size_t n, int c,
                            int strict, hs_buf *tmp, const prune *pr, score *sc,
                            int *pruned) {
  memset(sc, 0, sizeof *sc);
  *pruned = 0;
  if (c == C_LE || c == C_BE) {
    *pruned = score_utf16(raw, n, c == C_LE, strict, pr, sc);
    return HS_OK;
  }
  if (c == C_UTF8) {
    *pruned = score_utf8(raw, n, pr, sc);
    if (*pruned) return HS_OK;
  } else {
    hs_buf_reset(tmp);
    const mbtab *t = mb_table(cand_name[c]);
    hs_status rc;
    if (t != NULL) {
      rc = mb_convert(t, raw, n, tmp, (size_t)-1 / 2, &sc->nbad, &sc->first,
                      &sc->common, pr, pruned);
      if (rc != HS_OK || *pruned) return rc;
    } else {
      rc = hs_charset_to_utf8(raw, n, cand_name[c], tmp, 0, &sc->nbad,
                              &sc->first);
      if (rc != HS_OK) return rc;
      count_common((const unsigned char *)tmp->data, tmp->len, &sc->common);
    }
  }
  size_t bad = sc->nbad;
  /* an error in the last 3 bytes may be a character cut by the sample */
  if (bad > 0 && n >= SAMPLE && sc->first + 4 >= n) bad--;
  sc->bad = (long)bad;
  return HS_OK;
}

/* 1 if byte c is a control byte that text never has. */
static inline int is_control(unsigned c) {
  return c < 0x20 && !(c >= 0x09 && c <= 0x0D) && c != 0x1B;
}

#if HS_HAVE_AVX2
/* The offset of the first 64-byte block of s[0..m) with a byte below 0x20
 * other than LF, or where the last whole block ends: what scan_controls
 * can skip (a block of text is one test). */
__attribute__((target("avx2"))) static size_t
skip_text_avx2(const unsigned char *s, size_t m) {
  const __m256i k1f = _mm256_set1_epi8(0x1F), lf = _mm256_set1_epi8('\n');
  size_t i = 0;
  for (; i + 64 <= m; i += 64) {
    __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
    __m256i la =
        _mm256_andnot_si256(_mm256_cmpeq_epi8(a, lf),
                            _mm256_cmpeq_epi8(_mm256_min_epu8(a, k1f), a));
    __m256i lb =
        _mm256_andnot_si256(_mm256_cmpeq_epi8(b, lf),
                            _mm256_cmpeq_epi8(_mm256_min_epu8(b, k1f), b));
    if (!_mm256_testz_si256(_mm256_or_si256(la, lb), _mm256_or_si256(la, lb)))
      break;
  }
  return i;
}

/* skip_text_avx2 with AVX-512: a block is one compare into a mask. */
__attribute__((target("avx512f,avx512bw"))) static size_t
skip_text_avx512(const unsigned char *s, size_t m) {
  const __m512i k20 = _mm512_set1_epi8(0x20), lf = _mm512_set1_epi8('\n');
  size_t i = 0;
  for (; i + 64 <= m; i += 64) {
    __m512i v = _mm512_loadu_si512((const void *)(s + i));
    if (_mm512_mask_cmpneq_epi8_mask(_mm512_cmplt_epu8_mask(v, k20), v, lf))
      break;
  }
  return i;
}
#endif

/* Whether the sample has a NUL byte (no text but UTF-16 has them), and
 * whether 1% or more of it are bytes that text never has: NUL and C0
 * controls other than tab, line feed, vertical tab, form feed, carriage
 * return and escape. One pass, 32 bytes at a time with SSE2 (text has no
 * such byte, so a block is one test), else eight bytes at a time (any byte
 * below 0x20), then byte by byte. */
static void scan_controls(const unsigned char *s, size_t n, int *nul,
                          int *binary) {
  size_t m = n < SAMPLE ? n : SAMPLE, ctl = 0, i = 0;
  int z = 0;
#if HS_HAVE_AVX2
  if (__builtin_cpu_supports("avx512bw"))
    i = skip_text_avx512(s, m);
  else if (__builtin_cpu_supports("avx2"))
    i = skip_text_avx2(s, m);
#endif
#if defined(__SSE2__)
  const __m128i k1f = _mm_set1_epi8(0x1F), lf = _mm_set1_epi8('\n');
  for (; i + 32 <= m; i += 32) {
    /* bytes <= 1F (unsigned) other than LF: none in most blocks */
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    __m128i la = _mm_andnot_si128(_mm_cmpeq_epi8(a, lf),
                                  _mm_cmpeq_epi8(_mm_min_epu8(a, k1f), a));
    __m128i lb = _mm_andnot_si128(_mm_cmpeq_epi8(b, lf),
                                  _mm_cmpeq_epi8(_mm_min_epu8(b, k1f), b));
    if (_mm_movemask_epi8(_mm_or_si128(la, lb)) == 0) continue;
    for (size_t k = i; k < i + 32; k++) {
      ctl += (size_t)is_control(s[k]);
      z |= s[k] == 0;
    }
  }
#else
  for (; i + 8 <= m; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    /* any byte below 0x20? */
    if (((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) == 0)
      continue;
    for (size_t k = i; k < i + 8; k++) {
      ctl += (size_t)is_control(s[k]);
      z |= s[k] == 0;
    }
  }
#endif
  for (; i < m; i++) {
    ctl += (size_t)is_control(s[i]);
    z |= s[i] == 0;
  }
  *nul = z;
  *binary = ctl > 0 && ctl * 100 >= m;
}

int hs_charset_controls(const void *raw, size_t n) {
  int has_nul, binary;
  scan_controls(raw, n, &has_nul, &binary);
  return has_nul || binary;
}

static void swap_bufs(hs_buf *a, hs_buf *b) {
  hs_buf tmp = *a;
  *a = *b;
  *b = tmp;
}

const char *hs_charset_detect_ex(const void *raw, size_t n, size_t *bom,
                                 hs_detect *d) {
  const unsigned char *s = raw;
  d->utf8_valid = 0;
  d->have_out = 0;
  d->bad = d->first_bad = 0;
  if (bom != NULL) *bom = 0;
  if (s == NULL || n == 0) return "UTF-8";
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    if (bom != NULL) *bom = 3;
    return "UTF-8";
  }
  if (n >= 4 && s[0] == 0x84 && s[1] == 0x31 && s[2] == 0x95 && s[3] == 0x33) {
    if (bom != NULL) *bom = 4;
    return "GB18030";
  }
  if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    if (bom != NULL) *bom = 2;
    return "UTF-16LE";
  }
  if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    if (bom != NULL) *bom = 2;
    return "UTF-16BE";
  }
  /* NUL and control bytes: no text but UTF-16 has them (the low byte of
   * 。 U+3002 is a control byte), so only UTF-16 is tried */
  int nuls = d->controls >= 0 ? d->controls : hs_charset_controls(s, n);
  int lowest = C_UTF8; /* the first candidate tried */
  size_t m = n < SAMPLE ? n : SAMPLE;
  if (nuls) {
    lowest = C_LE;
  } else if (hs_u8_validate(s, n) == n) {
    d->utf8_valid = 1;
    return "UTF-8";
  }
  pthread_once(&common_once, build_common);
  /* The winner is the best score, ties going to the earlier candidate.
   * The likeliest winners are scored first so that the others can stop
   * early (prune). Candidates convert into cur; the leader's conversion
   * is kept in keep when the sample is the whole input. */
  static const int order[NCANDS] = {C_GB, C_BIG5, C_UTF8, C_LE, C_BE};
  hs_buf local;
  hs_buf_init(&local);
  hs_buf *cur = &local, *keep = NULL;
  if (d->out != NULL && d->tmp != NULL) {
    cur = d->tmp;
    keep = d->out;
    hs_buf_reset(keep);
  }
  int best = -1, kept = 0;
  long best_score = 0, best_bad = 0, best_known = 0;
  size_t kept_bad = 0, kept_first = 0;
  for (size_t k = 0; k < NCANDS; k++) {
    int c = order[k];
    if (c < lowest) continue;
    prune pr = {best_score, c < best};
    score sc;
    int pruned;
    if (score_cand(s, m, c, !nuls, cur, best >= 0 ? &pr : NULL, &sc, &pruned) !=
            HS_OK ||
        pruned)
      continue;
    long v = sc.common * 4 - sc.bad * 8;
    if (best < 0 || v > best_score || (v == best_score && c < best)) {
      best = c;
      best_score = v;
      best_bad = sc.bad;
      best_known = sc.common + sc.ascii;
      kept = 0;
      if (keep != NULL && m == n && (c == C_GB || c == C_BIG5)) {
        swap_bufs(cur, keep);
        kept = 1;
        kept_bad = sc.nbad;
        kept_first = sc.first;
      }
    }
  }
  hs_buf_close(&local);
  /* NUL or control bytes, and even the better UTF-16 reading has over 5%
   * of units text does not have, or under half ASCII and common
   * ideographs: binary */
  if (nuls && (best_bad * 20 > (long)(m / 2) || best_known * 2 < (long)(m / 2)))
    return NULL;
  if (kept) {
    d->have_out = 1;
    d->bad = kept_bad;
    d->first_bad = kept_first;
  }
  return cand_name[best >= 0 ? best : lowest];
}

const char *hs_charset_detect(const void *raw, size_t n, size_t *bom) {
  hs_detect d;
  memset(&d, 0, sizeof d);
  d.controls = -1;
  return hs_charset_detect_ex(raw, n, bom, &d);
}
