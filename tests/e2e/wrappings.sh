#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The same document gives the same facts whatever it is wrapped in. Two
# Simplified examples and a Traditional text (hewan-traditional.txt without
# its pinyin glosses, which Big5 cannot encode) are written in every
# encoding (UTF-8 with and without BOM, GB18030, Big5 for the Traditional
# one, UTF-16LE/BE with and without BOM) and every wrapping (plain, gz, bz2,
# xz, zst, zip, tar, tar.gz, tgz, tar.bz2, tar.xz, tar.zst, a zip inside a
# tar.gz inside a zip), plus HTML (entities, <meta> charset) and .docx built
# here. One run over all of it; each document's facts must equal those of
# the plain UTF-8 file: whole records but the doc field for plain text, and
# indicator/measure/value/unit/period/zone for HTML and docx (whose decoded
# text differs in white space, so offsets differ).
# usage: wrappings.sh HANSCAN SOURCE_DIR
set -euo pipefail
hanscan=$1 src=$2
for tool in zstd python3; do
  command -v "$tool" >/dev/null || { echo "wrappings: $tool missing; skipped"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in" "$tmp/ref"
python3 - "$src" "$tmp" <<'PY'
import bz2, gzip, html, io, lzma, os, re, subprocess, sys, tarfile, zipfile
src, tmp = sys.argv[1], sys.argv[2]
gloss = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,12}[)）]")
docs = {
    "qingjiang": open(f"{src}/examples/reports/qingjiang-2024-review.txt", encoding="utf-8").read(),
    "yunling": open(f"{src}/examples/reports/yunling-press-conference.txt", encoding="utf-8").read(),
    "hewan": gloss.sub("", open(f"{src}/examples/reports/hewan-traditional.txt", encoding="utf-8").read()),
}
encodings = {
    "utf8": lambda t: t.encode("utf-8"),
    "utf8bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf16le": lambda t: t.encode("utf-16-le"),
    "utf16be": lambda t: t.encode("utf-16-be"),
    "utf16lebom": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf16bebom": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
}
# (pad: members written before the document, for the big wrappers below)
def tar_bytes(name, data, mode, pad=()):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        ti = tarfile.TarInfo("dir"); ti.type = tarfile.DIRTYPE; t.addfile(ti)
        for n, d in (*pad, (name, data)):
            ti = tarfile.TarInfo("dir/" + n); ti.size = len(d)
            t.addfile(ti, io.BytesIO(d))
    return buf.getvalue()
def zip_bytes(name, data, pad=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("dir/", b"")
        for n, d in (*pad, (name, data)):
            z.writestr("dir/" + n, d)
    return buf.getvalue()
def zstd(data):
    return subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True,
                          check=True).stdout
wrappers = {
    "plain": lambda n, d: (n, d),
    "gz": lambda n, d: (n + ".gz", gzip.compress(d)),
    "bz2": lambda n, d: (n + ".bz2", bz2.compress(d)),
    "xz": lambda n, d: (n + ".xz", lzma.compress(d)),
    "zst": lambda n, d: (n + ".zst", zstd(d)),
    "zip": lambda n, d: (n + ".zip", zip_bytes(n, d)),
    "tar": lambda n, d: (n + ".tar", tar_bytes(n, d, "w")),
    "tar.gz": lambda n, d: (n + ".tar.gz", tar_bytes(n, d, "w:gz")),
    "tgz": lambda n, d: (n + ".tgz", tar_bytes(n, d, "w:gz")),
    "tar.bz2": lambda n, d: (n + ".tar.bz2", tar_bytes(n, d, "w:bz2")),
    "tar.xz": lambda n, d: (n + ".tar.xz", tar_bytes(n, d, "w:xz")),
    "tar.zst": lambda n, d: (n + ".tar.zst", zstd(tar_bytes(n, d, "w"))),
    "nested": lambda n, d: (n + ".nested.zip", zip_bytes(
        "mid.tar.gz", tar_bytes("inner.zip", zip_bytes(n, d), "w:gz"))),
    "mislabelled": lambda n, d: (n + ".txt", gzip.compress(d)),  # content wins
}
# archives over 1 MiB on disk are streamed from the file, smaller ones read
# whole first: a skipped image member makes these big (UTF-8 only)
big = (("pad.png", b"\x89PNG\r\n\x1a\n" + os.urandom(1536 * 1024)),)
big_wrappers = {
    "big.tar.gz": lambda n, d: (n + ".tar.gz", tar_bytes(n, d, "w:gz", big)),
    "big.zip": lambda n, d: (n + ".zip", zip_bytes(n, d, big)),
}
def html_bytes(text, enc, charset):
    body = "".join(f"<p>{html.escape(line)}</p>\n" if line.strip() else "\n"
                   for line in text.split("\n"))
    # character references, named and numeric
    body = body.replace("，", "&#xFF0C;").replace("%", "&#37;").replace("。", "&#12290;")
    page = (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">'
            f"<title>t</title><style>p {{margin:0}}</style>"
            f"<script>var s = '<p>200億元</p>';</script></head>\n<body>"
            f"<!-- 999億元 -->\n{body}</body></html>\n")
    return page.encode(enc)
def docx_bytes(text):
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{esc(l)}</w:t></w:r></w:p>'
                    for l in text.split("\n"))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{paras}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr("word/document.xml", xml)
    return buf.getvalue()
n = 0
for doc, text in docs.items():
    open(f"{tmp}/ref/{doc}.txt", "w", encoding="utf-8").write(text)
    encs = dict(encodings)
    if doc == "hewan":
        encs["big5"] = lambda t: t.encode("big5")
    for enc, f in encs.items():
        data = f(text)
        wraps = dict(wrappers, **(big_wrappers if enc == "utf8" else {}))
        for w, wrap in wraps.items():
            name, blob = wrap(f"{doc}.{enc}.txt", data)
            os.makedirs(f"{tmp}/in/{w}", exist_ok=True)
            open(f"{tmp}/in/{w}/{name}", "wb").write(blob)
            n += 1
    for enc, charset in [("utf-8", "utf-8"), ("gb18030", "gb2312")] + (
            [("big5", "big5")] if doc == "hewan" else []):
        os.makedirs(f"{tmp}/in/html", exist_ok=True)
        open(f"{tmp}/in/html/{doc}.{enc}.html", "wb").write(html_bytes(text, enc, charset))
        n += 1
    os.makedirs(f"{tmp}/in/docx", exist_ok=True)
    open(f"{tmp}/in/docx/{doc}.docx", "wb").write(docx_bytes(text))
    open(f"{tmp}/in/docx/{doc}.nested.zip", "wb").write(zip_bytes(f"{doc}.docx", docx_bytes(text)))
    n += 2
print(f"wrappings: {n} fixtures", file=sys.stderr)
PY
"$hanscan" run "$tmp/ref" -o "$tmp/ref.jsonl" 2>"$tmp/ref.err" || { cat "$tmp/ref.err"; exit 1; }
rc=0
"$hanscan" run -j 2 "$tmp/in" -o "$tmp/all.jsonl" 2>"$tmp/all.err" || rc=$?
# from 8 workers on the workers read the files (the main thread only sniffs
# them): the same bytes and messages whoever reads
"$hanscan" run -j 8 "$tmp/in" -o "$tmp/j8.jsonl" 2>"$tmp/j8.err" || true
"$hanscan" ls "$tmp/in" >"$tmp/ls.out" 2>/dev/null || true
python3 - "$tmp" "$rc" <<'PY'
import collections, json, os, re, sys
tmp, rc = sys.argv[1], int(sys.argv[2])
def load(path):
    out = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        f = json.loads(line)
        out[f.pop("doc")].append(f)
    return out
ref = {os.path.basename(k)[:-4]: v for k, v in load(f"{tmp}/ref.jsonl").items()}
got = load(f"{tmp}/all.jsonl")
ls = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/ls.out", encoding="utf-8")]
docs = [r[0] for r in ls]
fails = []
if rc != 0:
    fails.append(f"run exit status {rc}: " + open(f"{tmp}/all.err").read()[-2000:])
KEY = ("indicator", "measure", "value", "unit", "period", "zone")
rows = collections.defaultdict(lambda: [0, 0])
for r in ls:
    name = r[0]
    if name.endswith("!dir/pad.png"):  # skipped, as an image
        continue
    rel = name[len(tmp) + 4:]
    kind = rel.split("/")[0]
    base = os.path.basename(name.split("!")[0])
    doc = base.split(".")[0]
    enc = base.split(".")[1]
    want, have = ref[doc], got.get(name, [])
    if kind in ("html", "docx"):
        want = sorted(tuple(str(f[k]) for k in KEY) for f in want)
        have = sorted(tuple(str(f[k]) for k in KEY) for f in have)
        enc = r[2] if kind == "html" else "docx"
    elif r[2].split("-BOM")[0] not in ("UTF-8", "GB18030", "BIG5", "UTF-16LE", "UTF-16BE"):
        fails.append(f"{name}: encoding column {r[2]}")
    rows[(kind, enc)][0] += 1
    if want == have and r[4] == "ok":
        rows[(kind, enc)][1] += 1
    else:
        fails.append(f"{name}: {len(have)} facts, want {len(want)}; status {r[4]}")
if len(docs) != len(set(docs)):
    fails.append("a document was listed twice")
if open(f"{tmp}/j8.jsonl", "rb").read() != open(f"{tmp}/all.jsonl", "rb").read():
    fails.append("-j 8 (the workers read the files) gives other records than -j 2")
def messages(path):  # without the summary, which has the time
    return [l for l in open(path, encoding="utf-8") if not l.startswith("hanscan: ")]
if messages(f"{tmp}/j8.err") != messages(f"{tmp}/all.err"):
    fails.append("-j 8 gives other messages than -j 2")
total = sum(v[0] for v in rows.values())
same = sum(v[1] for v in rows.values())
kinds = sorted({k for k, _ in rows})
print(f"wrappings: {same} of {total} documents give the reference facts "
      f"({sum(len(v) for v in ref.values())} facts in {len(ref)} reference documents; "
      f"{len(kinds)} wrappings: {', '.join(kinds)})")
for f in fails[:30]:
    print("FAIL:", f)
sys.exit(1 if fails or total < 300 else 0)
PY
