/* SPDX-License-Identifier: MIT */
/*
 * The C prose model (src/extract/model.h) built from a loaded pack: the
 * pack's `indicators` and cue lists are read from the Lua table once, at
 * load; documents are then read without Lua. See bind.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"

/* A Lua list of strings at index t, field `key`, as a NULL-terminated
 * array of pointers into the Lua strings (valid while the table lives);
 * *absent when the field is nil. Raises on a non-string item. */
static const char **string_list(lua_State *L, int t, const char *key,
                                int *absent, const char *where) {
  *absent = 0;
  int ty = lua_getfield(L, t, key);
  if (ty == LUA_TNIL) {
    lua_pop(L, 1);
    *absent = 1;
    return NULL;
  }
  if (ty != LUA_TTABLE) {
    luaL_error(L, "%s: %s must be a list of strings", where, key);
    return NULL;
  }
  size_t n = lua_rawlen(L, -1);
  const char **out = lua_newuserdatauv(L, (n + 1) * sizeof *out, 0);
  /* the userdata is kept on the stack under the list (collected later) */
  lua_insert(L, -2);
  for (size_t i = 0; i < n; i++) {
    if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TSTRING) {
      luaL_error(L, "%s: %s[%d] is not a string", where, key, (int)i + 1);
      return NULL;
    }
    out[i] = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  out[n] = NULL;
  /* leave the list on the stack too: it holds the strings */
  return out;
}

/* The keys of a map whose values are true (pack.decline). */
static const char **key_list(lua_State *L, int t, const char *key) {
  if (lua_getfield(L, t, key) != LUA_TTABLE) {
    lua_pop(L, 1);
    return NULL;
  }
  int m = lua_gettop(L);
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, m)) {
    n++;
    lua_pop(L, 1);
  }
  const char **out = lua_newuserdatauv(L, (n + 1) * sizeof *out, 0);
  size_t k = 0;
  lua_pushnil(L);
  while (lua_next(L, m)) {
    if (lua_type(L, -2) == LUA_TSTRING && lua_toboolean(L, -1))
      out[k++] = lua_tostring(L, -2);
    lua_pop(L, 1);
  }
  out[k] = NULL;
  return out;
}

static void add_indicator(lua_State *L, hs_model *m, int e, int i) {
  int top = lua_gettop(L);
  char where[64];
  snprintf(where, sizeof where, "indicators[%d]", i);
  hs_indicator_spec sp;
  memset(&sp, 0, sizeof sp);
  if (lua_getfield(L, e, "indicator") != LUA_TSTRING)
    luaL_error(L, "%s has no indicator id", where);
  sp.indicator = lua_tostring(L, -1);
  if (lua_getfield(L, e, "id") == LUA_TSTRING) sp.id = lua_tostring(L, -1);
  int absent;
  sp.before = string_list(L, e, "before", &absent, where);
  sp.after = string_list(L, e, "after", &absent, where);
  sp.near = string_list(L, e, "near", &absent, where);
  sp.context = string_list(L, e, "context", &absent, where);
  sp.unless = string_list(L, e, "unless", &absent, where);
  sp.unless_after = string_list(L, e, "unless_after", &absent, where);
  sp.units = string_list(L, e, "units", &absent, where);
  lua_getfield(L, e, "follows_group");
  sp.follows_group = lua_toboolean(L, -1);
  if (!hs_model_add_indicator(m, &sp)) luaL_error(L, "not enough memory");
  lua_settop(L, top);
}

/* hanscan.core-internal: builds the model of the pack at index p, as a
 * full userdata with a __gc that frees it (so an error on the way frees
 * it too). Returns the model; the userdata is left on the stack. */
static int model_gc(lua_State *L) {
  hs_model **u = lua_touserdata(L, 1);
  if (u != NULL && *u != NULL) {
    hs_model_free(*u);
    *u = NULL;
  }
  return 0;
}

hs_model *hs_bind_build_model(lua_State *L, int p) {
  p = lua_absindex(L, p);
  hs_model **u = lua_newuserdatauv(L, sizeof *u, 0);
  *u = NULL;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, model_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  int keep = lua_gettop(L);
  const char *name = "";
  if (lua_getfield(L, p, "name") == LUA_TSTRING) name = lua_tostring(L, -1);
  *u = hs_model_new(name);
  if (*u == NULL) luaL_error(L, "not enough memory");
  lua_settop(L, keep);
  if (lua_getfield(L, p, "indicators") == LUA_TTABLE) {
    int t = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, t, i) == LUA_TTABLE)
        add_indicator(L, *u, lua_gettop(L), (int)i);
      lua_pop(L, 1);
    }
  }
  lua_settop(L, keep);
  for (size_t k = 0; hs_model_list_keys[k] != NULL; k++) {
    const char *key = hs_model_list_keys[k];
    const char **words;
    if (strcmp(key, "decline") == 0) {
      words = key_list(L, p, key);
    } else {
      int absent;
      words = string_list(L, p, key, &absent, "pack");
    }
    if (words != NULL && !hs_model_set_list(*u, key, words))
      luaL_error(L, "not enough memory");
    lua_settop(L, keep);
  }
  if (lua_getfield(L, p, "unit_defaults") == LUA_TTABLE) {
    int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING &&
          !hs_model_set_unit_default(*u, lua_tostring(L, -2),
                                     lua_tostring(L, -1)))
        luaL_error(L, "not enough memory");
      lua_pop(L, 1);
    }
  }
  lua_settop(L, keep);
  return *u;
}

/* Takes the model out of its userdata (at index i) so that the caller
 * owns it. */
hs_model *hs_bind_take_model(lua_State *L, int i) {
  hs_model **u = lua_touserdata(L, i);
  if (u == NULL) return NULL;
  hs_model *m = *u;
  *u = NULL;
  return m;
}
