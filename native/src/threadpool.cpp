// The one place mu4j runs code on more than one thread: a persistent pool of native workers that split the
// output rows of a matrix product (mu_parallel_for). Kernels stay single-threaded and pure; matmul.cpp and
// quant.cpp hand each worker a disjoint range of output rows, so results do not depend on the thread count.
//
// Workers are created by mu_set_threads, never per call. After a job a worker spins (pause loop) for
// spin_us microseconds before it sleeps on a condition variable: a decode step issues ~10 products per layer a
// few microseconds apart, and a spinning worker starts the next one without a futex wake (measured in
// bench_kernels: the "threads" rows). Parts are claimed one at a time by whichever thread comes first (the
// caller included), so an unscheduled worker delays nothing; the caller then waits only for parts in progress.
//
// One job at a time: a second caller (another session on another thread) that finds the pool busy runs its whole
// job on its own thread, which gives the same result.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif

#include "kernels.h"

namespace {

constexpr int MAX_THREADS = 256;
constexpr int DEFAULT_SPIN_US = 300;
constexpr int SPIN_BEFORE_YIELD = 2000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(_M_X64)
    _mm_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

// Busy-wait step i: pause for the first iterations (a few microseconds), then also yield the core, so that a
// waiting thread does not take CPU time from the thread it waits for when the machine is oversubscribed.
inline void backoff(int i) {
    cpu_relax();
    if (i >= SPIN_BEFORE_YIELD) std::this_thread::yield();
}

// A ticket names the job (low 32 bits of its generation), its part count and the next unclaimed part. Threads
// claim parts by compare-and-swap, so a part is run by whoever gets to it first: a worker the OS has not
// scheduled yet simply finds nothing left, and the caller never waits for a thread that has not started.
inline uint64_t make_ticket(uint64_t generation, int parts, int next) {
    return (generation << 32) | (static_cast<uint64_t>(parts) << 16) | static_cast<uint64_t>(next);
}

class Pool {
public:
    int threads() const { return count_.load(std::memory_order_relaxed); }

    // Joins the current workers and starts n - 1 new ones. Called with run_ held.
    void resize(int n) {
        stop_workers();
        stop_.store(false);
        // Each worker starts from the generation of now: a job (or stop) published before it first runs is still
        // seen as new.
        const uint64_t now = generation_.load(std::memory_order_acquire);
        for (int i = 1; i < n; ++i) workers_.emplace_back([this, now] { work(now); });
        count_.store(n, std::memory_order_relaxed);
    }

    void run(mu_parallel_fn fn, void* ctx, int parts) {
        std::unique_lock<std::mutex> lock(run_, std::try_to_lock);
        if (!lock.owns_lock() || workers_.empty() || parts <= 1 || parts > 0xFFFF) {
            for (int p = 0; p < parts; ++p) fn(ctx, p, parts);
            return;
        }
        fn_.store(fn, std::memory_order_relaxed);
        ctx_.store(ctx, std::memory_order_relaxed);
        done_.store(0, std::memory_order_relaxed);
        const uint64_t g = generation_.load(std::memory_order_relaxed) + 1;
        ticket_.store(make_ticket(g & 0xFFFFFFFFu, parts, 0), std::memory_order_release); // publishes fn_, ctx_
        generation_.store(g, std::memory_order_seq_cst);                                  // wakes the workers
        if (sleepers_.load(std::memory_order_seq_cst) > 0) {
            std::lock_guard<std::mutex> guard(sleep_);
            wake_.notify_all();
        }
        run_parts(g);
        for (int i = 0; done_.load(std::memory_order_acquire) != parts; ++i) backoff(i);
    }

    std::mutex& run_mutex() { return run_; }

    std::atomic<int> spin_us{DEFAULT_SPIN_US};

private:
    void work(uint64_t seen) {
        for (;;) {
            uint64_t g = wait_for_next(seen);
            seen = g;
            if (stop_.load(std::memory_order_acquire)) return;
            run_parts(g);
        }
    }

    // Claims and runs parts of job g until none is left (or job g is over).
    void run_parts(uint64_t g) {
        uint64_t t = ticket_.load(std::memory_order_acquire);
        for (;;) {
            if ((t >> 32) != (g & 0xFFFFFFFFu)) return;
            const int parts = static_cast<int>((t >> 16) & 0xFFFF), part = static_cast<int>(t & 0xFFFF);
            if (part >= parts) return;
            if (!ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
            // Job g cannot finish before this part does, so fn_ and ctx_ are still job g's.
            fn_.load(std::memory_order_relaxed)(ctx_.load(std::memory_order_relaxed), part, parts);
            done_.fetch_add(1, std::memory_order_acq_rel);
            t = ticket_.load(std::memory_order_acquire);
        }
    }

    // Spins for spin_us, then sleeps until the generation moves past `seen`.
    uint64_t wait_for_next(uint64_t seen) {
        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        const auto budget = std::chrono::microseconds(spin_us.load(std::memory_order_relaxed));
        for (int i = 0;; ++i) {
            const uint64_t g = generation_.load(std::memory_order_acquire);
            if (g != seen) return g;
            backoff(i);
            if ((i & 63) == 63 && clock::now() - start >= budget) break;
        }
        std::unique_lock<std::mutex> lock(sleep_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        uint64_t g;
        wake_.wait(lock, [&] { return (g = generation_.load(std::memory_order_seq_cst)) != seen; });
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        return g;
    }

    void stop_workers() {
        if (workers_.empty()) return;
        stop_.store(true, std::memory_order_release);
        generation_.fetch_add(1, std::memory_order_seq_cst);
        {
            std::lock_guard<std::mutex> guard(sleep_);
            wake_.notify_all();
        }
        for (std::thread& t : workers_) t.join();
        workers_.clear();
        count_.store(1, std::memory_order_relaxed);
    }

    std::mutex run_;                       // held for a whole job (and by resize)
    std::vector<std::thread> workers_;     // threads 1 .. n-1; the caller is thread 0
    std::atomic<mu_parallel_fn> fn_{nullptr}; // the current job, published by ticket_
    std::atomic<void*> ctx_{nullptr};
    std::atomic<uint64_t> ticket_{0};      // make_ticket(generation, parts, next unclaimed part)
    std::atomic<int> done_{0};             // parts of the current job finished
    std::atomic<uint64_t> generation_{0};  // one step per job (and per stop)
    std::atomic<bool> stop_{false};
    std::mutex sleep_;
    std::condition_variable wake_;
    std::atomic<int> sleepers_{0};
    std::atomic<int> count_{1};            // threads(), readable without run_
};

// Never destroyed: joining threads from a static destructor during JVM or process exit is not safe. The workers
// sleep when idle and end with the process.
Pool& pool() {
    static Pool* const p = new Pool();
    return *p;
}

} // namespace

void mu_parallel_for(int parts, mu_parallel_fn fn, void* ctx) { pool().run(fn, ctx, parts); }

void mu_set_thread_spin_us(int us) { pool().spin_us.store(us < 0 ? 0 : us); }

extern "C" {

int mu_set_threads(int n) {
    if (n < 1 || n > MAX_THREADS) return -1;
    Pool& p = pool();
    std::lock_guard<std::mutex> lock(p.run_mutex());
    if (p.threads() != n) p.resize(n);
    return 0;
}

int mu_threads(void) { return pool().threads(); }

} // extern "C"
