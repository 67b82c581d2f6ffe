/* SPDX-License-Identifier: MIT */
/*
 * Private helpers of the decode module: UTF-8 encoding and decoding of one
 * codepoint. Not part of the public API.
 */
#ifndef HS_DECODE_INT_H
#define HS_DECODE_INT_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s[0..n) and its value in *cp, or 0
 * when the bytes there are not a valid (shortest-form, non-surrogate,
 * <= U+10FFFF) sequence. n must be > 0. */
size_t hs_u8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4 bytes) and returns the length;
 * values that are not scalar values are written as U+FFFD. */
size_t hs_u8_encode(uint32_t cp, char *out);

#endif
