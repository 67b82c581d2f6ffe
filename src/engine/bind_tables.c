/* SPDX-License-Identifier: MIT */
#include "bind.h"

void hs_bind_tables(lua_State *L) {
  (void)L;
}
