#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-corpus.sh — the deterministic benchmark corpus for `make bench`.
#
# Usage: bench/make-corpus.sh [-n DOCS] [-k KIB] [-s SEED] [-j JOBS] [-o DIR]
#                             [-S SEEDDIR]... [-f]
#   -n DOCS    number of documents                              [20000]
#   -k KIB     mean document size in KiB (each 0.5..1.5x)       [10]
#   -s SEED    generator seed                                   [1]
#   -j JOBS    generator processes (the output does not depend on it) [nproc]
#   -o DIR     output folder                                    [bench/data]
#   -S SEEDDIR seed texts (*.txt) from SEEDDIR; may be given more than once.
#              Default: the genre's real reports in ../shared/devset/docs
#              (next to the source tree) when that folder exists, else
#              examples/reports. The MANIFEST records which.
#   -f         rebuild even when DIR/MANIFEST already matches the parameters
#
# Documents are runs of paragraphs of the seed texts with their numbers redrawn
# (dates and ordinals kept), see bench/gen.lua. Output, all under DIR (git-ignored):
#   corpus/dNNN/docNNNNNN.txt   the UTF-8 documents, 100 per folder
#   corpus.tar.gz               tar of corpus/ (sorted, fixed mtime/owner), gzip -6 -n
#   corpus.zip                  zip -6 -X of corpus/, sorted
#   corpus-subset/              the subset (doc id % 10 == 0), UTF-8 as in corpus/:
#                               the Simplified twin of corpus-trad/
#   corpus-gb18030/             the subset converted by iconv -t GB18030
#   corpus-trad/                the subset converted to Traditional by opencc -c s2t.json
#   subset.gb18030.txt          corpus-gb18030/ concatenated (input of the iconv row)
#   subset.trad.txt             corpus-trad/ concatenated (input of the opencc row)
#   MANIFEST                    parameters, seeds, counts, sizes and sha256
# For a tree the sha256 is that of its files concatenated in sorted order.
# The same parameters, seed texts and tool versions (lua5.4, tar, gzip, zip,
# iconv, opencc) give byte-identical output. The corpus is built in DIR/.new
# and moved into place at the end, so an interrupted build leaves the previous
# corpus (or none) and never a MANIFEST over partial files.
set -euo pipefail
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
ndocs=20000 kib=10 seed=1 jobs=$(nproc 2>/dev/null || echo 2) out="$here/data"
seeddirs=() force=0
while getopts "n:k:s:j:o:S:fh" opt; do
  case $opt in
    n) ndocs=$OPTARG ;; k) kib=$OPTARG ;; s) seed=$OPTARG ;; j) jobs=$OPTARG ;;
    o) out=$OPTARG ;; S) seeddirs+=("$OPTARG") ;; f) force=1 ;;
    h) sed -n '3,34p' "$0"; exit 0 ;;
    *) echo "make-corpus: see $0 -h" >&2; exit 2 ;;
  esac
done
for v in "$ndocs" "$kib" "$seed" "$jobs"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "make-corpus: -n, -k, -s and -j take integers" >&2; exit 2; }
done
((ndocs > 0 && kib > 0 && jobs > 0)) || { echo "make-corpus: -n, -k and -j must be positive" >&2; exit 2; }

# --- seeds ----------------------------------------------------------------------
devset=$root/../shared/devset/docs
if ((${#seeddirs[@]})); then
  seedsrc="-S ${seeddirs[*]}"
elif compgen -G "$devset/*.txt" >/dev/null; then
  seeddirs=("$devset") seedsrc="../shared/devset/docs (the genre's real reports)"
else
  seeddirs=("$root/examples/reports")
  seedsrc="examples/reports (fallback: no ../shared/devset/docs)"
fi
seedfiles=()
for d in "${seeddirs[@]}"; do
  [[ -d $d ]] || { echo "make-corpus: no seed folder $d" >&2; exit 1; }
  d=$(cd "$d" && pwd)
  while IFS= read -r f; do seedfiles+=("$f"); done < <(find "$d" -maxdepth 1 -type f -name '*.txt' | sort)
done
((${#seedfiles[@]})) || { echo "make-corpus: no *.txt seed files in ${seeddirs[*]}" >&2; exit 1; }

# the parameters line that identifies a corpus: sizes, seed and the seed texts
seedsum=$(cat "${seedfiles[@]}" | sha256sum | cut -c1-16)
params="params: n=$ndocs k=$kib s=$seed seeds=${#seedfiles[@]}:$seedsum"
if ((!force)) && [[ -f $out/MANIFEST ]] && grep -qxF "$params" "$out/MANIFEST" \
   && grep -qx 'complete: yes' "$out/MANIFEST"; then
  echo "make-corpus: $out is up to date ($params)"
  exit 0
fi

for t in lua5.4 tar gzip zip iconv sha256sum; do
  command -v "$t" >/dev/null || { echo "make-corpus: missing tool: $t" >&2; exit 1; }
done
have_opencc=1
command -v opencc >/dev/null || {
  have_opencc=0
  echo "make-corpus: opencc missing (Debian: opencc): no Traditional subset" >&2
}

t0=$(date +%s.%N)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/.new"
mkdir "$out/.new"
cd "$out/.new"
echo "make-corpus: $ndocs documents, mean $kib KiB, seed $seed, ${#seedfiles[@]} seed files from $seedsrc -> $out"

# --- 1. documents ---------------------------------------------------------------
mkdirs() { # DIR: the dNNN folders for every document id
  local k
  for ((k = 0; k <= (ndocs - 1) / 100; k++)); do printf '%s/d%03d\n' "$1" "$k"; done | xargs mkdir -p
}
mkdirs corpus
pids=()
for ((w = 0; w < jobs; w++)); do
  lua5.4 "$here/gen.lua" corpus "$ndocs" "$kib" "$seed" "$w" "$jobs" "${seedfiles[@]}" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { echo "make-corpus: gen.lua failed" >&2; exit 1; }; done
n=$(find corpus -type f -name '*.txt' | wc -l)
((n == ndocs)) || { echo "make-corpus: wrote $n documents, not $ndocs" >&2; exit 1; }
find corpus -exec touch -h -d @1704067200 {} +

# --- 2. archives (in the background) -----------------------------------------
( tar --sort=name --mtime=@1704067200 --owner=0 --group=0 --numeric-owner --format=gnu \
      -cf - corpus | gzip -6 -n > corpus.tar.gz ) &
p_tgz=$!
( find corpus -type f | sort | zip -q -X -6 -@ corpus.zip ) &
p_zip=$!

# --- 3. the subset: Simplified twin, GB18030 and Traditional ------------------
find corpus -type f -name '*.txt' | sort | awk -F'doc' '{ id = $NF + 0; if (id % 10 == 0) print }' > subset.list
mkdirs corpus-subset
mkdirs corpus-gb18030
while IFS= read -r f; do
  cp "$f" "corpus-subset/${f#corpus/}"
  iconv -f UTF-8 -t GB18030 "$f" > "corpus-gb18030/${f#corpus/}"
done < subset.list
sed 's|^corpus/|corpus-gb18030/|' subset.list | xargs -d '\n' cat > subset.gb18030.txt

if ((have_opencc)); then
  # one opencc process over the subset, documents separated by an ASCII marker
  # line that s2t leaves alone, then cut back into files
  mark='@@hanscan-bench-document-boundary@@'
  lua5.4 "$here/subset.lua" join "$mark" subset.list > subset.marked.txt
  opencc -c s2t.json -i subset.marked.txt -o subset.marked.trad.txt
  mkdirs corpus-trad
  lua5.4 "$here/subset.lua" split "$mark" subset.list subset.marked.trad.txt corpus/ corpus-trad/
  rm -f subset.marked.txt subset.marked.trad.txt
  sed 's|^corpus/|corpus-trad/|' subset.list | xargs -d '\n' cat > subset.trad.txt
  find corpus-trad -exec touch -h -d @1704067200 {} +
fi
find corpus-subset corpus-gb18030 -exec touch -h -d @1704067200 {} +

wait "$p_tgz" || { echo "make-corpus: tar.gz failed" >&2; exit 1; }
wait "$p_zip" || { echo "make-corpus: zip failed" >&2; exit 1; }

# --- 4. MANIFEST ------------------------------------------------------------------
treesum() { find "$1" -type f | sort | xargs -d '\n' cat | sha256sum | cut -d' ' -f1; }
treebytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
filesum() { sha256sum "$1" | cut -d' ' -f1; }
filebytes() { stat -c %s "$1"; }
{
  echo "# bench/make-corpus.sh; the bytes of a tree are the sum of its files,"
  echo "# its sha256 that of its files concatenated in sorted order"
  echo "$params"
  echo "seeds: $seedsrc"
  echo "seed-files: $(for f in "${seedfiles[@]}"; do printf '%s ' "$(realpath -m --relative-to="$root" "$f")"; done)"
  echo "tools: $(lua5.4 -v 2>&1 | cut -d' ' -f1-2); $(tar --version | sed -n 1p); $(gzip --version | sed -n 1p); $(zip -v | sed -n 2p | sed "s/^This is //;s/ (.*//"); glibc iconv $(ldd --version | sed -n 1p | sed 's/.* //'); opencc $({ ((have_opencc)) && opencc --version 2>/dev/null || echo none; } | grep -o '^none$\|[0-9][0-9.]*' | sed -n 1p)"
  echo "docs: $ndocs"
  echo "subset-docs: $(wc -l < subset.list)"
  echo "# name bytes sha256"
  printf 'corpus/ %s %s\n' "$(treebytes corpus)" "$(treesum corpus)"
  printf 'corpus.tar.gz %s %s\n' "$(filebytes corpus.tar.gz)" "$(filesum corpus.tar.gz)"
  printf 'corpus.zip %s %s\n' "$(filebytes corpus.zip)" "$(filesum corpus.zip)"
  printf 'corpus-subset/ %s %s\n' "$(treebytes corpus-subset)" "$(treesum corpus-subset)"
  printf 'corpus-gb18030/ %s %s\n' "$(treebytes corpus-gb18030)" "$(treesum corpus-gb18030)"
  if ((have_opencc)); then
    printf 'corpus-trad/ %s %s\n' "$(treebytes corpus-trad)" "$(treesum corpus-trad)"
  fi
  echo "complete: yes"
} > MANIFEST
rm -f subset.list

# --- 5. into place ------------------------------------------------------------------
cd "$out"
rm -f MANIFEST
# also the files of earlier layouts of this folder
rm -rf corpus corpus-subset corpus-gb18030 corpus-trad corpus.tar.gz corpus.zip \
       subset.gb18030.txt subset.trad.txt subset.utf8.txt
for f in corpus corpus-subset corpus-gb18030 corpus-trad corpus.tar.gz corpus.zip \
         subset.gb18030.txt subset.trad.txt; do
  [[ -e .new/$f ]] && mv ".new/$f" "$f"
done
mv .new/MANIFEST MANIFEST
rmdir .new
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "make-corpus: done in %.1f s\n", b - a }'
cat MANIFEST
