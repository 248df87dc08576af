#include "tools/sweep_command.h"

#include "backends/registry.h"
#include "core/codegen/build_cache.h"
#include "core/error.h"
#include "core/runtime/sweep.h"
#include "spikegen.h"
#include "tools/append_line.h"
#include "tools/cli_args.h"
#include "tools/interrupt.h"
#include "tools/network_source.h"
#include "tools/npy_writer.h"
#include "tools/progress.h"
#include "tools/sweep_input.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace spikegen::tools {
namespace {

namespace fs = std::filesystem;

// The shortest text that reads back as the same double.
std::string exactNumber(double value)
{
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

// One CSV field (RFC 4180): quoted when it holds a comma or a quote; a row stays one line.
std::string csvField(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    if (text.find_first_of(",\"") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::vector<std::string> csvColumns(const Network& network, const ParameterSets& sets, const SweepOptions& options)
{
    std::vector<std::string> columns = {"instance", "seed"};
    for (const auto& p : sets.params)
        columns.push_back(p.label());
    for (const auto& g : network.neuronGroups()) {
        columns.push_back(g->name() + "_rate_hz");
        columns.push_back(g->name() + "_cv_isi");
    }
    for (const auto& s : options.statistics)
        columns.push_back(s.label());
    columns.push_back("error");
    return columns;
}

std::string csvRow(const SweepRow& row, std::size_t groups, std::size_t statistics)
{
    std::vector<std::string> fields = {std::to_string(row.instance), std::to_string(row.seed)};
    for (const double v : row.values)
        fields.push_back(exactNumber(v));
    for (std::size_t g = 0; g < groups; ++g) {
        const bool ran = row.error.empty();
        fields.push_back(ran ? exactNumber(row.populations[g].second.rateHz) : "");
        fields.push_back(ran ? exactNumber(row.populations[g].second.meanCvIsi) : "");
    }
    for (std::size_t s = 0; s < statistics; ++s)
        fields.push_back(row.error.empty() ? exactNumber(row.statistics[s]) : "");
    fields.push_back(csvField(row.error));
    std::string line;
    for (const auto& f : fields)
        line += (line.empty() ? "" : ",") + f;
    return line;
}

// OUT/instance_K/GROUP_spike_times_ms.npy and GROUP_spike_ids.npy, as `spikegen run` writes them;
// staged and renamed, so that a folder of that name is always whole.
void writeKeptSpikes(const fs::path& out, const SweepRow& row)
{
    const fs::path folder = out / ("instance_" + std::to_string(row.instance));
    const fs::path staging = folder.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        throw Error("cannot create '" + staging.string() + "': " + ec.message());
    for (const auto& [group, trains] : row.spikes)
        writeSpikeFiles(staging, group, trains.times, trains.ids);
    fs::remove_all(folder, ec);
    fs::rename(staging, folder, ec);
    if (ec)
        throw Error("cannot move the spikes of instance " + std::to_string(row.instance) + " to '" + folder.string() +
                    "': " + ec.message());
}

// A fresh OUT: the results of an earlier sweep there (its CSV and kept spikes) would be mistaken
// for this one's; other files are left alone.
void prepareOutput(const fs::path& out)
{
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec)
        throw Error("cannot create output directory '" + out.string() + "': " + ec.message());
    for (const auto& entry : fs::directory_iterator(out))
        if (entry.is_directory() && entry.path().filename().string().rfind("instance_", 0) == 0)
            fs::remove_all(entry.path(), ec);
}

} // namespace

CLI::App* addSweepCommand(CLI::App& app, SweepArgs& args)
{
    auto* c = app.add_subcommand("sweep", "run a network once per parameter set and write a row of rates per set");
    c->add_option("network", args.network, "network name (see `spikegen networks`) or model file (.json)")->required();
    c->add_option("--param,-p", args.params,
                  "GROUP.PARAM=v1,v2,...; several --param make a grid (every combination, the first slowest)")
        ->allow_extra_args(false); // one value an occurrence: a network name after it stays the network
    c->add_option("--params-csv", args.paramsCsv, "CSV file: a header row GROUP.PARAM,... and one parameter set a row");
    c->add_option("--duration,-d", args.duration, "biological time of each instance, e.g. 1s or 250ms");
    c->add_option("--seed,-s", args.seed, "seed of instance 0; instance k gets seed + k (default: the network's)");
    c->add_flag("--same-seed", args.sameSeed, "every instance runs with the same seed");
    c->add_flag("--shared-connectivity", args.sharedConnectivity,
                "every instance wired from the sweep's seed (one copy per batch); else each from its own");
    c->add_option("--batch", args.batch,
                  "instances simulated together (default: on a GPU as many as fit, up to 256; on the CPU 1)");
    c->add_option("--backend,-b", args.backend, "cpu, cuda or opencl (default: " + defaultBackend() + ")");
    c->add_option("--device", args.device, "OpenCL device: index, platform:device or part of the name");
    c->add_option("--threads,-j", args.threads, "CPU threads (default: all)");
    c->add_option("--scale", args.scale, "multiply the number of neurons (standard networks)");
    c->add_flag("--deterministic", args.deterministic, kDeterministicHelp);
    c->add_option("--statistic", args.statistics,
                  "an extra column: rate:GROUP, cv:GROUP, fano:GROUP (10 ms bins) or active:GROUP; repeatable")
        ->allow_extra_args(false);
    c->add_option("--keep-spikes", args.keepSpikes, "instances whose spikes are written to OUT/instance_K/, e.g. 0,5,7");
    c->add_option("--out,-o", args.out, "output directory (sweep.csv, sweep.json, instance_K/)");
    c->add_option("--log", args.logLevel, "log level: trace, debug, info, warn, error, off");
    return c;
}

int runSweepCommand(const SweepArgs& args)
{
    noteInterrupts();
    setLogLevel(args.logLevel);
    // Every input is checked before anything runs or is written.
    const double durationMs = parseDurationMs(args.duration);
    if (args.params.empty() == args.paramsCsv.empty())
        throw Error(args.params.empty() ? "give the parameter sets: --param GROUP.PARAM=v1,v2,... or --params-csv FILE"
                                        : "give --param or --params-csv, not both");
    const ParameterSets sets =
        args.params.empty() ? parameterSetsFromCsv(args.paramsCsv) : gridFromParamOptions(args.params);
    SweepOptions options;
    options.durationMs = durationMs;
    options.sameSeed = args.sameSeed;
    options.sharedConnectivity = args.sharedConnectivity;
    options.batchSize = args.batch;
    for (const auto& s : args.statistics)
        options.statistics.push_back(parseSweepStatistic(s));
    if (!args.keepSpikes.empty())
        options.keepSpikes = parseInstanceList(args.keepSpikes);
    checkOutputLocation(args.out);
    auto network = loadNetwork({args.network, args.seed, args.scale, std::nullopt, false, args.deterministic});
    options.seed = args.seed.value_or(network->options().seed);
    checkSweep(*network, sets, options);
    if (!args.device.empty())
        setenv("SPIKEGEN_OPENCL_DEVICE", args.device.c_str(), 1); // read by the OpenCL backend
    auto backend = createBackend(args.backend, args.threads);

    const fs::path out(args.out);
    prepareOutput(out);
    const std::vector<std::string> columns = csvColumns(*network, sets, options);
    nlohmann::json about = {{"network", network->name()},
                            {"backend", backend->name()},
                            {"device", backend->description()},
                            {"duration_ms", durationMs},
                            {"dt_ms", network->options().dt},
                            {"seed", options.seed},
                            {"same_seed", options.sameSeed},
                            {"shared_connectivity", options.sharedConnectivity},
                            {"deterministic", network->options().deterministic},
                            {"instances", sets.values.size()},
                            {"keep_spikes", options.keepSpikes},
                            {"columns", columns}};
    for (const auto& p : sets.params)
        about["parameters"].push_back(p.label());
    writeFileAtomically(out / "sweep.json", about.dump(2) + "\n");
    std::string header;
    for (const auto& c : columns)
        header += (header.empty() ? "" : ",") + csvField(c);
    writeFileAtomically(out / "sweep.csv", header + "\n");

    const std::size_t instances = sets.values.size();
    const std::size_t groups = network->neuronGroups().size();
    std::printf("%s on %s (%s): %zu instances of %.0f ms\n", network->name().c_str(), backend->name().c_str(),
                backend->description().c_str(), instances, durationMs);
    std::fflush(stdout);
    ProgressLine progress(durationMs * double(instances));
    std::size_t finished = 0, failed = 0;
    SweepCallbacks callbacks;
    callbacks.progress = [&](std::size_t first, std::size_t count, double doneMs) {
        progress.update(double(first) * durationMs + double(count) * doneMs,
                        count == 1 ? "instance " + std::to_string(first + 1) + " of " + std::to_string(instances)
                                   : "instances " + std::to_string(first + 1) + "-" + std::to_string(first + count) +
                                         " of " + std::to_string(instances));
    };
    callbacks.stopRequested = [] { return interruptSignal() != 0; };
    callbacks.rowDone = [&](const SweepRow& row) {
        if (!row.error.empty()) {
            progress.finish();
            std::fprintf(stderr, "spikegen: %s, seed %llu, failed: %s\n", describeInstance(sets, row.instance).c_str(),
                         (unsigned long long)row.seed, row.error.c_str());
            ++failed;
        }
        if (!row.spikes.empty())
            writeKeptSpikes(out, row); // before its row, which then names spikes that are there
        appendLine(out / "sweep.csv", csvRow(row, groups, options.statistics.size()));
        ++finished;
    };
    const bool complete = runSweep(*network, *backend, sets, options, callbacks);
    progress.finish();
    if (!complete) {
        const int signal = interruptSignal();
        std::fprintf(stderr, "spikegen: interrupted (%s): stopped after %zu of %zu instances; %s/sweep.csv holds their rows\n",
                     signalName(signal).c_str(), finished, instances, out.string().c_str());
        return interruptedExitStatus(signal);
    }
    std::printf("  %zu rows written to %s/sweep.csv\n", finished, out.string().c_str());
    if (failed) {
        std::fprintf(stderr, "spikegen: %zu of %zu instances failed (their rows in %s/sweep.csv say why)\n", failed,
                     instances, out.string().c_str());
        return 1;
    }
    return 0;
}

} // namespace spikegen::tools
