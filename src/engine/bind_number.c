/* SPDX-License-Identifier: MIT */
#include "bind.h"

void hs_bind_number(lua_State *L) {
  (void)L;
}
