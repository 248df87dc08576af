// A long run that must stay healthy (issue 15): a standard network for hours of biological time,
// its spikes taken from the recording window every chunk (as a closed loop or a long CLI run
// does), host memory and free device memory sampled after each chunk. Prints one JSON line per
// chunk and a summary line; exits non-zero if a run throws, the host memory grows by more than
// 64 MB after the first chunk, or a chunk's rate leaves [0.5, 2] x the first chunk's.
//
//   spikegen_soak [--network clustered] [--scale 5] [--backend cuda] [--hours 1] [--chunk-s 10]
#include <spikegen.h>

#include "backends/registry.h"
#include "models/networks/standard_networks.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

using namespace spikegen;

namespace {

double residentMegabytes()
{
    std::ifstream statm("/proc/self/statm");
    double pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4096.0 / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::string network = "clustered", backendName = "cuda";
    double scale = 5, hours = 1, chunkSeconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--network") network = v;
        else if (a == "--scale") scale = std::stod(v);
        else if (a == "--backend") backendName = v;
        else if (a == "--hours") hours = std::stod(v);
        else if (a == "--chunk-s") chunkSeconds = std::stod(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    try {
        models::StandardNetworkOptions options;
        options.scale = scale;
        auto net = models::makeStandardNetwork(network, options);
        const auto chunkSteps = std::uint64_t(chunkSeconds * 1000.0 / net->options().dt + 0.5);
        auto backend = createBackend(backendName);
        SimulationOptions simOptions;
        simOptions.recordingWindowSteps = std::uint32_t(chunkSteps);
        Simulation sim(*net, *backend, simOptions);
        sim.initialize();
        std::size_t neurons = 0;
        for (const auto& g : net->neuronGroups())
            neurons += g->size();
        const auto chunks = std::uint64_t(hours * 3600.0 / chunkSeconds + 0.5);
        double firstRate = 0, firstMegabytes = 0, worstGrowth = 0, totalSpikes = 0;
        bool healthy = true;
        const auto start = std::chrono::steady_clock::now();
        for (std::uint64_t c = 0; c < chunks; ++c) {
            const auto chunkStart = std::chrono::steady_clock::now();
            sim.run(chunkSteps);
            std::size_t spikes = 0;
            for (const auto& g : net->neuronGroups())
                spikes += sim.takeSpikes(g->name()).times.size();
            totalSpikes += double(spikes);
            const double rate = double(spikes) / double(neurons) / chunkSeconds;
            const double megabytes = residentMegabytes();
            if (c == 0) {
                firstRate = rate;
                firstMegabytes = megabytes;
            }
            worstGrowth = std::max(worstGrowth, megabytes - firstMegabytes);
            const bool rateOk = rate >= 0.5 * firstRate && rate <= 2.0 * firstRate;
            healthy = healthy && rateOk && megabytes - firstMegabytes <= 64.0;
            std::printf("{\"chunk\": %llu, \"t_s\": %.1f, \"spikes\": %zu, \"rate_hz\": %.3f, \"host_rss_mb\": %.1f, "
                        "\"wall_s\": %.3f}\n",
                        (unsigned long long)c, sim.time() / 1000.0, spikes, rate, megabytes,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - chunkStart).count());
        }
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"summary\": true, \"network\": \"%s\", \"scale\": %g, \"backend\": \"%s\", \"device\": \"%s\", "
                    "\"biological_s\": %.1f, \"wall_s\": %.1f, \"spikes\": %.0f, \"mean_rate_hz\": %.3f, "
                    "\"first_chunk_rate_hz\": %.3f, \"host_rss_growth_mb\": %.1f, \"healthy\": %s}\n",
                    network.c_str(), scale, backendName.c_str(), backend->description().c_str(), sim.time() / 1000.0,
                    wall, totalSpikes, totalSpikes / double(neurons) / (sim.time() / 1000.0), firstRate, worstGrowth,
                    healthy ? "true" : "false");
        return healthy ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spikegen_soak: %s\n", e.what());
        return 1;
    }
}
