#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The SQLite store (-o facts.db): the same facts as JSON Lines and CSV (and
# the same reports from each); the documents and runs tables; a re-run
# replaces a document's rows instead of adding to them (also when the
# document changed); failed, skipped and damaged documents have rows; -j
# gives the same content; a run killed in the middle of a document (test
# hook) or by Ctrl-C leaves a database that passes integrity_check and
# holds whole documents only, and running again (plain or --resume) gives
# exactly what an uninterrupted run gives; other files are refused.
# usage: store.sh HANSCAN SOURCE_DIR
set -uo pipefail
H=$1 SRC=$2
tmp=$(mktemp -d)
bg=
trap '[ -n "$bg" ] && kill -9 "$bg" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$SRC/tests/lib/checks.sh"
sql() { # sql DB QUERY: rows as tab-separated lines
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for row in db.execute(sys.argv[2]):
    print("\t".join("" if v is None else str(v) for v in row))
PY
}
eq() { # eq WANT COMMAND...: the command prints WANT
  local want=$1 got
  shift
  got=$("$@")
  [ "$got" = "$want" ] || { echo "  got '$got', want '$want'" >&2; return 1; }
}
# dump DB: the facts and documents of a store without run ids, sorted
dump() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for row in sorted(db.execute(
        "SELECT doc, indicator, measure, value, unit, period, zone, span, "
        "offset, rule, approx, subject, scope, high FROM facts")):
    print("F", *row, sep="\t")
for row in db.execute("SELECT name, status, format, encoding, bytes, facts, "
                      "error FROM documents ORDER BY name"):
    print("D", *row, sep="\t")
PY
}
consistent() { # consistent DB: integrity ok, each document has exactly its facts
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])  # read-write: recovers a hot journal
bad = []
ic = db.execute("PRAGMA integrity_check").fetchall()
if ic != [("ok",)]:
    bad.append(f"integrity_check: {ic}")
for name, facts in db.execute("SELECT name, facts FROM documents"):
    n = db.execute("SELECT count(*) FROM facts WHERE doc = ?", (name,)).fetchone()[0]
    if n != facts:
        bad.append(f"{name}: {n} facts stored, documents says {facts}")
orphans = db.execute("SELECT count(*) FROM facts WHERE doc NOT IN "
                     "(SELECT name FROM documents)").fetchone()[0]
if orphans:
    bad.append(f"{orphans} facts of documents without a row")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

cp -r "$SRC/examples/reports" "$tmp/reports"
cd "$tmp" || exit 1

# {==== the same facts in JSON Lines, CSV and SQLite
check "run to jsonl" status 0 "$H" run reports -o f.jsonl
check "run to csv" status 0 "$H" run reports -o f.csv
check "run to db" status 0 "$H" run reports -o f.db
check "db summary" has "hanscan: 4 documents, 55 facts, 0 failed" err
check "jsonl = csv = db" python3 - <<'PY'
import csv, json, sqlite3, sys
core = ["doc", "indicator", "measure", "value", "unit", "period", "zone",
        "span", "offset", "rule"]
opt = ["approx", "subject", "scope", "high"]
j = [json.loads(l, parse_float=str, parse_int=str) for l in open("f.jsonl", encoding="utf-8")]
c = list(csv.DictReader(open("f.csv", encoding="utf-8", newline="")))
db = sqlite3.connect("f.db")
db.row_factory = sqlite3.Row
d = [dict(r) for r in db.execute("SELECT * FROM facts ORDER BY doc, rowid")]
bad = []
jc = [tuple(str(f.get(k, "")) for k in core) for f in j]
if jc != [tuple(f[k] for k in core) for f in c]:
    bad.append("CSV differs from JSON Lines")
if jc != [tuple(str(f[k]) for k in core) for f in d]:
    bad.append("SQLite differs from JSON Lines")
jo = [tuple(str(f[k]) if k in f else None for k in opt) for f in j]
if jo != [tuple(f[k] for k in opt) for f in d]:
    bad.append("optional fields differ between SQLite and JSON Lines")
if not any(x[0] for x in jo):
    bad.append("no approx in the examples: the check is empty")
if any(type(f["value"]) is not str or type(f["offset"]) is not int for f in d):
    bad.append("value must be TEXT, offset INTEGER")
if len(j) != 55:
    bad.append(f"{len(j)} facts")
if bad:
    print(*bad, sep="\n")
sys.exit(1 if bad else 0)
PY
for r in scorecard mu rank projects; do
  "$H" report "$r" f.jsonl -o "$r.jsonl.md" 2>/dev/null
  check "report $r: db = jsonl" status 0 "$H" report "$r" f.db -o "$r.db.md"
  check "report $r: same Markdown" cmp "$r.jsonl.md" "$r.db.md"
done
check "documents rows" eq "$(printf '%s\n' \
  "reports/hewan-traditional.txt	ok	text	UTF-8	$(stat -c %s reports/hewan-traditional.txt)	5		1" \
  "reports/qingjiang-2024-review.txt	ok	text	UTF-8	$(stat -c %s reports/qingjiang-2024-review.txt)	20		1" \
  "reports/qingjiang-2024q3-tables.txt	ok	text	UTF-8	$(stat -c %s reports/qingjiang-2024q3-tables.txt)	19		1" \
  "reports/yunling-press-conference.txt	ok	text	UTF-8	$(stat -c %s reports/yunling-press-conference.txt)	11		1")" \
  sql f.db "SELECT * FROM documents ORDER BY name"
check "runs row" eq "1	devzone	run reports -o f.db	1" \
  sql f.db "SELECT id, pack, options, finished IS NOT NULL FROM runs"
check "runs version" eq "hanscan 0.1.0; devzone" sql f.db "SELECT substr(version, 1, 22) FROM runs"
check "consistent" consistent f.db
check "no -wal left after a clean run" test ! -e f.db-wal
# }====

# {==== a re-run replaces; a changed document's rows are replaced
dump f.db >first.dump
check "re-run" status 0 "$H" run reports -o f.db
check "re-run: same content" eq "$(cat first.dump)" dump f.db
check "re-run: two runs, both finished" eq "2" sql f.db "SELECT count(*) FROM runs WHERE finished IS NOT NULL"
check "re-run: facts of run 2" eq "55	2" sql f.db "SELECT count(*), min(run_id) FROM facts"
head -n 3 reports/qingjiang-2024-review.txt >short.txt
cp short.txt reports/qingjiang-2024-review.txt
check "changed document" status 0 "$H" run reports -o f.db
check "changed: facts replaced" eq "$(sql f.db "SELECT facts FROM documents WHERE name = 'reports/qingjiang-2024-review.txt'")" \
  sql f.db "SELECT count(*) FROM facts WHERE doc = 'reports/qingjiang-2024-review.txt'"
check "changed: fewer facts" test "$(sql f.db "SELECT facts FROM documents WHERE name = 'reports/qingjiang-2024-review.txt'")" -lt 20
check "changed: bytes" eq "$(stat -c %s short.txt)" sql f.db "SELECT bytes FROM documents WHERE name = 'reports/qingjiang-2024-review.txt'"
cp "$SRC/examples/reports/qingjiang-2024-review.txt" reports/
check "restored" status 0 "$H" run reports -o f.db
check "restored: same content" eq "$(cat first.dump)" dump f.db
# }====

# {==== failed, skipped and damaged documents
mkdir odd
printf '\x89PNG\r\n\x1a\n0000' >odd/chart.png
: >odd/empty.txt
printf '\xd4\xb0\xc7\xf8\xb9\xa4\xd2\xb5\xd7\xdc\xb2\xfa\xd6\xb5\xa3\xb1\xa3\xb2\xd2\xda\xd4\xaa\xa1\xa3\xff\xfe\xd4\xb0\xc7\xf8\xa1\xa3\n' >odd/gbk.txt
cp reports/hewan-traditional.txt odd/
check "odd run" status 1 "$H" run odd -o o.db
check "odd rows" eq "$(printf '%s\n' \
  "odd/chart.png	skipped				0	PNG image" \
  "odd/empty.txt	failed				0	empty document" \
  "odd/gbk.txt	damaged	text	GB18030	$(stat -c %s odd/gbk.txt)	1	2 undecodable bytes replaced by U+FFFD (read as GB18030; first at byte 24)" \
  "odd/hewan-traditional.txt	ok	text	UTF-8	$(stat -c %s odd/hewan-traditional.txt)	5	")" \
  sql o.db "SELECT name, status, format, encoding, bytes, facts, error FROM documents ORDER BY name"
check "odd consistent" consistent o.db
check "odd run finished" eq "1" sql o.db "SELECT count(*) FROM runs WHERE finished IS NOT NULL"
# }====

# {==== -j gives the same content
mkdir many
for i in $(seq -w 1 40); do
  for f in reports/*.txt; do cp "$f" "many/d$i-${f#reports/}"; done
done
check "reference run" status 0 "$H" run many -o ref.db
dump ref.db >ref.dump
check "reference: 160 documents" eq "160	2200" sql ref.db "SELECT count(*), sum(facts) FROM documents"
check "-j 4" status 0 "$H" run -j 4 many -o j4.db
check "-j 4: same content" eq "$(cat ref.dump)" dump j4.db
# }====

# {==== interrupted: killed in the middle of document 51 (test hook)
{ HANSCAN_TEST_CRASH_AFTER=50 "$H" run many -o crash.db >/dev/null 2>crash.err; } 2>/dev/null
code=$?
check "crash: killed (137)" test "$code" -eq 137
check "crash: consistent" consistent crash.db
check "crash: 50 whole documents" eq "50" sql crash.db "SELECT count(*) FROM documents WHERE status = 'ok'"
check "crash: no facts of document 51" eq "$(sql ref.db "SELECT sum(facts) FROM (SELECT facts FROM documents ORDER BY name LIMIT 50)")" \
  sql crash.db "SELECT count(*) FROM facts"
check "crash: each document as in the reference" python3 - <<'PY'
import sqlite3, sys
a = sqlite3.connect("crash.db")
b = sqlite3.connect("ref.db")
q = ("SELECT doc, indicator, measure, value, unit, period, zone, span, "
     "offset, rule, approx, subject, scope, high FROM facts WHERE doc = ? "
     "ORDER BY rowid")
bad = [n for (n,) in a.execute("SELECT name FROM documents")
       if a.execute(q, (n,)).fetchall() != b.execute(q, (n,)).fetchall()]
if bad:
    print(*bad[:5], sep="\n")
sys.exit(1 if bad else 0)
PY
check "crash: run not finished" eq "1	" sql crash.db "SELECT id, finished FROM runs"
check "crash: report reads it" status 0 "$H" report scorecard crash.db
check "crash: completed by running again" status 0 "$H" run many -o crash.db
check "crash: completed = uninterrupted" eq "$(cat ref.dump)" dump crash.db
check "crash: second run finished" eq "2	1" sql crash.db "SELECT id, finished IS NOT NULL FROM runs WHERE id = 2"
{ HANSCAN_TEST_CRASH_AFTER=30 "$H" run many -o resume.db >/dev/null 2>&1; } 2>/dev/null
check "--resume after a crash" status 0 "$H" run --resume many -o resume.db
check "--resume skipped the 30 stored" has "160 documents, 1790 facts, 0 failed" err
check "--resume summary" has "30 already stored (--resume)" err
check "--resume = uninterrupted" eq "$(cat ref.dump)" dump resume.db
check "--resume over a complete store" status 0 "$H" run --resume -j 2 many -o resume.db
check "--resume: nothing to do" has "160 documents, 0 facts, 0 failed" err
# }====

# {==== interrupted by Ctrl-C (SIGINT) at some point of a longer run
mkdir more
for i in $(seq -w 1 6); do cp -r many "more/m$i"; done
# a background job of a script starts with SIGINT ignored: restore it
python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$H" run more -o int.db >/dev/null 2>int.err &
bg=$!
for _ in $(seq 1 100); do # until some documents are stored (at most 10 s)
  [ -s int.db-wal ] && break
  sleep 0.1
done
sleep 0.2
kill -INT "$bg" 2>/dev/null
wait "$bg"
code=$?
bg=
stored=$(sql int.db "SELECT count(*) FROM documents")
echo "SIGINT: exit $code after $stored of 960 documents"
if ! grep -q "hanscan: 960 documents" int.err; then # else it ended first
  check "SIGINT: killed by the signal (130)" test "$code" -eq 130
  check "SIGINT: part of the documents" test "$stored" -lt 960
  check "SIGINT: run not finished" eq "" sql int.db "SELECT finished FROM runs"
fi
check "SIGINT: consistent" consistent int.db
check "SIGINT: completed by running again" status 0 "$H" run more -o int.db
check "SIGINT: 960 documents" eq "960	13200" sql int.db "SELECT count(*), sum(facts) FROM documents"
check "SIGINT: consistent after" consistent int.db
# }====

# {==== what is not a store
printf 'plain text\n' >text.db
check "not a database: 2" status 2 "$H" run reports -o text.db
check "not a database: message" has "text.db: file is not a database" err
check "not a database: untouched" eq "plain text" cat text.db
python3 -c 'import sqlite3; sqlite3.connect("other.db").execute("CREATE TABLE t(x)")'
check "another database: 2" status 2 "$H" run reports -o other.db
check "another database: message" has "not a hanscan store" err
check "a missing folder: 2" status 2 "$H" run reports -o nosuchdir/f.db
check "pack error leaves no store" status 2 "$H" run -p "$SRC/tests/data/engine/badpack" reports -o bad.db
check "pack error: no file" test ! -e bad.db
# }====

if [ "$fails" -gt 0 ]; then
  echo "store: $fails failed"
  exit 1
fi
echo "store: all passed"
