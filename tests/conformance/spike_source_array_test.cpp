// models::SpikeSourceArray: each neuron fires at its given times, in the step whose interval
// [t, t + dt) holds the time, on every backend; the spikes reach targets like any others.
#include "backend_fixture.h"

#include <cmath>

namespace spikegen::testing {
namespace {

class SpikeSourceArrayTest : public BackendTest {};

// Times on and between step boundaries (0.3 ms at dt 0.1 is step 3 although 0.3 / 0.1 < 3), two
// times in one step (one spike), a silent neuron, runs split anywhere.
TEST_P(SpikeSourceArrayTest, RecordedSpikesAreTheGivenTimesRoundedDownToSteps)
{
    const double dt = 0.1;
    const std::vector<std::vector<double>> times = {
        {0.0, 0.3, 0.35, 2.05, 7.0}, {}, {0.1, 0.1, 0.19, 9.99}, {5.5}, {0.25, 0.7, 1.2, 3.3, 4.4, 6.6, 8.8}};
    Network net("spike_source_array", NetworkOptions{dt, Precision::Float, 3});
    net.addNeuronGroup("S", 5, models::SpikeSourceArray(), {}, {}).setSpikeTimes(times).setSpikeRecording(true);
    auto b = backend();
    Simulation sim(net, *b, SimulationOptions{200});
    sim.initialize();
    for (std::uint64_t steps : {1, 2, 30, 67}) // 100 steps: 0 .. 10 ms
        sim.run(steps);
    // Expected: per step, the neurons with a time in it, ascending.
    std::vector<std::pair<long, std::uint32_t>> expected;
    for (std::uint32_t n = 0; n < times.size(); ++n)
        for (double t : times[n]) {
            const double steps = t / dt;
            const long step = std::abs(steps - std::round(steps)) < 1e-9 ? std::lround(steps) : long(std::floor(steps));
            if (expected.empty() || std::find(expected.begin(), expected.end(), std::pair{step, n}) == expected.end())
                expected.emplace_back(step, n);
        }
    std::sort(expected.begin(), expected.end());
    const SpikeTrains spikes = sim.spikes("S");
    ASSERT_EQ(spikes.ids.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        EXPECT_EQ(spikes.ids[k], expected[k].second) << "spike " << k;
        EXPECT_NEAR(spikes.times[k], expected[k].first * dt, 1e-9) << "spike " << k << " of neuron " << spikes.ids[k];
    }
    // Times are simulation times: initialising again at 10 ms skips those already past.
    sim.initialize();
    sim.run(100);
    EXPECT_EQ(sim.spikes("S").ids.size(), expected.size());
}

// Given as (time, id) pairs, driving a summing target through a delta synapse: the target's
// input arrives one step after each source spike.
TEST_P(SpikeSourceArrayTest, PairsDriveTargetsOneStepLater)
{
    Network net("spike_source_pairs", NetworkOptions{1.0, Precision::Float, 3});
    net.addNeuronGroup("S", 3, models::SpikeSourceArray(), {}, {})
        .setSpikeTimes({2.0, 5.0, 5.0, 8.5}, {1, 0, 2, 1})
        .setSpikeRecording(true);
    NeuronModel sum;
    sum.name = "Sum";
    sum.vars = {{"total"}};
    sum.simCode = "total += Isyn;";
    net.addNeuronGroup("T", 1, sum, {}, {{"total", 0.0}});
    net.addSynapseGroup("ST", SynapseSpec{"S", "T", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                                          {models::DeltaCurr(), {}, {}}, init::Dense()});
    auto b = backend();
    Simulation sim(net, *b, SimulationOptions{20});
    sim.initialize();
    sim.run(6); // steps 0..5: spikes at 2 (neuron 1) and 5 (neurons 0, 2); the latter arrive at step 6
    EXPECT_EQ(sim.pullVar("T", "total")[0], 1.0);
    sim.run(4);
    EXPECT_EQ(sim.pullVar("T", "total")[0], 4.0);
    const SpikeTrains spikes = sim.spikes("S");
    EXPECT_EQ(spikes.ids, (std::vector<std::uint32_t>{1, 0, 2, 1}));
    EXPECT_EQ(spikes.times, (std::vector<double>{2.0, 5.0, 5.0, 8.0}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SpikeSourceArrayTest, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
