// spikegen.sweep: core/runtime/sweep.h with a dict of value lists (a grid) or a list of dicts (one
// parameter set each) in, and one dict per instance out, keyed as the columns of `spikegen sweep`'s CSV.
#include "bindings.h"
#include "numpy_arrays.h"

#include "backends/registry.h"
#include "core/error.h"
#include "core/runtime/sweep.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

namespace spikegen::python {
namespace {

// A dict keeps the caller's order of parameters (nanobind's std::map would sort them).
ParameterSets parameterSetsOf(const nb::object& grid, const nb::object& sets)
{
    if (grid.is_none() == sets.is_none())
        throw Error(grid.is_none() ? "sweep: give grid={'GROUP.PARAM': [values]} or sets=[{'GROUP.PARAM': value}, ...]"
                                   : "sweep: give grid or sets, not both");
    if (!grid.is_none()) {
        std::vector<std::pair<SweptParam, std::vector<double>>> axes;
        for (auto [name, values] : nb::cast<nb::dict>(grid))
            axes.emplace_back(parseSweptParam(nb::cast<std::string>(name)), nb::cast<std::vector<double>>(values));
        return parameterGrid(axes);
    }
    ParameterSets result;
    std::vector<std::string> names;
    for (nb::handle item : sets) {
        const nb::dict set = nb::cast<nb::dict>(item);
        const std::size_t index = result.values.size();
        if (index == 0)
            for (auto [name, value] : set) {
                names.push_back(nb::cast<std::string>(name));
                result.params.push_back(parseSweptParam(names.back()));
            }
        if (set.size() != names.size())
            throw Error("sweep: set " + std::to_string(index) + " has " + std::to_string(set.size()) +
                        " parameters, set 0 has " + std::to_string(names.size()));
        std::vector<double> values;
        for (const auto& name : names) {
            if (!set.contains(name.c_str()))
                throw Error("sweep: set " + std::to_string(index) + " has no '" + name + "' (set 0 has)");
            values.push_back(nb::cast<double>(set[name.c_str()]));
        }
        result.values.push_back(std::move(values));
    }
    return result;
}

nb::dict rowToDict(const SweepRow& row, const ParameterSets& sets, const Network& network,
                   const std::vector<SweepStatistic>& statistics)
{
    nb::dict d;
    d["instance"] = row.instance;
    d["seed"] = row.seed;
    for (std::size_t p = 0; p < sets.params.size(); ++p)
        d[sets.params[p].label().c_str()] = row.values[p];
    const bool ran = row.error.empty();
    for (std::size_t g = 0; g < network.neuronGroups().size(); ++g) {
        const std::string name = network.neuronGroups()[g]->name();
        d[(name + "_rate_hz").c_str()] = ran ? nb::cast(row.populations[g].second.rateHz) : nb::none();
        d[(name + "_cv_isi").c_str()] = ran ? nb::cast(row.populations[g].second.meanCvIsi) : nb::none();
    }
    for (std::size_t s = 0; s < statistics.size(); ++s)
        d[statistics[s].label().c_str()] = ran ? nb::cast(row.statistics[s]) : nb::none();
    d["error"] = ran ? nb::none() : nb::cast(row.error);
    if (!row.spikes.empty()) {
        nb::dict spikes;
        for (const auto& [group, trains] : row.spikes)
            spikes[group.c_str()] = nb::make_tuple(toNumpy(trains.times), toNumpy(trains.ids));
        d["spikes"] = spikes;
    }
    return d;
}

} // namespace

void bindSweep(nb::module_& m)
{
    m.def(
        "sweep",
        [](Network& network, nb::object grid, nb::object sets, double duration, std::optional<std::string> backend,
           std::optional<std::string> device, int threads, std::optional<std::uint64_t> seed, bool sameSeed,
           const std::vector<std::string>& statistics, const std::vector<std::size_t>& keepSpikes,
           std::size_t batchSize, bool sharedConnectivity) {
            const ParameterSets parameterSets = parameterSetsOf(grid, sets);
            SweepOptions options;
            options.durationMs = duration;
            options.seed = seed.value_or(network.options().seed);
            options.sameSeed = sameSeed;
            options.batchSize = batchSize;
            options.sharedConnectivity = sharedConnectivity;
            for (const auto& s : statistics)
                options.statistics.push_back(parseSweepStatistic(s));
            options.keepSpikes = keepSpikes;
            checkSweep(network, parameterSets, options); // before a backend is made
            auto made = createBackend(backend.value_or(""), threads, device.value_or(""));
            std::vector<SweepRow> rows;
            SweepCallbacks callbacks;
            callbacks.rowDone = [&](const SweepRow& row) { rows.push_back(row); };
            callbacks.stopRequested = [] {
                nb::gil_scoped_acquire acquire;
                return PyErr_CheckSignals() != 0; // Ctrl-C: KeyboardInterrupt once the sweep has stopped
            };
            bool complete = false;
            {
                nb::gil_scoped_release release;
                complete = runSweep(network, *made, parameterSets, options, callbacks);
            }
            if (!complete)
                throw nb::python_error();
            nb::list result;
            for (const auto& row : rows)
                result.append(rowToDict(row, parameterSets, network, options.statistics));
            return result;
        },
        nb::arg("network"), nb::arg("grid") = nb::none(), nb::arg("sets") = nb::none(), nb::arg("duration") = 1000.0,
        nb::arg("backend") = nb::none(), nb::arg("device") = nb::none(), nb::arg("threads") = 0,
        nb::arg("seed") = nb::none(), nb::arg("same_seed") = false, nb::arg("statistics") = std::vector<std::string>{},
        nb::arg("keep_spikes") = std::vector<std::size_t>{}, nb::arg("batch_size") = 0,
        nb::arg("shared_connectivity") = false,
        "Runs `network` once per parameter set for `duration` ms and returns one dict per instance: 'instance', "
        "'seed', each 'GROUP.PARAM', 'GROUP_rate_hz' and 'GROUP_cv_isi' of every neuron group, each statistic "
        "('rate:G', 'cv:G', 'fano:G', 'active:G'), 'error' (None, or why the instance failed: the sweep goes on) "
        "and, for the instances in keep_spikes, 'spikes': {group: (times, ids)}. grid={'E.Vthresh': [-52, -50], "
        "...} runs every combination (the first parameter slowest); sets=[{'E.Vthresh': -52}, ...] runs each set. "
        "Instance k runs with seed + k (seed: the network's by default) unless same_seed, which also wires it "
        "unless shared_connectivity (every instance wired from seed). batch_size: instances simulated together "
        "(0: on a GPU as many as fit, up to 256; on the CPU one). The network is left as it was; bad names or "
        "values raise Error before anything runs.");
}

} // namespace spikegen::python
