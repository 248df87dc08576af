#include "tools/closed_loop_benchmark.h"

#include "core/runtime/simulation.h"
#include "models/current_sources.h"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace spikegen::tools {
namespace {

double secondsBetween(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

nlohmann::json summary(std::vector<double> seconds)
{
    std::sort(seconds.begin(), seconds.end());
    const double mean = std::accumulate(seconds.begin(), seconds.end(), 0.0) / double(seconds.size());
    return {{"median_us", 1e6 * seconds[seconds.size() / 2]}, {"mean_us", 1e6 * mean}, {"max_us", 1e6 * seconds.back()}};
}

} // namespace

void addLoopCurrents(Network& network)
{
    std::vector<std::string> groups;
    for (const auto& g : network.neuronGroups())
        groups.push_back(g->name());
    for (const auto& name : groups)
        network.addCurrentSource("loop_" + name, name, models::ExternalCurrent(), {}, {});
}

nlohmann::json measureClosedLoop(const Network& network, Backend& backend, const ClosedLoopSettings& settings)
{
    Simulation sim(network, backend);
    sim.initialize();
    std::vector<std::vector<double>> currents;
    std::size_t neurons = 0;
    for (const auto& g : network.neuronGroups()) {
        currents.emplace_back(g->size());
        neurons += g->size();
    }
    std::vector<double> total, run, host;
    std::uint64_t spikes = 0;
    for (int loop = -1; loop < settings.loops; ++loop) { // loop -1: warm-up
        const auto start = std::chrono::steady_clock::now();
        sim.run(settings.windowSteps);
        const auto ran = std::chrono::steady_clock::now();
        for (std::size_t g = 0; g < currents.size(); ++g) {
            const std::string& name = network.neuronGroups()[g]->name();
            const SpikeTrains window = sim.takeSpikes(name);
            std::vector<double>& amp = currents[g];
            std::fill(amp.begin(), amp.end(), 0.0);
            for (std::uint32_t id : window.ids)
                amp[id] -= kLoopFeedbackNa;
            sim.pushVar("loop_" + name, "amp", amp);
            if (loop >= 0)
                spikes += window.ids.size();
        }
        const auto end = std::chrono::steady_clock::now();
        if (loop < 0)
            continue;
        total.push_back(secondsBetween(start, end));
        run.push_back(secondsBetween(start, ran));
        host.push_back(secondsBetween(ran, end));
    }
    return {{"window_steps", settings.windowSteps},
            {"window_ms", double(settings.windowSteps) * network.options().dt},
            {"loops", settings.loops},
            {"neurons", neurons},
            {"spikes_per_loop", double(spikes) / settings.loops},
            {"loop", summary(total)},
            {"run", summary(run)},
            {"host", summary(host)},
            {"build_s", sim.timings().generateSeconds + sim.timings().compileSeconds},
            {"compile_cache_hit", sim.timings().compileCacheHit}};
}

} // namespace spikegen::tools
