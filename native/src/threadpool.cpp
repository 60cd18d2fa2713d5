// The one place mu4j runs code on more than one thread: a persistent pool of native workers that split the
// output rows of a matrix product (mu_parallel_for). Kernels stay single-threaded and pure; matmul.cpp and
// quant.cpp hand each worker a disjoint range of output rows, so results do not depend on the thread count.
//
// Workers are created by mu_set_threads, never per call. After a job a worker spins (pause loop) for
// spin_us microseconds before it sleeps on a condition variable: a decode step issues ~10 products per layer a
// few microseconds apart, and a spinning worker starts the next one without a futex wake (measured in
// bench_kernels: the "threads" rows). The caller runs part 0 itself and spins until the others are done.
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

struct Job {
    mu_parallel_fn fn = nullptr;
    void* ctx = nullptr;
    int parts = 0;
    int stride = 1; // threads taking parts: thread i runs parts i, i + stride, ...
};

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
        for (int i = 1; i < n; ++i) workers_.emplace_back([this, i, now] { work(i, now); });
        count_.store(n, std::memory_order_relaxed);
    }

    void run(mu_parallel_fn fn, void* ctx, int parts) {
        std::unique_lock<std::mutex> lock(run_, std::try_to_lock);
        if (!lock.owns_lock() || workers_.empty() || parts <= 1) {
            for (int p = 0; p < parts; ++p) fn(ctx, p, parts);
            return;
        }
        job_.fn = fn;
        job_.ctx = ctx;
        job_.parts = parts;
        job_.stride = static_cast<int>(workers_.size()) + 1;
        pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_seq_cst); // publishes job_
        if (sleepers_.load(std::memory_order_seq_cst) > 0) {
            std::lock_guard<std::mutex> guard(sleep_);
            wake_.notify_all();
        }
        // This thread takes part 0 and, when there are more parts than threads, every threads()-th after it.
        for (int p = 0; p < parts; p += job_.stride) fn(ctx, p, parts);
        for (int i = 0; pending_.load(std::memory_order_acquire) != 0; ++i) backoff(i);
    }

    std::mutex& run_mutex() { return run_; }

    std::atomic<int> spin_us{DEFAULT_SPIN_US};

private:
    void work(int index, uint64_t seen) {
        for (;;) {
            uint64_t g = wait_for_next(seen);
            seen = g;
            if (stop_.load(std::memory_order_acquire)) return;
            const Job job = job_;
            for (int p = index; p < job.parts; p += job.stride) job.fn(job.ctx, p, job.parts);
            pending_.fetch_sub(1, std::memory_order_acq_rel);
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
    Job job_;                              // written before generation_ moves, read after
    std::atomic<uint64_t> generation_{0};  // one step per job (and per stop)
    std::atomic<int> pending_{0};          // workers still running the current job
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
