// Throughput of the matrix products for every ISA this CPU runs; not a test.
//   bench_kernels            n = d = 1024: matvec, and matmul with t = 32 tokens
//   bench_kernels N D T      other sizes
// GFLOP/s counts 2 n d t flops per product (quant_act: giga-values per second); each figure is the best of 5
// runs of at least 0.2 s.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kernels.h"

namespace {

template <class T>
class Buffer {
public:
    explicit Buffer(int64_t n) : p_(static_cast<T*>(mu_alloc(n * static_cast<int64_t>(sizeof(T))))) {
        if (p_ == nullptr) {
            std::fprintf(stderr, "out of memory\n");
            std::exit(1);
        }
    }
    ~Buffer() { mu_free(p_); }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    T* data() { return p_; }
    T& operator[](int64_t i) { return p_[i]; }

private:
    T* p_;
};

template <class F>
double gflops(double flops_per_call, F call) {
    using clock = std::chrono::steady_clock;
    double best = 0.0;
    for (int run = 0; run < 5; ++run) {
        int calls = 0;
        const auto start = clock::now();
        double seconds = 0.0;
        do {
            call();
            ++calls;
            seconds = std::chrono::duration<double>(clock::now() - start).count();
        } while (seconds < 0.2);
        const double rate = flops_per_call * calls / seconds * 1e-9;
        best = rate > best ? rate : best;
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 1024;
    const int d = argc > 2 ? std::atoi(argv[2]) : 1024;
    const int t = argc > 3 ? std::atoi(argv[3]) : 32;
    // 64-byte aligned like every buffer mu4j allocates (mu_alloc) or maps.
    const int64_t wn = static_cast<int64_t>(n) * d;
    Buffer<float> w(wn), x(static_cast<int64_t>(n) * t), out(static_cast<int64_t>(d) * t);
    Buffer<uint16_t> w16(wn), wbf16(wn);
    for (int64_t i = 0; i < wn; ++i) w[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (int64_t i = 0; i < static_cast<int64_t>(n) * t; ++i) {
        x[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
    }
    mu_f32_to_f16_ref(w16.data(), w.data(), wn);
    for (int64_t i = 0; i < wn; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &w[i], sizeof bits);
        wbf16[i] = static_cast<uint16_t>(bits >> 16); // bf16 is the top half of an f32
    }

    std::printf("n=%d d=%d t=%d, GFLOP/s (best of 5)\n", n, d, t);
    std::printf("%-8s %12s %12s %12s %12s %12s %12s\n", "isa", "matvec_f32", "matvec_f16", "matvec_bf16",
                "matmul_f32", "matmul_f16", "matmul_bf16");
    const double vec = 2.0 * n * d, mat = vec * t;
    for (int isa = 0; isa < 4; ++isa) {
        const mu_kernel_table* k = mu_kernel_table_for(isa);
        if (k == nullptr || !mu_isa_supported(isa)) continue;
        std::printf("%-8s %12.2f %12.2f %12.2f %12.2f %12.2f %12.2f\n", mu_isa_name(isa),
                    gflops(vec, [&] { k->matvec_f32(out.data(), w.data(), x.data(), n, d); }),
                    gflops(vec, [&] { k->matvec_f16(out.data(), w16.data(), x.data(), n, d); }),
                    gflops(vec, [&] { k->matvec_bf16(out.data(), wbf16.data(), x.data(), n, d); }),
                    gflops(mat, [&] { k->matmul_f32(out.data(), w.data(), x.data(), n, d, t, d); }),
                    gflops(mat, [&] { k->matmul_f16(out.data(), w16.data(), x.data(), n, d, t, d); }),
                    gflops(mat, [&] { k->matmul_bf16(out.data(), wbf16.data(), x.data(), n, d, t, d); }));
    }

    // Quantized weights: GFLOP/s, and for matvec the weight bytes (quants + fp16 scales) streamed per second.
    if (n % MU_QK == 0) {
        std::vector<int8_t> q8(wn);
        std::vector<uint8_t> q4(wn / 2), xq(MU_ACT_ROW_BYTES(n) * t);
        std::vector<uint16_t> s8(wn / MU_QK), s4(wn / MU_QK);
        mu_quantize_q8_0(q8.data(), s8.data(), w.data(), wn);
        mu_quantize_q4_0(q4.data(), s4.data(), w.data(), wn);
        mu_quantize_act_ref(xq.data(), x.data(), n, t);
        const double bytes8 = wn + wn / 16.0, bytes4 = wn / 2.0 + wn / 16.0;
        std::printf("\nquantized, GFLOP/s (best of 5); matvec also GB/s of weights\n");
        std::printf("%-8s %10s %8s %10s %8s %12s %12s %12s\n", "isa", "mv_q8_0", "GB/s", "mv_q4_0", "GB/s",
                    "mm_q8_0", "mm_q4_0", "quant_act");
        for (int isa = 0; isa < 4; ++isa) {
            const mu_kernel_table* k = mu_kernel_table_for(isa);
            if (k == nullptr || !mu_isa_supported(isa)) continue;
            const double v8 = gflops(vec, [&] { k->matvec_q8_0(out.data(), q8.data(), s8.data(), xq.data(), n, d); });
            const double v4 = gflops(vec, [&] { k->matvec_q4_0(out.data(), q4.data(), s4.data(), xq.data(), n, d); });
            std::printf("%-8s %10.2f %8.2f %10.2f %8.2f %12.2f %12.2f %12.2f\n", mu_isa_name(isa), v8, v8 / vec * bytes8,
                        v4, v4 / vec * bytes4,
                        gflops(mat, [&] { k->matmul_q8_0(out.data(), q8.data(), s8.data(), xq.data(), n, d, t, d); }),
                        gflops(mat, [&] { k->matmul_q4_0(out.data(), q4.data(), s4.data(), xq.data(), n, d, t, d); }),
                        gflops(1.0 * n * t, [&] { k->quantize_act(xq.data(), x.data(), n, t); }));
        }
    }

    // The public (threaded) entry points of the active ISA at 1 and 2 threads, with idle workers spinning
    // (default) or sleeping at once (spin 0 us: every product pays a wake-up).
    std::printf("\npublic products, isa %s, GFLOP/s (best of 5)\n", mu_isa_name(mu_isa()));
    std::printf("%-22s %12s %12s %12s\n", "threads / spin", "matvec_f32", "matvec_f16", "matmul_f16");
    for (int threads : {1, 2}) {
        for (int spin : {300, 0}) {
            if (threads == 1 && spin == 0) continue;
            mu_set_threads(threads);
            mu_set_thread_spin_us(spin);
            std::printf("%-22s %12.2f %12.2f %12.2f\n", (std::to_string(threads) + " / " + std::to_string(spin) + " us").c_str(),
                        gflops(vec, [&] { mu_matvec_f32(out.data(), w.data(), x.data(), n, d); }),
                        gflops(vec, [&] { mu_matvec_f16(out.data(), w16.data(), x.data(), n, d); }),
                        gflops(mat, [&] { mu_matmul_f16(out.data(), w16.data(), x.data(), n, d, t); }));
        }
    }
    mu_set_threads(1);
    mu_set_thread_spin_us(300);
    return 0;
}
