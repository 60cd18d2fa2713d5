// Tiny helpers shared by the tests/native executables (no framework): a seeded generator, comparisons that
// print the first differing values and the largest difference on failure (llm.c test_gpt2.c check_tensor),
// skips that print their reason, and a closing "N passed, N failed, N skipped" line.
#pragma once
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels.h"

namespace check {

// Test sizes that hit every SIMD tail: below, at and above 8- and 16-lane multiples, and a long odd length.
const int SIZES[] = {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 127, 4095};

struct Counts {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
};

inline Counts& counts() {
    static Counts c;
    return c;
}

inline std::string format(const char* fmt, ...) {
    char buffer[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buffer, sizeof buffer, fmt, args);
    va_end(args);
    return buffer;
}

// splitmix64: fixed seeds make every failure reproducible.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}

    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>((next() >> 40) * 0x1.0p-24); }

    std::vector<float> vector(int64_t n, float lo = -1.0f, float hi = 1.0f) {
        std::vector<float> v(static_cast<size_t>(n));
        for (float& x : v) x = uniform(lo, hi);
        return v;
    }

private:
    uint64_t state_;
};

// Passes when |got[i] - want[i]| <= atol + rtol * scale[i] for every i, where scale defaults to |want[i]|;
// a NaN must meet a NaN. On failure prints up to five offending values and the largest difference.
inline bool close(const std::string& label, const float* got, const float* want, int64_t n, double atol,
                  double rtol, const float* scale = nullptr) {
    int64_t bad = 0;
    double max_diff = 0.0;
    int64_t max_at = -1;
    for (int64_t i = 0; i < n; ++i) {
        const double g = got[i];
        const double w = want[i];
        bool ok;
        double diff = 0.0;
        if (std::isnan(g) || std::isnan(w)) {
            ok = std::isnan(g) && std::isnan(w);
        } else if (std::isinf(g) || std::isinf(w)) {
            ok = g == w;
        } else {
            diff = std::fabs(g - w);
            ok = diff <= atol + rtol * (scale != nullptr ? static_cast<double>(scale[i]) : std::fabs(w));
        }
        if (diff > max_diff || (!ok && max_at < 0)) {
            max_diff = diff;
            max_at = i;
        }
        if (!ok) {
            if (bad == 0) std::printf("FAIL %s\n", label.c_str());
            if (bad < 5) {
                std::printf("  [%lld] got %.9g want %.9g diff %.3g\n", static_cast<long long>(i), g, w, diff);
            }
            ++bad;
        }
    }
    if (bad != 0) {
        std::printf("  %lld of %lld values differ; max diff %.3g at [%lld] (atol %.3g, rtol %.3g)\n",
                    static_cast<long long>(bad), static_cast<long long>(n), max_diff,
                    static_cast<long long>(max_at), atol, rtol);
        ++counts().failed;
        return false;
    }
    ++counts().passed;
    return true;
}

inline bool close(const std::string& label, const std::vector<float>& got, const std::vector<float>& want,
                  double atol, double rtol, const float* scale = nullptr) {
    if (got.size() != want.size()) {
        std::printf("FAIL %s: %zu values, want %zu\n", label.c_str(), got.size(), want.size());
        ++counts().failed;
        return false;
    }
    return close(label, got.data(), want.data(), static_cast<int64_t>(got.size()), atol, rtol, scale);
}

// Bit-exact comparison of 16- or 32-bit words; prints the first five differences in hex.
template <class Word>
bool same_bits(const std::string& label, const Word* got, const Word* want, int64_t n) {
    int64_t bad = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (got[i] == want[i]) continue;
        if (bad == 0) std::printf("FAIL %s\n", label.c_str());
        if (bad < 5) {
            std::printf("  [%lld] got 0x%llx want 0x%llx\n", static_cast<long long>(i),
                        static_cast<unsigned long long>(got[i]), static_cast<unsigned long long>(want[i]));
        }
        ++bad;
    }
    if (bad != 0) {
        std::printf("  %lld of %lld values differ\n", static_cast<long long>(bad), static_cast<long long>(n));
        ++counts().failed;
        return false;
    }
    ++counts().passed;
    return true;
}

inline bool expect(bool ok, const std::string& what) {
    if (ok) {
        ++counts().passed;
    } else {
        std::printf("FAIL %s\n", what.c_str());
        ++counts().failed;
    }
    return ok;
}

inline void skip(const std::string& what, const std::string& reason) {
    std::printf("SKIP %s: %s\n", what.c_str(), reason.c_str());
    ++counts().skipped;
}

// The kernel tables to test against _ref: every other ISA this build has code for and this CPU can run.
// The rest are skipped with the reason.
inline std::vector<const mu_kernel_table*> fast_tables() {
    std::vector<const mu_kernel_table*> tables;
    for (int isa = 1; isa <= 3; ++isa) {
        const mu_kernel_table* table = mu_kernel_table_for(isa);
        if (table == nullptr) {
            skip(mu_isa_name(isa), "not built for this target architecture");
        } else if (!mu_isa_supported(isa)) {
            skip(mu_isa_name(isa), isa == 2   ? "CPU lacks avx512f/bw/vl/dq"
                                   : isa == 3 ? "CPU lacks the dot-product extension (asimddp)"
                                              : "CPU lacks avx2/fma/f16c");
        } else {
            tables.push_back(table);
        }
    }
    return tables;
}

// Prints the summary line and returns the process exit code.
inline int finish(const char* test) {
    const Counts& c = counts();
    std::printf("%s: %d passed, %d failed, %d skipped\n", test, c.passed, c.failed, c.skipped);
    return c.failed == 0 ? 0 : 1;
}

} // namespace check
