// How a run is split into calls does not change it: one run of N steps, N runs of one step and
// runs of mixed lengths give the same spikes and state. On CUDA this compares the persistent
// step-loop kernel (runs of many steps) with the replayed step graph (single steps).
#include "backend_fixture.h"

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

INSTANTIATE_TEST_SUITE_P(Backends, StepLoop, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
