// The bandwidth probe's read pass: its sum equals a plain word-by-word sum at every size and misalignment.
#include <cstring>
#include <vector>

#include "check.h"

namespace {

using check::format;

// The specification: whole 64-byte lines as little-endian 64-bit words, then the tail byte by byte.
uint64_t read_sum_spec(const unsigned char* p, int64_t bytes) {
    uint64_t sum = 0;
    const int64_t whole = bytes / 64 * 64;
    for (int64_t i = 0; i < whole; i += 8) {
        uint64_t w = 0;
        for (int b = 7; b >= 0; --b) w = (w << 8) | p[i + b];
        sum += w;
    }
    for (int64_t i = whole; i < bytes; ++i) sum += p[i];
    return sum;
}

void test_read_sum() {
    check::Rng rng(17);
    std::vector<unsigned char> buf(4095 * 8 + 64 + 7);
    for (auto& b : buf) b = static_cast<unsigned char>(rng.next());
    for (int n : check::SIZES) {
        for (int64_t bytes : {int64_t{n}, int64_t{n} * 8, int64_t{n} * 64 + 3}) {
            if (bytes + 7 > static_cast<int64_t>(buf.size())) continue;
            for (int offset : {0, 1, 7}) {   // the probe must not assume alignment
                const uint64_t got = mu_read_sum(buf.data() + offset, bytes);
                const uint64_t want = read_sum_spec(buf.data() + offset, bytes);
                check::expect(got == want, format("mu_read_sum(%lld bytes at +%d) = %llu, want %llu",
                                                  static_cast<long long>(bytes), offset,
                                                  static_cast<unsigned long long>(got),
                                                  static_cast<unsigned long long>(want)));
            }
        }
    }
    check::expect(mu_read_sum(nullptr, 64) == 0, "mu_read_sum(NULL) = 0");
    check::expect(mu_read_sum(buf.data(), 0) == 0, "mu_read_sum of 0 bytes = 0");
    check::expect(mu_read_sum(buf.data(), -5) == 0, "mu_read_sum of negative bytes = 0");
}

} // namespace

// The same sums with the lines split over 2, 3 and 7 threads (a split at every line boundary is fine).
void test_read_sum_threads() {
    check::Rng rng(23);
    std::vector<unsigned char> buf(64 * 1000 + 5);
    for (auto& b : buf) b = static_cast<unsigned char>(rng.next());
    for (int threads : {2, 3, 7}) {
        check::expect(mu_set_threads(threads) == 0, format("mu_set_threads(%d)", threads));
        for (int64_t bytes : {int64_t{1}, int64_t{64}, int64_t{64 * 3 + 1}, int64_t{64 * 7}, int64_t{64 * 1000 + 5}}) {
            const uint64_t got = mu_read_sum(buf.data(), bytes);
            const uint64_t want = read_sum_spec(buf.data(), bytes);
            check::expect(got == want, format("mu_read_sum(%lld bytes) on %d threads = %llu, want %llu",
                                              static_cast<long long>(bytes), threads,
                                              static_cast<unsigned long long>(got),
                                              static_cast<unsigned long long>(want)));
        }
    }
    mu_set_threads(1);
}

int main() {
    test_read_sum();
    test_read_sum_threads();
    return check::finish("test_probe");
}
