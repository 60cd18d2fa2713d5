// Scalar IEEE binary16 <-> binary32 conversions: the specification the _ref kernels use (convert.cpp, the fp16
// KV cache in attention.cpp). Bit-exact with the x86 F16C instructions (VCVTPH2PS, VCVTPS2PH with round to
// nearest even): a NaN keeps its sign and top payload bits and comes out quiet.
//
// Include only from base-ISA files (never from *_avx2.cpp and the like): the functions are in an anonymous
// namespace, so each including file gets its own copy compiled with its own flags.
#pragma once
#include <cstring>
#include <stdint.h>

namespace {

inline float f32_from_bits(uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

inline uint32_t bits_from_f32(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

// binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits. binary32: 1, 8 (bias 127), 23.
inline float f16_to_f32(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    uint32_t mantissa = h & 0x3FFu;
    if (exponent == 0x1F) { // inf, or NaN made quiet
        return f32_from_bits(sign | 0x7F800000u | (mantissa != 0 ? 0x400000u : 0u) | (mantissa << 13));
    }
    if (exponent != 0) return f32_from_bits(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    if (mantissa == 0) return f32_from_bits(sign);
    // Subnormal: mantissa * 2^-24. Shift the leading one up to the implicit bit position, one exponent step each.
    int32_t e = 127 - 15 + 1;
    while ((mantissa & 0x400u) == 0) {
        mantissa <<= 1;
        --e;
    }
    return f32_from_bits(sign | (static_cast<uint32_t>(e) << 23) | ((mantissa & 0x3FFu) << 13));
}

// Round to nearest, ties to even; overflow gives inf, values below half the smallest subnormal give zero.
inline uint16_t f32_to_f16(float f) {
    const uint32_t bits = bits_from_f32(f);
    const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
    const uint32_t magnitude = bits & 0x7FFFFFFFu;
    if (magnitude >= 0x7F800000u) { // inf, or NaN made quiet
        const uint32_t nan_bits = magnitude > 0x7F800000u ? 0x200u | ((magnitude >> 13) & 0x3FFu) : 0u;
        return static_cast<uint16_t>(sign | 0x7C00u | nan_bits);
    }
    if (magnitude >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u); // >= 65520 rounds to inf
    if (magnitude >= 0x38800000u) {                                               // >= 2^-14: normal binary16
        // Rebias the exponent, then round the 13 dropped mantissa bits; a carry correctly bumps the exponent.
        const uint32_t rebiased = magnitude - ((127u - 15u) << 23);
        const uint32_t rounded = rebiased + 0xFFFu + ((rebiased >> 13) & 1u);
        return static_cast<uint16_t>(sign | (rounded >> 13));
    }
    if (magnitude <= 0x33000000u) return sign; // <= 2^-25: rounds to zero (2^-25 itself is a tie, to even 0)
    // Subnormal binary16: value / 2^-24 rounded. value = m * 2^(e - 150) with m the 24-bit mantissa, so the
    // result is m >> (126 - e), rounded on the dropped bits; shift is 14..24 here.
    const uint32_t m = (magnitude & 0x7FFFFFu) | 0x800000u;
    const int shift = 126 - static_cast<int>(magnitude >> 23);
    const uint32_t kept = m >> shift;
    const uint32_t dropped = m & ((1u << shift) - 1u);
    const uint32_t half = 1u << (shift - 1);
    const uint32_t rounded = kept + ((dropped > half || (dropped == half && (kept & 1u))) ? 1u : 0u);
    return static_cast<uint16_t>(sign | rounded);
}

} // namespace
