// The Potjans & Diesmann (2014) microcircuit at a scale two CPU cores can run keeps the published
// per-population rates, on every backend. Numbers, tolerances and what the scale does to them:
// docs/reference_models.md.
#include "../conformance/backend_fixture.h"

#include "core/runtime/spike_statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace spikegen::testing {
namespace {

// As the NEST example's default: 10 % of the neurons (7,717) with 10 % of the in-degrees (3 million
// synapses); weights times sqrt(10) and a DC current keep the input's mean and variance.
constexpr double kScale = 0.1;
constexpr double kDurationMs = 600.0, kTransientMs = 150.0;

struct Population {
    const char* name;
    double publishedHz; // full scale, Poisson background (NEST reference of the paper's Fig. 6)
};
const std::array<Population, 8> kPopulations = {{{"L23E", 0.971},
                                                 {"L23I", 2.868},
                                                 {"L4E", 4.746},
                                                 {"L4I", 5.396},
                                                 {"L5E", 8.142},
                                                 {"L5I", 9.078},
                                                 {"L6E", 0.991},
                                                 {"L6I", 7.523}}};

class Microcircuit : public BackendTest {};

TEST_P(Microcircuit, PopulationRatesNearPublished)
{
    models::StandardNetworkOptions options;
    options.scale = kScale;
    options.inDegreeScale = kScale;
    options.seed = 1;
    auto net = models::makeStandardNetwork("microcircuit", options);
    auto b = backend();
    Simulation sim(*net, *b, SimulationOptions{std::uint32_t(kDurationMs / 0.1) + 1});
    sim.initialize();
    sim.runFor(kDurationMs);
    const Timings& t = sim.timings();
    std::printf("  %s: compile %.1f s%s, initialisation %.1f s, simulation %.1f s\n", GetParam().c_str(),
                t.compileSeconds, t.compileCacheHit ? " (cached)" : "", t.initSeconds, t.simulateSeconds);
    for (const Population& p : kPopulations) {
        const auto stats = spikeStatistics(sim.spikes(p.name), net->neuronGroup(p.name).size(), kTransientMs, kDurationMs);
        std::printf("  %-5s %6.2f Hz (published %5.2f), CV %.2f\n", p.name, stats.rateHz, p.publishedHz, stats.meanCvIsi);
        SCOPED_TRACE(std::string(p.name) + ": " + std::to_string(stats.rateHz) + " Hz, published " +
                     std::to_string(p.publishedHz) + " Hz, CV " + std::to_string(stats.meanCvIsi));
        // Within a factor of two and 1.5 Hz: covers the realisation-to-realisation spread of a
        // 500 ms window at this scale and the shift that the small scale causes, while catching a
        // wrong weight, delay or background (each of which moves some population by 2x or more).
        EXPECT_LT(stats.rateHz, 2.0 * p.publishedHz + 1.5);
        EXPECT_GT(stats.rateHz, 0.5 * p.publishedHz - 1.5);
    }
}

// The per-synapse delays follow the published normal distribution, rounded to whole steps and
// at least one step, and the weights keep their sign: checked on the values each backend drew.
TEST_P(Microcircuit, DelaysAndWeightsFollowTheirDistributions)
{
    Network net("delays", NetworkOptions{0.1, Precision::Float, 5});
    const ParamValues lif = {{"C", 0.25},         {"TauM", 10.0},  {"Vrest", -65.0},     {"Vreset", -65.0},
                             {"Vthresh", -50.0},   {"Ioffset", 0.0}, {"TauRefrac", 2.0}};
    net.addNeuronGroup("Pre", 100, models::LIF(), lif, {{"V", -65.0}, {"RefracTime", 0.0}});
    net.addNeuronGroup("Post", 100, models::LIF(), lif, {{"V", -65.0}, {"RefracTime", 0.0}});
    SynapseSpec spec;
    spec.source = "Pre";
    spec.target = "Post";
    spec.weightUpdate = {models::StaticPulseDendriticDelay(),
                         {},
                         {{"g", init::NormalClipped(-0.35, 0.2, -1e30, 0.0)},
                          {"d", init::NormalClippedDelay(0.8, 0.4, 0.1, 2.8)}}};
    spec.postsynaptic = {models::ExpCurr(), {{"tau", 0.5}}, {}};
    spec.connectivity = init::FixedNumberTotalWithReplacement(40000);
    spec.maxDendriticDelaySteps = init::maxDendriticDelaySteps(2.8, 0.1);
    net.addSynapseGroup("PrePost", spec);
    EXPECT_EQ(spec.maxDendriticDelaySteps, 27);
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    const auto d = sim.pullVar("PrePost", "d");
    const auto g = sim.pullVar("PrePost", "g");
    ASSERT_EQ(d.size(), 40000u);
    // Total delay in ms: (d + 1) steps. Its mean: the normal's, truncated at 0.1 and 2.8 ms, rounded.
    double sum = 0;
    for (double steps : d) {
        ASSERT_GE(steps, 0.0);
        ASSERT_LE(steps, 27.0);
        sum += (steps + 1.0) * 0.1;
    }
    // Truncation at 0.1 ms (z = -1.75) raises the mean by 0.4 * phi(1.75) / Phi(1.75) = 0.036 ms;
    // the standard error of 40000 draws is 0.002 ms.
    EXPECT_NEAR(sum / double(d.size()), 0.836, 0.01);
    // Weights: N(-0.35, 0.2) redrawn above 0 (z = 1.75): mean -0.35 - 0.2 * phi(1.75) / Phi(1.75).
    EXPECT_LE(*std::max_element(g.begin(), g.end()), 0.0);
    EXPECT_NEAR(std::accumulate(g.begin(), g.end(), 0.0) / double(g.size()), -0.35 - 0.2 * 0.0863 / 0.9599, 0.005);
}

INSTANTIATE_TEST_SUITE_P(Backends, Microcircuit, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
