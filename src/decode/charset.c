/* SPDX-License-Identifier: MIT */
/*
 * Character sets: detection of a document's encoding and conversion to
 * UTF-8 with iconv, undecodable bytes becoming U+FFFD.
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
 * Workload: at most five sample decodings per document, then one full
 * conversion; iconv handles are opened per call (glibc caches the tables).
 */
#include "decode.h"
#include "decode_int.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAMPLE     ((size_t)32 << 10)
#define BIG5_ICONV "CP950" /* Big5 with the Microsoft additions */

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

static int is_common(uint32_t c) {
  size_t lo = 0, hi = sizeof common / sizeof common[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (common[mid] == c) return 1;
    if (common[mid] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
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

static hs_status utf8_lossy(const unsigned char *s, size_t n, hs_buf *out,
                            size_t max, size_t *bad, size_t *first_bad) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n) {
      if (s[j] < 0x80) {
        j++;
        continue;
      }
      uint32_t cp;
      size_t k = hs_u8_decode(s + j, n - j, &cp);
      if (k == 0) break;
      j += k;
    }
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

hs_status hs_charset_to_utf8(const void *raw, size_t n, const char *enc,
                             hs_buf *out, size_t max, size_t *bad,
                             size_t *first_bad) {
  const unsigned char *s = raw;
  size_t nbad = 0, first = 0;
  hs_status rc = HS_OK;
  if (max == 0) max = (size_t)-1 / 2;
  if (s == NULL) n = 0;
  if (strcmp(enc, "UTF-8") == 0) {
    rc = utf8_lossy(s, n, out, max, &nbad, &first);
    goto done;
  }
  iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
  if (cd == (iconv_t)-1) {
    rc = HS_EDATA;
    goto done;
  }
  char *in = (char *)(uintptr_t)s;
  size_t left = n;
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
    if (nbad == 0) first = n - left;
    if (err == EINVAL) { /* incomplete sequence at the end */
      nbad += left;
      left = 0;
    } else { /* EILSEQ: skip one byte */
      nbad++;
      in++;
      left--;
    }
    rc = put_fffd(out);
    if (rc != HS_OK) break;
  }
  iconv_close(cd);
done:
  if (bad != NULL) *bad = nbad;
  if (first_bad != NULL) *first_bad = first;
  return rc;
}

/*{====================================================================
 * Detection
 *====================================================================}*/

typedef struct score {
  long common; /* common ideographs */
  long bad;    /* undecodable sequences */
  long ascii;  /* UTF-16: ASCII units */
} score;

static void score_utf8(const char *p, size_t n, score *sc) {
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0;
  while (i < n) {
    uint32_t c;
    size_t k = hs_u8_decode(s + i, n - i, &c);
    if (k == 0) {
      i++;
      continue;
    }
    if (c == 0xFFFD) sc->bad++;
    if (is_common(c)) sc->common++;
    i += k;
  }
}

/* 1 for a UTF-16 unit that Chinese text plausibly holds: ASCII and Latin
 * letters, punctuation, box drawing, shapes, CJK symbols, kana, enclosed
 * and squared CJK (㎡), ideographs, compatibility and full-width forms. */
static int plausible16(uint32_t u) {
  if (u < 0x80) return u >= 0x20 || u == '\n' || u == '\r' || u == '\t';
  return (u >= 0xA0 && u <= 0x24F) || (u >= 0x2000 && u <= 0x218F) ||
         (u >= 0x2460 && u <= 0x25FF) || (u >= 0x3000 && u <= 0x30FF) ||
         (u >= 0x3200 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) ||
         (u >= 0xF900 && u <= 0xFAFF) || (u >= 0xFE30 && u <= 0xFE4F) ||
         (u >= 0xFF01 && u <= 0xFF5E) || (u >= 0xFFE0 && u <= 0xFFE6) ||
         u == 0xFEFF;
}

/* Scores raw[0..n) decoded as enc (n is a sample: an incomplete sequence
 * at its end is not counted). For UTF-16, `strict` asks for plainly
 * Chinese text (there is no NUL byte evidence). */
static hs_status score_enc(const unsigned char *raw, size_t n, const char *enc,
                           int strict, hs_buf *tmp, score *sc) {
  memset(sc, 0, sizeof *sc);
  hs_buf_reset(tmp);
  if (strcmp(enc, "UTF-16LE") == 0 || strcmp(enc, "UTF-16BE") == 0) {
    int le = enc[6] == 'L';
    for (size_t i = 0; i + 1 < n; i += 2) {
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
      if (u < 0x80) sc->ascii++;
      if (!plausible16(u))
        sc->bad++;
      else if (is_common(u))
        sc->common++;
    }
    /* any byte pairs decode as UTF-16: without a BOM or NULs, ask for
     * text that is plainly Chinese (a quarter of common characters) */
    if (strict && sc->common * 4 < (long)(n / 2)) sc->bad += (long)(n / 2);
    return HS_OK;
  }
  size_t nbad = 0, first = 0;
  hs_status rc = hs_charset_to_utf8(raw, n, enc, tmp, 0, &nbad, &first);
  if (rc != HS_OK) return rc;
  /* an error in the last 3 bytes may be a character cut by the sample */
  if (nbad > 0 && n >= SAMPLE && first + 4 >= n) nbad--;
  score_utf8(tmp->data, tmp->len, sc);
  sc->bad = (long)nbad;
  return HS_OK;
}

/* 1 if the sample has a NUL byte (no text but UTF-16 has them). */
static int has_nul(const unsigned char *s, size_t n) {
  size_t m = n < SAMPLE ? n : SAMPLE;
  return memchr(s, 0, m) != NULL;
}

/* Share of bytes that text never has: NUL and C0 controls other than
 * tab, line feed, vertical tab, form feed, carriage return and escape. */
static int looks_binary(const unsigned char *s, size_t n) {
  size_t m = n < SAMPLE ? n : SAMPLE, ctl = 0;
  for (size_t i = 0; i < m; i++) {
    unsigned c = s[i];
    if (c < 0x20 && !(c >= 0x09 && c <= 0x0D) && c != 0x1B) ctl++;
  }
  return ctl > 0 && ctl * 100 >= m; /* 1% or more */
}

const char *hs_charset_detect(const void *raw, size_t n, size_t *bom) {
  const unsigned char *s = raw;
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
  static const char *const all[] = {"UTF-8", "GB18030", "BIG5", "UTF-16LE",
                                    "UTF-16BE"};
  const char *const *cands = all;
  size_t ncands = 5;
  /* NUL and control bytes: no text but UTF-16 has them (the low byte of
   * 。 U+3002 is a control byte), so only UTF-16 is tried */
  int nuls = has_nul(s, n) || looks_binary(s, n);
  size_t m = n < SAMPLE ? n : SAMPLE;
  if (nuls) {
    cands = all + 3;
    ncands = 2;
  } else if (hs_u8_validate(s, n) == n) {
    return "UTF-8";
  }
  hs_buf tmp;
  hs_buf_init(&tmp);
  const char *best = cands[0];
  long best_score = 0, best_bad = 0, best_known = 0;
  int have = 0;
  for (size_t i = 0; i < ncands; i++) {
    score sc;
    if (score_enc(s, m, cands[i], !nuls, &tmp, &sc) != HS_OK) continue;
    long v = sc.common * 4 - sc.bad * 8;
    if (!have || v > best_score) {
      best = cands[i];
      best_score = v;
      best_bad = sc.bad;
      best_known = sc.common + sc.ascii;
      have = 1;
    }
  }
  hs_buf_close(&tmp);
  /* NUL or control bytes, and even the better UTF-16 reading has over 5%
   * of units text does not have, or under half ASCII and common
   * ideographs: binary */
  if (nuls && (best_bad * 20 > (long)(m / 2) || best_known * 2 < (long)(m / 2)))
    return NULL;
  return best;
}
