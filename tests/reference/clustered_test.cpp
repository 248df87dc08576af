// The E/I-clustered network shows the signature of Rostami et al. (2020) and Litwin-Kumar & Doiron
// (2012): clusters switch between high and low activity, so the rate of each cluster fluctuates far
// more than in the same network without clustering (J+ = 1), and neurons fire irregularly.
// Measured numbers and tolerances: docs/reference_models.md.
#include "../conformance/backend_fixture.h"

#include "core/runtime/spike_statistics.h"
#include "models/networks/clustered.h"

#include <cstdio>

namespace spikegen::testing {
namespace {

constexpr double kScale = 0.5; // 2000 E + 500 I neurons, 20 clusters of 100 E and 25 I
constexpr double kDurationMs = 2500.0, kTransientMs = 500.0, kBinMs = 50.0;

struct ClusterActivity {
    double meanRateHz = 0;
    double clusterRateVariance = 0; // Hz^2: variance over time bins of a cluster's rate, mean over clusters
    PopulationStatistics exc;
};

ClusterActivity simulate(Backend& backend, double jPlus)
{
    models::StandardNetworkOptions options;
    options.scale = kScale;
    options.seed = 3;
    models::ClusteredParameters parameters;
    parameters.excitatoryJPlus = jPlus;
    auto net = models::makeClustered(options, parameters);
    Simulation sim(*net, backend, SimulationOptions{std::uint32_t(kDurationMs / 0.1) + 1});
    sim.initialize();
    sim.runFor(kDurationMs);
    const SpikeTrains& spikes = sim.spikes("E");
    const std::uint32_t numE = net->neuronGroup("E").size(), clusterSize = numE / parameters.clusters;
    const auto bins = std::size_t((kDurationMs - kTransientMs) / kBinMs);
    std::vector<std::vector<double>> counts(parameters.clusters, std::vector<double>(bins, 0.0));
    for (std::size_t k = 0; k < spikes.times.size(); ++k)
        if (spikes.times[k] >= kTransientMs)
            counts[spikes.ids[k] / clusterSize][std::min(bins - 1, std::size_t((spikes.times[k] - kTransientMs) / kBinMs))] += 1;
    ClusterActivity a;
    const double toHz = 1000.0 / (kBinMs * clusterSize);
    for (const auto& c : counts) {
        double sum = 0, squares = 0;
        for (double n : c) {
            sum += n * toHz;
            squares += n * toHz * n * toHz;
        }
        const double mean = sum / double(bins);
        a.meanRateHz += mean / parameters.clusters;
        a.clusterRateVariance += (squares / double(bins) - mean * mean) / parameters.clusters;
    }
    a.exc = spikeStatistics(spikes, numE, kTransientMs, kDurationMs);
    return a;
}

class Clustered : public BackendTest {};

TEST_P(Clustered, ClustersSwitchAndNeuronsFireIrregularly)
{
    auto b = backend();
    const ClusterActivity clustered = simulate(*b, 6.0), uniform = simulate(*b, 1.0);
    SCOPED_TRACE("clustered: " + std::to_string(clustered.meanRateHz) + " Hz, cluster-rate variance " +
                 std::to_string(clustered.clusterRateVariance) + " Hz^2, CV " + std::to_string(clustered.exc.meanCvIsi) +
                 "; J+ = 1: " + std::to_string(uniform.meanRateHz) + " Hz, variance " +
                 std::to_string(uniform.clusterRateVariance) + " Hz^2, CV " + std::to_string(uniform.exc.meanCvIsi));
    std::printf("  J+ = 6: %.2f Hz, cluster-rate variance %.2f Hz^2, CV %.2f; J+ = 1: %.2f Hz, %.3f Hz^2, CV %.2f\n",
                clustered.meanRateHz, clustered.clusterRateVariance, clustered.exc.meanCvIsi, uniform.meanRateHz,
                uniform.clusterRateVariance, uniform.exc.meanCvIsi);
    // Both networks are active at a few Hz (balanced state).
    for (const auto* a : {&clustered, &uniform}) {
        EXPECT_GT(a->meanRateHz, 0.5);
        EXPECT_LT(a->meanRateHz, 20.0);
    }
    // Switching clusters: the variance of cluster rates is many times that of the control.
    EXPECT_GT(clustered.clusterRateVariance, 10.0 * uniform.clusterRateVariance);
    // Irregular firing, more so than without clusters (0.98 at full size, 0.78 at this one).
    EXPECT_GT(clustered.exc.meanCvIsi, 0.65);
    EXPECT_GT(clustered.exc.meanCvIsi, uniform.exc.meanCvIsi);
}

INSTANTIATE_TEST_SUITE_P(Backends, Clustered, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
