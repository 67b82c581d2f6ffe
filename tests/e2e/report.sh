#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hanscan report: each bundled report over the fixed fact set in
# tests/data/report/facts.jsonl gives exactly the Markdown in
# tests/data/report/NAME.md (checked by hand: see facts.jsonl's figures),
# from JSON Lines, CSV and standard input alike; the CSV and HTML outputs
# are well-formed (HTML: balanced tags, every <svg> valid XML, the charts
# each report draws, Chinese labels, nothing fetched, no script); a user
# script (examples/new_indicator.lua); and the failures: a script that does
# not load (2, file:line), fails (1, file:line), writes past --max-output
# (1, no half file left), uses io (sandbox), unknown names and files.
# usage: report.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
DATA=$SRC/tests/data/report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/lib/checks.sh"
same() { # same WANT GOT: files equal, else a diff
  diff -u "$1" "$2" >&2
}

# the same facts as CSV (the ten record fields) for the CSV reader
python3 - "$DATA/facts.jsonl" "$tmp/facts.csv" <<'PY'
import csv, json, sys
fields = ["doc", "indicator", "measure", "value", "unit", "period", "zone",
          "span", "offset", "rule"]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(fields)
    for line in open(sys.argv[1], encoding="utf-8"):
        f = json.loads(line, parse_float=str, parse_int=str)
        w.writerow([f[k] for k in fields])
PY

# {==== bundled reports: exact Markdown
for r in scorecard mu rank projects; do
  check "$r from JSON Lines" status 0 "$H" report "$r" "$DATA/facts.jsonl"
  check "$r Markdown as expected" same "$DATA/$r.md" "$tmp/out"
  check "$r summary" has "hanscan report: $r: 46 facts from 1 files" err
  check "$r from CSV" status 0 "$H" report "$r" "$tmp/facts.csv" -o "$tmp/$r.md"
  check "$r from CSV as expected" same "$DATA/$r.md" "$tmp/$r.md"
  check "$r from stdin" status 0 "$H" report "$r" - <"$DATA/facts.jsonl"
  check "$r from stdin as expected" same "$DATA/$r.md" "$tmp/out"
  check "$r as CSV" status 0 "$H" report "$r" "$DATA/facts.jsonl" -o "$tmp/$r.csv"
  check "$r as HTML" status 0 "$H" report "$r" "$DATA/facts.jsonl" -o "$tmp/$r.html"
  check "$r no .part left" test ! -e "$tmp/$r.html.part"
done
# two FACTS files are one set
check "two files" status 0 "$H" report scorecard "$DATA/facts.jsonl" "$tmp/facts.csv"
check "two files: both read" has "92 facts from 2 files" err
# }====

# {==== CSV and HTML are well-formed
check "CSV and HTML well-formed" python3 - "$tmp" "$DATA" <<'PY'
import csv, html.parser, re, sys, xml.etree.ElementTree as ET
tmp, data = sys.argv[1], sys.argv[2]
bad = []
# CSV: the report's tables, first header as in the Markdown
for r in ["scorecard", "mu", "rank", "projects"]:
    raw = open(f"{tmp}/{r}.csv", "rb").read()
    if b"\r\n" not in raw or re.search(rb"[^\r]\n", raw):
        bad.append(f"{r}.csv: lines must end in CRLF")
    rows = list(csv.reader(open(f"{tmp}/{r}.csv", encoding="utf-8", newline="")))
    md = [l for l in open(f"{data}/{r}.md", encoding="utf-8") if l.startswith("| ")]
    md_header = [c.strip() for c in md[0].strip().strip("|").split("|")]
    if rows[0] != md_header:
        bad.append(f"{r}.csv: header {rows[0]} != {md_header}")
    if len(rows) != len(md) - 1 + 0:  # header + data rows (md has the --- line)
        bad.append(f"{r}.csv: {len(rows)} rows, Markdown has {len(md) - 1}")
    if any(len(x) != len(rows[0]) for x in rows):
        bad.append(f"{r}.csv: ragged rows")

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base",
        "wbr", "source", "track", "embed", "param"}
class Balance(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.svg_text = [], [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()
    def handle_data(self, d):
        if "svg" in self.stack and d.strip():
            self.svg_text.append(d.strip())

want_charts = {"scorecard": (1, 1), "mu": (1, 0), "rank": (1, 0), "projects": (1, 0)}
labels = {"scorecard": ["云岭高新区", "青江经开区", "工业总产值", "2023", "2024"],
          "mu": ["亩均税收", "云岭高新区 2024", "石门科技园 2024"],
          "rank": ["综合得分", "河湾工业园区"],
          "projects": ["签约项目", "青江经开区 2023"]}
for r, (nbar, nline) in want_charts.items():
    page = open(f"{tmp}/{r}.html", encoding="utf-8").read()
    if not page.startswith("<!DOCTYPE html>"):
        bad.append(f"{r}.html: no doctype")
    if '<meta charset="utf-8">' not in page:
        bad.append(f"{r}.html: no charset")
    if re.search(r"<script|(src|href)\s*=\s*\"?https?:|@import|url\(", page, re.I):
        bad.append(f"{r}.html: fetches something or runs a script")
    p = Balance()
    p.feed(page)
    p.close()
    if p.errors or p.stack:
        bad.append(f"{r}.html: unbalanced: {p.errors[:3]} open {p.stack}")
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    for s in svgs:
        try:
            ET.fromstring(s)
        except ET.ParseError as e:
            bad.append(f"{r}.html: an <svg> is not XML: {e}")
    got = (len(re.findall(r'<svg [^>]*class="chart bar"', page)),
           len(re.findall(r'<svg [^>]*class="chart line"', page)))
    if got != (nbar, nline):
        bad.append(f"{r}.html: charts (bar, line) {got}, want {(nbar, nline)}")
    for l in labels[r]:
        if not any(l in t for t in p.svg_text):
            bad.append(f"{r}.html: no chart text {l!r}")
    # every table row of the Markdown is in the page's tables
    md = [l for l in open(f"{data}/{r}.md", encoding="utf-8") if l.startswith("| ")]
    if page.count("<tr") != len(md) - 1:
        bad.append(f"{r}.html: {page.count('<tr')} table rows, want {len(md) - 1}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
# }====

# {==== a user script: a new indicator over the same facts
check "new_indicator" status 0 "$H" report "$SRC/examples/new_indicator.lua" "$DATA/facts.jsonl"
check "new_indicator 云岭 2023: 15.5/379.3" has "| 云岭高新区 | 2023 | 15.5亿元 | 379.3亿元 | 4.09% |"
check "new_indicator 青江 2024: 10.5/301.2" has "| 青江经开区 | 2024 | 10.5亿元 | 301.2亿元 | 3.49% |"
check "new_indicator HTML" status 0 "$H" report "$SRC/examples/new_indicator.lua" "$DATA/facts.jsonl" -o "$tmp/n.htm"
check "new_indicator HTML bar" grep -q '<svg [^>]*class="chart bar"' "$tmp/n.htm"
cat >"$tmp/api.lua" <<'EOF'
-- the records as the script sees them: string fields, offset an integer
return function(facts, out)
  local f = facts.list[1]
  out:write(out.format, " ", #facts.list, " ", type(f.value), " ", f.value,
    " ", math.type(f.offset), " ", f.offset, "\n")
  local hi = facts:filter { zone = "石门科技园", indicator = "projects_signed" }.list[1]
  out:write("high ", type(hi.high), " ", hi.high, "\n")
  local ap = facts:filter { approx = "近" }.list[1]
  out:write("approx ", ap.span, "\n")
  out:write("sum ", facts:filter { indicator = "tax", unit = "CNY", period = "2024" }:sum(), "\n")
  out:write("latest ", facts:filter { zone = "青江经开区", indicator = "industrial_output",
    measure = "level" }:latest().period, "\n")
end
EOF
check "query API" status 0 "$H" report "$tmp/api.lua" "$DATA/facts.jsonl"
check "record fields" has "md 46 string 27260000000 integer 10"
check "optional fields" has "high string 15"
check "approx" has "approx 引资额近250亿元"
check "exact sum" has "sum 2840000000"
check "latest" has "latest 2024"
check "csv out.format" status 0 "$H" report "$tmp/api.lua" "$DATA/facts.jsonl" -o "$tmp/api.csv"
check "csv out.format value" grep -q "^csv 46" "$tmp/api.csv"
# }====

# {==== failures
printf 'return function(facts, out)\n  out:write("x"\nend\n' >"$tmp/syntax.lua"
check "syntax error: 2" status 2 "$H" report "$tmp/syntax.lua" "$DATA/facts.jsonl"
check "syntax error: file:line" has "syntax.lua:3:" err
printf 'return function(facts, out)\n  out:write("a")\n  local t = nil\n  return t.x\nend\n' >"$tmp/fails.lua"
check "runtime error: 1" status 1 "$H" report "$tmp/fails.lua" "$DATA/facts.jsonl" -o "$tmp/f.html"
check "runtime error: file:line" has "fails.lua:4: attempt to index a nil value" err
check "runtime error: no output file" test ! -e "$tmp/f.html" -a ! -e "$tmp/f.html.part"
printf 'return function(facts, out)\n  for i = 1, 100 do out:write(string.rep("x", 100)) end\nend\n' >"$tmp/big.lua"
check "output cap: 1" status 1 "$H" report --max-output 1K "$tmp/big.lua" "$DATA/facts.jsonl" -o "$tmp/big.md"
check "output cap: message" has "big.lua:2: output limit exceeded (1024 bytes)" err
check "output cap: no output file" test ! -e "$tmp/big.md"
check "under the cap" status 0 "$H" report --max-output 10K "$tmp/big.lua" "$DATA/facts.jsonl"
printf 'return function(facts, out) io.write("x") end\n' >"$tmp/io.lua"
check "sandbox: no io" status 1 "$H" report "$tmp/io.lua" "$DATA/facts.jsonl"
check "sandbox: message" has "io.lua:1: attempt to index a nil value (global 'io')" err
printf 'return 42\n' >"$tmp/nofn.lua"
check "not a function: 2" status 2 "$H" report "$tmp/nofn.lua" "$DATA/facts.jsonl"
check "not a function: message" has "must return function(facts, out)" err
check "unknown report: 2" status 2 "$H" report nosuch "$DATA/facts.jsonl"
check "unknown report lists the bundled ones" has "mu, projects, rank, scorecard" err
check "missing script file: 2" status 2 "$H" report "$tmp/none.lua" "$DATA/facts.jsonl"
check "missing FACTS: 2" status 2 "$H" report scorecard "$tmp/none.jsonl"
check "FACTS extension: 2" status 2 "$H" report scorecard "$SRC/README.md"
check "output extension: 2" status 2 "$H" report scorecard "$DATA/facts.jsonl" -o "$tmp/x.pdf"
check "no FACTS: 2" status 2 "$H" report scorecard
printf '{"doc":"a","value":1}\n{"doc":"b",\n' >"$tmp/bad.jsonl"
check "malformed JSON Lines: 1" status 1 "$H" report scorecard "$tmp/bad.jsonl"
check "malformed JSON Lines: file:line" has "bad.jsonl:2: " err
printf 'doc,value\r\na,1\r\nb,2,3\r\n' >"$tmp/bad.csv"
check "malformed CSV: 1" status 1 "$H" report scorecard "$tmp/bad.csv"
check "malformed CSV: file:line" has "bad.csv:3: 3 fields, the header has 2" err
printf 'not a database' >"$tmp/bad.db"
check "not a database: 2" status 2 "$H" report scorecard "$tmp/bad.db"
# a bundled report failing names its file and line
printf '{"doc":"a","zone":"Z","indicator":"tax","measure":"level","value":"x","unit":"CNY","period":"2024"}\n' >"$tmp/odd.jsonl"
check "odd facts do not crash a bundled report" status 0 "$H" report rank "$tmp/odd.jsonl"
# }====

if [ "$fails" -gt 0 ]; then
  echo "report: $fails failed"
  exit 1
fi
echo "report: all passed"
