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

/* Offset of the first invalid sequence in s[0..n), or n if all is valid
 * UTF-8. */
size_t hs_u8_validate(const unsigned char *s, size_t n);

/* If p[0..n) starts with a character reference ("&amp;", "&#20013;",
 * "&#x4E2D;"), stores its codepoint in *cp and returns its length (with
 * the ';', which may be missing before a non-name character); else 0.
 * Named references: the XML five and the HTML ones common in Chinese pages
 * (nbsp, ldquo, mdash, middot, hellip, ...). */
size_t hs_entity(const char *p, size_t n, uint32_t *cp);

#endif
