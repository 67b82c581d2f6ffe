/* SPDX-License-Identifier: MIT */
/*
 * Names of development zones and the zone a text is about: the C port of
 * lua/hanscan/zone.lua (the reference; tests/diff/text.lua checks that
 * both agree).
 *
 * A mention is a zone word (经开区, 高新技术产业开发区, 园区 …, longest
 * first, left to right, never overlapping) with up to max_prefix Han
 * characters before it, stopping at words that start a clause (在, 对 …);
 * 园区 and 新区 take no prefix.
 *
 * Conventions (see extract.h): text is (const char *s, size_t n);
 * positions are 0-based byte offsets (Lua position p is C p-1), ranges
 * half-open. hs_zones is a growing array owned by the caller
 * (zero-initialise, append, free with hs_zones_free); hs_zone_find
 * returns false only when out of memory. No mutable globals: all
 * functions are thread-safe.
 */
#ifndef HS_ZONE_H
#define HS_ZONE_H

#include "extract.h"

#include <stdbool.h>
#include <stddef.h>

/* Enough for any name hs_zone_main writes (a 6-character prefix and the
 * longest zone word are 45 bytes), with its NUL. */
#define HS_ZONE_NAME_MAX 64

typedef struct hs_zone_mention {
  /* name = s[start, stop), prefix = s[start, word_start),
   * word = s[word_start, stop) */
  size_t start, word_start, stop;
  bool quoted; /* text.quoted(s, 1, start): inside a quoted label */
} hs_zone_mention;
typedef struct hs_zones {
  hs_zone_mention *items;
  size_t len, cap;
} hs_zones;

/* zone.find(s, max_prefix): appends the mentions of s[0, n) in text
 * order. max_prefix: 0 = the default 6 characters, < 0 = no prefix. */
bool hs_zone_find(const char *s, size_t n, int max_prefix, hs_zones *out);
void hs_zones_free(hs_zones *z);

/* zone.main(s): the zone s[0, n) is about, written NUL-terminated into
 * out (outsz bytes, HS_ZONE_NAME_MAX is enough; a longer name is cut at a
 * character boundary); "" for nil (no mention, or out of memory).
 * When no mention has a name and several zone words tie on length and
 * count (where Lua's pairs() order decides), the one mentioned first in
 * the text is taken. */
void hs_zone_main(const char *s, size_t n, char *out, size_t outsz);

/* zone.generic[name]: a zone word that names no zone in particular
 * (经开区, 园区 …; 产业开发区 is not). */
bool hs_zone_is_generic(const char *name, size_t len);
/* zone.bare[word]: a zone word that takes no prefix (园区, 新区). */
bool hs_zone_is_bare(const char *word, size_t len);

#endif
