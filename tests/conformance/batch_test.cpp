// Batches (SimulationOptions::batchSize) on every backend: instance k gives the bits of a single
// run with its parameters and seed (and the batch's connectivity), state and recordings are kept
// per instance, and bad input gets one clear error.
#include "backend_fixture.h"
#include "plastic_networks.h"

#include <cmath>
#include <set>

namespace spikegen::testing {
namespace {

class Batch : public BackendTest {};

constexpr std::uint64_t kSeed = 77;
const std::vector<double> kThresholds = {-50.0, -51.0, -52.5};

std::unique_ptr<Network> batchCoba()
{
    auto net = models::makeCOBA({.scale = 0.2});
    net->setSeed(kSeed);
    return net;
}

void expectSameTrains(const SpikeTrains& a, const SpikeTrains& b, const std::string& what)
{
    EXPECT_EQ(a.times, b.times) << what;
    EXPECT_EQ(a.ids, b.ids) << what;
}

// The single run that instance k of a batch stands for: its threshold and seed, the batch's wiring.
struct SingleRun {
    SpikeTrains e, i;
    std::vector<double> v;
};
SingleRun singleRun(Backend& backend, double threshold, std::uint64_t seed, std::optional<std::uint64_t> wiring)
{
    auto net = batchCoba();
    net->setParam("E", "Vthresh", threshold);
    net->setSeed(seed);
    net->setConnectivitySeed(wiring);
    Simulation sim(*net, backend);
    sim.initialize();
    sim.runFor(150.0);
    return {sim.spikes("E"), sim.spikes("I"), sim.pullVar("E", "V")};
}

TEST_P(Batch, InstanceKIsTheSingleRunWithItsParametersAndSeed)
{
    auto b = backend();
    auto net = batchCoba();
    net->setParamDynamic("E", "Vthresh");
    Simulation sim(*net, *b, {.batchSize = 3});
    sim.setParams("E", "Vthresh", kThresholds);
    sim.initialize();
    sim.runFor(100.0);
    sim.runFor(50.0); // two runs: every instance goes on from where it stopped
    std::set<std::size_t> counts;
    for (std::uint32_t k = 0; k < 3; ++k) {
        EXPECT_EQ(sim.instanceSeed(k), kSeed + k);
        const SingleRun single = singleRun(*b, kThresholds[k], kSeed + k, kSeed);
        ASSERT_GT(single.e.times.size(), 50u);
        expectSameTrains(sim.spikes("E", k), single.e, "E, instance " + std::to_string(k));
        expectSameTrains(sim.spikes("I", k), single.i, "I, instance " + std::to_string(k));
        EXPECT_EQ(sim.pullVar("E", "V", k), single.v) << "instance " << k;
        counts.insert(sim.spikes("E", k).times.size());
    }
    EXPECT_EQ(counts.size(), 3u) << "the instances differ";
    EXPECT_EQ(sim.pullPostIndices("EE", 2), sim.pullPostIndices("EE", 0)) << "one wiring";
}

TEST_P(Batch, ConnectivityPerInstanceFollowsEachInstancesSeed)
{
    auto b = backend();
    auto net = batchCoba();
    const std::vector<std::uint64_t> seeds = {5, 9};
    Simulation sim(*net, *b, {.batchSize = 2, .connectivityPerInstance = true, .instanceSeeds = seeds});
    sim.initialize();
    sim.runFor(80.0);
    for (std::uint32_t k = 0; k < 2; ++k) {
        auto single = batchCoba();
        single->setSeed(seeds[k]);
        Simulation one(*single, *b);
        one.initialize();
        one.runFor(80.0);
        EXPECT_EQ(sim.pullRowStarts("EE", k), one.pullRowStarts("EE")) << "instance " << k;
        EXPECT_EQ(sim.pullPostIndices("IE", k), one.pullPostIndices("IE")) << "instance " << k;
        expectSameTrains(sim.spikes("E", k), one.spikes("E"), "E, instance " + std::to_string(k));
    }
    EXPECT_NE(sim.pullRowStarts("EE", 0), sim.pullRowStarts("EE", 1));
}

// Per-synapse variables (plastic weights, random initial values) belong to each instance.
TEST_P(Batch, PlasticWeightsLearnPerInstance)
{
    auto b = backend();
    auto net = everyRuleNetwork();
    const std::uint64_t base = net->options().seed;
    Simulation sim(*net, *b, {.batchSize = 2, .instanceSeeds = {base, base + 100}});
    sim.initialize();
    sim.runFor(200.0);
    auto single = everyRuleNetwork();
    single->setSeed(base + 100);
    single->setConnectivitySeed(base);
    Simulation one(*single, *b);
    one.initialize();
    one.runFor(200.0);
    for (const auto& group : kEveryRuleGroups) {
        EXPECT_EQ(sim.pullVar(group, "w", 1), one.pullVar(group, "w")) << group;
        EXPECT_NE(sim.pullVar(group, "w", 1), sim.pullVar(group, "w", 0)) << group;
    }
}

// A closed loop's round: every instance's input pushed as one array, every instance's state pulled.
TEST_P(Batch, BatchPushAndPullMoveEveryInstanceAtOnce)
{
    auto b = backend();
    auto net = batchCoba();
    Simulation sim(*net, *b, {.batchSize = 4});
    sim.initialize();
    const std::size_t n = net->neuronGroup("E").size();
    std::vector<float> v(4 * n);
    for (std::size_t k = 0; k < 4; ++k)
        for (std::size_t i = 0; i < n; ++i)
            v[k * n + i] = -60.0f + float(k) - 0.001f * float(i);
    sim.pushBatchVarBytes("E", "V", Element::Float, v.size(), v.data());
    for (std::uint32_t k = 0; k < 4; ++k)
        EXPECT_FLOAT_EQ(float(sim.pullVar("E", "V", k)[7]), -60.0f + float(k) - 0.007f);
    const Simulation::VarBytes all = sim.pullBatchVarBytes("E", "V");
    ASSERT_EQ(all.count, 4 * n);
    EXPECT_EQ(std::memcmp(all.bytes.data(), v.data(), v.size() * 4), 0);
    sim.pushVar("E", "V", std::vector<double>(n, -70.0), 2);
    EXPECT_EQ(sim.pullVar("E", "V", 2)[0], -70.0);
    EXPECT_FLOAT_EQ(float(sim.pullVar("E", "V", 3)[0]), -57.0f) << "one instance's push leaves the others";
    sim.runFor(20.0);
    EXPECT_NE(sim.pullVar("E", "V", 2), sim.pullVar("E", "V", 3));
}

// A per-synapse variable the instances share (Network::setVarShared): one copy, the spikes of
// single runs, a push that every instance sees; refused where instances could not share it.
TEST_P(Batch, SharedVariablesHoldOneCopy)
{
    auto b = backend();
    auto shared = [] {
        auto net = models::makeCOBA({.scale = 0.2, .individualWeights = true});
        net->setSeed(kSeed);
        return net;
    };
    auto net = shared();
    net->setVarShared("EE", "g");
    EXPECT_TRUE(net->varIsShared("EE", "g"));
    Simulation sim(*net, *b, {.batchSize = 3});
    sim.initialize();
    sim.runFor(60.0);
    auto bytesOf = [&](Simulation& s, const std::string& buffer) {
        for (const auto& m : s.memoryUsage())
            if (m.name == buffer)
                return m.bytes;
        return std::size_t(0);
    };
    const std::size_t synapses = sim.pullRowStarts("EE").back();
    EXPECT_EQ(bytesOf(sim, "s0_g"), synapses * 4) << "one copy";
    EXPECT_GE(bytesOf(sim, "s1_g"), 3 * 4 * std::size_t(sim.pullRowStarts("EI").back())) << "a part per instance";
    for (std::uint32_t k = 0; k < 3; ++k) {
        auto single = shared();
        single->setSeed(kSeed + k);
        single->setConnectivitySeed(kSeed);
        Simulation one(*single, *b);
        one.initialize();
        one.runFor(60.0);
        EXPECT_EQ(sim.spikes("E", k).ids, one.spikes("E").ids) << "instance " << k;
    }
    std::vector<double> g(synapses, 0.0);
    sim.pushVar("EE", "g", g, 1);
    EXPECT_EQ(sim.pullVar("EE", "g", 2), g) << "one copy: every instance sees a push";
    std::vector<float> all(3 * synapses);
    expectThrowsWith([&] { sim.pushBatchVarBytes("EE", "g", Element::Float, all.size(), all.data()); },
                     "shared by the instances");

    auto plastic = everyRuleNetwork();
    plastic->setVarShared("Additive", "w");
    expectThrowsWith([&] { Simulation(*plastic, *b, {.batchSize = 2}); }, "'w' is assigned by its");
    expectThrowsWith([&] { net->setVarShared("EE", "w"); }, "has no per-synapse variable 'w' (it has g)");
    Network random("random_weights");
    random.addNeuronGroup("P", 20, models::Poisson(), {{"rate", 20.0}}, {});
    random.addSynapseGroup("PP", SynapseSpec{"P", "P", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 1.0)}}},
                                             {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.5)});
    random.setVarShared("PP", "g");
    expectThrowsWith([&] { Simulation(random, *b, {.batchSize = 2}); }, "starts from random numbers");
}

TEST_P(Batch, BadInputIsRefusedWithOneClearError)
{
    auto b = backend();
    auto net = batchCoba();
    net->setParamDynamic("E", "Vthresh");
    expectThrowsWith([&] { Simulation(*net, *b, {.batchSize = 3, .instanceSeeds = {1, 2}}); },
                     "2 instance seeds given for a batch of 3");
    expectThrowsWith([&] { Simulation(*net, *b, {.batchSize = 0}); }, "at least one instance");
    Simulation sim(*net, *b, {.batchSize = 3});
    expectThrowsWith([&] { sim.setParams("E", "Vthresh", {-50.0, -51.0}); }, "2 values given for a batch of 3");
    expectThrowsWith([&] { sim.setParams("E", "Vthresh", {-50.0, -51.0, std::nan("")}); }, "instance 2 of the batch");
    EXPECT_EQ(sim.param("E", "Vthresh", 2), -50.0) << "a refused list changes nothing";
    sim.initialize();
    expectThrowsWith([&] { sim.pullVar("E", "V", 3); }, "instance 3 does not exist in a batch of 3 (0 to 2)");
    expectThrowsWith([&] { sim.spikes("E", 7); }, "instance 7 does not exist");
    const std::size_t n = net->neuronGroup("E").size();
    std::vector<float> v(2 * n);
    expectThrowsWith([&] { sim.pushBatchVarBytes("E", "V", Element::Float, v.size(), v.data()); },
                     "values given for the batch, " + std::to_string(3 * n) + " expected");
    expectThrowsWith([&] { sim.saveCheckpoint(::testing::TempDir() + "batch.ckpt"); }, "a checkpoint holds one instance");
    // Far beyond any machine: said before anything is allocated, with the largest batch that fits.
    auto big = models::makeCOBA({.scale = 25});
    Simulation huge(*big, *b, {.batchSize = 60000});
    expectThrowsWith([&] { huge.initialize(); }, "the largest batch that fits has");
}

INSTANTIATE_TEST_SUITE_P(Backends, Batch, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
