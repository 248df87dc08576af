#include "tools/closed_loop_benchmark.h"

#include "core/error.h"
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
    SimulationOptions options;
    options.batchSize = settings.batch;
    options.recordingWindowSteps = std::uint32_t(settings.windowSteps); // each loop takes its window's spikes
    Simulation sim(network, backend, options);
    sim.initialize();
    std::vector<std::vector<float>> currents; // [group][instance * size + neuron]
    std::size_t neurons = 0;
    for (const auto& g : network.neuronGroups()) {
        if (sim.varElement("loop_" + g->name(), "amp") != Element::Float)
            throw Error("closed-loop benchmark: network '" + network.name() + "' is not in single precision");
        currents.emplace_back(std::size_t(g->size()) * settings.batch);
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
            std::vector<float>& amp = currents[g];
            std::fill(amp.begin(), amp.end(), 0.0f);
            const std::size_t size = amp.size() / settings.batch;
            for (std::uint32_t k = 0; k < settings.batch; ++k) {
                const SpikeTrains window = sim.takeSpikes(name, k);
                for (std::uint32_t id : window.ids)
                    amp[k * size + id] -= float(kLoopFeedbackNa);
                if (loop >= 0)
                    spikes += window.ids.size();
            }
            sim.pushBatchVarBytes("loop_" + name, "amp", Element::Float, amp.size(), amp.data());
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
            {"batch_size", settings.batch},
            {"loop", summary(total)},
            {"run", summary(run)},
            {"host", summary(host)},
            {"build_s", sim.timings().generateSeconds + sim.timings().compileSeconds},
            {"compile_cache_hit", sim.timings().compileCacheHit}};
}

} // namespace spikegen::tools
