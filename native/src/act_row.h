// The layout of one row of quantized activations (mu4j.h, mu_quantize_act): n int8 quants, then n / 32 block
// scales d, then n / 32 block sums s (d times the sum of the block's quants); rows are MU_ACT_ROW_BYTES(n) apart.
// Written once here for the scalar and the SIMD files; an anonymous namespace, so each file compiles its own copy
// with its own flags (kernels.h says why shared inline helpers are not).
#pragma once
#include <stdint.h>

#include "mu4j.h"

namespace {

template <typename I8, typename F>
struct ActRowOf {
    I8* q;
    F* d;
    F* s;
};
using ActRow = ActRowOf<const int8_t, const float>;  // what the products read
using ActRowOut = ActRowOf<int8_t, float>;           // what the quantizers write

inline ActRow act_row(const void* xq, int n, int i) {
    const int8_t* q = static_cast<const int8_t*>(xq) + MU_ACT_ROW_BYTES(n) * i;
    const float* d = reinterpret_cast<const float*>(q + n);
    return {q, d, d + n / MU_QK};
}

inline ActRowOut act_row(void* xq, int n, int i) {
    int8_t* q = static_cast<int8_t*>(xq) + MU_ACT_ROW_BYTES(n) * i;
    float* d = reinterpret_cast<float*>(q + n);
    return {q, d, d + n / MU_QK};
}

} // namespace
