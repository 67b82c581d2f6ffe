/* SPDX-License-Identifier: MIT */
/*
 * Public header of the base module: status codes (and the error and
 * ownership conventions, documented in status.h), the byte buffer, and
 * HS_INLINE for the hot loops' helpers that must be inlined (per-ISA
 * bodies are built from them).
 */
#ifndef HS_BASE_H
#define HS_BASE_H

#include "buf.h"
#include "status.h"

#if defined(__GNUC__)
#define HS_INLINE inline __attribute__((always_inline))
#else
#define HS_INLINE inline
#endif

#endif
