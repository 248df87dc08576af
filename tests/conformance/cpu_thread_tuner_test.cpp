// The CPU backend's thread count chosen as a run measures itself (thread_tuner.h): the tuner's
// decisions from made-up timings (no clock, nothing here depends on this machine's speed). A run
// whose count changes every few steps: CpuThreads in tests/reference/standard_networks_test.cpp.
#ifdef SPIKEGEN_HAVE_CPU_BACKEND_FOR_TESTS
#include "backends/cpu_openmp/thread_tuner.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace spikegen::testing {
namespace {

constexpr double kWindow = 2e-3;

// Runs `steps` steps through the tuner with `secondsPerStep(threads, step)` as the machine's
// speed; returns the steps run on each count.
std::map<unsigned, std::uint64_t> drive(cpu::ThreadTuner& tuner, std::uint64_t steps,
                                        const std::function<double(unsigned, std::uint64_t)>& secondsPerStep,
                                        std::uint64_t first = 0)
{
    std::map<unsigned, std::uint64_t> stepsOn;
    for (std::uint64_t done = 0; done < steps;) {
        const std::uint64_t slice = std::min(steps - done, tuner.stepsToRun());
        EXPECT_GE(slice, 1u);
        const unsigned threads = tuner.threads();
        tuner.record(slice, double(slice) * secondsPerStep(threads, first + done));
        stepsOn[threads] += slice;
        done += slice;
    }
    return stepsOn;
}

TEST(ThreadTuner, LeavesTwoThreadsForOneWhereOneIsFaster)
{
    cpu::ThreadTuner tuner(2, 2, kWindow);
    // Two threads take 3 us a step, one 2 us (a core busy with another process, say).
    auto busyCore = [](unsigned threads, std::uint64_t) { return threads == 1 ? 2e-6 : 3e-6; };
    const auto first = drive(tuner, 10000, busyCore); // 10 windows
    EXPECT_EQ(tuner.settled(), 1u);
    EXPECT_LE(first.at(2), 6000u); // the first 3 windows and the 3 of the trial that left it
    // Trials of two threads keep coming, ever rarer: under 2 % of the steps of 4 s.
    const auto later = drive(tuner, 2000000, busyCore, 10000);
    EXPECT_EQ(tuner.settled(), 1u);
    EXPECT_GT(later.at(2), 0u);
    EXPECT_LT(double(later.at(2)) / 2000000.0, 0.02);
}

TEST(ThreadTuner, KeepsTwoThreadsWhereTheyAreFasterAndFollowsTheMachineWhenItChanges)
{
    cpu::ThreadTuner tuner(2, 2, kWindow);
    auto idle = [](unsigned threads, std::uint64_t) { return threads == 1 ? 4e-6 : 2.5e-6; };
    drive(tuner, 20000, idle);
    EXPECT_EQ(tuner.settled(), 2u);
    // Another process takes a core from step 20000 on: two threads crawl.
    auto loaded = [](unsigned threads, std::uint64_t) { return threads == 1 ? 4e-6 : 40e-6; };
    drive(tuner, 200000, loaded, 20000);
    EXPECT_EQ(tuner.settled(), 1u);
    // ... and stops again.
    drive(tuner, 2000000, idle, 220000);
    EXPECT_EQ(tuner.settled(), 2u);
}

TEST(ThreadTuner, ATrialOfAMuchSlowerCountCostsLittle)
{
    // Started on one thread (idleCores saw the busy core); two threads wait out the other
    // process's time slices at every barrier: ten times slower.
    cpu::ThreadTuner tuner(1, 2, kWindow);
    auto loaded = [](unsigned threads, std::uint64_t) { return threads == 1 ? 4e-6 : 40e-6; };
    const auto stepsOn = drive(tuner, 20000, loaded); // 80 ms on one thread
    EXPECT_EQ(tuner.settled(), 1u);
    const double secondsOnTwo = double(stepsOn.at(2)) * 40e-6, secondsOnOne = double(stepsOn.at(1)) * 4e-6;
    EXPECT_LT(secondsOnTwo, 0.05 * secondsOnOne) << stepsOn.at(2) << " steps on two threads";
}

TEST(ThreadTuner, ClimbsToTheFastestOfManyCounts)
{
    cpu::ThreadTuner tuner(16, 16, kWindow);
    // Fastest on 4 threads (a small network: more threads only add barrier time).
    auto speed = [](unsigned threads, std::uint64_t) {
        const double t = threads;
        return 8e-6 / t + 0.5e-6 * t;
    };
    drive(tuner, 200000, speed);
    EXPECT_EQ(tuner.settled(), 4u);
}

TEST(ThreadTuner, NeitherFasterStaysWhereItStarted)
{
    cpu::ThreadTuner tuner(2, 2, kWindow);
    drive(tuner, 100000, [](unsigned, std::uint64_t) { return 3e-6; });
    EXPECT_EQ(tuner.settled(), 2u);
}

TEST(ThreadTuner, OneCoreRunsOneThread)
{
    cpu::ThreadTuner tuner(4, 1, kWindow);
    const auto stepsOn = drive(tuner, 10000, [](unsigned, std::uint64_t) { return 1e-6; });
    ASSERT_EQ(stepsOn.size(), 1u);
    EXPECT_EQ(stepsOn.begin()->first, 1u);
}

} // namespace
} // namespace spikegen::testing
#endif
