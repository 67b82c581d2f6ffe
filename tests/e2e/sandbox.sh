#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A pack whose rules misbehave (tests/data/packs/sandbox) over a folder of
# documents: a rule that raises, one that loops, an LPeg grammar that runs
# into its backtrack limit. Each bad document is reported with the pack's
# rules.lua:line and the document's name and counted as failed; the good
# documents around them still give their facts, with -j too; exit 1.
# usage: sandbox.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
PACK=$SRC/tests/data/packs/sandbox
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

d=$tmp/docs
mkdir -p "$d"
printf '收入1亿元\n' >"$d/1-ok.txt"
printf '前言\nBOOM\n' >"$d/2-boom.txt"
printf 'DEEP%s\n' "$(head -c 2000 /dev/zero | tr '\0' a)" >"$d/3-deep.txt"
printf 'LOOP\n' >"$d/4-loop.txt"
printf '收入5亿元\n' >"$d/5-ok.txt"
printf 'no trigger here\n' >"$d/6-quiet.txt"

for jobs in 1 2; do
  "$H" run -j $jobs -p "$PACK" "$d" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 1 ] || fail "-j $jobs: exit $rc, want 1"
  grep -q "^$d/2-boom.txt: .*sandbox/rules.lua:13: boom in $d/2-boom.txt\$" "$tmp/err" ||
    fail "-j $jobs: error names rules.lua:13 and the document"
  grep -q "^$d/3-deep.txt: .*sandbox/rules.lua:26: pattern 'deep': backtrack stack overflow" "$tmp/err" ||
    fail "-j $jobs: LPeg overflow names the rule"
  grep -q "^$d/4-loop.txt: .*sandbox/rules.lua:18: time limit exceeded" "$tmp/err" ||
    fail "-j $jobs: loop stopped at rules.lua:18"
  grep -q '^hanscan: 6 documents, 2 facts, 3 failed' "$tmp/err" ||
    fail "-j $jobs: summary counts 3 failed"
  [ "$(grep -c '"indicator":"revenue"' "$tmp/out")" -eq 2 ] ||
    fail "-j $jobs: the good documents before and after still give facts"
  grep -q '"doc":"'"$d"'/5-ok.txt".*"value":500000000' "$tmp/out" ||
    fail "-j $jobs: the document after the failures is processed"
done
if [ $fails -gt 0 ]; then
  cat "$tmp/err" >&2
  echo "sandbox: $fails failed"
  exit 1
fi
echo "sandbox: all passed"
