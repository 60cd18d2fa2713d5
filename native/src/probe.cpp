// Memory-bandwidth probe for `mu4j bench`: one read-only pass over a buffer, timed by the caller.
#include <cstdint>
#include <cstring>

#include "mu4j.h"

extern "C" {

// Eight independent 64-bit accumulators over 64-byte lines keep enough loads in flight to saturate memory from
// plain C++ (the compiler vectorises the adds); the sum is returned so the reads cannot be optimised away.
uint64_t mu_read_sum(const void* buf, int64_t bytes) {
    if (buf == nullptr || bytes <= 0) return 0;
    const unsigned char* p = static_cast<const unsigned char*>(buf);
    const int64_t lines = bytes / 64;
    uint64_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int64_t i = 0; i < lines; ++i) {
        uint64_t w[8];
        std::memcpy(w, p + i * 64, 64);
        for (int k = 0; k < 8; ++k) acc[k] += w[k];
    }
    uint64_t sum = 0;
    for (int k = 0; k < 8; ++k) sum += acc[k];
    for (int64_t i = lines * 64; i < bytes; ++i) sum += p[i]; // the tail, byte by byte
    return sum;
}

} // extern "C"
