/* SPDX-License-Identifier: MIT */
/*
 * The Lua state behind hs_engine: counting allocator, count hook, sandboxed
 * libraries, the C `require`, the protected-call wrapper, and the calls into
 * hanscan.runner. The engine pointer lives in the state's extra space so
 * that the allocator, hook and C functions reach it without globals. The
 * struct and its invariants are in engine_int.h.
 *
 * Sandbox shape: the global table holds the safe libraries; user code (a
 * pack's files, an exec script) never sees it. Each runs with its own _ENV
 * whose __index is a read-only copy of the globals (library tables behind
 * read-only proxies), so a rule can neither break the shared library nor
 * another pack. Nothing outside a protected call can raise: all table
 * walking of rule results happens inside l_run_doc, under hs_pcall.
 */
#include "engine_int.h"
#include "bind.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua-lpeg.h>

#define HOOK_STEP 10000

hs_engine *hs_engine_of(lua_State *L) {
  hs_engine *e;
  memcpy(&e, lua_getextraspace(L), sizeof e);
  return e;
}

#define engine_of hs_engine_of

/*{====================================================================
 * Allocator and hook
 *====================================================================}*/

static void count_hook(lua_State *L, lua_Debug *ar);

/* Past mem_limit an allocation still succeeds up to the hard limit
 * (mem_limit + 1/8), and the hook is armed to fire at the next instruction:
 * it raises an ordinary error, which carries the file:line of the rule
 * (an out-of-memory error carries none and skips the message handler). */
static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  hs_engine *e = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    free(ptr);
    e->mem_used -= osize;
    return NULL;
  }
  if (nsize > osize && e->mem_used + (nsize - osize) > e->mem_limit) {
    size_t grow = nsize - osize, hard = e->mem_limit + e->mem_limit / 8;
    if (e->L == NULL || e->mem_used + grow > hard) {
      e->mem_tripped = 1;
      return NULL;
    }
    if (!e->mem_over) {
      e->mem_over = 1;
      lua_sethook(e->L, count_hook, LUA_MASKCOUNT, 1); /* signal-safe */
    }
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  e->mem_used = e->mem_used - osize + nsize;
  return p;
}

/* Raises "file:line: msg" for the running function: a hook runs without a
 * call frame of its own, so level 0 is the code that was interrupted. */
static void hook_error(lua_State *L, const char *msg) {
  luaL_where(L, 0);
  lua_pushstring(L, msg);
  lua_concat(L, 2);
  lua_error(L);
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  hs_engine *e = engine_of(L);
  char m[80];
  if (e->mem_over) {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
    snprintf(m, sizeof m, "memory limit exceeded (%zu MiB)",
             e->mem_limit >> 20);
    hook_error(L, m);
  }
  e->instr_used += HOOK_STEP;
  if (e->instr_used > e->instr_limit) {
    e->tripped = 1;
    snprintf(m, sizeof m, "time limit exceeded (%llu instructions)",
             (unsigned long long)e->instr_limit);
    hook_error(L, m);
  }
}

/*{====================================================================
 * Protected calls
 *====================================================================}*/

/* Is `source` ("@path") user code: a file outside the shared Lua dir? */
static int user_source(const hs_engine *e, const char *source) {
  if (source[0] != '@') return 0;
  if (e->lua_dir == NULL) return 1;
  size_t n = strlen(e->lua_dir);
  return !(strncmp(source + 1, e->lua_dir, n) == 0 && source[1 + n] == '/');
}

/* Lua names a file in its messages by its last LUA_IDSIZE - 4 bytes after
 * "..." when its path is longer (a script in a deep folder); hanscan's
 * messages name the whole path. name_of gives the name to show for a chunk
 * of this `source` (short_src: Lua's form); unshorten replaces Lua's form
 * by the whole path in the string at stack index idx (in place: the stack
 * does not grow, however deep the calls) and returns the string. */
static const char *name_of(const char *source, const char *short_src) {
  return source[0] == '@' ? source + 1 : short_src;
}

static const char *unshorten(lua_State *L, int idx, const char *source,
                             const char *short_src) {
  idx = lua_absindex(L, idx);
  if (source[0] == '@' && strncmp(short_src, "...", 3) == 0) {
    luaL_gsub(L, lua_tostring(L, idx), short_src, source + 1);
    lua_replace(L, idx);
  }
  return lua_tostring(L, idx);
}

/* The frames a message and its traceback can name: the top ones, and the
 * bottom ones that luaL_traceback shows after "..." (it shows the first 10
 * and the last 11). A stack can be 200,000 frames deep (a runaway
 * recursion), and lua_getstack walks down to the level asked: looking at
 * every level would take minutes. */
#define TOP_LEVELS    24
#define BOTTOM_LEVELS 12
/* How deep the innermost user frame is looked for. */
#define USER_LEVELS   200

static int last_level(lua_State *L) {
  lua_Debug ar;
  int li = 1, le = 1;
  while (lua_getstack(L, le, &ar)) { /* doubles until past the bottom */
    li = le;
    le *= 2;
  }
  while (li < le) { /* then halves down to it */
    int m = (li + le) / 2;
    if (lua_getstack(L, m, &ar))
      li = m + 1;
    else
      le = m;
  }
  return le - 1;
}

/* Puts the whole paths of the files of the frames named (see above) in
 * the string at stack index idx. */
static const char *unshorten_frames(lua_State *L, int idx, int last) {
  lua_Debug ar;
  const char *s = lua_tostring(L, idx);
  for (int level = 0; level <= last; level++) {
    if (level == TOP_LEVELS && last - BOTTOM_LEVELS > level)
      level = last - BOTTOM_LEVELS;
    if (lua_getstack(L, level, &ar) && lua_getinfo(L, "S", &ar))
      s = unshorten(L, idx, ar.source, ar.short_src);
  }
  return s;
}

/* Adds the traceback, and puts the innermost user frame (a pack's rule
 * file, a script) in front of a message that does not name it already: an
 * error raised by a library or by LPeg ("backtrack stack overflow") then
 * still says which rule file and line was running. Files are named by
 * their whole path, in the message and in the traceback. */
static int msghandler(lua_State *L) {
  hs_engine *e = engine_of(L);
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)",
                            luaL_typename(L, 1));
  }
  int last = last_level(L);
  lua_pushstring(L, msg);
  msg = unshorten_frames(L, lua_gettop(L), last);
  lua_Debug ar;
  for (int level = 0; level < USER_LEVELS && lua_getstack(L, level, &ar);
       level++) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
    if (!user_source(e, ar.source)) continue;
    const char *where = lua_pushfstring(
        L, "%s:%d:", name_of(ar.source, ar.short_src), ar.currentline);
    if (strstr(msg, where) == NULL)
      msg = lua_pushfstring(L, "%s %s", where, msg);
    break;
  }
  e->msg_head = strlen(msg);
  luaL_traceback(L, L, msg, 1);
  (void)unshorten_frames(L, lua_gettop(L), last);
  return 1;
}

/* Sets the last error (message and traceback) to s[0..n), the message
 * being its first `head` bytes. On allocation failure the text is lost. */
static void set_err(hs_engine *e, const char *s, size_t n, size_t head) {
  hs_buf_reset(&e->err);
  hs_buf_reset(&e->trace);
  if (head > n) head = n;
  if (hs_buf_append(&e->trace, s, n) != HS_OK) hs_buf_reset(&e->trace);
  if (hs_buf_append(&e->err, s, head) != HS_OK) hs_buf_reset(&e->err);
}

static void set_msg(hs_engine *e, const char *s) {
  set_err(e, s, strlen(s), strlen(s));
}

void hs_engine_set_msg(hs_engine *e, const char *s) {
  set_msg(e, s);
}

/* Calls the function below nargs arguments with a traceback handler.
 * Leaves nres results on success; on failure the stack is restored to what
 * it was below the function and the message is in e->msg. */
static hs_status hs_pcall(hs_engine *e, int nargs, int nres) {
  lua_State *L = e->L;
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  e->instr_used = 0;
  e->tripped = 0;
  e->mem_tripped = 0;
  e->mem_over = 0;
  e->msg_head = 0;
  int st = lua_pcall(L, nargs, nres, base);
  lua_remove(L, base);
  int over = e->mem_over;
  if (over) { /* disarm the one-instruction hook, give the memory back */
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
    e->mem_over = 0;
  }
  if (st == LUA_OK) return HS_OK;
  hs_status rc = HS_EDATA;
  if (st == LUA_ERRMEM) {
    char m[96];
    if (e->mem_tripped || over) {
      snprintf(m, sizeof m, "memory limit exceeded (%zu MiB)",
               e->mem_limit >> 20);
      rc = HS_ELIMIT;
    } else {
      snprintf(m, sizeof m, "not enough memory");
      rc = HS_ENOMEM;
    }
    set_msg(e, m);
  } else {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (s == NULL)
      set_msg(e, "(error object is not a string)");
    else
      set_err(e, s, len, e->msg_head > 0 ? e->msg_head : len);
    if (e->tripped || over) rc = HS_ELIMIT;
  }
  lua_settop(L, base - 1);
  if (rc == HS_ELIMIT || rc == HS_ENOMEM) lua_gc(L, LUA_GCCOLLECT);
  return rc;
}

hs_status hs_engine_pcall(hs_engine *e, int nargs, int nres) {
  return hs_pcall(e, nargs, nres);
}

/*{====================================================================
 * Sandbox functions: require, print, load
 *====================================================================}*/

static int valid_modname(const char *s) {
  if (*s == '\0' || *s == '.') return 0;
  char prev = 0;
  for (; *s; s++) {
    char c = *s;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok || (c == '.' && prev == '.')) return 0;
    prev = c;
  }
  return prev != '.';
}

/* Pushes "<dir>/a/b/c.lua" for name "a.b.c". */
static const char *push_modpath(lua_State *L, const char *dir,
                                const char *name) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, dir);
  luaL_addchar(&b, '/');
  for (const char *s = name; *s; s++)
    luaL_addchar(&b, *s == '.' ? '/' : *s);
  luaL_addstring(&b, ".lua");
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

static int l_require(lua_State *L) {
  hs_engine *e = engine_of(L);
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); /* 2 */
  if (lua_getfield(L, 2, name) != LUA_TNIL) {               /* 3 */
    if (lua_touserdata(L, 3) == (void *)e)
      return luaL_error(L, "module '%s': loop or previous error loading it",
                        name);
    return 1;
  }
  lua_pop(L, 1);
  if (!valid_modname(name))
    return luaL_error(L, "module '%s': invalid module name", name);
  const char *dirs[2] = {e->search_dir, e->lua_dir};
  int path_idx = 0, ntried = 0, user = 0;
  for (int i = 0; i < 2 && path_idx == 0; i++) {
    if (dirs[i] == NULL) continue;
    const char *p = push_modpath(L, dirs[i], name);
    if (access(p, R_OK) == 0) {
      path_idx = lua_gettop(L); /* the path stays on the stack */
      user = i == 0;
    } else {
      lua_pushfstring(L, "\n\tno file '%s'", p);
      lua_remove(L, -2);
      ntried++;
    }
  }
  if (path_idx == 0) {
    lua_concat(L, ntried);
    return luaL_error(L, "module '%s' not found:%s", name, lua_tostring(L, -1));
  }
  const char *path = lua_tostring(L, path_idx);
  lua_pushlightuserdata(L, e); /* loading sentinel */
  lua_setfield(L, 2, name);
  /* the pack's (or script's) own files get its _ENV; the library runs
   * with the globals */
  int env = LUA_NOREF;
  if (user && e->env_ref != LUA_NOREF) env = e->env_ref;
  if (env != LUA_NOREF) lua_rawgeti(L, LUA_REGISTRYINDEX, env);
  int st = env != LUA_NOREF ? hs_engine_loadfile_env(L, path, lua_gettop(L))
                            : hs_engine_loadfile(L, path);
  if (env != LUA_NOREF) lua_remove(L, -2);
  if (st != LUA_OK) {
    lua_pushnil(L);
    lua_setfield(L, 2, name);
    return lua_error(L);
  }
  if (user) { /* forgotten when the next pack or script loads */
    lua_getfield(L, LUA_REGISTRYINDEX, "hs.usermods");
    if (lua_istable(L, -1)) {
      lua_pushstring(L, name);
      lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    }
    lua_pop(L, 1);
  }
  lua_pushstring(L, name);
  lua_pushvalue(L, path_idx);
  lua_call(L, 2, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, 2, name);
  return 1;
}

static int l_print(lua_State *L) {
  int n = lua_gettop(L);
  for (int i = 1; i <= n; i++) {
    size_t len;
    const char *s = luaL_tolstring(L, i, &len);
    if (i > 1) fputc('\t', stderr);
    fwrite(s, 1, len, stderr);
    lua_pop(L, 1);
  }
  fputc('\n', stderr);
  fflush(stderr);
  return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t". */
static int l_load(lua_State *L) {
  int n = lua_gettop(L);
  lua_settop(L, 4);
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  if (n < 4) lua_settop(L, 3); /* no env given: the default _ENV */
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* pcall and xpcall, wrapped so that a tripped time limit cannot be
 * swallowed: once the count hook raised, the error is raised again after
 * the protected call returns. */
static int l_guarded(lua_State *L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  hs_engine *e = engine_of(L);
  if (e->tripped)
    return luaL_error(L, "time limit exceeded (%I instructions)",
                      (lua_Integer)e->instr_limit);
  if (e->mem_over)
    return luaL_error(L, "memory limit exceeded (%d MiB)",
                      (int)(e->mem_limit >> 20));
  return lua_gettop(L);
}

/* hanscan.core.where(fn): "file:line" where a Lua function is defined, so
 * that the runner can name a pattern rule's file and line in errors raised
 * outside the rule's own code (an LPeg match). */
static int l_core_where(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_Debug ar;
  lua_pushvalue(L, 1);
  if (!lua_getinfo(L, ">S", &ar) || ar.linedefined <= 0) {
    lua_pushliteral(L, "?");
    return 1;
  }
  lua_pushfstring(L, "%s:%d", name_of(ar.source, ar.short_src), ar.linedefined);
  return 1;
}

/* lpeg.setmaxstack(n), clamped to HS_ENGINE_LPEG_STACK: the backtrack
 * stack is the one bound on a match that the count hook cannot stop. */
static int l_lpeg_setmaxstack(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  if (n > HS_ENGINE_LPEG_STACK) n = HS_ENGINE_LPEG_STACK;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushinteger(L, n);
  lua_call(L, 1, 0);
  return 0;
}

static int l_readonly(lua_State *L) {
  return luaL_error(L,
                    "cannot set '%s': the sandbox's globals are read-only"
                    " (use a local)",
                    luaL_optstring(L, 2, "?"));
}

/* Pushes a read-only proxy of the table at idx. */
static void push_readonly(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, l_readonly);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

/* The read-only base of user _ENVs: a copy of the globals, with the
 * library tables behind proxies; stored as base_ref. */
static void make_base(lua_State *L) {
  static const char *const libs[] = {LUA_STRLIBNAME, LUA_TABLIBNAME,
                                     LUA_MATHLIBNAME, LUA_UTF8LIBNAME};
  lua_newtable(L); /* base */
  lua_pushglobaltable(L);
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -5);
  }
  lua_pop(L, 1);
  for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
    lua_getfield(L, -1, libs[i]);
    push_readonly(L, -1);
    lua_setfield(L, -3, libs[i]);
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  lua_setfield(L, -2, "_G"); /* each _ENV sets its own */
  push_readonly(L, -1);
  lua_remove(L, -2);
  engine_of(L)->base_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void hs_engine_push_env(lua_State *L) {
  hs_engine *e = engine_of(L);
  lua_newtable(L);
  lua_createtable(L, 0, 2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->base_ref);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
}

/* A syntax error's message starts with Lua's name for the file: "...",
 * then the end of the path, when the path is long. */
int hs_engine_loadfile(lua_State *L, const char *path) {
  int st = luaL_loadfilex(L, path, "t");
  const char *msg = st != LUA_OK ? lua_tostring(L, -1) : NULL;
  if (msg == NULL || strncmp(msg, "...", 3) != 0) return st;
  const char *colon = strchr(msg + 3, ':');
  while (colon != NULL && !(colon[1] >= '0' && colon[1] <= '9'))
    colon = strchr(colon + 1, ':');
  size_t tail = colon != NULL ? (size_t)(colon - (msg + 3)) : 0;
  size_t n = strlen(path);
  if (tail == 0 || tail > n || memcmp(path + n - tail, msg + 3, tail) != 0)
    return st;
  lua_pushfstring(L, "%s%s", path, colon);
  lua_remove(L, -2);
  return st;
}

int hs_engine_loadfile_env(lua_State *L, const char *path, int env_idx) {
  env_idx = lua_absindex(L, env_idx);
  int st = hs_engine_loadfile(L, path);
  if (st != LUA_OK) return st;
  lua_pushvalue(L, env_idx);
  if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
  return LUA_OK;
}

static void guard(lua_State *L, const char *name) {
  lua_getglobal(L, name);
  lua_pushcclosure(L, l_guarded, 1);
  lua_setglobal(L, name);
}

static int l_open(lua_State *L) {
  static const luaL_Reg libs[] = {
      {LUA_GNAME, luaopen_base},
      {LUA_STRLIBNAME, luaopen_string},
      {LUA_TABLIBNAME, luaopen_table},
      {LUA_MATHLIBNAME, luaopen_math},
      {LUA_UTF8LIBNAME, luaopen_utf8},
      {"lpeg", luaopen_lpeg},
      {NULL, NULL},
  };
  for (const luaL_Reg *l = libs; l->name != NULL; l++) {
    luaL_requiref(L, l->name, l->func, strcmp(l->name, "lpeg") != 0);
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  lua_setglobal(L, "dofile");
  lua_pushnil(L);
  lua_setglobal(L, "loadfile");
  lua_getglobal(L, "load");
  lua_pushcclosure(L, l_load, 1);
  lua_setglobal(L, "load");
  lua_pushcfunction(L, l_print);
  lua_setglobal(L, "print");
  guard(L, "pcall");
  guard(L, "xpcall");
  lua_pushcfunction(L, l_require);
  lua_setglobal(L, "require");
  lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, "lpeg");
  lua_getfield(L, -1, "setmaxstack");
  lua_pushinteger(L, HS_ENGINE_LPEG_STACK);
  lua_call(L, 1, 0);
  lua_getfield(L, -1, "setmaxstack");
  lua_pushcclosure(L, l_lpeg_setmaxstack, 1);
  lua_setfield(L, -2, "setmaxstack");
  lua_pop(L, 1);
  lua_createtable(L, 0, 1); /* LOADED["hanscan.core"] */
  lua_pushcfunction(L, l_core_where);
  lua_setfield(L, -2, "where");
  hs_bind_all(L);
  lua_setfield(L, -2, "hanscan.core");
  lua_pop(L, 1);
  make_base(L);
  return 0;
}

/*{====================================================================
 * Lifecycle
 *====================================================================}*/

static int at_panic(lua_State *L) {
  const char *m = lua_tostring(L, -1);
  fprintf(stderr, "hanscan: unprotected Lua error: %s\n", m ? m : "?");
  abort(); /* a bug: every call is protected */
}

static char *dup_or_null(const char *s) {
  return s == NULL ? NULL : strdup(s);
}

hs_status hs_engine_new(hs_engine **out, const hs_limits *limits,
                        const char *lua_dir) {
  *out = NULL;
  hs_engine *e = calloc(1, sizeof *e);
  if (e == NULL) return HS_ENOMEM;
  hs_buf_init(&e->err);
  hs_buf_init(&e->trace);
  e->pack_ref = LUA_NOREF;
  e->extract_ref = LUA_NOREF;
  e->base_ref = LUA_NOREF;
  e->env_ref = LUA_NOREF;
  e->script_ref = LUA_NOREF;
  e->mem_limit = HS_ENGINE_MEM_DEFAULT;
  e->instr_limit = HS_ENGINE_INSTR_DEFAULT;
  e->max_text = HS_ENGINE_TEXT_DEFAULT;
  if (limits != NULL && limits->mem_bytes) e->mem_limit = limits->mem_bytes;
  if (limits != NULL && limits->instructions)
    e->instr_limit = limits->instructions;
  if (limits != NULL && limits->max_text) e->max_text = limits->max_text;
  e->lua_dir = dup_or_null(lua_dir);
  if (lua_dir != NULL && e->lua_dir == NULL) goto fail;
  e->L = lua_newstate(l_alloc, e);
  if (e->L == NULL) goto fail;
  memcpy(lua_getextraspace(e->L), &e, sizeof e);
  lua_atpanic(e->L, at_panic);
  lua_pushcfunction(e->L, l_open);
  if (hs_pcall(e, 0, 0) != HS_OK) goto fail;
  lua_sethook(e->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
  *out = e;
  return HS_OK;
fail:
  hs_engine_free(e);
  return HS_ENOMEM;
}

void hs_engine_free(hs_engine *e) {
  if (e == NULL) return;
  if (e->L != NULL) lua_close(e->L);
  hs_model_free(e->model);
  for (size_t i = 0; i < e->ntriggers; i++)
    free(e->triggers[i]);
  free(e->triggers);
  free(e->lua_dir);
  free(e->search_dir);
  hs_buf_close(&e->err);
  hs_buf_close(&e->trace);
  free(e);
}

const char *hs_engine_errmsg(const hs_engine *e) {
  return e == NULL ? "" : hs_buf_cstr(&e->err);
}

const char *hs_engine_traceback(const hs_engine *e) {
  return e == NULL ? "" : hs_buf_cstr(&e->trace);
}

hs_status hs_engine_set_search_dir(hs_engine *e, const char *dir) {
  char *d = dup_or_null(dir);
  if (dir != NULL && d == NULL) return HS_ENOMEM;
  free(e->search_dir);
  e->search_dir = d;
  return HS_OK;
}

/*{====================================================================
 * runner.load and runner.extract
 *====================================================================}*/

void hs_engine_user_env(lua_State *L) {
  hs_engine *e = engine_of(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, LUA_REGISTRYINDEX, "hs.usermods") == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      lua_pushnil(L);
      lua_rawset(L, -4);
    }
  }
  lua_pop(L, 2);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "hs.usermods");
  hs_engine_push_env(L);
  luaL_unref(L, LUA_REGISTRYINDEX, e->env_ref);
  e->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

static int l_load_pack(lua_State *L) {
  const char *dir = lua_tostring(L, 1);
  hs_engine_user_env(L);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hanscan.runner");
  lua_call(L, 1, 1);
  if (!lua_istable(L, -1))
    return luaL_error(L, "hanscan.runner did not return a table");
  if (lua_getfield(L, -1, "extract") != LUA_TFUNCTION)
    return luaL_error(L, "hanscan.runner.extract is not a function");
  if (lua_getfield(L, -2, "load") != LUA_TFUNCTION)
    return luaL_error(L, "hanscan.runner.load is not a function");
  lua_pushstring(L, dir);
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1))
    return luaL_error(L, "runner.load('%s') returned nil", dir);
  /* triggers: a list of strings, copied by the caller */
  lua_newtable(L);
  if (lua_istable(L, -2) && lua_getfield(L, -2, "triggers") == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1), k = 0;
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, -1, i) == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        lua_rawseti(L, -3, ++k);
      else
        return luaL_error(L,
                          "%s/pack.lua: triggers[%I] is not a non-empty "
                          "string",
                          dir, i);
    }
  }
  lua_settop(L, 5);
  return 3; /* extract, pack, triggers */
}

/* The C model of the pack at index 1 (left in a userdata) and whether
 * the pack has pattern rules. */
static int l_build_model(lua_State *L) {
  int has_ind = 0, has_pat = 0;
  if (lua_getfield(L, 1, "indicators") == LUA_TTABLE)
    has_ind = lua_rawlen(L, -1) > 0;
  if (lua_getfield(L, 1, "patterns") == LUA_TTABLE)
    has_pat = lua_rawlen(L, -1) > 0;
  lua_settop(L, 1);
  lua_pushboolean(L, has_pat);
  if (has_ind)
    hs_bind_build_model(L, 1);
  else
    lua_pushnil(L);
  return 2;
}

static void free_triggers(hs_engine *e) {
  for (size_t i = 0; i < e->ntriggers; i++)
    free(e->triggers[i]);
  free(e->triggers);
  e->triggers = NULL;
  e->ntriggers = 0;
}

hs_status hs_engine_load_pack(hs_engine *e, const char *pack_dir) {
  if (e == NULL || pack_dir == NULL) return HS_EFATAL;
  hs_status rc = hs_engine_set_search_dir(e, pack_dir);
  if (rc != HS_OK) return rc;
  lua_State *L = e->L;
  lua_pushcfunction(L, l_load_pack);
  lua_pushstring(L, pack_dir);
  rc = hs_pcall(e, 1, 3);
  if (rc != HS_OK) return rc;
  free_triggers(e);
  size_t n = lua_rawlen(L, -1);
  if (n > 0) {
    e->triggers = calloc(n, sizeof *e->triggers);
    for (size_t i = 0; e->triggers != NULL && i < n; i++) {
      lua_rawgeti(L, -1, (lua_Integer)i + 1); /* a string: cannot raise */
      e->triggers[i] = strdup(lua_tostring(L, -1));
      lua_pop(L, 1);
      if (e->triggers[i] == NULL) break;
      e->ntriggers++;
    }
    if (e->ntriggers < n) {
      free_triggers(e);
      lua_settop(L, 0);
      set_msg(e, "not enough memory");
      return HS_ENOMEM;
    }
  }
  lua_pop(L, 1);
  luaL_unref(L, LUA_REGISTRYINDEX, e->pack_ref);
  luaL_unref(L, LUA_REGISTRYINDEX, e->extract_ref);
  e->pack_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  e->extract_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  hs_model_free(e->model);
  e->model = NULL;
  lua_pushcfunction(L, l_build_model);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->pack_ref);
  rc = hs_pcall(e, 1, 2);
  if (rc != HS_OK) return rc;
  e->has_patterns = lua_toboolean(L, -2);
  e->model = lua_isnil(L, -1) ? NULL : hs_bind_take_model(L, -1);
  lua_settop(L, 0);
  return HS_OK;
}

void hs_engine_set_year(hs_engine *e, int year) {
  if (e != NULL) e->year = year;
}

void hs_engine_set_lua_model(hs_engine *e, int on) {
  if (e != NULL) e->lua_model = on;
}

void hs_engine_set_no_skip(hs_engine *e, int on) {
  if (e != NULL) e->no_skip = on;
}

static int l_pack_field(lua_State *L) {
  hs_engine *e = engine_of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->pack_ref);
  if (!lua_istable(L, -1)) return 0;
  lua_pushvalue(L, 1);
  lua_rawget(L, -2);
  int t = lua_type(L, -1);
  if (t != LUA_TSTRING && t != LUA_TNUMBER) return 0;
  lua_tostring(L, -1);
  return 1;
}

hs_status hs_engine_pack_field(hs_engine *e, const char *key, hs_buf *out) {
  if (e == NULL || key == NULL || out == NULL) return HS_EFATAL;
  if (e->pack_ref == LUA_NOREF) return HS_EFATAL;
  lua_State *L = e->L;
  lua_pushcfunction(L, l_pack_field);
  lua_pushstring(L, key);
  hs_status rc = hs_pcall(e, 1, 1);
  if (rc != HS_OK) return rc;
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t n;
    const char *v = lua_tolstring(L, -1, &n);
    rc = hs_buf_append(out, v, n);
  }
  lua_pop(L, 1);
  return rc;
}

void hs_engine_set_trace(hs_engine *e, hs_trace_fn fn, void *ud) {
  if (e == NULL) return;
  e->trace_fn = fn;
  e->trace_ud = ud;
}

/* Does the normalized text hold one of the pack's triggers? */
static int triggered(const hs_engine *e, const hs_buf *text) {
  if (e->ntriggers == 0) return 1;
  for (size_t i = 0; i < e->ntriggers; i++) {
    const char *w = e->triggers[i];
    size_t wn = strlen(w);
    const char *p = text->data, *end = text->data + text->len;
    while (p != NULL && (size_t)(end - p) >= wn) {
      p = memchr(p, w[0], (size_t)(end - p) - wn + 1);
      if (p == NULL) break;
      if (memcmp(p, w, wn) == 0) return 1;
      p++;
    }
  }
  return 0;
}

typedef struct docctx {
  hs_engine *e;
  const char *name;
  size_t name_len;
  size_t map_hint; /* for hs_offmap_to_decoded_near */
  const hs_text *t;
  hs_fact_fn fn;
  void *ud;
  hs_buf *warnings;
  size_t nfacts;
  hs_status sink_rc;
  hs_buf span;    /* decoded span, NUL-terminated */
  hs_buf value;   /* value converted from an integer */
  int prose_done; /* the C model has read the document already */
} docctx;

static void warn_fact(docctx *c, lua_Integer i, const char *fmt,
                      const char *arg) {
  hs_buf line;
  hs_buf_init(&line);
  hs_buf *out = c->warnings != NULL ? c->warnings : &line;
  hs_buf_printf(out, "%s: fact %lld: ", c->name, (long long)i);
  hs_buf_printf(out, fmt, arg);
  hs_buf_puts(out, " (skipped)\n");
  if (c->warnings == NULL) {
    fputs(hs_buf_cstr(&line), stderr);
    hs_buf_close(&line);
  }
}

/* Field `key` of the table at index t as a string, or NULL (no raising). */
static const char *str_field(lua_State *L, int t, const char *key) {
  lua_pushstring(L, key);
  lua_rawget(L, t < 0 ? t - 1 : t);
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  lua_pop(L, 1); /* the string stays alive: it is referenced by the table */
  return s;
}

/* Converts the fact at the top of the stack (index i of the result) and
 * passes it to the sink; invalid facts are reported and skipped. */
static void one_fact(lua_State *L, docctx *c, lua_Integer i) {
  static const char *const req[] = {"indicator", "measure", "unit", "period",
                                    "zone",      "span",    "rule"};
  if (!lua_istable(L, -1)) {
    warn_fact(c, i, "%s", "not a table");
    return;
  }
  int t = lua_gettop(L);
  const char *v[7];
  for (int k = 0; k < 7; k++) {
    v[k] = str_field(L, t, req[k]);
    if (v[k] == NULL) {
      warn_fact(c, i, "missing string field '%s'", req[k]);
      return;
    }
  }
  /* value: a string, or an integer number */
  const char *value;
  lua_pushliteral(L, "value");
  lua_rawget(L, t);
  if (lua_type(L, -1) == LUA_TSTRING) {
    value = lua_tostring(L, -1);
  } else if (lua_isinteger(L, -1)) {
    hs_buf_reset(&c->value);
    hs_buf_printf(&c->value, "%lld", (long long)lua_tointeger(L, -1));
    value = hs_buf_cstr(&c->value);
  } else {
    lua_pop(L, 1);
    warn_fact(c, i, "%s", "field 'value' must be a decimal string");
    return;
  }
  lua_pop(L, 1);
  /* offset: integer, and span must be doc.text at that offset */
  lua_pushliteral(L, "offset");
  lua_rawget(L, t);
  int isnum = 0;
  lua_Integer off = 0;
  if (lua_type(L, -1) == LUA_TNUMBER) off = lua_tointegerx(L, -1, &isnum);
  lua_pop(L, 1);
  if (!isnum) {
    warn_fact(c, i, "%s", "field 'offset' must be an integer");
    return;
  }
  const char *span = v[5];
  lua_pushliteral(L, "span");
  lua_rawget(L, t);
  size_t span_len = lua_rawlen(L, -1);
  lua_pop(L, 1);
  const hs_buf *norm = &c->t->norm;
  if (off < 0 || (size_t)off > norm->len ||
      span_len > norm->len - (size_t)off ||
      (span_len > 0 && memcmp(norm->data + off, span, span_len) != 0)) {
    warn_fact(c, i, "%s",
              "span is not doc.text:sub(offset + 1, offset + #span)");
    return;
  }
  size_t d0 = hs_offmap_to_decoded(&c->t->map, (size_t)off);
  size_t d1 = hs_offmap_to_decoded(&c->t->map, (size_t)off + span_len);
  if (d1 < d0) d1 = d0;
  hs_buf_reset(&c->span);
  if (hs_buf_append(&c->span, c->t->decoded.data + d0, d1 - d0) != HS_OK) {
    c->sink_rc = HS_ENOMEM;
    return;
  }
  hs_fact f;
  f.len = NULL;
  f.doc = c->name;
  f.indicator = v[0];
  f.measure = v[1];
  f.value = value;
  f.unit = v[2];
  f.period = v[3];
  f.zone = v[4];
  f.span = hs_buf_cstr(&c->span);
  f.offset = (long long)d0;
  f.rule = v[6];
  f.approx = str_field(L, t, "approx");
  f.subject = str_field(L, t, "subject");
  f.scope = str_field(L, t, "scope");
  f.high = str_field(L, t, "high");
  hs_status rc = c->fn != NULL ? c->fn(c->ud, &f) : HS_OK;
  if (rc != HS_OK)
    c->sink_rc = rc;
  else
    c->nfacts++;
}

void hs_engine_push_doc(lua_State *L, const char *name, const hs_text *t) {
  lua_createtable(L, 0, 5);
  lua_pushstring(L, name);
  lua_setfield(L, -2, "name");
  lua_pushlstring(L, hs_buf_cstr(&t->norm), t->norm.len);
  lua_setfield(L, -2, "text");
  lua_pushlstring(L, hs_buf_cstr(&t->decoded), t->decoded.len);
  lua_setfield(L, -2, "decoded");
  lua_pushstring(L, t->encoding ? t->encoding : "UTF-8");
  lua_setfield(L, -2, "encoding");
  lua_pushstring(L, t->format ? t->format : "text");
  lua_setfield(L, -2, "format");
}

/* The trace callback handed to runner.extract: formats each event with
 * hanscan.trace.line and passes it to the engine's trace_fn. */
static int l_trace(lua_State *L) {
  docctx *c = lua_touserdata(L, lua_upvalueindex(1));
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hanscan.trace");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "line");
  lua_pushvalue(L, 1);
  lua_pushlstring(L, hs_buf_cstr(&c->t->norm), c->t->norm.len);
  lua_call(L, 2, 1);
  const char *line = lua_tostring(L, -1);
  lua_Integer at = 1;
  if (lua_getfield(L, 1, "at") == LUA_TNUMBER) at = lua_tointeger(L, -1);
  if (at < 1) at = 1;
  size_t off = hs_offmap_to_decoded(&c->t->map, (size_t)at - 1);
  if (line != NULL && c->e->trace_fn != NULL)
    c->e->trace_fn(c->e->trace_ud, off, line);
  return 0;
}

static int l_run_doc(lua_State *L) {
  docctx *c = lua_touserdata(L, 1);
  hs_engine *e = c->e;
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->extract_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, e->pack_ref);
  hs_engine_push_doc(L, c->name, c->t);
  if (e->year > 0) {
    lua_pushinteger(L, e->year);
    lua_setfield(L, -2, "year");
  }
  if (e->trace_fn != NULL) {
    lua_pushlightuserdata(L, c);
    lua_pushcclosure(L, l_trace, 1);
  } else {
    lua_pushnil(L);
  }
  lua_pushboolean(L, c->prose_done);
  lua_call(L, 4, 1);
  if (lua_isnil(L, -1)) return 0; /* no facts */
  if (!lua_istable(L, -1))
    return luaL_error(L, "runner.extract returned a %s, expected a table",
                      luaL_typename(L, -1));
  int facts = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, facts);
  for (lua_Integer i = 1; i <= n && c->sink_rc == HS_OK; i++) {
    lua_rawgeti(L, facts, i);
    one_fact(L, c, i);
    lua_settop(L, facts);
  }
  return 0;
}

/* Passes one fact of the C model to the sink (see one_fact). */
static hs_status c_fact(docctx *c, const hs_mfact *m) {
  const hs_text *t = c->t;
  size_t d0 = hs_offmap_to_decoded_near(&t->map, m->span_s, &c->map_hint);
  size_t d1 = hs_offmap_to_decoded_near(&t->map, m->span_e, &c->map_hint);
  if (d1 < d0) d1 = d0;
  /* the span NUL-terminated in c->span, which keeps its room */
  size_t sl = d1 - d0;
  hs_buf *sb = &c->span;
  if (sb->data == NULL || sl >= sb->cap) {
    sb->len = 0;
    if (hs_buf_reserve(sb, sl) != HS_OK) return HS_ENOMEM;
  }
  memcpy(sb->data, t->decoded.data + d0, sl);
  sb->data[sl] = '\0';
  sb->len = sl;
  const size_t len[13] = {c->name_len,
                          m->indicator_len,
                          m->measure_len,
                          m->value_len,
                          m->unit_len,
                          m->period_len,
                          m->zone_len,
                          sl,
                          m->rule_len,
                          m->approx_len,
                          0,
                          0,
                          m->high_len};
  const hs_fact f = {.doc = c->name,
                     .indicator = m->indicator,
                     .measure = m->measure,
                     .value = m->value,
                     .unit = m->unit,
                     .period = m->period,
                     .zone = m->zone,
                     .span = sb->data,
                     .offset = (long long)d0,
                     .rule = m->rule,
                     .approx = m->approx[0] ? m->approx : NULL,
                     .high = m->high[0] ? m->high : NULL,
                     .len = len};
  hs_status rc = c->fn != NULL ? c->fn(c->ud, &f) : HS_OK;
  if (rc == HS_OK) c->nfacts++;
  return rc;
}

static void docctx_open(docctx *c, hs_engine *e, const char *name,
                        const hs_text *t, hs_fact_fn fn, void *ud,
                        hs_buf *warnings) {
  memset(c, 0, sizeof *c);
  c->e = e;
  c->name = name != NULL ? name : "";
  c->name_len = strlen(c->name);
  c->t = t;
  c->fn = fn;
  c->ud = ud;
  c->warnings = warnings;
  c->sink_rc = HS_OK;
  hs_buf_init(&c->span);
  hs_buf_init(&c->value);
}

/* Runs runner.extract on the document of c (see l_run_doc). */
static hs_status docctx_run_lua(hs_engine *e, docctx *c) {
  lua_pushcfunction(e->L, l_run_doc);
  lua_pushlightuserdata(e->L, c);
  hs_status rc = hs_pcall(e, 1, 0);
  if (rc == HS_OK && c->sink_rc != HS_OK) {
    rc = c->sink_rc;
    set_msg(e, hs_strerror(rc));
  }
  return rc;
}

static hs_status docctx_close(docctx *c, hs_status rc, size_t *nfacts) {
  hs_buf_close(&c->span);
  hs_buf_close(&c->value);
  if (nfacts != NULL) *nfacts = c->nfacts;
  return rc;
}

/* The prose model in C, then the pack's pattern rules (if any) in Lua. */
static hs_status extract_c(hs_engine *e, const char *name, const hs_text *t,
                           hs_fact_fn fn, void *ud, hs_buf *warnings,
                           size_t *nfacts) {
  docctx c;
  docctx_open(&c, e, name, t, fn, ud, warnings);
  c.prose_done = 1;
  hs_mfacts facts = {0};
  hs_status rc = HS_OK;
  if (!hs_model_run(e->model, hs_buf_cstr(&t->norm), t->norm.len, e->year,
                    e->no_skip ? HS_MODEL_NO_SKIP : 0, &facts)) {
    rc = HS_ENOMEM;
    set_msg(e, hs_strerror(rc));
  }
  for (size_t i = 0; rc == HS_OK && i < facts.len; i++) {
    rc = c_fact(&c, &facts.items[i]);
    if (rc != HS_OK) set_msg(e, hs_strerror(rc));
  }
  hs_mfacts_free(&facts);
  if (rc == HS_OK && e->has_patterns) rc = docctx_run_lua(e, &c);
  return docctx_close(&c, rc, nfacts);
}

hs_status hs_engine_extract(hs_engine *e, const char *name, const hs_text *t,
                            hs_fact_fn fn, void *ud, hs_buf *warnings,
                            size_t *nfacts) {
  if (nfacts != NULL) *nfacts = 0;
  if (e == NULL || t == NULL) return HS_EFATAL;
  if (e->extract_ref == LUA_NOREF) {
    set_msg(e, "no rule pack loaded");
    return HS_EFATAL;
  }
  if (t->norm.len > e->max_text) {
    char m[128];
    snprintf(m, sizeof m,
             "document too large for the rules (%zu MiB, limit "
             "%zu MiB)",
             t->norm.len >> 20, e->max_text >> 20);
    set_msg(e, m);
    return HS_ELIMIT;
  }
  if (!triggered(e, &t->norm)) return HS_OK; /* none of the triggers */
  if (e->model != NULL && !e->lua_model && e->trace_fn == NULL)
    return extract_c(e, name, t, fn, ud, warnings, nfacts);
  docctx c;
  docctx_open(&c, e, name, t, fn, ud, warnings);
  return docctx_close(&c, docctx_run_lua(e, &c), nfacts);
}

const char *hs_engine_versions(void) {
  return LUA_RELEASE ", LPeg 1.0";
}

hs_status hs_engine_search_file_dir(hs_engine *e, const char *path) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) return hs_engine_set_search_dir(e, ".");
  char *dir = strndup(path, (size_t)(slash - path));
  if (dir == NULL) return HS_ENOMEM;
  hs_status rc = hs_engine_set_search_dir(e, slash == path ? "/" : dir);
  free(dir);
  return rc;
}

hs_status hs_engine_run_file(hs_engine *e, const char *path) {
  if (e == NULL || path == NULL) return HS_EFATAL;
  hs_status rc = hs_engine_search_file_dir(e, path);
  if (rc != HS_OK) return rc;
  if (hs_engine_loadfile(e->L, path) != LUA_OK) {
    set_msg(e, lua_tostring(e->L, -1));
    lua_settop(e->L, 0);
    return HS_EDATA;
  }
  return hs_pcall(e, 0, 0);
}
