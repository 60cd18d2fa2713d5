#!/usr/bin/env bash
# The native tests again with AddressSanitizer + UndefinedBehaviorSanitizer, and the libFuzzer targets for a few
# seconds each; any finding stops the test that hit it and fails the run. `mvn verify` calls this (pom.xml,
# execution ctest-sanitized) after the normal CTest run.
#   bash tests/native/run-sanitized.sh BUILD_DIR [FUZZ_SECONDS]
# Clang (with its compiler-rt: Debian's clang + libclang-rt-14-dev, which .ci/run installs) builds everything and
# enables the fuzz targets; without a Clang that can link -fsanitize=fuzzer, GCC builds the sanitized tests and
# the fuzz targets are skipped with a printed reason. MU4J_SANITIZE_SKIP=1 (Maven: -Dmu4j.sanitize.skip=true) skips
# the whole step.
set -euo pipefail
build="${1:?usage: run-sanitized.sh BUILD_DIR [FUZZ_SECONDS]}"
fuzz_seconds="${2:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

case "${MU4J_SANITIZE_SKIP:-0}/${MU4J_SKIP_TESTS:-false}" in
  1/*|true/*|*/true)
    echo "[sanitize] SKIP: -Dmu4j.sanitize.skip=true, -Dtest=... or -DskipTests (MU4J_SANITIZE_SKIP=1 without Maven)"
    exit 0 ;;
esac

start=$(date +%s)
cxx=""
fuzz=OFF
for candidate in clang++ clang++-14; do
  if command -v "$candidate" >/dev/null 2>&1; then
    probe="$(mktemp -d)"
    printf '#include <cstdint>\n#include <cstddef>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
      >"$probe/p.cpp"
    if "$candidate" -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" >/dev/null 2>&1; then
      cxx="$(command -v "$candidate")"
      fuzz=ON
    fi
    rm -rf "$probe"
    [ -n "$cxx" ] && break
  fi
done
if [ -z "$cxx" ]; then
  cxx="$(command -v g++)"
  echo "[sanitize] SKIP fuzz targets: no Clang that links -fsanitize=fuzzer (apt-get install clang libclang-rt-14-dev)"
fi
echo "[sanitize] ASan+UBSan build with $cxx (fuzz targets $fuzz, ${fuzz_seconds} s each) in $build"

# A compiler change needs a fresh cache.
if [ -f "$build/CMakeCache.txt" ] && ! grep -q "CMAKE_CXX_COMPILER:[A-Z]*=$cxx\$" "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
# -O1 -g: readable sanitizer reports at a fraction of -O0's run time.
cmake -S "$root/native" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_CXX_COMPILER="$cxx" -DMU4J_SANITIZE=address,undefined -DMU4J_FUZZ=$fuzz -DMU4J_FUZZ_SECONDS="$fuzz_seconds" \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j2 >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; exit 1; }
built=$(date +%s)

# halt_on_error: the first finding ends the test with a failure (UBSan also aborts: -fno-sanitize-recover=all).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ctest --test-dir "$build" --output-on-failure
echo "[sanitize] build $((built - start)) s, tests $(( $(date +%s) - built )) s"
