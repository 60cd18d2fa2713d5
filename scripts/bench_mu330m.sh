#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: mu-330m (models/configs/mu-330m.json) with random weights as fp32, q8_0, q4_0 and q4_0r4
# (q4_0 with the rows interleaved in groups of 4, models/FORMAT.md), and the
# fp32 model exported to ONNX and run by ONNX Runtime's CPU provider, side by side at 1 and 2 threads in one run.
# Each native model runs twice: weights memory-mapped (the default) and read into transparent huge pages
# (--weights huge, Model.Options.hugePages); WEIGHTS=mapped keeps only the first.
#
# Usage (from the repository root):
#     scripts/bench_mu330m.sh                  # models in build/models/ (~3 GB, made once), results in build/bench/
#     RUNS=7 THREADS=2 WEIGHTS=mapped scripts/bench_mu330m.sh
#
# Needs target/mu4j.jar and target/ort-lib/ (ONNX Runtime's jars; both from mvn -B package -DskipTests) and, once,
# Python with torch + onnx for scripts/export_onnx.py.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
THREADS=${THREADS:-1,2}
WEIGHTS=${WEIGHTS:-mapped,huge}
M=build/models
OUT=build/bench
mkdir -p "$M" "$OUT"
[ -f target/mu4j.jar ] && [ -d target/ort-lib ] || mvn -B package -DskipTests
mu4j() { java -jar target/mu4j.jar "$@"; }

[ -f $M/mu-330m-f32/model.safetensors ] || mu4j random-model --config models/configs/mu-330m.json --out $M/mu-330m-f32
[ -f $M/mu-330m-q8/model.safetensors ] || mu4j quantize --in $M/mu-330m-f32 --out $M/mu-330m-q8 --type q8_0
[ -f $M/mu-330m-q4/model.safetensors ] || mu4j quantize --in $M/mu-330m-f32 --out $M/mu-330m-q4 --type q4_0
[ -f $M/mu-330m-q4r4/model.safetensors ] || mu4j quantize --in $M/mu-330m-f32 --out $M/mu-330m-q4r4 --type q4_0r4
# ONNX: the same weights; the exported graphs have a static KV cache of max_seq_len rows that every decode step
# reads in full, so the export gets a 256-row cache (enough for 128 + 64 tokens) instead of mu-330m's 2048.
if [ ! -f $M/mu-330m-ort/onnx/manifest.json ]; then
    mkdir -p $M/mu-330m-ort
    sed 's/"max_seq_len": 2048/"max_seq_len": 256/' models/configs/mu-330m.json > $M/mu-330m-ort/config.json
    ln -sf ../mu-330m-f32/model.safetensors $M/mu-330m-ort/model.safetensors
    python3 scripts/export_onnx.py $M/mu-330m-ort --prefill 32
fi

# ONNX Runtime is not in the drop-in jar: its jars come from target/ort-lib/.
lscpu > $OUT/lscpu.txt
java -cp "target/mu4j.jar:target/ort-lib/*" dev.mu4j.internal.cli.Main bench \
    --model $M/mu-330m-f32 --model $M/mu-330m-q8 --model $M/mu-330m-q4 --model $M/mu-330m-q4r4 --ort $M/mu-330m-ort \
    --weights "$WEIGHTS" --threads "$THREADS" --runs "$RUNS" --json $OUT/mu330m.json | tee $OUT/mu330m.txt
