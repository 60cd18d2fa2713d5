// Block quantization (q8_0, q4_0: 32 weights per fp16 scale) and the products of quantized weights with
// activations quantized per block to int8. Layouts: mu4j.h and models/FORMAT.md. The _ref variants are the
// specification: one block's integer dot product summed exactly in int32, then scaled by
// scale_w * scale_x in f32 and added up block by block from the first.
#include <cmath>
#include <cstring>

#include "act_row.h"
#include "kernels.h"
#include "quant_layout.h"

namespace {

inline float f16(uint16_t h) {
    float f;
    mu_f16_to_f32_ref(&f, &h, 1);
    return f;
}

inline uint16_t to_f16(float f) {
    uint16_t h;
    mu_f32_to_f16_ref(&h, &f, 1);
    return h;
}

// Round to nearest, ties to even (the SIMD conversions' default mode). A NaN or an out-of-range value (only from
// non-finite inputs, which the callers report) becomes 0: converting it to int would be undefined behaviour.
inline int round_even(float v) {
    return std::fabs(v) <= 1.0e6f ? static_cast<int>(std::nearbyint(v)) : 0;
}

// Weight formats: block(w, b, k) is weight k of block b as an integer, row(w, r, n) the start of row r.
struct Q8 : PlainRows {
    using type = int8_t;
    static constexpr int block_bytes = MU_QK;
    static int at(const int8_t* w, int b, int k) { return w[b * MU_QK + k]; }
    static const int8_t* row(const int8_t* w, int64_t r, int n) { return w + r * n; }
};

struct Q4 : PlainRows {
    using type = uint8_t;
    static constexpr int block_bytes = MU_QK / 2;
    static int at(const uint8_t* w, int b, int k) {
        const uint8_t byte = w[b * (MU_QK / 2) + (k & 15)];
        return (k < 16 ? byte & 15 : byte >> 4) - 8;
    }
    static const uint8_t* row(const uint8_t* w, int64_t r, int n) { return w + r * (n / 2); }
};

template <class Format>
float dot(const typename Format::type* w, const uint16_t* scale, const ActRow& x, int n) {
    float sum = 0.0f;
    for (int b = 0; b < n / MU_QK; ++b) {
        int32_t isum = 0;
        const typename Format::type* base = Format::block_base(w, b);
        for (int k = 0; k < MU_QK; ++k) isum += Format::at(base, b, k) * x.q[b * MU_QK + k];
        sum += static_cast<float>(isum) * (f16(*Format::scale_at(scale, b)) * x.d[b]);
    }
    return sum;
}

template <class Format>
void matmul(float* out, const typename Format::type* w, const uint16_t* scale, const void* xq, int n, int d, int t,
            int out_stride) {
    for (int i = 0; i < t; ++i) {
        const ActRow x = act_row(xq, n, i);
        for (int r = 0; r < d; ++r) {
            out[static_cast<int64_t>(i) * out_stride + r] =
                dot<Format>(Format::row(w, r, n), Format::scale_row(scale, r, n / MU_QK), x, n);
        }
    }
}

// Up to three products of one input as one job: the parts split the rows of all of them (d0 + d1 + d2) and run
// each product's share of their range with that product's kernel (mu_quant_rows), so the bits are those of
// separate calls (rows are independent of how they are grouped). t = 0 runs the matvec kernels. The parts split
// rows at multiples of 16 and every product's rows are a multiple of 4 in the interleaved layouts, so each share
// starts at a 4-row group.
struct QuantJob {
    const mu_kernel_table* k;
    int type;
    int count;
    float* out[3];
    const void* w[3];
    const uint16_t* scale[3];
    int d[3];
    const void* xq;
    int n, t, rows;

    static void part(void* ctx, int part, int parts) {
        const QuantJob& p = *static_cast<const QuantJob*>(ctx);
        int r0, r1;
        mu_split_rows(p.rows, part, parts, 16, &r0, &r1);
        int first = 0; // row of the combined range where product i starts
        for (int i = 0; i < p.count; first += p.d[i], ++i) {
            const int a = r0 > first ? r0 - first : 0, b = r1 - first < p.d[i] ? r1 - first : p.d[i];
            if (a < b) mu_quant_rows(p.k, p.type, p.out[i], p.w[i], p.scale[i], p.xq, p.n, a, b, p.t, p.d[i]);
        }
    }

    void run() {
        rows = 0;
        for (int i = 0; i < count; ++i) rows += d[i];
        const int parts = mu_product_parts(static_cast<int64_t>(n) * rows * (t == 0 ? 1 : t));
        if (parts <= 1) {
            part(this, 0, 1);
        } else {
            mu_parallel_for(parts, &QuantJob::part, this);
        }
    }
};

// One product as a job (t = 0: matvec).
void quant1(int type, float* out, const void* w, const uint16_t* scale, const void* xq, int n, int d, int t) {
    QuantJob{mu_active_kernels(), type, 1, {out}, {w}, {scale}, {d}, xq, n, t, 0}.run();
}

} // namespace

void mu_quant_rows(const mu_kernel_table* k, int type, float* out, const void* w, const uint16_t* scale,
                   const void* xq, int n, int r0, int r1, int t, int out_stride) {
    const uint16_t* s = scale + static_cast<int64_t>(r0) * (n / MU_QK);
    float* o = out + r0;
    if (type % 2 == 0) {
        const int8_t* wr = Q8::row(static_cast<const int8_t*>(w), r0, n);
        if (t == 0) (type == 0 ? k->matvec_q8_0 : k->matvec_q8_0r4)(o, wr, s, xq, n, r1 - r0);
        else (type == 0 ? k->matmul_q8_0 : k->matmul_q8_0r4)(o, wr, s, xq, n, r1 - r0, t, out_stride);
    } else {
        const uint8_t* wr = Q4::row(static_cast<const uint8_t*>(w), r0, n);
        if (t == 0) (type == 1 ? k->matvec_q4_0 : k->matvec_q4_0r4)(o, wr, s, xq, n, r1 - r0);
        else (type == 1 ? k->matmul_q4_0 : k->matmul_q4_0r4)(o, wr, s, xq, n, r1 - r0, t, out_stride);
    }
}

void mu_quantize_blocks_ref(int8_t* q, float* d, float* s, const float* x, int blocks) {
    for (int b = 0; b < blocks; ++b) {
        float amax = 0.0f;
        for (int k = 0; k < MU_QK; ++k) amax = std::fmax(amax, std::fabs(x[b * MU_QK + k]));
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int32_t sum = 0;
        for (int k = 0; k < MU_QK; ++k) {
            const int v = round_even(x[b * MU_QK + k] * id);
            q[b * MU_QK + k] = static_cast<int8_t>(v);
            sum += v;
        }
        d[b] = amax / 127.0f;
        s[b] = d[b] * static_cast<float>(sum);
    }
}

void mu_quantize_act_ref(void* xq, const float* x, int n, int t) {
    for (int i = 0; i < t; ++i) {
        const auto [q, d, s] = act_row(xq, n, i);
        mu_quantize_blocks_ref(q, d, s, x + static_cast<int64_t>(i) * n, n / MU_QK);
    }
}

void mu_matvec_q8_0_ref(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<Q8>(out, w, scale, xq, n, d, 1, d);
}

void mu_matvec_q4_0_ref(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<Q4>(out, w, scale, xq, n, d, 1, d);
}

void mu_matmul_q8_0_ref(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                        int out_stride) {
    matmul<Q8>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matmul_q4_0_ref(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                        int out_stride) {
    matmul<Q4>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matvec_q8_0r4_ref(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<R4<Q8>>(out, w, scale, xq, n, d, 1, d);
}

void mu_matvec_q4_0r4_ref(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<R4<Q4>>(out, w, scale, xq, n, d, 1, d);
}

void mu_matmul_q8_0r4_ref(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                          int out_stride) {
    matmul<R4<Q8>>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matmul_q4_0r4_ref(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                          int out_stride) {
    matmul<R4<Q4>>(out, w, scale, xq, n, d, t, out_stride);
}

extern "C" {

int mu_quantize_q8_0(int8_t* q, uint16_t* scale, const float* x, int64_t n) {
    int status = 0;
    for (int64_t b = 0; b < n / MU_QK; ++b) {
        const float* xb = x + b * MU_QK;
        float amax = 0.0f;
        for (int k = 0; k < MU_QK; ++k) {
            if (!std::isfinite(xb[k])) status = -1;
            amax = std::fmax(amax, std::fabs(xb[k]));
        }
        scale[b] = to_f16(amax / 127.0f);
        const float dd = f16(scale[b]);
        if (!std::isfinite(dd)) status = -1;
        const float id = dd != 0.0f ? 1.0f / dd : 0.0f;
        for (int k = 0; k < MU_QK; ++k) {
            int v = round_even(xb[k] * id);
            v = v < -127 ? -127 : (v > 127 ? 127 : v);
            q[b * MU_QK + k] = static_cast<int8_t>(v);
        }
    }
    return status;
}

int mu_quantize_q4_0(uint8_t* q, uint16_t* scale, const float* x, int64_t n) {
    int status = 0;
    for (int64_t b = 0; b < n / MU_QK; ++b) {
        const float* xb = x + b * MU_QK;
        float m = 0.0f; // the value of largest magnitude, sign kept: it maps to -8, the end with one more step
        for (int k = 0; k < MU_QK; ++k) {
            if (!std::isfinite(xb[k])) status = -1;
            if (std::fabs(xb[k]) > std::fabs(m)) m = xb[k];
        }
        scale[b] = to_f16(m / -8.0f);
        const float dd = f16(scale[b]);
        if (!std::isfinite(dd)) status = -1;
        const float id = dd != 0.0f ? 1.0f / dd : 0.0f;
        uint8_t* qb = q + b * (MU_QK / 2);
        for (int k = 0; k < MU_QK / 2; ++k) {
            int lo = round_even(xb[k] * id) + 8, hi = round_even(xb[k + 16] * id) + 8;
            lo = lo < 0 ? 0 : (lo > 15 ? 15 : lo);
            hi = hi < 0 ? 0 : (hi > 15 ? 15 : hi);
            qb[k] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
    return status;
}

void mu_dequantize_q8_0(float* out, const int8_t* q, const uint16_t* scale, int64_t n) {
    for (int64_t b = 0; b < n / MU_QK; ++b) {
        const float dd = f16(scale[b]);
        for (int k = 0; k < MU_QK; ++k) out[b * MU_QK + k] = dd * static_cast<float>(q[b * MU_QK + k]);
    }
}

void mu_dequantize_q4_0(float* out, const uint8_t* q, const uint16_t* scale, int64_t n) {
    for (int64_t b = 0; b < n / MU_QK; ++b) {
        const float dd = f16(scale[b]);
        for (int k = 0; k < MU_QK; ++k) {
            out[b * MU_QK + k] = dd * static_cast<float>(Q4::at(q, static_cast<int>(b), k));
        }
    }
}

void mu_quantize_act(void* xq, const float* x, int n, int t) { mu_active_kernels()->quantize_act(xq, x, n, t); }

void mu_matvec_q8_0(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    quant1(0, out, w, scale, xq, n, d, 0);
}

void mu_matvec_q4_0(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    quant1(1, out, w, scale, xq, n, d, 0);
}

void mu_matmul_q8_0(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t) {
    quant1(0, out, w, scale, xq, n, d, t);
}

void mu_matmul_q4_0(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t) {
    quant1(1, out, w, scale, xq, n, d, t);
}

void mu_matmul_quant3(int type, int count, float* out0, const void* w0, const uint16_t* scale0, int d0, float* out1,
                      const void* w1, const uint16_t* scale1, int d1, float* out2, const void* w2,
                      const uint16_t* scale2, int d2, const void* xq, int n, int t) {
    float* const out[3] = {out0, out1, out2};
    const void* const w[3] = {w0, w1, w2};
    const uint16_t* const scale[3] = {scale0, scale1, scale2};
    const int d[3] = {d0, d1, d2};
    QuantJob job{};
    job.k = mu_active_kernels();
    job.type = type >= 0 && type <= 3 ? type : 1;
    job.count = count < 0 ? 0 : (count > 3 ? 3 : count);
    for (int i = 0; i < job.count; ++i) {
        job.out[i] = out[i];
        job.w[i] = w[i];
        job.scale[i] = scale[i];
        job.d[i] = d[i];
    }
    job.xq = xq;
    job.n = n;
    job.t = t == 1 ? 0 : t;
    job.run();
}

void mu_dequantize_row(int type, float* out, const void* q, const uint16_t* scale, int n, int64_t row) {
    const int64_t nb = n / MU_QK;
    for (int64_t b = 0; b < nb; b += R4_BLOCKS) { // an octet at a time: contiguous in both layouts
        const int64_t blocks = nb - b < R4_BLOCKS ? nb - b : R4_BLOCKS;
        const int64_t at = type >= 2 ? r4_offset(row, b, nb, 1) : row * nb + b; // the octet's first block
        float* o = out + b * MU_QK;
        if (type % 2 == 0) {
            mu_dequantize_q8_0(o, static_cast<const int8_t*>(q) + at * Q8::block_bytes, scale + at, blocks * MU_QK);
        } else {
            mu_dequantize_q4_0(o, static_cast<const uint8_t*>(q) + at * Q4::block_bytes, scale + at, blocks * MU_QK);
        }
    }
}

void mu_interleave_r4(int type, void* dst_q, uint16_t* dst_scale, const void* q, const uint16_t* scale, int n, int d) {
    const int64_t nb = n / MU_QK, bb = type == 0 ? Q8::block_bytes : Q4::block_bytes;
    const uint8_t* src = static_cast<const uint8_t*>(q);
    uint8_t* dst = static_cast<uint8_t*>(dst_q);
    for (int64_t r = 0; r < d; ++r) {
        for (int64_t b = 0; b < nb; b += R4_BLOCKS) { // one row's octet is contiguous in both layouts
            std::memcpy(dst + r4_offset(r, b, nb, bb), src + (r * nb + b) * bb, static_cast<size_t>(R4_BLOCKS * bb));
            std::memcpy(dst_scale + r4_offset(r, b, nb, 1), scale + r * nb + b, R4_BLOCKS * sizeof(uint16_t));
        }
    }
}

} // extern "C"
