#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh — one benchmark run: hanscan next to rg, zcat, iconv, opencc and the
# naive Lua + LPeg script, on the corpus of bench/make-corpus.sh.
#
# Usage: bench/run.sh [-q] [-n DOCS] [-d DIR] [-r REGEX]
#   -q        quick: fewer runs (1 run of each slow command, 3 of each fast one)
#   -n DOCS   use a corpus of DOCS documents: DIR is (re)built by
#             make-corpus.sh -n DOCS -o DIR unless its MANIFEST matches already
#   -d DIR    data folder                                  [bench/data]
#   -r REGEX  only the rows whose id matches REGEX (e.g. 'H1|B')
# Environment: HANSCAN (the binary, default build/hanscan).
#
# Without -n the corpus in DIR is used as it is (built with the defaults when
# DIR has none). Prints a Markdown table and writes it to DIR/results-<time>.md.
#
# Method: every input is read once first (warm page cache). Each row is run
# once under /usr/bin/time -v: its peak RSS ("Maximum resident set size"),
# its check value (facts, matches) and a first timing. A row that took under
# 2 s is then timed by hyperfine (--output=pipe, 2 warm-up runs + 10 runs, or
# 1 + 3 with -q); a slower one is run again in a loop (3 runs in all, 1 when a
# run takes over 60 s or with -q) and the first run counts as one. MB/s is
# 10^6 bytes of decoded UTF-8 document text (not archive, not GB18030 bytes)
# divided by the median wall time.
set -euo pipefail
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
quick=0 ndocs="" data="$here/data" only="."
while getopts "qn:d:r:h" opt; do
  case $opt in
    q) quick=1 ;; n) ndocs=$OPTARG ;; d) data=$OPTARG ;; r) only=$OPTARG ;;
    h) sed -n '3,26p' "$0"; exit 0 ;;
    *) echo "run.sh: see $0 -h" >&2; exit 2 ;;
  esac
done
HANSCAN=${HANSCAN:-$root/build/hanscan}
[[ -x $HANSCAN ]] || { echo "run.sh: no $HANSCAN (make build)" >&2; exit 1; }

# --- tools ------------------------------------------------------------------------
# command -> Debian package; missing ones are installed when root, else their
# rows are skipped
declare -A PKG=([hyperfine]=hyperfine [rg]=ripgrep [lua5.4]=lua5.4 [opencc]=opencc
                [/usr/bin/time]=time [iconv]=libc-bin [zcat]=gzip)
missing=()
for c in "${!PKG[@]}"; do command -v "$c" >/dev/null || missing+=("${PKG[$c]}"); done
if command -v lua5.4 >/dev/null && ! lua5.4 -e 'require "lpeg"' 2>/dev/null; then missing+=(lua-lpeg); fi
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "run.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } ||
      echo "run.sh: apt-get could not install ${missing[*]}; their rows are skipped" >&2
  else
    echo "run.sh: missing ${missing[*]} (not root: not installed); their rows are skipped" >&2
  fi
fi
have() { command -v "$1" >/dev/null; }
have_lpeg() { have lua5.4 && lua5.4 -e 'require "lpeg"' 2>/dev/null; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time (Debian: time) is needed for peak RSS" >&2; exit 1; }

# --- corpus -----------------------------------------------------------------------
if [[ -n $ndocs ]]; then
  bash "$here/make-corpus.sh" -n "$ndocs" -o "$data"
elif [[ ! -f $data/MANIFEST ]]; then
  bash "$here/make-corpus.sh" -o "$data"
fi
data=$(cd "$data" && pwd)
M=$data/MANIFEST
grep -qx 'complete: yes' "$M" || { echo "run.sh: $M is incomplete: run bench/make-corpus.sh -f" >&2; exit 1; }
mbytes() { awk -v n="$1" '$1 == n { print $2 }' "$M"; }
TEXT=$(mbytes corpus/) SUB=$(mbytes subset.utf8.txt) TRAD=$(mbytes corpus-trad/)
TRAD=${TRAD:-0}
params=$(grep '^params:' "$M" | sed 's/^params: //')

# --- the harness ------------------------------------------------------------------
if ((quick)); then RUNS_FAST=3 WARM_FAST=1 RUNS_SLOW=1; else RUNS_FAST=10 WARM_FAST=2 RUNS_SLOW=3; fi
stamp=$(date -u +%Y%m%d-%H%M%S)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=$tmp/rows.tsv
: > "$rows"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: corpus $params ($data); warming the page cache"
for p in corpus corpus.tar.gz corpus.zip corpus-gb18030 corpus-trad subset.gb18030.txt subset.trad.txt; do
  [[ -e $data/$p ]] && find "$data/$p" -type f -exec cat {} + > /dev/null
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# row ID INPUT BYTES CHECK COMMAND [NEED...]
#   ID       row id (H* hanscan, B* baselines)
#   INPUT    what the command reads (for the table)
#   BYTES    decoded UTF-8 text bytes the command goes through (MB/s numerator)
#   CHECK    how the first run's output gives the check value:
#            hanscan (the facts of its stderr summary line), rg (sum of the
#            per-file counts on stdout), naive (facts= on stdout), none
#   COMMAND  a shell command; its stdout and stderr are discarded when timed
#   NEED     tools it needs (the row is skipped when one is missing)
row() {
  local id=$1 input=$2 bytes=$3 check=$4 cmd=$5
  shift 5
  [[ $id =~ $only ]] || return 0
  local t
  for t in "$@"; do
    if [[ $t == lpeg ]]; then have_lpeg && continue
    else have "$t" && continue; fi
    echo "   $id skipped: $t is missing"
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\tskipped: no %s\t%s\n' "$id" "$input" "$bytes" "$t" "$cmd" >> "$rows"
    return 0
  done
  if [[ -z $bytes || $bytes == 0 ]]; then
    echo "   $id skipped: no input"
    printf '%s\t%s\t0\t-\t-\t-\t-\t-\tskipped: no input\t%s\n' "$id" "$input" "$cmd" >> "$rows"
    return 0
  fi
  if [[ -n $RE ]]; then echo "== $id  ${cmd//"$RE"/REGEX}"; else echo "== $id  $cmd"; fi
  # first run: peak RSS, check value, first timing
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$tmp/time" bash -c "$cmd" > "$tmp/out" 2> "$tmp/err" || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    echo "   $id FAILED (exit $rc): $(tail -2 "$tmp/err" | tr '\n' ' ')"
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\tFAILED: exit %s\t%s\n' "$id" "$input" "$bytes" "$rc" "$cmd" >> "$rows"
    return 0
  fi
  local rss first chk=-
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
  first=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  case $check in
    hanscan) chk=$(grep -o '[0-9]* facts' "$tmp/err" | tail -1 | cut -d' ' -f1)" facts" ;;
    rg) chk=$(awk -F: '{ s += $NF } END { print s + 0 }' "$tmp/out")" matches" ;;
    naive) chk=$(grep -o 'facts=[0-9]*' "$tmp/out" | cut -d= -f2)" facts" ;;
  esac
  local runs med best
  if awk -v f="$first" 'BEGIN { exit !(f < 2) }' && have hyperfine; then
    runs=$RUNS_FAST
    hyperfine --output=pipe --style=none --warmup "$WARM_FAST" --runs "$runs" \
      --export-json "$tmp/h.json" -- "$cmd" > "$tmp/hlog" 2>&1 ||
      { echo "   $id FAILED under hyperfine"; printf '%s\t%s\t%s\t-\t-\t-\t%s\t-\tFAILED under hyperfine\t%s\n' "$id" "$input" "$bytes" "$rss" "$cmd" >> "$rows"; return 0; }
    med=$(grep -o '"median": *[0-9.e+-]*' "$tmp/h.json" | head -1 | sed 's/.*: *//')
    best=$(grep -o '"min": *[0-9.e+-]*' "$tmp/h.json" | head -1 | sed 's/.*: *//')
  else
    runs=$RUNS_SLOW
    awk -v f="$first" 'BEGIN { exit !(f > 60) }' && runs=1
    echo "$first" > "$tmp/times"
    local k
    for ((k = 2; k <= runs; k++)); do
      t0=$(date +%s%N)
      /usr/bin/time -v -o "$tmp/time" bash -c "$cmd" > /dev/null 2>&1 || true
      t1=$(date +%s%N)
      awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }' >> "$tmp/times"
      local r
      r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
      ((r > rss)) && rss=$r
    done
    med=$(median < "$tmp/times")
    best=$(sort -g "$tmp/times" | head -1)
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$input" "$bytes" "$runs" "$med" "$best" "$rss" "$first" "$chk" "$cmd" >> "$rows"
  awk -v b="$bytes" -v m="$med" -v r="$rss" -v n="$runs" -v c="$chk" \
    'BEGIN { printf "   %.1f MB, median %.3f s of %d: %.2f MB/s, peak RSS %.1f MB, %s\n", b / 1e6, m, n, b / 1e6 / m, r * 1024 / 1e6, c }'
}

HS="$HANSCAN run"
D=$data
RE=""
have_lpeg && RE=$(lua5.4 "$here/naive.lua" --regex)

# --- rows ---------------------------------------------------------------------------
row H1 "corpus/ (UTF-8 folder)" "$TEXT" hanscan "$HS $D/corpus -j1 > /dev/null"
row H2 "corpus/ (UTF-8 folder)" "$TEXT" hanscan "$HS $D/corpus -j2 > /dev/null"
row H3 "corpus.tar.gz" "$TEXT" hanscan "$HS $D/corpus.tar.gz -j1 > /dev/null"
row H4 "corpus.tar.gz" "$TEXT" hanscan "$HS $D/corpus.tar.gz -j2 > /dev/null"
row H5 "corpus.zip" "$TEXT" hanscan "$HS $D/corpus.zip -j1 > /dev/null"
row H6 "corpus.zip" "$TEXT" hanscan "$HS $D/corpus.zip -j2 > /dev/null"
row H7 "corpus-gb18030/ (subset)" "$SUB" hanscan "$HS $D/corpus-gb18030 -j1 > /dev/null"
row H8 "corpus-gb18030/ (subset)" "$SUB" hanscan "$HS $D/corpus-gb18030 -j2 > /dev/null"
row H9 "corpus-trad/ (subset)" "$TRAD" hanscan "$HS $D/corpus-trad -j1 > /dev/null"
row H10 "corpus-trad/ (subset)" "$TRAD" hanscan "$HS $D/corpus-trad -j2 > /dev/null"
if [[ -n $RE ]]; then
  row B1 "corpus/ (UTF-8 folder)" "$TEXT" rg "rg --no-ignore -j1 --count-matches '$RE' $D/corpus" rg
else
  row B1 "corpus/ (UTF-8 folder)" "$TEXT" rg "rg -j1 (regex from bench/naive.lua)" lpeg
fi
row B2 "corpus.tar.gz" "$TEXT" none "zcat $D/corpus.tar.gz > /dev/null" zcat
row B3 "subset.gb18030.txt" "$SUB" none "iconv -f GB18030 -t UTF-8 $D/subset.gb18030.txt > /dev/null" iconv
row B4 "subset.trad.txt" "$TRAD" none "opencc -c t2s.json -i $D/subset.trad.txt -o /dev/null" opencc
row B5 "corpus/ (UTF-8 folder)" "$TEXT" naive "lua5.4 $here/naive.lua $D/corpus" lpeg

# --- table ----------------------------------------------------------------------------
label() {
  case $1 in
    H1) echo "hanscan run -j1" ;; H2) echo "hanscan run -j2" ;;
    H3) echo "hanscan run -j1" ;; H4) echo "hanscan run -j2" ;;
    H5) echo "hanscan run -j1" ;; H6) echo "hanscan run -j2" ;;
    H7) echo "hanscan run -j1" ;; H8) echo "hanscan run -j2" ;;
    H9) echo "hanscan run -j1" ;; H10) echo "hanscan run -j2" ;;
    B1) echo "rg -j1 --count-matches, naive.lua's rules as one regex" ;;
    B2) echo "zcat" ;; B3) echo "iconv -f GB18030 -t UTF-8" ;;
    B4) echo "opencc -c t2s.json" ;; B5) echo "lua5.4 bench/naive.lua (LPeg)" ;;
  esac
}
mbps() { awk -F'\t' -v id="$1" '$1 == id && $5 ~ /^[0-9.]+$/ { printf "%.6f", $3 / 1e6 / $5 }' "$rows"; }
report=$data/results-$stamp.md
{
  echo "## bench/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC')$( ((quick)) && echo ' (-q)')"
  echo
  echo "- corpus: $params; $(grep '^docs:' "$M" | cut -d' ' -f2) documents, $(awk -v b="$TEXT" 'BEGIN { printf "%.1f", b / 1e6 }') MB of UTF-8 text; subset $(grep '^subset-docs:' "$M" | cut -d' ' -f2) documents, $(awk -v b="$SUB" 'BEGIN { printf "%.1f", b / 1e6 }') MB (UTF-8)"
  echo "- $("$HANSCAN" --version 2>/dev/null | head -1) (git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src lua rules 2>/dev/null || echo ', src/lua/rules modified'))"
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r)"
  echo "- tools: $(rg --version 2>/dev/null | head -1 || echo 'no rg'); $(hyperfine --version 2>/dev/null || echo 'no hyperfine'); $(lua5.4 -v 2>&1 | cut -d' ' -f1-2); LPeg $(lua5.4 -e 'io.write(require"lpeg".version())' 2>/dev/null || echo '-'); $(gzip --version | head -1); glibc iconv $(ldd --version | head -1 | sed 's/.* //'); opencc $(opencc --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1 || echo '-')"
  echo "- load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- MB = 10^6 bytes of decoded UTF-8 text; MB/s from the median wall time; peak RSS from /usr/bin/time -v"
  echo
  echo "| id | command | input | MB | runs | median s | MB/s | MB/s best | peak RSS MB | check |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  while IFS=$'\t' read -r id input bytes runs med best rss first chk cmd; do
    if [[ $med == - ]]; then
      printf '| %s | %s | %s | %.1f | – | – | – | – | – | %s |\n' "$id" "$(label "$id")" "$input" "$(awk -v b="${bytes:-0}" 'BEGIN { print b / 1e6 }')" "$chk"
    else
      awk -v id="$id" -v l="$(label "$id")" -v in_="$input" -v b="$bytes" -v n="$runs" -v m="$med" \
          -v bs="$best" -v r="$rss" -v c="$chk" 'BEGIN {
        s = b / 1e6 / m; sb = b / 1e6 / bs
        f = s < 10 ? "%.2f" : (s < 100 ? "%.1f" : "%.0f"); fb = sb < 10 ? "%.2f" : (sb < 100 ? "%.1f" : "%.0f")
        printf "| %s | %s | %s | %.1f | %d | %.3f | " f " | " fb " | %.1f | %s |\n", id, l, in_, b / 1e6, n, m, s, sb, r * 1024 / 1e6, c }'
    fi
  done < "$rows"
  echo
  echo "Targets of issue 8 (ratios of the MB/s above):"
  echo
  echo "| target | ratio | goal | met |"
  echo "|---|---:|---:|---|"
  ratio() { # LABEL A B GOAL: MB/s of row A over MB/s of row B
    local a b
    a=$(mbps "$2") b=$(mbps "$3")
    if [[ -z $a || -z $b ]]; then echo "| $1 | – | ≥ $4x | not measured |"; return; fi
    awk -v l="$1" -v a="$a" -v b="$b" -v g="$4" 'BEGIN {
      r = a / b; f = r >= 10 ? "%.1f" : (r >= 0.1 ? "%.2f" : "%.2g")
      printf "| %s | " f "x | ≥ %sx | %s |\n", l, r, g, (r >= g ? "yes" : sprintf("no: %.2g%% of the goal, %.3gx short", 100 * r / g, g / r)) }'
  }
  ratio "plain folder -j1 vs naive Lua+LPeg (H1 / B5)" H1 B5 20
  ratio "plain folder -j1 vs rg -j1 (H1 / B1)" H1 B1 0.4
  ratio "tar.gz -j1 vs zcat (H3 / B2)" H3 B2 0.8
  ratio "Traditional subset -j1 vs opencc t2s (H9 / B4)" H9 B4 15
  ratio "plain folder -j2 vs -j1 (H2 / H1)" H2 H1 1.8
  maxrss=$(awk -F'\t' '$1 ~ /^H/ && $7 ~ /^[0-9]+$/ { if ($7 > m) { m = $7; id = $1 } } END { if (m) printf "%.1f %s", m * 1024 / 1e6, id }' "$rows")
  if [[ -n $maxrss ]]; then
    awk -v m="${maxrss% *}" -v id="${maxrss#* }" 'BEGIN {
      printf "| peak RSS of hanscan, largest row (%s) | %.1f MB | < 200 MB | %s |\n", id, m, (m < 200 ? "yes" : "no") }'
  else
    echo "| peak RSS of hanscan | – | < 200 MB | not measured |"
  fi
  echo
  echo "Commands (run.sh's DIR is \`$data\`):"
  echo
  echo "| id | command |"
  echo "|---|---|"
  RE="'$RE'" DATA="$data" ROOT="$root/" awk -F'\t' '
    function repl(c, from, to,   i) {
      while (from != "" && (i = index(c, from)) > 0) c = substr(c, 1, i - 1) to substr(c, i + length(from))
      return c
    }
    { c = repl($10, ENVIRON["RE"], "\"$(lua5.4 bench/naive.lua --regex)\"")
      c = repl(repl(c, ENVIRON["DATA"], "DIR"), ENVIRON["ROOT"], ""); gsub(/\|/, "\\|", c)
      printf "| %s | `%s` |\n", $1, c }' "$rows"
} > "$report"
echo
cat "$report"
echo
echo "run.sh: written to $report"
