/* SPDX-License-Identifier: MIT */
/*
 * hs_strerror: the fixed English text for each hs_status value. The texts
 * are short so that callers can append them to a document name.
 */
#include "status.h"

const char *hs_strerror(hs_status rc) {
  switch (rc) {
    case HS_OK: return "ok";
    case HS_DONE: return "done";
    case HS_EDATA: return "invalid data";
    case HS_ELIMIT: return "limit exceeded";
    case HS_ENOMEM: return "out of memory";
    case HS_EIO: return "input/output error";
    case HS_EFATAL: return "fatal error";
  }
  return "unknown status";
}
