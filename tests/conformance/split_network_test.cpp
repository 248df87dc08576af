// A network split over ranks (here threads of this process, core/runtime/thread_communicator.h;
// tests/mpi runs MPI processes) gives the spikes of the whole network on one device, on every
// backend: bit for bit in deterministic mode, whatever order each rank's atomics fill its lists in.
#include "backend_fixture.h"

#include "core/runtime/thread_communicator.h"
#include "models/networks/standard_networks.h"

#include <thread>

namespace spikegen::testing {
namespace {

class SplitNetwork : public BackendTest {};

struct SplitRankResult {
    std::vector<SpikeTrains> spikes; // per group asked for
    std::vector<double> v;           // the first group's V
    std::uint64_t exchanges = 0;
};

// Runs `net` on `backendName` split over `ranks` threads; every rank must get the same, whole
// network's results, which are returned.
SplitRankResult runSplitOverThreads(const std::string& backendName, const Network& net, std::uint32_t ranks,
                                    std::uint64_t steps, const std::vector<std::string>& groups)
{
    ThreadRanks group(ranks);
    std::vector<SplitRankResult> results(ranks);
    std::vector<std::string> errors(ranks);
    std::vector<std::thread> threads;
    for (std::uint32_t r = 0; r < ranks; ++r)
        threads.emplace_back([&, r] {
            try {
                auto backend = createBackend(backendName, 1);
                Simulation sim(net, *backend, {.communicator = &group.rank(r)});
                sim.initialize();
                sim.run(steps);
                for (const auto& g : groups)
                    results[r].spikes.push_back(sim.spikes(g));
                results[r].v = sim.pullVar(groups.front(), "V");
                results[r].exchanges = sim.timings().spikeExchanges;
            } catch (const std::exception& e) {
                errors[r] = e.what();
                group.abandon();
            }
        });
    for (auto& t : threads)
        t.join();
    for (std::uint32_t r = 0; r < ranks; ++r) {
        EXPECT_EQ(errors[r], "") << "rank " << r;
        for (std::size_t g = 0; g < groups.size() && r > 0 && errors[r].empty() && errors[0].empty(); ++g)
            EXPECT_EQ(results[r].spikes[g].ids, results[0].spikes[g].ids) << "rank " << r << ", " << groups[g];
    }
    return results.front();
}

void expectSplitEqualsWhole(const std::string& backendName, const Network& net, std::uint32_t ranks, std::uint64_t steps,
                            const std::vector<std::string>& groups, std::uint64_t exchanges)
{
    auto backend = createBackend(backendName, 1);
    Simulation whole(net, *backend);
    whole.initialize();
    whole.run(steps);
    const SplitRankResult split = runSplitOverThreads(backendName, net, ranks, steps, groups);
    ASSERT_EQ(split.spikes.size(), groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const SpikeTrains& expected = whole.spikes(groups[g]);
        EXPECT_GT(expected.ids.size(), 0u) << groups[g];
        EXPECT_EQ(split.spikes[g].ids, expected.ids) << groups[g];
        EXPECT_EQ(split.spikes[g].times, expected.times) << groups[g];
    }
    EXPECT_EQ(split.v, whole.pullVar(groups.front(), "V"));
    EXPECT_EQ(split.exchanges, exchanges);
}

// No axonal delay: the ranks exchange every step, between the neuron update and the propagation.
TEST_P(SplitNetwork, CobaOverTwoRanksGivesTheSpikesOfOneDevice)
{
    auto net = models::makeCOBA({.scale = 0.25});
    net->setDeterministic(true);
    expectSplitEqualsWhole(GetParam(), *net, 2, 500, {"E", "I"}, 500);
}

// 14 steps of axonal delay: an exchange every 14 steps; column-built connectivity; three ranks.
TEST_P(SplitNetwork, HpcOverThreeRanksExchangesOncePerAxonalDelay)
{
    auto net = models::makeHpc({.scale = 0.02});
    net->setDeterministic(true);
    expectSplitEqualsWhole(GetParam(), *net, 3, 280, {"E", "I"}, 20);
}

TEST_P(SplitNetwork, AFailingRankStopsTheOthers)
{
    ThreadRanks group(2);
    group.abandon();
    expectThrowsWith([&] {
        std::vector<std::uint8_t> bytes(4), all;
        std::vector<std::size_t> bytesOf;
        group.rank(1).allGather(bytes, all, bytesOf);
    }, "another rank of the split network stopped");
}

INSTANTIATE_TEST_SUITE_P(Backends, SplitNetwork, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
