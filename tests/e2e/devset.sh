#!/usr/bin/env bash
# Accuracy floor on the hand-checked devset: hanscan run over
# ../shared/devset/docs, scored by the devset's own score.py. Fails when
# strict F1 drops below the floor. Skipped (exit 77) where ../shared is
# absent, as on a user's machine.
# usage: devset.sh HANSCAN SOURCE_DIR [FLOOR]
set -euo pipefail
hanscan=$1 src=$2 floor=${3:-0.90}
devset=$src/../shared/devset
if [ ! -f "$devset/score.py" ] || [ ! -d "$devset/docs" ]; then
  echo "devset: $devset not found; skipping the accuracy check"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hanscan" run "$devset/docs" -o "$out/facts.jsonl"
python3 "$devset/score.py" "$devset/gold" "$out/facts.jsonl" --json > "$out/score.json"
python3 "$devset/score.py" "$devset/gold" "$out/facts.jsonl" | sed -n 1,4p
python3 - "$out/score.json" "$floor" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
floor = float(sys.argv[2])
print(f"devset: strict F1 {s['f1']:.3f} (floor {floor:.2f}), "
      f"period accuracy {s['period_accuracy']}, zone accuracy {s['zone_accuracy']}")
sys.exit(0 if s["f1"] >= floor else 1)
PY
