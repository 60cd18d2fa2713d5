// Thread pool: mu_set_threads validation, every part of a job runs exactly once, and the public matrix products
// give bit-identical results at 1, 2, 3 and 5 threads (rows are split, never the sums), also with two callers
// at once (the second runs on its own thread).
#include <atomic>
#include <cstring>
#include <thread>

#include "check.h"

namespace {

using check::format;

const int THREAD_COUNTS[] = {1, 2, 3, 5};

void test_set_threads() {
    check::expect(mu_set_threads(0) == -1, "mu_set_threads(0) is refused");
    check::expect(mu_set_threads(257) == -1, "mu_set_threads(257) is refused");
    for (int n : THREAD_COUNTS) {
        check::expect(mu_set_threads(n) == 0 && mu_threads() == n, format("mu_set_threads(%d) then mu_threads", n));
    }
}

struct Counter {
    std::atomic<int> hits[64];
};

void count_part(void* ctx, int part, int parts) {
    Counter& c = *static_cast<Counter*>(ctx);
    if (part >= 0 && part < parts && part < 64) c.hits[part].fetch_add(1);
}

void test_every_part_once() {
    for (int threads : THREAD_COUNTS) {
        mu_set_threads(threads);
        for (int parts : {1, 2, 3, 7, 64}) {
            for (int round = 0; round < 50; ++round) {
                Counter c;
                for (auto& h : c.hits) h.store(0);
                mu_parallel_for(parts, count_part, &c);
                bool ok = true;
                for (int p = 0; p < 64; ++p) ok &= c.hits[p].load() == (p < parts ? 1 : 0);
                if (!ok || round == 49) {
                    check::expect(ok, format("%d threads, %d parts: each part once (round %d)", threads, parts, round));
                    break;
                }
            }
        }
    }
}

void test_split_rows() {
    for (int d : {1, 15, 16, 17, 1000, 1024}) {
        for (int parts : {1, 2, 3, 7}) {
            int next = 0;
            bool ok = true;
            for (int p = 0; p < parts; ++p) {
                int r0, r1;
                mu_split_rows(d, p, parts, 16, &r0, &r1);
                ok &= r0 == next && r1 >= r0 && (r1 == d || r1 % 16 == 0);
                next = r1;
            }
            check::expect(ok && next == d, format("mu_split_rows d=%d parts=%d covers [0, d) in 16-row steps", d, parts));
        }
    }
}

// The public products at each thread count must equal the 1-thread result bit for bit.
void test_products_identical() {
    check::Rng rng(7);
    const int shapes[][3] = {{33, 17, 1}, {1024, 1000, 1}, {4095, 127, 1}, {256, 1040, 3}, {1024, 256, 32}};
    for (const auto& shape : shapes) {
        const int n = shape[0], d = shape[1], t = shape[2];
        std::vector<float> w = rng.vector(static_cast<int64_t>(n) * d), x = rng.vector(static_cast<int64_t>(n) * t);
        std::vector<uint16_t> h(w.size());
        mu_f32_to_f16_ref(h.data(), w.data(), static_cast<int64_t>(w.size()));
        auto run = [&](int which, std::vector<float>& out) {
            out.assign(static_cast<size_t>(d) * t, 0.0f);
            if (t == 1) {
                if (which == 0) mu_matvec_f32(out.data(), w.data(), x.data(), n, d);
                if (which == 1) mu_matvec_f16(out.data(), h.data(), x.data(), n, d);
                if (which == 2) mu_matvec_bf16(out.data(), h.data(), x.data(), n, d);
            } else {
                if (which == 0) mu_matmul_f32(out.data(), w.data(), x.data(), n, d, t);
                if (which == 1) mu_matmul_f16(out.data(), h.data(), x.data(), n, d, t);
                if (which == 2) mu_matmul_bf16(out.data(), h.data(), x.data(), n, d, t);
            }
        };
        const char* names[] = {"f32", "f16", "bf16"};
        for (int which = 0; which < 3; ++which) {
            mu_set_threads(1);
            std::vector<float> want, got;
            run(which, want);
            for (int threads : THREAD_COUNTS) {
                mu_set_threads(threads);
                run(which, got);
                check::same_bits(format("%s n=%d d=%d t=%d at %d threads == 1 thread", names[which], n, d, t, threads),
                                 reinterpret_cast<const uint32_t*>(got.data()),
                                 reinterpret_cast<const uint32_t*>(want.data()), static_cast<int64_t>(got.size()));
            }
        }
    }
}

// Two threads calling products at once: one gets the pool, the other runs alone; both results are exact.
void test_concurrent_callers() {
    mu_set_threads(2);
    check::Rng rng(11);
    const int n = 1024, d = 512;
    std::vector<float> w = rng.vector(static_cast<int64_t>(n) * d), x = rng.vector(n), want(d);
    mu_matvec_f32(want.data(), w.data(), x.data(), n, d);
    std::atomic<int> mismatches{0};
    auto caller = [&] {
        std::vector<float> out(d);
        for (int i = 0; i < 200; ++i) {
            mu_matvec_f32(out.data(), w.data(), x.data(), n, d);
            if (std::memcmp(out.data(), want.data(), sizeof(float) * d) != 0) mismatches.fetch_add(1);
        }
    };
    std::thread a(caller), b(caller);
    a.join();
    b.join();
    check::expect(mismatches.load() == 0, format("two concurrent callers: %d mismatching results", mismatches.load()));
}

} // namespace

int main() {
    test_set_threads();
    test_every_part_once();
    test_split_rows();
    test_products_identical();
    test_concurrent_callers();
    mu_set_threads(1);
    return check::finish("threadpool");
}
