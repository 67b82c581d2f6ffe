/* SPDX-License-Identifier: MIT */
/*
 * hanscan.core functions over src/extract/period.h:
 *
 *   core.period_scan(s, year)  -> { {start=, stop=, period=}, ... }
 *   core.period_years(s)       -> { {pos=, y=, to=, end=, plan=}, ... }
 *   core.period_doc_year(s, before, plan_year) -> year or nil
 *
 * shaped like lua/hanscan/period.lua's scan, years and doc_year (Lua
 * positions: 1-based, stop one past the end).
 */
#include "bind.h"

#include "extract/period.h"

#include <limits.h>
#include <string.h>

#define PERIODS_MT "hanscan.core.periods"
#define YEARS_MT   "hanscan.core.years"

/* The C arrays live in userdata boxes, so a Lua error while the result
 * tables are built (out of memory) cannot leak them. */
static int periods_gc(lua_State *L) {
  hs_periods_free(luaL_checkudata(L, 1, PERIODS_MT));
  return 0;
}

static int years_gc(lua_State *L) {
  hs_years_free(luaL_checkudata(L, 1, YEARS_MT));
  return 0;
}

static void *new_box(lua_State *L, size_t size, const char *mt) {
  void *box = lua_newuserdatauv(L, size, 0);
  memset(box, 0, size);
  luaL_setmetatable(L, mt);
  return box;
}

/* A year argument: nil (0) or an integer that fits the C API's int. */
static int opt_year(lua_State *L, int arg) {
  if (lua_isnoneornil(L, arg)) return 0;
  lua_Integer y = luaL_checkinteger(L, arg);
  luaL_argcheck(L, y > INT_MIN / 2 && y < INT_MAX / 2 && y != 0, arg,
                "year out of range");
  return (int)y;
}

static int l_period_scan(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  int year = opt_year(L, 2);
  hs_periods *p = new_box(L, sizeof *p, PERIODS_MT);
  if (!hs_period_scan(s, n, year, p)) return luaL_error(L, "out of memory");
  lua_createtable(L, (int)p->len, 0);
  for (size_t i = 0; i < p->len; i++) {
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, (lua_Integer)p->items[i].start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)p->items[i].stop + 1);
    lua_setfield(L, -2, "stop");
    lua_pushstring(L, p->items[i].period);
    lua_setfield(L, -2, "period");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  hs_periods_free(p);
  return 1;
}

static int l_period_years(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  hs_years *y = new_box(L, sizeof *y, YEARS_MT);
  if (!hs_period_years(s, n, y)) return luaL_error(L, "out of memory");
  lua_createtable(L, (int)y->len, 0);
  for (size_t i = 0; i < y->len; i++) {
    const hs_year_mention *m = &y->items[i];
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, (lua_Integer)m->pos + 1);
    lua_setfield(L, -2, "pos");
    lua_pushstring(L, m->to);
    lua_setfield(L, -2, "to");
    lua_pushinteger(L, m->y);
    lua_setfield(L, -2, "y");
    if (m->end) {
      lua_pushstring(L, m->end_word);
      lua_setfield(L, -2, "end");
    }
    if (m->plan) {
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "plan");
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  hs_years_free(y);
  return 1;
}

static int l_period_doc_year(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t before = (size_t)-1;
  if (!lua_isnoneornil(L, 2)) {
    /* Lua compares pos < before with pos >= 1: before <= 1 admits none */
    lua_Integer b = luaL_checkinteger(L, 2);
    before = b <= 1 ? 0 : (size_t)(b - 1);
  }
  int plan_year = 0;
  if (!lua_isnoneornil(L, 3)) {
    /* years are 1900..2099: a plan year up to 1900 admits none */
    lua_Integer p = luaL_checkinteger(L, 3);
    if (p <= 1900) {
      lua_pushnil(L);
      return 1;
    }
    plan_year = p > INT_MAX ? INT_MAX : (int)p;
  }
  int y = hs_period_doc_year(s, n, before, plan_year);
  if (y == 0)
    lua_pushnil(L);
  else
    lua_pushinteger(L, y);
  return 1;
}

void hs_bind_period(lua_State *L) {
  static const luaL_Reg fns[] = {{"period_scan", l_period_scan},
                                 {"period_years", l_period_years},
                                 {"period_doc_year", l_period_doc_year},
                                 {NULL, NULL}};
  if (luaL_newmetatable(L, PERIODS_MT)) {
    lua_pushcfunction(L, periods_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, YEARS_MT)) {
    lua_pushcfunction(L, years_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, fns, 0);
}
