/* SPDX-License-Identifier: MIT */
/*
 * What a blob of bytes is, by its first bytes: an archive or compressed
 * stream (to open), a Word document (a zip holding word/document.xml), a
 * known non-text file (to skip: images, PDF, office binaries, executables,
 * media), or something to decode as text. Content decides; the name is
 * never looked at here.
 */
#define _GNU_SOURCE
#include "decode.h"

#include <string.h>

typedef struct magic {
  size_t off;
  const char *bytes;
  size_t len;
  hs_kind kind;
  const char *what;
} magic;

#define M(off, lit, kind, what)                                                \
  { (off), (lit), sizeof(lit) - 1, (kind), (what) }

static const magic magics[] = {
    M(0, "PK\x03\x04", HS_KIND_ZIP, "zip"),
    M(0, "PK\x05\x06", HS_KIND_ZIP, "zip"),
    M(0, "\x1F\x8B", HS_KIND_COMPRESSED, "gzip"),
    M(0, "BZh", HS_KIND_COMPRESSED, "bzip2"),
    M(0,
      "\xFD"
      "7zXZ\x00",
      HS_KIND_COMPRESSED, "xz"),
    M(0, "\x28\xB5\x2F\xFD", HS_KIND_COMPRESSED, "zstd"),
    M(257, "ustar", HS_KIND_TAR, "tar"),
    M(0, "\x89PNG\r\n\x1A\n", HS_KIND_SKIP, "PNG image"),
    M(0, "\xFF\xD8\xFF", HS_KIND_SKIP, "JPEG image"),
    M(0, "GIF87a", HS_KIND_SKIP, "GIF image"),
    M(0, "GIF89a", HS_KIND_SKIP, "GIF image"),
    M(0, "II*\x00", HS_KIND_SKIP, "TIFF image"),
    M(0, "MM\x00*", HS_KIND_SKIP, "TIFF image"),
    M(8, "WEBP", HS_KIND_SKIP, "WebP image"),
    M(0, "%PDF-", HS_KIND_SKIP, "PDF document"),
    M(0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", HS_KIND_SKIP,
      "legacy Office document"),
    M(0,
      "\x7F"
      "ELF",
      HS_KIND_SKIP, "executable"),
    M(0, "MZ\x90\x00", HS_KIND_SKIP, "executable"),
    M(0, "SQLite format 3\x00", HS_KIND_SKIP, "SQLite database"),
    M(4, "ftyp", HS_KIND_SKIP, "video"),
    M(0, "ID3", HS_KIND_SKIP, "audio"),
    M(0, "OggS", HS_KIND_SKIP, "audio"),
    M(0, "7z\xBC\xAF\x27\x1C", HS_KIND_SKIP, "7z archive (not supported)"),
    M(0, "Rar!\x1A\x07", HS_KIND_SKIP, "RAR archive (not supported)"),
    M(0, "wOFF", HS_KIND_SKIP, "font"),
    M(0, "wOF2", HS_KIND_SKIP, "font"),
};

hs_kind hs_sniff(const void *head, size_t n, const char **what) {
  const unsigned char *p = head;
  const char *dummy;
  if (what == NULL) what = &dummy;
  *what = "text";
  if (p == NULL || n == 0) {
    *what = "empty";
    return HS_KIND_EMPTY;
  }
  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
    const magic *m = &magics[i];
    /* the first byte alone rules out nearly every magic, without a call */
    if (n >= m->off + m->len && p[m->off] == (unsigned char)m->bytes[0] &&
        memcmp(p + m->off, m->bytes, m->len) == 0) {
      *what = m->what;
      if (m->kind == HS_KIND_ZIP && hs_sniff_docx(p, n)) {
        *what = "docx";
        return HS_KIND_DOCX;
      }
      return m->kind;
    }
  }
  return HS_KIND_TEXT;
}

int hs_sniff_docx(const void *p, size_t n) {
  static const char name[] = "word/document.xml";
  if (p == NULL || n < sizeof name) return 0;
  return memmem(p, n, name, sizeof name - 1) != NULL;
}

int hs_kind_is_archive(hs_kind k) {
  return k == HS_KIND_ZIP || k == HS_KIND_TAR || k == HS_KIND_COMPRESSED;
}
