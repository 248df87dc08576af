// `spikegen bench`: measures one network on one backend and writes one JSON record
// (docs/benchmarks.md describes its fields; benchmarks/run_matrix.sh runs it over every network
// and backend of a machine).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace spikegen::tools {

struct BenchArgs {
    std::string network;              // standard network name or model file (.json)
    std::string backend;              // empty: the default backend
    std::string device;               // OpenCL device selector (opencl only)
    std::string duration = "1s";      // biological time per repeat
    std::string out;                  // JSON Lines file to append to; empty: stdout
    std::string logLevel = "warn";
    std::optional<std::uint64_t> seed;
    std::optional<double> scale;
    std::optional<double> inDegreeScale; // microcircuit only
    int threads = 0; // cpu only; 0: OpenMP's default
    int repeats = 3;
    bool individualWeights = false;
    bool deterministic = false;
    std::uint64_t closedLoopSteps = 0; // > 0: measure a closed loop of this many steps a loop instead
    int loops = 200;                   // closed loop only
    std::uint32_t batch = 1;           // instances simulated together (SimulationOptions::batchSize)
};

// Adds the `bench` subcommand to `app`, filling `args`.
CLI::App* addBenchCommand(CLI::App& app, BenchArgs& args);

// Runs the benchmark. `argv` is the command line, written into the record so that every number
// says how to reproduce it. Throws spikegen::Error on bad input, before measuring anything.
int runBench(const BenchArgs& args, const std::vector<std::string>& argv);

} // namespace spikegen::tools
