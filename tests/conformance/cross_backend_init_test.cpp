// Determinism across backends: the same seed gives bit-identical connectivity (row starts and
// indices) and initial values on every backend, because every backend draws from the same Philox
// streams (core/rng). Each backend is compared with the CPU backend, exactly.
#include "backend_fixture.h"

namespace spikegen::testing {
namespace {

class CrossBackendInit : public BackendTest {};

// Two projections whose connectivity and weights are random, and random initial neuron state.
std::unique_ptr<Network> randomNetwork()
{
    auto net = std::make_unique<Network>("cross_backend_init", NetworkOptions{0.1, Precision::Float, 4242});
    net->addNeuronGroup("A", 3000, models::LIF(), lifParams(0.0),
                        {{"V", init::Normal(-60.0, 4.0)}, {"RefracTime", init::Exponential(2.0)}});
    net->addNeuronGroup("B", 70000, models::LIF(), lifParams(0.0), // 32-bit indices into B
                        {{"V", init::Uniform(-70.0, -50.0)}, {"RefracTime", 0.0}});
    net->addSynapseGroup("AB", SynapseSpec{"A", "B", {models::StaticPulse(), {}, {{"g", init::Normal(0.5, 0.1)}}},
                                           {models::DeltaCurr(), {}, {}}, init::FixedNumberPostWithReplacement(50)});
    net->addSynapseGroup("AA", SynapseSpec{"A", "A", {models::StaticPulse(), {}, {{"g", init::Exponential(3.0)}}},
                                           {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.05)});
    net->addSynapseGroup("BA", SynapseSpec{"B", "A", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 2.0)}}},
                                           {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.001)});
    return net;
}

TEST_P(CrossBackendInit, SameSeedGivesIdenticalConnectivityAndInitialValuesAsCpu)
{
    const auto built = builtBackends();
    if (std::find(built.begin(), built.end(), "cpu") == built.end())
        GTEST_SKIP() << "the CPU backend (the reference) is not built";
    auto net = randomNetwork();
    auto cpuBackend = createBackend("cpu");
    auto other = backend();
    Simulation reference(*net, *cpuBackend), sim(*net, *other);
    reference.initialize();
    sim.initialize();
    for (const char* s : {"AB", "AA", "BA"}) {
        const auto rows = sim.pullRowStarts(s);
        ASSERT_EQ(rows, reference.pullRowStarts(s)) << "row starts of " << s;
        ASSERT_GT(rows.back(), 0u) << s;
        EXPECT_EQ(sim.pullPostIndices(s), reference.pullPostIndices(s)) << "indices of " << s;
        EXPECT_EQ(bits(sim.pullVar(s, "g")), bits(reference.pullVar(s, "g"))) << "weights of " << s;
    }
    EXPECT_EQ(bits(sim.pullVar("A", "V")), bits(reference.pullVar("A", "V")));
    EXPECT_EQ(bits(sim.pullVar("A", "RefracTime")), bits(reference.pullVar("A", "RefracTime")));
    EXPECT_EQ(bits(sim.pullVar("B", "V")), bits(reference.pullVar("B", "V")));
}

INSTANTIATE_TEST_SUITE_P(Backends, CrossBackendInit, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
