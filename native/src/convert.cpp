// fp16 / bf16 <-> fp32 conversions.
//
// The _ref variants are bit-exact with the x86 F16C instructions (VCVTPH2PS, VCVTPS2PH with round to nearest
// even): a NaN keeps its sign and top payload bits and comes out quiet.
#include "half.h"
#include "kernels.h"

void mu_f16_to_f32_ref(float* out, const uint16_t* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = f16_to_f32(x[i]);
}

void mu_bf16_to_f32_ref(float* out, const uint16_t* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = f32_from_bits(static_cast<uint32_t>(x[i]) << 16);
}

void mu_f32_to_f16_ref(uint16_t* out, const float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = f32_to_f16(x[i]);
}

extern "C" {

void mu_f16_to_f32(float* out, const uint16_t* x, int64_t n) { mu_active_kernels()->f16_to_f32(out, x, n); }

void mu_bf16_to_f32(float* out, const uint16_t* x, int64_t n) { mu_active_kernels()->bf16_to_f32(out, x, n); }

void mu_f32_to_f16(uint16_t* out, const float* x, int64_t n) { mu_active_kernels()->f32_to_f16(out, x, n); }

} // extern "C"
