#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# README.md's "From an archive to a report" works as written: its indented
# command blocks run in order, with bash -e, in a folder laid out like the
# source tree (examples/ copied, build/ the binary's folder); then the
# files they wrote are checked (the store's 4 documents and 55 facts, the
# CSV, the Markdown and the HTML pages with their charts).
# usage: walkthrough.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v zip >/dev/null || ! command -v sqlite3 >/dev/null; then
  echo "walkthrough: zip or sqlite3 missing (scripts/install-deps.sh): skipped"
  exit 77
fi
mkdir "$tmp/work"
cp -r "$SRC/examples" "$tmp/work/examples"
ln -s "$(cd "$(dirname "$H")" && pwd)" "$tmp/work/build"
[ -x "$tmp/work/build/hanscan" ] || ln -s "$H" "$tmp/work/build/hanscan"
python3 - "$SRC/README.md" "$tmp/work" <<'PY'
import re, subprocess, sys
readme, work = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
m = re.search(r"^## From an archive to a report\n(.*?)^## ", text, re.S | re.M)
if not m:
    print("walkthrough: no section 'From an archive to a report' in README.md")
    sys.exit(1)
blocks, cur = [], []
for line in m.group(1).splitlines():
    if line.startswith("    "):
        cur.append(line[4:])
    elif cur and line.strip() == "":
        cur.append("")
    elif cur:
        blocks.append("\n".join(cur).strip() + "\n")
        cur = []
if cur:
    blocks.append("\n".join(cur).strip() + "\n")
fails = 0
for b in blocks:
    p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", b], cwd=work,
                       capture_output=True, text=True)
    if p.returncode != 0:
        fails += 1
        print(f"FAIL: exit {p.returncode}:\n{b}{p.stderr}")
print(f"walkthrough: {len(blocks)} blocks run, {fails} failed")
sys.exit(1 if fails or not blocks else 0)
PY
[ $? -eq 0 ] || exit 1
cd "$tmp/work" || exit 1
python3 - <<'PY'
import csv, re, sqlite3, sys
bad = []
db = sqlite3.connect("facts.db")
docs = db.execute("SELECT count(*), sum(facts) FROM documents WHERE status = 'ok' "
                  "AND name LIKE 'reports.zip!examples/reports/%'").fetchone()
if docs != (4, 55):
    bad.append(f"facts.db: documents {docs}, want (4, 55)")
if list(csv.reader(open("mu.csv", encoding="utf-8")))[0][0] != "园区":
    bad.append("mu.csv: no table header")
if not open("rank.md", encoding="utf-8").read().startswith("# 园区综合排名"):
    bad.append("rank.md: not the ranking")
# the examples cover one year: the scorecard's bar chart, no line
for page, charts in [("report.html", 1), ("share.html", 1)]:
    n = len(re.findall(r'<svg [^>]*class="chart ', open(page, encoding="utf-8").read()))
    if n != charts:
        bad.append(f"{page}: {n} charts, want {charts}")
if bad:
    print(*bad, sep="\n")
sys.exit(1 if bad else 0)
PY
