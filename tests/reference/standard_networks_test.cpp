// The standard networks behave as published: CUBA settles into asynchronous irregular activity;
// COBA, started from the paper's random state, either dies out early or sustains itself at tens
// of Hz with irregular (CV > 1) firing. Reference numbers: docs/reference_models.md (Brian2).
#include "../conformance/backend_fixture.h"

#include "backends/cpu_openmp/cpu_backend.h"
#include "backends/cpu_openmp/thread_count.h"
#include "core/runtime/spike_statistics.h"

#include <cstdlib>
#include <thread>

namespace spikegen::testing {
namespace {

struct Activity {
    PopulationStatistics exc, inh;
};

Activity simulate(Backend& backend, const std::string& name, std::uint64_t seed, double durationMs, double fromMs)
{
    models::StandardNetworkOptions options;
    options.seed = seed;
    auto net = models::makeStandardNetwork(name, options);
    Simulation sim(*net, backend, SimulationOptions{std::uint32_t(durationMs / 0.1) + 1});
    sim.initialize();
    sim.runFor(durationMs);
    return {spikeStatistics(sim.spikes("E"), net->neuronGroup("E").size(), fromMs, durationMs),
            spikeStatistics(sim.spikes("I"), net->neuronGroup("I").size(), fromMs, durationMs)};
}

class StandardNetworks : public BackendTest {};

TEST_P(StandardNetworks, CubaIsAsynchronousIrregular)
{
    auto b = backend();
    for (std::uint64_t seed : {1, 2, 3}) {
        const Activity a = simulate(*b, "cuba", seed, 1000.0, 200.0);
        for (const auto* pop : {&a.exc, &a.inh}) {
            SCOPED_TRACE("seed " + std::to_string(seed) + (pop == &a.exc ? ", E" : ", I"));
            EXPECT_GT(pop->rateHz, 2.0);     // Brian2: 5.6 Hz
            EXPECT_LT(pop->rateHz, 15.0);
            EXPECT_GT(pop->meanCvIsi, 0.3);  // Brian2: 0.52
            EXPECT_LT(pop->meanCvIsi, 0.9);
            EXPECT_GT(pop->fractionActive, 0.6); // Brian2: 0.82-0.86
        }
    }
}

TEST_P(StandardNetworks, CobaDiesOrSustainsIrregularly)
{
    auto b = backend();
    int sustained = 0;
    for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
        const Activity a = simulate(*b, "coba", seed, 1000.0, 500.0);
        SCOPED_TRACE("seed " + std::to_string(seed) + ": E " + std::to_string(a.exc.rateHz) + " Hz, CV " +
                     std::to_string(a.exc.meanCvIsi) + "; I " + std::to_string(a.inh.rateHz) + " Hz");
        const bool died = a.exc.spikes == 0 && a.inh.spikes == 0;
        if (died)
            continue;
        ++sustained;
        for (const auto* pop : {&a.exc, &a.inh}) {
            EXPECT_GT(pop->rateHz, 5.0); // Brian2: 17-21 Hz
            EXPECT_LT(pop->rateHz, 60.0);
            EXPECT_GT(pop->meanCvIsi, 1.0); // Brian2: about 1.5
        }
    }
    // Brian2 sustains on every one of ten seeds from this initial state.
    EXPECT_GE(sustained, 1);
}

// COBA started from rest is silent: the activity above comes from the initial state, not from a
// bug that makes neurons fire by themselves.
TEST_P(StandardNetworks, CobaFromRestIsSilent)
{
    models::StandardNetworkOptions options;
    auto net = models::makeCOBA(options);
    auto b = backend();
    Simulation sim(*net, *b, SimulationOptions{2001});
    sim.initialize();
    for (const char* g : {"E", "I"})
        sim.pushVar(g, "V", std::vector<double>(net->neuronGroup(g).size(), -60.0));
    for (const auto& s : net->synapseGroups())
        sim.pushVar(s->name(), "gSyn", std::vector<double>(s->target().size(), 0.0));
    sim.runFor(200.0);
    EXPECT_TRUE(sim.spikes("E").times.empty());
    EXPECT_TRUE(sim.spikes("I").times.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StandardNetworks, ::testing::ValuesIn(backendsUnderTest()), backendName);

// COBA's excitatory spikes of 300 ms on a CPU backend made with `options`.
SpikeTrains cobaSpikes(const cpu::CpuOptions& options)
{
    cpu::CpuBackend b(options);
    auto net = models::makeCOBA({});
    Simulation sim(*net, b, SimulationOptions{3001});
    sim.initialize();
    sim.runFor(300.0);
    return sim.spikes("E");
}

// One thread and two threads give the same spikes, bit for bit: every target sums its inputs in
// spike order whatever the number of threads.
TEST(CpuThreads, OneAndTwoThreadsAgreeExactly)
{
    cpu::CpuOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const SpikeTrains a = cobaSpikes(one), b = cobaSpikes(two);
    ASSERT_FALSE(a.times.empty());
    EXPECT_EQ(a.times, b.times);
    EXPECT_EQ(a.ids, b.ids);
}

// The count left to spikegen (thread_tuner.h), measurement windows so short that the count changes
// every few steps (1 to 3 threads): the same spikes as one thread, bit for bit.
TEST(CpuThreads, ACountThatChangesAsTheRunGoesGivesTheSpikesOfOneThread)
{
    cpu::CpuOptions one, measured;
    one.threads = 1;
    measured.mostThreads = 3;
    measured.tuningWindowSeconds = 1e-9; // every slice a window
    const SpikeTrains a = cobaSpikes(one);
    // ctest sets OMP_NUM_THREADS, which would fix the count: unset while the backend is made.
    const char* previous = std::getenv("OMP_NUM_THREADS");
    const std::string saved = previous ? previous : "";
    ::unsetenv("OMP_NUM_THREADS");
    const auto b = std::make_unique<cpu::CpuBackend>(measured);
    if (previous)
        ::setenv("OMP_NUM_THREADS", saved.c_str(), 1);
    EXPECT_NE(b->description().find("as measured"), std::string::npos) << b->description();
    auto net = models::makeCOBA({});
    Simulation sim(*net, *b, SimulationOptions{3001});
    sim.initialize();
    sim.runFor(300.0);
    ASSERT_FALSE(a.times.empty());
    EXPECT_EQ(sim.spikes("E").times, a.times);
    EXPECT_EQ(sim.spikes("E").ids, a.ids);
}

// Without a count the backend takes the idle cores (at least one); a negative count is refused.
TEST(CpuThreads, DefaultIsTheIdleCoresAndNegativeIsAnError)
{
    ::unsetenv("OMP_NUM_THREADS");
    const int idle = cpu::idleCores();
    EXPECT_GE(idle, 1);
    EXPECT_LE(idle, int(std::thread::hardware_concurrency()));
    EXPECT_EQ(cpu::chooseThreads(3), 3);
    EXPECT_GE(*cpu::CpuBackend().hostThreads(), 1);
    cpu::CpuOptions options;
    options.threads = -1;
    try {
        cpu::CpuBackend backend(options);
        FAIL() << "a negative thread count was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot run on -1 threads"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace spikegen::testing
