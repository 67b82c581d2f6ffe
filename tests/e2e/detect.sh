#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Measures encoding detection through `hanscan ls`: snippets of Chinese text
# (200 bytes up to whole documents) re-encoded as GB18030 (Simplified), Big5
# (Traditional), UTF-16LE/BE without BOM and UTF-8, one file each, and the
# detected encoding compared with the truth. Text comes from examples/, the
# paragraphs written below, and ../shared/devset/docs when present. Fails
# below 99% correct, or under 500 cases (50 without the devset). With a third argument "markdown" it
# prints the table for docs/encoding.md.
# usage: detect.sh HANSCAN SOURCE_DIR [markdown]
set -euo pipefail
hanscan=$1 src=$2 mode=${3:-check}
command -v opencc >/dev/null || { echo "detect: opencc missing; skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/text" "$tmp/cases"
cp "$src"/examples/reports/*.txt "$tmp/text/"
floor=50 # cases; 500 with the devset (absent on a user's machine)
if [ -d "$src/../shared/devset/docs" ]; then
  floor=500
  for f in "$src"/../shared/devset/docs/*.txt; do cp "$f" "$tmp/text/devset-$(basename "$f")"; done
fi
cat >"$tmp/text/own-1.txt" <<'TXT'
今年以来，开发区坚持项目为王，全力以赴抓招商、上项目、优服务。1-6月，全区完成规模以上工业总产值186.4亿元，同比增长9.7%；固定资产投资完成52.3亿元，增长15.2%；实际利用外资1.26亿美元。新签约亿元以上项目18个，总投资达到213亿元，其中10亿元以上项目5个；新开工项目23个，竣工投产项目11个。园区新增高新技术企业14家、专精特新企业9家，累计达到87家。下半年，我们将聚焦主导产业，围绕产业链补链强链，推动一批重大项目早落地、早投产、早见效，确保全年目标任务圆满完成。
TXT
cat >"$tmp/text/own-2.txt" <<'TXT'
新闻发布会上，管委会主任介绍了园区营商环境改革的进展。全年办理企业开办、项目审批等事项三千余件，审批时限平均压缩百分之四十以上。园区与十二家银行建立合作，为中小企业争取贷款授信二十三亿元，发放奖励资金一点二亿元。记者问到土地要素保障时，负责人表示，今年已盘活闲置土地一千二百亩，新建标准厂房三十万平方米，能够满足新落户企业的需求。
TXT
python3 - "$tmp" <<'PY'
import glob, os, re, subprocess, sys
tmp = sys.argv[1]
gloss = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,12}[)）]")
def s2t(text):
    return subprocess.run(["opencc", "-c", "s2t.json"], input=text.encode(),
                          capture_output=True, check=True).stdout.decode()
def t2s(text):
    return subprocess.run(["opencc", "-c", "t2s.json"], input=text.encode(),
                          capture_output=True, check=True).stdout.decode()
def snippets(text, enc, size):
    """Slices of text whose encoding is about `size` bytes, cut at
    character boundaries, starting every half size (so they overlap), each
    with at least 10 ideographs; at most 20."""
    out, i = [], 0
    while i < len(text) and len(out) < 20:
        j = i
        while j < len(text) and len(text[i:j].encode(enc, "replace")) < size:
            j += 1
        if j == len(text) and len(text[i:j].encode(enc, "replace")) < size:
            break
        piece = text[i:j]
        if sum(1 for c in piece if "\u4e00" <= c <= "\u9fff") >= 10:
            out.append(piece)
        i += max(1, (j - i) // 2)
    return out
n = 0
for path in sorted(glob.glob(f"{tmp}/text/*.txt")):
    raw = open(path, encoding="utf-8").read()
    base = os.path.basename(path)[:-4]
    plain = gloss.sub("", raw)                 # Big5 cannot encode pinyin
    simp, trad = t2s(plain), s2t(plain)
    for enc, text, tag in [("gb18030", simp, "GB18030"), ("big5", trad, "BIG5"),
                           ("utf-16-le", simp, "UTF-16LE"),
                           ("utf-16-be", trad, "UTF-16BE"),
                           ("utf-8", simp, "UTF-8")]:
        sizes = [200, 500, 1000, 2000, None]
        for size in sizes:
            pieces = [text] if size is None else snippets(text, enc, size)
            for k, piece in enumerate(pieces):
                data = piece.encode(enc, "replace")   # '?' for the rare gap
                name = f"{tag}.{size or 'whole'}.{base}.{k}"
                open(f"{tmp}/cases/{name}", "wb").write(data)
                n += 1
print(f"detect: {n} cases written", file=sys.stderr)
PY
"$hanscan" ls "$tmp/cases" >"$tmp/ls.out" 2>"$tmp/ls.err" || true
python3 - "$tmp/ls.out" "$mode" "$floor" <<'PY'
import collections, os, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8", errors="replace")]
stats = collections.defaultdict(lambda: [0, 0])
wrong = []
for r in rows:
    name = os.path.basename(r[0])
    truth, size = name.split(".")[0], name.split(".")[1]
    got = r[2].replace("-BOM", "") if len(r) > 2 else "?"
    ok = got == truth and r[4] == "ok"
    key = (truth, size)
    stats[key][0] += 1
    stats[key][1] += ok
    if not ok:
        wrong.append(f"{name}: detected {got} ({r[4] if len(r) > 4 else '?'})")
sizes = ["200", "500", "1000", "2000", "whole"]
encs = ["GB18030", "BIG5", "UTF-16LE", "UTF-16BE", "UTF-8"]
total = sum(v[0] for v in stats.values())
right = sum(v[1] for v in stats.values())
if sys.argv[2] == "markdown":
    print("| encoding | " + " | ".join(f"{s} B" if s != "whole" else "whole doc" for s in sizes) + " | all |")
    print("| --- |" + " ---: |" * (len(sizes) + 1))
    for e in encs:
        cells = []
        for s in sizes:
            c, k = stats.get((e, s), [0, 0])
            cells.append(f"{k}/{c}" if c else "-")
        c = sum(stats.get((e, s), [0, 0])[0] for s in sizes)
        k = sum(stats.get((e, s), [0, 0])[1] for s in sizes)
        print(f"| {e} | " + " | ".join(cells) + f" | {k}/{c} ({100*k/max(c,1):.1f}%) |")
    print(f"| **all** | | | | | | **{right}/{total} ({100*right/max(total,1):.2f}%)** |")
for w in wrong[:20]:
    print("wrong:", w)
pct = 100 * right / max(total, 1)
print(f"detect: {right}/{total} correct ({pct:.2f}%)")
sys.exit(0 if total >= int(sys.argv[3]) and pct >= 99.0 else 1)
PY
