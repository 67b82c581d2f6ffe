/* SPDX-License-Identifier: MIT */
#include "bind.h"

void hs_bind_text(lua_State *L) {
  (void)L;
}
