/* SPDX-License-Identifier: MIT */
/*
 * Public header of the decode module: raw document bytes in, two UTF-8
 * texts out. No Lua here.
 *
 * Stage 1, decoding, turns the raw bytes into the "decoded text": UTF-8
 * without a BOM, exactly what the user sees in the document. Only UTF-8 is
 * accepted today; GB18030, Big5 and UTF-16 slot in here later (sniffing,
 * then iconv into the same decoded buffer), and nothing downstream changes.
 * Offsets reported to users (the fact record's `offset`) are byte offsets in
 * the decoded text.
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

/* The Simplified form of one codepoint according to the OpenCC t2s
 * character table, or cp itself when there is none. Builds the table on
 * first use (thread-safe, once per process). If OpenCC cannot be opened the
 * table stays empty and a warning is printed once on stderr. */
uint32_t hs_t2s_char(uint32_t cp);

/* 1 when the t2s table was built with at least one entry, else 0. Builds
 * the table if needed. */
int hs_t2s_available(void);

/*{====================================================================
 * Documents
 *====================================================================}*/

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
  hs_buf decoded;       /* stage 1: UTF-8 without BOM */
  hs_buf norm;          /* stage 2: normalized text */
  hs_offmap map;        /* norm offsets -> decoded offsets */
  const char *encoding; /* static name, e.g. "UTF-8"; NULL before decoding */
  int had_bom;          /* a BOM was stripped */
  size_t raw_len;       /* bytes of raw input */
  char msg[128];        /* detail of the last failure, "" if none */
} hs_text;

void hs_text_init(hs_text *t);
void hs_text_close(hs_text *t); /* NULL is a no-op */

/* Decodes raw[0..n) as `encoding` (NULL or "auto": detect; only UTF-8 is
 * supported today, see hs_decode_encoding_ok) and normalizes the result with
 * `norm_flags` (0 skips normalization; norm then stays empty). Returns HS_OK;
 * HS_EDATA with t->msg like "invalid UTF-8 at byte 17"; HS_ENOMEM. */
hs_status hs_text_decode(hs_text *t, const void *raw, size_t n,
                         const char *encoding, unsigned norm_flags);

/* 1 if `name` is an encoding hs_text_decode accepts (case-insensitive:
 * "utf-8", "utf8", "auto"), else 0. NULL gives 1 (auto). */
int hs_decode_encoding_ok(const char *name);

#endif
