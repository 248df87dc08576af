// The threads that run a CPU program's steps: the caller is thread 0, workers 1..n-1 are started
// when a run first needs them and stay for the program's life. Between runs a worker spins briefly
// and then sleeps, as the generated barrier does, so that idle workers give their cores back
// within microseconds: OpenMP's pool spins for GOMP_SPINCOUNT (~10 ms on these machines) after
// every parallel region, which on a loaded machine took the time of the other process or of the
// step itself whenever the thread count changed (benchmarks/NOTES.md, "CPU threads: ...").
#pragma once
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace spikegen::cpu {

class StepThreads {
public:
    // The generated sg_run_thread: thread `tid` of `nth` runs its share of `steps` steps.
    using Part = void (*)(unsigned tid, unsigned nth, std::uint64_t firstStep, std::uint32_t firstRow,
                          std::uint64_t steps);
    // `spins`: pauses a waiting thread spins before it sleeps.
    StepThreads(Part part, unsigned spins);
    ~StepThreads();
    StepThreads(const StepThreads&) = delete;
    StepThreads& operator=(const StepThreads&) = delete;

    // `steps` steps on `threads` threads (the caller and threads - 1 workers); returns when all are done.
    void run(unsigned threads, std::uint64_t firstStep, std::uint32_t firstRow, std::uint64_t steps);

private:
    void work(unsigned tid, std::uint32_t seen);

    struct Job {
        unsigned threads = 0;
        std::uint64_t firstStep = 0, steps = 0;
        std::uint32_t firstRow = 0;
    };
    const Part part_;
    const unsigned spins_;
    std::vector<std::thread> workers_; // thread tid is workers_[tid - 1]
    // Written only while every worker waits (all took the last job, those outside it too), published
    // by the release of generation_'s increment.
    Job job_;
    bool stopping_ = false;
    std::atomic<std::uint32_t> generation_{0}; // a new job (or stopping_)
    std::atomic<std::uint32_t> busy_{0};       // workers that have not yet finished the job
    std::atomic<std::uint32_t> sleepers_{0};   // threads asleep on generation_ or busy_
};

} // namespace spikegen::cpu
