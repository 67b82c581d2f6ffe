#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh — `make bench`: hanscan next to rg, zcat, iconv, opencc and the naive
# Lua + LPeg script, in one run, on the corpus of bench/make-corpus.sh.
#
# Usage: bench/run.sh [-n DOCS] [-d DIR] [-q] [-r REGEX] [-s SECS]
#   -n DOCS   corpus size: DIR is first brought to a corpus of DOCS documents
#             by make-corpus.sh -n DOCS -o DIR (nothing to do when its
#             MANIFEST matches)                                    [20000]
#   -d DIR    data folder                                          [bench/data]
#   -q        quick: 1 warm-up + 3 runs for the fast rows, 1 run for the others
#   -r REGEX  only the rows whose id matches REGEX (e.g. 'H1|B'); the checks
#             and targets that need a row left out say "not run"
#   -s SECS   a row whose first run takes SECS or more is not run again  [20]
# Environment: HANSCAN (the binary, default build/hanscan).
#
# Prints a Markdown table (every row, then the targets of issue 8 as ratios
# of rows of this same run) and writes it to DIR/results-<UTC time>.md.
#
# Method: every input is read once first (warm page cache). Each row is run
# once under /usr/bin/time -v: its peak RSS, its check value and a first
# timing; a hanscan row writes its output to a file in that run (for the
# checks: bytes and facts compared between rows), later runs go to /dev/null.
# Then a row under 2 s is timed by hyperfine (--output=pipe, 2 warm-up runs
# + 10 runs; with -q 1 + 3), a row under SECS is run twice more (3 runs in
# all, the first one included; with -q none), and a slower row is not run
# again: its one run is its time. MB/s is 10^6 bytes of decoded UTF-8
# document text (not archive, not GB18030 bytes) over the median wall time.
# Last, the two commands of each target run in alternation (5 rounds; 2
# with -q; a command of SECS or more once, between two runs of the other),
# and the targets are judged on the ratio of those interleaved medians: the
# machine's speed drifts between rows timed minutes apart.
set -euo pipefail
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
quick=0 ndocs=20000 data="$here/data" only="." slow=20
while getopts "qn:d:r:s:h" opt; do
  case $opt in
    q) quick=1 ;; n) ndocs=$OPTARG ;; d) data=$OPTARG ;; r) only=$OPTARG ;;
    s) slow=$OPTARG ;;
    h) sed -n '3,32p' "$0"; exit 0 ;;
    *) echo "run.sh: see $0 -h" >&2; exit 2 ;;
  esac
done
[[ $ndocs =~ ^[0-9]+$ && $ndocs -gt 0 ]] || { echo "run.sh: -n takes a positive integer" >&2; exit 2; }
[[ $slow =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "run.sh: -s takes seconds" >&2; exit 2; }
HANSCAN=${HANSCAN:-$root/build/hanscan}
[[ -x $HANSCAN ]] || { echo "run.sh: no $HANSCAN (make build)" >&2; exit 1; }

# --- tools ------------------------------------------------------------------------
# command -> Debian package; missing ones are installed when root, else their
# rows are skipped
declare -A PKG=([hyperfine]=hyperfine [rg]=ripgrep [lua5.4]=lua5.4 [opencc]=opencc
                [/usr/bin/time]=time [iconv]=libc-bin [zcat]=gzip [zip]=zip)
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
have lua5.4 || { echo "run.sh: lua5.4 is needed (the corpus generator and the checks)" >&2; exit 1; }

# --- corpus -----------------------------------------------------------------------
bash "$here/make-corpus.sh" -n "$ndocs" -o "$data"
data=$(cd "$data" && pwd)
M=$data/MANIFEST
grep -qx 'complete: yes' "$M" || { echo "run.sh: $M is incomplete: run bench/make-corpus.sh -f" >&2; exit 1; }
mbytes() { awk -v n="$1" '$1 == n { print $2 }' "$M"; }
TEXT=$(mbytes corpus/) SUB=$(mbytes corpus-subset/) TRAD=$(mbytes corpus-trad/)
TRAD=${TRAD:-0}
params=$(sed -n 's/^params: //p' "$M")
seeds=$(sed -n 's/^seeds: //p' "$M")
docs=$(sed -n 's/^docs: //p' "$M")
subdocs=$(sed -n 's/^subset-docs: //p' "$M")

# --- the harness ------------------------------------------------------------------
if ((quick)); then RUNS_FAST=3 WARM_FAST=1 RUNS_MED=1 PAIRS=2; else RUNS_FAST=10 WARM_FAST=2 RUNS_MED=3 PAIRS=5; fi
stamp=$(date -u +%Y%m%d-%H%M%S)
t_start=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: corpus $params ($data); warming the page cache"
for p in corpus corpus.tar.gz corpus.zip corpus-subset corpus-gb18030 corpus-trad \
         subset.gb18030.txt subset.trad.txt; do
  [[ -e $data/$p ]] && find "$data/$p" -type f -exec cat {} + > /dev/null
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'; }
maxrss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# what every row leaves, by row id
ORDER=()
declare -A R_INPUT R_BYTES R_RUNS R_MED R_BEST R_RSS R_CHECK R_CMD R_LABEL R_TIMED
declare -A FACTS RAWSUM DOCSUM   # hanscan rows: facts, sha256 of the output, of it with doc names made relative
declare -A REF IGNORE SAME       # hanscan rows: the row compared with, fields left out, yes/no
KEEP=" H1 H7 "                   # outputs kept as references (the others: sums only)
details=$tmp/details.md          # what bench/facts.lua said about rows that differ
: > "$details"

# compare ID's output (file OUT) with that of row REF[ID]: the same facts in
# the same documents (names relative to the corpus folder or archive), every
# field but IGNORE[ID]; appended to ID's check column
compare_ref() {
  local id=$1 out=$2 ref=${REF[$1]} ign=${IGNORE[$1]:-} aside="doc names"
  [[ -n $ign ]] && aside="doc names, ${ign//,/, }"
  if [[ -z ${DOCSUM[$ref]:-} || ! -f $tmp/$ref.jsonl ]]; then
    R_CHECK[$id]+="; vs $ref: not run"
    return 0
  fi
  if [[ -z $ign && ${DOCSUM[$id]} == "${DOCSUM[$ref]}" ]] ||
     lua5.4 "$here/facts.lua" "$out" "$tmp/$ref.jsonl" "$ign" > "$tmp/cmp"; then
    SAME[$id]=yes R_CHECK[$id]+="; = $ref ($aside aside)"
  else
    SAME[$id]=no R_CHECK[$id]+="; **differs from $ref**: $(head -1 "$tmp/cmp" | sed 's/^differ: //; s/ only in A/ only here/; s/ only in B/ only in '"$ref"'/')"
    { echo; echo "$id vs $ref (bench/facts.lua; < only in $id, > only in $ref; $aside aside):"; echo
      sed 's/^/    /' "$tmp/cmp"; } >> "$details"
  fi
}

# row ID LABEL INPUT BYTES KIND COMMAND [NEED...]
#   LABEL    what runs (for the table); INPUT what it reads
#   BYTES    decoded UTF-8 text bytes the command goes through (MB/s numerator)
#   KIND     hanscan: COMMAND is `hanscan run ...` without -o; the first run
#            writes to a file (-o ID.jsonl), the timed runs to -o /dev/null;
#            the check is its facts.  rg: the sum of the per-file counts on
#            stdout.  naive: facts= on stdout.  none: no check value.
#   NEED     tools it needs (the row is skipped when one is missing)
row() {
  local id=$1 label=$2 input=$3 bytes=$4 kind=$5 cmd=$6
  shift 6
  [[ $id =~ $only ]] || return 0
  ORDER+=("$id")
  R_LABEL[$id]=$label R_INPUT[$id]=$input R_BYTES[$id]=${bytes:-0} R_CMD[$id]=$cmd
  R_RUNS[$id]=- R_MED[$id]=- R_BEST[$id]=- R_RSS[$id]=-
  local t
  for t in "$@"; do
    if [[ $t == lpeg ]]; then have_lpeg && continue
    elif [[ $t == no-skip ]]; then ((have_noskip)) && continue
    else have "$t" && continue; fi
    [[ $t == no-skip ]] && t="--no-skip in this hanscan"
    echo "== $id skipped: no $t"
    R_CHECK[$id]="skipped: no $t"
    return 0
  done
  if [[ -z $bytes || $bytes == 0 ]]; then
    echo "== $id skipped: no input"
    R_CHECK[$id]="skipped: no input"
    return 0
  fi
  local first_cmd=$cmd timed=$cmd out=$tmp/out
  if [[ $kind == hanscan ]]; then
    out=$tmp/$id.jsonl
    first_cmd="$cmd -o $out"
    timed="$cmd -o /dev/null"
  fi
  R_TIMED[$id]=$timed
  if [[ -n $RE ]]; then echo "== $id  ${timed//"$RE"/REGEX}"; else echo "== $id  $timed"; fi
  # first run: peak RSS, check value, first timing
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$tmp/time" bash -c "$first_cmd" > "$tmp/out" 2> "$tmp/err" || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    echo "   $id FAILED (exit $rc): $(tail -2 "$tmp/err" | tr '\n' ' ')"
    R_CHECK[$id]="FAILED: exit $rc"
    rm -f "$tmp/$id.jsonl"
    return 0
  fi
  local rss first
  rss=$(maxrss "$tmp/time")
  first=$(secs "$t0" "$t1")
  R_CHECK[$id]=-
  case $kind in
    hanscan)
      FACTS[$id]=$(grep -o '[0-9]* facts' "$tmp/err" | tail -1 | cut -d' ' -f1)
      R_CHECK[$id]="${FACTS[$id]} facts"
      RAWSUM[$id]=$(sha256sum < "$out" | cut -c1-64)
      # doc names relative to the corpus folder or archive, for comparing inputs
      DOCSUM[$id]=$(LC_ALL=C sed -E 's/^\{"doc":"[^"]*corpus[^/"]*\//{"doc":"/' "$out" | sha256sum | cut -c1-64)
      [[ -n ${REF[$id]:-} ]] && compare_ref "$id" "$out"
      [[ $KEEP == *" $id "* ]] || rm -f "$out" ;;
    rg) R_CHECK[$id]="$(awk -F: '{ s += $NF } END { print s + 0 }' "$tmp/out") matches" ;;
    naive) R_CHECK[$id]="$(grep -o 'facts=[0-9]*' "$tmp/out" | cut -d= -f2) facts" ;;
  esac
  local runs med best
  if awk -v f="$first" 'BEGIN { exit !(f < 2) }' && have hyperfine; then
    runs=$RUNS_FAST
    if ! hyperfine --output=pipe --style=none --warmup "$WARM_FAST" --runs "$runs" \
           --export-json "$tmp/h.json" -- "$timed" > "$tmp/hlog" 2>&1; then
      echo "   $id FAILED under hyperfine: $(tail -2 "$tmp/hlog" | tr '\n' ' ')"
      R_CHECK[$id]="FAILED under hyperfine" R_RSS[$id]=$rss
      return 0
    fi
    med=$(grep -o '"median": *[0-9.e+-]*' "$tmp/h.json" | sed -n 1p | sed 's/.*: *//')
    best=$(grep -o '"min": *[0-9.e+-]*' "$tmp/h.json" | sed -n 1p | sed 's/.*: *//')
  else
    runs=$RUNS_MED
    awk -v f="$first" -v s="$slow" 'BEGIN { exit !(f >= s) }' && runs=1
    echo "$first" > "$tmp/times"
    local k r
    for ((k = 2; k <= runs; k++)); do
      t0=$(date +%s%N)
      /usr/bin/time -v -o "$tmp/time" bash -c "$timed" > /dev/null 2>&1 || true
      t1=$(date +%s%N)
      secs "$t0" "$t1" >> "$tmp/times"
      echo >> "$tmp/times"
      r=$(maxrss "$tmp/time")
      if ((r > rss)); then rss=$r; fi
    done
    med=$(median < "$tmp/times")
    best=$(sort -g "$tmp/times" | sed -n 1p)
  fi
  R_RUNS[$id]=$runs R_MED[$id]=$med R_BEST[$id]=$best R_RSS[$id]=$rss
  awk -v b="$bytes" -v m="$med" -v r="$rss" -v n="$runs" -v c="${R_CHECK[$id]}" \
    'BEGIN { printf "   %.1f MB, median %.3f s of %d: %.2f MB/s, peak RSS %.1f MB, %s\n", b / 1e6, m, n, b / 1e6 / m, r * 1024 / 1e6, c }'
}

HS="$HANSCAN run"
D=$data
RE=""
have_lpeg && RE=$(lua5.4 "$here/naive.lua" --regex)
have_noskip=0
"$HANSCAN" run --help 2>/dev/null | grep -q -- '--no-skip' && have_noskip=1

# --- rows ---------------------------------------------------------------------------
FOLDER="corpus/ (UTF-8 folder)" GB="corpus-gb18030/ (subset, GB18030)"
TRADIN="corpus-trad/ (subset, Traditional)"
REF=([H2]=H1 [H3]=H1 [H4]=H1 [H5]=H1 [H6]=H1 [H8]=H7 [H9]=H7 [H10]=H7 [H11]=H7 [H12]=H1)
IGNORE=([H10]="span,offset" [H11]="span,offset")
row H1 "hanscan run -j1" "$FOLDER" "$TEXT" hanscan "$HS $D/corpus -j1"
row H2 "hanscan run -j2" "$FOLDER" "$TEXT" hanscan "$HS $D/corpus -j2"
row H3 "hanscan run -j1" "corpus.tar.gz" "$TEXT" hanscan "$HS $D/corpus.tar.gz -j1"
row H4 "hanscan run -j2" "corpus.tar.gz" "$TEXT" hanscan "$HS $D/corpus.tar.gz -j2"
row H5 "hanscan run -j1" "corpus.zip" "$TEXT" hanscan "$HS $D/corpus.zip -j1"
row H6 "hanscan run -j2" "corpus.zip" "$TEXT" hanscan "$HS $D/corpus.zip -j2"
row H7 "hanscan run -j1" "corpus-subset/ (subset, UTF-8 Simplified: the twin)" "$SUB" hanscan "$HS $D/corpus-subset -j1"
row H8 "hanscan run -j1" "$GB" "$SUB" hanscan "$HS $D/corpus-gb18030 -j1"
row H9 "hanscan run -j2" "$GB" "$SUB" hanscan "$HS $D/corpus-gb18030 -j2"
row H10 "hanscan run -j1" "$TRADIN" "$TRAD" hanscan "$HS $D/corpus-trad -j1"
row H11 "hanscan run -j2" "$TRADIN" "$TRAD" hanscan "$HS $D/corpus-trad -j2"
row H12 "hanscan run -j1 --no-skip" "$FOLDER" "$TEXT" hanscan "$HS $D/corpus -j1 --no-skip" no-skip
if [[ -n $RE ]]; then
  row B1 "rg -j1 --count-matches, naive.lua's rules as one regex" "$FOLDER" "$TEXT" rg \
    "rg --no-ignore -j1 --count-matches '$RE' $D/corpus" rg
else
  row B1 "rg -j1 --count-matches, naive.lua's rules as one regex" "$FOLDER" "$TEXT" rg "rg" lpeg
fi
row B2 "zcat > /dev/null" "corpus.tar.gz" "$TEXT" none "zcat $D/corpus.tar.gz > /dev/null" zcat
row B3 "iconv -f GB18030 -t UTF-8 > /dev/null" "subset.gb18030.txt" "$SUB" none \
  "iconv -f GB18030 -t UTF-8 $D/subset.gb18030.txt > /dev/null" iconv
row B4 "opencc -c t2s.json -o /dev/null" "subset.trad.txt" "$TRAD" none \
  "opencc -c t2s.json -i $D/subset.trad.txt -o /dev/null" opencc
row B5 "lua5.4 bench/naive.lua (naive Lua + LPeg)" "$FOLDER" "$TEXT" naive "lua5.4 $here/naive.lua $D/corpus" lpeg

# --- interleaved pairs ----------------------------------------------------------------
# This machine's speed drifts by 10-20% over minutes (a shared virtual
# machine), so a ratio of two rows timed minutes apart carries the drift.
# The two commands of each target are therefore run once more in
# alternation, A B A B ... (PAIRS rounds; when one of them took SECS or
# more, it runs once, between two runs of the other), and a target is
# judged on the ratio of the median times of these interleaved runs.
declare -A P_RATIO P_RUNS
timeit() { # COMMAND: wall seconds of one run, output discarded
  local t0 t1
  t0=$(date +%s%N)
  bash -c "$1" > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  secs "$t0" "$t1"
  echo
}
pair() { # A B: rows A and B interleaved; sets P_RATIO[A/B] (MB/s of A over B)
  local a=$1 b=$2 k
  [[ ${R_MED[$a]:-} =~ ^[0-9.]+$ && ${R_MED[$b]:-} =~ ^[0-9.]+$ ]] || return 0
  : > "$tmp/pa"
  : > "$tmp/pb"
  if awk -v x="${R_MED[$a]}" -v y="${R_MED[$b]}" -v s="$slow" 'BEGIN { exit !(x >= s || y >= s) }'; then
    if awk -v x="${R_MED[$a]}" -v y="${R_MED[$b]}" 'BEGIN { exit !(y >= x) }'; then
      timeit "${R_TIMED[$a]}" >> "$tmp/pa"; timeit "${R_TIMED[$b]}" >> "$tmp/pb"; timeit "${R_TIMED[$a]}" >> "$tmp/pa"
    else
      timeit "${R_TIMED[$b]}" >> "$tmp/pb"; timeit "${R_TIMED[$a]}" >> "$tmp/pa"; timeit "${R_TIMED[$b]}" >> "$tmp/pb"
    fi
  else
    for ((k = 1; k <= PAIRS; k++)); do
      timeit "${R_TIMED[$a]}" >> "$tmp/pa"
      timeit "${R_TIMED[$b]}" >> "$tmp/pb"
    done
  fi
  local ma mb
  ma=$(median < "$tmp/pa") mb=$(median < "$tmp/pb")
  P_RATIO[$a/$b]=$(awk -v ba="${R_BYTES[$a]}" -v bb="${R_BYTES[$b]}" -v ta="$ma" -v tb="$mb" \
    'BEGIN { printf "%.6f", (ba / ta) / (bb / tb) }')
  P_RUNS[$a/$b]="$(grep -c . "$tmp/pa") + $(grep -c . "$tmp/pb")"
  awk -v a="$a" -v b="$b" -v r="${P_RATIO[$a/$b]}" -v ta="$ma" -v tb="$mb" -v n="${P_RUNS[$a/$b]}" \
    'BEGIN { printf "== %s / %s interleaved (%s runs): medians %.3f s and %.3f s, ratio %.3fx\n", a, b, n, ta, tb, r }'
}
for p in H1:B5 H1:B1 H3:B2 H10:B4 H2:H1; do pair "${p%:*}" "${p#*:}"; done

# --- checks -------------------------------------------------------------------------
ran() { [[ -n ${RAWSUM[$1]:-} ]]; }
trad_ok=${SAME[H10]:-}
# baselines: rg's matches = naive.lua's facts
if [[ ${R_CHECK[B5]:-} == *" facts" && ${R_CHECK[B1]:-} == *" matches" ]]; then
  if [[ ${R_CHECK[B5]% facts} == "${R_CHECK[B1]% matches}" ]]; then R_CHECK[B5]+=" (= B1's matches)"
  else R_CHECK[B5]+=" (**≠ B1's matches**)"; fi
fi
# C1: -j1 and -j2 give the same bytes
c1="" c1_bad=0 c1_n=0
for p in H1:H2 H3:H4 H5:H6 H8:H9 H10:H11; do
  a=${p%:*} b=${p#*:}
  if ! ran "$a" || ! ran "$b"; then continue; fi
  c1_n=$((c1_n + 1))
  if [[ ${RAWSUM[$a]} == "${RAWSUM[$b]}" ]]; then c1+="${c1:+, }$a = $b"
  else c1+="${c1:+, }**$a ≠ $b**"; c1_bad=$((c1_bad + 1)); fi
done
if ((c1_n == 0)); then c1_text="not run (needs a -j1 and a -j2 row of one input)"
elif ((c1_bad == 0)); then c1_text="identical bytes: $c1"
else c1_text="DIFFER: $c1"; fi
# C2: --no-skip gives the same bytes as the default (skip on)
if ((!have_noskip)); then c2_text="not available (this hanscan has no run --no-skip)"
elif ! ran H12 || ! ran H1; then c2_text="not run (needs H1 and H12)"
elif [[ ${RAWSUM[H12]} == "${RAWSUM[H1]}" ]]; then c2_text="identical bytes: H12 = H1"
else c2_text="**DIFFER**: H12 ≠ H1 (see below)"; fi

# --- table ----------------------------------------------------------------------------
mbps() { # ID: MB/s of a timed row, or nothing
  [[ ${R_MED[$1]:-} =~ ^[0-9.]+$ ]] || return 0
  awk -v b="${R_BYTES[$1]}" -v m="${R_MED[$1]}" 'BEGIN { printf "%.6f", b / 1e6 / m }'
}
report=$data/results-$stamp.md
{
  echo "## bench/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC')$( ((quick)) && echo ' (-q)')"
  echo
  echo "- corpus: $params; $docs documents, $(awk -v b="$TEXT" 'BEGIN { printf "%.1f", b / 1e6 }') MB of UTF-8 text; subset $subdocs documents, $(awk -v b="$SUB" 'BEGIN { printf "%.1f", b / 1e6 }') MB (UTF-8); seeds: $seeds"
  echo "- $("$HANSCAN" --version 2>/dev/null | sed -n 1p) (git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src lua rules 2>/dev/null || echo ', src/lua/rules modified'))"
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r)"
  echo "- tools: $({ rg --version 2>/dev/null || echo 'no rg'; } | sed -n 1p); $(hyperfine --version 2>/dev/null || echo 'no hyperfine'); $(lua5.4 -v 2>&1 | cut -d' ' -f1-2); LPeg $(lua5.4 -e 'io.write(require"lpeg".version())' 2>/dev/null || echo '-'); $(gzip --version | sed -n 1p); glibc iconv $(ldd --version | sed -n 1p | sed 's/.* //'); opencc $({ opencc --version 2>/dev/null || echo '-'; } | grep -o '^-$\|[0-9][0-9.]*' | sed -n 1p)"
  echo "- load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg); the run took $(( ($(date +%s) - t_start + 30) / 60 )) min"
  echo "- MB = 10^6 bytes of decoded UTF-8 text; MB/s from the median wall time; peak RSS from /usr/bin/time -v"
  echo
  echo "| id | command | input | MB | runs | median s | MB/s | best MB/s | peak RSS MB | check |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  for id in "${ORDER[@]}"; do
    if [[ ${R_MED[$id]} == - ]]; then
      printf '| %s | %s | %s | %.1f | – | – | – | – | %s | %s |\n' "$id" "${R_LABEL[$id]}" "${R_INPUT[$id]}" \
        "$(awk -v b="${R_BYTES[$id]}" 'BEGIN { print b / 1e6 }')" \
        "$([[ ${R_RSS[$id]} =~ ^[0-9]+$ ]] && awk -v r="${R_RSS[$id]}" 'BEGIN { printf "%.1f", r * 1024 / 1e6 }' || echo –)" \
        "${R_CHECK[$id]}"
    else
      awk -v id="$id" -v l="${R_LABEL[$id]}" -v in_="${R_INPUT[$id]}" -v b="${R_BYTES[$id]}" \
          -v n="${R_RUNS[$id]}" -v m="${R_MED[$id]}" -v bs="${R_BEST[$id]}" -v r="${R_RSS[$id]}" \
          -v c="${R_CHECK[$id]}" 'BEGIN {
        s = b / 1e6 / m; sb = b / 1e6 / bs
        f = s < 10 ? "%.2f" : (s < 100 ? "%.1f" : "%.0f"); fb = sb < 10 ? "%.2f" : (sb < 100 ? "%.1f" : "%.0f")
        printf "| %s | %s | %s | %.1f | %d | %.3f | " f " | " fb " | %.1f | %s |\n", id, l, in_, b / 1e6, n, m, s, sb, r * 1024 / 1e6, c }'
    fi
  done
  echo "| C1 | check: -j1 and -j2 give the same output bytes | H1/H2 … H10/H11 | | | | | | | $c1_text |"
  echo "| C2 | check: --no-skip gives the same output bytes | H12 vs H1 | | | | | | | $c2_text |"
  echo
  echo "Targets of issue 8, as ratios of MB/s: \"interleaved\" from the two commands run in alternation after the rows (see run.sh; a target is judged on it), \"rows\" from the medians of the rows above:"
  echo
  echo "| # | target | rows | interleaved | rows | goal | met |"
  echo "|---|---|---|---:|---:|---:|---|"
  nmet=0
  ratio() { # N LABEL A B GOAL [EXTRA]: MB/s of row A over MB/s of row B; EXTRA yes/no/"" also needed
    local a b
    a=$(mbps "$3") b=$(mbps "$4")
    if [[ -z $a || -z $b ]]; then echo "| $1 | $2 | $3 / $4 | – | – | ≥ $5x | not measured |"; return; fi
    local line
    line=$(awk -v n="$1" -v l="$2" -v ia="$3" -v ib="$4" -v a="$a" -v b="$b" -v g="$5" -v x="${6-}" \
               -v p="${P_RATIO[$3/$4]:-}" 'BEGIN {
      q = a / b; r = p != "" ? p + 0 : q
      f = r >= 10 ? "%.1f" : (r >= 0.1 ? "%.2f" : "%.2g"); fq = q >= 10 ? "%.1f" : (q >= 0.1 ? "%.2f" : "%.2g")
      met = r >= g ? "yes" : sprintf("no: %.1f%% of the goal", 100 * r / g)
      if (p == "") met = met " (no interleaved runs: judged on the rows)"
      if (x == "no") met = (r >= g ? "no: " : met "; ") "facts differ from the twin"
      else if (x == "") met = met "; facts vs the twin not checked"
      printf "| %s | %s | %s / %s | %s | " fq "x | ≥ %sx | %s |\n", n, l, ia, ib, (p != "" ? sprintf(f "x", r) : "–"), q, g, met }')
    echo "$line"
    [[ $line == *"| yes"* ]] && nmet=$((nmet + 1))
    return 0
  }
  ratio 1 "plain folder -j1 vs the naive Lua+LPeg script" H1 B5 20 yes
  ratio 1 "plain folder -j1 vs \`rg -j1\` counting the regex" H1 B1 0.4 yes
  ratio 2 "tar.gz -j1 vs \`zcat\` to /dev/null" H3 B2 0.8 yes
  ratio 3 "Traditional subset -j1 vs the \`opencc\` command, facts = Simplified twin" H10 B4 15 "$trad_ok"
  ratio 4 "-j2 vs -j1, plain folder" H2 H1 1.8 yes
  m=0 mid=""
  for id in "${ORDER[@]}"; do
    [[ $id == H* && ${R_RSS[$id]} =~ ^[0-9]+$ ]] || continue
    ((R_RSS[$id] > m)) && m=${R_RSS[$id]} mid=$id
  done
  if ((m > 0)); then
    whole=""
    ((docs < 20000)) && whole=" (on $docs documents, not the whole 20,000)"
    line=$(awk -v m="$m" -v id="$mid" -v w="$whole" 'BEGIN {
      mb = m * 1024 / 1e6
      printf "| 5 | peak RSS of hanscan, largest row | %s | %.1f MB | < 200 MB | %s%s |\n", id, mb, (mb < 200 ? "yes" : "no"), w }')
    echo "$line"
    [[ $line == *"| yes"* ]] && nmet=$((nmet + 1))
  else
    echo "| 5 | peak RSS of hanscan, largest row | – | – | < 200 MB | not measured |"
  fi
  echo
  echo "Targets met: $nmet of 6 ratios (5 targets; target 1 has two)."
  also=""
  for p in "-j2 vs -j1 on the tar.gz:H4:H3" "on the zip:H6:H5" "on the GB18030 subset:H9:H8" \
           "on the Traditional subset:H11:H10" "the clause skip (default vs --no-skip, -j1):H1:H12" \
           "Traditional vs its Simplified twin (-j1):H10:H7"; do
    IFS=: read -r what a b <<< "$p"
    x=$(mbps "$a") y=$(mbps "$b")
    [[ -n $x && -n $y ]] && also+="${also:+; }$what $(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.2fx", x / y }') ($a / $b)"
  done
  [[ -n $also ]] && printf '\nOther ratios: %s.\n' "$also"
  cat "$details"
  echo
  echo "Commands (DIR is \`$data\`; a hanscan row's first run writes \`-o FILE\` instead of \`-o /dev/null\`):"
  echo
  echo "| id | command |"
  echo "|---|---|"
  for id in "${ORDER[@]}"; do
    c=${R_CMD[$id]}
    [[ $c == "$HS "* ]] && c="$c -o /dev/null"
    # shellcheck disable=SC2016 # the command as the reader types it
    [[ -n $RE ]] && c=${c//"'$RE'"/'"$(lua5.4 bench/naive.lua --regex)"'}
    c=${c//"$data"/DIR}
    c=${c//"$root/"/}
    c=${c//|/\\|}
    printf '| %s | %s |\n' "$id" "\`$c\`"
  done
} > "$report"
echo
cat "$report"
echo
echo "run.sh: written to $report"
