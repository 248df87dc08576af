// NEST's hpc_benchmark network with static synapses (models/networks/hpc.cpp) against NEST 3.10
// itself (benchmarks/nest/hpc_benchmark.py, docs/reference_models.md): at scale 0.05 NEST gives
// 26.6 Hz (E) and 26.5 Hz (I) over 100-1100 ms, asynchronous and irregular.
#include "../conformance/backend_fixture.h"

#include "core/runtime/spike_statistics.h"

#include <cstdio>

namespace spikegen::testing {
namespace {

class HpcBenchmark : public BackendTest {};

constexpr double scale = 0.05, duration = 400.0, from = 100.0;

TEST_P(HpcBenchmark, FiresAsynchronouslyAtNestsRate)
{
    auto b = backend();
    models::StandardNetworkOptions options;
    options.scale = scale;
    options.seed = 5;
    auto net = models::makeHpc(options);
    Simulation sim(*net, *b, SimulationOptions{std::uint32_t(duration / options.dt) + 1});
    sim.initialize();
    sim.runFor(duration);
    const auto exc = spikeStatistics(sim.spikes("E"), net->neuronGroup("E").size(), from, duration);
    const auto inh = spikeStatistics(sim.spikes("I"), net->neuronGroup("I").size(), from, duration);
    std::printf("hpc (scale %g): E %.1f Hz (ISI CV %.2f), I %.1f Hz\n", scale, exc.rateHz, exc.meanCvIsi, inh.rateHz);
    // Measured 27.4 Hz on cpu and PoCL (this seed and window); NEST 26.6. Per-step integration of the 0.33 ms
    // alpha current gives rates up to 15 % lower than NEST's exact propagator (scale 0.1: 19.6
    // against 23.1).
    EXPECT_GT(exc.rateHz, 0.75 * 26.6);
    EXPECT_LT(exc.rateHz, 1.25 * 26.6);
    EXPECT_NEAR(inh.rateHz, exc.rateHz, 0.1 * exc.rateHz); // same inputs, same model
    EXPECT_GT(exc.meanCvIsi, 0.2); // irregular: measured 0.30 (0.46 over 1.1 s; ~8 spikes a neuron here)
    EXPECT_GT(exc.fractionActive, 0.95);
}

INSTANTIATE_TEST_SUITE_P(Backends, HpcBenchmark, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
