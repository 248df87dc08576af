#include "tools/bench_command.h"

#include "backends/registry.h"
#include "core/error.h"
#include "core/version.h"
#include "spikegen.h"
#include "tools/append_line.h"
#include "tools/cli_args.h"
#include "tools/closed_loop_benchmark.h"
#include "tools/git_revision.h"
#include "tools/host_info.h"
#include "tools/network_benchmark.h"
#include "tools/network_source.h"
#include "tools/scratch_cache.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

extern char** environ;

namespace spikegen::tools {

namespace {

// Variables that change what is measured (backend knobs, OpenMP, PoCL); the cache locations do not.
nlohmann::json relevantEnvironment()
{
    nlohmann::json env = nlohmann::json::object();
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('='));
        const bool relevant = name.rfind("SPIKEGEN_", 0) == 0 || name.rfind("OMP_", 0) == 0 || name.rfind("POCL_", 0) == 0;
        if (relevant && name != "SPIKEGEN_CACHE_DIR" && name != "SPIKEGEN_GENERATED_DIR" && name != "POCL_CACHE_DIR")
            env[name] = text.substr(name.size() + 1);
    }
    return env;
}

std::string shellQuoted(const std::string& word)
{
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                "_-+=/.,:@%") == std::string::npos)
        return word;
    std::string quoted = "'";
    for (char c : word)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// "VAR=value spikegen bench ...": what to type to get this record again.
std::string reproducingCommand(const nlohmann::json& env, const std::vector<std::string>& argv)
{
    std::string command;
    for (const auto& [name, value] : env.items())
        command += name + "=" + shellQuoted(value.get<std::string>()) + " ";
    command += "spikegen";
    for (std::size_t i = 1; i < argv.size(); ++i)
        command += " " + shellQuoted(argv[i]);
    return command;
}

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

// What the CPU backend will use: the same rule as cpu::CpuBackend (threads, else OMP_NUM_THREADS,
// else every core).
// A check of a number option; CLI11's own range checks print the largest double instead of
// saying what is wanted.
CLI::Validator number(bool (*ok)(double), const std::string& wanted)
{
    return CLI::Validator(
        [ok, wanted](std::string& text) {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            const bool good = end != text.c_str() && *end == '\0' && ok(value);
            return good ? std::string() : "'" + text + "' is not " + wanted;
        },
        "");
}

} // namespace

CLI::App* addBenchCommand(CLI::App& app, BenchArgs& args)
{
    auto* bench = app.add_subcommand("bench", "measure build, initialisation and simulation speed of a network; "
                                              "writes one JSON record (docs/benchmarks.md)");
    bench->add_option("--network,-n", args.network, "network name (see `spikegen networks`) or model file (.json)")
        ->required();
    bench->add_option("--backend,-b", args.backend, "cpu, cuda or opencl (default: " + defaultBackend() + ")");
    bench->add_option("--threads,-j", args.threads, "CPU threads (cpu backend; default: all)")
        ->check(number([](double v) { return v >= 0; }, "0 or more"));
    bench->add_option("--device", args.device, "OpenCL device: index, platform:device or part of the name");
    bench->add_option("--scale", args.scale, "multiply the number of neurons (standard networks)")
        ->check(number([](double v) { return v > 0; }, "a number above 0"));
    bench->add_option("--in-degree-scale", args.inDegreeScale,
                      "microcircuit: multiply every neuron's number of inputs too, in (0, 1] (NEST's K scaling)");
    bench->add_option("--duration,-d", args.duration, "biological time per repeat, e.g. 1s or 250ms");
    bench->add_option("--seed,-s", args.seed, "random seed (default 1234; model files: the file's)");
    bench->add_option("--repeats,-r", args.repeats, "simulations (each built from the cache); the fastest is reported")
        ->check(number([](double v) { return v >= 1; }, "1 or more"));
    bench->add_flag("--individual-weights", args.individualWeights,
                    "COBA/CUBA: one weight per synapse instead of one per projection");
    bench->add_flag("--deterministic", args.deterministic, kDeterministicHelp);
    bench->add_option("--closed-loop", args.closedLoopSteps,
                      "measure a closed loop instead: run STEPS, take the window's spikes, push a current to every "
                      "neuron; --loops times")
        ->check(number([](double v) { return v >= 1; }, "1 or more"));
    bench->add_option("--loops", args.loops, "closed loop: loops measured (default 200)")
        ->check(number([](double v) { return v >= 1; }, "1 or more"));
    bench->add_option("--batch", args.batch,
                      "instances of the network simulated together (a batch): times are of the whole batch")
        ->check(number([](double v) { return v >= 1 && v <= kMaxBatchSize; }, "from 1 to 65535"));
    bench->add_option("--out,-o", args.out, "JSON Lines file to append the record to (default: stdout)");
    bench->add_option("--log", args.logLevel, "log level: trace, debug, info, warn, error, off");
    return bench;
}

int runBench(const BenchArgs& args, const std::vector<std::string>& argv)
{
    setLogLevel(args.logLevel);
    // Everything that can be wrong with the input is found before anything is measured.
    const double durationMs = parseDurationMs(args.duration);
    if (durationMs <= 0)
        throw Error("--duration '" + args.duration + "': a benchmark needs a duration above 0");
    if (!args.out.empty())
        checkOutputFile(args.out);
    const std::string backendName = args.backend.empty() ? defaultBackend() : args.backend;
    if (args.threads > 0 && backendName != "cpu")
        throw Error("--threads applies to the cpu backend, not to '" + backendName + "'");
    if (!args.device.empty() && backendName != "opencl")
        throw Error("--device applies to the opencl backend, not to '" + backendName + "'");
    auto network = loadNetwork(
        {args.network, args.seed, args.scale, args.inDegreeScale, args.individualWeights, args.deterministic});
    for (const auto& group : network->neuronGroups())
        network->neuronGroup(group->name()).setSpikeRecording(true);

    const nlohmann::json env = relevantEnvironment(); // before we set any variable ourselves
    const nlohmann::json machine = describeHost();    // its load average: before we add ours
    const std::string date = utcNow();
    ScratchCache cache;                               // before the backend: PoCL reads its cache variable once
    if (!args.device.empty())
        setenv("SPIKEGEN_OPENCL_DEVICE", args.device.c_str(), 1);
    const auto start = std::chrono::steady_clock::now();
    auto backend = createBackend(backendName, args.threads);
    const double backendSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const bool closedLoop = args.closedLoopSteps > 0;
    if (closedLoop)
        addLoopCurrents(*network);
    nlohmann::json record =
        closedLoop ? measureClosedLoop(*network, *backend, {args.closedLoopSteps, args.loops, args.batch})
                   : measureNetwork(*network, *backend, {durationMs, args.repeats, args.batch});
    record["batch_size"] = args.batch;
    record["benchmark"] = closedLoop ? "closed_loop" : "network";
    record["command"] = reproducingCommand(env, argv);
    record["network"] = args.network;
    record["network_name"] = network->name();
    record["scale"] = args.scale.value_or(1.0);
    record["in_degree_scale"] = args.inDegreeScale.value_or(1.0);
    record["individual_weights"] = args.individualWeights;
    record["seed"] = network->options().seed;
    record["deterministic"] = network->options().deterministic;
    if (!closedLoop) {
        record["duration_ms"] = durationMs;
        record["repeats"] = args.repeats;
    }
    record["dt_ms"] = network->options().dt;
    record["backend"] = backend->name();
    record["device"] = backend->description(); // after building: the CPU backend names its compiler then
    record["threads"] = backend->hostThreads() ? nlohmann::json(*backend->hostThreads()) : nlohmann::json();
    record["backend_init_s"] = backendSeconds;
    record["environment"] = env;
    record["machine"] = machine;
    record["git_revision"] = gitRevision();
    record["spikegen_version"] = kVersion;
    record["date"] = date;

    const std::string line = record.dump();
    if (args.out.empty())
        std::cout << line << std::endl;
    else
        appendLine(args.out, line);
    if (closedLoop) {
        std::fprintf(stderr, "%s on %s: closed loop of %llu steps, %zu neurons: %.1f us a loop (median; run %.1f us, "
                             "take spikes and push currents %.1f us)\n",
                     network->name().c_str(), record["device"].get<std::string>().c_str(),
                     (unsigned long long)args.closedLoopSteps, record["neurons"].get<std::size_t>(),
                     record["loop"]["median_us"].get<double>(), record["run"]["median_us"].get<double>(),
                     record["host"]["median_us"].get<double>());
        return 0;
    }
    std::fprintf(stderr, "%s on %s: build %.3f s cold, %.4f s cached; init %.4f s; %.4f s per biological second "
                         "(%.2f us/step), %.3g synaptic events/s; %.1f MiB host peak, %.1f MiB on the backend\n",
                 network->name().c_str(), record["device"].get<std::string>().c_str(),
                 record["build_cold_s"].get<double>(), record["build_cached_s"].get<double>(),
                 record["init_s"].get<double>(), record["realtime_factor"].get<double>(),
                 record["us_per_step"].get<double>(), record["synaptic_events_per_s"].get<double>(),
                 record["peak_host_memory_bytes"].get<double>() / (1 << 20),
                 record["device_memory_bytes"].get<double>() / (1 << 20));
    return 0;
}

} // namespace spikegen::tools
