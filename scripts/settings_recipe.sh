# The settings model's recipe, sourced by reproduce_settings_model.sh and sweep_settings.sh so that a sweep variant
# and the reproduced model get the same train.py arguments (MODEL_CARD.md compares them). Needs PY (python3).

# Model shape of the shipped model (a sweep variant may name another shape after these: the last flag wins).
SETTINGS_MODEL_ARGS=(--dim 256 --n-layers 4 --n-heads 4 --n-kv-heads 2 --hidden-dim 768 --ffn-type gelu
                     --max-seq-len 256)
# Optimisation that every recipe shares; steps, examples per batch and dropout are each recipe's own.
SETTINGS_OPT_ARGS=(--batch-tokens 8000 --lr 3e-3 --warmup 100 --decay-frac 0.3 --weight-decay 0.1)

# settings_shards DIR N SAMPLES: DIR/train-1.jsonl .. DIR/train-N.jsonl, SAMPLES requests each with seeds 1..N,
# generated side by side; fails when any shard fails.
settings_shards() {
  local dir=$1 n=$2 samples=$3 i pids=() rc=0
  for ((i = 1; i <= n; i++)); do
    $PY scripts/settings_data.py --split train --n "$samples" --seed "$i" --out "$dir/train-$i.jsonl" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  return $rc
}
