/* SPDX-License-Identifier: MIT */
/*
 * Sentences, clauses, quotes and word lists of normalized report text:
 * the C port of lua/hanscan/text.lua (the reference; tests/diff/text.lua
 * checks that both agree).
 *
 * Conventions (see extract.h): text is (const char *s, size_t n), not
 * necessarily NUL-terminated; positions are 0-based byte offsets (Lua
 * position p is C p-1, for starts and for one-past-the-end stops alike);
 * pieces are half-open [s, e). Positions past n are clamped to n where a
 * function reads text.
 *
 * Ownership and errors:
 * - hs_spans is a growing array owned by the caller: zero-initialise it,
 *   let functions append to it, free it with hs_spans_free. Functions that
 *   append return false only when out of memory (what was appended before
 *   stays valid).
 * - hs_words is an immutable word list (a copy of the words, with indexes
 *   for fast matching) built once with hs_words_new (NULL when out of
 *   memory) and freed with hs_words_free. After construction it is only
 *   read, so one list may serve several threads at once.
 * - Word-list lookups return the index of the word in the list (the word
 *   the Lua function returns; for duplicates the first index), -1 for nil.
 *
 * Nothing here uses mutable globals; all functions are thread-safe.
 */
#ifndef HS_TEXT_H
#define HS_TEXT_H

#include "extract.h"

#include <stdbool.h>
#include <stddef.h>

/* A piece of text [s, e). For quote spans s is the byte of the opening
 * mark and e that of its closing mark (or `to` for a quote left open). */
typedef struct hs_span {
  size_t s, e;
} hs_span;
typedef struct hs_spans {
  hs_span *items;
  size_t len, cap;
} hs_spans;
void hs_spans_free(hs_spans *v);

/* A word list (text.has, starts_with, ends_with, split). */
typedef struct hs_words hs_words;
/* Copies the nwords NUL-terminated words; NULL when out of memory. */
hs_words *hs_words_new(const char *const *words, size_t nwords);
/* Like hs_words_new, with explicit lengths (words may hold NUL bytes). */
hs_words *hs_words_new_len(const char *const *words, const size_t *lens,
                           size_t nwords);
void hs_words_free(hs_words *w);
size_t hs_words_count(const hs_words *w);
/* The i-th word (NUL-terminated, owned by w) and its length in *len
 * (len may be NULL); NULL when i is out of range. */
const char *hs_words_get(const hs_words *w, size_t i, size_t *len);

/* text.has(s, words): the first word in list order that occurs anywhere
 * in s[0, n); -1 when none does. */
int hs_words_has(const hs_words *w, const char *s, size_t n);
/* text.starts_with(s, words): after leading spaces (' '), the first word
 * in list order that s starts with; -1 when none. */
int hs_words_starts_with(const hs_words *w, const char *s, size_t n);
/* text.ends_with(s, words, skip): the longest word of w that s ends with,
 * after removing trailing words of skip (longest first, repeatedly);
 * skip may be NULL; -1 when none. Empty skip words are ignored. */
int hs_words_ends_with(const hs_words *w, const char *s, size_t n,
                       const hs_words *skip);
/* string.find(s, w, 1, true): the first occurrence of w in s[0, n), NULL
 * if none (an empty w is found at s). For the short needles of the model:
 * no set-up per call. */
const char *hs_text_find(const char *s, size_t n, const char *w, size_t wlen);
/* text.rfind(s, w): 0-based start of the last occurrence of w in s[0, n),
 * (size_t)-1 if none (an empty w is found at n). */
size_t hs_text_rfind(const char *s, size_t n, const char *w, size_t wlen);

/* text.sentences(text), long sentences cut as text.cut_long does
 * (HS_TEXT_MAX_SENTENCE); appends the sentences of s[0, n) to out. */
#define HS_TEXT_MAX_SENTENCE 1200
bool hs_text_sentences(const char *s, size_t n, hs_spans *out);

/* text.clause_start(text, from, pos): start of the clause holding byte
 * pos, not before from (just after the last , ; : in [from, pos)). */
size_t hs_text_clause_start(const char *s, size_t n, size_t from, size_t pos);
/* text.clause_end(text, pos, to): the first , ; : in [pos, to), else to. */
size_t hs_text_clause_end(const char *s, size_t n, size_t pos, size_t to);
/* text.item_end(text, pos, to): like clause_end, but 、 ends it too. */
size_t hs_text_item_end(const char *s, size_t n, size_t pos, size_t to);

/* text.split(s[a, b), seps): the pieces of s[a, b) between occurrences
 * of the separator words (earliest occurrence first, list order on a
 * tie), empty pieces dropped; appends them to out as positions into s.
 * Empty separator words are ignored (Lua loops forever on them). */
bool hs_text_split(const char *s, size_t a, size_t b, const hs_words *seps,
                   hs_spans *out);

/* text.quote_spans(text, from, to): the quotes (“ 《 「 ‘ … ” 》 」 ’) of
 * s[from, to), each { s = opening mark, e = closing mark or to }, in
 * order of their opening marks (innermost last); appends nothing when the
 * piece has no opening mark. */
bool hs_text_quote_spans(const char *s, size_t n, size_t from, size_t to,
                         hs_spans *out);
/* text.in_label(text, spans, pos): is byte pos inside a short quoted
 * label, given the quote spans of its piece? */
bool hs_text_in_label(const char *s, size_t n, const hs_spans *spans,
                      size_t pos);
/* text.quoted(text, from, pos): is byte pos inside a quoted label opened
 * within s[from, pos) (looking back at most 240 bytes)? */
bool hs_text_quoted(const char *s, size_t n, size_t from, size_t pos);

#endif
