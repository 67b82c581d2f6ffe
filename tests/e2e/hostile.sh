#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile input: a truncated gzip, a truncated tar.gz, a zip with a bad CRC,
# zip and tar.gz compression bombs, random binary, a 100 MB single line,
# invalid UTF-8, an empty file, an empty folder, a dangling symbolic link,
# a link loop, a folder loop, archives nested too deep and an image in a
# zip. Each is run next to a good document: each gives a clear message
# naming it, exit status 1 (0 for the skipped folder loop, the empty folder
# and the image), and the good document still gives all its facts. Then
# all of them in one run. The
# 100 MB line is also run with a raised --max-size (so that the engine sees
# it) except under the sanitizers (HS_TEST_SANITIZED set), where it is slow.
# usage: hostile.sh HANSCAN SOURCE_DIR
set -uo pipefail
hanscan=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/h" "$tmp/loopdir/sub"
cp "$src/examples/reports/qingjiang-2024-review.txt" "$tmp/good.txt"
python3 - "$tmp/h" "$tmp/good.txt" <<'PY' || exit 1
import gzip, io, os, sys, tarfile, zipfile, zlib
h, good = sys.argv[1], open(sys.argv[2], "rb").read()
text = good * 40
gz = gzip.compress(text)
open(f"{h}/truncated.txt.gz", "wb").write(gz[: len(gz) // 2])
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz") as t:
    for i in range(3):
        data = os.urandom(30000) if i == 1 else text
        ti = tarfile.TarInfo(f"m{i}.txt"); ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
tgz = buf.getvalue()
open(f"{h}/truncated.tar.gz", "wb").write(tgz[: len(tgz) * 2 // 3])
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
    z.writestr("a.txt", good)
d = bytearray(buf.getvalue())
i = d.find(good[100:120])
d[i] ^= 0x20
open(f"{h}/badcrc.zip", "wb").write(bytes(d))
zeros = b"\0" * (100 << 20)
with zipfile.ZipFile(f"{h}/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("zeros.txt", zeros)
with tarfile.open(f"{h}/bomb.tar.gz", "w:gz") as t:
    ti = tarfile.TarInfo("zeros.txt"); ti.size = len(zeros)
    t.addfile(ti, io.BytesIO(zeros))
open(f"{h}/random.bin", "wb").write(os.urandom(1 << 16))
with open(f"{h}/oneline.txt", "wb") as f:
    line = "规上工业总产值增长12%，".encode()
    f.write(line * (100_000_000 // len(line)))
cut = good.index(b"\n", 200) + 1
open(f"{h}/invalid-utf8.txt", "wb").write(good[:cut] + b"\xff\xfe\xc0" + good[cut:])
open(f"{h}/empty.txt", "wb").close()
inner = b"not reached"
for level in range(10):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"level{level}.zip" if level else "deep.txt", inner)
    inner = buf.getvalue()
open(f"{h}/deep.zip", "wb").write(inner)
png = b"\x89PNG\r\n\x1a\n" + os.urandom(200)
with zipfile.ZipFile(f"{h}/image.zip", "w") as z:
    z.writestr("chart.png", png)
PY
ln -s "$tmp/nowhere.txt" "$tmp/h/dangling.txt"
ln -s "$tmp/h/loop.txt" "$tmp/h/loop.txt"
ln -s .. "$tmp/loopdir/sub/up"
mkdir "$tmp/h/emptydir"

"$hanscan" run "$tmp/good.txt" -o "$tmp/ref.jsonl" 2>/dev/null || { echo "good.txt fails"; exit 1; }
nref=$(wc -l <"$tmp/ref.jsonl")
[ "$nref" -gt 0 ] || { echo "good.txt gives no facts"; exit 1; }
fails=0
# case NAME PATTERN WANT_STATUS [OPTIONS...]: run good.txt and $tmp/h/NAME
case_() {
  local name=$1 pattern=$2 want=$3
  shift 3
  local path=$tmp/h/$name
  [ "$name" = loopdir ] && path=$tmp/loopdir
  "$hanscan" run "$@" "$tmp/good.txt" "$path" >"$tmp/out" 2>"$tmp/err"
  local got=$? bad=""
  [ "$got" -eq "$want" ] || bad="exit $got, want $want"
  grep -Fq -- "$pattern" "$tmp/err" || bad="$bad; no message '$pattern'"
  grep -q "^hanscan: .* documents, .* facts" "$tmp/err" || bad="$bad; no summary"
  local ngood
  ngood=$(grep -c "\"doc\":\"$tmp/good.txt\"" "$tmp/out")
  [ "$ngood" -eq "$nref" ] || bad="$bad; good.txt gave $ngood facts, want $nref"
  grep -q "AddressSanitizer\|runtime error" "$tmp/err" && bad="$bad; sanitizer report"
  if [ -n "$bad" ]; then
    echo "FAIL $name: $bad"
    sed 's/^/    /' "$tmp/err" | head -5
    fails=$((fails + 1))
  else
    echo "ok   $name: $(grep -F -- "$pattern" "$tmp/err" | head -1 | sed "s|$tmp/||g")"
  fi
}
case_ truncated.txt.gz "h/truncated.txt.gz: " 1
case_ truncated.tar.gz "h/truncated.tar.gz" 1
case_ badcrc.zip "h/badcrc.zip!a.txt: corrupt member: ZIP bad CRC" 1
case_ bomb.zip "h/bomb.zip!zeros.txt: compression bomb" 1
case_ bomb.tar.gz "h/bomb.tar.gz!zeros.txt: compression bomb" 1
case_ random.bin "h/random.bin: binary data, not text" 1
case_ oneline.txt "h/oneline.txt: decoded text over the 64 MiB limit" 1
case_ invalid-utf8.txt "h/invalid-utf8.txt: warning: 3 undecodable bytes replaced by U+FFFD" 1
case_ empty.txt "h/empty.txt: empty document" 1
case_ dangling.txt "h/dangling.txt: broken symbolic link" 1
case_ loop.txt "h/loop.txt: symbolic link loop" 1
case_ loopdir "loopdir/sub/up: skipped (folder already walked" 0
case_ emptydir "hanscan: 1 documents, $nref facts, 0 failed" 0
case_ deep.zip "nested too deep (limit 8)" 1
case_ image.zip "h/image.zip!chart.png: skipped (PNG image)" 0
case_ deep.zip "hanscan: 2 documents, $nref facts, 0 failed" 0 --max-depth 12
if [ -z "${HS_TEST_SANITIZED:-}" ]; then
  case_ oneline.txt "h/oneline.txt: " 1 --max-size 200M
fi

# everything in one run, and in parallel: at -j 8 the workers read the files
for j in 1 3 8; do
  "$hanscan" run -j "$j" "$tmp/good.txt" "$tmp/h" "$tmp/loopdir" >"$tmp/out" 2>"$tmp/err"
  got=$?
  ngood=$(grep -c "\"doc\":\"$tmp/good.txt\"" "$tmp/out")
  summary=$(grep '^hanscan: ' "$tmp/err")
  if [ "$got" -ne 1 ] || [ "$ngood" -ne "$nref" ] ||
     ! grep -Eq '^hanscan: [0-9]+ documents, [0-9]+ facts, [0-9]+ failed, .* s, [0-9]+ skipped, 1 with undecodable bytes$' <<<"$summary" ||
     grep -q "AddressSanitizer\|runtime error" "$tmp/err"; then
    echo "FAIL all together (-j $j): exit $got, good facts $ngood/$nref"
    cat "$tmp/err"
    fails=$((fails + 1))
  else
    echo "ok   all together (-j $j): ${summary}"
  fi
done
# every input is accounted for in ls as well
"$hanscan" ls "$tmp/h" >"$tmp/ls" 2>/dev/null
for name in truncated.txt.gz badcrc.zip bomb.zip random.bin oneline.txt invalid-utf8.txt empty.txt dangling.txt loop.txt image.zip; do
  grep -q "^$tmp/h/$name" "$tmp/ls" || { echo "FAIL ls lists no $name"; fails=$((fails + 1)); }
done

if [ "$fails" -gt 0 ]; then
  echo "hostile: $fails failed"
  exit 1
fi
echo "hostile: all passed"
