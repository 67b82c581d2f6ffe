#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when a C file under src/ or tests/c/ is not clang-formatted per
# .clang-format. Exits 77 (ctest: skipped) when clang-format is missing.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format not found: format check skipped"
  exit 77
fi
mapfile -t files < <(find src tests/c -name '*.[ch]' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no C files found"
  exit 1
fi
clang-format --dry-run -Werror "${files[@]}"
echo "format ok: ${#files[@]} files"
