/* SPDX-License-Identifier: MIT */
/*
 * Lua bindings of src/extract. Each hs_bind_X(L) sets its functions as
 * fields of the table on top of the stack (LOADED["hanscan.core"]) and
 * leaves the stack as it found it. Bindings are thin: they convert Lua
 * positions (1-based) to C (0-based) and back, call the module, and push
 * tables shaped like the Lua module's results.
 */
#ifndef HS_BIND_H
#define HS_BIND_H

#include <lauxlib.h>
#include <lua.h>

#include "extract/model.h"

void hs_bind_all(lua_State *L);
/* bind_model.c: the C prose model of the pack table at index p, in a
 * userdata left on the stack (freed by __gc unless taken); raises on a
 * malformed pack. hs_bind_take_model hands the model to the caller. */
hs_model *hs_bind_build_model(lua_State *L, int p);
hs_model *hs_bind_take_model(lua_State *L, int i);
void hs_bind_number(lua_State *L); /* bind_number.c: number, units, decimal */
void hs_bind_period(lua_State *L); /* bind_period.c */
void hs_bind_text(lua_State *L);   /* bind_text.c: text, zone */
void hs_bind_tables(lua_State *L); /* bind_tables.c */

#endif
