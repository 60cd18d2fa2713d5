// Time of the quantized products at the shapes of a decode token of mu-330m; not a test (run by hand).
//   bench_quant [threads] [token]   (token: only the last part; its products in all four layouts q8_0, q4_0,
//                                   q8_0r4, q4_0r4)
//   bench_quant 1 hot           the active ISA's kernels on one thread, weights in L2 (n = 1024, d = 256), timed
//                               in thread CPU time (best of 7), so that other processes on the machine count less:
//                               matvec q8_0 / q4_0 and matmul (t = 32) q8_0 / q4_0 / q8_0r4 / q4_0r4.
//   bench_quant [threads]       per shape of a decode token: matvec and matmul (t = 32) q8_0 / q4_0 through the
//                               public, threaded entry points, the weights cycling through copies that together
//                               exceed the L3 (so they stream from memory as in a real decode step); then one
//                               "token": every product of mu-330m's 24 layers and the logits, each with its own
//                               weights, plus the activation quantization before each group, as the Java decode
//                               loop calls them.
// Figures: microseconds per call (median of 7 runs of >= 0.15 s each) and GB/s of weights streamed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "kernels.h"

namespace {

using clock_type = std::chrono::steady_clock;

struct Mat {
    int n, d;
    std::vector<int8_t> q8;
    std::vector<uint8_t> q4;
    std::vector<uint16_t> s8, s4;
    // The same weights in the interleaved layouts (q8_0r4, q4_0r4).
    std::vector<int8_t> q8r;
    std::vector<uint8_t> q4r;
    std::vector<uint16_t> s8r, s4r;
    Mat(int n_, int d_, unsigned seed) : n(n_), d(d_) {
        const int64_t wn = static_cast<int64_t>(n) * d;
        std::vector<float> w(wn);
        unsigned s = seed * 2654435761u + 1;
        for (int64_t i = 0; i < wn; ++i) {
            s = s * 1664525u + 1013904223u;
            w[i] = static_cast<float>(s >> 8) / 16777216.0f - 0.5f;
        }
        q8.resize(wn);
        q4.resize(wn / 2);
        s8.resize(wn / MU_QK);
        s4.resize(wn / MU_QK);
        mu_quantize_q8_0(q8.data(), s8.data(), w.data(), wn);
        mu_quantize_q4_0(q4.data(), s4.data(), w.data(), wn);
        q8r.resize(q8.size());
        q4r.resize(q4.size());
        s8r.resize(s8.size());
        s4r.resize(s4.size());
        mu_interleave_r4(0, q8r.data(), s8r.data(), q8.data(), s8.data(), n, d);
        mu_interleave_r4(1, q4r.data(), s4r.data(), q4.data(), s4.data(), n, d);
    }
    // y = W x for type 0-3 (q8_0, q4_0, q8_0r4, q4_0r4) through the public entry point of all four.
    void matvec(int type, float* out, const void* xq) const {
        const void* q = type == 0 ? static_cast<const void*>(q8.data())
                        : type == 1 ? static_cast<const void*>(q4.data())
                        : type == 2 ? static_cast<const void*>(q8r.data()) : static_cast<const void*>(q4r.data());
        const uint16_t* s = type == 0 ? s8.data() : type == 1 ? s4.data() : type == 2 ? s8r.data() : s4r.data();
        mu_matmul_quant3(type, 1, out, q, s, d, nullptr, nullptr, nullptr, 0, nullptr, nullptr, nullptr, 0, xq, n, 1);
    }
    double bytes(bool q4_0) const {
        const double wn = static_cast<double>(n) * d;
        return (q4_0 ? wn / 2 : wn) + wn / 16;
    }
};

// Median over 7 runs of the mean microseconds per call.
template <class F>
double micros(F call) {
    std::vector<double> runs;
    for (int run = 0; run < 7; ++run) {
        int calls = 0;
        const auto start = clock_type::now();
        double seconds = 0.0;
        do {
            call(calls);
            ++calls;
            seconds = std::chrono::duration<double>(clock_type::now() - start).count();
        } while (seconds < 0.15);
        runs.push_back(seconds * 1e6 / calls);
    }
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

std::vector<uint8_t> activations(int n, int t) {
    std::vector<float> x(static_cast<int64_t>(n) * t);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
    std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
    mu_quantize_act_ref(xq.data(), x.data(), n, t);
    return xq;
}

} // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    mu_set_threads(threads);
    std::printf("isa %s, %d thread(s)\n", mu_isa_name(mu_isa()), threads);
    const int shapes[][2] = {{1024, 1024}, {1024, 256}, {1024, 2816}, {2816, 1024}, {1024, 32000}};
    std::printf("%-12s %9s %7s %9s %7s %12s %12s\n", "n x d", "mv_q8 us", "GB/s", "mv_q4 us", "GB/s", "mm32_q8 us",
                "mm32_q4 us");
    if (argc > 2 && std::string(argv[2]) == "hot") {
        const int n = 1024, d = 256, t = 32;
        Mat m(n, d, 1);
        std::vector<uint8_t> x1 = activations(n, 1), x32 = activations(n, t);
        std::vector<float> out(static_cast<size_t>(d) * t);
        const mu_kernel_table* k = mu_kernel_table_for(mu_isa());
        const auto cpu_best = [](auto call) {
            double best = 1e30;
            for (int run = 0; run < 7; ++run) {
                timespec a, b;
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
                for (int i = 0; i < 200; ++i) call();
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
                best = std::min(best, ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 200.0);
            }
            return best * 1e-3; // us
        };
        const double v8 = cpu_best([&] { k->matvec_q8_0(out.data(), m.q8.data(), m.s8.data(), x1.data(), n, d); });
        const double v4 = cpu_best([&] { k->matvec_q4_0(out.data(), m.q4.data(), m.s4.data(), x1.data(), n, d); });
        const double m8 = cpu_best([&] { k->matmul_q8_0(out.data(), m.q8.data(), m.s8.data(), x32.data(), n, d, t, d); });
        const double m4 = cpu_best([&] { k->matmul_q4_0(out.data(), m.q4.data(), m.s4.data(), x32.data(), n, d, t, d); });
        const double m8r =
            cpu_best([&] { k->matmul_q8_0r4(out.data(), m.q8r.data(), m.s8r.data(), x32.data(), n, d, t, d); });
        const double m4r =
            cpu_best([&] { k->matmul_q4_0r4(out.data(), m.q4r.data(), m.s4r.data(), x32.data(), n, d, t, d); });
        std::printf("hot %dx%d, us (GB/s of weights): mv_q8 %.2f (%.1f)  mv_q4 %.2f (%.1f)  mm32_q8 %.1f  mm32_q4 %.1f "
                    "(%.1f GMAC/s)  mm32_q8r4 %.1f  mm32_q4r4 %.1f\n", n, d, v8, m.bytes(false) / v8 * 1e-3, v4,
                    m.bytes(true) / v4 * 1e-3, m8, m4, 32.0 * n * d / m4 * 1e-3, m8r, m4r);
        return 0;
    }
    const bool token_only = argc > 2 && std::string(argv[2]) == "token";
    for (const auto& sh : shapes) {
        if (token_only) break;
        const int n = sh[0], d = sh[1];
        const double one = static_cast<double>(n) * d * 1.0625;
        const int copies = std::max(1, static_cast<int>(256e6 / one));
        std::vector<Mat> m;
        for (int c = 0; c < copies; ++c) m.emplace_back(n, d, c + 1);
        std::vector<uint8_t> x1 = activations(n, 1), x32 = activations(n, 32);
        std::vector<float> out(static_cast<size_t>(d) * 32);
        const double t8 = micros([&](int i) {
            const Mat& w = m[i % copies];
            mu_matvec_q8_0(out.data(), w.q8.data(), w.s8.data(), x1.data(), n, d);
        });
        const double t4 = micros([&](int i) {
            const Mat& w = m[i % copies];
            mu_matvec_q4_0(out.data(), w.q4.data(), w.s4.data(), x1.data(), n, d);
        });
        const double m8 = micros([&](int i) {
            const Mat& w = m[i % copies];
            mu_matmul_q8_0(out.data(), w.q8.data(), w.s8.data(), x32.data(), n, d, 32);
        });
        const double m4 = micros([&](int i) {
            const Mat& w = m[i % copies];
            mu_matmul_q4_0(out.data(), w.q4.data(), w.s4.data(), x32.data(), n, d, 32);
        });
        char name[32];
        std::snprintf(name, sizeof name, "%dx%d", n, d);
        std::printf("%-12s %9.1f %7.2f %9.1f %7.2f %12.1f %12.1f\n", name, t8, m[0].bytes(false) / t8 * 1e-3, t4,
                    m[0].bytes(true) / t4 * 1e-3, m8, m4);
    }

    // One decode token's products: per layer q, k, v (one quantization), o, gate + up (one), down; then logits.
    const int layers = 24, dim = 1024, kv = 256, hidden = 2816, vocab = 32000;
    std::vector<Mat> w;
    for (int l = 0; l < layers; ++l) {
        w.emplace_back(dim, dim, 7 * l + 1);
        w.emplace_back(dim, kv, 7 * l + 2);
        w.emplace_back(dim, kv, 7 * l + 3);
        w.emplace_back(dim, dim, 7 * l + 4);
        w.emplace_back(dim, hidden, 7 * l + 5);
        w.emplace_back(dim, hidden, 7 * l + 6);
        w.emplace_back(hidden, dim, 7 * l + 7);
    }
    w.emplace_back(dim, vocab, 999);
    std::vector<float> x(hidden), out(vocab);
    for (int i = 0; i < hidden; ++i) x[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
    std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(hidden));
    const char* names[] = {"q8_0", "q4_0", "q8_0r4", "q4_0r4"};
    for (int type = 0; type < 4; ++type) {
        const bool q4 = type % 2 == 1;
        double bytes = 0;
        for (const Mat& m : w) bytes += m.bytes(q4);
        const auto product = [&](const Mat& m) { m.matvec(type, out.data(), xq.data()); };
        const double us = micros([&](int) {
            for (int l = 0; l < layers; ++l) {
                const Mat* lw = &w[7 * l];
                mu_quantize_act(xq.data(), x.data(), dim, 1);
                for (int j = 0; j < 3; ++j) product(lw[j]);
                mu_quantize_act(xq.data(), x.data(), dim, 1);
                product(lw[3]);
                mu_quantize_act(xq.data(), x.data(), dim, 1);
                product(lw[4]);
                product(lw[5]);
                mu_quantize_act(xq.data(), x.data(), hidden, 1);
                product(lw[6]);
            }
            mu_quantize_act(xq.data(), x.data(), dim, 1);
            product(w.back());
        });
        std::printf("token (%s): %.0f us = %.1f tok/s of products alone, %.1f MB, %.2f GB/s\n", names[type],
                    us, 1e6 / us, bytes * 1e-6, bytes / us * 1e-3);
    }
    return 0;
}
