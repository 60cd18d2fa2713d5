// The x86 quantized products shared by quant_avx2.cpp and quant_avx512.cpp, compiled once per file with that
// file's flags (an anonymous namespace, as in avx2_common.h). The including file defines, before including this,
//   __m256i block_dot_i32(__m256i u, __m256i s): int32 lanes whose sum is sum_k u[k] * s[k] (u unsigned, s signed)
//   __m256i pair_dot_i32(u0, s0, u1, s1): int32 lanes, the low 4 summing to the low halves' products of both
//       pairs, the high 4 the high halves' (block_dot_i32 of the two pairs added lane by lane, without overflow
//       for u <= 15),
//   pair_part(u0, s0, u1, s1), octet_half(p0, p1) and octet_dot_i32(h01, h23): the same products for 4 such
//       pairs (8 blocks, u <= 15) as one vector of 8 exact int32 sums, one per block, in the order
//       b0 b2 b4 b6 b1 b3 b5 b7: octet_dot_i32(octet_half(p0, p1), octet_half(p2, p3)) (the partial forms are
//       whatever that ISA reduces cheapest),
//   octet_dots_transposed(u[8], x[8]): 8 int32 lanes, lane j = sum over i of the 4 products of dword lane j of u[i]
//       (nibbles, u <= 15) and x[i]: one block's 32 products per lane once an octet is transposed by dwords
//       (tile_q4_tokens),
// and defines its mu_*_<isa> entry points with quantize_act() and matmul<Q8 | Q4>().
#pragma once
#include <immintrin.h>
#include <stdint.h>

#include <cstring>

#include "act_row.h"
#include "kernels.h"
#include "quant_layout.h"

namespace {

inline float q_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float q_hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// 32 bytes of block b of an activation row.
inline __m256i load_act(const int8_t* q, int b) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + b * MU_QK));
}

// Weight formats. Each defines step (blocks per inner step) and
//   unpack(w, b, u[2]):                 the weights of blocks b .. b + step - 1 of one row, unsigned operands
//   products / pair / single:            acc += the blocks' integer dot products with activation row x, as f32
//                                       lanes, each block's lanes scaled by its F (= scale_w * scale_x)
// The integer dot products are exact (int32); only the scaling and the f32 sums round.
struct Q8 : PlainRows {
    using type = int8_t;
    static constexpr int block_bytes = MU_QK;
    static constexpr int step = 1;
    static constexpr bool offset = false;
    static const int8_t* row(const int8_t* w, int64_t r, int n) { return w + r * n; }
    // u[0] = |w|, u[1] = w (for its signs): vpsignb moves the sign onto the activations, so the u8 x s8 pairs
    // stay within 2 * 128 * 127 < 2^15.
    static void unpack(const int8_t* w, int b, __m256i* u) {
        u[1] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + b * MU_QK));
        u[0] = _mm256_sign_epi8(u[1], u[1]);
    }
    static constexpr bool interleaved = false; // F in block order
    static __m256 products(const __m256i* u, const int8_t* x, int b, const float* fb, __m256 acc) {
        const __m256i p = block_dot_i32(u[0], _mm256_sign_epi8(load_act(x, b), u[1]));
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_broadcast_ss(fb), acc);
    }
};

struct Q4 : PlainRows {
    using type = uint8_t;
    static constexpr int block_bytes = MU_QK / 2;
    static constexpr int step = 2;
    static constexpr bool offset = true; // the nibbles are w + 8: subtract 8 * scale_w * s per block
    static const uint8_t* row(const uint8_t* w, int64_t r, int n) { return w + r * (n / 2); }
    // Two blocks from one 32-byte load (16 bytes each): u[0] = the low nibbles = elements 0..15 of block b |
    // of block b + 1, u[1] = the high nibbles = elements 16..31 of each.
    static void unpack(const uint8_t* w, int b, __m256i* u) {
        const __m256i nibble = _mm256_set1_epi8(0x0F);
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + b * (MU_QK / 2)));
        u[0] = _mm256_and_si256(v, nibble);
        u[1] = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
    }
    // The activations regrouped to match (two pairs of 128-bit loads, shared by the tile's rows; measured faster
    // than two 256-bit loads + two vperm2i128): one pair of u8 x s8 products
    // gives 8 lanes, the low 4 of block b, the high 4 of block b + 1, scaled by [F[b] x 4 | F[b+1] x 4].
    static void act(const int8_t* x, int b, __m256i* a) {
        const __m128i* p = reinterpret_cast<const __m128i*>(x + b * MU_QK);
        a[0] = _mm256_loadu2_m128i(p + 2, p);
        a[1] = _mm256_loadu2_m128i(p + 3, p + 1);
    }
    static __m256 pair(const __m256i* u, const __m256i* a, const float* fb, __m256 acc) {
        const __m256i p = pair_dot_i32(u[0], a[0], u[1], a[1]);
        // [F[b] x 4 | F[b+1] x 4]: two broadcast loads and an insert (measured faster than storing F widened to
        // 4 copies per block in the chunk's first pass and loading it whole).
        const __m256 fs = _mm256_set_m128(_mm_broadcast_ss(fb + 1), _mm_broadcast_ss(fb));
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), fs, acc);
    }
    // Blocks b .. b + 7 (4 pairs) of one row for T tokens (each pair unpacked once): per token one int32 sum per
    // block, lanes b0 b2 b4 b6 b1 b3 b5 b7, converted once and scaled once by F stored in that order
    // (interleaved): fb[tt] = F of token tt.
    static constexpr bool interleaved = true;
    template <int T>
    static void octet(const uint8_t* w, const __m256i (*a)[4][2], int b, const float* const* fb, __m256* acc) {
        __m256i h[T][2];
        for (int half = 0; half < 2; ++half) {
            __m256i u[2], p[T];
            unpack(w, b + 4 * half, u);
            for (int tt = 0; tt < T; ++tt) p[tt] = pair_part(u[0], a[tt][2 * half][0], u[1], a[tt][2 * half][1]);
            unpack(w, b + 4 * half + 2, u);
            for (int tt = 0; tt < T; ++tt) {
                h[tt][half] = octet_half(p[tt], pair_part(u[0], a[tt][2 * half + 1][0], u[1], a[tt][2 * half + 1][1]));
            }
        }
        for (int tt = 0; tt < T; ++tt) {
            const __m256i dots = octet_dot_i32(h[tt][0], h[tt][1]);
            acc[tt] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dots), _mm256_load_ps(fb[tt]), acc[tt]);
        }
    }
    // One block alone (the last of an odd count): its 16 bytes widened to 32 in element order.
    static __m256 single(const uint8_t* w, const int8_t* x, int b, const float* fb, __m256 acc) {
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w + b * (MU_QK / 2)));
        const __m256i u = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0F));
        const __m256i p = block_dot_i32(u, load_act(x, b));
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_broadcast_ss(fb), acc);
    }
};

// Tile shapes (rows x tokens). Decode: one row at a time. With the weights in L2, 4 rows sharing each activation
// load and regrouping compute faster (bench_quant 1 hot: q8_0 26-36 vs 17-18 GB/s), but a decode step streams its
// weights from memory, and there each weight row and each scale row is one more concurrent stream: 4 rows = 8
// streams, which this machine's prefetchers serve at ~15 GB/s with 2 threads against ~21 GB/s for one stream. One
// row (2 streams) made a mu-330m decode token's products x1.4 (q8_0) and x1.2 (q4_0) faster (bench_quant 2 token).
// Prefill, q8_0: each unpacked weight serves 2 tokens; 2 x 4, 3 x 3 and 4 x 4 tiles measured the same here
// (bench_quant 1 hot), the integer products per (row, token) being the limit. Prefill, q4_0 / q4_0r4
// (tile_q4_tokens): the rows one after the other, each octet of weights unpacked once into registers for 4 tokens,
// the activations regrouped once per 8 rows (first form): mm32_q4 159-187 us against 196-226 for the former 4 x 2
// tiles (bench_quant 1 hot, 1024 x 256, alternating runs; 4 x 2 in that form: 219 us, no gain); with the octets
// transposed by dwords (no shuffles in the reduction) 158-183 us, q4_0r4 164-197 against 168-219; 16 rows per tile
// (the activations transposed once per 16 rows): q4_0 147-166 against 154-174 for 8. 8 tokens instead of 4 (on a
// quiet machine, 2026-11-27 21:25 UTC, 3 rounds): VNNI mm32_q4 86-88 against 93-98 us, q4_0r4 87-91 against 98-103;
// AVX2 (MU4J_ISA=avx2) q4_0 108-109 against 123, q4_0r4 113 against 129; 12 tokens: 98-99 (VNNI).
constexpr int DECODE_ROWS = 1, PREFILL_ROWS = 4, PREFILL_TOKENS = 2, Q4_PREFILL_ROWS = 16, Q4_PREFILL_TOKENS = 8;

// Blocks per scale chunk: the tile first works out F = scale_w * scale_x of every (row, token, block) of a chunk
// into a small stack buffer (8 blocks per vector), then streams the chunk's weights.
constexpr int CHUNK_BLOCKS = 64;

// Decode over an interleaved layout (one stream of quants per 4-row group): prefetch the group's octet this many
// bytes ahead. Without it a core waits on each line its prefetchers did not fetch early enough; one thread's
// q4_0r4 token ran at 59-68 tok/s of products without and 78-82 with 4096 (2048: 73-75; bench_quant 1 token).
// Plain q8_0 decode (one row's quants, contiguous from row to row, are one stream) prefetches the same distance
// ahead: its token's products x1.10 (median of 10 alternating pairs, 1 and 2 threads; BENCHMARKS.md). Plain q4_0
// has none (not measured with one: q4_0r4 is the 4-bit format to use).
constexpr int PREFETCH_BYTES = 4096;

// The software prefetch of a decode tile (T = 1): the lines of [at + PREFETCH_BYTES, + bytes). Forced inline: GCC
// left the loop a call in the hot loop (bench_quant 1 token).
[[gnu::always_inline]] inline void prefetch_ahead(const void* at, int bytes) {
    for (int line = 0; line < bytes; line += 64) {
        _mm_prefetch(static_cast<const char*>(at) + PREFETCH_BYTES + line, _MM_HINT_T0);
    }
}

// The same at each block b of a q8_0 decode tile, whose loop goes one block at a time: interleaved, the whole
// group-octet (4 rows x 8 blocks) at the first block of an octet; plain (one row per tile), a line every 64 bytes.
template <class Format>
[[gnu::always_inline]] inline void prefetch_q8(const typename Format::type* row0, int b) {
    if constexpr (Format::interleave == R4_ROWS) {
        if (b % R4_BLOCKS == 0) {
            prefetch_ahead(Format::block_base(row0, b) + b * Format::block_bytes, R4_ROWS * R4_BLOCKS * Format::block_bytes);
        }
    } else if ((b * Format::block_bytes) % 64 == 0) {
        prefetch_ahead(row0 + b * Format::block_bytes, 64);
    }
}

// Four vectors of 8 dwords each, [v0 v1 v2 v3 | v4 v5 v6 v7], transposed within each 128-bit half: out[i] =
// [a.i b.i c.i d.i | a.4+i b.4+i c.4+i d.4+i] for i = 0..3.
inline void transpose_dwords(__m256i a, __m256i b, __m256i c, __m256i d, __m256i* out) {
    const __m256i t0 = _mm256_unpacklo_epi32(a, b), t1 = _mm256_unpackhi_epi32(a, b);
    const __m256i t2 = _mm256_unpacklo_epi32(c, d), t3 = _mm256_unpackhi_epi32(c, d);
    out[0] = _mm256_unpacklo_epi64(t0, t2);
    out[1] = _mm256_unpackhi_epi64(t0, t2);
    out[2] = _mm256_unpacklo_epi64(t1, t3);
    out[3] = _mm256_unpackhi_epi64(t1, t3);
}

// The activation rows of a tile's T tokens (act_row.h): quants, block scales and block sums.
template <int T>
inline void tile_acts(const void* xq, int n, const int8_t* (&q)[T], const float* (&d)[T], const float* (&s)[T]) {
    for (int tt = 0; tt < T; ++tt) {
        const ActRow row = act_row(xq, n, tt);
        q[tt] = row.q;
        d[tt] = row.d;
        s[tt] = row.s;
    }
}

// The q4_0 products of a prefill tile (T > 1): R rows, one after the other, against T tokens. An octet of 8 blocks
// is transposed by dwords so that dword lane j of every vector belongs to one block (lanes b0 b2 b4 b6 | b1 b3 b5
// b7, Q4::octet's order): 4 weight vectors (each dword: 4 bytes = elements 4i..4i+3 in the low nibbles, 16 + 4i.. in
// the high ones) unpacked into 8, against 8 activation vectors transposed the same way; octet_dots_transposed (8
// vpmaddubsw summed in s16 + one vpmaddwd on AVX2, 8 vpdpbusd with VNNI) then gives a token's 8 block sums
// without the shuffles of Q4::octet's reduction. Per chunk of CHUNK_BLOCKS blocks the tile first
// transposes its tokens' activations and permutes their scales into that lane order, once for all R rows; then, per
// row and octet, the weights are unpacked once into 8 registers and serve the T tokens, each token's 8 block sums
// scaled by F = scale_w * scale_x (computed there: the product of the permuted scales is the permutation of the
// products, so F keeps its bits) and accumulated in registers. The operations per (row, token) are those of tile<Q4,
// ...> below in the same order (octets, then the pairs and the single block of an odd tail; the offset term summed
// per chunk in block order, then the tail's), so the outputs keep their bits whatever R and T.
template <class Format, int R, int T>
void tile_q4_tokens(float* out, int64_t out_stride, const uint8_t* w, const uint16_t* scale, const void* xq,
                    int n) {
    const int nb = n / MU_QK;
    const int8_t* xqs[T];
    const float* xd[T];
    const float* xs[T];
    tile_acts<T>(xq, n, xqs, xd, xs);
    __m256 acc[R][T];
    float corr[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) {
            acc[r][tt] = _mm256_setzero_ps();
            corr[r][tt] = 0.0f;
        }
    }
    const __m256i octet_order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    alignas(32) __m256i xa[T][CHUNK_BLOCKS / 8][8];    // the chunk's activations regrouped, per token and octet
    alignas(32) float xdp[T][CHUNK_BLOCKS];             // their scales, in octet lane order per octet
    alignas(32) float wsp[CHUNK_BLOCKS];                // one row's weight scales, in octet lane order per octet
    for (int c0 = 0; c0 < nb; c0 += CHUNK_BLOCKS) {
        const int c1 = nb - c0 < CHUNK_BLOCKS ? nb : c0 + CHUNK_BLOCKS;
        const int octets = (c1 - c0) / 8;
        for (int tt = 0; tt < T; ++tt) {
            for (int o = 0; o < octets; ++o) {
                const int b = c0 + 8 * o;
                __m256i q[4][2];
                for (int k = 0; k < 4; ++k) Format::act(xqs[tt], b + 2 * k, q[k]);
                for (int h = 0; h < 2; ++h) transpose_dwords(q[0][h], q[1][h], q[2][h], q[3][h], xa[tt][o] + 4 * h);
                _mm256_store_ps(&xdp[tt][8 * o], _mm256_permutevar8x32_ps(_mm256_loadu_ps(xd[tt] + b), octet_order));
            }
        }
        for (int r = 0; r < R; ++r) {
            const uint8_t* wr = Format::row(w, r, n);
            const uint16_t* sr = Format::scale_row(scale, r, nb);
            // The offset term of the chunk's octets (block order, as tile<> sums it) and the permuted scales.
            __m256 cv[T];
            for (int tt = 0; tt < T; ++tt) cv[tt] = _mm256_setzero_ps();
            for (int o = 0; o < octets; ++o) {
                const int b = c0 + 8 * o;
                const __m256 ws =
                    _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(Format::scale_at(sr, b))));
                for (int tt = 0; tt < T; ++tt) cv[tt] = _mm256_fmadd_ps(ws, _mm256_loadu_ps(xs[tt] + b), cv[tt]);
                _mm256_store_ps(&wsp[8 * o], _mm256_permutevar8x32_ps(ws, octet_order));
            }
            for (int tt = 0; tt < T; ++tt) corr[r][tt] += q_hsum(cv[tt]);
            __m256 a[T];
            for (int tt = 0; tt < T; ++tt) a[tt] = acc[r][tt];
            for (int o = 0; o < octets; ++o) {
                const int b = c0 + 8 * o;
                const uint8_t* wb = Format::block_base(wr, b);
                __m256i u[8];
                {
                    __m256i raw[4];
                    for (int k = 0; k < 4; ++k) {
                        raw[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(wb + (b + 2 * k) * (MU_QK / 2)));
                    }
                    transpose_dwords(raw[0], raw[1], raw[2], raw[3], u);
                    const __m256i nibble = _mm256_set1_epi8(0x0F);
                    for (int i = 0; i < 4; ++i) {
                        u[4 + i] = _mm256_and_si256(_mm256_srli_epi16(u[i], 4), nibble);
                        u[i] = _mm256_and_si256(u[i], nibble);
                    }
                }
                const __m256 ws = _mm256_load_ps(&wsp[8 * o]);
                for (int tt = 0; tt < T; ++tt) {
                    const __m256i dots = octet_dots_transposed(u, xa[tt][o]);
                    const __m256 f = _mm256_mul_ps(ws, _mm256_load_ps(&xdp[tt][8 * o]));
                    a[tt] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dots), f, a[tt]);
                }
            }
            // The tail of the last chunk (fewer than 8 blocks): pairs, then a single block, as tile<> does them.
            const int tail = c0 + 8 * octets;
            for (int b = tail; b < c1; ++b) {
                const float ws = _cvtsh_ss(*Format::scale_at(sr, b));
                for (int tt = 0; tt < T; ++tt) corr[r][tt] += ws * xs[tt][b];
            }
            int b = tail;
            for (; b + 2 <= c1; b += 2) {
                __m256i u[2];
                Format::unpack(Format::block_base(wr, b), b, u);
                const float w0 = _cvtsh_ss(*Format::scale_at(sr, b)), w1 = _cvtsh_ss(*Format::scale_at(sr, b + 1));
                for (int tt = 0; tt < T; ++tt) {
                    __m256i x[2];
                    Format::act(xqs[tt], b, x);
                    const float f[2] = {w0 * xd[tt][b], w1 * xd[tt][b + 1]};
                    a[tt] = Format::pair(u, x, f, a[tt]);
                }
            }
            if (b < c1) {
                const float w0 = _cvtsh_ss(*Format::scale_at(sr, b));
                for (int tt = 0; tt < T; ++tt) {
                    const float f = w0 * xd[tt][b];
                    a[tt] = Format::single(Format::block_base(wr, b), xqs[tt], b, &f, a[tt]);
                }
            }
            for (int tt = 0; tt < T; ++tt) acc[r][tt] = a[tt];
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) out[tt * out_stride + r] = q_hsum(acc[r][tt]) - 8.0f * corr[r][tt];
    }
}

// out[tt * out_stride + r] for R weight rows and T tokens: each weight is unpacked once for the T tokens, each
// activation loaded once for the R rows. Every (row, token) sees the same operations in the same order whatever R
// and T are, so a matvec equals row 0 of a matmul bit for bit.
template <class Format, int R, int T>
void tile(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n) {
    if constexpr (Format::step == 2 && T > 1) {
        tile_q4_tokens<Format, R, T>(out, out_stride, w, scale, xq, n);
        return;
    }
    const int nb = n / MU_QK;
    const int8_t* xqs[T];
    const float* xd[T];
    const float* xs[T];
    tile_acts<T>(xq, n, xqs, xd, xs);
    const typename Format::type* wr[R];
    const uint16_t* sr[R];
    for (int r = 0; r < R; ++r) {
        wr[r] = Format::row(w, r, n);
        sr[r] = Format::scale_row(scale, r, nb);
    }
    __m256 acc[R][T];
    float corr[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) {
            acc[r][tt] = _mm256_setzero_ps();
            corr[r][tt] = 0.0f;
        }
    }
    alignas(32) float f[R][T][CHUNK_BLOCKS];
    for (int c0 = 0; c0 < nb; c0 += CHUNK_BLOCKS) {
        const int c1 = nb - c0 < CHUNK_BLOCKS ? nb : c0 + CHUNK_BLOCKS;
        // F of the chunk (8 blocks per vector), and (q4_0) the offset term sum_b scale_w * s.
        __m256 cv[R][T];
        for (int r = 0; r < R; ++r) {
            for (int tt = 0; tt < T; ++tt) cv[r][tt] = _mm256_setzero_ps();
        }
        // Whole octets of F in the lane order of Format::octet (the octets of this pass and of the products
        // below both start at c0), the rest in block order for pair / single / products.
        const __m256i octet_order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        int b = c0;
        for (; b + 8 <= c1; b += 8) {
            for (int r = 0; r < R; ++r) {
                const __m128i ws16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(Format::scale_at(sr[r], b)));
                const __m256 ws = _mm256_cvtph_ps(ws16);
                for (int tt = 0; tt < T; ++tt) {
                    __m256 fv = _mm256_mul_ps(ws, _mm256_loadu_ps(xd[tt] + b));
                    if constexpr (Format::interleaved) fv = _mm256_permutevar8x32_ps(fv, octet_order);
                    _mm256_store_ps(&f[r][tt][b - c0], fv);
                    if constexpr (Format::offset) cv[r][tt] = _mm256_fmadd_ps(ws, _mm256_loadu_ps(xs[tt] + b), cv[r][tt]);
                }
            }
        }
        if constexpr (Format::offset) {
            for (int r = 0; r < R; ++r) {
                for (int tt = 0; tt < T; ++tt) corr[r][tt] += q_hsum(cv[r][tt]);
            }
        }
        for (; b < c1; ++b) {
            for (int r = 0; r < R; ++r) {
                const float ws = _cvtsh_ss(*Format::scale_at(sr[r], b));
                for (int tt = 0; tt < T; ++tt) {
                    f[r][tt][b - c0] = ws * xd[tt][b];
                    if (Format::offset) corr[r][tt] += ws * xs[tt][b];
                }
            }
        }
        // The chunk's products, into accumulators local to the loop (so that they stay in registers).
        __m256 a[R][T];
        for (int r = 0; r < R; ++r) {
            for (int tt = 0; tt < T; ++tt) a[r][tt] = acc[r][tt];
        }
        b = c0;
        if constexpr (Format::step == 2) {
            for (; b + 8 <= c1; b += 8) {
                __m256i x[T][4][2];
                for (int tt = 0; tt < T; ++tt) {
                    for (int k = 0; k < 4; ++k) Format::act(xqs[tt], b + 2 * k, x[tt][k]);
                }
                if constexpr (Format::interleave == R4_ROWS && T == 1) {
                    // This group-octet starts at row 0's block b.
                    prefetch_ahead(Format::block_base(wr[0], b) + b * Format::block_bytes,
                                   R4_ROWS * R4_BLOCKS * Format::block_bytes);
                }
                for (int r = 0; r < R; ++r) {
                    const float* fb[T];
                    for (int tt = 0; tt < T; ++tt) fb[tt] = &f[r][tt][b - c0];
                    Format::template octet<T>(Format::block_base(wr[r], b), x, b, fb, a[r]);
                }
            }
            for (; b + 2 <= c1; b += 2) {
                __m256i u[R][2];
                for (int r = 0; r < R; ++r) Format::unpack(Format::block_base(wr[r], b), b, u[r]);
                for (int tt = 0; tt < T; ++tt) {
                    __m256i x[2];
                    Format::act(xqs[tt], b, x);
                    for (int r = 0; r < R; ++r) a[r][tt] = Format::pair(u[r], x, &f[r][tt][b - c0], a[r][tt]);
                }
            }
            if (b < c1) {
                for (int r = 0; r < R; ++r) {
                    for (int tt = 0; tt < T; ++tt) {
                        a[r][tt] = Format::single(Format::block_base(wr[r], b), xqs[tt], b, &f[r][tt][b - c0], a[r][tt]);
                    }
                }
            }
        } else {
            for (; b < c1; ++b) {
                if constexpr (T == 1) prefetch_q8<Format>(wr[0], b);
                __m256i u[R][2];
                for (int r = 0; r < R; ++r) Format::unpack(Format::block_base(wr[r], b), b, u[r]);
                for (int tt = 0; tt < T; ++tt) {
                    for (int r = 0; r < R; ++r) {
                        a[r][tt] = Format::products(u[r], xqs[tt], b, &f[r][tt][b - c0], a[r][tt]);
                    }
                }
            }
        }
        for (int r = 0; r < R; ++r) {
            for (int tt = 0; tt < T; ++tt) acc[r][tt] = a[r][tt];
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) {
            const float sum = q_hsum(acc[r][tt]);
            out[tt * out_stride + r] = Format::offset ? sum - 8.0f * corr[r][tt] : sum;
        }
    }
}

// Blocks [0, blocks) of an activation row quantized exactly as mu_quantize_act_ref does it: x[32 b + k] into
// q[32 b + k], the block scale into d[b], its sum into s[b] (the pointers of act_row, offset to the first block).
void quantize_blocks(int8_t* q, float* d, float* s, const float* x, int blocks) {
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    // vpackssdw / vpacksswb interleave the two 128-bit halves; this permutation restores element order.
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (int b = 0; b < blocks; ++b) {
        __m256 v[4];
        for (int j = 0; j < 4; ++j) v[j] = _mm256_loadu_ps(x + b * MU_QK + 8 * j);
        const __m256 m01 = _mm256_max_ps(_mm256_and_ps(v[0], abs_mask), _mm256_and_ps(v[1], abs_mask));
        const __m256 m23 = _mm256_max_ps(_mm256_and_ps(v[2], abs_mask), _mm256_and_ps(v[3], abs_mask));
        const float amax = q_hmax(_mm256_max_ps(m01, m23));
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        const __m256 idv = _mm256_set1_ps(id);
        __m256i iv[4];
        for (int j = 0; j < 4; ++j) iv[j] = _mm256_cvtps_epi32(_mm256_mul_ps(v[j], idv)); // nearest even
        const __m256i sum32 = _mm256_add_epi32(_mm256_add_epi32(iv[0], iv[1]), _mm256_add_epi32(iv[2], iv[3]));
        __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(sum32), _mm256_extracti128_si256(sum32, 1));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4E));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xB1));
        // Saturating packs to s8 (no value exceeds 127); the dwords come out as iv0[0..3] iv1[0..3] iv2[0..3]
        // iv3[0..3] | iv0[4..7] iv1[4..7] iv2[4..7] iv3[4..7].
        const __m256i p8 = _mm256_packs_epi16(_mm256_packs_epi32(iv[0], iv[1]), _mm256_packs_epi32(iv[2], iv[3]));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + b * MU_QK), _mm256_permutevar8x32_epi32(p8, order));
        d[b] = amax / 127.0f;
        s[b] = d[b] * static_cast<float>(_mm_cvtsi128_si32(s4));
    }
}

// Activation rows quantized exactly as mu_quantize_act_ref does it.
void quantize_act(void* xq, const float* x, int n, int t) {
    for (int i = 0; i < t; ++i) {
        const auto [q, d, s] = act_row(xq, n, i);
        quantize_blocks(q, d, s, x + static_cast<int64_t>(i) * n, n / MU_QK);
    }
}

} // namespace

#include "quant_tiling.h"  // rows<>, matmul<> over the tile<> above


// The products' entry points of one x86 kernel file: matvec (decode) tiles of DECODE_ROWS rows, matmul (prefill)
// tiles of PREFILL_ROWS x PREFILL_TOKENS (q8_0) or Q4_PREFILL_ROWS x Q4_PREFILL_TOKENS (q4_0, q4_0r4); the
// interleaved layouts' decode in tiles of their 4-row groups.
#define MU_X86_QUANT_PRODUCTS(suffix)                                                                             \
    void mu_matvec_q8_0_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) { \
        matmul<Q8, DECODE_ROWS, 1>(out, w, scale, xq, n, d, 1, d);                                                \
    }                                                                                                              \
    void mu_matvec_q4_0_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,      \
                                 int d) {                                                                         \
        matmul<Q4, DECODE_ROWS, 1>(out, w, scale, xq, n, d, 1, d);                                                \
    }                                                                                                              \
    void mu_matmul_q8_0_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, \
                                 int t, int out_stride) {                                                         \
        matmul<Q8, PREFILL_ROWS, PREFILL_TOKENS>(out, w, scale, xq, n, d, t, out_stride);                         \
    }                                                                                                              \
    void mu_matmul_q4_0_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,       \
                                 int d, int t, int out_stride) {                                                  \
        matmul<Q4, Q4_PREFILL_ROWS, Q4_PREFILL_TOKENS>(out, w, scale, xq, n, d, t, out_stride);                   \
    }                                                                                                              \
    void mu_matvec_q8_0r4_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n,      \
                                   int d) {                                                                       \
        matmul<R4<Q8>, R4_ROWS, 1>(out, w, scale, xq, n, d, 1, d);                                               \
    }                                                                                                              \
    void mu_matvec_q4_0r4_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,     \
                                   int d) {                                                                       \
        matmul<R4<Q4>, R4_ROWS, 1>(out, w, scale, xq, n, d, 1, d);                                               \
    }                                                                                                              \
    void mu_matmul_q8_0r4_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n,      \
                                   int d, int t, int out_stride) {                                                \
        matmul<R4<Q8>, R4_ROWS, PREFILL_TOKENS>(out, w, scale, xq, n, d, t, out_stride);                         \
    }                                                                                                              \
    void mu_matmul_q4_0r4_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,     \
                                   int d, int t, int out_stride) {                                                \
        matmul<R4<Q4>, Q4_PREFILL_ROWS, Q4_PREFILL_TOKENS>(out, w, scale, xq, n, d, t, out_stride);               \
    }
