// `spikegen sweep`: runs one network once per parameter set (a grid of --param values or the rows
// of a CSV file) and writes a row of statistics per instance to OUT/sweep.csv as each finishes
// (docs/user_guide.md, "Parameter sweeps"; the sweep itself is core/runtime/sweep.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace spikegen::tools {

struct SweepArgs {
    std::string network;                 // standard network name or model file (.json)
    std::vector<std::string> params;     // GROUP.PARAM=v1,v2,... each
    std::string paramsCsv;               // or a CSV file of parameter sets
    std::string duration = "1s";
    std::optional<std::uint64_t> seed;   // of instance 0; default: the network's
    bool sameSeed = false;
    bool sharedConnectivity = false;
    std::size_t batch = 0; // 0: chosen by runSweep
    std::string backend, device;
    int threads = 0;
    std::optional<double> scale;         // standard networks only
    bool deterministic = false;
    std::string out = "spikegen_sweep";
    std::vector<std::string> statistics; // rate:GROUP, cv:GROUP, fano:GROUP, active:GROUP
    std::string keepSpikes;              // instance indices, "0,5,7"
    std::string logLevel = "warn";
};

// Adds the `sweep` subcommand to `app`, filling `args`.
CLI::App* addSweepCommand(CLI::App& app, SweepArgs& args);

// Runs the sweep. Bad input throws spikegen::Error before anything runs or is written. Returns 0
// when every instance ran, 1 when any failed (its row has the error), 128 + the signal when
// Ctrl-C or SIGTERM stopped it (the finished rows are kept).
int runSweepCommand(const SweepArgs& args);

} // namespace spikegen::tools
