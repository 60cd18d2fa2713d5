#!/usr/bin/env bash
# Trains several settings-model recipes side by side and scores each on the dev set and the hand-written set, so
# recipes are compared on the same data in one run. Made for a lent GPU machine (one GPU, many CPU cores), where the
# 3M-parameter recipe trains in a few minutes; on the 2-core build machine use reproduce_settings_model.sh.
# Seen on an H100 (2026-11-27): models this small are bound by kernel launches, and 8 trainings at once time-sliced
# to ~10 steps/s each (2,400 steps: 250 s); 3 at once ran at ~15 steps/s each. Run few variants, or larger batches.
#
# Usage (from the repository root):
#     OUT=build/sweep scripts/sweep_settings.sh VARIANTS_FILE [PACK_NAMES]
#   VARIANTS_FILE: one recipe per line, '#' comments allowed:
#       NAME  DATA  TIMEOUT_S  EVAL_DEVICE  train.py arguments...
#     DATA is 500k (seed 1, = reproduce_settings_model.sh's set) or 1m (seeds 1 + 2); the model shape and the shared
#     optimiser settings come from settings_recipe.sh, and a variant's own arguments come after them (and win);
#     TIMEOUT_S bounds the training.
#   PACK_NAMES: comma-separated variants whose model folders are packed as OUT/NAME.tar.gz (default: none).
#   knobs: OUT=build/sweep  JOBS=8 (trainings at once)  SAMPLES=500000 (per seed)
#
# Writes OUT/summary.tsv (one line per variant: dev and hand-written exact match, out-of-scope P/R, multi-intent,
# training seconds) and OUT/sweep.log (every stage's output). Exits non-zero only when the setup fails; a variant
# that fails or times out shows as such in the summary.
set -uo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${1:?usage: scripts/sweep_settings.sh VARIANTS_FILE [PACK_NAMES]}
PACK=${2:-}
OUT=${OUT:-build/sweep}
JOBS=${JOBS:-8}
SAMPLES=${SAMPLES:-500000}  # per seed; smaller only to try the script out
PY=python3
source scripts/settings_recipe.sh
export OMP_WAIT_POLICY=PASSIVE PYTHONUNBUFFERED=1
mkdir -p "$OUT"
LOG="$OUT/sweep.log"
: >"$LOG"
t0=$SECONDS
say() { echo "[$((SECONDS - t0))s] $*" | tee -a "$LOG" >&2; }

say "data + tokenizer"
settings_shards "$OUT" 2 "$SAMPLES" >>"$LOG" 2>&1 &
shards=$!
$PY scripts/train_tokenizer.py --out "$OUT/tokenizer.json" >>"$LOG" 2>&1 || { say "tokenizer failed"; exit 1; }
wait $shards || { say "data generation failed"; exit 1; }
ln -sf train-1.jsonl "$OUT/train-500k.jsonl"
cat "$OUT/train-1.jsonl" "$OUT/train-2.jsonl" >"$OUT/train-1m.jsonl"
say "data ready: $(wc -l <"$OUT/train-500k.jsonl") / $(wc -l <"$OUT/train-1m.jsonl") samples"

COMMON=(--dev models/settings/data/dev.jsonl --tokenizer "$OUT/tokenizer.json" "${SETTINGS_MODEL_ARGS[@]}"
        "${SETTINGS_OPT_ARGS[@]}" --threads 2 --eval-every 1000 --ckpt-every 100000 --log-every 500)

run_variant() {  # NAME DATA TIMEOUT EVAL_DEVICE ARGS...
  local name=$1 data=$2 limit=$3 edev=$4; shift 4
  local dir="$OUT/$name" ts=$SECONDS
  mkdir -p "$dir"
  timeout "$limit" $PY scripts/train.py --data "$OUT/train-$data.jsonl" --out "$dir/run" "${COMMON[@]}" "$@" \
    >"$dir/train.log" 2>&1
  local rc=$? secs=$((SECONDS - ts))
  if [[ $rc != 0 ]]; then
    printf '%s\ttrain-failed(rc=%s)\t%ss\n' "$name" "$rc" "$secs" >"$dir/summary"
    return
  fi
  $PY scripts/eval_settings.py "$dir/run/model" --data models/settings/data/dev.jsonl --device "$edev" \
    --threads 1 --json "$dir/dev.json" --errors 0 >"$dir/eval-dev.txt" 2>&1
  $PY scripts/eval_settings.py "$dir/run/model" --data models/settings/eval/handwritten.jsonl --device "$edev" \
    --threads 1 --json "$dir/hw.json" --errors 60 >"$dir/eval-hw.txt" 2>&1
  $PY - "$name" "$secs" "$dir" >"$dir/summary" <<'EOF'
import json, sys
name, secs, d = sys.argv[1], sys.argv[2], sys.argv[3]
row = [name]
for f in ("dev", "hw"):
    try:
        m = json.load(open(f"{d}/{f}.json"))
        row += [f"{f} {m['exact_match']:.3f}", f"oos {m['out_of_scope']['precision']:.3f}/{m['out_of_scope']['recall']:.3f}",
                f"multi {m['multi_intent']['accuracy']:.3f}"]
    except Exception as e:  # noqa: BLE001 - report, do not stop the sweep
        row.append(f"{f} eval-failed ({e})")
print("\t".join(row + [f"{secs}s"]))
EOF
}

running=0
while read -r name data limit edev args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  say "start $name ($data, <= ${limit}s): $args"
  # shellcheck disable=SC2086 # the arguments column is meant to split
  run_variant "$name" "$data" "$limit" "$edev" $args &
  running=$((running + 1))
  if (( running >= JOBS )); then wait -n; running=$((running - 1)); fi
done <"$VARIANTS"
wait
say "all variants done"

: >"$OUT/summary.tsv"
while read -r name _; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  cat "$OUT/$name/summary" >>"$OUT/summary.tsv" 2>/dev/null || printf '%s\tno-summary\n' "$name" >>"$OUT/summary.tsv"
  { echo "==== $name"; tail -n 8 "$OUT/$name/train.log"; cat "$OUT/$name/eval-dev.txt" "$OUT/$name/eval-hw.txt"; } \
    >>"$LOG" 2>/dev/null
done <"$VARIANTS"
IFS=, read -ra packs <<<"$PACK"
for name in "${packs[@]}"; do
  [[ -d "$OUT/$name/run/model" ]] || continue
  tar -czf "$OUT/$name.tar.gz" -C "$OUT/$name" run/model run/loss.png run/loss.json train.log eval-dev.txt \
    eval-hw.txt dev.json hw.json
done
say "summary:"
cat "$OUT/summary.tsv" | tee -a "$LOG" >&2
