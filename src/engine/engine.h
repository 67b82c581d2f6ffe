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
 * package.loaded. Files found in search_dir (a pack's, a script's) run with
 * that pack's or script's own _ENV, whose __index is a read-only base of
 * the safe globals; the library in lua_dir runs with the globals.
 * "hanscan.core" is built in: where(fn) gives "file:line" of a function.
 * `print` writes to stderr. Limits (hs_limits): memory per state, an
 * instruction count per call, LPeg's backtrack stack and the text per
 * document. Every call goes through one protected call with a message
 * handler that appends a traceback and puts the innermost pack or script
 * frame ("rules.lua:12:") in front of a message that does not name it.
 *
 * The pipeline (also here, since it needs the engine) composes decode,
 * engine and output for one document: hs_pipeline_doc. Report scripts
 * (hanscan report) run here too: hs_engine_load_report and
 * hs_engine_report_run.
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
#define HS_ENGINE_TEXT_DEFAULT  ((size_t)64 << 20)
#define HS_ENGINE_LPEG_STACK    400 /* lpeg.setmaxstack, also the cap */

/* Limits of one state. Memory: past mem_bytes the count hook raises "memory
 * limit exceeded" at the next VM instruction (so the message names the
 * rule's file:line); an allocation past mem_bytes + mem_bytes/8 fails at
 * once. Time: a VM instruction count per call (one document). LPeg matches
 * run in C, out of the hook's reach: they are bounded by the backtrack
 * stack (HS_ENGINE_LPEG_STACK; lpeg.setmaxstack cannot raise it) and by
 * max_text, the bytes of normalized text a document may hand to Lua. */
typedef struct hs_limits {
  size_t mem_bytes;      /* memory per state; 0: HS_ENGINE_MEM_DEFAULT */
  uint64_t instructions; /* VM instructions per call; 0: default */
  size_t max_text;       /* per document; 0: HS_ENGINE_TEXT_DEFAULT */
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
 * Chunks found in the pack folder run with the pack's own _ENV, whose
 * __index is a read-only base of the safe globals. The pack's `triggers`
 * (a list of literal strings), when present, are copied: a document whose
 * normalized text contains none of them is not handed to Lua (0 facts).
 * HS_EDATA with the Lua error in errmsg, HS_ENOMEM, HS_ELIMIT. */
hs_status hs_engine_load_pack(hs_engine *e, const char *pack_dir);

/* Appends the loaded pack's field `key` (name, version ...) to out when it
 * is a string or a number. HS_OK (nothing appended when absent), HS_EFATAL
 * (no pack), HS_ENOMEM. */
hs_status hs_engine_pack_field(hs_engine *e, const char *key, hs_buf *out);

/* Receives one trace line (see hs_engine_set_trace): `offset` is the byte
 * offset in the decoded document of the quantity it is about, `line` the
 * text (borrowed for the call). */
typedef void (*hs_trace_fn)(void *ud, size_t offset, const char *line);

/* Sets the year of every document (doc.year: what 今年 means), overriding
 * what the rules infer from each text; 0 restores inference. NULL e: no-op. */
void hs_engine_set_year(hs_engine *e, int year);

/* The prose model of a pack's `indicators` runs in C (src/extract/model.c),
 * built from the pack's tables when it loads; pattern rules and traced
 * runs use Lua (lua/hanscan/extract.lua, the reference the C model is
 * tested against). on != 0 makes every run use the Lua model (hanscan run
 * --model lua). NULL e: no-op. */
void hs_engine_set_lua_model(hs_engine *e, int on);

/* on != 0 turns off the C model's skip of sentences without a figure
 * (hanscan run --no-skip; the facts are the same, only slower). */
void hs_engine_set_no_skip(hs_engine *e, int on);

/* Makes hs_engine_extract pass a trace callback to runner.extract; each
 * event is formatted by hanscan.trace.line and handed to fn. NULL fn turns
 * tracing off. */
void hs_engine_set_trace(hs_engine *e, hs_trace_fn fn, void *ud);

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
 * Scripts (hanscan exec)
 *====================================================================}*/

/* Loads an extraction script: its folder becomes the search dir, the chunk
 * runs with its own _ENV (the read-only base, plus `emit`; `pack` and
 * `extract` when a pack was loaded first; io and os when allow_io) and
 * must define a global function document(doc). A global `columns` (a list
 * of strings) fixes the output columns. HS_EDATA with errmsg, HS_ENOMEM,
 * HS_ELIMIT. */
hs_status hs_engine_load_script(hs_engine *e, const char *path, int allow_io);

/* Calls the script's document(doc) for one decoded document; each
 * emit{col = value, ...} appends a record to `out` as `fmt`: JSONL (keys in
 * `columns` order, then the rest sorted) or CSV (the header goes out with
 * the first row of the run; columns are `columns` or the sorted keys of the
 * first row, other keys are dropped with a warning). Values: strings,
 * numbers, booleans. *nrows (if not NULL) counts the rows of this document.
 * On failure the rows of this document are removed from `out`. HS_OK,
 * HS_EDATA (Lua error: errmsg), HS_ELIMIT, HS_ENOMEM, HS_EFATAL (no
 * script). */
hs_status hs_engine_exec(hs_engine *e, const char *name, const hs_text *t,
                         hs_format fmt, hs_buf *out, size_t *nrows);

/*{====================================================================
 * Reports (hanscan report)
 *====================================================================}*/

/* Receives the bytes a report writes (borrowed for the call). A non-HS_OK
 * return fails the report. */
typedef hs_status (*hs_write_fn)(void *ud, const char *p, size_t n);

/* Loads a report script. `script` is a path when it contains '/' or ends
 * in ".lua": the file runs in its own _ENV (the read-only base; its folder
 * is the search dir, as for exec scripts) and must return
 * function(facts, out) or define a global report(facts, out). Otherwise it
 * names a bundled report, <lua_dir>/hanscan/reports/NAME.lua, loaded with
 * require "hanscan.reports.NAME". HS_EIO: not found (errmsg lists the
 * bundled reports); HS_EDATA: it does not load or give a function (errmsg
 * has file:line); HS_ENOMEM, HS_ELIMIT. */
hs_status hs_engine_load_report(hs_engine *e, const char *script);

/* The bundled reports' names, sorted, ", "-separated, appended to out.
 * HS_OK (nothing when there are none), HS_ENOMEM, HS_EFATAL (no lua_dir). */
hs_status hs_engine_report_names(const hs_engine *e, hs_buf *out);

/* Appends one record to the facts a report gets: a table of the fields,
 * each a string except `offset`, an integer when it is a whole number.
 * fields are borrowed for the call. HS_ENOMEM, HS_ELIMIT. */
hs_status hs_engine_report_add(hs_engine *e, const hs_field *fields, size_t n);

/* Runs the loaded report: script(Facts.new(records), out), where
 * out.format is `format` ("md", "csv" or "html") and out:write(...) hands
 * each string to fn, at most `cap` bytes in all: past it the script fails
 * with "SCRIPT: output limit exceeded". After the call `out` is closed.
 * *written (if not NULL) counts the bytes handed to fn. HS_OK; HS_EDATA
 * (Lua error: errmsg names file:line), HS_ELIMIT, HS_ENOMEM, HS_EIO (fn
 * failed), HS_EFATAL (no report loaded). */
hs_status hs_engine_report_run(hs_engine *e, const char *format, size_t cap,
                               hs_write_fn fn, void *ud, size_t *written);

/*{====================================================================
 * Pipeline: one document, from raw bytes to formatted records
 *====================================================================}*/

typedef struct hs_doc_result {
  hs_buf records;     /* formatted records (hs_output_record) */
  hs_buf errors;      /* lines "name: message\n" for stderr */
  hs_buf error;       /* why it failed, or the damage warning, without the
                         name ("" if none): the documents table's error */
  size_t facts;       /* records in `records` */
  size_t bytes;       /* decoded bytes */
  size_t raw;         /* raw bytes (after decompression) */
  int failed;         /* the document could not be processed */
  int damaged;        /* bytes were undecodable (replaced by U+FFFD; warned) */
  const char *format; /* text, html, xml, docx (static); NULL: unknown */
  char encoding[48];  /* as ls shows it (UTF-8-BOM, GB18030 ...); "" */
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

/* The same with decoding options (encoding, size cap; NULL: defaults);
 * doc->name and doc->format fill in dopts' name and format, and the
 * normalization flags are always HS_NORM_ALL. Undecodable bytes add a
 * warning line to r->errors and set r->damaged; the facts are kept. */
hs_status hs_pipeline_doc_opts(hs_engine *e, hs_text *t, const hs_doc *doc,
                               const hs_decode_opts *dopts, hs_format fmt,
                               hs_doc_result *r);

#endif
