// AVX2 quantized products: per block of 32, vpmaddubsw (u8 x s8 -> pairs of s16) and vpmaddwd (-> 8 s32) give
// the exact integer dot product, which is scaled by scale_w * scale_x and accumulated in f32 lanes.
//   q8_0: the unsigned operand is |w| and the activations take w's sign (vpsignb), so the pairs stay within
//         2 * 127 * 127 < 2^15.
//   q4_0: the nibbles (0..15) are the unsigned operand as stored; the -8 offset is applied once per block as
//         -8 * scale_w * s (s = scale_x * sum of the block's activations, precomputed by mu_quantize_act).
//         8 blocks at a time are summed in s16 down to one lane per block before a single vpmaddwd, convert and
//         FMA (octet_half / octet_dot_i32 below).
// Activation quantization is bit-identical to _ref (same f32 operations, round to nearest even).
#include <immintrin.h>

#include "kernels.h"

namespace {

inline __m256i block_dot_i32(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

// Two vpmaddubsw added in s16 (each pair at most 2 * 15 * 127 for nibbles, so the sum fits) before one vpmaddwd.
inline __m256i pair_dot_i32(__m256i u0, __m256i s0, __m256i u1, __m256i s1) {
    const __m256i pairs = _mm256_add_epi16(_mm256_maddubs_epi16(u0, s0), _mm256_maddubs_epi16(u1, s1));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

// A pair's products left in s16 (each lane the sum of 4 products u * s, |.| <= 4 * 15 * 128 = 7680, the bound
// holding even for an activation of -128).
inline __m256i pair_part(__m256i u0, __m256i s0, __m256i u1, __m256i s1) {
    return _mm256_add_epi16(_mm256_maddubs_epi16(u0, s0), _mm256_maddubs_epi16(u1, s1));
}

// Four pairs p0..p3 ([b 8 lanes | b+1 8 lanes] each) reduced in s16 by two rounds of unpack + add: octet_half(p0,
// p1) and octet_half(p2, p3) interleave 32-bit lanes, octet_dot_i32 64-bit lanes, so that adjacent s16 lanes stay
// in one block (16 products per lane at the end, |.| <= 16 * 15 * 128 = 30720 < 2^15: no saturation); then one
// vpmaddwd gives [b0 b2 b4 b6 | b1 b3 b5 b7].
inline __m256i octet_half(__m256i p0, __m256i p1) {
    return _mm256_add_epi16(_mm256_unpacklo_epi32(p0, p1), _mm256_unpackhi_epi32(p0, p1));
}
inline __m256i octet_dot_i32(__m256i h01, __m256i h23) {
    const __m256i h = _mm256_add_epi16(_mm256_unpacklo_epi64(h01, h23), _mm256_unpackhi_epi64(h01, h23));
    return _mm256_madd_epi16(h, _mm256_set1_epi16(1));
}

// The 8 vpmaddubsw of a transposed octet added up lane by lane in s16 (16 products of at most 15 x 128 per lane,
// exact), then one vpmaddwd: lane j = block j's 32 products.
inline __m256i octet_dots_transposed(const __m256i* u, const __m256i* x) {
    const __m256i s01 = _mm256_add_epi16(_mm256_maddubs_epi16(u[0], x[0]), _mm256_maddubs_epi16(u[1], x[1]));
    const __m256i s23 = _mm256_add_epi16(_mm256_maddubs_epi16(u[2], x[2]), _mm256_maddubs_epi16(u[3], x[3]));
    const __m256i s45 = _mm256_add_epi16(_mm256_maddubs_epi16(u[4], x[4]), _mm256_maddubs_epi16(u[5], x[5]));
    const __m256i s67 = _mm256_add_epi16(_mm256_maddubs_epi16(u[6], x[6]), _mm256_maddubs_epi16(u[7], x[7]));
    const __m256i sum = _mm256_add_epi16(_mm256_add_epi16(s01, s23), _mm256_add_epi16(s45, s67));
    return _mm256_madd_epi16(sum, _mm256_set1_epi16(1));
}

} // namespace

#include "quant_x86.h"

void mu_quantize_act_avx2(void* xq, const float* x, int n, int t) { quantize_act(xq, x, n, t); }

void mu_quantize_blocks_avx2(int8_t* q, float* d, float* s, const float* x, int blocks) {
    quantize_blocks(q, d, s, x, blocks);
}

MU_X86_QUANT_PRODUCTS(avx2)
