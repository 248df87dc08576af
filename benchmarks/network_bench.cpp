// Whole-network benchmark: builds (cold and cached), initialises and runs standard networks and
// prints one JSON record per run with the machine, backend and git revision.
// Usage: spikegen_network_bench [--network coba,cuba,idle] [--backend cpu] [--threads 1,2]
//                               [--duration-ms 1000] [--seed 1234] [--scale 1] [--individual-weights 1]
#include "core/runtime/spike_statistics.h"
#include "spikegen.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/utsname.h>
#include <unistd.h>

using namespace spikegen;

namespace {

std::vector<std::string> split(const std::string& text)
{
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty())
            parts.push_back(part);
    return parts;
}

std::string firstLineOf(const std::string& command)
{
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[512];
        if (std::fgets(buffer, sizeof buffer, pipe))
            out = buffer;
        pclose(pipe);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

nlohmann::json machine()
{
    utsname u{};
    uname(&u);
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);)
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    return {{"host", u.nodename}, {"kernel", u.release}, {"cpu", cpu},
            {"cores", firstLineOf("nproc")}};
}

} // namespace

int main(int argc, char** argv)
{
    std::string networks = "coba,cuba", backendName = "cpu", threads = "1,2";
    double durationMs = 1000, scale = 1;
    bool individualWeights = false;
    std::uint64_t seed = 1234;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--network") networks = value;
        else if (key == "--backend") backendName = value;
        else if (key == "--threads") threads = value;
        else if (key == "--duration-ms") durationMs = std::stod(value);
        else if (key == "--seed") seed = std::stoull(value);
        else if (key == "--scale") scale = std::stod(value);
        else if (key == "--individual-weights") individualWeights = value == "1";
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    setLogLevel("warn");
    const std::string revision =
        firstLineOf("git -C " + std::string(SPIKEGEN_SOURCE_DIR) + " rev-parse --short HEAD 2>/dev/null");
    // A private compile cache, so that the first build of each network is really cold.
    const auto cache = std::filesystem::temp_directory_path() / ("spikegen_bench_cache_" + std::to_string(getpid()));
    setenv("SPIKEGEN_CACHE_DIR", cache.c_str(), 1);
    try {
        for (const auto& name : split(networks))
            for (const auto& threadCount : split(backendName == "cpu" ? threads : "0")) {
                models::StandardNetworkOptions options;
                options.seed = seed;
                options.scale = scale;
                options.individualWeights = individualWeights;
                // "idle": one silent neuron and nothing else, so that a step costs only its overhead.
                std::unique_ptr<Network> net;
                if (name == "idle") {
                    net = std::make_unique<Network>("idle");
                    net->addNeuronGroup("N", 1, models::Poisson(), {{"rate", 0.0}}, {}).setSpikeRecording(true);
                } else {
                    net = models::makeStandardNetwork(name, options);
                }
                auto backend = createBackend(backendName, std::stoi(threadCount));
                SimulationOptions simOptions;
                simOptions.recordingWindowSteps = std::uint32_t(durationMs / net->options().dt) + 1;
                double coldBuild = -1;
                std::filesystem::remove_all(cache); // every record's first build is cold
                {
                    Simulation cold(*net, *backend, simOptions); // the first build of this model compiles
                    coldBuild = cold.timings().generateSeconds + cold.timings().compileSeconds;
                }
                Simulation sim(*net, *backend, simOptions); // the second comes from the cache
                sim.initialize();
                sim.runFor(durationMs);
                const Timings& t = sim.timings();
                nlohmann::json record = {
                    {"benchmark", "network"},   {"network", name},  {"backend", backend->name()},
                    {"device", backend->description()}, {"threads", std::stoi(threadCount)},
                    {"seed", seed},             {"scale", scale},   {"duration_ms", durationMs},
                    {"individual_weights", individualWeights},
                    {"git_revision", revision.empty() ? "none" : revision}, {"machine", machine()},
                    {"build_cold_s", coldBuild},
                    {"build_cached_s", t.generateSeconds + t.compileSeconds},
                    {"cache_hit", t.compileCacheHit},   {"init_s", t.initSeconds},
                    {"sim_s", t.simulateSeconds},       {"realtime_factor", t.simulateSeconds / (durationMs * 1e-3)},
                    {"us_per_step", 1e6 * t.simulateSeconds / std::max(1.0, std::round(durationMs / net->options().dt))}};
                std::uint64_t spikes = 0, synapses = 0, events = 0;
                for (const auto& g : net->neuronGroups()) {
                    const auto stats = spikeStatistics(sim.spikes(g->name()), g->size(), 0, durationMs);
                    record["rates_hz"][g->name()] = stats.rateHz;
                    spikes += stats.spikes;
                }
                for (const auto& s : net->synapseGroups()) {
                    const auto rows = sim.pullRowStarts(s->name());
                    synapses += rows.back();
                    const auto& trains = sim.spikes(s->source().name());
                    for (auto id : trains.ids)
                        events += rows[id + 1] - rows[id];
                }
                // Device memory: the synapse arrays (indices + per-synapse variables) and all of it.
                std::size_t synapseBytes = 0, rowStartBytes = 0, totalBytes = 0;
                for (const auto& m : sim.memoryUsage()) {
                    totalBytes += m.bytes;
                    if (m.perSynapse)
                        synapseBytes += m.bytes;
                    else if (m.name.find("_row_start") != std::string::npos)
                        rowStartBytes += m.bytes;
                }
                record["memory_bytes"] = totalBytes;
                record["synapse_array_bytes_per_synapse"] = synapses ? double(synapseBytes) / synapses : 0.0;
                record["connectivity_bytes_per_synapse"] =
                    synapses ? double(synapseBytes + rowStartBytes) / synapses : 0.0;
                if (const char* forced = std::getenv("SPIKEGEN_SIMT_PROPAGATION"))
                    record["propagation_forced"] = forced; // GPU backends: pre or post span for every sparse projection
                record["spikes"] = spikes;
                record["synapses"] = synapses;
                record["synaptic_events_per_s"] = t.simulateSeconds > 0 ? double(events) / t.simulateSeconds : 0.0;
                std::cout << record.dump() << std::endl;
            }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        std::filesystem::remove_all(cache);
        return 1;
    }
    std::filesystem::remove_all(cache);
    return 0;
}
