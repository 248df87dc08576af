// Connectivity initialisation: statistics of the random snippets and exactness of the fixed ones.
#include "backend_fixture.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spikegen::testing {
namespace {

class Connectivity : public BackendTest {
protected:
    // A network of two Poisson groups (no activity needed) joined by one projection.
    static std::unique_ptr<Network> projection(std::uint32_t numPre, std::uint32_t numPost, ConnectivityInstance conn,
                                               std::uint64_t seed = 7)
    {
        auto net = std::make_unique<Network>("connectivity", NetworkOptions{0.1, Precision::Float, seed});
        net->addNeuronGroup("Pre", numPre, models::Poisson(), {{"rate", 0.0}}, {});
        net->addNeuronGroup("Post", numPost, models::Poisson(), {{"rate", 0.0}}, {});
        SynapseSpec spec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 1.0)}}},
                         {models::DeltaCurr(), {}, {}}, std::move(conn)};
        net->addSynapseGroup("S", spec);
        return net;
    }
    static void expectSortedRowsInRange(const std::vector<std::uint32_t>& rows, const std::vector<std::uint32_t>& ind,
                                        std::uint32_t numPost)
    {
        ASSERT_EQ(rows.back(), ind.size());
        for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
            ASSERT_LE(rows[i], rows[i + 1]);
            ASSERT_TRUE(std::is_sorted(ind.begin() + rows[i], ind.begin() + rows[i + 1])) << "row " << i;
        }
        for (auto j : ind)
            ASSERT_LT(j, numPost);
    }
};

// Row lengths of FixedProbability are Binomial(numPost, p): their mean and variance lie within
// bounds that a correct sampler misses with probability far below 1e-6.
TEST_P(Connectivity, FixedProbabilityRowLengthsAreBinomial)
{
    const std::uint32_t numPre = 2000, numPost = 1000;
    for (double p : {0.01, 0.1, 0.5}) {
        auto net = projection(numPre, numPost, init::FixedProbability(p));
        auto b = backend();
        Simulation sim(*net, *b);
        sim.initialize();
        const auto rows = sim.pullRowStarts("S");
        const auto ind = sim.pullPostIndices("S");
        expectSortedRowsInRange(rows, ind, numPost);
        double mean = 0, squares = 0;
        for (std::uint32_t i = 0; i < numPre; ++i)
            mean += rows[i + 1] - rows[i];
        mean /= numPre;
        for (std::uint32_t i = 0; i < numPre; ++i)
            squares += std::pow(double(rows[i + 1] - rows[i]) - mean, 2);
        const double variance = squares / (numPre - 1);
        const double expectedMean = numPost * p, expectedVar = numPost * p * (1 - p);
        // Standard error of the mean, and of the sample variance (approximately var * sqrt(2 / n)).
        EXPECT_NEAR(mean, expectedMean, 6 * std::sqrt(expectedVar / numPre)) << "p = " << p;
        EXPECT_NEAR(variance, expectedVar, 6 * expectedVar * std::sqrt(2.0 / numPre)) << "p = " << p;
        // Every target is equally likely: column counts are binomial(numPre, p) too.
        std::vector<int> column(numPost, 0);
        for (auto j : ind)
            ++column[j];
        const double columnMean = double(ind.size()) / numPost;
        EXPECT_NEAR(columnMean, numPre * p, 6 * std::sqrt(numPre * p * (1 - p) / numPost));
    }
}

TEST_P(Connectivity, FixedProbabilityEdgeCases)
{
    auto b = backend();
    {
        auto net = projection(50, 40, init::FixedProbability(1.0));
        Simulation sim(*net, *b);
        sim.initialize();
        const auto ind = sim.pullPostIndices("S");
        ASSERT_EQ(ind.size(), 50u * 40u);
        for (std::size_t k = 0; k < ind.size(); ++k)
            ASSERT_EQ(ind[k], k % 40);
    }
    {
        auto net = projection(50, 40, init::FixedProbability(0.0));
        Simulation sim(*net, *b);
        sim.initialize();
        EXPECT_TRUE(sim.pullPostIndices("S").empty());
    }
}

TEST_P(Connectivity, NoAutapse)
{
    auto net = projection(300, 300, init::FixedProbabilityNoAutapse(0.5));
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const auto rows = sim.pullRowStarts("S");
    const auto ind = sim.pullPostIndices("S");
    expectSortedRowsInRange(rows, ind, 300);
    for (std::uint32_t i = 0; i < 300; ++i)
        for (auto k = rows[i]; k < rows[i + 1]; ++k)
            ASSERT_NE(ind[k], i);
    EXPECT_NEAR(double(ind.size()), 300.0 * 299.0 * 0.5, 6 * std::sqrt(300.0 * 299.0 * 0.25));
}

TEST_P(Connectivity, OneToOne)
{
    auto net = projection(100, 100, init::OneToOne());
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const auto ind = sim.pullPostIndices("S");
    ASSERT_EQ(ind.size(), 100u);
    for (std::uint32_t i = 0; i < 100; ++i)
        EXPECT_EQ(ind[i], i);
}

TEST_P(Connectivity, FixedNumberPostWithReplacement)
{
    auto net = projection(500, 70000, init::FixedNumberPostWithReplacement(37)); // 16-bit indices, 2 segments
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const auto rows = sim.pullRowStarts("S");
    const auto ind = sim.pullPostIndices("S");
    expectSortedRowsInRange(rows, ind, 70000);
    for (std::uint32_t i = 0; i < 500; ++i)
        ASSERT_EQ(rows[i + 1] - rows[i], 37u);
    const double mean = std::accumulate(ind.begin(), ind.end(), 0.0) / double(ind.size());
    EXPECT_NEAR(mean, 69999 / 2.0, 6 * 70000 / std::sqrt(12.0 * ind.size()));
}

TEST_P(Connectivity, FixedNumberTotalWithReplacement)
{
    const std::uint32_t numPre = 400, total = 20000;
    auto net = projection(numPre, 300, init::FixedNumberTotalWithReplacement(total));
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    const auto rows = sim.pullRowStarts("S");
    const auto ind = sim.pullPostIndices("S");
    expectSortedRowsInRange(rows, ind, 300);
    ASSERT_EQ(ind.size(), total);
    // Row lengths are multinomial: each Binomial(total, 1 / numPre).
    double squares = 0;
    const double mean = double(total) / numPre, var = total * (1.0 / numPre) * (1 - 1.0 / numPre);
    for (std::uint32_t i = 0; i < numPre; ++i)
        squares += std::pow(rows[i + 1] - rows[i] - mean, 2);
    EXPECT_NEAR(squares / (numPre - 1), var, 6 * var * std::sqrt(2.0 / numPre));
}

// Rows onto 200,000 targets keep 16-bit indices in four segments of 65,536 (ConnectivityLayout):
// targets added in any order, in every segment and at its edges, with repeats, come back as
// exactly the targets added, sorted; with 16-bit segment starts (a declared max row length) and
// 32-bit ones (no bound but the target's size).
TEST_P(Connectivity, TargetsBeyond65535KeepSixteenBitIndicesInSegments)
{
    const std::uint32_t numPre = 300, numPost = 200000;
    ConnectivitySnippet scattered;
    scattered.name = "Scattered";
    scattered.rowBuildCode = R"(
for (unsigned k = 0u; k < 9u; ++k) {
    addSynapse((id_pre * 7919u + k * 40009u) % num_post);
}
addSynapse(65535u);
addSynapse(65536u);
addSynapse(num_post - 1u);
)";
    auto expectedRow = [&](std::uint32_t i) {
        std::vector<std::uint32_t> row{65535u, 65536u, numPost - 1};
        for (std::uint32_t k = 0; k < 9; ++k)
            row.push_back((i * 7919u + k * 40009u) % numPost);
        std::sort(row.begin(), row.end());
        return row;
    };
    auto b = backend();
    for (bool declaredBound : {true, false}) {
        if (declaredBound)
            setMaxRowLength(scattered, "12");
        else
            scattered.maxRowLength = nullptr;
        auto net = projection(numPre, numPost, ConnectivityInstance{scattered, {}});
        Simulation sim(*net, *b);
        const ConnectivityLayout& layout = sim.plan().synapseGroups()[0].layout;
        EXPECT_EQ(layout.indexBits, 16u);
        EXPECT_EQ(layout.segments, 4u);
        EXPECT_EQ(layout.segmentStartBits, declaredBound ? 16u : 32u);
        sim.initialize();
        const auto rows = sim.pullRowStarts("S");
        const auto ind = sim.pullPostIndices("S");
        ASSERT_EQ(rows.size(), numPre + 1);
        for (std::uint32_t i = 0; i < numPre; ++i)
            ASSERT_EQ(std::vector<std::uint32_t>(ind.begin() + rows[i], ind.begin() + rows[i + 1]), expectedRow(i))
                << "row " << i << (declaredBound ? ", 16-bit" : ", 32-bit") << " segment starts";
    }
}

// 16-bit segment starts rely on the declared max row length: a longer row is an error naming the
// projection, not a corrupted row.
TEST_P(Connectivity, RowLongerThanDeclaredMaxRowLengthIsAnError)
{
    ConnectivitySnippet snippet;
    snippet.name = "ThreeTargets";
    snippet.rowBuildCode = "addSynapse(1u);\naddSynapse(70000u);\naddSynapse(id_pre);\n";
    setMaxRowLength(snippet, "2");
    auto net = projection(10, 100000, ConnectivityInstance{snippet, {}});
    auto b = backend();
    Simulation sim(*net, *b);
    try {
        sim.initialize();
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("synapse group 'S' (connectivity 'ThreeTargets')"), std::string::npos) << what;
        EXPECT_NE(what.find("longer than its max row length"), std::string::npos) << what;
    }
}

// The same seed gives the same connectivity and initial weights; another seed does not.
TEST_P(Connectivity, SeedDeterminesConnectivityAndWeights)
{
    auto b = backend();
    auto build = [&](std::uint64_t seed) {
        auto net = projection(300, 200, init::FixedProbability(0.1), seed);
        Simulation sim(*net, *b);
        sim.initialize();
        return std::pair{sim.pullPostIndices("S"), sim.pullVar("S", "g")};
    };
    const auto a = build(11), again = build(11), other = build(12);
    EXPECT_EQ(a.first, again.first);
    EXPECT_EQ(a.second, again.second);
    EXPECT_NE(a.first, other.first);
    for (double g : a.second) {
        ASSERT_GT(g, 0.0);
        ASSERT_LT(g, 1.0);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Connectivity, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
