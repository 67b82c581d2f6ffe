/* SPDX-License-Identifier: MIT */
/*
 * The extract module: the prose model of hanscan.extract in C, for speed.
 * No Lua here (src/engine/bind_*.c give it to Lua; the engine runs it).
 *
 * Conventions of every header in src/extract:
 *
 * - Text is normalized UTF-8 (src/decode), passed as (const char *s,
 *   size_t n); it need not end in NUL. Positions are 0-based byte offsets
 *   into s; a piece of text is the half-open range [s, e).
 *   (The Lua modules these mirror use 1-based positions: Lua p is C p-1.)
 * - Exact decimal values are NUL-terminated strings of at most
 *   HS_DEC_MAX - 1 bytes ("-12.5", "61413000000"; no exponent), written
 *   into caller-owned char[HS_DEC_MAX] buffers.
 * - Word lists are hs_words (text.h): built once from a pack's lists,
 *   read-only afterwards, so one list may serve several threads.
 * - Functions that find something return true and fill *out, or return
 *   false and leave *out unspecified. Lists of results go into a caller's
 *   growing array (hs_vec-style: items, len, cap) that the caller frees
 *   with the module's *_free function.
 * - Nothing here allocates per character: scanners walk the bytes, and
 *   allocation happens per result at most.
 *
 * The Lua modules (lua/hanscan/number.lua, units, decimal, period, text,
 * zone, tables, extract) remain the readable reference and the tracing
 * path (hanscan try --trace); the scripts in tests/diff run both over real text
 * and require identical results.
 */
#ifndef HS_EXTRACT_H
#define HS_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#define HS_DEC_MAX 64

#endif
