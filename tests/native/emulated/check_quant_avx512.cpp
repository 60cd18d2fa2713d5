// AVX-512 VNNI quantized products checked without an AVX-512 CPU: quant_avx512.cpp is compiled for AVX2 with
// SIMDe emulating the AVX-512 intrinsics (emulated/immintrin.h), its entry points renamed emu_*, and compared with
// the scalar _ref at odd sizes (run-avx512-emulated.sh builds and runs it). It checks the code's logic (lane order,
// tails, scales), not a real CPU's timing or encoding.
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <vector>
#include "kernels.h"
void emu_matvec_q8_0(float*, const int8_t*, const uint16_t*, const void*, int, int);
void emu_matvec_q4_0(float*, const uint8_t*, const uint16_t*, const void*, int, int);
void emu_matmul_q8_0(float*, const int8_t*, const uint16_t*, const void*, int, int, int, int);
void emu_matmul_q4_0(float*, const uint8_t*, const uint16_t*, const void*, int, int, int, int);
void emu_quantize_act(void*, const float*, int, int);
void emu_matvec_q8_0r4(float*, const int8_t*, const uint16_t*, const void*, int, int);
void emu_matvec_q4_0r4(float*, const uint8_t*, const uint16_t*, const void*, int, int);
void emu_matmul_q8_0r4(float*, const int8_t*, const uint16_t*, const void*, int, int, int, int);
void emu_matmul_q4_0r4(float*, const uint8_t*, const uint16_t*, const void*, int, int, int, int);
int main() {
    srand(1);
    int fails = 0, checks = 0;  // tolerance: relative 1e-5 of the largest |ref| output (float sum order differs)
    int ns[] = {32, 64, 96, 256, 2080, 2848, 4096};
    int ds[] = {1, 3, 4, 7, 17, 33};
    int ts[] = {1, 2, 3, 5, 32};
    for (int n : ns) for (int d : ds) for (int t : ts) {
        int nb = n / 32;
        std::vector<float> x((size_t)n * t);
        for (auto& v : x) v = (rand() / (float)RAND_MAX - 0.5f) * 4;
        std::vector<int8_t> w8((size_t)d * n);
        for (auto& v : w8) v = (int8_t)(rand() % 255 - 127);
        std::vector<uint8_t> w4((size_t)d * n / 2);
        for (auto& v : w4) v = (uint8_t)(rand() & 255);
        std::vector<uint16_t> sc((size_t)d * nb);
        for (auto& v : sc) v = (uint16_t)(0x2000 + rand() % 0x1000);  // small positive halves
        size_t qsz = (size_t)t * nb * 64;  // generous
        std::vector<uint8_t> xq_ref(qsz * 2), xq_emu(qsz * 2);
        mu_quantize_act_ref(xq_ref.data(), x.data(), n, t);
        emu_quantize_act(xq_emu.data(), x.data(), n, t);
        std::vector<float> o1((size_t)t * d), o2((size_t)t * d);
        for (int q = 0; q < 2; q++) {
            if (t == 1) {
                if (q == 0) { mu_matvec_q8_0_ref(o1.data(), w8.data(), sc.data(), xq_ref.data(), n, d); emu_matvec_q8_0(o2.data(), w8.data(), sc.data(), xq_emu.data(), n, d); }
                else { mu_matvec_q4_0_ref(o1.data(), w4.data(), sc.data(), xq_ref.data(), n, d); emu_matvec_q4_0(o2.data(), w4.data(), sc.data(), xq_emu.data(), n, d); }
            } else {
                if (q == 0) { mu_matmul_q8_0_ref(o1.data(), w8.data(), sc.data(), xq_ref.data(), n, d, t, d); emu_matmul_q8_0(o2.data(), w8.data(), sc.data(), xq_emu.data(), n, d, t, d); }
                else { mu_matmul_q4_0_ref(o1.data(), w4.data(), sc.data(), xq_ref.data(), n, d, t, d); emu_matmul_q4_0(o2.data(), w4.data(), sc.data(), xq_emu.data(), n, d, t, d); }
            }
            double mx = 0, mag = 1e-30;
            for (size_t i = 0; i < o1.size(); i++) { mx = std::fmax(mx, std::fabs(o1[i] - o2[i])); mag = std::fmax(mag, std::fabs(o1[i])); }
            checks++;
            if (mx > 1e-5 * mag + 1e-6) { fails++; if (fails < 10) printf("FAIL %s n=%d d=%d t=%d maxdiff=%g mag=%g\n", q ? "q4" : "q8", n, d, t, mx, mag); }
        }
        // The interleaved layouts (where the shape allows them): the emulated products on the interleaved copy must
        // give the emulated plain products' bits.
        if (d % 4 == 0 && n % 256 == 0) {
            std::vector<int8_t> i8(w8.size());
            std::vector<uint8_t> i4(w4.size());
            std::vector<uint16_t> s8(sc.size()), s4(sc.size());
            mu_interleave_r4(0, i8.data(), s8.data(), w8.data(), sc.data(), n, d);
            mu_interleave_r4(1, i4.data(), s4.data(), w4.data(), sc.data(), n, d);
            for (int q = 0; q < 2; q++) {
                std::vector<float> p((size_t)t * d), r((size_t)t * d);
                if (t == 1) {
                    if (q == 0) { emu_matvec_q8_0(p.data(), w8.data(), sc.data(), xq_emu.data(), n, d); emu_matvec_q8_0r4(r.data(), i8.data(), s8.data(), xq_emu.data(), n, d); }
                    else { emu_matvec_q4_0(p.data(), w4.data(), sc.data(), xq_emu.data(), n, d); emu_matvec_q4_0r4(r.data(), i4.data(), s4.data(), xq_emu.data(), n, d); }
                } else {
                    if (q == 0) { emu_matmul_q8_0(p.data(), w8.data(), sc.data(), xq_emu.data(), n, d, t, d); emu_matmul_q8_0r4(r.data(), i8.data(), s8.data(), xq_emu.data(), n, d, t, d); }
                    else { emu_matmul_q4_0(p.data(), w4.data(), sc.data(), xq_emu.data(), n, d, t, d); emu_matmul_q4_0r4(r.data(), i4.data(), s4.data(), xq_emu.data(), n, d, t, d); }
                }
                checks++;
                if (std::memcmp(p.data(), r.data(), p.size() * sizeof(float)) != 0) { fails++; if (fails < 10) printf("FAIL %s_0r4 n=%d d=%d t=%d: bits differ from the plain layout\n", q ? "q4" : "q8", n, d, t); }
            }
        }
    }
    printf("%d checks, %d failed\n", checks, fails);
    return fails != 0;
}
