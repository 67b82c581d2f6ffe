#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke test of the hanscan command line against the engine fixtures in
# tests/data/engine: exit statuses, the summary line, output formats,
# document order with -j, cat headers, ls lines, --lua-test.
# usage: test_cli.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
export HANSCAN_HOME=$SRC/tests/data/engine
PACK=$SRC/tests/data/engine/pack
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/lib/checks.sh"

mkdir -p "$tmp/docs/b" "$tmp/docs/a"
printf '收入６６．２３億元\n' >"$tmp/docs/b/2.txt"
printf '\xef\xbb\xbf增長(zhǎng)14.02\r\n' >"$tmp/docs/a/1.txt"
printf 'x\x01\x02\x03y' >"$tmp/bad.txt"
printf '收入６６．２３\xff\n' >"$tmp/damaged.txt"

check "version" status 0 "$H" --version
check "help" status 0 "$H" --help
check "run help" status 0 "$H" run --help
check "run help lists -j" grep -q -- '--jobs N' "$tmp/out"
check "no command" status 2 "$H"
check "unknown command" status 2 "$H" frob
check "no path" status 2 "$H" run -p "$PACK"
check "bad extension" status 2 "$H" run -p "$PACK" -o "$tmp/x.parquet" "$tmp/docs"
check "bad extension message" grep -q 'use .jsonl, .csv, .db or .sqlite' "$tmp/err"
check "--resume needs a store" status 2 "$H" run -p "$PACK" --resume "$tmp/docs"
check "report help" status 0 "$H" report --help
check "report help names the bundled reports" grep -q 'scorecard' "$tmp/out"
check "main help lists report" status 0 "$H" --help
check "main help report line" grep -q 'report SCRIPT FACTS' "$tmp/out"
check "bad encoding" status 2 "$H" run -p "$PACK" --encoding klingon "$tmp/docs"
check "bad --max-size" status 2 "$H" run -p "$PACK" --max-size 12Q "$tmp/docs"
check "bad --max-depth" status 2 "$H" run -p "$PACK" --max-depth 0 "$tmp/docs"
check "bad -j" status 2 "$H" run -p "$PACK" -j 0 "$tmp/docs"
check "missing pack" status 2 "$H" run -p nosuchpack "$tmp/docs"
check "bad pack" status 2 "$H" run -p "$SRC/tests/data/engine/badpack" "$tmp/docs"
check "bad pack file:line" grep -q 'badpack/pack.lua:3:' "$tmp/err"

check "run ok" status 0 "$H" run -p "$PACK" "$tmp/docs"
check "run order and spans" diff - <(sed 's/"zone":"[^"]*",//' "$tmp/out") <<EOF2
{"doc":"$tmp/docs/a/1.txt","indicator":"revenue","measure":"level","value":6623000000,"unit":"CNY","period":"2024","span":"14.02","offset":14,"rule":"test.revenue"}
{"doc":"$tmp/docs/b/2.txt","indicator":"revenue","measure":"level","value":6623000000,"unit":"CNY","period":"2024","span":"６６．２３","offset":6,"rule":"test.revenue"}
EOF2
check "summary" grep -Eq '^hanscan: 2 documents, 2 facts, 0 failed, [0-9]+\.[0-9]{2} MB, [0-9]+\.[0-9]{2} s$' "$tmp/err"

check "run with failures" status 1 "$H" run -p "$PACK" "$tmp/bad.txt" "$tmp/missing" "$tmp/docs"
check "failure named" grep -q "^$tmp/bad.txt: binary data, not text$" "$tmp/err"
check "missing named" grep -q "^$tmp/missing: No such file or directory$" "$tmp/err"
check "summary counts failures" grep -q '^hanscan: 4 documents, 2 facts, 2 failed' "$tmp/err"

check "damaged: facts kept, exit 1" status 1 "$H" run -p "$PACK" "$tmp/damaged.txt"
check "damaged: fact" grep -q '"span":"６６．２３"' "$tmp/out"
check "damaged: warning" grep -q "^$tmp/damaged.txt: warning: 1 undecodable bytes replaced by U+FFFD (read as UTF-8; first at byte 21)$" "$tmp/err"
check "damaged: summary" grep -Eq '^hanscan: 1 documents, 1 facts, 0 failed, .* s, 1 with undecodable bytes$' "$tmp/err"

check "csv" status 0 "$H" run -p "$PACK" -o "$tmp/f.csv" "$tmp/docs"
check "csv header" grep -q $'^doc,indicator,measure,value,unit,period,zone,span,offset,rule\r$' "$tmp/f.csv"
check "csv rows" test "$(wc -l <"$tmp/f.csv")" -eq 3
check "-o /dev/null" status 0 "$H" run -p "$PACK" -o /dev/null "$tmp/docs"
check "-o /dev/null writes nothing" test ! -s "$tmp/out"
check "-o - is JSON Lines on stdout" status 0 "$H" run -p "$PACK" -o - "$tmp/docs"
cp "$tmp/out" "$tmp/dash"
"$H" run -p "$PACK" "$tmp/docs" >"$tmp/plain" 2>/dev/null
check "-o - writes what no -o writes" cmp -s "$tmp/dash" "$tmp/plain"
check "-o - not empty" test -s "$tmp/dash"
# records and stderr lines sharing one output come in document order
mkdir -p "$tmp/ord"
cp "$tmp/docs/a/1.txt" "$tmp/ord/1.txt"
cp "$tmp/bad.txt" "$tmp/ord/2.txt"
cp "$tmp/docs/b/2.txt" "$tmp/ord/3.txt"
for j in 1 2; do
  "$H" run -p "$PACK" -j$j "$tmp/ord" >"$tmp/both" 2>&1
  check "one stream -j$j: record, failure, record, summary" diff - <(sed -E 's/^\{"doc":"([^"]*)".*/record \1/; s/^hanscan: .*/summary/' "$tmp/both") <<EOF2
record $tmp/ord/1.txt
$tmp/ord/2.txt: binary data, not text
record $tmp/ord/3.txt
summary
EOF2
done
# on a terminal, a progress line (from the start with the test hook), erased
# before a message and before the summary; never when stderr is not one
mkdir -p "$tmp/prog"
for i in $(seq 100 199); do cp "$tmp/docs/a/1.txt" "$tmp/prog/$i.txt"; done
cp "$tmp/bad.txt" "$tmp/prog/z.txt"
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "test_cli: no pseudo-terminal here (script(1) failed): progress checks skipped" >&2
else
for j in 1 2; do
  HANSCAN_PROGRESS_AFTER=0 script -qec "'$H' run -p '$PACK' -j$j '$tmp/prog' -o /dev/null" /dev/null 2>&1 | cat -v >"$tmp/tty"
  check "progress -j$j: drawn" grep -q '\^Mhanscan: [0-9]* documents, [0-9]* facts, 0 failed, [0-9.]* MB, [0-9.]* s, [0-9.]* MB/s\^\[\[K' "$tmp/tty"
  check "progress -j$j: erased before a message" grep -qF "^M^[[K$tmp/prog/z.txt: binary data, not text" "$tmp/tty"
  check "progress -j$j: summary on a line of its own" grep -Eq '^(\^M\^\[\[K)?hanscan: 101 documents, 100 facts, 1 failed' "$tmp/tty"
done
HANSCAN_PROGRESS_AFTER=0 script -qec "'$H' run -p '$PACK' --no-progress '$tmp/prog' -o /dev/null" /dev/null 2>&1 | cat -v >"$tmp/tty"
check "--no-progress: no line" test "$(grep -c 'MB/s' "$tmp/tty")" -eq 0
fi
HANSCAN_PROGRESS_AFTER=0 "$H" run -p "$PACK" "$tmp/prog" -o /dev/null 2>"$tmp/err"
check "no terminal: no progress line" test "$(grep -c $'\r' "$tmp/err")" -eq 0
if [ -w /dev/full ]; then # a full disk: exit 1 and the reason, at any -j
  full() { "$H" run -p "$PACK" "$@" "$tmp/docs" >/dev/full 2>"$tmp/err"; [ $? -eq 1 ]; }
  for j in 1 2; do
    check "full device -j$j: exit 1" full -j$j
    check "full device -j$j: reason" grep -q '^hanscan run: error writing -: write error: No space left on device$' "$tmp/err"
  done
fi

mkdir "$tmp/many"
for i in 1 2 3 4 5 6 7 8 9 10; do cp -r "$tmp/docs" "$tmp/many/c$i"; done
"$H" run -p "$PACK" "$tmp/many" >"$tmp/j1" 2>/dev/null
"$H" run -p "$PACK" -j 3 "$tmp/many" >"$tmp/j3" 2>/dev/null
check "-j 3 keeps document order" cmp -s "$tmp/j1" "$tmp/j3"
"$H" run -p "$PACK" -j 8 "$tmp/many" >"$tmp/j8" 2>/dev/null # workers read
check "-j 8 keeps document order" cmp -s "$tmp/j1" "$tmp/j8"
check "-j output not empty" test "$(wc -l <"$tmp/j1")" -eq 20

check "stdin" status 0 "$H" run -p "$PACK" - <"$tmp/docs/b/2.txt"
check "stdin doc name" grep -q '"doc":"-"' "$tmp/out"

check "cat one" status 0 "$H" cat "$tmp/docs/a/1.txt"
check "cat normalized" diff - "$tmp/out" <<<"增长14.02"
check "cat two" status 0 "$H" cat "$tmp/docs/a/1.txt" "$tmp/docs/b/2.txt"
check "cat headers" diff - "$tmp/out" <<EOF2
==> $tmp/docs/a/1.txt <==
增长14.02
==> $tmp/docs/b/2.txt <==
收入66.23亿元
EOF2
check "cat bad" status 1 "$H" cat "$tmp/bad.txt"

check "ls" status 1 "$H" ls "$tmp/docs/a" "$tmp/bad.txt" "$tmp/missing"
check "ls lines" diff - "$tmp/out" <<EOF2
$tmp/docs/a/1.txt	text	UTF-8-BOM	24	ok
$tmp/bad.txt	-	-	5	FAILED: binary data, not text
$tmp/missing	-	-	-	FAILED: No such file or directory
EOF2
check "cat --raw" status 0 "$H" cat --raw "$tmp/docs/b/2.txt"
check "cat --raw is decoded only" diff - "$tmp/out" <<<"收入６６．２３億元"

check "lua-test ok" status 0 "$H" --lua-test "$SRC/tests/data/engine/sandbox.lua"
check "lua-test fails" status 1 "$H" --lua-test "$SRC/tests/data/engine/error.lua"
check "lua-test traceback" grep -q 'stack traceback' "$tmp/err"

if [ "$fails" -gt 0 ]; then
  echo "test_cli: $fails failed"
  exit 1
fi
echo "test_cli: all passed"
