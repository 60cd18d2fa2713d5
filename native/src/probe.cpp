// Memory-bandwidth probe for `mu4j bench`: one read-only pass over a buffer, timed by the caller.
#include <cstdint>
#include <cstring>

#include "mu4j.h"

namespace {

inline uint64_t load64(const unsigned char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w); // unaligned-safe; compiles to one load
    return w;
}

} // namespace

extern "C" {

// Eight independent accumulators, one per word of a 64-byte line, keep enough loads in flight to saturate memory
// from plain C++ (8 loads per line is far below what a core issues); the sum is returned so the reads cannot be
// optimised away.
uint64_t mu_read_sum(const void* buf, int64_t bytes) {
    if (buf == nullptr || bytes <= 0) return 0;
    const unsigned char* p = static_cast<const unsigned char*>(buf);
    const int64_t lines = bytes / 64;
    uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (int64_t i = 0; i < lines; ++i) {
        const unsigned char* line = p + i * 64;
        a0 += load64(line);
        a1 += load64(line + 8);
        a2 += load64(line + 16);
        a3 += load64(line + 24);
        a4 += load64(line + 32);
        a5 += load64(line + 40);
        a6 += load64(line + 48);
        a7 += load64(line + 56);
    }
    uint64_t sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    for (int64_t i = lines * 64; i < bytes; ++i) sum += p[i]; // the tail, byte by byte
    return sum;
}

} // extern "C"
