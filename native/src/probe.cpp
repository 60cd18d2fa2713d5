// Memory-bandwidth probe for `mu4j bench`: one read-only pass over a buffer, timed by the caller, split over the
// thread pool like the matrix products (one contiguous range of 64-byte lines per thread).
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "mu4j.h"

namespace {

inline uint64_t load64(const unsigned char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w); // unaligned-safe; compiles to one load
    return w;
}

// Eight independent accumulators, one per word of a 64-byte line, keep enough loads in flight to saturate memory
// from plain C++ (8 loads per line is far below what a core issues).
uint64_t sum_lines(const unsigned char* p, int64_t first, int64_t end) {
    uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (int64_t i = first; i < end; ++i) {
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
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

constexpr int MAX_PARTS = 256;

struct ReadJob {
    const unsigned char* p;
    int64_t lines;
    alignas(64) uint64_t sums[MAX_PARTS][8]; // a 64-byte slot per part: no two parts write one cache line
};

void read_part(void* ctx, int part, int parts) {
    ReadJob* job = static_cast<ReadJob*>(ctx);
    const int64_t first = job->lines * part / parts, end = job->lines * (part + 1) / parts;
    job->sums[part][0] = sum_lines(job->p, first, end);
}

} // namespace

extern "C" {

// The sum is returned so the reads cannot be optimised away; wrapping addition makes it independent of the split.
uint64_t mu_read_sum(const void* buf, int64_t bytes) {
    if (buf == nullptr || bytes <= 0) return 0;
    ReadJob job;
    job.p = static_cast<const unsigned char*>(buf);
    job.lines = bytes / 64;
    int parts = mu_threads();
    if (parts > MAX_PARTS) parts = MAX_PARTS;
    if (job.lines < parts) parts = 1;
    mu_parallel_for(parts, read_part, &job);
    uint64_t sum = 0;
    for (int k = 0; k < parts; ++k) sum += job.sums[k][0];
    for (int64_t i = job.lines * 64; i < bytes; ++i) sum += job.p[i]; // the tail, byte by byte
    return sum;
}

} // extern "C"
