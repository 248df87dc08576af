#include "tools/network_benchmark.h"

#include "core/error.h"
#include "core/runtime/simulation.h"
#include "core/runtime/spike_statistics.h"
#include "tools/host_info.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace spikegen::tools {

namespace {

struct Repeat {
    double buildSeconds = 0, initSeconds = 0, simSeconds = 0;
    bool cacheHit = false;
};

// Synapses and synaptic events (spikes times the outgoing synapses of the neuron that spiked).
struct Traffic {
    std::uint64_t synapses = 0, events = 0;
};

Traffic countTraffic(Simulation& sim)
{
    Traffic traffic;
    for (const auto& s : sim.plan().synapseGroups()) {
        const NeuronGroup& source = s.group->source();
        const std::uint32_t numPost = s.group->target().size();
        const auto& spikes = sim.spikes(source.name()).ids;
        if (s.rowStart) { // sparse: row lengths from the row starts built on the backend
            const auto rows = sim.pullRowStarts(s.group->name());
            traffic.synapses += rows.back();
            for (auto id : spikes)
                traffic.events += rows[id + 1] - rows[id];
        } else { // dense: every source neuron reaches every target
            traffic.synapses += std::uint64_t(source.size()) * numPost;
            traffic.events += std::uint64_t(spikes.size()) * numPost;
        }
    }
    return traffic;
}

// Backend memory in total, and the parts that explain it: spike recording (grows with the run's
// length), synapse arrays (indices and per-synapse variables) and the per-row arrays (row starts,
// and segment starts where 16-bit indices reach beyond 65,536 targets).
nlohmann::json memoryOf(const Simulation& sim, std::uint64_t synapses)
{
    std::set<std::string> recording, rowArrays;
    for (const auto& g : sim.plan().neuronGroups())
        if (g.recording)
            recording.insert(sim.plan().buffers()[*g.recording].name);
    for (const auto& s : sim.plan().synapseGroups())
        for (const auto& b : {s.rowStart, s.segmentStart})
            if (b)
                rowArrays.insert(sim.plan().buffers()[*b].name);
    std::uint64_t total = 0, recordingBytes = 0, synapseBytes = 0, rowBytes = 0;
    for (const auto& m : sim.memoryUsage()) {
        total += m.bytes;
        if (recording.count(m.name))
            recordingBytes += m.bytes;
        else if (m.perSynapse)
            synapseBytes += m.bytes;
        else if (rowArrays.count(m.name))
            rowBytes += m.bytes;
    }
    const auto perSynapse = [&](std::uint64_t bytes) { return synapses ? double(bytes) / double(synapses) : 0.0; };
    nlohmann::json memory = {{"device_memory_bytes", total},
                             {"recording_bytes", recordingBytes},
                             {"synapse_array_bytes_per_synapse", perSynapse(synapseBytes)},
                             {"connectivity_bytes_per_synapse", perSynapse(synapseBytes + rowBytes)}};
    // Plastic projections: all their synapse-sized memory (weights, indices, the column index) and
    // the column index alone, per plastic synapse.
    std::uint64_t plasticSynapses = 0, plasticBytes = 0, indexBytes = 0;
    std::set<std::string> plasticBuffers, indexBuffers;
    const ModelPlan& plan = sim.plan();
    for (std::size_t p = 0; p < plan.synapseGroups().size(); ++p) {
        const SynapseGroupPlan& s = plan.synapseGroups()[p];
        if (!s.plastic())
            continue;
        plasticSynapses += s.rowStart ? sim.pullRowStarts(s.group->name()).back()
                                      : std::uint64_t(s.group->source().size()) * s.group->target().size();
        for (const auto& b : plan.buffers())
            if (b.perSynapseOf == p)
                plasticBuffers.insert(b.name);
        for (const auto& v : s.weightVars) // dense: sized up front, not per-synapse buffers
            plasticBuffers.insert(plan.buffers()[v.buffer].name);
        for (const auto& b : {s.rowStart, s.segmentStart})
            if (b)
                plasticBuffers.insert(plan.buffers()[*b].name);
        for (const auto& b : {s.colStart, s.colCursor, s.colSyn, s.colPre})
            if (b) {
                plasticBuffers.insert(plan.buffers()[*b].name);
                indexBuffers.insert(plan.buffers()[*b].name);
            }
    }
    if (plasticSynapses == 0)
        return memory;
    for (const auto& m : sim.memoryUsage()) {
        plasticBytes += plasticBuffers.count(m.name) ? m.bytes : 0;
        indexBytes += indexBuffers.count(m.name) ? m.bytes : 0;
    }
    memory["plastic_synapses"] = plasticSynapses;
    memory["plastic_bytes_per_synapse"] = double(plasticBytes) / double(plasticSynapses);
    memory["plastic_index_bytes_per_synapse"] = double(indexBytes) / double(plasticSynapses);
    return memory;
}

} // namespace

nlohmann::json measureNetwork(const Network& network, Backend& backend, const BenchmarkSettings& settings)
{
    if (!(settings.durationMs > 0) || settings.repeats < 1)
        throw Error("a benchmark needs a duration above 0 and at least one repeat");
    for (const auto& g : network.neuronGroups())
        if (!g->spikeRecording())
            throw Error("benchmark of '" + network.name() + "': neuron group '" + g->name() +
                        "' does not record its spikes (needed for rates and synaptic events)");
    const double dt = network.options().dt;
    const auto steps = std::uint64_t(std::llround(settings.durationMs / dt));
    SimulationOptions options;
    options.recordingWindowSteps = std::uint32_t(steps + 1);
    options.batchSize = settings.batch;

    nlohmann::json record;
    {
        Simulation cold(network, backend, options); // builds, or loads a binary if the cache is not empty
        const Timings& t = cold.timings();
        record["generate_cold_s"] = t.generateSeconds;
        record["compile_cold_s"] = t.compileSeconds;
        record["build_cold_s"] = t.generateSeconds + t.compileSeconds;
        record["build_cold_cache_hit"] = t.compileCacheHit; // true: the "cold" build was not cold
    }
    std::vector<Repeat> repeats;
    nlohmann::json fastest; // spikes, rates and memory of the fastest repeat
    for (int r = 0; r < settings.repeats; ++r) {
        Simulation sim(network, backend, options);
        sim.initialize();
        sim.runFor(settings.durationMs);
        const Timings& t = sim.timings();
        repeats.push_back({t.generateSeconds + t.compileSeconds, t.initSeconds, t.simulateSeconds, t.compileCacheHit});
        const bool isFastest = std::all_of(repeats.begin(), repeats.end() - 1,
                                           [&](const Repeat& other) { return other.simSeconds > t.simulateSeconds; });
        if (!isFastest)
            continue;
        fastest = nlohmann::json::object();
        std::uint64_t spikes = 0, neurons = 0;
        for (const auto& g : network.neuronGroups()) {
            const auto stats = spikeStatistics(sim.spikes(g->name()), g->size(), 0, settings.durationMs);
            fastest["rates_hz"][g->name()] = stats.rateHz;
            spikes += stats.spikes;
            neurons += g->size();
        }
        for (const auto& [group, how] : sim.propagation())
            fastest["propagation"][group] = how;
        const Traffic traffic = countTraffic(sim);
        fastest["neurons"] = neurons;
        fastest["synapses"] = traffic.synapses;
        fastest["spikes"] = spikes;
        fastest["synaptic_events"] = traffic.events;
        // A batch: instance 0's events, times the instances (their activity differs only by seed).
        fastest["synaptic_events_per_s"] = double(traffic.events) * settings.batch / t.simulateSeconds;
        fastest.update(memoryOf(sim, traffic.synapses));
    }

    const auto all = [&](double Repeat::*field) {
        std::vector<double> values;
        for (const auto& r : repeats)
            values.push_back(r.*field);
        return values;
    };
    const auto minimum = [&](double Repeat::*field) {
        const auto values = all(field);
        return *std::min_element(values.begin(), values.end());
    };
    const double simSeconds = minimum(&Repeat::simSeconds);
    record["build_cached_s"] = minimum(&Repeat::buildSeconds);
    record["build_cached_cache_hit"] =
        std::all_of(repeats.begin(), repeats.end(), [](const Repeat& r) { return r.cacheHit; });
    record["init_s"] = minimum(&Repeat::initSeconds);
    record["sim_s"] = simSeconds;
    record["realtime_factor"] = simSeconds / (settings.durationMs * 1e-3);
    record["us_per_step"] = 1e6 * simSeconds / double(std::max<std::uint64_t>(1, steps));
    record["sim_s_per_instance"] = simSeconds / settings.batch;
    record["repeats_s"] = {{"build_cached", all(&Repeat::buildSeconds)},
                           {"init", all(&Repeat::initSeconds)},
                           {"sim", all(&Repeat::simSeconds)}};
    record.update(fastest);
    record["peak_host_memory_bytes"] = peakHostMemoryBytes();
    return record;
}

} // namespace spikegen::tools
