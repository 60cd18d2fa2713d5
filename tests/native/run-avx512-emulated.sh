#!/usr/bin/env bash
# Checks the AVX-512 VNNI quantized kernels on a CPU without AVX-512 (this project's build machine): compiles
# native/src/arch/x86/quant_avx512.cpp for AVX2 with SIMDe standing in for the AVX-512 intrinsics and compares
# every product with the scalar _ref (tests/native/emulated/check_quant_avx512.cpp). Not part of CI (it needs
# SIMDe: `apt-get install libsimde-dev`); run it after changing quant_avx512.cpp or quant_x86.h.
# Usage: tests/native/run-avx512-emulated.sh        (from the repository root; builds native/ into build/emu512)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -f /usr/include/simde/x86/avx512.h ]]; then
  echo "SKIP: SIMDe not installed (apt-get install libsimde-dev)" >&2
  exit 0
fi
B=build/emu512
cmake -S native -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$B" -j2 --target mu4j_kernels >/dev/null
rename=()
for f in quantize_act quantize_blocks matvec_q8_0 matvec_q4_0 matmul_q8_0 matmul_q4_0 matvec_q8_0r4 matvec_q4_0r4 matmul_q8_0r4 \
         matmul_q4_0r4; do
  rename+=("-Dmu_${f}_avx512=emu_${f}")   # mu_matvec_q4_0_avx512 -> emu_matvec_q4_0: no clash with the library's
done
CXX=${CXX:-g++}
$CXX -O2 -std=c++17 -mavx2 -mfma -mf16c -Itests/native/emulated -Inative/src -Inative/include "${rename[@]}" \
  -c native/src/arch/x86/quant_avx512.cpp -o "$B/quant_avx512_emulated.o"
$CXX -O2 -std=c++17 -Inative/src -Inative/include -c tests/native/emulated/check_quant_avx512.cpp -o "$B/check.o"
$CXX "$B/check.o" "$B/quant_avx512_emulated.o" "$B/libmu4j_kernels.a" -lpthread -o "$B/check_quant_avx512"
"$B/check_quant_avx512"
