/* SPDX-License-Identifier: MIT */
/*
 * Extraction scripts for `hanscan exec`: a Lua file that defines
 * document(doc) and calls emit{col = value, ...} for each row it wants.
 * The script runs in the same sandbox as a pack (its own _ENV over the
 * read-only base; io and os only with allow_io), with `pack` and
 * extract(doc) when a pack was loaded first. Rows are formatted here, as
 * JSON Lines or CSV, into the caller's buffer; a per-document output cap
 * bounds what one document may write (like the other limits, it fails the
 * document, not the run).
 *
 * Registry fields: "hs.columns" holds the script's `columns` list (or the
 * first row's sorted keys, fixed at the first CSV row).
 */
#include "engine_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HS_EXEC_OUT_MAX ((size_t)64 << 20) /* bytes per document */

typedef struct hs_execctx {
  hs_format fmt;
  hs_buf *out;
  size_t start; /* out->len when the document started */
  size_t rows;
  const char *name;
  const hs_text *t;
} hs_execctx;

/*{====================================================================
 * emit
 *====================================================================}*/

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put(lua_State *L, hs_status rc) {
  if (rc != HS_OK) luaL_error(L, "not enough memory for the output");
}

/* Appends the cell at the top of the stack as JSON or CSV. */
static void put_cell(lua_State *L, hs_buf *out, hs_format fmt) {
  char num[64];
  switch (lua_type(L, -1)) {
    case LUA_TSTRING:
      put(L, fmt == HS_FMT_CSV ? hs_output_csv_str(out, lua_tostring(L, -1))
                               : hs_output_json_str(out, lua_tostring(L, -1)));
      return;
    case LUA_TBOOLEAN:
      put(L, hs_buf_puts(out, lua_toboolean(L, -1) ? "true" : "false"));
      return;
    case LUA_TNUMBER:
      if (lua_isinteger(L, -1)) {
        snprintf(num, sizeof num, LUA_INTEGER_FMT, lua_tointeger(L, -1));
      } else {
        lua_Number x = lua_tonumber(L, -1);
        if (!isfinite(x))
          snprintf(num, sizeof num, "%s", fmt == HS_FMT_CSV ? "" : "null");
        else
          snprintf(num, sizeof num, "%.14g", (double)x);
      }
      put(L, hs_buf_puts(out, num));
      return;
    default: /* rejected by collect_keys */ return;
  }
}

/* Pushes a userdata array of the row's keys (at idx), sorted; raises on a
 * key that is not a string or a value that is not a cell. */
static const char **collect_keys(lua_State *L, int idx, size_t *n) {
  size_t cap = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    cap++;
    lua_pop(L, 1);
  }
  const char **keys = lua_newuserdatauv(L, (cap ? cap : 1) * sizeof *keys, 0);
  *n = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "emit: column names must be strings (got a %s)",
                 luaL_typename(L, -2));
    int vt = lua_type(L, -1);
    if (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN)
      luaL_error(L,
                 "emit: column '%s' is a %s; a cell is a string, a number "
                 "or a boolean",
                 lua_tostring(L, -2), luaL_typename(L, -1));
    if (*n < cap) keys[(*n)++] = lua_tostring(L, -2);
    lua_pop(L, 1);
  }
  qsort(keys, *n, sizeof *keys, cmp_str);
  return keys;
}

static void write_header(lua_State *L, hs_buf *out, int cols) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, cols);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, cols, i);
    if (i > 1) put(L, hs_buf_putc(out, ','));
    put(L, hs_output_csv_str(out, lua_tostring(L, -1)));
    lua_pop(L, 1);
  }
  put(L, hs_buf_puts(out, "\r\n"));
}

static int in_columns(lua_State *L, int cols, const char *key) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, cols);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, cols, i);
    int same = strcmp(lua_tostring(L, -1), key) == 0;
    lua_pop(L, 1);
    if (same) return 1;
  }
  return 0;
}

static int l_emit(lua_State *L) {
  hs_engine *e = hs_engine_of(L);
  hs_execctx *c = e->exec;
  if (c == NULL)
    return luaL_error(L, "emit() is only allowed inside document(doc)");
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  size_t n;
  const char **keys = collect_keys(L, 1, &n); /* 2 */
  hs_buf *out = c->out;
  int cols = 3;
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.columns") != LUA_TTABLE &&
      c->fmt == HS_FMT_CSV) { /* columns = the first row's keys */
    lua_pop(L, 1);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
      lua_pushstring(L, keys[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "hs.columns");
  }
  if (c->fmt == HS_FMT_CSV) {
    if (!e->header_done) {
      write_header(L, out, cols);
      e->header_done = 1;
    }
    lua_Integer nc = (lua_Integer)lua_rawlen(L, cols);
    for (lua_Integer i = 1; i <= nc; i++) {
      lua_rawgeti(L, cols, i);
      if (i > 1) put(L, hs_buf_putc(out, ','));
      lua_rawget(L, 1);
      put_cell(L, out, c->fmt);
      lua_pop(L, 1);
    }
    put(L, hs_buf_puts(out, "\r\n"));
    for (size_t i = 0; i < n && !e->columns_warned; i++) {
      if (!in_columns(L, cols, keys[i])) {
        fprintf(stderr,
                "hanscan exec: column '%s' is not in the CSV columns; "
                "dropped (set columns = {...} in the script)\n",
                keys[i]);
        e->columns_warned = 1;
      }
    }
  } else {
    int first = 1;
    put(L, hs_buf_putc(out, '{'));
    if (lua_istable(L, cols)) { /* `columns` order first */
      lua_Integer nc = (lua_Integer)lua_rawlen(L, cols);
      for (lua_Integer i = 1; i <= nc; i++) {
        lua_rawgeti(L, cols, i);
        const char *k = lua_tostring(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL) {
          if (!first) put(L, hs_buf_putc(out, ','));
          first = 0;
          put(L, hs_output_json_str(out, k));
          put(L, hs_buf_putc(out, ':'));
          put_cell(L, out, c->fmt);
        }
        lua_pop(L, 1);
      }
    }
    for (size_t i = 0; i < n; i++) {
      if (lua_istable(L, cols) && in_columns(L, cols, keys[i])) continue;
      if (!first) put(L, hs_buf_putc(out, ','));
      first = 0;
      put(L, hs_output_json_str(out, keys[i]));
      put(L, hs_buf_putc(out, ':'));
      lua_getfield(L, 1, keys[i]);
      put_cell(L, out, c->fmt);
      lua_pop(L, 1);
    }
    put(L, hs_buf_puts(out, "}\n"));
  }
  c->rows++;
  if (out->len - c->start > HS_EXEC_OUT_MAX)
    return luaL_error(L, "output limit exceeded (%d MiB per document)",
                      (int)(HS_EXEC_OUT_MAX >> 20));
  return 0;
}

/*{====================================================================
 * Loading and running
 *====================================================================}*/

/* extract(doc): the loaded pack's facts for doc (offsets into doc.text). */
static int l_extract(lua_State *L) {
  hs_engine *e = hs_engine_of(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->extract_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->pack_ref);
  lua_pushvalue(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

static int l_load_script(lua_State *L) {
  hs_engine *e = hs_engine_of(L);
  const char *path = lua_tostring(L, 1);
  int allow_io = lua_toboolean(L, 2);
  hs_engine_user_env(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->env_ref); /* 3: env */
  lua_pushcfunction(L, l_emit);
  lua_setfield(L, 3, "emit");
  if (e->pack_ref != LUA_NOREF) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->pack_ref);
    lua_setfield(L, 3, "pack");
    lua_pushcfunction(L, l_extract);
    lua_setfield(L, 3, "extract");
  }
  if (allow_io) {
    lua_pushcfunction(L, luaopen_io);
    lua_call(L, 0, 1);
    lua_setfield(L, 3, "io");
    lua_pushcfunction(L, luaopen_os);
    lua_call(L, 0, 1);
    lua_setfield(L, 3, "os");
  }
  if (hs_engine_loadfile_env(L, path, 3) != LUA_OK) return lua_error(L);
  lua_call(L, 0, 0);
  if (lua_getfield(L, 3, "document") != LUA_TFUNCTION)
    return luaL_error(L, "%s: the script must define function document(doc)",
                      path);
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.columns");
  if (lua_getfield(L, 3, "columns") != LUA_TNIL) {
    if (!lua_istable(L, -1))
      return luaL_error(L, "%s: columns must be a list of strings", path);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, -2, i) != LUA_TSTRING)
        return luaL_error(L, "%s: columns[%I] is not a string", path, i);
      lua_rawseti(L, -2, i);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "hs.columns");
  }
  lua_pop(L, 1);
  return 1; /* env */
}

hs_status hs_engine_load_script(hs_engine *e, const char *path, int allow_io) {
  if (e == NULL || path == NULL) return HS_EFATAL;
  hs_status rc = hs_engine_search_file_dir(e, path);
  if (rc != HS_OK) return rc;
  lua_State *L = e->L;
  lua_pushcfunction(L, l_load_script);
  lua_pushstring(L, path);
  lua_pushboolean(L, allow_io);
  rc = hs_engine_pcall(e, 2, 1);
  if (rc != HS_OK) return rc;
  luaL_unref(L, LUA_REGISTRYINDEX, e->script_ref);
  e->script_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  e->header_done = 0;
  e->columns_warned = 0;
  return HS_OK;
}

static int l_exec_doc(lua_State *L) {
  hs_engine *e = hs_engine_of(L);
  hs_execctx *c = lua_touserdata(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->script_ref);
  lua_getfield(L, -1, "document");
  hs_engine_push_doc(L, c->name, c->t);
  lua_call(L, 1, 0);
  return 0;
}

hs_status hs_engine_exec(hs_engine *e, const char *name, const hs_text *t,
                         hs_format fmt, hs_buf *out, size_t *nrows) {
  if (nrows != NULL) *nrows = 0;
  if (e == NULL || t == NULL || out == NULL) return HS_EFATAL;
  if (e->script_ref == LUA_NOREF) {
    hs_engine_set_msg(e, "no script loaded");
    return HS_EFATAL;
  }
  if (t->norm.len > e->max_text) {
    char m[128];
    snprintf(m, sizeof m,
             "document too large for scripts (%zu MiB, limit %zu MiB)",
             t->norm.len >> 20, e->max_text >> 20);
    hs_engine_set_msg(e, m);
    return HS_ELIMIT;
  }
  hs_execctx c = {fmt, out, out->len, 0, name != NULL ? name : "", t};
  int header_done = e->header_done;
  e->exec = &c;
  lua_pushcfunction(e->L, l_exec_doc);
  lua_pushlightuserdata(e->L, &c);
  hs_status rc = hs_engine_pcall(e, 1, 0);
  e->exec = NULL;
  if (rc != HS_OK) { /* a failed document writes nothing */
    out->len = c.start;
    if (out->data != NULL) out->data[out->len] = '\0';
    e->header_done = header_done;
    c.rows = 0;
  }
  if (nrows != NULL) *nrows = c.rows;
  return rc;
}
