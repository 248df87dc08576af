// Dynamic parameters (Network::setParamDynamic, Simulation::setParam) on every backend: the same
// spikes as the literals they replace, one compiled program for any of their values, a change
// between runs that acts from the next step, and clear errors for what cannot be dynamic.
#include "backend_fixture.h"

#include <cmath>

namespace spikegen::testing {
namespace {

class DynamicParams : public BackendTest {};

std::vector<SpikeTrains> cobaSpikes(Backend& backend, bool dynamic, double inhibitoryWeight)
{
    models::StandardNetworkOptions options;
    options.scale = 0.25;
    auto net = models::makeCOBA(options);
    net->setParam("IE", "weight_update.g", inhibitoryWeight);
    if (dynamic) {
        net->setParamDynamic("E", "Vthresh");
        net->setParamDynamic("IE", "weight_update.g");
        net->setParamDynamic("EE", "postsynaptic.tau");
    }
    Simulation sim(*net, backend);
    sim.initialize();
    sim.runFor(200.0);
    return {sim.spikes("E"), sim.spikes("I")};
}

TEST_P(DynamicParams, GiveTheSpikesOfTheLiteralsTheyReplace)
{
    auto b = backend();
    const auto literal = cobaSpikes(*b, false, 67.0e-3);
    const auto dynamic = cobaSpikes(*b, true, 67.0e-3);
    ASSERT_GT(literal[0].times.size(), 100u);
    for (std::size_t g = 0; g < 2; ++g) {
        EXPECT_EQ(dynamic[g].times, literal[g].times) << "group " << g;
        EXPECT_EQ(dynamic[g].ids, literal[g].ids) << "group " << g;
    }
    // Another value of a dynamic parameter: the same program (a cache hit), other spikes.
    const auto other = cobaSpikes(*b, true, 50.0e-3);
    EXPECT_NE(other[0].times.size(), literal[0].times.size());
}

// One LIF neuron under a dynamic DC current, below threshold: V follows the membrane equation for
// the first amplitude, then for the second from the step after the change.
TEST_P(DynamicParams, ChangeActsFromTheNextStepAndCompilesOnce)
{
    auto b = backend();
    auto build = [] {
        auto net = std::make_unique<Network>("dynamic_dc", NetworkOptions{0.1, Precision::Double, 1});
        net->addNeuronGroup("N", 1, models::LIF(),
                            {{"C", 0.25}, {"TauM", 10.0}, {"Vrest", -65.0}, {"Vreset", -65.0}, {"Vthresh", 0.0},
                             {"Ioffset", 0.0}, {"TauRefrac", 2.0}},
                            {{"V", -65.0}, {"RefracTime", 0.0}});
        net->addCurrentSource("I", "N", models::DC(), {{"amp", 0.2}});
        net->setParamDynamic("I", "amp");
        return net;
    };
    auto net = build();
    Simulation sim(*net, *b);
    sim.initialize();
    const double R = 10.0 / 0.25; // MOhm
    sim.runFor(50.0);
    const double v50 = -65.0 + R * 0.2 * (1.0 - std::exp(-5.0));
    EXPECT_NEAR(sim.pullVar("N", "V")[0], v50, 1e-9);
    sim.setParam("I", "amp", 0.05);
    EXPECT_DOUBLE_EQ(sim.param("I", "amp"), 0.05);
    EXPECT_DOUBLE_EQ(net->param("I", "amp"), 0.2) << "the network keeps its value";
    sim.runFor(50.0);
    const double target = -65.0 + R * 0.05;
    EXPECT_NEAR(sim.pullVar("N", "V")[0], target + (v50 - target) * std::exp(-5.0), 1e-9);

    auto other = build();
    other->setParam("I", "amp", 0.1);
    Simulation again(*other, *b);
    EXPECT_TRUE(again.buildInfo().cacheHit) << "another value of a dynamic parameter needs no compile";
}

// Keys read from memory (NetworkOptions::dynamicSeed): the connectivity, initial values and spikes
// of the literal keys, and one program for every seed.
TEST_P(DynamicParams, DynamicSeedKeepsEveryStreamAndCompilesOnce)
{
    auto b = backend();
    auto run = [&](std::uint64_t seed, bool dynamic, bool* cacheHit) {
        auto net = models::makeCOBA({.seed = seed, .scale = 0.25});
        net->setSeedDynamic(dynamic);
        Simulation sim(*net, *b);
        if (cacheHit)
            *cacheHit = sim.buildInfo().cacheHit;
        sim.initialize();
        sim.runFor(100.0);
        return std::pair{sim.pullPostIndices("EE"), sim.spikes("E")};
    };
    const auto literal = run(21, false, nullptr);
    const auto dynamic = run(21, true, nullptr);
    EXPECT_EQ(dynamic.first, literal.first);
    EXPECT_EQ(dynamic.second.times, literal.second.times);
    EXPECT_EQ(dynamic.second.ids, literal.second.ids);
    bool cacheHit = false;
    const auto other = run(22, true, &cacheHit);
    EXPECT_TRUE(cacheHit) << "another seed needs no compile";
    EXPECT_NE(other.second.times, literal.second.times);
}

TEST(DynamicParamErrors, NameWhatCannotBeDynamicOrChanged)
{
    auto net = models::makeCOBA({.scale = 0.05});
    expectThrowsWith([&] { net->setParamDynamic("EE", "connectivity.prob"); }, "shapes the connectivity");
    expectThrowsWith([&] { net->setParamDynamic("E", "Vtresh"); }, "has no parameter 'Vtresh'");
    auto cpu = createBackend("cpu");
    net->setParamDynamic("E", "TauM");
    Simulation sim(*net, *cpu);
    expectThrowsWith([&] { sim.setParam("E", "Vthresh", -49.0); }, "is not dynamic");
    expectThrowsWith([&] { sim.setParam("E", "TauM", -1.0); }, "neuron group 'E'");
    EXPECT_DOUBLE_EQ(sim.param("E", "TauM"), 20.0) << "a refused value changes nothing";
}

INSTANTIATE_TEST_SUITE_P(Backends, DynamicParams, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
