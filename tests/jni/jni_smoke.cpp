// Loads the JNI library JavaCPP built from libmu4j_kernels (libjniKernels.so, jniKernels.dll) the way the JVM
// does, but without a JVM, and runs kernels through their JNI entry points for every ISA the CPU supports:
// the check that a cross-built library loads and runs on its target (under qemu-aarch64 or wine).
//
//   jni_smoke PATH/TO/libjniKernels.so        (CTest passes the path; see CMakeLists.txt beside this file)
//
// The JNIEnv* argument is NULL: JavaCPP's generated functions touch it only to turn a C++ exception into a Java
// one, and these kernels throw none. JNI_OnLoad is not called (it needs a JavaVM); its presence is checked.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace {

constexpr double RTOL = 1e-5; // fp32 sums of <= 64 terms in a different order than the double reference
constexpr int ISA_COUNT = 4;  // ref, avx2, avx512, neon (mu4j.h)
const char* const ISA_NAMES[ISA_COUNT] = {"ref", "avx2", "avx512", "neon"};

// The JNI signatures JavaCPP generates for the private natives of dev.mu4j.internal.Kernels (jint = int32_t,
// jlong = int64_t; JNICALL is empty on x86-64 and arm64).
using IsaFn = int32_t (*)(void* env, void* cls);
using IsaArgFn = int32_t (*)(void* env, void* cls, int32_t isa);
using AddFn = void (*)(void* env, void* cls, int64_t out, int64_t a, int64_t b, int64_t n);
using MatvecFn = void (*)(void* env, void* cls, int64_t out, int64_t w, int64_t x, int32_t n, int32_t d);

#if defined(_WIN32)
HMODULE library;

bool open_library(std::string path) {
    // wine passes the host path as is; Z: is wine's drive for the host's root directory.
    if (!path.empty() && path[0] == '/') path = "Z:" + path;
    for (char& c : path) {
        if (c == '/') c = '\\';
    }
    library = LoadLibraryA(path.c_str());
    if (library == nullptr) std::printf("LoadLibrary(%s) failed: error %lu\n", path.c_str(), GetLastError());
    return library != nullptr;
}

void* symbol(const char* name) { return reinterpret_cast<void*>(GetProcAddress(library, name)); }
#else
void* library;

bool open_library(const std::string& path) {
    library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) std::printf("dlopen(%s) failed: %s\n", path.c_str(), dlerror());
    return library != nullptr;
}

void* symbol(const char* name) { return dlsym(library, name); }
#endif

int passed = 0, failed = 0;

std::string format(const char* fmt, const char* name, double value = 0.0) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, fmt, name, value);
    return buffer;
}

void expect(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    (ok ? passed : failed)++;
}

int64_t address(const void* p) { return static_cast<int64_t>(reinterpret_cast<intptr_t>(p)); }

// Largest |got - want| / max(1, |want|) over n values. A plain comparison, not std::fmax: aarch64-linux-gnu-g++
// 12.2 crashes (internal compiler error in vect_transform_reduction) vectorising an fmax reduction at -O3.
double max_rel_diff(const float* got, const double* want, int n) {
    double worst = 0.0;
    for (int i = 0; i < n; ++i) {
        const double scale = std::fabs(want[i]) > 1.0 ? std::fabs(want[i]) : 1.0;
        const double diff = std::fabs(got[i] - want[i]) / scale;
        if (diff > worst) worst = diff;
    }
    return worst;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::printf("usage: jni_smoke PATH/TO/JNI_LIBRARY\n");
        return 2;
    }
    if (!open_library(argv[1])) return 1;

    auto isa = reinterpret_cast<IsaFn>(symbol("Java_dev_mu4j_internal_Kernels_mu_1isa"));
    auto supported = reinterpret_cast<IsaArgFn>(symbol("Java_dev_mu4j_internal_Kernels_mu_1isa_1supported"));
    auto set_isa = reinterpret_cast<IsaArgFn>(symbol("Java_dev_mu4j_internal_Kernels_mu_1set_1isa"));
    auto add = reinterpret_cast<AddFn>(symbol("Java_dev_mu4j_internal_Kernels_mu_1add"));
    auto matvec = reinterpret_cast<MatvecFn>(symbol("Java_dev_mu4j_internal_Kernels_mu_1matvec_1f32"));
    const bool all = isa && supported && set_isa && add && matvec && symbol("JNI_OnLoad");
    expect(all, "JNI_OnLoad and the Java_dev_mu4j_internal_Kernels_* entry points are exported");
    if (!all) return 1;

    const int first = isa(nullptr, nullptr);
    const bool known = first >= 0 && first < ISA_COUNT;
    expect(known && supported(nullptr, nullptr, first) == 1,
           format("first ISA choice is a supported one: %s", known ? ISA_NAMES[first] : "?"));

    // out(d) = W(d, n) @ x(n) and out = a + b, with n past every SIMD tail (16 lanes + 5).
    constexpr int n = 37, d = 5;
    float w[d * n], x[n], b[n], out[n];
    double want_matvec[d], want_add[n];
    for (int i = 0; i < d * n; ++i) w[i] = static_cast<float>((i * 7919 % 201) - 100) / 64.0f;
    for (int i = 0; i < n; ++i) {
        x[i] = static_cast<float>((i * 104729 % 97) - 48) / 32.0f;
        b[i] = static_cast<float>(i) / 8.0f - 2.0f;
        want_add[i] = static_cast<double>(x[i]) + b[i];
    }
    for (int r = 0; r < d; ++r) {
        want_matvec[r] = 0.0;
        for (int c = 0; c < n; ++c) want_matvec[r] += static_cast<double>(w[r * n + c]) * x[c];
    }

    for (int id = 0; id < ISA_COUNT; ++id) {
        if (supported(nullptr, nullptr, id) != 1) {
            std::printf("SKIP %s: not supported by this CPU or build\n", ISA_NAMES[id]);
            continue;
        }
        expect(set_isa(nullptr, nullptr, id) == 0 && isa(nullptr, nullptr) == id, format("set ISA %s", ISA_NAMES[id]));
        add(nullptr, nullptr, address(out), address(x), address(b), n);
        double diff = max_rel_diff(out, want_add, n);
        expect(diff <= RTOL, format("%s add, max rel diff %.2e", ISA_NAMES[id], diff));
        matvec(nullptr, nullptr, address(out), address(w), address(x), n, d);
        diff = max_rel_diff(out, want_matvec, d);
        expect(diff <= RTOL, format("%s matvec_f32, max rel diff %.2e", ISA_NAMES[id], diff));
    }
    std::printf("jni_smoke: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
