/* SPDX-License-Identifier: MIT */
/*
 * hanscan.core bindings of src/extract/text.h and zone.h, shaped like
 * lua/hanscan/text.lua and zone.lua (1-based positions, the same tables)
 * so that tests/diff/text.lua can compare them directly:
 *
 *   text_sentences(s)                -> { {s=, e=}, ... }
 *   text_clause_start(s, from, pos), text_clause_end(s, pos, to),
 *   text_item_end(s, pos, to)        -> position
 *   text_split(s, seps)              -> { piece, ... }
 *   text_quote_spans(s, from, to)    -> { {open=, close=}, ... }
 *   text_in_label(s, spans, pos), text_quoted(s, from, pos) -> boolean
 *   text_has(s, words), text_starts_with(s, words),
 *   text_ends_with(s, words, skip)   -> word or nil
 *   text_rfind(s, w)                 -> start, stop (inclusive) or nil
 *   zone_find(s, max_prefix)         -> { {start=, stop=, word=, prefix=,
 *                                          name=, quoted=}, ... }
 *   zone_main(s)                     -> name or nil
 *   zone_is_generic(name), zone_is_bare(word) -> boolean
 *
 * The hs_words of a Lua word list is built at its first use and cached
 * per list table (rebuilt when the list's words change).
 */
#include "bind.h"

#include "extract/text.h"
#include "extract/zone.h"

#include <stdlib.h>
#include <string.h>

/* A Lua position (1-based) as a C offset, clamped at 0. */
static size_t cpos(lua_State *L, int arg) {
  lua_Integer p = luaL_checkinteger(L, arg);
  return p <= 1 ? 0 : (size_t)(p - 1);
}

static void push_spans(lua_State *L, const hs_spans *v, const char *ks,
                       const char *ke) {
  lua_createtable(L, (int)v->len, 0);
  for (size_t i = 0; i < v->len; i++) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)v->items[i].s + 1);
    lua_setfield(L, -2, ks);
    lua_pushinteger(L, (lua_Integer)v->items[i].e + 1);
    lua_setfield(L, -2, ke);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* {==== word lists
 *
 * The hs_words of a Lua list, cached per list table (weak keys in the
 * registry) and checked against the list's words on every call, so a
 * list that changed is rebuilt. */

#define WORDS_CACHE "hs.text.words"
#define WORDS_BOX   "hs.text.wordsbox"

typedef struct words_box {
  hs_words *w;
} words_box;

static int l_words_gc(lua_State *L) {
  words_box *b = luaL_checkudata(L, 1, WORDS_BOX);
  hs_words_free(b->w);
  b->w = NULL;
  return 0;
}

/* Does w hold exactly the words of the list at arg? */
static bool words_match(lua_State *L, int arg, const hs_words *w) {
  size_t n = hs_words_count(w);
  for (size_t i = 0; i < n; i++) {
    size_t len, wl;
    const char *ws = hs_words_get(w, i, &wl);
    if (lua_rawgeti(L, arg, (lua_Integer)i + 1) != LUA_TSTRING) {
      lua_pop(L, 1);
      return false;
    }
    const char *s = lua_tolstring(L, -1, &len);
    bool same = len == wl && memcmp(s, ws, len) == 0;
    lua_pop(L, 1);
    if (!same) return false;
  }
  bool end = lua_rawgeti(L, arg, (lua_Integer)n + 1) == LUA_TNIL;
  lua_pop(L, 1);
  return end;
}

/* The hs_words of the list at arg (its words in ipairs order), owned by
 * the cache; raises a Lua error on a non-string word or out of memory. */
static const hs_words *get_words(lua_State *L, int arg) {
  arg = lua_absindex(L, arg);
  luaL_checktype(L, arg, LUA_TTABLE);
  if (lua_getfield(L, LUA_REGISTRYINDEX, WORDS_CACHE) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, WORDS_CACHE);
  }
  int cache = lua_gettop(L);
  lua_pushvalue(L, arg);
  if (lua_rawget(L, cache) == LUA_TUSERDATA) {
    words_box *b = lua_touserdata(L, -1);
    if (b->w != NULL && words_match(L, arg, b->w)) {
      lua_pop(L, 2); /* the box stays referenced by the cache */
      return b->w;
    }
  }
  lua_pop(L, 1);
  /* collect the words, then build into a box that owns the result */
  size_t n = 0;
  while (lua_rawgeti(L, arg, (lua_Integer)n + 1) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "word %d of the list is not a string", (int)n + 1);
    lua_pop(L, 1);
    n++;
  }
  lua_pop(L, 1);
  const char **w = lua_newuserdatauv(L, (n ? n : 1) * sizeof *w, 0);
  size_t *len = lua_newuserdatauv(L, (n ? n : 1) * sizeof *len, 0);
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, arg, (lua_Integer)i + 1);
    w[i] = lua_tolstring(L, -1, &len[i]); /* alive in the list */
    lua_pop(L, 1);
  }
  words_box *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->w = NULL;
  if (luaL_newmetatable(L, WORDS_BOX)) {
    lua_pushcfunction(L, l_words_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  b->w = hs_words_new_len(w, len, n);
  if (b->w == NULL) luaL_error(L, "out of memory");
  lua_pushvalue(L, arg);
  lua_pushvalue(L, -2);
  lua_rawset(L, cache);
  lua_settop(L, cache - 1);
  return b->w;
}
/* }==== */

/* Pushes word i of the Lua list at arg (nil for -1). */
static void push_word(lua_State *L, int arg, int i) {
  if (i < 0)
    lua_pushnil(L);
  else
    lua_rawgeti(L, arg, (lua_Integer)i + 1);
}

static int l_sentences(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  hs_spans v = {0};
  bool ok = hs_text_sentences(s, n, &v);
  if (ok) push_spans(L, &v, "s", "e");
  hs_spans_free(&v);
  if (!ok) return luaL_error(L, "out of memory");
  return 1;
}

static int l_clause_start(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t r = hs_text_clause_start(s, n, cpos(L, 2), cpos(L, 3));
  lua_pushinteger(L, (lua_Integer)r + 1);
  return 1;
}

static int l_clause_end(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t r = hs_text_clause_end(s, n, cpos(L, 2), cpos(L, 3));
  lua_pushinteger(L, (lua_Integer)r + 1);
  return 1;
}

static int l_item_end(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t r = hs_text_item_end(s, n, cpos(L, 2), cpos(L, 3));
  lua_pushinteger(L, (lua_Integer)r + 1);
  return 1;
}

static int l_split(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  const hs_words *seps = get_words(L, 2);
  hs_spans v = {0};
  bool ok = hs_text_split(s, 0, n, seps, &v);
  if (ok) {
    lua_createtable(L, (int)v.len, 0);
    for (size_t i = 0; i < v.len; i++) {
      lua_pushlstring(L, s + v.items[i].s, v.items[i].e - v.items[i].s);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  hs_spans_free(&v);
  if (!ok) return luaL_error(L, "out of memory");
  return 1;
}

static int l_quote_spans(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  hs_spans v = {0};
  bool ok = hs_text_quote_spans(s, n, cpos(L, 2), cpos(L, 3), &v);
  if (ok) push_spans(L, &v, "open", "close");
  hs_spans_free(&v);
  if (!ok) return luaL_error(L, "out of memory");
  return 1;
}

static int l_in_label(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t pos = cpos(L, 3);
  size_t k = 0;
  while (lua_rawgeti(L, 2, (lua_Integer)k + 1) != LUA_TNIL) {
    lua_pop(L, 1);
    k++;
  }
  lua_pop(L, 1);
  hs_span *items = lua_newuserdatauv(L, (k ? k : 1) * sizeof *items, 0);
  for (size_t i = 0; i < k; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    lua_getfield(L, -1, "open");
    lua_getfield(L, -2, "close");
    lua_Integer o = luaL_checkinteger(L, -2), c = luaL_checkinteger(L, -1);
    items[i].s = o <= 1 ? 0 : (size_t)(o - 1);
    items[i].e = c <= 1 ? 0 : (size_t)(c - 1);
    lua_pop(L, 3);
  }
  hs_spans v = {items, k, k};
  lua_pushboolean(L, hs_text_in_label(s, n, &v, pos));
  return 1;
}

static int l_quoted(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushboolean(L, hs_text_quoted(s, n, cpos(L, 2), cpos(L, 3)));
  return 1;
}

static int l_has(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  push_word(L, 2, hs_words_has(get_words(L, 2), s, n));
  return 1;
}

static int l_starts_with(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  if (lua_isnoneornil(L, 2)) { /* words or {} */
    lua_pushnil(L);
    return 1;
  }
  push_word(L, 2, hs_words_starts_with(get_words(L, 2), s, n));
  return 1;
}

static int l_ends_with(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  const hs_words *w = get_words(L, 2);
  const hs_words *skip = lua_isnoneornil(L, 3) ? NULL : get_words(L, 3);
  push_word(L, 2, hs_words_ends_with(w, s, n, skip));
  return 1;
}

static int l_rfind(lua_State *L) {
  size_t n, wlen;
  const char *s = luaL_checklstring(L, 1, &n);
  const char *w = luaL_checklstring(L, 2, &wlen);
  size_t a = hs_text_rfind(s, n, w, wlen);
  if (a == (size_t)-1) { /* text.rfind returns nil, nil */
    lua_pushnil(L);
    lua_pushnil(L);
    return 2;
  }
  lua_pushinteger(L, (lua_Integer)a + 1);
  lua_pushinteger(L, (lua_Integer)(a + wlen));
  return 2;
}

static int l_zone_find(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  int max = 0; /* zone.find's default */
  if (!lua_isnoneornil(L, 2)) {
    lua_Integer m = luaL_checkinteger(L, 2);
    max = m <= 0 ? -1 : m > 1000000 ? 1000000 : (int)m;
  }
  hs_zones z = {0};
  bool ok = hs_zone_find(s, n, max, &z);
  if (ok) {
    lua_createtable(L, (int)z.len, 0);
    for (size_t i = 0; i < z.len; i++) {
      const hs_zone_mention *m = &z.items[i];
      lua_createtable(L, 0, 6);
      lua_pushinteger(L, (lua_Integer)m->start + 1);
      lua_setfield(L, -2, "start");
      lua_pushinteger(L, (lua_Integer)m->stop + 1);
      lua_setfield(L, -2, "stop");
      lua_pushlstring(L, s + m->word_start, m->stop - m->word_start);
      lua_setfield(L, -2, "word");
      lua_pushlstring(L, s + m->start, m->word_start - m->start);
      lua_setfield(L, -2, "prefix");
      lua_pushlstring(L, s + m->start, m->stop - m->start);
      lua_setfield(L, -2, "name");
      lua_pushboolean(L, m->quoted);
      lua_setfield(L, -2, "quoted");
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  hs_zones_free(&z);
  if (!ok) return luaL_error(L, "out of memory");
  return 1;
}

static int l_zone_main(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char name[HS_ZONE_NAME_MAX];
  hs_zone_main(s, n, name, sizeof name);
  if (name[0] == '\0')
    lua_pushnil(L);
  else
    lua_pushstring(L, name);
  return 1;
}

static int l_zone_is_generic(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushboolean(L, hs_zone_is_generic(s, n));
  return 1;
}

static int l_zone_is_bare(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushboolean(L, hs_zone_is_bare(s, n));
  return 1;
}

void hs_bind_text(lua_State *L) {
  static const luaL_Reg fns[] = {{"text_sentences", l_sentences},
                                 {"text_clause_start", l_clause_start},
                                 {"text_clause_end", l_clause_end},
                                 {"text_item_end", l_item_end},
                                 {"text_split", l_split},
                                 {"text_quote_spans", l_quote_spans},
                                 {"text_in_label", l_in_label},
                                 {"text_quoted", l_quoted},
                                 {"text_has", l_has},
                                 {"text_starts_with", l_starts_with},
                                 {"text_ends_with", l_ends_with},
                                 {"text_rfind", l_rfind},
                                 {"zone_find", l_zone_find},
                                 {"zone_main", l_zone_main},
                                 {"zone_is_generic", l_zone_is_generic},
                                 {"zone_is_bare", l_zone_is_bare},
                                 {NULL, NULL}};
  luaL_setfuncs(L, fns, 0);
}
