// ISA dispatch: names, support, the table for each ISA, mu_set_isa, and the first choice (MU4J_ISA or the best
// supported ISA), made once even when several threads race to the first call. CTest runs this executable with
// MU4J_ISA unset, =ref, =avx512 and =bogus.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "check.h"

namespace {

using check::format;

constexpr int ISA_COUNT = 4;

int best_supported() {
    int best = 0;
    for (int isa = 1; isa < ISA_COUNT; ++isa) {
        if (mu_isa_supported(isa)) best = isa;
    }
    return best;
}

// What the first call must choose: MU4J_ISA when it names a supported ISA, else the best supported one.
int expected_initial_isa() {
    const char* requested = std::getenv("MU4J_ISA");
    if (requested != nullptr) {
        for (int isa = 0; isa < ISA_COUNT; ++isa) {
            if (std::strcmp(requested, mu_isa_name(isa)) == 0 && mu_isa_supported(isa)) return isa;
        }
    }
    return best_supported();
}

// Must run before anything else touches the dispatch.
void test_first_choice() {
    const int want = expected_initial_isa();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            if (mu_isa() != want) ++wrong;
        });
    }
    for (std::thread& thread : threads) thread.join();
    const char* env = std::getenv("MU4J_ISA");
    check::expect(wrong == 0 && mu_isa() == want,
                  format("first choice with MU4J_ISA=%s is %s (got %s)", env ? env : "(unset)", mu_isa_name(want),
                         mu_isa_name(mu_isa())));
    std::printf("active ISA: %s\n", mu_isa_name(mu_isa()));
}

void test_names_and_tables() {
    const char* names[] = {"ref", "avx2", "avx512", "neon"};
    for (int isa = 0; isa < ISA_COUNT; ++isa) {
        check::expect(std::strcmp(mu_isa_name(isa), names[isa]) == 0, format("mu_isa_name(%d) = %s", isa, names[isa]));
        const mu_kernel_table* table = mu_kernel_table_for(isa);
        if (table != nullptr) check::expect(table->isa == isa, format("table for %s has isa %d", names[isa], isa));
        if (mu_isa_supported(isa)) check::expect(table != nullptr, format("supported %s has a table", names[isa]));
    }
    check::expect(std::strcmp(mu_isa_name(-1), "?") == 0 && std::strcmp(mu_isa_name(ISA_COUNT), "?") == 0,
                  "mu_isa_name of an unknown id is ?");
    check::expect(mu_isa_supported(0) == 1, "ref is always supported");
    check::expect(mu_isa_supported(-1) == 0 && mu_isa_supported(ISA_COUNT) == 0, "unknown ids are unsupported");
    check::expect(mu_kernel_table_for(-1) == nullptr && mu_kernel_table_for(ISA_COUNT) == nullptr,
                  "unknown ids have no table");
}

void test_set_isa() {
    for (int isa = -1; isa <= ISA_COUNT; ++isa) {
        const int before = mu_isa();
        const int rc = mu_set_isa(isa);
        if (mu_isa_supported(isa)) {
            check::expect(rc == 0 && mu_isa() == isa && mu_active_kernels() == mu_kernel_table_for(isa),
                          format("mu_set_isa(%s) switches to it", mu_isa_name(isa)));
            // The public entry points follow: 1 + 2 through whichever table is active.
            const float a = 1.0f, b = 2.0f;
            float sum = 0.0f;
            mu_add(&sum, &a, &b, 1);
            check::expect(sum == 3.0f, format("mu_add through %s", mu_isa_name(isa)));
        } else {
            check::expect(rc == -1 && mu_isa() == before,
                          format("mu_set_isa(%d, unsupported) returns -1 and changes nothing", isa));
        }
    }
}

} // namespace

int main() {
    test_first_choice();
    test_names_and_tables();
    test_set_isa();
    return check::finish("test_cpu");
}
