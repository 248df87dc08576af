#include "core/runtime/sweep.h"

#include "core/codegen/memory_estimate.h"
#include "core/error.h"
#include "core/model/safe_names.h"
#include "core/runtime/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace spikegen {
namespace {

std::vector<Network::ParamChange> changesOf(const ParameterSets& sets, std::size_t instance)
{
    std::vector<Network::ParamChange> changes;
    for (std::size_t p = 0; p < sets.params.size(); ++p)
        changes.push_back({sets.params[p].group, sets.params[p].param, sets.values[instance][p]});
    return changes;
}

// Puts back what a sweep changes on the network: parameters, seed and spike recording.
class NetworkRestorer {
public:
    NetworkRestorer(Network& network, const std::vector<SweptParam>& params) : network_(network)
    {
        for (const auto& p : params)
            original_.push_back({p.group, p.param, network.param(p.group, p.param)});
        seed_ = network.options().seed;
        connectivitySeed_ = network.options().connectivitySeed;
        for (const auto& g : network.neuronGroups())
            recording_.push_back(g->spikeRecording());
    }
    ~NetworkRestorer()
    {
        try {
            network_.setParams(original_); // valid: they were the network's
        } catch (...) {
        }
        network_.setSeed(seed_);
        network_.setConnectivitySeed(connectivitySeed_);
        for (std::size_t g = 0; g < recording_.size(); ++g)
            network_.neuronGroup(network_.neuronGroups()[g]->name()).setSpikeRecording(recording_[g]);
    }

private:
    Network& network_;
    std::vector<Network::ParamChange> original_;
    std::uint64_t seed_ = 0;
    std::optional<std::uint64_t> connectivitySeed_;
    std::vector<bool> recording_;
};

double statisticOf(const SweepStatistic& statistic, const SpikeTrains& trains, const PopulationStatistics& stats,
                   double durationMs)
{
    switch (statistic.kind) {
    case SweepStatistic::Kind::Rate: return stats.rateHz;
    case SweepStatistic::Kind::CvIsi: return stats.meanCvIsi;
    case SweepStatistic::Kind::FractionActive: return stats.fractionActive;
    case SweepStatistic::Kind::Fano: return populationFanoFactor(trains, 0.0, durationMs, kSweepFanoBinMs);
    }
    return 0.0;
}

// Instances differ only in parameters that are dynamic (runSweep marks those it can): one batch
// may hold several.
bool batchable(const Network& network, const ParameterSets& sets)
{
    for (const auto& p : sets.params)
        if (!network.paramIsDynamic(p.group, p.param))
            return false;
    return true;
}

// The instances [first, last) in one Simulation, a batch of them (instance j of the batch is
// parameter set first + j), run as `spikegen run` runs a network: chunks of 100 ms, the recording
// pulled after each. Empty when stopRequested stopped it; a failure fails every row of the batch.
std::optional<std::vector<SweepRow>> runBatch(Network& network, Backend& backend, const ParameterSets& sets,
                                              const SweepOptions& options, const SweepCallbacks& callbacks,
                                              std::size_t first, std::size_t last)
{
    const auto n = static_cast<std::uint32_t>(last - first);
    std::vector<SweepRow> rows(n);
    SimulationOptions simOptions;
    simOptions.batchSize = n;
    simOptions.connectivityPerInstance = !options.sharedConnectivity;
    for (std::uint32_t j = 0; j < n; ++j) {
        rows[j].instance = first + j;
        rows[j].seed = options.sameSeed ? options.seed : options.seed + first + j;
        rows[j].values = sets.values[first + j];
        simOptions.instanceSeeds.push_back(rows[j].seed);
    }
    try {
        network.setParams(changesOf(sets, first)); // what a batch of one compiles
        network.setSeed(rows[0].seed);
        const double dt = network.options().dt;
        const auto totalSteps = static_cast<std::uint64_t>(std::llround(options.durationMs / dt));
        const std::uint64_t chunk = std::max<std::uint64_t>(1, std::uint64_t(100.0 / dt));
        simOptions.recordingWindowSteps = static_cast<std::uint32_t>(chunk);
        Simulation sim(network, backend, simOptions);
        if (n > 1)
            for (std::size_t p = 0; p < sets.params.size(); ++p) {
                std::vector<double> values;
                for (const SweepRow& row : rows)
                    values.push_back(row.values[p]);
                sim.setParams(sets.params[p].group, sets.params[p].param, values);
            }
        sim.initialize();
        for (std::uint64_t done = 0; done < totalSteps;) {
            if (callbacks.stopRequested && callbacks.stopRequested())
                return std::nullopt;
            const std::uint64_t steps = std::min(chunk, totalSteps - done);
            sim.run(steps);
            sim.pullRecording();
            done += steps;
            if (callbacks.progress)
                callbacks.progress(first, n, double(done) * dt);
        }
        sim.pullRecording(); // then spikes() only reads: the instances' rows on every core
        parallelFor(n, [&](std::size_t j) {
            SweepRow& row = rows[j];
            const bool keep = std::find(options.keepSpikes.begin(), options.keepSpikes.end(), row.instance) !=
                              options.keepSpikes.end();
            for (const auto& g : network.neuronGroups()) {
                const SpikeTrains& trains = sim.spikes(g->name(), std::uint32_t(j));
                row.populations.emplace_back(g->name(), spikeStatistics(trains, g->size(), 0.0, options.durationMs));
                if (keep)
                    row.spikes[g->name()] = trains;
            }
            for (const auto& s : options.statistics) {
                std::size_t g = 0;
                while (row.populations[g].first != s.group)
                    ++g;
                row.statistics.push_back(
                    statisticOf(s, sim.spikes(s.group, std::uint32_t(j)), row.populations[g].second, options.durationMs));
            }
        });
    } catch (const std::exception& e) {
        for (SweepRow& row : rows) {
            row.populations.clear();
            row.statistics.clear();
            row.spikes.clear();
            row.error = e.what();
        }
    }
    return rows;
}

// Instances a batch holds when the user leaves it open: one at a time on the CPU, whose batches
// run their instances one after another anyway; on a GPU as many as fit in 80 % of its free
// memory, at most kMaxSweepBatch.
std::size_t automaticBatch(const Network& network, Backend& backend, const SweepOptions& options, std::size_t instances)
{
    constexpr std::size_t kMaxSweepBatch = 256;
    if (backend.hostThreads())
        return 1;
    std::size_t batch = std::min(instances, kMaxSweepBatch);
    if (const auto available = backend.availableMemory()) {
        const MemoryEstimate need = estimateMemory(ModelPlan(network, 1, 2, !options.sharedConnectivity));
        const double room = 0.8 * double(*available) - double(need.shared);
        batch = std::min<std::size_t>(batch, room > 0 ? std::size_t(room / double(need.perInstance)) : 0);
    }
    return std::max<std::size_t>(batch, 1);
}

} // namespace

std::string describeInstance(const ParameterSets& sets, std::size_t instance)
{
    std::string text = "instance " + std::to_string(instance) + " (";
    for (std::size_t p = 0; p < sets.params.size(); ++p) {
        char value[32];
        std::snprintf(value, sizeof value, "%.10g", sets.values[instance][p]);
        text += (p ? ", " : "") + sets.params[p].label() + "=" + value;
    }
    return text + ")";
}

SweptParam parseSweptParam(const std::string& text)
{
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
        throw Error(printable(text) + " is not GROUP.PARAM (examples: E.Vthresh, EE.g, EE.postsynaptic.tau)");
    return {text.substr(0, dot), text.substr(dot + 1)};
}

ParameterSets parameterGrid(const std::vector<std::pair<SweptParam, std::vector<double>>>& axes)
{
    ParameterSets sets;
    for (const auto& [param, values] : axes) {
        if (values.empty())
            throw Error("parameter '" + param.label() + "' has no values");
        for (const auto& seen : sets.params)
            if (seen.label() == param.label())
                throw Error("parameter '" + param.label() + "' is given twice");
        sets.params.push_back(param);
    }
    if (axes.empty())
        return sets;
    // Counting in mixed radix, the last parameter fastest.
    std::vector<std::size_t> digit(axes.size(), 0);
    while (true) {
        std::vector<double> values;
        for (std::size_t p = 0; p < axes.size(); ++p)
            values.push_back(axes[p].second[digit[p]]);
        sets.values.push_back(std::move(values));
        std::size_t p = axes.size();
        while (p > 0 && ++digit[p - 1] == axes[p - 1].second.size())
            digit[--p] = 0;
        if (p == 0)
            return sets;
    }
}

std::string SweepStatistic::label() const
{
    switch (kind) {
    case Kind::Rate: return "rate:" + group;
    case Kind::CvIsi: return "cv:" + group;
    case Kind::Fano: return "fano:" + group;
    case Kind::FractionActive: return "active:" + group;
    }
    return group;
}

SweepStatistic parseSweepStatistic(const std::string& text)
{
    const std::size_t colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    const std::string group = colon == std::string::npos ? "" : text.substr(colon + 1);
    const std::pair<const char*, SweepStatistic::Kind> kinds[] = {{"rate", SweepStatistic::Kind::Rate},
                                                                  {"cv", SweepStatistic::Kind::CvIsi},
                                                                  {"fano", SweepStatistic::Kind::Fano},
                                                                  {"active", SweepStatistic::Kind::FractionActive}};
    for (const auto& [name, value] : kinds)
        if (kind == name && !group.empty())
            return {value, group};
    throw Error("statistic " + printable(text) + " is not one of rate:GROUP, cv:GROUP, fano:GROUP, active:GROUP");
}

void checkSweep(Network& network, const ParameterSets& sets, const SweepOptions& options)
{
    if (sets.values.empty())
        throw Error("the sweep has no parameter sets");
    if (!(options.durationMs >= 0) || !std::isfinite(options.durationMs))
        throw Error("the sweep's duration must be a non-negative, finite time");
    for (std::size_t i = 0; i < sets.values.size(); ++i)
        if (sets.values[i].size() != sets.params.size())
            throw Error("parameter set " + std::to_string(i) + " has " + std::to_string(sets.values[i].size()) +
                        " values for " + std::to_string(sets.params.size()) + " parameters");
    for (const auto& s : options.statistics)
        network.neuronGroup(s.group); // throws, listing the neuron groups
    for (const std::size_t k : options.keepSpikes)
        if (k >= sets.values.size())
            throw Error("instance " + std::to_string(k) + " is asked to keep its spikes, but the sweep has " +
                        std::to_string(sets.values.size()) + " instances (0 to " +
                        std::to_string(sets.values.size() - 1) + ")");
    // Unknown names first (a message about the name, not about instance 0), then every set's values
    // through the model's own checks.
    for (const auto& p : sets.params)
        (void)network.param(p.group, p.param);
    const NetworkRestorer restorer(network, sets.params);
    for (std::size_t i = 0; i < sets.values.size(); ++i) {
        try {
            network.setParams(changesOf(sets, i));
        } catch (const Error& e) {
            throw Error(describeInstance(sets, i) + ": " + e.what());
        }
    }
}

bool runSweep(Network& network, Backend& backend, const ParameterSets& sets, const SweepOptions& options,
              const SweepCallbacks& callbacks)
{
    checkSweep(network, sets, options);
    const NetworkRestorer restorer(network, sets.params);
    // Swept parameters that can be dynamic are, and so is the seed: every instance then runs the
    // same compiled code.
    struct DynamicMarks {
        Network& network;
        std::vector<SweptParam> marked;
        bool seedWasDynamic;
        ~DynamicMarks()
        {
            for (const auto& p : marked)
                network.setParamDynamic(p.group, p.param, false);
            network.setSeedDynamic(seedWasDynamic);
        }
    } marks{network, {}, network.options().dynamicSeed};
    network.setSeedDynamic(true);
    for (const auto& p : sets.params)
        if (network.paramCanBeDynamic(p.group, p.param) && !network.paramIsDynamic(p.group, p.param)) {
            network.setParamDynamic(p.group, p.param);
            marks.marked.push_back(p);
        }
    for (const auto& g : network.neuronGroups())
        network.neuronGroup(g->name()).setSpikeRecording(true);
    if (options.sharedConnectivity)
        network.setConnectivitySeed(options.seed);
    const std::size_t instances = sets.values.size();
    const std::size_t batch =
        !batchable(network, sets) ? 1
        : options.batchSize > 0   ? options.batchSize
                                  : automaticBatch(network, backend, options, instances);
    for (std::size_t first = 0; first < instances; first += batch) {
        const auto rows = runBatch(network, backend, sets, options, callbacks, first, std::min(instances, first + batch));
        if (!rows)
            return false;
        for (const SweepRow& row : *rows)
            if (callbacks.rowDone)
                callbacks.rowDone(row);
    }
    return true;
}

} // namespace spikegen
