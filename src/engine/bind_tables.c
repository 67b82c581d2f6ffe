/* SPDX-License-Identifier: MIT */
/*
 * core.tables_find(s) -> the list tables.find(s) returns (same fields,
 * 1-based positions); core.tables_cell_value(c) -> tables.cell_value(c)
 * (a decimal string, false for an empty cell, nil for no number).
 */
#include "bind.h"

#include "extract/tables.h"

static void set_str(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, size_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

#define TABLES_MT "hanscan.core.tables"

static int tables_gc(lua_State *L) {
  hs_tables_free(luaL_checkudata(L, 1, TABLES_MT));
  return 0;
}

static int l_tables_find(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  /* the results live in a userdata, so a Lua error below frees them */
  hs_tables *tp = lua_newuserdatauv(L, sizeof(hs_tables), 0);
  *tp = (hs_tables){0};
  luaL_setmetatable(L, TABLES_MT);
  if (!hs_tables_find(s, n, tp))
    return luaL_error(L, "tables_find: out of memory");
  const hs_tables t = *tp;
  lua_createtable(L, (int)t.len, 0);
  for (size_t i = 0; i < t.len; i++) {
    const hs_table *tb = &t.items[i];
    lua_createtable(L, 0, 5);
    set_int(L, "s", tb->s + 1);
    set_int(L, "e", tb->e + 1);
    if (tb->has_title) set_int(L, "title_s", tb->title_s + 1);
    lua_pushboolean(L, tb->by_zone);
    lua_setfield(L, -2, "by_zone");
    lua_createtable(L, (int)tb->nrows, 0);
    for (size_t r = 0; r < tb->nrows; r++) {
      const hs_table_row *row = &tb->rows[r];
      lua_createtable(L, 0, 4);
      lua_pushlstring(L, row->label, row->label_len);
      lua_setfield(L, -2, "label");
      set_int(L, "s", row->s + 1);
      set_int(L, "e", row->e + 1);
      lua_createtable(L, (int)row->ncells, 0);
      for (size_t c = 0; c < row->ncells; c++) {
        const hs_table_cell *cell = &row->cells[c];
        lua_createtable(L, 0, 5);
        set_str(L, "value", cell->value);
        set_str(L, "column", cell->growth ? "growth" : "level");
        set_str(L, "unit", cell->unit);
        set_str(L, "kind", cell->kind);
        if (cell->label) {
          lua_pushlstring(L, cell->label, cell->label_len);
          lua_setfield(L, -2, "label");
        }
        lua_rawseti(L, -2, (lua_Integer)c + 1);
      }
      lua_setfield(L, -2, "cells");
      lua_rawseti(L, -2, (lua_Integer)r + 1);
    }
    lua_setfield(L, -2, "rows");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  hs_tables_free(tp);
  return 1;
}

static int l_tables_cell_value(lua_State *L) {
  size_t n;
  const char *c = luaL_checklstring(L, 1, &n);
  char v[HS_DEC_MAX];
  switch (hs_tables_cell_value(c, n, v)) {
    case HS_CELL_NUM: lua_pushstring(L, v); break;
    case HS_CELL_EMPTY: lua_pushboolean(L, 0); break;
    default: lua_pushnil(L); break;
  }
  return 1;
}

void hs_bind_tables(lua_State *L) {
  if (luaL_newmetatable(L, TABLES_MT)) {
    lua_pushcfunction(L, tables_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, l_tables_find);
  lua_setfield(L, -2, "tables_find");
  lua_pushcfunction(L, l_tables_cell_value);
  lua_setfield(L, -2, "tables_cell_value");
}
