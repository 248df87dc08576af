#include "backends/cpu_openmp/step_threads.h"

#include <algorithm>

namespace spikegen::cpu {
namespace {

inline void pause()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

// Returns once `word` no longer holds `old`: spins `spins` pauses, then sleeps on it. The sleeper
// count lets wake() skip the system call when nobody sleeps (seq_cst on both sides: either the
// waker sees the count, or the waiter sees the new value).
void awaitChange(std::atomic<std::uint32_t>& word, std::uint32_t old, unsigned spins, std::atomic<std::uint32_t>& sleepers)
{
    for (unsigned i = 0; i < spins; ++i) {
        if (word.load(std::memory_order_acquire) != old)
            return;
        pause();
    }
    sleepers.fetch_add(1, std::memory_order_seq_cst);
    while (word.load(std::memory_order_seq_cst) == old)
        word.wait(old, std::memory_order_seq_cst);
    sleepers.fetch_sub(1, std::memory_order_seq_cst);
}

// After a seq_cst change of `word`.
void wake(std::atomic<std::uint32_t>& word, const std::atomic<std::uint32_t>& sleepers)
{
    if (sleepers.load(std::memory_order_seq_cst) != 0)
        word.notify_all();
}

} // namespace

StepThreads::StepThreads(Part part, unsigned spins) : part_(part), spins_(spins) {}

StepThreads::~StepThreads()
{
    stopping_ = true;
    generation_.fetch_add(1, std::memory_order_seq_cst);
    wake(generation_, sleepers_);
    for (auto& worker : workers_)
        worker.join();
}

void StepThreads::run(unsigned threads, std::uint64_t firstStep, std::uint32_t firstRow, std::uint64_t steps)
{
    threads = std::max(1u, threads);
    if (threads == 1) { // the workers, if any, sleep on
        part_(0, 1, firstStep, firstRow, steps);
        return;
    }
    while (workers_.size() + 1 < threads)
        workers_.emplace_back(&StepThreads::work, this, unsigned(workers_.size() + 1),
                              generation_.load(std::memory_order_relaxed));
    job_ = Job{threads, firstStep, steps, firstRow};
    busy_.store(std::uint32_t(workers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_seq_cst);
    wake(generation_, sleepers_);
    part_(0, threads, firstStep, firstRow, steps);
    for (std::uint32_t left; (left = busy_.load(std::memory_order_acquire)) != 0;)
        awaitChange(busy_, left, spins_, sleepers_);
}

// Every worker takes every job of two or more threads, those outside it only to say so: then no
// worker reads job_ while the next is written.
void StepThreads::work(unsigned tid, std::uint32_t seen)
{
    for (;;) {
        awaitChange(generation_, seen, spins_, sleepers_);
        seen = generation_.load(std::memory_order_acquire);
        if (stopping_)
            return;
        const Job job = job_;
        if (tid < job.threads)
            part_(tid, job.threads, job.firstStep, job.firstRow, job.steps);
        if (busy_.fetch_sub(1, std::memory_order_seq_cst) == 1)
            wake(busy_, sleepers_);
    }
}

} // namespace spikegen::cpu
