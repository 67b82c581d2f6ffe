#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The commands for rule and script writers: try (table, --trace), test
# (pass, fail with a diff, exit status), exec (examples/, CSV, failures,
# --allow-io, .db refused), and the pack search path ($HANSCAN_PACKS,
# ~/.local/share/hanscan/rules, bundled) with pack errors as file:line.
# usage: commands.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
PACKS=$SRC/tests/data/packs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/lib/checks.sh"

# {==== try
check "try" status 0 "$H" try "2024年,园区完成规上工业总产值614.13亿元,同比增长26%。"
check "try header" grep -Eq '^indicator +measure +value +unit +period +span +rule$' "$tmp/out"
check "try level row" grep -Eq '^industrial_output +level +61413000000 +CNY +2024 +工业总产值614.13亿元 +devzone.industrial_output$' "$tmp/out"
check "try growth row" grep -Eq '^industrial_output +growth +26 +percent +2024 +同比增长26% +devzone.growth$' "$tmp/out"
check "try stdin, full-width" status 0 "$H" try - <<<"签约项目近３０个"
check "try normalizes and keeps the span" grep -Eq '^projects_signed +level +30 +count .*签约项目近３０个 +devzone.projects_signed +近$' "$tmp/out"
check "try --trace" status 0 "$H" try --trace "签约项目28个,持续3个月,总投资43.4亿元"
check "trace: chosen rule and keyword" has '* tried projects_signed: keyword "签约" (before)'
check "trace: rejected with a reason" grep -q '"3"  rejected: ' "$tmp/out"
check "trace in text order" test "$(grep -n '^@' "$tmp/out" | cut -d' ' -f1 | tr -d @ | cut -d: -f2 | sort -n | tr '\n' ' ')" = "$(grep -n '^@' "$tmp/out" | cut -d' ' -f1 | tr -d @ | cut -d: -f2 | tr '\n' ' ')"
check "try no facts" status 0 "$H" try "加速迈向千亿级产业新城"
check "try no facts message" has "(no facts)"
check "try pattern pack" status 0 "$H" try -p "$PACKS/sandbox" --trace "收入3亿元"
check "try pattern trace" has '"收入3亿元"  revenue level  by pattern sandbox.revenue'
check "try rule error" status 1 "$H" try -p "$PACKS/sandbox" "BOOM"
check "try rule error file:line" has "sandbox/rules.lua:13: boom in try" err
check "try usage" status 2 "$H" try
# }====

# {==== test
check "test devzone" status 0 "$H" test devzone
check "test summary" grep -Eq '^hanscan test: [0-9]+ cases, ([0-9]+) passed, 0 failed$' "$tmp/out"
mkdir -p "$tmp/p/tests"
cp "$PACKS/sandbox/pack.lua" "$PACKS/sandbox/rules.lua" "$tmp/p/"
printf '收入12亿元\n收入3亿元\n' >"$tmp/p/tests/two.txt"
cat >"$tmp/p/tests/two.expected" <<'EOT'
# two facts; the second with a wrong value and a period
revenue level 1200000000 CNY
revenue	level	300000001	CNY	-
EOT
printf '收入0.50亿元\n' >"$tmp/p/tests/half.txt"
printf 'revenue level 50000000.0 CNY -   # 0.5亿元\n' >"$tmp/p/tests/half.expected"
check "test failing case" status 1 "$H" test "$tmp/p"
check "test pass line" has "PASS half"
check "test fail line" has "FAIL two"
check "test missing" has "  - missing: revenue level 300000001 CNY -"
check "test unexpected" has "  + unexpected: revenue level 300000000 CNY -  # 收入3亿元"
check "test totals" has "hanscan test: 2 cases, 1 passed, 1 failed"
printf 'revenue level\n' >"$tmp/p/tests/half.expected"
check "test bad expected" status 1 "$H" test "$tmp/p"
check "test bad expected file:line" has "half.expected:1: want 'indicator measure value unit [period]', got 2 fields" err
check "test no cases" status 2 "$H" test "$PACKS/badapi"
# }====

# {==== pack search
mkdir -p "$tmp/home/.local/share/hanscan/rules" "$tmp/env1" "$tmp/env2"
cp -r "$tmp/p" "$tmp/env2/mine"
check "pack by name on HANSCAN_PACKS" status 0 env HANSCAN_PACKS="$tmp/env1:$tmp/env2" "$H" try -p mine "收入2亿元"
check "pack by name found" has "sandbox.revenue"
cp -r "$tmp/p" "$tmp/home/.local/share/hanscan/rules/other"
check "pack by name in ~/.local/share" status 0 env HOME="$tmp/home" "$H" try -p other "收入2亿元"
check "pack not found lists the folders" status 2 env HANSCAN_PACKS="$tmp/env1" "$H" run -p nosuch "$tmp/p"
check "pack not found message" has "$tmp/env1/nosuch" err
check "bad rules file:line" status 2 "$H" run -p "$PACKS/badsyntax" "$tmp/p"
check "bad rules message" has "badsyntax/rules.lua:4:" err
check "bad api" status 2 "$H" try -p "$PACKS/badapi" x
check "bad api message" has "pack 'future' needs API 2, this hanscan has API 1" err
# }====

# {==== exec
check "exec mentions" status 0 "$H" exec "$SRC/examples/mentions.lua" "$SRC/examples/reports/qingjiang-2024-review.txt"
check "exec mentions row" grep -q '^{"doc":"[^"]*qingjiang-2024-review.txt","indicator":"industrial_output","mentions":[1-9]' "$tmp/out"
check "exec stat_table" status 0 "$H" exec "$SRC/examples/stat_table.lua" -o "$tmp/t.csv" "$SRC/examples/reports/qingjiang-2024q3-tables.txt"
check "exec csv header" grep -q $'^doc,title,period,zone,label,indicator,value,unit,growth\r$' "$tmp/t.csv"
check "exec csv by-indicator row" grep -q ',青江经开区,规模以上工业总产值,industrial_output,28650000000,CNY,12.4' "$tmp/t.csv"
check "exec csv by-zone row" grep -q ',云岭高新区,税收,tax,1530000000,CNY,-1.5' "$tmp/t.csv"
check "exec summary" has "hanscan exec: 1 documents, 11 rows, 0 failed" err
printf 'ab\nFAIL\n' >"$tmp/1.txt"
printf 'cd\n' >"$tmp/2.txt"
check "exec failure goes on" status 1 "$H" exec "$PACKS/scripts/rows.lua" "$tmp/1.txt" "$tmp/2.txt"
check "exec failure names script:line and document" has "$tmp/1.txt: $PACKS/scripts/rows.lua:11: failing on $tmp/1.txt" err
check "exec failed document writes nothing" test "$(grep -c '1.txt' "$tmp/out")" -eq 0
check "exec next document" has '{"doc":"'"$tmp"'/2.txt","line":1,"text":"cd","ok":true}'
# on a terminal (script(1)), a progress line, erased before the failure
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "commands: no pseudo-terminal here (script(1) failed): progress checks skipped" >&2
else
HANSCAN_PROGRESS_AFTER=0 script -qec "'$H' exec '$PACKS/scripts/rows.lua' '$tmp/2.txt' '$tmp/1.txt' -o '$tmp/p.jsonl'" /dev/null 2>&1 | cat -v >"$tmp/tty"
check "exec progress drawn" grep -q '\^Mhanscan exec: [0-9]* documents, [0-9]* rows, 0 failed, [0-9.]* MB, [0-9.]* s, [0-9.]* MB/s\^\[\[K' "$tmp/tty"
check "exec progress erased before the failure" grep -qF "^M^[[K$tmp/1.txt: $PACKS/scripts/rows.lua:11: failing on $tmp/1.txt" "$tmp/tty"
check "exec summary on a line of its own" grep -Eq '^(\^M\^\[\[K)?hanscan exec: 2 documents, [0-9]+ rows, 1 failed' "$tmp/tty"
fi
# files deep in folders (paths longer than the 60 bytes Lua keeps of a
# file's name, which it shortens to "...") are named whole in messages
deep="$tmp/a-folder-with-a-long-name/another-folder-with-a-long-name/and-one-more"
mkdir -p "$deep"
cp "$PACKS/scripts/rows.lua" "$deep/rows.lua"
cp -r "$PACKS/sandbox" "$PACKS/badsyntax" "$deep/"
printf 'function document(doc)\n  emit {\nend\n' >"$deep/bad.lua"
check "deep script: runtime error" status 1 "$H" exec "$deep/rows.lua" "$tmp/1.txt"
check "deep script: named whole" has "$tmp/1.txt: $deep/rows.lua:11: failing on $tmp/1.txt" err
check "deep script: syntax error" status 2 "$H" exec "$deep/bad.lua" "$tmp/2.txt"
check "deep script: syntax error named whole" has "cannot load script: $deep/bad.lua:3: unexpected symbol" err
check "deep pack: rule error" status 1 "$H" try -p "$deep/sandbox" "BOOM"
check "deep pack: rule error named whole" has "hanscan try: $deep/sandbox/rules.lua:13: boom in try" err
check "deep pack: syntax error" status 2 "$H" run -p "$deep/badsyntax" "$tmp/p"
check "deep pack: syntax error named whole" has ": $deep/badsyntax/rules.lua:4:" err
check "deep: no shortened name" test "$(grep -c '\.\.\.' "$tmp/err")" -eq 0
# a runaway recursion: 200,000 frames, and the message still comes at once
printf 'local function f(n) return f(n + 1) + 1 end\nfunction document(doc) f(1) end\n' >"$deep/rec.lua"
check "deep recursion: fails" status 1 timeout 20 "$H" exec "$deep/rec.lua" "$tmp/2.txt"
check "deep recursion: named whole" has "$tmp/2.txt: $deep/rec.lua:1: stack overflow" err
cat >"$tmp/io.lua" <<EOT
function document(doc)
  local f = assert(io.open("$tmp/written.txt", "w"))
  f:write(doc.name, " ", os.date("%Y") and "ok")
  f:close()
  emit { doc = doc.name }
end
EOT
check "exec without --allow-io" status 1 "$H" exec "$tmp/io.lua" "$tmp/2.txt"
check "exec io is nil" has "attempt to index a nil value (global 'io')" err
check "exec --allow-io" status 0 "$H" exec --allow-io "$tmp/io.lua" "$tmp/2.txt"
check "exec --allow-io wrote" grep -q "2.txt ok" "$tmp/written.txt"
check "exec .db refused" status 2 "$H" exec "$PACKS/scripts/rows.lua" -o "$tmp/x.db" "$tmp/2.txt"
check "exec .db message" has "a .db/.sqlite store holds the facts of hanscan run" err
check "exec .db not created" test ! -e "$tmp/x.db"
check "exec no document()" status 2 "$H" exec "$PACKS/scripts/nodoc.lua" "$tmp/2.txt"
check "exec usage" status 2 "$H" exec "$PACKS/scripts/rows.lua"
# }====

# {==== run --year: what 今年 means when the text does not say
printf '今年1-9月,完成工业总产值12亿元。\n' > "$tmp/year.txt"
check "run infers no year" status 0 "$H" run "$tmp/year.txt"
check "no year: months only" has '"period":"????-01..????-09"'
check "run --year" status 0 "$H" run --year 2023 "$tmp/year.txt"
check "--year sets 今年" has '"period":"2023-01..2023-09"'
check "--year checked" status 2 "$H" run --year 20x "$tmp/year.txt"
# }====

if [ "$fails" -gt 0 ]; then
  echo "commands: $fails failed"
  exit 1
fi
echo "commands: all passed"
