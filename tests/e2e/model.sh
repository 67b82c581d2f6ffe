#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The prose model in C (src/extract) against its reference in Lua
# (lua/hanscan/extract.lua): `hanscan run --model c` and `--model lua` must
# write the same records, byte for byte, on every text we have: the sample
# reports, the pack's test cases, the devset (when ../shared is there) and
# a generated corpus. Then each module's differential script
# (tests/diff/*.lua) compares the C functions with the Lua ones on the same
# texts and must report no difference.
# usage: model.sh HANSCAN SOURCE_DIR
set -uo pipefail
hanscan=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/lib/checks.sh"

dirs=("$src/examples/reports" "$src/rules/devzone/tests")
[ -d "$src/../shared/devset/docs" ] && dirs+=("$src/../shared/devset/docs")
# a generated corpus: the bench generator's documents, 60 of them
if lua5.4 -v >/dev/null 2>&1 && [ -x "$src/bench/make-corpus.sh" ]; then
  if "$src/bench/make-corpus.sh" -n 60 -o "$tmp/gen" >"$tmp/gen.log" 2>&1 &&
    [ -d "$tmp/gen/corpus" ]; then
    dirs+=("$tmp/gen/corpus")
  else
    echo "model: the bench generator failed; its corpus is not compared"
    tail -5 "$tmp/gen.log"
  fi
fi

for d in "${dirs[@]}"; do
  name=$(basename "$d")
  "$hanscan" run -j2 --model c "$d" -o "$tmp/c.jsonl" 2>"$tmp/c.err"
  "$hanscan" run -j2 --model lua "$d" -o "$tmp/lua.jsonl" 2>"$tmp/lua.err"
  n=$(wc -l <"$tmp/lua.jsonl")
  if cmp -s "$tmp/c.jsonl" "$tmp/lua.jsonl"; then
    echo "model: $name: $n records, C and Lua identical"
  else
    echo "FAIL: model: $name: C and Lua records differ" >&2
    diff "$tmp/lua.jsonl" "$tmp/c.jsonl" | head -20 >&2
    fails=$((fails + 1))
  fi
  for s in "$src"/tests/diff/*.lua; do
    [ -f "$s" ] || continue
    "$hanscan" exec "$s" "$d" -o "$tmp/diff.jsonl" 2>"$tmp/diff.err"
    rc=$?
    rows=$(wc -l <"$tmp/diff.jsonl")
    if [ "$rc" -ne 0 ] || [ "$rows" -ne 0 ]; then
      echo "FAIL: $(basename "$s") on $name: exit $rc, $rows differences" >&2
      head -5 "$tmp/diff.jsonl" "$tmp/diff.err" >&2
      fails=$((fails + 1))
    fi
  done
done
if [ "$fails" -ne 0 ]; then
  echo "model: $fails failed" >&2
  exit 1
fi
echo "model: all passed"
