// AVX-512 VNNI quantized products: as quant_avx2.cpp, with one vpdpbusd (u8 x s8 -> s32, on 256-bit vectors:
// AVX512VL + AVX512_VNNI) for the vpmaddubsw + vpmaddwd pair. The avx512 table uses these only on CPUs with
// avx512_vnni (cpu.cpp); others get the avx2 ones.
#include <immintrin.h>

#include "kernels.h"

namespace {

inline __m256i block_dot_i32(__m256i u, __m256i s) { return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s); }

inline __m256i pair_dot_i32(__m256i u0, __m256i s0, __m256i u1, __m256i s1) {
    return _mm256_dpbusd_epi32(_mm256_dpbusd_epi32(_mm256_setzero_si256(), u0, s0), u1, s1);
}

inline __m256i pair_part(__m256i u0, __m256i s0, __m256i u1, __m256i s1) { return pair_dot_i32(u0, s0, u1, s1); }

// Four pairs ([b 4 lanes | b+1 4 lanes], int32) reduced by two rounds of vphaddd: [b0 b2 b4 b6 | b1 b3 b5 b7].
inline __m256i octet_half(__m256i p0, __m256i p1) { return _mm256_hadd_epi32(p0, p1); }
inline __m256i octet_dot_i32(__m256i h01, __m256i h23) { return _mm256_hadd_epi32(h01, h23); }

// 8 vpdpbusd in two chains of 4 (the second hides part of the first one's latency), added once: lane j = block j's
// 32 products (int32, exact), as quant_avx2.cpp's 8 vpmaddubsw + 7 vpaddw + vpmaddwd give it. Two tokens per
// 512-bit vector instead (each half one token, the weights unpacked into both) measured slower: bench_quant 1 hot
// mm32_q4 99.5-101.9 us against 92.6-94.0 for this (Zen 4, which splits 512-bit operations in two).
inline __m256i octet_dots_transposed(const __m256i* u, const __m256i* x) {
    __m256i c0 = _mm256_dpbusd_epi32(_mm256_setzero_si256(), u[0], x[0]);
    __m256i c1 = _mm256_dpbusd_epi32(_mm256_setzero_si256(), u[4], x[4]);
    for (int i = 1; i < 4; ++i) {
        c0 = _mm256_dpbusd_epi32(c0, u[i], x[i]);
        c1 = _mm256_dpbusd_epi32(c1, u[4 + i], x[4 + i]);
    }
    return _mm256_add_epi32(c0, c1);
}

} // namespace

#include "quant_x86.h"

void mu_quantize_act_avx512(void* xq, const float* x, int n, int t) { quantize_act(xq, x, n, t); }

void mu_quantize_blocks_avx512(int8_t* q, float* d, float* s, const float* x, int blocks) {
    quantize_blocks(q, d, s, x, blocks);
}

MU_X86_QUANT_PRODUCTS(avx512)
