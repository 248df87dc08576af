// The thread count of a CPU run that the user left to spikegen, chosen as it runs: the run is cut
// into measurement windows of a few milliseconds, and now and then a window on a neighbouring
// count (half or double, within 1 .. the usable cores) is measured against windows on the count
// in use, interleaved; the faster one stays. Spikes do not depend on the thread count, so a run
// may change it between any two steps. A start-time guess (idleCores) cannot see a process that
// starts later, nor a virtual machine whose cores stall each other at every barrier
// (benchmarks/NOTES.md, "CPU threads: what the machine allows"); the measurement sees both.
// No clock in here: the caller runs what threads() and stepsToRun() say and reports the time.
#pragma once
#include <cstdint>
#include <vector>

namespace spikegen::cpu {

class ThreadTuner {
public:
    // `start`: the count to begin with; `most`: the largest count to try (>= 1); `windowSeconds`:
    // how long one measurement lasts (tests make it tiny so that the count changes every few steps).
    ThreadTuner(unsigned start, unsigned most, double windowSeconds = 2e-3);

    // The count to run the next steps on, and how many of them to run before asking again.
    unsigned threads() const { return window_.threads; }
    std::uint64_t stepsToRun() const;
    // `steps` just ran on threads() in `seconds`.
    void record(std::uint64_t steps, double seconds);

    // The count the run has settled on so far (not the one under trial).
    unsigned settled() const { return settled_; }

private:
    struct Window {
        unsigned threads = 1;
        std::uint64_t steps = 0;
        double seconds = 0;
    };
    bool candidateIsHopeless() const;
    void finishWindow();
    void startTrial();
    void endTrial();

    const unsigned most_;
    const double windowSeconds_;
    unsigned settled_;
    unsigned candidate_ = 0;          // under trial, or 0
    bool tryFewer_ = true;            // which neighbour the next trial takes, where both exist
    unsigned windowsUntilTrial_;      // windows on the settled count before the next trial
    unsigned quietWindows_;           // what windowsUntilTrial_ starts at: doubles while trials lose
    std::vector<unsigned> schedule_;  // the trial's remaining windows' counts
    std::vector<double> settledTimes_, candidateTimes_; // seconds per step of the trial's windows
    std::vector<double> lastSecondsPerStep_;            // by count, 0 if never measured
    Window window_;
};

} // namespace spikegen::cpu
