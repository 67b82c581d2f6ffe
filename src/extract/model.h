/* SPDX-License-Identifier: MIT */
/*
 * The prose model: lua/hanscan/extract.lua's M.run in C. A model is built
 * once from a pack's word lists (the engine reads them from the loaded
 * Lua pack) and is read-only afterwards; hs_model_run reads one document.
 *
 * Ownership: hs_model_new returns a model the caller frees with
 * hs_model_free; every string given to the hs_model_* setters is copied.
 * hs_model_run fills a caller-owned hs_mfacts (cleared first), freed with
 * hs_mfacts_free; its strings point into the model or into the facts
 * themselves, so they live until the model or the facts are freed.
 * Conventions of src/extract/extract.h apply (0-based byte offsets).
 */
#ifndef HS_MODEL_H
#define HS_MODEL_H

#include "extract.h"

typedef struct hs_model hs_model;

/* One entry of a pack's `indicators` (see rules/devzone/indicators.lua).
 * Lists are NULL-terminated arrays of words, or NULL when absent. */
typedef struct hs_indicator_spec {
  const char *indicator; /* required */
  const char *id;        /* NULL: the rule is named after the indicator */
  const char *const *before, *const *after;
  const char *const *near, *const *context, *const *unless,
                                                *const *unless_after;
  const char *const *units; /* unit kinds; NULL: money, percent, ... */
  bool follows_group;
} hs_indicator_spec;

/* NULL on out of memory. name: the pack's name (rule ids are name.rule). */
hs_model *hs_model_new(const char *name);
void hs_model_free(hs_model *m);
/* false on out of memory */
bool hs_model_add_indicator(hs_model *m, const hs_indicator_spec *spec);
/* A cue list of the pack (growth_cues, filler, …: the keys of
 * lua/hanscan/cues.lua); `decline` is given as the list of its keys.
 * Returns false for an unknown key or out of memory. */
bool hs_model_set_list(hs_model *m, const char *key, const char *const *words);
/* unit_defaults: unit -> indicator. false on out of memory. */
bool hs_model_set_unit_default(hs_model *m, const char *unit,
                               const char *indicator);
/* The cue keys the model reads, NULL-terminated (for the engine). */
extern const char *const hs_model_list_keys[];

typedef struct hs_mfact {
  const char *indicator; /* into the model, or static */
  const char *measure;   /* static */
  char value[HS_DEC_MAX];
  char high[HS_DEC_MAX]; /* "" when none */
  char unit[32];
  char period[48];
  char zone[160];
  char rule[96];
  char approx[40]; /* "" when none */
  size_t span_s, span_e;
  size_t seq;
  /* the lengths of the strings above, so that writers need not count */
  unsigned indicator_len, measure_len, value_len, high_len, unit_len,
      period_len, zone_len, rule_len, approx_len;
} hs_mfact;

typedef struct hs_mfacts {
  hs_mfact *items;
  size_t len, cap;
  size_t sentences, skipped; /* sentences read, and passed over whole */
} hs_mfacts;

void hs_mfacts_free(hs_mfacts *f);

/* flags of hs_model_run */
#define HS_MODEL_NO_SKIP 1 /* read sentences without a figure whole too */

/* The facts of one normalized document, in text order. year: what the
 * document's year is (hanscan run --year), 0 to read it from the text.
 * A sentence holding no figure is not read further than the periods it
 * passes on (the skip; the facts are the same without it). false on out
 * of memory. */
bool hs_model_run(const hs_model *m, const char *s, size_t n, int year,
                  int flags, hs_mfacts *out);

#endif
