// Parameter sweeps: one network run once per parameter set ("instance"), each with its own seed,
// giving one row of statistics per instance. runSweep runs the instances in batches
// (SimulationOptions::batchSize) where the swept parameters can be dynamic, else one at a time.
#pragma once
#include "core/runtime/spike_statistics.h"

#include <functional>
#include <map>
#include <utility>

namespace spikegen {

// A swept parameter: GROUP.PARAM, PARAM as Network::param takes it ("EE.g", "EE.postsynaptic.tau").
struct SweptParam {
    std::string group, param;
    std::string label() const { return group + "." + param; }
};
// Throws spikegen::Error unless `text` is GROUP.PARAM with a group and a parameter name.
SweptParam parseSweptParam(const std::string& text);

// The parameter sets of a sweep: a value of each parameter per instance.
struct ParameterSets {
    std::vector<SweptParam> params;
    std::vector<std::vector<double>> values; // [instance][parameter]
};

// The Cartesian product of the parameters' values, the first parameter varying slowest (the order
// of itertools.product and of nested loops written in that order). Throws for an empty list of
// values or a parameter given twice.
ParameterSets parameterGrid(const std::vector<std::pair<SweptParam, std::vector<double>>>& axes);

// "instance 3 (E.Vthresh=-52, EE.g=0.008)", for messages.
std::string describeInstance(const ParameterSets& sets, std::size_t instance);

// A statistic chosen by the user, computed per instance beside every group's rate and ISI CV.
struct SweepStatistic {
    enum class Kind { Rate, CvIsi, Fano, FractionActive };
    Kind kind;
    std::string group;
    std::string label() const; // as parseSweepStatistic takes it: "fano:E"
};
// "rate:GROUP" (Hz), "cv:GROUP" (mean ISI CV), "fano:GROUP" (Fano factor of the group's spike count
// in 10 ms bins), "active:GROUP" (fraction of neurons that fired). Throws for anything else.
SweepStatistic parseSweepStatistic(const std::string& text);
inline constexpr double kSweepFanoBinMs = 10.0;

struct SweepOptions {
    double durationMs = 1000;
    std::uint64_t seed = 1234; // instance k runs with seed + k, or with seed itself when sameSeed
    bool sameSeed = false;
    // Every instance wired by `seed` (NetworkOptions::connectivitySeed), one copy for a batch;
    // otherwise each instance's seed wires it too, as a run of its own would be.
    bool sharedConnectivity = false;
    // Instances a batch holds; 0: chosen (one at a time on the CPU, on a GPU as many as fit in
    // memory, up to 256). Sweeps of parameters that cannot be dynamic run one at a time.
    std::size_t batchSize = 0;
    std::vector<SweepStatistic> statistics;
    std::vector<std::size_t> keepSpikes; // the instances whose rows carry their spike trains
};

struct SweepRow {
    std::size_t instance = 0;
    std::uint64_t seed = 0;
    std::vector<double> values; // of ParameterSets::params, in order
    // Every neuron group (all record spikes in a sweep), in the network's order; empty when it failed.
    std::vector<std::pair<std::string, PopulationStatistics>> populations;
    std::vector<double> statistics;            // of SweepOptions::statistics, in order
    std::string error;                         // why the instance failed; empty when it ran
    std::map<std::string, SpikeTrains> spikes; // by group, for the instances in keepSpikes
};

struct SweepCallbacks {
    std::function<void(const SweepRow&)> rowDone; // after each instance, whether it ran or failed
    // Instances [first, first + count) have each run doneMs (all earlier instances are done).
    std::function<void(std::size_t first, std::size_t count, double doneMs)> progress;
    std::function<bool()> stopRequested; // asked between chunks of 100 ms of biological time
};

// Throws spikegen::Error, before anything runs, for an unknown group or parameter (listing the
// group's parameters), a parameter set the model's own checks refuse (naming the instance), a
// statistic of an unknown group, a kept instance that does not exist, or no instance at all.
// The network is left as it was.
void checkSweep(Network& network, const ParameterSets& sets, const SweepOptions& options);

// Checks (checkSweep), then runs every parameter set on `network` for options.durationMs, each
// instance from step 0 with every neuron group recording spikes, and calls rowDone with its row. An
// instance that throws (a compile error, not enough memory, NaN in a state variable) gives a row
// with `error` set, and the sweep goes on. Returns false when stopRequested stopped it (the
// instance then running gives no row). The network's parameters, seed and spike recording are
// restored afterwards.
bool runSweep(Network& network, Backend& backend, const ParameterSets& sets, const SweepOptions& options,
              const SweepCallbacks& callbacks);

} // namespace spikegen
