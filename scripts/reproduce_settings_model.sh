#!/usr/bin/env bash
# Reproduces the settings model recipe (models/mu-settings/) from scratch and prints how long each stage took. The
# bundled model was trained before the prompts were lowercased: this script at commit dba74bd reproduces it
# (MODEL_CARD.md "Reproducing it after lowercasing"); here it trains the same recipe on lowercased prompts.
#
# Usage (from the repository root):
#     scripts/reproduce_settings_model.sh              # build/settings/: data, tokenizer, model, dev metrics
#     scripts/reproduce_settings_model.sh --ship       # ... then copy the model into models/mu-settings/
#   environment knobs (defaults reproduce the shipped model):
#     OUT=build/settings  SHARDS=1  SHARD_SAMPLES=500000  STEPS=2400  MAX_BATCH=160  META_K=0  THREADS=2
#     TRAIN_SEED=1         train.py's seed (initial weights, batch order); the data's seeds are the shards' 1..SHARDS
#     PROMPT_LOSS=0        weight of train.py's next-token loss on the request's own tokens (0: program only)
#     PRETRAIN_TEXT=FILE   first pretrain on a plain-text file, then fine-tune from it (off by default)
#     TEACHER=1            first train a larger teacher (dim 320, 6 layers), then distil into the student (off)
#     RESUME=1             continue interrupted training runs in OUT (default: start them afresh)
#
# Stages: data (scripts/settings_data.py: SHARDS shards with seeds 1..SHARDS, generated side by side) -> tokenizer
# (train_tokenizer.py) -> [pretrain] -> [teacher] -> train (train.py) -> export (OUT/run/model) -> eval on the
# committed dev set (eval_settings.py). The dev set models/settings/data/dev.jsonl is kept fixed so that every
# model is scored on the same requests; the stage `dev` regenerates it and says when the generator has moved on.
# About 62 minutes in all on the 2-core machine (MODEL_CARD.md); SHARDS=2 STEPS=2700 MAX_BATCH=320 is the larger
# recipe of the GPU sweep (~2.25x the training time).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-build/settings}
SHARDS=${SHARDS:-1}
SHARD_SAMPLES=${SHARD_SAMPLES:-500000}
DEV_SAMPLES=2700        # before de-duplication; models/settings/data/dev.jsonl keeps the unique texts
STEPS=${STEPS:-2400}
MAX_BATCH=${MAX_BATCH:-160}
META_K=${META_K:-0}      # measured on dev: K=0 beat K=3 at equal steps (MODEL_CARD.md)
THREADS=${THREADS:-2}
TRAIN_SEED=${TRAIN_SEED:-1}
PROMPT_LOSS=${PROMPT_LOSS:-0}
SHIP=0
[[ "${1:-}" == "--ship" ]] && SHIP=1
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
PY=python3
source scripts/settings_recipe.sh
MODEL_ARGS=("${SETTINGS_MODEL_ARGS[@]}")
TRAIN_ARGS=(--steps "$STEPS" --max-batch "$MAX_BATCH" "${SETTINGS_OPT_ARGS[@]}" --dropout 0.1
            --threads "$THREADS" --seed "$TRAIN_SEED" --prompt-loss "$PROMPT_LOSS" --eval-every 400 --ckpt-every 200 --log-every 50)

mkdir -p "$OUT"
RESUME_ARG=()
if [[ "${RESUME:-0}" == 1 ]]; then
  RESUME_ARG=(--resume)
else
  rm -rf "$OUT/run" "$OUT/teacher" "$OUT/pretrain"  # a stale checkpoint must not pass for a fresh run
fi
declare -a STAGES=()
stage() {  # stage NAME COMMAND...: runs and records the wall time
  local name=$1; shift
  local t0=$SECONDS
  echo "== $name: $*" >&2
  "$@"
  STAGES+=("$(printf '%-10s %6ds' "$name" $((SECONDS - t0)))")
}

make_data() {
  settings_shards "$OUT" "$SHARDS" "$SHARD_SAMPLES"
  for ((i = 1; i <= SHARDS; i++)); do cat "$OUT/train-$i.jsonl"; done >"$OUT/train.jsonl"
  rm -f "$OUT"/train-[0-9]*.jsonl
}
stage data make_data
stage dev $PY scripts/settings_data.py --split dev --n "$DEV_SAMPLES" --seed 7 --out "$OUT/dev.jsonl"
if ! cmp -s "$OUT/dev.jsonl" models/settings/data/dev.jsonl; then
  echo "note: regenerated dev set differs from models/settings/data/dev.jsonl (generator changed?)" >&2
fi
stage tokenizer $PY scripts/train_tokenizer.py --out "$OUT/tokenizer.json"

INIT=()
if [[ -n "${PRETRAIN_TEXT:-}" ]]; then
  stage pretrain $PY scripts/train.py --pretrain-text "$PRETRAIN_TEXT" --tokenizer "$OUT/tokenizer.json" \
    --out "$OUT/pretrain" "${MODEL_ARGS[@]}" --steps 1000 --threads "$THREADS" "${RESUME_ARG[@]}"
  INIT=(--init "$OUT/pretrain/model")
fi
KD=()
if [[ "${TEACHER:-0}" == 1 ]]; then
  stage teacher $PY scripts/train.py --data "$OUT/train.jsonl" --dev models/settings/data/dev.jsonl \
    --tokenizer "$OUT/tokenizer.json" --out "$OUT/teacher" --meta-k "$META_K" \
    --dim 320 --n-layers 6 --n-heads 4 --n-kv-heads 2 --hidden-dim 960 "${TRAIN_ARGS[@]}" "${RESUME_ARG[@]}"
  KD=(--teacher "$OUT/teacher/model" --kd-alpha 0.5 --kd-temperature 2)
fi
stage train $PY scripts/train.py --data "$OUT/train.jsonl" --dev models/settings/data/dev.jsonl \
  --tokenizer "$OUT/tokenizer.json" --out "$OUT/run" --meta-k "$META_K" "${MODEL_ARGS[@]}" "${TRAIN_ARGS[@]}" \
  "${INIT[@]}" "${KD[@]}" "${RESUME_ARG[@]}"
stage eval $PY scripts/eval_settings.py "$OUT/run/model" --data models/settings/data/dev.jsonl \
  --json "$OUT/run/dev_metrics.json" --threads "$THREADS"

if [[ $SHIP == 1 ]]; then
  mkdir -p models/mu-settings
  # shipped as F16 (half the jar size; exact match on dev and the hand-written set unchanged, MODEL_CARD.md)
  $PY -c 'import sys; sys.path.insert(0, "scripts"); import torch, mu_reference as m
m.save(m.load(sys.argv[1]), sys.argv[2], torch.float16)' "$OUT/run/model" models/mu-settings
  cp "$OUT/run/model/tokenizer.json" models/mu-settings/
  cp "$OUT/run/loss.png" models/mu-settings/loss.png
  cp "$OUT/run/dev_metrics.json" models/mu-settings/dev_metrics.json
  (cd models/mu-settings && sha256sum config.json tokenizer.json model.safetensors > SHA256SUMS)
  echo "shipped to models/mu-settings/ (update MODEL_CARD.md)" >&2
fi

echo "stage timings:"
printf '  %s\n' "${STAGES[@]}"
echo "  total      $(printf '%6ds' "$SECONDS")"
sha256sum "$OUT/run/model/model.safetensors" "$OUT/run/model/tokenizer.json"
