/* SPDX-License-Identifier: MIT */
/*
 * hanscan.core functions over src/extract, one bind_*.c per module; this
 * file only registers them all.
 */
#include "bind.h"

void hs_bind_all(lua_State *L) {
  hs_bind_number(L);
  hs_bind_period(L);
  hs_bind_text(L);
  hs_bind_tables(L);
}
