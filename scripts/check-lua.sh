#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lint every Lua file of the project with luacheck (config: .luacheckrc).
# Exit 77 (skipped) when luacheck is not installed.
set -euo pipefail
src=${1:-.}
cd "$src"
if ! command -v luacheck >/dev/null 2>&1; then
  echo "check-lua: luacheck not installed (Debian package lua-check); skipping"
  exit 77
fi
luacheck --no-color lua rules examples tests/lua
