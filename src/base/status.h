/* SPDX-License-Identifier: MIT */
/*
 * Status codes shared by every hanscan module, and the conventions that go
 * with them. This header is the one place where they are written down.
 *
 * Errors. Every fallible function returns an hs_status. HS_OK (0) is success
 * and HS_DONE (1) means "no more items" for iterators. Failures are negative
 * and graded by severity as libarchive grades its codes:
 *   HS_EDATA   this item (document, fact, record) is bad: report, skip it,
 *              and carry on with the next one;
 *   HS_ELIMIT  a configured limit (size, memory, time) was hit for this item;
 *   HS_ENOMEM  an allocation failed;
 *   HS_EIO     the operating system refused (open, read, write);
 *   HS_EFATAL  the object is dead: free it, do not call it again.
 * Objects that can fail keep a detail string (like z_stream.msg) that says
 * what went wrong; it is valid until the next call on that object. Code is
 * written as `if (rc != HS_OK) goto fail;` with a single cleanup label.
 * assert() guards against bugs only; bad input never aborts.
 *
 * Ownership. Unless a comment says otherwise, a function borrows its pointer
 * arguments for the duration of the call and keeps no pointer into them
 * afterwards. Pointers a function returns are "borrowed until the next call
 * on this object" unless documented as owned by the caller. Lifecycles are
 * _new/_free (heap objects; _free(NULL) is a no-op) or _init/_close (structs
 * the caller owns; _close on an _init'ed or zeroed struct is always safe).
 */
#ifndef HS_STATUS_H
#define HS_STATUS_H

typedef enum hs_status {
  HS_OK = 0,
  HS_DONE = 1,
  HS_EDATA = -1,
  HS_ELIMIT = -2,
  HS_ENOMEM = -3,
  HS_EIO = -4,
  HS_EFATAL = -5
} hs_status;

/* A short static English description of rc ("invalid data", ...). Never
 * returns NULL; an unknown code gives "unknown status". */
const char *hs_strerror(hs_status rc);

#endif
