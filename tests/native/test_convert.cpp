// Conversions: _ref against hand-computed bit patterns, every ISA bit-exact against _ref (all 65536 f16 and
// bf16 inputs; f32 inputs from random bit patterns and the rounding boundaries).
#include <cstring>
#include <limits>

#include "check.h"

namespace {

using check::format;

// Conversions are exact by definition: the only tolerance is none.
uint32_t bits(float f) {
    uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return b;
}

float from_bits(uint32_t b) {
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
}

uint16_t to_f16(float f) {
    uint16_t h;
    mu_f32_to_f16_ref(&h, &f, 1);
    return h;
}

float from_f16(uint16_t h) {
    float f;
    mu_f16_to_f32_ref(&f, &h, 1);
    return f;
}

void test_ref_values() {
    struct Case {
        float in;
        uint16_t out;
        const char* why;
    };
    const Case cases[] = {
        {1.0f, 0x3C00, "1"},
        {-2.0f, 0xC000, "-2"},
        {0.0f, 0x0000, "+0"},
        {-0.0f, 0x8000, "-0"},
        {65504.0f, 0x7BFF, "largest finite"},
        {65519.99f, 0x7BFF, "just below the overflow midpoint"},
        {65520.0f, 0x7C00, "overflow midpoint rounds to inf (even)"},
        {1e10f, 0x7C00, "overflow"},
        {std::numeric_limits<float>::infinity(), 0x7C00, "inf"},
        {-std::numeric_limits<float>::infinity(), 0xFC00, "-inf"},
        {1.0f + 0x1.0p-11f, 0x3C00, "tie between 1 and next: to even (down)"},
        {1.0f + 3 * 0x1.0p-11f, 0x3C02, "tie between odd and even: to even (up)"},
        {1.0f + 0x1.8p-11f, 0x3C01, "above the tie: up"},
        {0x1.0p-14f, 0x0400, "smallest normal"},
        {0x1.0p-24f, 0x0001, "smallest subnormal"},
        {0x1.0p-25f, 0x0000, "half the smallest subnormal: tie to even 0"},
        {0x1.8p-25f, 0x0001, "above that tie: up"},
        {0x1.8p-24f, 0x0002, "1.5 subnormal units: tie to even 2"},
        {0x1.FFCp-15f, 0x0400, "largest subnormal rounding up to the smallest normal"},
        {1e-30f, 0x0000, "far below the subnormals"},
        {from_bits(0x7FC00000u), 0x7E00, "quiet NaN"},
        {from_bits(0xFF800001u), 0xFE00, "signalling NaN comes out quiet, sign kept"},
        {from_bits(0x7FA02000u), 0x7F01, "NaN keeps its top payload bits"},
    };
    for (const Case& c : cases) {
        check::expect(to_f16(c.in) == c.out, format("f32_to_f16_ref(%a) = 0x%04x, want 0x%04x: %s", c.in,
                                                    to_f16(c.in), c.out, c.why));
    }
    check::expect(from_f16(0x3C00) == 1.0f, "f16_to_f32_ref(0x3C00) = 1");
    check::expect(from_f16(0x0001) == 0x1.0p-24f, "f16_to_f32_ref(0x0001) = 2^-24");
    check::expect(from_f16(0x03FF) == 0x1.FF8p-15f, "f16_to_f32_ref(0x03FF) = largest subnormal");
    check::expect(from_f16(0x7BFF) == 65504.0f, "f16_to_f32_ref(0x7BFF) = 65504");
    check::expect(from_f16(0xFC00) == -std::numeric_limits<float>::infinity(), "f16_to_f32_ref(0xFC00) = -inf");
    check::expect(bits(from_f16(0x8000)) == 0x80000000u, "f16_to_f32_ref(0x8000) = -0");
    check::expect(bits(from_f16(0x7D00)) == 0x7FE00000u, "f16_to_f32_ref(signalling NaN 0x7D00) = quiet NaN");
    const uint16_t bf16_one = 0x3F80;
    float f;
    mu_bf16_to_f32_ref(&f, &bf16_one, 1);
    check::expect(f == 1.0f, "bf16_to_f32_ref(0x3F80) = 1");

    // Every finite or infinite f16 survives f16 -> f32 -> f16.
    int round_trip_failures = 0;
    for (uint32_t h = 0; h < 0x10000u; ++h) {
        const bool nan = (h & 0x7C00u) == 0x7C00u && (h & 0x3FFu) != 0;
        if (!nan && to_f16(from_f16(static_cast<uint16_t>(h))) != h) ++round_trip_failures;
    }
    check::expect(round_trip_failures == 0, format("f16 round trip: %d values change", round_trip_failures));
}

// Every 16-bit input, then shorter runs at each tail length.
void test_all_halves(const mu_kernel_table& k) {
    std::vector<uint16_t> halves(0x10000);
    for (uint32_t h = 0; h < 0x10000u; ++h) halves[h] = static_cast<uint16_t>(h);
    std::vector<float> got(halves.size()), want(halves.size());
    std::vector<uint32_t> got_bits(halves.size()), want_bits(halves.size());
    const auto compare = [&](const char* what, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            got_bits[i] = bits(got[i]);
            want_bits[i] = bits(want[i]);
        }
        check::same_bits(format("%s_%s n=%lld", what, mu_isa_name(k.isa), static_cast<long long>(n)),
                         got_bits.data(), want_bits.data(), n);
    };
    const int64_t all = static_cast<int64_t>(halves.size());
    k.f16_to_f32(got.data(), halves.data(), all);
    mu_f16_to_f32_ref(want.data(), halves.data(), all);
    compare("f16_to_f32", all);
    k.bf16_to_f32(got.data(), halves.data(), all);
    mu_bf16_to_f32_ref(want.data(), halves.data(), all);
    compare("bf16_to_f32", all);
    for (int n : check::SIZES) {
        // Start at an odd offset so the tails see values from everywhere in the range.
        const uint16_t* x = halves.data() + 15361;
        k.f16_to_f32(got.data(), x, n);
        mu_f16_to_f32_ref(want.data(), x, n);
        compare("f16_to_f32", n);
        k.bf16_to_f32(got.data(), x, n);
        mu_bf16_to_f32_ref(want.data(), x, n);
        compare("bf16_to_f32", n);
    }
}

void test_f32_to_f16(const mu_kernel_table& k) {
    check::Rng rng(7);
    std::vector<float> x;
    for (int i = 0; i < 1 << 20; ++i) x.push_back(from_bits(static_cast<uint32_t>(rng.next())));
    // Around every rounding boundary of the binary16 range: each f16 value and the f32 midpoints between them.
    for (uint32_t h = 0; h < 0x7C00u; ++h) {
        const float lo = from_f16(static_cast<uint16_t>(h));
        const float hi = h + 1 < 0x7C00u ? from_f16(static_cast<uint16_t>(h + 1)) : 65536.0f;
        const float mid = lo + (hi - lo) / 2;
        for (float v : {lo, mid, std::nextafter(mid, 0.0f), std::nextafter(mid, hi)}) {
            x.push_back(v);
            x.push_back(-v);
        }
    }
    std::vector<uint16_t> got(x.size()), want(x.size());
    k.f32_to_f16(got.data(), x.data(), static_cast<int64_t>(x.size()));
    mu_f32_to_f16_ref(want.data(), x.data(), static_cast<int64_t>(x.size()));
    check::same_bits(format("f32_to_f16_%s, %zu values", mu_isa_name(k.isa), x.size()), got.data(), want.data(),
                     static_cast<int64_t>(x.size()));
    for (int n : check::SIZES) {
        k.f32_to_f16(got.data(), x.data() + 3, n);
        mu_f32_to_f16_ref(want.data(), x.data() + 3, n);
        check::same_bits(format("f32_to_f16_%s n=%d", mu_isa_name(k.isa), n), got.data(), want.data(), n);
    }
}

} // namespace

int main() {
    test_ref_values();
    for (const mu_kernel_table* k : check::fast_tables()) {
        test_all_halves(*k);
        test_f32_to_f16(*k);
    }
    return check::finish("test_convert");
}
