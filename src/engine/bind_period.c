/* SPDX-License-Identifier: MIT */
#include "bind.h"

void hs_bind_period(lua_State *L) {
  (void)L;
}
