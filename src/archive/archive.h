/* SPDX-License-Identifier: MIT */
/*
 * Public header of the archive module: the members of a zip, a tar, or a
 * compressed stream (gzip, bzip2, xz, zstd; tar.gz and friends included),
 * read in one pass through libarchive, with limits against hostile input.
 * It knows nothing of text, encodings or Lua: a member is a name and bytes.
 *
 * An hs_archive reads either from memory (a nested archive already held by
 * the caller) or from a file descriptor (streamed in 64 KiB blocks; nothing
 * is written to disk). Members come out one at a time; regular files only:
 * directories, links and special entries are counted in hs_archive_skipped()
 * and never returned. A single compressed file without an archive inside
 * (report.txt.gz) is one member; hs_archive_is_raw() then says so, and that
 * member has no name of its own.
 *
 * Limits, per member:
 *   - max_member: bytes of one member after decompression. A member over it
 *     fails with HS_ELIMIT ("over the 64 MiB limit") and is skipped;
 *   - max_ratio and ratio_floor: a member that has produced more than
 *     ratio_floor bytes and more than max_ratio times the compressed bytes
 *     it consumed is a compression bomb: HS_ELIMIT ("compression bomb ..."),
 *     without expanding it further. The compressed bytes are measured as the
 *     movement of the raw input position while the member is read, so the
 *     check works alike for zip members and for tar.gz streams.
 * After a bomb in a zip the next member is read (zip members are separate);
 * in a compressed stream (tar.gz ...) the rest cannot be reached without
 * expanding the bomb, so the archive ends with HS_EFATAL.
 *
 * Errors and ownership follow src/base/status.h.
 */
#ifndef HS_ARCHIVE_H
#define HS_ARCHIVE_H

#include <stddef.h>

#include "../base/base.h"

#define HS_ARCHIVE_MAX_MEMBER  ((size_t)64 << 20)
#define HS_ARCHIVE_MAX_RATIO   100
#define HS_ARCHIVE_RATIO_FLOOR ((size_t)1 << 20)

typedef struct hs_archive_limits {
  size_t max_member;  /* 0: HS_ARCHIVE_MAX_MEMBER */
  unsigned max_ratio; /* 0: HS_ARCHIVE_MAX_RATIO */
  size_t ratio_floor; /* 0: HS_ARCHIVE_RATIO_FLOOR */
} hs_archive_limits;

typedef struct hs_archive hs_archive;

/* Opens an archive over p[0..n). The bytes are borrowed for the life of the
 * archive (unlike the general rule): keep them unchanged until
 * hs_archive_free. lim may be NULL (defaults). Returns HS_OK with *out set;
 * HS_EDATA when the bytes are no archive libarchive can read (*out is then
 * still set, and hs_archive_errmsg says why; free it); HS_ENOMEM. */
hs_status hs_archive_open_memory(hs_archive **out, const void *p, size_t n,
                                 const hs_archive_limits *lim);

/* The same over an open file descriptor, read from its current position in
 * 64 KiB blocks (with seeks when the descriptor allows them, which lets zip
 * use its central directory). The descriptor is borrowed: the caller closes
 * it after hs_archive_free. */
hs_status hs_archive_open_fd(hs_archive **out, int fd,
                             const hs_archive_limits *lim);

/* Frees the archive. NULL is a no-op. */
void hs_archive_free(hs_archive *a);

/* Reads the next regular member into `data` (reset first) and sets *name to
 * its path inside the archive (borrowed until the next call on a).
 * Returns:
 *   HS_OK     a member;
 *   HS_DONE   no more members;
 *   HS_EDATA  this member is corrupt (bad CRC, truncated, encrypted): *name
 *             is set, errmsg says why; call again for the next one;
 *   HS_ELIMIT this member broke a limit (size, bomb): same as HS_EDATA;
 *   HS_EFATAL the archive cannot be read further (errmsg; *name is the
 *             member being read, or NULL); later calls return HS_DONE;
 *   HS_ENOMEM.
 * NULL a, data or name gives HS_EFATAL. */
hs_status hs_archive_next(hs_archive *a, hs_buf *data, const char **name);

/* Detail of the last failure, "" if none. Borrowed until the next call on a;
 * "" for NULL. */
const char *hs_archive_errmsg(const hs_archive *a);

/* 1 when the input is one compressed stream with no archive inside (its one
 * member is the decompressed stream), else 0. Known after the first
 * hs_archive_next call. 0 for NULL. */
int hs_archive_is_raw(const hs_archive *a);

/* Entries that were not regular files (directories, links, devices) and so
 * were not returned. 0 for NULL. */
size_t hs_archive_skipped(const hs_archive *a);

/* Short name of the container format ("zip", "tar", "gzip", "tar.gz" ...),
 * known after the first hs_archive_next; "" before. Static; "" for NULL. */
const char *hs_archive_format(const hs_archive *a);

/* Finds member `member` in the archive p[0..n) and reads it into data (reset
 * first), with the limits of lim (NULL: defaults). HS_OK; HS_DONE when there
 * is no such member; or a failure as for hs_archive_next, with a message in
 * msg[0..msgsize) when msg is not NULL. */
hs_status hs_archive_extract(const void *p, size_t n, const char *member,
                             const hs_archive_limits *lim, hs_buf *data,
                             char *msg, size_t msgsize);

#endif
