// Fixed in-degree (init::FixedNumberPre, FixedNumberPreWithReplacement), built column by column:
// every target gets exactly `num` sources, drawn uniformly, and the rows are identical on every
// backend and thread count.
#include "backend_fixture.h"

#include <cmath>
#include <set>

namespace spikegen::testing {
namespace {

class FixedInDegree : public BackendTest {
protected:
    static std::unique_ptr<Network> projection(std::uint32_t numPre, std::uint32_t numPost, ConnectivityInstance conn,
                                               std::uint64_t seed = 17)
    {
        auto net = std::make_unique<Network>("fixed_in_degree", NetworkOptions{0.1, Precision::Float, seed});
        net->addNeuronGroup("Pre", numPre, models::Poisson(), {{"rate", 0.0}}, {});
        net->addNeuronGroup("Post", numPost, models::Poisson(), {{"rate", 0.0}}, {});
        SynapseSpec spec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 1.0)}}},
                         {models::DeltaCurr(), {}, {}}, std::move(conn)};
        net->addSynapseGroup("S", spec);
        return net;
    }

    struct Columns {
        std::vector<std::vector<std::uint32_t>> sources; // per target, in row order
        std::vector<std::uint32_t> timesChosen;          // per source
    };
    // Reads the rows back, checks they are sorted, and turns them into columns.
    static Columns columnsOf(Simulation& sim, std::uint32_t numPre, std::uint32_t numPost)
    {
        const auto rows = sim.pullRowStarts("S");
        const auto ind = sim.pullPostIndices("S");
        EXPECT_EQ(rows.size(), numPre + 1);
        EXPECT_EQ(rows.back(), ind.size());
        Columns c{std::vector<std::vector<std::uint32_t>>(numPost), std::vector<std::uint32_t>(numPre, 0)};
        for (std::uint32_t i = 0; i < numPre; ++i) {
            EXPECT_TRUE(std::is_sorted(ind.begin() + rows[i], ind.begin() + rows[i + 1])) << "row " << i;
            for (std::uint32_t s = rows[i]; s < rows[i + 1]; ++s) {
                EXPECT_LT(ind[s], numPost);
                c.sources[ind[s]].push_back(i);
                ++c.timesChosen[i];
            }
        }
        return c;
    }

    // Pearson's statistic of how often each source was chosen against `expected` each, with the
    // variance of one count; a uniform sampler stays within df +- 6 sqrt(2 df) with probability
    // far above 1 - 1e-6 (df = numPre - 1: the counts add up to a fixed total).
    static void expectUniform(const std::vector<std::uint32_t>& timesChosen, double expected, double variance)
    {
        double statistic = 0;
        for (auto n : timesChosen)
            statistic += (double(n) - expected) * (double(n) - expected) / variance;
        const double df = double(timesChosen.size() - 1);
        EXPECT_NEAR(statistic, df, 6 * std::sqrt(2 * df)) << "sources are not chosen uniformly";
    }
};

TEST_P(FixedInDegree, WithoutReplacementGivesExactlyNumDistinctSourcesUniformly)
{
    const std::uint32_t numPre = 200, numPost = 3000, num = 20;
    auto net = projection(numPre, numPost, init::FixedNumberPre(num));
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const Columns c = columnsOf(sim, numPre, numPost);
    for (std::uint32_t j = 0; j < numPost; ++j) {
        ASSERT_EQ(c.sources[j].size(), num) << "target " << j;
        ASSERT_EQ(std::set<std::uint32_t>(c.sources[j].begin(), c.sources[j].end()).size(), num)
            << "target " << j << " has a source twice";
    }
    // Each source is in a target's sample with probability num / numPre, independently per target.
    const double p = double(num) / numPre;
    expectUniform(c.timesChosen, numPost * p, numPost * p * (1 - p));
    // The smallest source of a column: its distribution tests the order the sampler walks in.
    // P(min >= k) = C(numPre - k, num) / C(numPre, num); compare the mean.
    double meanMin = 0, expectedMeanMin = 0;
    for (const auto& sources : c.sources)
        meanMin += sources.front();
    meanMin /= numPost;
    for (std::uint32_t k = 1; k + num <= numPre; ++k) {
        double tail = 1; // P(min >= k)
        for (std::uint32_t r = 0; r < num; ++r)
            tail *= double(numPre - k - r) / double(numPre - r);
        expectedMeanMin += tail;
    }
    EXPECT_NEAR(meanMin, expectedMeanMin, 0.8) << "(5 standard errors)";
}

TEST_P(FixedInDegree, WithReplacementGivesExactlyNumDrawsUniformly)
{
    const std::uint32_t numPre = 150, numPost = 2000, num = 30;
    auto net = projection(numPre, numPost, init::FixedNumberPreWithReplacement(num));
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const Columns c = columnsOf(sim, numPre, numPost);
    std::size_t repeats = 0;
    for (std::uint32_t j = 0; j < numPost; ++j) {
        ASSERT_EQ(c.sources[j].size(), num) << "target " << j;
        repeats += num - std::set<std::uint32_t>(c.sources[j].begin(), c.sources[j].end()).size();
    }
    EXPECT_GT(repeats, 0u) << "with replacement, some target takes a source twice (expected ~5,500 repeats)";
    const double total = double(numPost) * num;
    expectUniform(c.timesChosen, total / numPre, total / numPre * (1 - 1.0 / numPre));
}

TEST_P(FixedInDegree, AllSourcesWhenNumIsTheSourceGroupSize)
{
    auto net = projection(40, 30, init::FixedNumberPre(40));
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const auto rows = sim.pullRowStarts("S");
    const auto ind = sim.pullPostIndices("S");
    ASSERT_EQ(ind.size(), 40u * 30u);
    for (std::uint32_t i = 0; i < 40; ++i)
        for (std::uint32_t j = 0; j < 30; ++j)
            ASSERT_EQ(ind[rows[i] + j], j);
}

// Bit for bit the CPU backend's rows and weights (one thread and two), onto a group of 70,000
// neurons so that rows are kept in two 65,536-target segments.
TEST_P(FixedInDegree, SameConnectivityOnEveryBackendAndThreadCount)
{
    const auto built = builtBackends();
    if (std::find(built.begin(), built.end(), "cpu") == built.end())
        GTEST_SKIP() << "the CPU backend (the reference) is not built";
    for (auto conn : {init::FixedNumberPre(6), init::FixedNumberPreWithReplacement(6)}) {
        auto net = projection(300, 70000, conn, 99);
        auto oneThread = createBackend("cpu", 1), twoThreads = createBackend("cpu", 2);
        auto other = backend();
        Simulation reference(*net, *oneThread), cpu2(*net, *twoThreads), sim(*net, *other);
        EXPECT_EQ(sim.plan().synapseGroups()[0].layout.segments, 2u);
        for (Simulation* s : {&reference, &cpu2, &sim})
            s->initialize();
        const auto rows = reference.pullRowStarts("S");
        ASSERT_EQ(rows.back(), 6u * 70000u) << conn.snippet.name;
        for (Simulation* s : {&cpu2, &sim}) {
            ASSERT_EQ(s->pullRowStarts("S"), rows) << conn.snippet.name;
            EXPECT_EQ(s->pullPostIndices("S"), reference.pullPostIndices("S")) << conn.snippet.name;
            EXPECT_EQ(bits(s->pullVar("S", "g")), bits(reference.pullVar("S", "g"))) << conn.snippet.name;
        }
    }
}

// A column-building snippet that names a source outside the presynaptic group stops
// initialisation with an error naming the projection.
TEST_P(FixedInDegree, SourceOutsideTheGroupIsAnError)
{
    ConnectivitySnippet snippet;
    snippet.name = "BeyondTheSources";
    snippet.colBuildCode = "addSynapse(num_pre + id_post);";
    setMaxRowLength(snippet, "num_post");
    auto net = projection(10, 5, ConnectivityInstance{snippet, {}});
    auto b = backend();
    Simulation sim(*net, *b);
    try {
        sim.initialize();
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("synapse group 'S' (connectivity 'BeyondTheSources')"), std::string::npos) << what;
        EXPECT_NE(what.find("source outside the presynaptic group"), std::string::npos) << what;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, FixedInDegree, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
