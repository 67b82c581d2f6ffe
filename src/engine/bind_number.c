/* SPDX-License-Identifier: MIT */
/*
 * hanscan.core functions over src/extract/number.h, units.h, decimal.h:
 *
 *   core.number_match(s, pos)    -> like number.match(s, pos), or nil
 *   core.number_fraction(s, pos) -> like number.fraction(s, pos), or nil
 *   core.number_is_start(s, pos) -> lpeg.match(number.numeral_start, s,
 *                                   pos) ~= nil
 *   core.units_match(s, pos)     -> like units.match(s, pos) (default
 *                                   table), or nil
 *   core.dec_norm(s), core.dec_shift(s, k), core.dec_neg(s),
 *   core.dec_add(a, b), core.dec_percent(num, den) -> like decimal.*
 *
 * Positions are Lua's (1-based, stop one past the end) and are read as
 * lpeg.match reads its init (past the end: the end; negative: from the
 * end), since the Lua functions hand pos to lpeg.match. Result tables
 * have the Lua's fields, nil fields absent. The decimal functions raise
 * "not a decimal" where the Lua asserts, and "decimal too long" where the
 * result does not fit the C buffers (HS_DEC_MAX; the Lua has no limit).
 */
#include "bind.h"

#include "extract/number.h"
#include "extract/units.h"

#include <string.h>

/* lpeg's initposition: the 0-based start for a Lua init at arg */
static size_t init_pos(lua_State *L, int arg, size_t len) {
  lua_Integer ii = luaL_optinteger(L, arg, 1);
  if (ii > 0) return (size_t)ii <= len ? (size_t)ii - 1 : len;
  if ((size_t)(-ii) <= len) return len - (size_t)(-ii);
  return 0;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static int l_number_match(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t pos = init_pos(L, 2, n);
  hs_number t;
  if (!hs_number_match(s, n, pos, &t)) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 8);
  set_int(L, "start", (lua_Integer)t.start + 1);
  set_int(L, "stop", (lua_Integer)t.stop + 1);
  set_str(L, "value", t.value);
  set_str(L, "digits", t.digits);
  lua_pushboolean(L, t.chinese);
  lua_setfield(L, -2, "chinese");
  if (t.scale >= 0) set_int(L, "scale", t.scale);
  if (t.high[0]) set_str(L, "high", t.high);
  if (t.approx[0]) set_str(L, "approx", t.approx);
  return 1;
}

static int l_number_fraction(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t pos = init_pos(L, 2, n);
  hs_fraction f;
  if (!hs_number_fraction(s, n, pos, &f)) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 3);
  set_str(L, "value", f.value);
  set_int(L, "start", (lua_Integer)f.start + 1);
  set_int(L, "stop", (lua_Integer)f.stop + 1);
  return 1;
}

static int l_number_is_start(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_pushboolean(L, hs_number_is_start(s, n, init_pos(L, 2, n)));
  return 1;
}

static int l_units_match(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  hs_unit u;
  if (!hs_units_match(s, n, init_pos(L, 2, n), &u)) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 5);
  set_str(L, "unit", u.unit);
  set_str(L, "kind", u.kind);
  set_int(L, "scale", u.scale);
  set_str(L, "text", u.text);
  set_int(L, "stop", (lua_Integer)u.stop + 1);
  return 1;
}

/*{====================================================================
 * Decimals
 *====================================================================}*/

/* Is s a decimal for decimal.norm (whatever its length)? */
static bool is_decimal(const char *s, size_t n) {
  size_t i = 0, d = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
    d++;
  if (i < n && s[i] == '.') i++;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
    d++;
  return i == n && d > 0;
}

/* the argument as tostring() gives it, checked to be a decimal */
static const char *check_dec(lua_State *L, int arg) {
  size_t n;
  const char *s = luaL_checklstring(L, arg, &n);
  if (!is_decimal(s, n) || strlen(s) != n) luaL_error(L, "not a decimal");
  return s;
}

static int result(lua_State *L, bool ok, const char *out) {
  if (!ok) return luaL_error(L, "decimal too long");
  lua_pushstring(L, out);
  return 1;
}

static int l_dec_norm(lua_State *L) {
  size_t n;
  const char *s = luaL_tolstring(L, 1, &n); /* tostring(s) */
  char out[HS_DEC_MAX];
  if (!is_decimal(s, n)) {
    lua_pushnil(L);
    return 1;
  }
  return result(L, hs_dec_norm(s, n, out), out);
}

static int l_dec_shift(lua_State *L) {
  const char *s = check_dec(L, 1);
  lua_Integer k = luaL_checkinteger(L, 2);
  char out[HS_DEC_MAX];
  bool ok = k >= -(1 << 20) && k <= 1 << 20 && hs_dec_shift(s, (int)k, out);
  return result(L, ok, out);
}

static int l_dec_neg(lua_State *L) {
  const char *s = check_dec(L, 1);
  char out[HS_DEC_MAX];
  hs_dec_neg(s, out);
  return result(L, out[0] != '\0', out);
}

static int l_dec_add(lua_State *L) {
  const char *a = check_dec(L, 1), *b = check_dec(L, 2);
  char out[HS_DEC_MAX];
  return result(L, hs_dec_add(a, b, out), out);
}

/* an operand of decimal.percent: a number, or a string Lua's arithmetic
 * would convert, left at the top of the stack */
static void check_num(lua_State *L, int arg) {
  size_t n;
  if (lua_type(L, arg) == LUA_TSTRING) {
    const char *s = lua_tolstring(L, arg, &n);
    if (lua_stringtonumber(L, s) == n + 1) return;
  }
  luaL_checknumber(L, arg);
  lua_pushvalue(L, arg);
}

static int l_dec_percent(lua_State *L) {
  check_num(L, 1);
  check_num(L, 2);
  char out[HS_DEC_MAX];
  bool ok;
  if (lua_isinteger(L, -2) && lua_isinteger(L, -1)) {
    ok = hs_dec_percent((long long)lua_tointeger(L, -2),
                        (long long)lua_tointeger(L, -1), out);
  } else {
    double den = (double)lua_tonumber(L, -1), v;
    if (den == 0) {
      strcpy(out, "0"); /* inf or nan in the Lua */
      return result(L, true, out);
    }
    if (lua_isinteger(L, -2)) /* integer 100 * num wraps around */
      v = (double)(lua_Integer)((lua_Unsigned)lua_tointeger(L, -2) * 100u) /
          den;
    else
      v = 100 * (double)lua_tonumber(L, -2) / den;
    ok = hs_dec_percent_v(v, out);
  }
  return result(L, ok, out);
}

static const luaL_Reg number_funcs[] = {{"number_match", l_number_match},
                                        {"number_fraction", l_number_fraction},
                                        {"number_is_start", l_number_is_start},
                                        {"units_match", l_units_match},
                                        {"dec_norm", l_dec_norm},
                                        {"dec_shift", l_dec_shift},
                                        {"dec_neg", l_dec_neg},
                                        {"dec_add", l_dec_add},
                                        {"dec_percent", l_dec_percent},
                                        {NULL, NULL}};

void hs_bind_number(lua_State *L) {
  luaL_setfuncs(L, number_funcs, 0);
}
