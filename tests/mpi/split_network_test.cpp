// A network split over the ranks of the MPI job gives what one process gives, bit for bit: spikes,
// recorded and final variables, connectivity and learned weights (the CPU backend sums each
// target's inputs in spike order, and the exchange rebuilds each step's spike list in neuron order).
#include "tests/mpi/world.h"

#include "backends/registry.h"
#include "core/error.h"
#include "core/runtime/simulation.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/synapses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

namespace spikegen {
namespace {

using test::world;

struct Pair {
    std::unique_ptr<Backend> backend = createBackend("cpu", 1);
    std::unique_ptr<Simulation> split, whole;
    Pair(const Network& network, std::uint64_t steps)
    {
        split = std::make_unique<Simulation>(network, *backend, SimulationOptions{.communicator = &world()});
        whole = std::make_unique<Simulation>(network, *backend);
        for (Simulation* sim : {split.get(), whole.get()}) {
            sim->initialize();
            sim->run(steps);
        }
    }
};

void expectSameSpikes(Pair& p, const std::string& group)
{
    const SpikeTrains& split = p.split->spikes(group);
    const SpikeTrains& whole = p.whole->spikes(group);
    EXPECT_GT(whole.ids.size(), 0u) << group;
    EXPECT_EQ(split.ids, whole.ids) << group;
    EXPECT_EQ(split.times, whole.times) << group;
}

// Bit for bit, NaN included.
void expectSameBits(const std::vector<double>& split, const std::vector<double>& whole, const std::string& what)
{
    ASSERT_EQ(split.size(), whole.size()) << what;
    for (std::size_t i = 0; i < whole.size(); ++i)
        ASSERT_EQ(std::memcmp(&split[i], &whole[i], sizeof(double)), 0) << what << " [" << i << "]: " << split[i]
                                                                           << " vs " << whole[i];
}

std::size_t perSynapseBytes(const Simulation& sim, const std::string& buffer)
{
    for (const BufferMemory& b : sim.memoryUsage())
        if (b.name == buffer)
            return b.bytes;
    return 0;
}

TEST(SplitNetwork, CobaGivesTheSpikesVoltagesAndConnectivityOfOneProcess)
{
    auto network = models::makeCOBA({.scale = 0.25});
    network->neuronGroup("E").setVarRecording("V", 10);
    Pair p(*network, 1000);
    expectSameSpikes(p, "E");
    expectSameSpikes(p, "I");
    expectSameBits(p.split->varRecording("E", "V").values, p.whole->varRecording("E", "V").values, "recorded V");
    expectSameBits(p.split->pullVar("I", "V"), p.whole->pullVar("I", "V"), "final V of I");
    EXPECT_EQ(p.split->pullRowStarts("EI"), p.whole->pullRowStarts("EI"));
    const std::vector<std::uint32_t> targets = p.whole->pullPostIndices("EI");
    EXPECT_EQ(p.split->pullPostIndices("EI"), targets);
    // A spike of every step crosses ranks before it is delivered (no axonal delay).
    EXPECT_EQ(p.split->timings().spikeExchanges, 1000u);
    // This rank holds the synapses onto its own neurons only.
    const NeuronBlock mine = p.split->plan().block(network->neuronGroup("I"));
    std::size_t local = 0;
    for (std::uint32_t t : targets)
        local += mine.contains(t);
    const std::size_t split = perSynapseBytes(*p.split, "s1_post_index"), whole = perSynapseBytes(*p.whole, "s1_post_index");
    ASSERT_GT(whole, 0u);
    EXPECT_EQ(split * targets.size(), whole * std::max<std::size_t>(local, 1)) << "rank " << world().rank();
}

TEST(SplitNetwork, HpcExchangesOncePerSmallestAxonalDelay)
{
    auto network = models::makeHpc({.scale = 0.05});
    Pair p(*network, 300);
    expectSameSpikes(p, "E");
    expectSameSpikes(p, "I");
    const std::uint32_t interval = p.split->plan().exchangeInterval();
    EXPECT_EQ(interval, 14u); // 1.5 ms = a step of transmission + 14 steps of axonal delay
    EXPECT_EQ(p.split->timings().spikeExchanges, 300u / interval);
    EXPECT_EQ(p.split->pullPostIndices("EE"), p.whole->pullPostIndices("EE")); // column-built rows
}

TEST(SplitNetwork, LearnedWeightsEqualOneProcess)
{
    auto network = models::makeHpc({.scale = 0.05, .learningRateScale = 50.0}, true);
    Pair p(*network, 500);
    expectSameSpikes(p, "E");
    const std::vector<double> w = p.whole->pullVar("EE", "w");
    expectSameBits(p.split->pullVar("EE", "w"), w, "learned weights");
    Simulation initial(*network, *p.backend);
    initial.initialize();
    EXPECT_NE(initial.pullVar("EE", "w"), w) << "the weights did not learn";
    try {
        p.split->pushVar("EE", "w", w);
        ADD_FAILURE() << "pushing per-synapse values into a split network was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("pushing the per-synapse variable 'w' of 'EE'"), std::string::npos) << e.what();
    }
}

// A group smaller than a word per rank leaves ranks without neurons of it; dense and sparse
// projections, dendritic delays and a Poisson source all cross.
TEST(SplitNetwork, SmallGroupsDenseRowsAndDendriticDelays)
{
    Network net("small_split");
    net.addNeuronGroup("In", 20, models::Poisson(), {{"rate", 80.0}}, {});
    const ParamValues lif = {{"C", 0.2},         {"TauM", 20.0},   {"Vrest", -60.0},  {"Vreset", -60.0},
                             {"Vthresh", -50.0}, {"Ioffset", 0.3}, {"TauRefrac", 2.0}};
    net.addNeuronGroup("Out", 150, models::LIF(), lif, {{"V", init::Uniform(-60.0, -50.0)}, {"RefracTime", 0.0}});
    net.addSynapseGroup("Dense", {"In", "Out", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 0.5)}}},
                                  {models::ExpCurr(), {{"tau", 5.0}}, {}}, init::Dense(), 3});
    net.addSynapseGroup("Delayed", {"Out", "Out",
                                    {models::StaticPulseDendriticDelay(), {},
                                     {{"g", init::Uniform(-0.2, 0.2)}, {"d", init::NormalClippedDelay(0.3, 0.2, 0.1, 0.7)}}},
                                    {models::ExpCurr(), {{"tau", 5.0}}, {}}, init::FixedProbability(0.2), 2,
                                    init::maxDendriticDelaySteps(0.7, 0.1)});
    for (const auto& g : net.neuronGroups())
        net.neuronGroup(g->name()).setSpikeRecording(true);
    Pair p(net, 2000);
    expectSameSpikes(p, "In");
    expectSameSpikes(p, "Out");
    expectSameBits(p.split->pullVar("Dense", "g"), p.whole->pullVar("Dense", "g"), "dense weights");
    expectSameBits(p.split->pullVar("Delayed", "d"), p.whole->pullVar("Delayed", "d"), "dendritic delays");
    EXPECT_EQ(p.split->timings().spikeExchanges, 1000u); // every second step: the smallest axonal delay is 2
}

// A variable of a neuron only the last rank updates becomes NaN: every rank stops, with that
// rank's message, instead of the others waiting for it.
TEST(SplitNetwork, AnErrorOnOneRankStopsEveryRankWithItsMessage)
{
    auto network = models::makeCOBA({.scale = 0.25});
    auto backend = createBackend("cpu", 1);
    Simulation sim(*network, *backend, {.communicator = &world()});
    sim.initialize();
    std::vector<double> v = sim.pullVar("E", "V");
    v.back() = std::numeric_limits<double>::quiet_NaN();
    sim.pushVar("E", "V", v);
    const std::string owner = "rank " + std::to_string(world().ranks() - 1) + " of " + std::to_string(world().ranks());
    try {
        sim.run(10);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(owner + ": "), std::string::npos) << message;
        EXPECT_NE(message.find("'V'"), std::string::npos) << message;
        EXPECT_NE(message.find("NaN"), std::string::npos) << message;
    }
}

TEST(SplitNetwork, RefusesWhatASplitRunCannotDoYet)
{
    auto expectRefusal = [](const std::function<void()>& f, const std::string& part) {
        try {
            f();
            ADD_FAILURE() << "accepted; expected an error with: " << part;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        }
    };
    auto backend = createBackend("cpu", 1);
    auto stdp = models::makeCOBAPlastic({.scale = 0.1});
    expectRefusal([&] { Simulation(*stdp, *backend, {.communicator = &world()}); },
                  "synapse group 'EE' has presynaptic code that runs where its presynaptic neuron is updated");
    auto coba = models::makeCOBA({.scale = 0.1});
    expectRefusal([&] { Simulation(*coba, *backend, {.batchSize = 2, .communicator = &world()}); },
                  "a split network runs one instance");
    Simulation sim(*coba, *backend, {.communicator = &world()});
    sim.initialize();
    expectRefusal([&] { sim.saveCheckpoint("/nonexistent/checkpoint"); }, "saving a checkpoint is not possible in a split run");
}

} // namespace
} // namespace spikegen
