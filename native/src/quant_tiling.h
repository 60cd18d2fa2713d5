// Token blocking shared by the SIMD quantized products (arch/x86/quant_x86.h, arch/arm/quant_neon.cpp): the
// tokens are taken in blocks whose quantized activations (MU_ACT_ROW_BYTES(n) each) stay in L2 while the weight
// rows stream past them, 4 rows at a time, then one by one. Rows4 and Rows1 are the ISA's row kernels,
// rows<Format, R>(out, out_stride, w, scale, xq, n, tokens) for R = 4 and 1; both are template arguments, so each
// ISA file compiles this loop with its own flags (it is a template in the includer's anonymous namespace).
#pragma once
#include <stdint.h>

#include "kernels.h"

namespace {

constexpr int64_t TOKEN_BLOCK_BYTES = 256 * 1024;

template <class Format, auto Rows4, auto Rows1>
void blocked_matmul(float* out, const typename Format::type* w, const uint16_t* scale, const void* xq, int n, int d,
                    int t, int out_stride) {
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
            Rows4(out_block + r, out_stride, Format::row(w, r, n), scale + r * nb, x_block, n, tokens);
        }
        for (; r < d; ++r) {
            Rows1(out_block + r, out_stride, Format::row(w, r, n), scale + r * nb, x_block, n, tokens);
        }
    }
}

} // namespace
