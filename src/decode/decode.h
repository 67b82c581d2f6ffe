/* SPDX-License-Identifier: MIT */
/*
 * Public header of the decode module: raw document bytes in, two UTF-8
 * texts out. No Lua here.
 *
 * Stage 1, decoding, turns the raw bytes into the "decoded text": UTF-8
 * without a BOM, the document's own text. The encoding is forced
 * (--encoding) or taken from a BOM, an HTML <meta> charset, or detection
 * among UTF-8, GB18030, Big5 and UTF-16LE/BE (charset.c); iconv converts,
 * and undecodable bytes become U+FFFD and are counted. Markup is then
 * reduced to text: HTML (html.c) and a Word document's XML (docx.c). The
 * decoded text is what `hanscan cat --raw` prints, and the fact record's
 * `offset` is a byte offset in it. Sniffing (sniff.c) tells a caller, from
 * the first bytes, whether a blob is an archive, a Word file, a known
 * non-text file, or text.
 *
 * Stage 2, normalization, rewrites the decoded text into the "normalized
 * text" the rules read: CR LF and CR to LF; odd spaces to ASCII space;
 * zero-width characters removed; full-width digits, letters and number
 * punctuation to ASCII; pinyin glosses after ideographs removed
 * ("產(chǎn)業" -> "產業"); Traditional folded to Simplified per character.
 * An offset map (hs_offmap) takes any byte offset in the normalized text back
 * to the decoded text.
 *
 * Errors and ownership follow src/base/status.h.
 */
#ifndef HS_DECODE_H
#define HS_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/*{====================================================================
 * Offset map
 *
 * The map is a sorted array of sparse anchors (norm_off, dec_off). An anchor
 * is recorded after each normalization step that changed the difference
 * dec_off - norm_off (a replacement of different length, a deletion); runs
 * of copied bytes add nothing. Invariants: a[0] exists once the map was
 * filled and has norm_off == 0; norm_off is strictly increasing and dec_off
 * non-decreasing. To map n: binary-search the last anchor with norm_off <= n
 * and return dec_off + (n - norm_off), clamped to the next anchor's dec_off
 * and to the decoded length.
 *
 * Deleted material is attributed to the text before it: the normalized
 * offset just after a character maps to the decoded offset after that
 * character *and* after anything deleted behind it. So a span [a, b) maps to
 * [map(a), map(b)), which starts exactly at its first character and takes in
 * trailing glosses: the span "产业" of "產(chǎn)業(yè)" maps back to the whole
 * "產(chǎn)業(yè)". Cost: O(log anchors) per lookup; memory: 16 bytes per
 *change.
 *====================================================================}*/

typedef struct hs_anchor {
  size_t norm_off;
  size_t dec_off;
} hs_anchor;

typedef struct hs_offmap {
  hs_anchor *a;    /* owned; sorted by norm_off */
  size_t n;        /* anchors in use */
  size_t cap;      /* anchors allocated */
  size_t norm_len; /* length of the normalized text */
  size_t dec_len;  /* length of the decoded text */
} hs_offmap;

/* Makes m empty (maps every offset to itself). */
void hs_offmap_init(hs_offmap *m);

/* Frees the anchors and leaves m empty. NULL is a no-op. */
void hs_offmap_close(hs_offmap *m);

/* Maps a byte offset of the normalized text to the decoded text (see above).
 * Offsets past the end map to the decoded length. An empty or NULL map is
 * the identity. */
size_t hs_offmap_to_decoded(const hs_offmap *m, size_t norm_off);

/* The same, for callers that ask in (mostly) increasing order: *hint, 0 at
 * first, remembers where the last answer was found, and a nearby answer is
 * found from there without a search. */
size_t hs_offmap_to_decoded_near(const hs_offmap *m, size_t norm_off,
                                 size_t *hint);

/*{====================================================================
 * Normalization
 *====================================================================}*/

enum {
  HS_NORM_NEWLINES = 1 << 0,  /* CR LF, CR -> LF */
  HS_NORM_SPACES = 1 << 1,    /* U+3000, U+00A0, U+2000..200A ... -> ' ' */
  HS_NORM_ZEROWIDTH = 1 << 2, /* U+200B..200D, U+2060, U+FEFF removed */
  HS_NORM_FULLWIDTH =
      1 << 3, /* ０-９ Ａ-Ｚ ａ-ｚ ％．，：；（）－～＋ -> ASCII */
  HS_NORM_GLOSS = 1 << 4, /* 產(chǎn) -> 產 */
  HS_NORM_T2S = 1 << 5,   /* 產 -> 产 (OpenCC t2s, per character) */
  HS_NORM_ALL = (1 << 6) - 1
};

/* Appends the normalization of in[0..n) (UTF-8; stray invalid bytes are
 * copied through unchanged) to `out` after resetting it, and refills `map`
 * (which may be NULL when no map is wanted). `flags` selects the steps.
 * Returns HS_OK or HS_ENOMEM (out and map are then partial). */
hs_status hs_normalize(const char *in, size_t n, unsigned flags, hs_buf *out,
                       hs_offmap *map);

/* The Simplified form of one codepoint according to OpenCC's t2s
 * character table (made at build time, see t2s_gen.c), or cp itself when
 * there is none. */
uint32_t hs_t2s_char(uint32_t cp);

/*{====================================================================
 * Sniffing (sniff.c)
 *====================================================================}*/

typedef enum hs_kind {
  HS_KIND_EMPTY,      /* no bytes */
  HS_KIND_TEXT,       /* anything else: decode it (it may still be binary) */
  HS_KIND_ZIP,        /* a zip archive */
  HS_KIND_DOCX,       /* a zip holding word/document.xml */
  HS_KIND_TAR,        /* an uncompressed tar */
  HS_KIND_COMPRESSED, /* gzip, bzip2, xz, zstd: a tar inside or one file */
  HS_KIND_SKIP        /* a known non-text file: image, PDF, executable ... */
} hs_kind;

/* The kind of the blob whose first n bytes are head (pass at least 512
 * bytes when there are that many, so that tar's magic at 257 is seen; a
 * whole in-memory blob lets docx be recognized wherever its directory is).
 * *what (if not NULL) gets a static description ("zip", "PNG image",
 * "text", "empty"). NULL head gives HS_KIND_EMPTY. */
hs_kind hs_sniff(const void *head, size_t n, const char **what);

/* 1 if p[0..n) (part of a zip: its head or its tail, where the central
 * directory is) names word/document.xml, else 0. */
int hs_sniff_docx(const void *p, size_t n);

/* 1 for HS_KIND_ZIP, HS_KIND_TAR and HS_KIND_COMPRESSED. */
int hs_kind_is_archive(hs_kind k);

/*{====================================================================
 * Character sets (charset.c)
 *====================================================================}*/

/* The canonical name of an encoding label ("gbk", "GB2312", "cp936" ->
 * "GB18030"; "big5", "cp950" -> "BIG5"; "utf8" -> "UTF-8"; "utf-16le" ...),
 * or NULL for NULL, "", "auto" and labels it does not know. Static. */
const char *hs_charset_canon(const char *name);

/* Detects the encoding of raw[0..n) (see charset.c for the method): a BOM,
 * then UTF-16 by its NUL bytes, then valid UTF-8, then the best-scoring of
 * UTF-8, GB18030, Big5, UTF-16LE and UTF-16BE. Returns a canonical static
 * name, or NULL when the bytes are binary (control bytes no text has).
 * *bom (if not NULL) gets the length of the BOM found, else 0. Empty input
 * is UTF-8. */
const char *hs_charset_detect(const void *raw, size_t n, size_t *bom);

/* Appends raw[0..n) converted from `enc` (a canonical name or any name
 * iconv knows) to UTF-8 to out. Each undecodable byte (an incomplete
 * sequence at the end: all its bytes) becomes one U+FFFD; *bad gets their
 * count and *first_bad the raw offset of the first (either may be NULL).
 * Stops with HS_ELIMIT once out holds more than max bytes (0: no limit).
 * HS_EDATA when iconv does not know enc; HS_ENOMEM. */
hs_status hs_charset_to_utf8(const void *raw, size_t n, const char *enc,
                             hs_buf *out, size_t max, size_t *bad,
                             size_t *first_bad);

/*{====================================================================
 * Markup (html.c, docx.c)
 *====================================================================}*/

/* 1 if the UTF-8 text p[0..n) is HTML (it starts with markup such as
 * <!DOCTYPE html>, <html>, <meta>, <div>, or has <html>/<body> near the
 * top), 2 if it is other XML (<?xml ...), else 0. */
int hs_html_sniff(const char *p, size_t n);

/* The canonical encoding declared by a <meta charset=...> or <meta
 * http-equiv content="...; charset=..."> in the first 4 KiB of raw, or
 * NULL (none, unknown label, or bytes that are not ASCII-compatible). */
const char *hs_html_meta_charset(const void *raw, size_t n);

/* The text of the HTML (or XML) p[0..n) into out (reset first): tags
 * stripped; script, style, template and comments dropped; character
 * references decoded; block elements (p, div, br, li, tr, h1 ...) as line
 * breaks; td/th as tabs; white space collapsed. Ends with a newline when not
 * empty. HS_ENOMEM only. */
hs_status hs_html_to_text(const char *p, size_t n, hs_buf *out);

/* The text of a Word document's word/document.xml p[0..n) into out (reset
 * first): one line per paragraph, <w:tab/> as tab, <w:br/> as newline.
 * HS_ENOMEM only. */
hs_status hs_docx_to_text(const char *p, size_t n, hs_buf *out);

/*{====================================================================
 * Documents
 *====================================================================}*/

/* Default cap on a document's decoded size. */
#define HS_DECODE_MAX_SIZE ((size_t)64 << 20)

/* How to decode one document. A zeroed struct means: detect everything,
 * no normalization, default size cap. */
typedef struct hs_decode_opts {
  const char *encoding; /* NULL or "auto": detect; else forced */
  const char *format;   /* NULL or "auto": sniff; "text", "html", "docx"
                           (raw is then word/document.xml) */
  const char *name;     /* the document's name, for the extension fallback
                           (.htm, .html); may be NULL */
  unsigned norm_flags;  /* 0: no normalization (norm stays empty) */
  size_t max_size;      /* cap on decoded bytes; 0: HS_DECODE_MAX_SIZE */
} hs_decode_opts;

/* Checks that raw[0..n) is UTF-8 and appends it, without a leading BOM, to
 * `out` (which is reset first). On invalid input returns HS_EDATA and, when
 * bad_off != NULL, stores the raw byte offset (counting the BOM) of the first
 * byte of the first invalid sequence. *had_bom (if not NULL) tells whether a
 * BOM was stripped. Strict: no overlongs, surrogates or values > U+10FFFF. */
hs_status hs_decode_utf8(const void *raw, size_t n, hs_buf *out,
                         size_t *bad_off, int *had_bom);

/* Everything known about one document's text. _init/_close; reusable across
 * documents (buffers are kept). */
typedef struct hs_text {
  hs_buf decoded;       /* stage 1: UTF-8 text without BOM or markup */
  hs_buf norm;          /* stage 2: normalized text */
  hs_offmap map;        /* norm offsets -> decoded offsets */
  hs_buf scratch;       /* converted markup before text extraction */
  const char *encoding; /* "UTF-8", "GB18030" ... (static, or the forced
                           name as given); NULL before decoding */
  const char *format;   /* "text", "html", "xml", "docx"; static */
  int had_bom;          /* a BOM was stripped */
  size_t raw_len;       /* bytes of raw input */
  size_t replaced;      /* undecodable bytes turned into U+FFFD */
  size_t first_bad;     /* raw offset of the first of them */
  char msg[160];        /* detail of the last failure, "" if none */
} hs_text;

void hs_text_init(hs_text *t);
void hs_text_close(hs_text *t); /* NULL is a no-op */

/* Decodes raw[0..n) per o (NULL: all defaults) into t: encoding (forced,
 * BOM, <meta> charset of an HTML page unless the bytes are valid non-ASCII
 * UTF-8, detection), conversion, markup to text (format forced, or sniffed
 * by content, then by the .htm/.html extension), then normalization.
 * Returns HS_OK (t->replaced may be > 0: the caller warns); HS_EDATA with
 * t->msg: "binary data, not text", "undecodable as GB18030 (...)", an
 * encoding iconv does not know; HS_ELIMIT: "decoded text over the 64 MiB
 * limit"; HS_ENOMEM. */
hs_status hs_text_decode_opts(hs_text *t, const void *raw, size_t n,
                              const hs_decode_opts *o);

/* hs_text_decode_opts with only an encoding and normalization flags. */
hs_status hs_text_decode(hs_text *t, const void *raw, size_t n,
                         const char *encoding, unsigned norm_flags);

/* 1 if `name` is an encoding hs_text_decode accepts: NULL, "auto", a label
 * hs_charset_canon knows, or any name iconv can convert from; else 0. */
int hs_decode_encoding_ok(const char *name);

#endif
