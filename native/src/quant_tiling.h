// Row and token tiling shared by the SIMD quantized products (arch/x86/quant_x86.h, arch/arm/quant_neon.cpp).
// The including file defines, in its anonymous namespace and before including this header,
//   template <class Format, int R, int T>
//   void tile(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale,
//             const void* xq, int n);   // out[tt * out_stride + r] for R weight rows and T tokens
// and gets rows<Format, R> (the tokens two at a time) and matmul<Format> (tokens in blocks whose quantized
// activations, MU_ACT_ROW_BYTES(n) each, stay in L2 while the weight rows stream past, 4 rows at a time, then one
// by one). Being templates in the includer's anonymous namespace, they compile with that file's ISA flags.
#pragma once
#include <stdint.h>

#include "kernels.h"

namespace {

constexpr int64_t TOKEN_BLOCK_BYTES = 256 * 1024;

template <class Format, int R>
void rows(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n, int tokens) {
    const int64_t act = MU_ACT_ROW_BYTES(n);
    int i = 0;
    for (; i + 2 <= tokens; i += 2) {
        tile<Format, R, 2>(out + i * out_stride, out_stride, w, scale, static_cast<const int8_t*>(xq) + act * i, n);
    }
    if (i < tokens) {
        tile<Format, R, 1>(out + i * out_stride, out_stride, w, scale, static_cast<const int8_t*>(xq) + act * i, n);
    }
}

template <class Format>
void matmul(float* out, const typename Format::type* w, const uint16_t* scale, const void* xq, int n, int d, int t,
            int out_stride) {
    const int64_t act = MU_ACT_ROW_BYTES(n);
    const int64_t fit = TOKEN_BLOCK_BYTES / act;
    const int block = fit < 2 ? 2 : static_cast<int>(fit < t ? fit : t);
    const int64_t nb = n / MU_QK;
    for (int t0 = 0; t0 < t; t0 += block) {
        const int tokens = t - t0 < block ? t - t0 : block;
        float* out_block = out + t0 * static_cast<int64_t>(out_stride);
        const void* x_block = static_cast<const int8_t*>(xq) + act * t0;
        int r = 0;
        for (; r + 4 <= d; r += 4) {
            rows<Format, 4>(out_block + r, out_stride, Format::row(w, r, n), scale + r * nb, x_block, n, tokens);
        }
        for (; r < d; ++r) {
            rows<Format, 1>(out_block + r, out_stride, Format::row(w, r, n), scale + r * nb, x_block, n, tokens);
        }
    }
}

} // namespace
