// How a run is split into calls does not change it: one run of N steps, N runs of one step and
// runs of mixed lengths give the same spikes and state. On CUDA this compares the persistent
// step-loop kernel (runs of many steps) with the replayed step graph (single steps).
#include "backend_fixture.h"

#include <set>

namespace spikegen::testing {
namespace {

// Poisson sources drive LIF neurons through an axonally delayed projection and a dendritically
// delayed one. Every weight is a multiple of 1/4, so the inputs of a step sum exactly in any
// order and the comparison can be exact on backends that add with atomics.
std::unique_ptr<Network> drivenNetwork()
{
    auto net = std::make_unique<Network>("step_loop", NetworkOptions{0.1, Precision::Float, 99});
    net->addNeuronGroup("Source", 200, models::Poisson(), {{"rate", 40.0}}, {}).setSpikeRecording(true);
    net->addNeuronGroup("Target", 100, models::LIF(), lifParams(0.0), {{"V", -70.0}, {"RefracTime", 0.0}})
        .setSpikeRecording(true);
    SynapseSpec axonal{"Source", "Target", {models::StaticPulseConstantWeight(), {{"g", 8.0}}, {}},
                       {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.2), 3};
    net->addSynapseGroup("Axonal", axonal);
    SynapseSpec dendritic{"Source", "Target", {models::StaticPulseDendriticDelay(), {}, {{"g", 4.0}, {"d", 2.0}}},
                          {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.1), 0, 4};
    net->addSynapseGroup("Dendritic", dendritic);
    return net;
}

struct Outcome {
    SpikeTrains source, target;
    std::vector<double> v;
};

Outcome runInPieces(Backend& backend, const std::vector<std::uint64_t>& pieces)
{
    auto net = drivenNetwork();
    Simulation sim(*net, backend);
    sim.initialize();
    for (std::uint64_t steps : pieces)
        sim.run(steps);
    return {sim.spikes("Source"), sim.spikes("Target"), sim.pullVar("Target", "V")};
}

class StepLoop : public BackendTest {};

TEST_P(StepLoop, HowARunIsSplitDoesNotChangeIt)
{
    auto b = backend();
    const Outcome whole = runInPieces(*b, {400});
    ASSERT_GT(whole.target.ids.size(), 20u) << "the targets should fire";
    const Outcome single = runInPieces(*b, std::vector<std::uint64_t>(400, 1));
    const Outcome mixed = runInPieces(*b, {1, 7, 2, 190, 1, 199});
    for (const Outcome* other : {&single, &mixed}) {
        const char* which = other == &single ? "one step per run" : "mixed runs";
        EXPECT_EQ(other->source.ids, whole.source.ids) << which;
        EXPECT_EQ(other->source.times, whole.source.times) << which;
        EXPECT_EQ(other->target.ids, whole.target.ids) << which;
        EXPECT_EQ(other->target.times, whole.target.times) << which;
        EXPECT_EQ(other->v, whole.v) << which;
    }
}

// A closed loop: each window's spikes are taken once, and the next window's current is pushed per
// neuron (models::ExternalCurrent). From rest, 2 nA crosses threshold after 12.9 ms; 0 nA never.
TEST_P(StepLoop, ClosedLoopTakesEachWindowOnceAndPushesTheNextCurrent)
{
    auto b = backend();
    Network net("closed_loop", NetworkOptions{0.1, Precision::Float, 5});
    net.addNeuronGroup("Target", 100, models::LIF(), lifParams(0.0), {{"V", -70.0}, {"RefracTime", 0.0}})
        .setSpikeRecording(true);
    net.addCurrentSource("Stimulus", "Target", models::ExternalCurrent(), {}, {});
    Simulation sim(net, *b);
    sim.initialize();
    const std::uint64_t windowSteps = 200; // 20 ms
    for (std::uint32_t window = 0; window < 5; ++window) {
        std::vector<double> amp(100);
        for (std::uint32_t i = 0; i < 100; ++i)
            amp[i] = i % 5 == window ? 2.0 : 0.0;
        sim.pushVar("Stimulus", "amp", amp);
        sim.run(windowSteps);
        const SpikeTrains taken = sim.takeSpikes("Target");
        std::set<std::uint32_t> fired(taken.ids.begin(), taken.ids.end());
        EXPECT_EQ(fired.size(), 20u) << "window " << window;
        for (std::size_t k = 0; k < taken.ids.size(); ++k) {
            EXPECT_EQ(taken.ids[k] % 5, window) << "neuron " << taken.ids[k] << " had no current in window " << window;
            EXPECT_GE(taken.times[k], 20.0 * window - 1e-9);
            EXPECT_LT(taken.times[k], 20.0 * (window + 1));
        }
    }
    EXPECT_TRUE(sim.spikes("Target").ids.empty()) << "taken spikes are forgotten";
    EXPECT_TRUE(sim.takeSpikes("Target").ids.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StepLoop, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
