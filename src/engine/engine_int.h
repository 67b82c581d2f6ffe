/* SPDX-License-Identifier: MIT */
/*
 * Private header of the engine module: the hs_engine struct and the helpers
 * that engine.c (state, sandbox, packs) shares with script.c (hanscan exec).
 * Nothing outside src/engine includes this.
 *
 * Invariants: between calls the Lua stack is empty; the *_ref fields are
 * LUA_NOREF until set; instr_used, tripped and mem_over are reset before
 * every protected call. `exec` is non-NULL only while a script's document()
 * runs (emit() checks it).
 */
#ifndef HS_ENGINE_INT_H
#define HS_ENGINE_INT_H

#include "engine.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

struct hs_execctx; /* script.c: the document an exec script is reading */

/* Makes the folder of the file `path` the engine's search dir (so a
 * script's require finds its neighbours). HS_OK, HS_ENOMEM. */
hs_status hs_engine_search_file_dir(hs_engine *e, const char *path);

struct hs_engine {
  lua_State *L;
  size_t mem_used, mem_limit;
  uint64_t instr_used, instr_limit;
  size_t max_text;  /* bytes of normalized text handed to Lua per document */
  int tripped;      /* the count hook raised "time limit" */
  int mem_tripped;  /* the allocator refused past the hard limit */
  int mem_over;     /* past the soft limit: the hook raises at once */
  char *lua_dir;    /* owned or NULL */
  char *search_dir; /* owned or NULL */
  int base_ref;     /* registry ref of the read-only base of safe globals */
  int env_ref;      /* _ENV of chunks found in search_dir (pack, script) */
  int pack_ref;     /* registry ref of the pack value */
  int extract_ref;  /* registry ref of runner.extract */
  char **triggers;  /* owned; the pack's literal triggers, or NULL */
  size_t ntriggers;
  int year;               /* hs_engine_set_year; 0: read from each text */
  struct hs_model *model; /* owned; the pack's prose model in C, or NULL */
  int lua_model;          /* hs_engine_set_lua_model: always run Lua's */
  int has_patterns;       /* the pack has pattern rules (run in Lua) */
  int no_skip;            /* hs_engine_set_no_skip */
  hs_trace_fn trace_fn;   /* hs_engine_set_trace; NULL: no tracing */
  void *trace_ud;
  int script_ref;          /* registry ref of the script's _ENV */
  struct hs_execctx *exec; /* the running exec document, or NULL */
  int header_done;         /* exec: the CSV header was written */
  int columns_warned;      /* exec: a row had a key outside `columns` */
  hs_buf err;              /* last error message */
  hs_buf trace;            /* last error message with traceback */
  size_t msg_head;         /* set by msghandler: length before traceback */
};

/* The engine a state belongs to (stored in the extra space). */
hs_engine *hs_engine_of(lua_State *L);

/* Calls the function below nargs arguments with the traceback handler and
 * the limits armed; see engine.c. */
hs_status hs_engine_pcall(hs_engine *e, int nargs, int nres);

/* Sets the last error message. */
void hs_engine_set_msg(hs_engine *e, const char *s);

/* Starts a new user context (pack or script): the modules the previous one
 * loaded from its folder are forgotten, and a fresh _ENV (see
 * hs_engine_push_env) becomes env_ref. Raises on memory errors. */
void hs_engine_user_env(lua_State *L);

/* Pushes a new _ENV table for user code (pack or script): empty, with
 * __index the read-only base and _G pointing to itself. Raises on memory
 * errors (call inside a protected call). */
void hs_engine_push_env(lua_State *L);

/* Pushes the doc table { name, text, decoded, encoding, format } of t. */
void hs_engine_push_doc(lua_State *L, const char *name, const hs_text *t);

/* Loads `path` as a text chunk (luaL_loadfilex, mode "t"): the chunk is
 * left on the stack, or the status is returned with the message on the
 * stack, the whole path in it (see hs_engine_loadfile). */
int hs_engine_loadfile(lua_State *L, const char *path);

/* hs_engine_loadfile, the chunk's _ENV set to the table at env_idx. */
int hs_engine_loadfile_env(lua_State *L, const char *path, int env_idx);

#endif
