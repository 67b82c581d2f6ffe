#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/writing-rules.md works as written: its ```sh blocks run in order in
# an empty folder (hanscan on PATH, no user packs), and a block followed by
# a ```text block must print exactly that on standard output (CSV line
# ends aside).
# usage: tutorial.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/work" "$tmp/home"
ln -s "$(cd "$(dirname "$H")" && pwd)/$(basename "$H")" "$tmp/bin/hanscan"
python3 - "$SRC/docs/writing-rules.md" "$tmp" <<'PY'
import os, re, subprocess, sys
doc, tmp = sys.argv[1], sys.argv[2]
text = open(doc, encoding="utf-8").read()
blocks = re.findall(r"^```(\w*)\n(.*?)^```\n", text, re.S | re.M)
env = dict(os.environ, PATH=f"{tmp}/bin:" + os.environ["PATH"],
           HOME=f"{tmp}/home")
env.pop("HANSCAN_PACKS", None)
fails = ran = 0
for i, (lang, body) in enumerate(blocks):
    if lang != "sh":
        continue
    ran += 1
    p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", body],
                       cwd=f"{tmp}/work", env=env, capture_output=True,
                       text=True)
    first = body.splitlines()[0] if body.strip() else ""
    if p.returncode != 0:
        fails += 1
        print(f"FAIL block {i} ({first}): exit {p.returncode}\n{p.stderr}")
        continue
    if i + 1 < len(blocks) and blocks[i + 1][0] == "text":
        want = blocks[i + 1][1]
        got = p.stdout.replace("\r\n", "\n")
        if got != want:
            fails += 1
            print(f"FAIL block {i} ({first}): output differs\n--- want\n{want}"
                  f"--- got\n{got}")
print(f"tutorial: {ran} blocks run, {fails} failed")
sys.exit(1 if fails or ran == 0 else 0)
PY
