// ISA detection and dispatch: which kernel table the public mu_* entry points use.
//
// The choice is made once, on first use: MU4J_ISA=ref|avx2|avx512|neon if that ISA is supported here,
// otherwise the best ISA this CPU supports. mu_set_isa re-points it later (tests, benchmarks).
// MU4J_HAVE_X86 is defined by native/CMakeLists.txt when the x86 files are part of the build.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

namespace {

enum { ISA_REF = 0, ISA_AVX2 = 1, ISA_AVX512 = 2, ISA_NEON = 3, ISA_COUNT = 4 };

const char* const isa_names[ISA_COUNT] = {"ref", "avx2", "avx512", "neon"};

#define MU_TABLE(isa_id, suffix)                                                                              \
    {isa_id, mu_f16_to_f32_##suffix, mu_bf16_to_f32_##suffix, mu_f32_to_f16_##suffix, mu_matvec_f32_##suffix,  \
     mu_matvec_f16_##suffix, mu_matvec_bf16_##suffix, mu_matmul_f32_##suffix, mu_matmul_f16_##suffix,          \
     mu_matmul_bf16_##suffix, mu_add_##suffix, mu_add_bias_##suffix, mu_silu_##suffix, mu_gelu_##suffix,       \
     mu_gelu_tanh_##suffix, mu_swiglu_##suffix, mu_softmax_##suffix, mu_layernorm_##suffix, mu_rmsnorm_##suffix, \
     mu_attention_##suffix}

const mu_kernel_table ref_table = MU_TABLE(ISA_REF, ref);
#if defined(MU4J_HAVE_X86)
const mu_kernel_table avx2_table = MU_TABLE(ISA_AVX2, avx2);
const mu_kernel_table avx512_table = MU_TABLE(ISA_AVX512, avx512);
#endif

#undef MU_TABLE

// CPU feature checks. __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state.
// Compilers without it (MSVC) run the portable code.
#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
// F16C from CPUID leaf 1 (ECX bit 29): Clang 14's __builtin_cpu_supports does not know "f16c".
bool has_f16c() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
}
#endif

bool cpu_has(int isa) {
#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    switch (isa) {
    case ISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && has_f16c();
    case ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("fma") && has_f16c();
    default:
        return false;
    }
#else
    (void)isa;
    return false;
#endif
}

bool supported(int isa) {
    if (isa == ISA_REF) return true;
    return mu_kernel_table_for(isa) != nullptr && cpu_has(isa);
}

int best_supported() {
    for (int isa = ISA_COUNT - 1; isa > ISA_REF; --isa) {
        if (supported(isa)) return isa;
    }
    return ISA_REF;
}

// MU4J_ISA if it names a supported ISA, else the best supported one (an unknown or unsupported name is
// ignored; mu_isa() tells the caller what was chosen).
int initial_isa() {
    const char* requested = std::getenv("MU4J_ISA");
    if (requested != nullptr) {
        for (int isa = 0; isa < ISA_COUNT; ++isa) {
            if (std::strcmp(requested, isa_names[isa]) == 0 && supported(isa)) return isa;
        }
    }
    return best_supported();
}

// nullptr until the first call decides; afterwards always one of the constant tables above.
std::atomic<const mu_kernel_table*> active{nullptr};

} // namespace

const mu_kernel_table* mu_kernel_table_for(int isa) {
    switch (isa) {
    case ISA_REF:
        return &ref_table;
#if defined(MU4J_HAVE_X86)
    case ISA_AVX2:
        return &avx2_table;
    case ISA_AVX512:
        return &avx512_table;
#endif
    default:
        return nullptr;
    }
}

const mu_kernel_table* mu_active_kernels() {
    const mu_kernel_table* table = active.load(std::memory_order_acquire);
    if (table != nullptr) return table;
    // The static local runs the detection exactly once, even with racing first calls. The exchange keeps an
    // ISA that mu_set_isa stored before this first use.
    static const mu_kernel_table* const initial = mu_kernel_table_for(initial_isa());
    const mu_kernel_table* expected = nullptr;
    active.compare_exchange_strong(expected, initial, std::memory_order_acq_rel);
    return active.load(std::memory_order_acquire);
}

extern "C" {

int mu_isa(void) { return mu_active_kernels()->isa; }

int mu_isa_supported(int isa) { return supported(isa) ? 1 : 0; }

int mu_set_isa(int isa) {
    if (!supported(isa)) return -1;
    active.store(mu_kernel_table_for(isa), std::memory_order_release);
    return 0;
}

const char* mu_isa_name(int isa) { return isa >= 0 && isa < ISA_COUNT ? isa_names[isa] : "?"; }

} // extern "C"
