#!/usr/bin/env bash
# The bundled example reports (what `make demo` runs) give exactly these
# facts: a Simplified review with a plan section, a press conference, a
# Traditional page with pinyin glosses and full-width digits, and a page of
# statistical tables (indicators in rows; zones in rows).
# usage: examples.sh HANSCAN SOURCE_DIR
set -euo pipefail
hanscan=$1 src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hanscan" run "$src"/examples/reports -o "$out/facts.jsonl" 2> "$out/err"
grep -q "^hanscan: 4 documents, .* 0 failed" "$out/err" || { cat "$out/err"; exit 1; }
python3 - "$out/facts.jsonl" <<'PY'
import json, sys
facts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
have = {(f["doc"].rsplit("/", 1)[-1], f["indicator"], f["measure"], str(f["value"]),
         f["unit"], f["period"], f["zone"]) for f in facts}
want = [
  ("qingjiang-2024-review.txt", "industrial_output", "level", "28650000000", "CNY", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024-review.txt", "industrial_output", "growth", "12.4", "percent", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024-review.txt", "industrial_value_added", "rank", "2", "rank", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024-review.txt", "fixed_asset_investment", "growth", "-3.1", "percent", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024-review.txt", "projects_started", "level", "9730000000", "CNY", "2024", "青江经开区"),
  ("qingjiang-2024-review.txt", "floor_area", "level", "120000", "m2", "2024", "青江经开区"),
  ("qingjiang-2024-review.txt", "industrial_output", "target", "33000000000", "CNY", "2025", "青江经开区"),
  ("qingjiang-2024-review.txt", "projects_signed", "target", "45", "count", "2025", "青江经开区"),
  ("yunling-press-conference.txt", "revenue", "level", "41270000000", "CNY", "2024-01..2024-09", "云岭高新区"),
  ("yunling-press-conference.txt", "financing", "level", "5200000000", "CNY", "2024", "云岭高新区"),
  ("yunling-press-conference.txt", "rank", "rank", "3", "rank", "2024", "云岭高新区"),
  ("yunling-press-conference.txt", "land_area", "target", "28.6", "km2", "2024", "云岭高新区"),
  ("hewan-traditional.txt", "industrial_output", "level", "12340000000", "CNY", "2024", "河湾工业园区"),
  ("hewan-traditional.txt", "industrial_output", "growth", "8.5", "percent", "2024", "河湾工业园区"),
  ("hewan-traditional.txt", "projects_signed", "level", "16", "count", "2024", "河湾工业园区"),
  ("qingjiang-2024q3-tables.txt", "fiscal_revenue", "growth", "-2.5", "percent", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024q3-tables.txt", "industrial_value_added", "growth", "9.6", "percent", "2024-01..2024-09", "青江经开区"),
  ("qingjiang-2024q3-tables.txt", "industrial_output", "level", "41270000000", "CNY", "2024-01..2024-09", "云岭高新区"),
  ("qingjiang-2024q3-tables.txt", "tax", "growth", "-1.5", "percent", "2024-01..2024-09", "云岭高新区"),
  ("qingjiang-2024q3-tables.txt", "tax", "level", "260000000", "CNY", "2024-01..2024-09", "河湾工业园区"),
]
missing = [w for w in want if w not in have]
for w in missing:
    print("missing:", *w)
# spans are the document's own text: glosses and full-width digits kept
spans = {f["span"] for f in facts}
for s in ["工業(yè)總產(chǎn)值１２３．４億元", "同比增長８．５％"]:
    if s not in spans:
        print("missing span:", s)
        missing.append(s)
if len(facts) != 55:
    print(f"want 55 facts, got {len(facts)}")
    missing.append("count")
print(f"examples: {len(want) - len(missing)} of {len(want)} expected facts")
sys.exit(1 if missing else 0)
PY
