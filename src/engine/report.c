/* SPDX-License-Identifier: MIT */
/*
 * Report scripts for `hanscan report`: a function(facts, out) that reads a
 * fact set (hanscan.facts over the records the caller added) and writes
 * Markdown, CSV or HTML through `out`, a C writer whose write() hands the
 * bytes to the caller and enforces an output cap (like the memory and
 * instruction limits, it fails the script with a message naming it). A
 * script is a .lua file run in its own _ENV over the read-only base, the
 * same sandbox as packs and exec scripts, or a bundled report
 * (lua/hanscan/reports/NAME.lua, run as library code).
 *
 * Registry fields: "hs.report" the function, "hs.report_name" the script
 * as given (for messages), "hs.records" the list of records, "hs.out" the
 * writer userdata while a report runs.
 */
#include "engine_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HS_WRITER_MT "hs.writer"

/* What out:write needs; lives on the C stack of hs_engine_report_run. */
typedef struct reportctx {
  const char *script; /* "" for a .lua file (errors carry its file:line) */
  size_t cap, written;
  hs_write_fn fn;
  void *ud;
  int io_failed;
} reportctx;

typedef struct l_writer {
  reportctx *c; /* NULL: closed (the report returned) */
  char format[8];
} l_writer;

/*{====================================================================
 * The writer `out`
 *====================================================================}*/

static int l_writer_write(lua_State *L) {
  l_writer *w = luaL_checkudata(L, 1, HS_WRITER_MT);
  reportctx *c = w->c;
  if (c == NULL) return luaL_error(L, "out:write after the report returned");
  int n = lua_gettop(L);
  for (int i = 2; i <= n; i++) {
    size_t len;
    const char *s = luaL_checklstring(L, i, &len);
    if (len > c->cap - c->written) {
      if (c->cap % ((size_t)1 << 20) == 0)
        return luaL_error(L, "%soutput limit exceeded (%d MiB)", c->script,
                          (int)(c->cap >> 20));
      return luaL_error(L, "%soutput limit exceeded (%I bytes)", c->script,
                        (lua_Integer)c->cap);
    }
    if (c->fn != NULL && c->fn(c->ud, s, len) != HS_OK) {
      c->io_failed = 1;
      return luaL_error(L, "%scannot write the output", c->script);
    }
    c->written += len;
  }
  lua_settop(L, 1);
  return 1; /* out, as file:write returns the file */
}

/* out.format, else the methods (upvalue 1). */
static int l_writer_index(lua_State *L) {
  l_writer *w = luaL_checkudata(L, 1, HS_WRITER_MT);
  const char *k = lua_tostring(L, 2);
  if (k != NULL && strcmp(k, "format") == 0) {
    lua_pushstring(L, w->format);
    return 1;
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  return 1;
}

static int l_writer_tostring(lua_State *L) {
  l_writer *w = luaL_checkudata(L, 1, HS_WRITER_MT);
  lua_pushfstring(L, "hanscan writer (%s%s)", w->format,
                  w->c == NULL ? ", closed" : "");
  return 1;
}

static const luaL_Reg writer_methods[] = {
    {"write", l_writer_write},
    {NULL, NULL},
};

static const luaL_Reg writer_metamethods[] = {
    {"__tostring", l_writer_tostring},
    {NULL, NULL},
};

/* Registers the writer's metatable (once per state). */
static int luaopen_hs_report(lua_State *L) {
  if (luaL_newmetatable(L, HS_WRITER_MT)) {
    luaL_setfuncs(L, writer_metamethods, 0);
    luaL_newlibtable(L, writer_methods);
    luaL_setfuncs(L, writer_methods, 0);
    lua_pushcclosure(L, l_writer_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  return 0;
}

/*{====================================================================
 * Loading
 *====================================================================}*/

static int is_path(const char *s) {
  size_t n = strlen(s);
  return strchr(s, '/') != NULL || (n >= 4 && strcmp(s + n - 4, ".lua") == 0);
}

static int valid_name(const char *s) {
  if (*s == '\0') return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

hs_status hs_engine_report_names(const hs_engine *e, hs_buf *out) {
  if (e == NULL || out == NULL || e->lua_dir == NULL) return HS_EFATAL;
  hs_buf dir;
  hs_buf_init(&dir);
  if (hs_buf_printf(&dir, "%s/hanscan/reports", e->lua_dir) != HS_OK)
    return HS_ENOMEM;
  DIR *d = opendir(hs_buf_cstr(&dir));
  hs_buf_close(&dir);
  if (d == NULL) return HS_OK;
  char *names[64];
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL && n < 64) {
    size_t len = strlen(de->d_name);
    if (len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0) continue;
    char *name = strndup(de->d_name, len - 4);
    if (name == NULL) break;
    if (!valid_name(name) || strcmp(name, "common") == 0) {
      free(name);
      continue;
    }
    names[n++] = name;
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_str);
  hs_status rc = HS_OK;
  for (size_t i = 0; i < n; i++) {
    if (rc == HS_OK) rc = hs_buf_printf(out, "%s%s", i ? ", " : "", names[i]);
    free(names[i]);
  }
  return rc;
}

/* The report function at the top of the stack becomes hs.report. */
static void set_report(lua_State *L, const char *script) {
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.report");
  lua_pushstring(L, script);
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.report_name");
}

static int l_load_file(lua_State *L) {
  hs_engine *e = hs_engine_of(L);
  const char *path = lua_tostring(L, 1);
  hs_engine_user_env(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->env_ref); /* 2: env */
  if (hs_engine_loadfile_env(L, path, 2) != LUA_OK) return lua_error(L);
  lua_call(L, 0, 1);
  if (!lua_isfunction(L, -1)) {
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "report") != LUA_TFUNCTION)
      return luaL_error(L,
                        "%s: the script must return function(facts, out) "
                        "(or define function report(facts, out))",
                        path);
  }
  set_report(L, path);
  return 0;
}

static int l_load_bundled(lua_State *L) {
  const char *name = lua_tostring(L, 1);
  lua_getglobal(L, "require");
  lua_pushfstring(L, "hanscan.reports.%s", name);
  lua_call(L, 1, 1);
  if (!lua_isfunction(L, -1))
    return luaL_error(L,
                      "hanscan.reports.%s does not return "
                      "function(facts, out)",
                      name);
  set_report(L, name);
  return 0;
}

hs_status hs_engine_load_report(hs_engine *e, const char *script) {
  if (e == NULL || script == NULL) return HS_EFATAL;
  lua_State *L = e->L;
  hs_status rc;
  if (is_path(script)) {
    if (access(script, R_OK) != 0) {
      hs_buf m;
      hs_buf_init(&m);
      hs_buf_printf(&m,
                    "%s: no such file (a report is a .lua file or one of "
                    "the bundled reports: ",
                    script);
      hs_engine_report_names(e, &m);
      hs_buf_puts(&m, ")");
      hs_engine_set_msg(e, hs_buf_cstr(&m));
      hs_buf_close(&m);
      return HS_EIO;
    }
    rc = hs_engine_search_file_dir(e, script);
    if (rc != HS_OK) return rc;
    lua_pushcfunction(L, l_load_file);
  } else {
    int found = 0;
    if (valid_name(script) && strcmp(script, "common") != 0 &&
        e->lua_dir != NULL) {
      hs_buf p;
      hs_buf_init(&p);
      if (hs_buf_printf(&p, "%s/hanscan/reports/%s.lua", e->lua_dir, script) ==
          HS_OK)
        found = access(hs_buf_cstr(&p), R_OK) == 0;
      hs_buf_close(&p);
    }
    if (!found) {
      hs_buf m;
      hs_buf_init(&m);
      hs_buf_printf(&m,
                    "no report '%s': not a .lua file, and the bundled "
                    "reports are: ",
                    script);
      hs_engine_report_names(e, &m);
      hs_engine_set_msg(e, hs_buf_cstr(&m));
      hs_buf_close(&m);
      return HS_EIO;
    }
    rc = hs_engine_set_search_dir(e, NULL);
    if (rc != HS_OK) return rc;
    lua_pushcfunction(L, l_load_bundled);
  }
  lua_pushstring(L, script);
  return hs_engine_pcall(e, 1, 0);
}

/*{====================================================================
 * Records and the run
 *====================================================================}*/

typedef struct addctx {
  const hs_field *f;
  size_t n;
} addctx;

/* Is s a whole number that fits a lua_Integer? */
static int to_integer(const char *s, lua_Integer *v) {
  const char *p = s;
  if (*p == '-') p++;
  if (*p < '0' || *p > '9' || strlen(p) > 18) return 0;
  for (const char *q = p; *q; q++)
    if (*q < '0' || *q > '9') return 0;
  *v = (lua_Integer)strtoll(s, NULL, 10);
  return 1;
}

static int l_report_add(lua_State *L) {
  addctx *c = lua_touserdata(L, 1);
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.records") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "hs.records");
  }
  lua_createtable(L, 0, (int)c->n);
  for (size_t i = 0; i < c->n; i++) {
    lua_Integer v;
    if (strcmp(c->f[i].name, "offset") == 0 && to_integer(c->f[i].value, &v))
      lua_pushinteger(L, v);
    else
      lua_pushstring(L, c->f[i].value);
    lua_setfield(L, -2, c->f[i].name);
  }
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  return 0;
}

hs_status hs_engine_report_add(hs_engine *e, const hs_field *fields, size_t n) {
  if (e == NULL || (fields == NULL && n > 0)) return HS_EFATAL;
  addctx c = {fields, n};
  lua_pushcfunction(e->L, l_report_add);
  lua_pushlightuserdata(e->L, &c);
  return hs_engine_pcall(e, 1, 0);
}

static int l_report_run(lua_State *L) {
  reportctx *c = lua_touserdata(L, 1);
  const char *format = lua_tostring(L, 2);
  luaopen_hs_report(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "hs.report"); /* 3 */
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hanscan.facts");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "new");
  lua_remove(L, -2);
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.records") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
  }
  lua_call(L, 1, 1); /* 4: Facts.new(records) */
  l_writer *w = lua_newuserdatauv(L, sizeof *w, 0);
  w->c = NULL; /* consistent before anything can raise */
  snprintf(w->format, sizeof w->format, "%s", format);
  luaL_setmetatable(L, HS_WRITER_MT);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.out");
  w->c = c;
  lua_call(L, 2, 0);
  return 0;
}

hs_status hs_engine_report_run(hs_engine *e, const char *format, size_t cap,
                               hs_write_fn fn, void *ud, size_t *written) {
  if (written != NULL) *written = 0;
  if (e == NULL || format == NULL) return HS_EFATAL;
  lua_State *L = e->L;
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.report") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    hs_engine_set_msg(e, "no report loaded");
    return HS_EFATAL;
  }
  lua_pop(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, "hs.report_name");
  const char *name = lua_tostring(L, -1); /* kept alive by the registry */
  lua_pop(L, 1);
  char prefix[96] = "";
  if (name != NULL && !is_path(name))
    snprintf(prefix, sizeof prefix, "report %s: ", name);
  reportctx c;
  memset(&c, 0, sizeof c);
  c.script = prefix;
  c.cap = cap;
  c.fn = fn;
  c.ud = ud;
  lua_pushcfunction(L, l_report_run);
  lua_pushlightuserdata(L, &c);
  lua_pushstring(L, format);
  hs_status rc = hs_engine_pcall(e, 2, 0);
  /* close the writer: a script may have kept `out` somewhere */
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.out") == LUA_TUSERDATA) {
    l_writer *w = lua_touserdata(L, -1);
    w->c = NULL;
  }
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.out");
  if (rc == HS_EDATA && c.io_failed) rc = HS_EIO;
  if (written != NULL) *written = c.written;
  return rc;
}
