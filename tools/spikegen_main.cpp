// The spikegen command line: run a standard network or a model file and write its spikes and a
// summary; validate and export model files; measure speed (bench, tools/bench_command.h); sweep
// parameters (tools/sweep_command.h).
#include "core/codegen/build_cache.h"
#include "core/io/model_file.h"
#include "core/runtime/thread_communicator.h"
#include "core/runtime/spike_statistics.h"
#include "spikegen.h"
#include "models/library.h"
#include "tools/bench_command.h"
#include "tools/cli_args.h"
#include "tools/interrupt.h"
#include "tools/network_source.h"
#include "tools/npy_writer.h"
#include "tools/progress.h"
#include "tools/sweep_command.h"

#ifdef SPIKEGEN_HAVE_MPI
#include "comm/mpi_communicator.h"
#endif

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

namespace fs = std::filesystem;
using namespace spikegen;

namespace {

using tools::parseDurationMs;

// Removes the results' staging folder unless they were moved into place: a write that fails
// (a full disk) leaves neither half the results nor the folder.
struct StagingFolder {
    fs::path path;
    bool movedIntoPlace = false;
    ~StagingFolder()
    {
        std::error_code ignored;
        if (!movedIntoPlace)
            fs::remove_all(path, ignored);
    }
};

struct RunArgs {
    std::string network = "coba", backend, out = "spikegen_out", logLevel = "warn";
    std::string duration = "1s", device, record = "spikes", saveVars;
    std::string checkpointOut, resume; // checkpoint files (Simulation::saveCheckpoint / loadCheckpoint)
    bool seedGiven = false, scaleGiven = false, deterministic = false;
    std::uint64_t seed = 1234;
    int threads = 0;
    std::uint32_t ranks = 1; // --ranks: split over threads of this process (ThreadRanks)
    double scale = 1.0;
    std::optional<double> inDegreeScale;
};

// Under an MPI launcher (`mpirun -np N spikegen run ...`) the network is split over the N
// processes; rank 0 prints and writes the results of the whole network. `localRank`: the process's
// place on its host, whose GPU it takes unless --device says otherwise.
int run(const RunArgs& args, Communicator* communicator, std::uint32_t localRank)
{
    const bool lead = !communicator || communicator->rank() == 0;
    // Refused before the run, not after it (its results would be lost with the error).
    if (communicator && communicator->ranks() > 1 && (!args.checkpointOut.empty() || !args.resume.empty()))
        throw Error("--checkpoint-out and --resume: a network split over ranks has no checkpoints yet");
    const double durationMs = parseDurationMs(args.duration);
    const tools::RecordRequest record = tools::parseRecordList(args.record);
    if (lead)
        tools::checkOutputLocation(args.out); // before the simulation, not after it (rank 0 writes)
    auto network = tools::loadNetwork({args.network, args.seedGiven ? std::optional(args.seed) : std::nullopt,
                                       args.scaleGiven ? std::optional(args.scale) : std::nullopt, args.inDegreeScale,
                                       false, args.deterministic});
    for (const auto& group : network->neuronGroups())
        network->neuronGroup(group->name()).setSpikeRecording(record.spikes);
    // Variables are recorded from every neuron group that has them; a name no group has is an error.
    std::vector<std::pair<std::string, std::string>> recordedVars; // (group, var)
    for (const auto& var : record.vars) {
        bool found = false;
        for (const auto& group : network->neuronGroups())
            for (const auto& v : group->model().model.vars)
                if (v.name == var) {
                    recordedVars.emplace_back(group->name(), var);
                    found = true;
                }
        if (!found)
            throw Error("--record: no neuron group of '" + network->name() + "' has a variable '" + var + "'");
    }
    const std::vector<tools::SavedVar> savedVars =
        args.saveVars.empty() ? std::vector<tools::SavedVar>{} : tools::parseSaveVars(args.saveVars);
    tools::checkSaveVars(*network, savedVars);
    // Every step, in backend memory; a recording the model file asks for (its interval, its
    // neurons) stays as it is.
    for (const auto& [group, var] : recordedVars) {
        NeuronGroup& g = network->neuronGroup(group);
        const auto& existing = g.varRecordings();
        if (std::none_of(existing.begin(), existing.end(), [&](const VarRecording& r) { return r.var == var; }))
            g.setVarRecording(var);
    }
    // CUDA: the GPU's ordinal; a rank of a split network takes its host's GPU of its local rank.
    std::string gpu;
    if ((args.backend.empty() ? defaultBackend() : args.backend) == "cuda")
        gpu = !args.device.empty() ? args.device : communicator ? std::to_string(localRank) : "";
    auto backend = createBackend(args.backend, args.threads, gpu);
    // Steps in chunks of 100 ms, so that the progress line moves and Ctrl-C is answered; each
    // chunk's recording is pulled after it, so the window holds one chunk, whatever the duration:
    // the window is part of what a checkpoint must match, and a run resumed for less than a chunk
    // (or after one that was) must still load it.
    const auto totalSteps = static_cast<std::uint64_t>(std::llround(durationMs / network->options().dt));
    const std::uint64_t chunk = std::max<std::uint64_t>(1, std::uint64_t(100.0 / network->options().dt));
    SimulationOptions simOptions;
    simOptions.recordingWindowSteps = static_cast<std::uint32_t>(chunk);
    simOptions.communicator = communicator;
    Simulation sim(*network, *backend, simOptions);
    // Resumed: the state, step and recordings so far come from the checkpoint, and the run goes on
    // for --duration from there.
    if (args.resume.empty())
        sim.initialize();
    else
        sim.loadCheckpoint(args.resume);
    const double startMs = sim.time();
    tools::ProgressLine progress(durationMs, lead);
    for (std::uint64_t done = 0; done < totalSteps;) {
        if (const int signal = tools::interruptSignal()) {
            // Stopped between chunks: the state is whole. Results of part of the run are not
            // written under --out (they would pass for the run asked for); the state is kept in
            // the checkpoint when one was asked for, so that the run can go on from there.
            progress.finish();
            std::string kept = "no results were written";
            if (!args.checkpointOut.empty()) {
                sim.saveCheckpoint(args.checkpointOut);
                char rest[32];
                std::snprintf(rest, sizeof rest, "%.10gms", double(totalSteps - done) * network->options().dt);
                kept += "; the state was saved to '" + args.checkpointOut + "': continue with --resume " +
                        args.checkpointOut + " --duration " + rest;
            }
            throw Error("stopped at t = " + std::to_string(std::llround(sim.time())) + " ms of a run to " +
                        std::to_string(std::llround(startMs + durationMs)) + " ms; " + kept);
        }
        const std::uint64_t steps = std::min(chunk, totalSteps - done);
        sim.run(steps);
        sim.pullRecording();
        done += steps;
        progress.update(double(done) * network->options().dt);
    }
    progress.finish();
    if (!args.checkpointOut.empty())
        sim.saveCheckpoint(args.checkpointOut);

    const std::string device = backend->description() + (communicator && communicator->ranks() > 1
                                                             ? ", network split over " + communicator->description()
                                                             : "");
    nlohmann::json summary = {{"network", network->name()},      {"backend", backend->name()},
                              {"device", device}, {"seed", network->options().seed},
                              {"duration_ms", durationMs},        {"dt_ms", network->options().dt},
                              {"start_ms", startMs},              {"deterministic", network->options().deterministic}};
    if (!args.resume.empty()) summary["resumed_from"] = args.resume;
    if (!args.checkpointOut.empty()) summary["checkpoint"] = args.checkpointOut;
    const Timings& t = sim.timings();
    summary["timings_s"] = {{"generate", t.generateSeconds}, {"compile", t.compileSeconds},
                            {"compile_cache_hit", t.compileCacheHit}, {"initialize", t.initSeconds},
                            {"simulate", t.simulateSeconds}};
    if (t.spikeExchanges > 0)
        summary["spike_exchange"] = {{"exchanges", t.spikeExchanges}, {"seconds", t.exchangeSeconds},
                                     {"ranks", communicator->ranks()}};
    if (!lead) {
        // The other ranks take part in the collectives that give rank 0 the whole network's values.
        for (const auto& [group, var] : savedVars)
            (void)sim.pullVar(group, var);
        return 0;
    }
    std::printf("%s on %s (%s), seed %llu, %.0f ms of biological time%s\n", network->name().c_str(),
                backend->name().c_str(), device.c_str(), (unsigned long long)network->options().seed,
                durationMs, args.resume.empty() ? "" : (" from " + std::to_string(std::llround(startMs)) + " ms (resumed)").c_str());
    std::printf("  code generation %.3f s, compile %.3f s%s, initialisation %.3f s, simulation %.3f s "
                "(real-time factor %.3f)\n",
                t.generateSeconds, t.compileSeconds, t.compileCacheHit ? " (cached)" : "", t.initSeconds,
                t.simulateSeconds, durationMs > 0 ? t.simulateSeconds / (durationMs * 1e-3) : 0.0);
    if (t.spikeExchanges > 0)
        std::printf("  spike exchange between %u ranks: %llu exchanges, %.3f s of the simulation (rank 0)\n",
                    communicator->ranks(), (unsigned long long)t.spikeExchanges, t.exchangeSeconds);

    // Write into a fresh temporary directory and rename it at the end: a failed run leaves no
    // half-written output.
    const fs::path out(args.out);
    StagingFolder stagingFolder{out.string() + ".partial"};
    const fs::path& staging = stagingFolder.path;
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        throw Error("cannot create output directory '" + staging.string() + "': " + ec.message());
    for (const auto& group : network->neuronGroups()) {
        if (!group->spikeRecording())
            continue;
        const SpikeTrains& trains = sim.spikes(group->name());
        const auto stats = spikeStatistics(trains, group->size(), startMs, startMs + durationMs);
        std::printf("  %-4s %6u neurons: %8.2f Hz, ISI CV %.2f, %.0f%% active, %llu spikes\n",
                    group->name().c_str(), group->size(), stats.rateHz, stats.meanCvIsi, 100 * stats.fractionActive,
                    (unsigned long long)stats.spikes);
        summary["populations"][group->name()] = {{"size", group->size()},
                                                 {"spikes", stats.spikes},
                                                 {"rate_hz", stats.rateHz},
                                                 {"mean_cv_isi", stats.meanCvIsi},
                                                 {"fraction_active", stats.fractionActive}};
        tools::writeSpikeFiles(staging, group->name(), trains.times, trains.ids);
    }
    // Every recorded variable, from --record or the model file: one row per sampled step (the values
    // after it), one column per recorded neuron; the steps' times and the columns' neurons beside.
    for (const auto& group : network->neuronGroups())
        for (const VarRecording& r : group->varRecordings()) {
            const RecordedVar& recorded = sim.varRecording(group->name(), r.var);
            const std::string stem = group->name() + "_" + r.var;
            writeFileAtomically(fileInside(staging, stem + ".npy"),
                                tools::npyBytes(recorded.values, recorded.times.size(), recorded.neurons));
            writeFileAtomically(fileInside(staging, stem + "_times_ms.npy"), tools::npyBytes(recorded.times));
            writeFileAtomically(fileInside(staging, stem + "_neurons.npy"), tools::npyBytes(recorded.ids));
            summary["recorded_vars"][group->name()].push_back(r.var);
        }
    // Final values: per-synapse variables in CSR order (row by row, each row in target order; dense
    // projections: pre-major), per-neuron ones by neuron (docs/user_guide.md).
    for (const auto& [group, var] : savedVars) {
        writeFileAtomically(fileInside(staging, group + "_" + var + ".npy"), tools::npyBytes(sim.pullVar(group, var)));
        summary["saved_vars"][group].push_back(var);
    }
    writeFileAtomically(staging / "summary.json", summary.dump(2) + "\n");
    fs::remove_all(out, ec);
    fs::rename(staging, out, ec);
    if (ec)
        throw Error("cannot move the results to '" + out.string() + "': " + ec.message());
    stagingFolder.movedIntoPlace = true;
    std::printf("  spikes and summary written to %s/\n", out.string().c_str());
    return 0;
}

// --ranks N: the network split over N threads of this process, rank r on GPU r (CUDA): the first
// error of a rank that failed itself, not of the others it stopped.
int runRanks(const RunArgs& args)
{
    ThreadRanks group(args.ranks);
    std::vector<std::exception_ptr> failures(args.ranks);
    std::vector<std::thread> threads;
    for (std::uint32_t r = 0; r < args.ranks; ++r)
        threads.emplace_back([&, r] {
            try {
                run(args, &group.rank(r), r);
            } catch (...) {
                failures[r] = std::current_exception();
                group.abandon();
            }
        });
    for (auto& t : threads)
        t.join();
    std::exception_ptr first;
    for (const auto& failure : failures) {
        if (!failure)
            continue;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            if (std::string(e.what()).find(ThreadRanks::kStoppedByAnother) == std::string::npos)
                throw;
        }
        first = first ? first : failure;
    }
    if (first)
        std::rethrow_exception(first);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"spikegen: generate, compile and run spiking neural networks"};
    app.require_subcommand(1);
    RunArgs args;
    auto* runCommand = app.add_subcommand("run", "run a standard network and write its spikes");
    runCommand->add_option("network", args.network, "network name (see `spikegen networks`) or model file (.json)");
    runCommand->add_option("--backend,-b", args.backend, "cpu, cuda or opencl (default: " + defaultBackend() + ")");
    runCommand->add_option("--duration,-d", args.duration, "biological time, e.g. 1s or 250ms");
    runCommand->add_option("--seed,-s", args.seed, "random seed (model files: overrides the file's)")
        ->each([&](const std::string&) { args.seedGiven = true; });
    runCommand->add_option("--threads,-j", args.threads, "CPU threads (default: all)");
    runCommand->add_flag("--deterministic", args.deterministic, tools::kDeterministicHelp);
    runCommand->add_option("--ranks", args.ranks,
                           "split the network over this many threads of this process (one GPU each: rank r on GPU r); "
                           "under mpirun the processes are the ranks instead (docs/scaling.md)")
        ->check(CLI::Range(1u, 4096u));
    runCommand->add_option("--scale", args.scale, "multiply the number of neurons (standard networks)")
        ->each([&](const std::string&) { args.scaleGiven = true; });
    runCommand->add_option("--in-degree-scale", args.inDegreeScale,
                           "microcircuit: multiply every neuron's number of inputs too, in (0, 1] (NEST's K scaling)");
    runCommand->add_option("--record", args.record, "what to record: spikes and/or variables, e.g. spikes,V");
    runCommand->add_option("--save-vars", args.saveVars,
                           "write final values as OUT/GROUP_VAR.npy, e.g. InputNeuron.w (synapses in CSR order)");
    runCommand->add_option("--device", args.device,
                           "CUDA: the GPU's ordinal (under mpirun: the process's local rank); OpenCL: index, "
                           "platform:device or part of the name");
    runCommand->add_option("--out,-o", args.out, "output directory");
    runCommand->add_option("--checkpoint-out", args.checkpointOut,
                           "write the complete state after the run to this file (resume it with --resume)");
    runCommand->add_option("--resume", args.resume,
                           "continue from a checkpoint of the same network and recording (any backend) for --duration; "
                           "the output holds the whole run so far");
    runCommand->add_option("--log", args.logLevel, "log level: trace, debug, info, warn, error, off");
    auto* networksCommand = app.add_subcommand("networks", "list the standard networks");
    auto* backendsCommand = app.add_subcommand("backends", "list the backends built into this spikegen");
    auto* devicesCommand = app.add_subcommand("devices", "list the devices of every backend built");
    tools::BenchArgs bench;
    auto* benchCommand = tools::addBenchCommand(app, bench);
    tools::SweepArgs sweep;
    auto* sweepCommand = tools::addSweepCommand(app, sweep);
    std::string validateFile, exportName, exportOut;
    auto* validateCommand = app.add_subcommand("validate", "check a model file and report its first error");
    validateCommand->add_option("file", validateFile, "model file (.json)")->required();
    auto* exportCommand = app.add_subcommand("export", "write a standard network as a model file");
    exportCommand->add_option("network", exportName, "network name (see `spikegen networks`)")->required();
    exportCommand->add_option("--out,-o", exportOut, "model file to write (.json)")->required();
    CLI11_PARSE(app, argc, argv);
    // A file size limit (ulimit -f) then fails the write with EFBIG, reported like a full disk,
    // instead of killing the process with half a file.
    std::signal(SIGXFSZ, SIG_IGN);
#ifdef SPIKEGEN_HAVE_MPI
    std::unique_ptr<MpiCommunicator> mpi;
#endif
    Communicator* communicator = nullptr;
    try {
#ifdef SPIKEGEN_HAVE_MPI
        if (*runCommand && MpiCommunicator::launchedByMpi()) {
            mpi = std::make_unique<MpiCommunicator>();
            communicator = mpi.get();
        }
#endif
        std::uint32_t localRank = 0;
#ifdef SPIKEGEN_HAVE_MPI
        if (mpi)
            localRank = mpi->localRank();
#endif
        if (*runCommand) {
            tools::noteInterrupts(); // only `run` stops at a chunk boundary; other commands end at once
            setLogLevel(args.logLevel);
            if (!args.device.empty())
                setenv("SPIKEGEN_OPENCL_DEVICE", args.device.c_str(), 1); // read by the OpenCL backend
            if (args.ranks > 1 && communicator)
                throw Error("--ranks splits the network over threads of one process: not under mpirun, whose "
                            "processes are the ranks");
            return args.ranks > 1 ? runRanks(args) : run(args, communicator, localRank);
        }
        if (*sweepCommand)
            return tools::runSweepCommand(sweep);
        if (*benchCommand)
            return tools::runBench(bench, std::vector<std::string>(argv, argv + argc));
        if (*networksCommand)
            for (const auto& n : models::standardNetworks())
                std::printf("%-16s %s\n", n.name.c_str(), n.description.c_str());
        if (*backendsCommand)
            for (const auto& b : builtBackends())
                std::printf("%s%s\n", b.c_str(), b == defaultBackend() ? " (default)" : "");
        if (*devicesCommand)
            std::printf("%s", describeDevices().c_str());
        if (*validateCommand) {
            // The recording window `run` uses: 100 ms.
            const io::ModelFileCheck check = io::checkModelFile(validateFile, models::builtinLibrary(), 1000);
            const double mib = double(check.estimatedBytes) / (1 << 20);
            std::printf("ok: %zu neuron groups, %zu synapse groups, about %.1f %s of backend memory (state, "
                        "connectivity at its mean row length, a 100 ms recording window)\n",
                        check.network->neuronGroups().size(), check.network->synapseGroups().size(),
                        mib < 1 ? mib * 1024 : mib, mib < 1 ? "KiB" : "MiB");
        }
        if (*exportCommand) {
            auto network = models::makeStandardNetwork(exportName);
            io::writeModelFile(*network, models::builtinLibrary(), exportOut);
            std::printf("%s written to %s\n", network->name().c_str(), exportOut.c_str());
        }
        return 0;
    } catch (const std::exception& e) {
        // Also when the signal reached a compiler we ran, whose failure is then the error.
        if (const int signal = tools::interruptSignal()) {
            std::fprintf(stderr, "spikegen: interrupted (%s): %s\n", tools::signalName(signal).c_str(), e.what());
            return tools::interruptedExitStatus(signal);
        }
        if (communicator && communicator->ranks() > 1) {
            // The other ranks may wait in a collective for this one: end the whole job.
            std::fprintf(stderr, "spikegen: error (rank %u of %u): %s\n", communicator->rank(), communicator->ranks(),
                         e.what());
#ifdef SPIKEGEN_HAVE_MPI
            mpi->abort(1);
#endif
        }
        std::fprintf(stderr, "spikegen: error: %s\n", e.what());
        return 1;
    }
}
