#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The HTML reports in a real browser: the demo report (scorecard over the
# bundled examples, through the SQLite store) and the four bundled reports
# over tests/data/report/facts.jsonl are opened in headless Chromium (fresh
# profile, no network services) and screenshot. Checked: each page has the
# charts its report draws (<svg class="chart bar">, "chart line") with
# their Chinese labels, a CJK font is installed (else the labels would be
# boxes), and each screenshot, decoded here (PNG: zlib + filters), is not
# blank: enough non-white pixels, dark ones (text) and the chart colours.
# Skips (77) only when Chromium cannot be installed. With
# HANSCAN_SCREENSHOT_DIR set, the screenshots are copied there.
# usage: chromium.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

browser=
find_browser() {
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then
      browser=$(command -v "$b")
      return 0
    fi
  done
  return 1
}
if ! find_browser; then
  bash "$SRC/scripts/install-deps.sh" --test >/dev/null 2>&1 || true
  if ! find_browser; then
    echo "chromium: Chromium is not installed and could not be installed" \
      "(scripts/install-deps.sh --test): skipped"
    exit 77
  fi
fi
if [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  echo "FAIL: no CJK font (fc-list :lang=zh is empty): Chinese labels would" \
    "render as boxes; install fonts-wqy-zenhei (scripts/install-deps.sh --test)"
  exit 1
fi

fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# the pages: the demo report, and each bundled report on the test facts
cp -r "$SRC/examples/reports" "$tmp/reports"
(cd "$tmp" && "$H" run reports -o facts.db 2>/dev/null) ||
  fail "run the examples into a store"
"$H" report scorecard "$tmp/facts.db" -o "$tmp/demo.html" 2>/dev/null ||
  fail "the demo report"
for r in scorecard mu rank projects; do
  "$H" report "$r" "$SRC/tests/data/report/facts.jsonl" -o "$tmp/$r.html" \
    2>/dev/null || fail "report $r"
done

shot() { # shot PAGE: PAGE.png
  local profile
  profile=$(mktemp -d "$tmp/profile.XXXXXX")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$tmp/$1.png" \
    --window-size=1200,2000 "file://$tmp/$1.html" >"$tmp/$1.log" 2>&1
  if [ ! -s "$tmp/$1.png" ]; then
    fail "$1: no screenshot"
    tail -5 "$tmp/$1.log" >&2
  fi
}

# PAGE BARS LINES LABELS...
pages=(
  "demo 1 0 青江经开区 云岭高新区 河湾工业园区 工业总产值"
  "scorecard 1 1 石门科技园 青江经开区 工业总产值 2023 2024"
  "mu 1 0 亩均税收 云岭高新区 石门科技园"
  "rank 1 0 综合得分 河湾工业园区 青江经开区"
  "projects 1 0 签约项目 青江经开区"
)
for p in "${pages[@]}"; do
  read -r page bars lines labels <<<"$p"
  [ -s "$tmp/$page.html" ] || continue
  shot "$page"
  python3 - "$tmp/$page.html" "$tmp/$page.png" "$bars" "$lines" $labels <<'PY' ||
import re, struct, sys, zlib
page, png, bars, lines, labels = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
name = page.rsplit("/", 1)[-1]
bad = []
html = open(page, encoding="utf-8").read()
got = (len(re.findall(r'<svg [^>]*class="chart bar"', html)),
       len(re.findall(r'<svg [^>]*class="chart line"', html)))
if got != (bars, lines):
    bad.append(f"charts (bar, line) {got}, want {(bars, lines)}")
text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
for l in labels:
    if l not in text:
        bad.append(f"no chart label {l!r}")

def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth} type {ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

try:
    w, h, bpp, rows = decode(png)
except Exception as e:
    bad.append(f"screenshot: {e}")
else:
    if (w, h) != (1200, 2000):
        bad.append(f"screenshot is {w}x{h}, want 1200x2000")
    nonwhite = dark = blue = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if r < 235 or g < 235 or b < 235:
                nonwhite += 1
            if r < 90 and g < 90 and b < 90:
                dark += 1
            if b > 140 and b - r > 80 and g < 150:  # the bars' #2b6cb0
                blue += 1
    total = w * h
    print(f"{name}: {nonwhite / total:.1%} non-white, {dark} dark, {blue} bar-blue pixels")
    if nonwhite < total * 0.01:
        bad.append(f"blank screenshot: {nonwhite} non-white pixels of {total}")
    if dark < 2000:
        bad.append(f"too little text: {dark} dark pixels")
    if blue < 1500:
        bad.append(f"no chart bars: {blue} blue pixels")
for b in bad:
    print(f"{name}: {b}")
sys.exit(1 if bad else 0)
PY
    fail "$page"
  if [ -n "${HANSCAN_SCREENSHOT_DIR:-}" ]; then
    mkdir -p "$HANSCAN_SCREENSHOT_DIR"
    cp "$tmp/$page.png" "$tmp/$page.html" "$HANSCAN_SCREENSHOT_DIR/"
  fi
done

if [ "$fails" -gt 0 ]; then
  echo "chromium: $fails failed"
  exit 1
fi
echo "chromium: all passed"
