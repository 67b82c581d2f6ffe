/* SPDX-License-Identifier: MIT */
/*
 * The per-document pipeline: decode and normalize the raw bytes, run the
 * rule pack, and format the facts. Everything a document produces (records
 * and error lines) is collected in an hs_doc_result so that the caller
 * decides when to write it; with several workers this keeps the output in
 * document order.
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>

static void clear(hs_doc_result *r) {
  r->facts = 0;
  r->bytes = 0;
  r->raw = 0;
  r->failed = 0;
  r->damaged = 0;
  r->format = NULL;
  r->encoding[0] = '\0';
}

void hs_doc_result_init(hs_doc_result *r) {
  hs_buf_init(&r->records);
  hs_buf_init(&r->errors);
  hs_buf_init(&r->error);
  clear(r);
}

void hs_doc_result_reset(hs_doc_result *r) {
  hs_buf_reset(&r->records);
  hs_buf_reset(&r->errors);
  hs_buf_reset(&r->error);
  clear(r);
}

void hs_doc_result_close(hs_doc_result *r) {
  if (r == NULL) return;
  hs_buf_close(&r->records);
  hs_buf_close(&r->errors);
  hs_buf_close(&r->error);
  hs_doc_result_init(r);
}

typedef struct sinkctx {
  hs_doc_result *r;
  hs_format fmt;
} sinkctx;

static hs_status put_fact(void *ud, const hs_fact *f) {
  sinkctx *c = ud;
  hs_status rc = hs_output_record(&c->r->records, c->fmt, f);
  if (rc == HS_OK) c->r->facts++;
  return rc;
}

hs_status hs_pipeline_doc(hs_engine *e, hs_text *t, const hs_doc *doc,
                          const char *encoding, hs_format fmt,
                          hs_doc_result *r) {
  hs_decode_opts o = {encoding, NULL, NULL, HS_NORM_ALL, 0};
  return hs_pipeline_doc_opts(e, t, doc, &o, fmt, r);
}

hs_status hs_pipeline_doc_opts(hs_engine *e, hs_text *t, const hs_doc *doc,
                               const hs_decode_opts *dopts, hs_format fmt,
                               hs_doc_result *r) {
  hs_doc_result_reset(r);
  const char *name = doc->name != NULL ? doc->name : "-";
  hs_decode_opts o = {NULL, NULL, NULL, HS_NORM_ALL, 0};
  if (dopts != NULL) o = *dopts;
  o.name = name;
  o.format = doc->format;
  o.norm_flags = HS_NORM_ALL;
  r->raw = doc->data.len;
  hs_status rc = hs_text_decode_opts(t, doc->data.data, doc->data.len, &o);
  if (t->format != NULL) r->format = t->format;
  if (t->encoding != NULL)
    snprintf(r->encoding, sizeof r->encoding, "%s%s", t->encoding,
             t->had_bom ? "-BOM" : "");
  if (rc != HS_OK) {
    r->failed = 1;
    rc = hs_buf_printf(&r->errors, "%s: %s\n", name, t->msg);
    if (rc == HS_OK) rc = hs_buf_puts(&r->error, t->msg);
    return rc == HS_OK ? HS_OK : HS_ENOMEM;
  }
  if (t->replaced > 0) {
    r->damaged = 1;
    rc = hs_buf_printf(&r->error,
                       "%zu undecodable bytes replaced by "
                       "U+FFFD (read as %s; first at byte %zu)",
                       t->replaced, t->encoding, t->first_bad);
    if (rc == HS_OK)
      rc = hs_buf_printf(&r->errors, "%s: warning: %s\n", name,
                         hs_buf_cstr(&r->error));
    if (rc != HS_OK) return HS_ENOMEM;
  }
  r->bytes = t->decoded.len;
  sinkctx c = {r, fmt};
  rc = hs_engine_extract(e, name, t, put_fact, &c, &r->errors, NULL);
  if (rc != HS_OK) {
    hs_buf_reset(&r->records); /* a failed document yields no facts */
    r->facts = 0;
    r->failed = 1;
    const char *m = hs_engine_errmsg(e);
    if (*m == '\0') m = hs_strerror(rc);
    hs_buf_reset(&r->error);
    if (hs_buf_printf(&r->errors, "%s: %s\n", name, m) != HS_OK ||
        hs_buf_puts(&r->error, m) != HS_OK)
      return HS_ENOMEM;
  }
  return HS_OK;
}
