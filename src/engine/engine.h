/* SPDX-License-Identifier: MIT */
/*
 * Public header of the engine module, the only code that includes lua.h.
 * One hs_engine is one sandboxed Lua 5.4 state (use one per worker thread;
 * an engine is not thread-safe) that runs the Lua side of hanscan:
 *
 *   local runner = require "hanscan.runner"
 *   local pack  = runner.load(pack_dir)        -- hs_engine_load_pack
 *   local facts = runner.extract(pack, doc)    -- hs_engine_extract
 *
 * The state has base (without dofile/loadfile; load accepts text chunks
 * only), string, table, math, utf8 and lpeg; no io, os, package or debug.
 * `require` is implemented in C: "lpeg" and the standard library names give
 * the built-in modules, any other "a.b.c" loads <search_dir>/a/b/c.lua, else
 * <lua_dir>/a/b/c.lua (text chunks, chunkname "@path"), cached like
 * package.loaded. `print` writes to stderr. Limits: a counting allocator
 * (memory per state) and an instruction count per call (an LPeg match is C
 * and is not interrupted by it). Every call goes through one protected call
 * with a message handler that appends a traceback.
 *
 * The pipeline (also here, since it needs the engine) composes decode,
 * engine and output for one document: hs_pipeline_doc.
 * Errors and ownership follow src/base/status.h.
 */
#ifndef HS_ENGINE_H
#define HS_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../decode/decode.h"
#include "../output/output.h"
#include "../walk/walk.h"

#define HS_ENGINE_MEM_DEFAULT   ((size_t)512 << 20)
#define HS_ENGINE_INSTR_DEFAULT ((uint64_t)200000000)

typedef struct hs_limits {
  size_t mem_bytes;      /* memory per state; 0: HS_ENGINE_MEM_DEFAULT */
  uint64_t instructions; /* VM instructions per call; 0: default */
} hs_limits;

typedef struct hs_engine hs_engine;

/* Creates an engine. limits may be NULL (defaults). lua_dir is the folder
 * holding hanscan/runner.lua and the shared Lua library (copied; NULL: only
 * the search dir is searched). HS_ENOMEM, or HS_OK with *out set. */
hs_status hs_engine_new(hs_engine **out, const hs_limits *limits,
                        const char *lua_dir);

/* Closes the Lua state and frees everything. NULL is a no-op. */
void hs_engine_free(hs_engine *e);

/* The last error: Lua message ("file:line: msg"), without the traceback.
 * Borrowed until the next call on e; "" if none or e == NULL. */
const char *hs_engine_errmsg(const hs_engine *e);

/* The last error with its traceback (same lifetime). */
const char *hs_engine_traceback(const hs_engine *e);

/* Sets the folder `require` searches before lua_dir (copied; NULL clears).
 * hs_engine_load_pack sets it to the pack folder. HS_ENOMEM. */
hs_status hs_engine_set_search_dir(hs_engine *e, const char *dir);

/* Loads a rule pack: require "hanscan.runner", then runner.load(pack_dir).
 * HS_EDATA with the Lua error in errmsg, HS_ENOMEM, HS_ELIMIT. */
hs_status hs_engine_load_pack(hs_engine *e, const char *pack_dir);

/* Callback receiving each valid fact of a document; its strings are
 * borrowed for the duration of the call. A non-HS_OK return stops the
 * document with that status. */
typedef hs_status (*hs_fact_fn)(void *ud, const hs_fact *f);

/* Runs runner.extract over one decoded document. doc.text is t->norm,
 * doc.decoded is t->decoded. Each fact returned is checked (string fields
 * indicator, measure, value, unit, period, zone, span, rule; integer offset
 * with doc.text:sub(offset+1, offset+#span) == span; value a string or an
 * integer) and mapped back: the record's span is the decoded text between
 * the mapped ends, its offset the decoded offset. Invalid facts are skipped
 * with a line "name: fact N: reason\n" appended to `warnings` (stderr when
 * NULL). *nfacts (if not NULL) counts the facts passed to fn. Returns HS_OK;
 * HS_EDATA (Lua error: errmsg), HS_ELIMIT (memory or time limit), HS_ENOMEM,
 * HS_EFATAL (no pack loaded), or fn's failure. The state stays usable. */
hs_status hs_engine_extract(hs_engine *e, const char *name, const hs_text *t,
                            hs_fact_fn fn, void *ud, hs_buf *warnings,
                            size_t *nfacts);

/* "Lua 5.4.x" and the LPeg version, for --version. Static string. */
const char *hs_engine_versions(void);

/* Runs a Lua file in the engine's state (for --lua-test); the file's folder
 * becomes the search dir. HS_OK, or HS_EDATA with errmsg/traceback. */
hs_status hs_engine_run_file(hs_engine *e, const char *path);

/*{====================================================================
 * Pipeline: one document, from raw bytes to formatted records
 *====================================================================}*/

typedef struct hs_doc_result {
  hs_buf records; /* formatted records (hs_output_record) */
  hs_buf errors;  /* lines "name: message\n" for stderr */
  size_t facts;   /* records in `records` */
  size_t bytes;   /* decoded bytes */
  int failed;     /* the document could not be processed */
} hs_doc_result;

void hs_doc_result_init(hs_doc_result *r);
void hs_doc_result_reset(hs_doc_result *r);
void hs_doc_result_close(hs_doc_result *r); /* NULL is a no-op */

/* Decodes doc with `encoding` (NULL: auto) into t (a scratch hs_text owned
 * by the caller), runs the engine, formats the facts as `fmt` into r
 * (reset first). Failures go to r->errors with r->failed = 1. Returns HS_OK
 * or HS_ENOMEM (fatal for the run). */
hs_status hs_pipeline_doc(hs_engine *e, hs_text *t, const hs_doc *doc,
                          const char *encoding, hs_format fmt,
                          hs_doc_result *r);

#endif
