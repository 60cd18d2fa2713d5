// Row and token tiling shared by the SIMD quantized products (arch/x86/quant_x86.h, arch/arm/quant_neon.cpp).
// The including file defines, in its anonymous namespace and before including this header,
//   template <class Format, int R, int T>
//   void tile(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale,
//             const void* xq, int n);   // out[tt * out_stride + r] for R weight rows and T tokens
// and gets rows<Format, R, T> (the tokens T at a time, the rest in one smaller tile) and matmul<Format, R, T>
// (tokens in blocks whose quantized activations, MU_ACT_ROW_BYTES(n) each, stay in L2 while the weight rows
// stream past, R rows at a time, then one by one). A tile must give every (row, token) the same bits whatever
// its R and T (matvec == row 0 of matmul). Being templates in the includer's anonymous namespace, they compile
// with that file's ISA flags.
#pragma once
#include <stdint.h>

#include "kernels.h"

namespace {

constexpr int64_t TOKEN_BLOCK_BYTES = 256 * 1024;

// The last tokens (fewer than T) of a row tile: one tile of exactly that many.
template <class Format, int R, int T>
void rest(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n, int tokens) {
    if constexpr (T > 1) {
        if (tokens == T - 1) {
            tile<Format, R, T - 1>(out, out_stride, w, scale, xq, n);
        } else {
            rest<Format, R, T - 1>(out, out_stride, w, scale, xq, n, tokens);
        }
    }
}

template <class Format, int R, int T>
void rows(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n, int tokens) {
    const int64_t act = MU_ACT_ROW_BYTES(n);
    int i = 0;
    for (; i + T <= tokens; i += T) {
        tile<Format, R, T>(out + i * out_stride, out_stride, w, scale, static_cast<const int8_t*>(xq) + act * i, n);
    }
    if (i < tokens) {
        rest<Format, R, T>(out + i * out_stride, out_stride, w, scale, static_cast<const int8_t*>(xq) + act * i, n,
                           tokens - i);
    }
}

template <class Format, int R = 4, int T = 2>
void matmul(float* out, const typename Format::type* w, const uint16_t* scale, const void* xq, int n, int d, int t,
            int out_stride) {
    const int64_t act = MU_ACT_ROW_BYTES(n);
    const int64_t fit = TOKEN_BLOCK_BYTES / act;
    const int block = fit < T ? T : static_cast<int>(fit < t ? fit : t);
    const int64_t nb = n / MU_QK;
    for (int t0 = 0; t0 < t; t0 += block) {
        const int tokens = t - t0 < block ? t - t0 : block;
        float* out_block = out + t0 * static_cast<int64_t>(out_stride);
        const void* x_block = static_cast<const int8_t*>(xq) + act * t0;
        int r = 0;
        for (; r + R <= d; r += R) {
            rows<Format, R, T>(out_block + r, out_stride, Format::row(w, r, n), Format::scale_row(scale, r, static_cast<int>(nb)),
                               x_block, n, tokens);
        }
        for (; r < d; ++r) {
            rows<Format, 1, T>(out_block + r, out_stride, Format::row(w, r, n), Format::scale_row(scale, r, static_cast<int>(nb)),
                               x_block, n, tokens);
        }
    }
}

} // namespace
