#!/usr/bin/env bash
# mu4j beside ggml (the tensor library of the leading C++ runtime) on mu-330m's shape, same machine, same minutes:
# processes alternate round by round so that the machine's swings hit both alike; prints medians and the ratio of
# each round's pair.
#   - ggml: scripts/baselines/ggml_mu330m.cpp (products, norms, rope; no attention), q4_0 in ggml's repacked layout
#     (what its runtime uses on AVX2) and q8_0.
#   - mu4j native: tests/native/bench_chunk (the calls of Transformer.forwardChunk, attention included), q4_0r4 / q8_0.
#   - mu4j Java (JAVA=1): `mu4j bench --model build/models/mu-330m-q4r4 [q8]` with one timed run per round.
# Both native engines allocate with glibc's malloc under GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (transparent huge
# pages for large blocks) unless PAGES=normal; the Java engine then reads its weights with --weights huge.
#
# Usage (from the repository root; needs a ggml checkout, tested at d99724f2b141fed9e1a9f402213506c081433465):
#     GGML_SRC=/path/to/ggml scripts/bench_baseline_ggml.sh                 # 5 rounds, 1 and 2 threads, q4
#     GGML_SRC=... ROUNDS=7 THREADS=2 TYPES=q4,q8 JAVA=1 scripts/bench_baseline_ggml.sh
# Builds ggml into build/ggml (once) and bench_chunk into build/x. Raw lines go to build/bench/ggml-baseline.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${GGML_SRC:?set GGML_SRC to a checkout of github.com/ggml-org/ggml}"
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-1,2}
TYPES=${TYPES:-q4}
PAGES=${PAGES:-huge}
JAVA=${JAVA:-0}
OUT=build/bench/ggml-baseline.txt
mkdir -p build/bench

if [ ! -f build/ggml/src/libggml.a ]; then
    cmake -S "$GGML_SRC" -B build/ggml -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF \
        -DGGML_BUILD_EXAMPLES=OFF -DGGML_BUILD_TESTS=OFF -DGGML_OPENMP=OFF > build/ggml-configure.log
    cmake --build build/ggml -j2 > build/ggml-build.log
fi
g++ -O2 -std=c++17 scripts/baselines/ggml_mu330m.cpp -I"$GGML_SRC/include" -Lbuild/ggml/src \
    -lggml -lggml-cpu -lggml-base -lpthread -o build/ggml/ggml_mu330m
cmake -S native -B build/x > /dev/null
cmake --build build/x -j2 --target bench_chunk > /dev/null
if [ "$JAVA" = 1 ] && [ ! -f target/mu4j.jar ]; then mvn -B package -DskipTests; fi

tunables=()
weights=mapped
if [ "$PAGES" = huge ]; then
    tunables=(env GLIBC_TUNABLES=glibc.malloc.hugetlb=1)
    weights=huge
fi

: > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    for th in ${THREADS//,/ }; do
        for ty in ${TYPES//,/ }; do
            if [ "$ty" = q4 ]; then ggml_args=(q4_0 repack); ours=q4_0r4; model=mu-330m-q4r4
            else ggml_args=(q8_0 plain); ours=q8_0; model=mu-330m-q8; fi
            "${tunables[@]}" build/ggml/ggml_mu330m "$th" 1 "${ggml_args[@]}" | sed "s/^/round=$round /" >> "$OUT"
            for t in 32 1; do
                pos=$([ "$t" = 1 ] && echo 32 || echo 0)
                tps=$("${tunables[@]}" build/x/tests/bench_chunk "$th" "$t" "$pos" 1 "$ours" | awk '/^tok\/s/ {print $2}')
                echo "round=$round mu4j-native $ours threads=$th $([ "$t" = 1 ] && echo decode || echo prefill-32) $tps" >> "$OUT"
            done
            if [ "$JAVA" = 1 ]; then
                java -jar target/mu4j.jar bench --model "build/models/$model" --threads "$th" --runs 1 --prefill 32 \
                    --decode 64 --weights "$weights" --probe-passes 1 --probe-mib 64 |
                    awk -v r="$round" -v th="$th" -v ty="$ours" '/^mu-330m/ {print "round=" r " mu4j-java " ty " threads=" th " prefill-32 " $3; print "round=" r " mu4j-java " ty " threads=" th " decode " $7}' >> "$OUT"
            fi
        done
    done
done

# Medians per (engine, case) and the ratio of mu4j to ggml round by round.
python3 - "$OUT" <<'EOF'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"round=(\d+) (\S+(?: \S+)*?) threads=(\d+) (prefill-32|decode) ([\d.]+)", line)
    if m:
        rnd, engine, th, case, v = m.groups()
        rows.setdefault((case, th, engine), {})[int(rnd)] = float(v)
print(f"{'case':<11} {'thr':>3}  {'engine':<24} {'median tok/s':>12}  {'min-max':>13}  mu4j / ggml by round")
for (case, th, engine), runs in sorted(rows.items()):
    vals = list(runs.values())
    ratio = ""
    if not engine.startswith("ggml"):
        ref = next((r for (c, t, e), r in rows.items() if c == case and t == th and e.startswith("ggml")
                    and e.split()[1][:2] == engine.split()[1][:2]), None)
        if ref:
            rs = sorted(runs[k] / ref[k] for k in runs if k in ref)
            ratio = f"x{statistics.median(rs):.2f} ({rs[0]:.2f}-{rs[-1]:.2f})"
    print(f"{case:<11} {th:>3}  {engine:<24} {statistics.median(vals):>12.1f}  {min(vals):>6.1f}-{max(vals):<6.1f}  {ratio}")
EOF
