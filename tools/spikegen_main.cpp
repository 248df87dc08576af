// The spikegen command line: run a standard network and write its spikes and a summary.
#include "core/codegen/build_cache.h"
#include "core/runtime/spike_statistics.h"
#include "spikegen.h"
#include "tools/npy_writer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;
using namespace spikegen;

namespace {

// "1s", "250ms", "1000" (ms). Throws on anything else, or on a negative or non-finite value.
double parseDurationMs(const std::string& text)
{
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw Error("--duration '" + text + "' is not a number (examples: 1s, 250ms, 1000)");
    }
    const std::string unit = text.substr(used);
    double scale = 0;
    if (unit.empty() || unit == "ms")
        scale = 1.0;
    else if (unit == "s")
        scale = 1000.0;
    else
        throw Error("--duration '" + text + "': unknown unit '" + unit + "' (use s or ms)");
    if (!std::isfinite(value) || value < 0)
        throw Error("--duration '" + text + "' must be a non-negative, finite time");
    return value * scale;
}

struct RunArgs {
    std::string network = "coba", backend, out = "spikegen_out", logLevel = "warn";
    std::string duration = "1s";
    std::uint64_t seed = 1234;
    int threads = 0;
    double scale = 1.0;
};

int run(const RunArgs& args)
{
    setLogLevel(args.logLevel);
    const double durationMs = parseDurationMs(args.duration);
    models::StandardNetworkOptions options;
    options.seed = args.seed;
    options.scale = args.scale;
    auto network = models::makeStandardNetwork(args.network, options);
    auto backend = createBackend(args.backend, args.threads);
    SimulationOptions simOptions;
    simOptions.recordingWindowSteps =
        static_cast<std::uint32_t>(std::max(1.0, std::ceil(durationMs / network->options().dt) + 1));
    Simulation sim(*network, *backend, simOptions);
    sim.initialize();
    sim.runFor(durationMs);

    nlohmann::json summary = {{"network", network->name()},      {"backend", backend->name()},
                              {"device", backend->description()}, {"seed", args.seed},
                              {"duration_ms", durationMs},        {"dt_ms", network->options().dt}};
    const Timings& t = sim.timings();
    summary["timings_s"] = {{"generate", t.generateSeconds}, {"compile", t.compileSeconds},
                            {"compile_cache_hit", t.compileCacheHit}, {"initialize", t.initSeconds},
                            {"simulate", t.simulateSeconds}};
    std::printf("%s on %s (%s), seed %llu, %.0f ms of biological time\n", network->name().c_str(),
                backend->name().c_str(), backend->description().c_str(), (unsigned long long)args.seed, durationMs);
    std::printf("  code generation %.3f s, compile %.3f s%s, initialisation %.3f s, simulation %.3f s "
                "(real-time factor %.3f)\n",
                t.generateSeconds, t.compileSeconds, t.compileCacheHit ? " (cached)" : "", t.initSeconds,
                t.simulateSeconds, durationMs > 0 ? t.simulateSeconds / (durationMs * 1e-3) : 0.0);

    // Write into a fresh temporary directory and rename it at the end: a failed run leaves no
    // half-written output.
    const fs::path out(args.out);
    const fs::path staging = out.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        throw Error("cannot create output directory '" + staging.string() + "': " + ec.message());
    for (const auto& group : network->neuronGroups()) {
        if (!group->spikeRecording())
            continue;
        const SpikeTrains& trains = sim.spikes(group->name());
        const auto stats = spikeStatistics(trains, group->size(), 0.0, durationMs);
        std::printf("  %-4s %6u neurons: %8.2f Hz, ISI CV %.2f, %.0f%% active, %llu spikes\n",
                    group->name().c_str(), group->size(), stats.rateHz, stats.meanCvIsi, 100 * stats.fractionActive,
                    (unsigned long long)stats.spikes);
        summary["populations"][group->name()] = {{"size", group->size()},
                                                 {"spikes", stats.spikes},
                                                 {"rate_hz", stats.rateHz},
                                                 {"mean_cv_isi", stats.meanCvIsi},
                                                 {"fraction_active", stats.fractionActive}};
        writeFileAtomically(staging / (group->name() + "_spike_times_ms.npy"), tools::npyBytes(trains.times));
        writeFileAtomically(staging / (group->name() + "_spike_ids.npy"), tools::npyBytes(trains.ids));
    }
    writeFileAtomically(staging / "summary.json", summary.dump(2) + "\n");
    fs::remove_all(out, ec);
    fs::rename(staging, out, ec);
    if (ec)
        throw Error("cannot move the results to '" + out.string() + "': " + ec.message());
    std::printf("  spikes and summary written to %s/\n", out.string().c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"spikegen: generate, compile and run spiking neural networks"};
    app.require_subcommand(1);
    RunArgs args;
    auto* runCommand = app.add_subcommand("run", "run a standard network and write its spikes");
    runCommand->add_option("network", args.network, "network name (see `spikegen networks`)");
    runCommand->add_option("--backend,-b", args.backend, "cpu, cuda or opencl (default: " + defaultBackend() + ")");
    runCommand->add_option("--duration,-d", args.duration, "biological time, e.g. 1s or 250ms");
    runCommand->add_option("--seed,-s", args.seed, "random seed");
    runCommand->add_option("--threads,-j", args.threads, "CPU threads (default: all)");
    runCommand->add_option("--scale", args.scale, "multiply the number of neurons");
    runCommand->add_option("--out,-o", args.out, "output directory");
    runCommand->add_option("--log", args.logLevel, "log level: trace, debug, info, warn, error, off");
    auto* networksCommand = app.add_subcommand("networks", "list the standard networks");
    auto* backendsCommand = app.add_subcommand("backends", "list the backends built into this spikegen");
    CLI11_PARSE(app, argc, argv);
    try {
        if (*runCommand)
            return run(args);
        if (*networksCommand)
            for (const auto& n : models::standardNetworks())
                std::printf("%-8s %s\n", n.name.c_str(), n.description.c_str());
        if (*backendsCommand)
            for (const auto& b : builtBackends())
                std::printf("%s%s\n", b.c_str(), b == defaultBackend() ? " (default)" : "");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spikegen: error: %s\n", e.what());
        return 1;
    }
}
