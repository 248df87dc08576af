#include "core/runtime/simulation.h"
#include "core/runtime/activity_report.h"

#include "core/codegen/memory_estimate.h"
#include "core/error.h"
#include "core/model/safe_names.h"
#include "core/runtime/parallel_for.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

namespace spikegen {
namespace {

bool recordsSomething(const NeuronGroupPlan& g) { return g.recording || !g.recordedVars.empty(); }

// A time for messages: "12.5", not "12.500000".
std::string milliseconds(double ms)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", ms);
    return text;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double elementToDouble(const std::uint8_t* p, Element e)
{
    switch (e) {
    case Element::Uint8: return *p;
    case Element::Uint16: { std::uint16_t v; std::memcpy(&v, p, 2); return v; }
    case Element::Uint32: { std::uint32_t v; std::memcpy(&v, p, 4); return v; }
    case Element::Int32: { std::int32_t v; std::memcpy(&v, p, 4); return v; }
    case Element::Uint64: { std::uint64_t v; std::memcpy(&v, p, 8); return double(v); }
    case Element::Float: { float v; std::memcpy(&v, p, 4); return v; }
    case Element::Double: { double v; std::memcpy(&v, p, 8); return v; }
    }
    return 0;
}

void doubleToElement(double value, std::uint8_t* p, Element e)
{
    switch (e) {
    case Element::Uint8: *p = value != 0.0 ? 1 : 0; break;
    case Element::Uint16: { auto v = static_cast<std::uint16_t>(value); std::memcpy(p, &v, 2); break; }
    case Element::Uint32: { auto v = static_cast<std::uint32_t>(value); std::memcpy(p, &v, 4); break; }
    case Element::Int32: { auto v = static_cast<std::int32_t>(value); std::memcpy(p, &v, 4); break; }
    case Element::Uint64: { auto v = static_cast<std::uint64_t>(value); std::memcpy(p, &v, 8); break; }
    case Element::Float: { auto v = static_cast<float>(value); std::memcpy(p, &v, 4); break; }
    case Element::Double: std::memcpy(p, &value, 8); break;
    }
}

// Spike-recording rows (a bit per neuron, `words` words a row) of the steps from `firstStep` on.
void appendRecordedSpikes(const std::uint8_t* rowBytes, std::uint32_t rows, std::uint32_t words, std::uint64_t firstStep,
                          double dt, SpikeTrains& trains)
{
    for (std::uint32_t row = 0; row < rows; ++row) {
        const double t = double(firstStep + row) * dt;
        for (std::uint32_t w = 0; w < words; ++w) {
            std::uint32_t word;
            std::memcpy(&word, rowBytes + (std::size_t(row) * words + w) * 4, 4);
            while (word) {
                const int bit = __builtin_ctz(word);
                word &= word - 1;
                trains.times.push_back(t);
                trains.ids.push_back(w * 32 + bit);
            }
        }
    }
}

// Names a projection's connectivity in messages about its rows.
std::string connectivityOf(const SynapseGroupPlan& s)
{
    return "synapse group '" + s.group->name() + "' (connectivity '" + s.group->connectivity().snippet.name + "')";
}

} // namespace

Simulation::Simulation(const Network& network, Backend& backend, SimulationOptions options)
    : network_(network), backend_(backend), options_(options),
      communicator_(options.communicator && options.communicator->ranks() > 1 ? options.communicator : nullptr),
      plan_(network, options.recordingWindowSteps, options.batchSize, options.connectivityPerInstance,
            partitionOf(communicator_)),
      batch_(options.batchSize)
{
    if (batch_ > kMaxBatchSize)
        throw Error("network '" + network.name() + "': a batch of " + std::to_string(batch_) +
                    " instances; at most " + std::to_string(kMaxBatchSize) + " run together");
    if (!options_.instanceSeeds.empty() && options_.instanceSeeds.size() != batch_)
        throw Error("network '" + network.name() + "': " + std::to_string(options_.instanceSeeds.size()) +
                    " instance seeds given for a batch of " + std::to_string(batch_) + " instances");
    program_ = backend_.build(plan_, buildInfo_);
    together_ = batch_ > 1 && program_->runsInstancesTogether();
    if (split() && !program_->setSpikeExchange([this](std::uint64_t step) { exchangeSpikes(step); }))
        throw Error("network '" + network.name() + "' is split over " + std::to_string(communicator_->ranks()) +
                    " ranks, and backend '" + backend.name() + "' cannot run a split network");
    timings_.generateSeconds = buildInfo_.generateSeconds;
    std::vector<ParamValues> dynamicValues;
    for (const auto& d : plan_.dynamicParams())
        dynamicValues.push_back(d.values);
    dynamicValues_.assign(batch_, dynamicValues);
    timings_.compileSeconds = buildInfo_.compileSeconds;
    timings_.compileCacheHit = buildInfo_.cacheHit;
    std::vector<std::vector<RecordedVar>> recordedVars;
    for (const auto& g : plan_.neuronGroups())
        recordedVars.emplace_back(g.recordedVars.size());
    recorded_.assign(batch_, std::vector<SpikeTrains>(plan_.neuronGroups().size()));
    recordedVars_.assign(batch_, recordedVars);
    spdlog::info("network '{}' built for backend '{}' ({}): generated in {:.3f} s, {} in {:.3f} s; source: {}",
                 network.name(), backend.name(), backend.description(), timings_.generateSeconds,
                 buildInfo_.cacheHit ? "loaded from cache" : "compiled", timings_.compileSeconds, buildInfo_.sourcePath);
}

Simulation::~Simulation() = default;

std::size_t Simulation::instanceSlotBytes(std::size_t buffer, std::size_t count) const
{
    if (!plan_.perInstance(buffer))
        return 0;
    // The plan's stride where kernels offset by it; else the backend's slice alignment.
    const std::size_t element = elementBytes(plan_.buffers()[buffer].type);
    const std::size_t align = together_ ? ModelPlan::kInstanceAlignment : backend_.sliceAlignment();
    const auto stride = plan_.instanceStride(buffer);
    return together_ && stride ? *stride * element
                               : (std::max<std::size_t>(count, 1) * element + align - 1) / align * align;
}

void Simulation::allocate(const std::vector<std::pair<std::size_t, std::size_t>>& counts)
{
    std::vector<std::size_t> bytes(plan_.buffers().size(), 0);
    for (const auto& [buffer, count] : counts) {
        slotBytes_[buffer] = instanceSlotBytes(buffer, count);
        bytes[buffer] = slotBytes_[buffer] ? slotBytes_[buffer] * batch_
                                           : std::max<std::size_t>(count, 1) * elementBytes(plan_.buffers()[buffer].type);
    }
    slices_.clear(); // views of the buffers these replace
    boundInstance_.reset();
    program_->reserve(bytes);
    for (const auto& [buffer, count] : counts) {
        const PlannedBuffer& planned = plan_.buffers()[buffer];
        try {
            std::unique_ptr<DeviceBuffer> placed = program_->allocate(buffer, bytes[buffer]);
            buffers_[buffer] = placed ? std::move(placed) : backend_.allocate(bytes[buffer], planned.about);
        } catch (const std::bad_alloc&) {
            throw Error("network '" + network_.name() + "', " + planned.about + ": cannot allocate " +
                        bytesText(bytes[buffer]) + " on backend '" + backend_.name() + "' (" + backend_.description() +
                        ")");
        }
        buffers_[buffer]->fill(0, bytes[buffer], 0);
        counts_[buffer] = count;
    }
}

std::vector<BufferMemory> Simulation::memoryUsage() const
{
    std::vector<BufferMemory> usage;
    for (std::size_t b = 0; b < buffers_.size(); ++b)
        if (buffers_[b]) {
            const PlannedBuffer& p = plan_.buffers()[b];
            usage.push_back({p.name, p.about, buffers_[b]->bytes(), p.perSynapseOf.has_value()});
        }
    return usage;
}

std::vector<std::uint8_t> Simulation::download(std::size_t buffer, std::uint32_t instance) const
{
    std::vector<std::uint8_t> bytes(count(buffer, instance) * elementBytes(plan_.buffers()[buffer].type));
    if (!bytes.empty())
        buffers_[buffer]->download(bytes.data(), bytes.size(), offset(buffer, instance));
    return bytes;
}

void Simulation::refuseIfTooLarge() const
{
    const std::optional<std::uint64_t> available = backend_.availableMemory();
    if (!available)
        return;
    const MemoryEstimate need = estimateMemory(plan_);
    if (need.bytes <= *available)
        return;
    if (batch_ > 1) {
        const std::uint64_t fit = need.shared < *available ? (*available - need.shared) / need.perInstance : 0;
        throw Error("a batch of " + std::to_string(batch_) + " instances of network '" + network_.name() +
                    "' is too large for backend '" + backend_.name() + "' (" + backend_.description() +
                    "): it needs about " + bytesText(need.bytes) + " of memory (" + bytesText(need.perInstance) +
                    " per instance), and " + bytesText(*available) + " is available: " +
                    (fit > 0 ? "the largest batch that fits has " + std::to_string(fit) + " instances"
                             : "not even one instance fits") +
                    ". Nothing was allocated");
    }
    throw Error("network '" + network_.name() + "' is too large for backend '" + backend_.name() + "' (" +
                backend_.description() + "): it needs about " + bytesText(need.bytes) + " of memory, and " +
                bytesText(*available) + " is available; its largest buffer is " + need.largest + ", " +
                bytesText(need.largestBytes) + ". Nothing was allocated: use a smaller network, a shorter "
                "recording window or a backend with more memory");
}

void Simulation::initialize()
{
    refuseIfTooLarge();
    const auto start = std::chrono::steady_clock::now();
    const auto& planned = plan_.buffers();
    buffers_.clear();
    buffers_.resize(planned.size());
    counts_.assign(planned.size(), 0);
    slotBytes_.assign(planned.size(), 0);
    synapseCounts_.assign(batch_, std::vector<std::size_t>(plan_.synapseGroups().size(), 0));
    std::vector<std::pair<std::size_t, std::size_t>> counts;
    for (std::size_t b = 0; b < planned.size(); ++b)
        if (!planned[b].perSynapseOf)
            counts.emplace_back(b, planned[b].count);
    allocate(counts);

    uploadStreamKeys(); // before the first initialisation kernel draws
    // Sparse connectivity: count each row, size the arrays from the counts (all together, so that a
    // program can place them in one memory object), then fill the rows. A batch builds one copy,
    // bound as instance 0, unless each instance builds its own.
    counts.clear();
    for (std::size_t g = 0; g < plan_.synapseGroups().size(); ++g) {
        const SynapseGroupPlan& s = plan_.synapseGroups()[g];
        if (s.layout.format != ConnectivityFormat::Sparse)
            continue;
        forInstances(connectivityInstances(), [&] {
            if (!s.rowLength.empty())
                program_->runInit(ModelPlan::rowLengthKernel(s));
            program_->runInit(ModelPlan::countRowsKernel(s));
        });
        program_->synchronize();
        checkErrorFlags(connectivityOf(s));
        std::size_t most = 0;
        for (std::uint32_t k = 0; k < connectivityInstances(); ++k) {
            std::vector<std::uint32_t> rowStart(counts_[*s.rowStart]);
            buffers_[*s.rowStart]->download(rowStart.data(), rowStart.size() * 4, offset(*s.rowStart, k));
            std::uint64_t total = 0;
            for (std::size_t i = 1; i < rowStart.size(); ++i) {
                total += rowStart[i];
                if (total > 0xFFFFFFFFull)
                    throw Error(instanceText(k) + "synapse group '" + s.group->name() + "': more than 2^32 synapses");
                rowStart[i] = static_cast<std::uint32_t>(total);
            }
            buffers_[*s.rowStart]->upload(rowStart.data(), rowStart.size() * 4, offset(*s.rowStart, k));
            most = std::max<std::size_t>(most, total);
            for (std::uint32_t i = k; i < (options_.connectivityPerInstance ? k + 1 : batch_); ++i)
                synapseCounts_[i][g] = total;
            if (s.wholeNetworkSynapse)
                uploadWholeNetworkSynapses(s, rowStart);
        }
        for (std::size_t b = 0; b < planned.size(); ++b)
            if (planned[b].perSynapseOf == g)
                counts.emplace_back(b, most);
    }
    allocate(counts);
    for (const auto& s : plan_.synapseGroups())
        if (s.layout.format == ConnectivityFormat::Sparse) {
            forInstances(connectivityInstances(), [&] {
                program_->runInit(ModelPlan::fillRowsKernel(s));
                if (s.columnBuilt())
                    program_->runInit(ModelPlan::sortRowsKernel(s));
            });
            program_->synchronize();
            checkErrorFlags(connectivityOf(s));
        }
    for (const auto& s : plan_.synapseGroups())
        if (s.colStart)
            buildColumns(s);
    forInstances(batch_, [&] {
        program_->runInit(ModelPlan::initNeuronsKernel());
        for (const auto& s : plan_.synapseGroups())
            program_->runInit(ModelPlan::initSynapsesKernel(s));
    });
    program_->synchronize();
    checkErrorFlags();
    uploadSpikeTimes();
    uploadRecordedColumns();
    uploadDynamicParams();
    initialized_ = true;
    measuredAtStep_ = step_;
    adaptationWindow_ = kFirstAdaptationSteps;
    spikeTotals_.assign(batch_ * plan_.neuronGroups().size(), 0);
    reportedSpikesPerStep_.clear();
    timings_.initSeconds = secondsSince(start);
    spdlog::info("network '{}' initialised in {:.3f} s", network_.name(), timings_.initSeconds);
}

// The column index of a plastic sparse projection: count the synapses onto each target, turn the
// counts into column starts here, then fill and sort the columns.
void Simulation::buildColumns(const SynapseGroupPlan& s)
{
    forInstances(connectivityInstances(), [&] { program_->runInit(ModelPlan::countColumnsKernel(s)); });
    program_->synchronize();
    for (std::uint32_t k = 0; k < connectivityInstances(); ++k) {
        std::vector<std::uint32_t> starts(counts_[*s.colStart]);
        buffers_[*s.colStart]->download(starts.data(), starts.size() * 4, offset(*s.colStart, k));
        for (std::size_t i = 1; i < starts.size(); ++i)
            starts[i] += starts[i - 1];
        if (starts.back() != count(*s.colSyn, k))
            throw Error("internal: the columns of synapse group '" + s.group->name() + "' hold " +
                        std::to_string(starts.back()) + " synapses, its rows " + std::to_string(count(*s.colSyn, k)));
        buffers_[*s.colStart]->upload(starts.data(), starts.size() * 4, offset(*s.colStart, k));
    }
    forInstances(connectivityInstances(), [&] {
        program_->runInit(ModelPlan::fillColumnsKernel(s));
        program_->runInit(ModelPlan::sortColumnsKernel(s));
    });
    program_->synchronize();
}

void Simulation::checkErrorFlags(const std::string& where)
{
    const InstanceBytes flags = downloadEveryInstance(plan_.errorFlags(), 8);
    if (split()) {
        // Every rank stops with the message of the first rank whose code failed.
        const std::vector<std::uint32_t> failed = gatherErrorFlags(reinterpret_cast<const std::uint32_t*>(flags.bytes));
        if (!failed.empty())
            throw Error("rank " + std::to_string(failed[0]) + " of " + std::to_string(communicator_->ranks()) + ": " +
                        errorFlagsMessage(failed.data() + 1, where));
        return;
    }
    for (std::uint32_t k = 0; k < batch_; ++k) {
        std::uint32_t words[2];
        std::memcpy(words, flags.of(k), 8);
        if (words[0] != 0)
            throw Error(instanceText(k) + errorFlagsMessage(words, where));
    }
}

std::string Simulation::errorFlagsMessage(const std::uint32_t* words, const std::string& where) const
{
    const std::uint32_t flags = words[0];
    if (flags & kErrorNonFinite)
        return nonFiniteMessage(words[1], where);
    std::string what;
    if (flags & kErrorRowTooLong)
        what += " a connectivity snippet added a synapse to a target outside the postsynaptic group"
                " (or more synapses than it counted);";
    if (flags & kErrorSourceOutsideGroup)
        what += " a column-building connectivity snippet added a synapse from a source outside the presynaptic group;";
    if (flags & kErrorRowAboveMaxRowLength)
        what += " a connectivity snippet built a row longer than its max row length, which must bound every row"
                " (16-bit segment starts rely on it);";
    if (flags & kErrorDendriticDelayTooLong)
        what += " addToPostDelay was called with more steps than the synapse group's maxDendriticDelaySteps;";
    if (flags & kErrorFixedPointOverflow)
        what += " in deterministic mode, addToPost got a value that is NaN, infinite or at least 2^23 = 8388608 in"
                " magnitude, or one step's input to one neuron left that range (the fixed-point range);";
    return "network '" + network_.name() + "'" + (where.empty() ? "" : ", " + where) + ": generated code reported:" + what;
}

std::string Simulation::nonFiniteMessage(std::uint32_t code, const std::string& where) const
{
    if (code == 0)
        return "network '" + network_.name() + "': a variable became NaN or infinite" + (where.empty() ? "" : " " + where);
    return plan_.finiteCheckSubject(code) + " became NaN or infinite" + (where.empty() ? "" : " " + where) +
           ": its update is unstable (a stiff equation at dt = " + milliseconds(plan_.dt()) +
           " ms, a division by zero, or values that grow without bound); the run stopped there";
}

void Simulation::run(std::uint64_t steps)
{
    if (!initialized_)
        throw Error("simulation of '" + network_.name() + "': call initialize() before run()");
    for (const auto& g : plan_.neuronGroups())
        if (recordsSomething(g) && std::uint64_t(windowRows_) + steps > plan_.recordingWindowSteps())
            throw Error("neuron group '" + g.group->name() + "' records, but the recording window holds " +
                        std::to_string(plan_.recordingWindowSteps()) + " steps and " + std::to_string(windowRows_) +
                        " are used: a run of " + std::to_string(steps) +
                        " steps does not fit. Call pullRecording() between runs or raise "
                        "SimulationOptions::recordingWindowSteps.");
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t firstStep = step_;
    // The backend may deliver spikes differently once it knows the activity: measured over the
    // first kFirstAdaptationSteps steps, then over windows that double up to kAdaptationSteps while
    // no group's activity moves, and start short again after it did (a network's start is often a
    // burst that settles within tens of ms), at the cost of reading one word per group.
    while (steps > 0) {
        const std::uint64_t window = adaptationWindow_;
        const std::uint64_t since = step_ - measuredAtStep_;
        if (since >= window) {
            adaptToActivity();
            continue;
        }
        const std::uint64_t chunk = std::min(steps, window - since);
        advance(chunk);
        steps -= chunk;
    }
    program_->synchronize();
    timings_.simulateSeconds += secondsSince(start);
    checkErrorFlags("in steps " + std::to_string(firstStep) + " to " + std::to_string(step_ - 1) + " (t = " +
                    milliseconds(double(firstStep) * plan_.dt()) + " to " + milliseconds(time()) + " ms)");
}

void Simulation::advance(std::uint64_t steps)
{
    // The instances of a batch in one launch, or one after another, each from the same step (the
    // backend moves its clock back for each).
    for (std::uint32_t k = 0; k < (together_ ? 1 : batch_); ++k) {
        bindInstance(k);
        program_->run({step_, windowRows_}, steps);
    }
    step_ += steps;
    windowRows_ += std::uint32_t(steps);
}

void Simulation::adaptToActivity()
{
    const std::size_t groups = plan_.neuronGroups().size();
    bool moved = reportedSpikesPerStep_.empty();
    reportedSpikesPerStep_.resize(groups, 0.0);
    for (std::size_t g = 0; g < groups; ++g) {
        // A batch's instances share the way spikes are delivered: their mean activity chooses it.
        double spikes = 0;
        const InstanceBytes totals = downloadEveryInstance(plan_.neuronGroups()[g].spikeTotal, 4);
        for (std::uint32_t k = 0; k < batch_; ++k) {
            std::uint32_t total = 0;
            std::memcpy(&total, totals.of(k), 4);
            spikes += double(std::uint32_t(total - spikeTotals_[k * groups + g]));
            spikeTotals_[k * groups + g] = total;
        }
        const double measured = spikes / batch_ / double(step_ - measuredAtStep_);
        if (moved || activityMoved(reportedSpikesPerStep_[g], measured)) {
            reportedSpikesPerStep_[g] = measured;
            moved = true;
        }
    }
    measuredAtStep_ = step_;
    adaptationWindow_ = moved ? kFirstAdaptationSteps : std::min(2 * adaptationWindow_, kAdaptationSteps);
    if (moved)
        program_->adapt(reportedSpikesPerStep_);
}

void Simulation::runFor(double milliseconds)
{
    if (!(milliseconds >= 0.0) || !std::isfinite(milliseconds))
        throw Error("simulation of '" + network_.name() + "': duration must be a non-negative number of ms");
    run(static_cast<std::uint64_t>(std::llround(milliseconds / plan_.dt())));
}

const PlannedVar& Simulation::findVar(const std::string& group, const std::string& var, std::size_t& count) const
{
    auto search = [&](const std::vector<PlannedVar>& vars) -> const PlannedVar* {
        for (const auto& v : vars)
            if (v.name == var)
                return &v;
        return nullptr;
    };
    std::vector<const std::vector<PlannedVar>*> candidates;
    for (const auto& g : plan_.neuronGroups())
        if (g.group->name() == group)
            candidates.push_back(&g.vars);
    for (const auto& c : plan_.currentSources())
        if (c.source->name() == group)
            candidates.push_back(&c.vars);
    for (const auto& s : plan_.synapseGroups())
        if (s.group->name() == group)
            for (const auto* vars : {&s.weightVars, &s.postsynapticVars, &s.preVars, &s.postVars})
                candidates.push_back(vars);
    if (candidates.empty())
        throw Error("network '" + network_.name() + "' has no group named " + printable(group));
    for (const auto* vars : candidates)
        if (const PlannedVar* v = search(*vars)) {
            count = counts_.empty() ? 0 : counts_[v->buffer]; // the instance's: see count()
            return *v;
        }
    throw Error("group '" + group + "' has no variable " + printable(var));
}

std::vector<double> Simulation::pullVar(const std::string& group, const std::string& var, std::uint32_t instance) const
{
    const VarBytes pulled = pullVarBytes(group, var, instance);
    std::vector<double> values(pulled.count);
    for (std::size_t i = 0; i < pulled.count; ++i)
        values[i] = elementToDouble(pulled.bytes.data() + i * elementBytes(pulled.type), pulled.type);
    return values;
}

void Simulation::pushVar(const std::string& group, const std::string& var, const std::vector<double>& values,
                         std::uint32_t instance)
{
    const Element e = varElement(group, var);
    std::vector<std::uint8_t> bytes(values.size() * elementBytes(e));
    for (std::size_t i = 0; i < values.size(); ++i)
        doubleToElement(values[i], bytes.data() + i * elementBytes(e), e);
    pushVarBytes(group, var, e, values.size(), bytes.data(), instance);
}

Element Simulation::varElement(const std::string& group, const std::string& var) const
{
    std::size_t count = 0;
    return plan_.buffers()[findVar(group, var, count).buffer].type;
}

Simulation::VarBytes Simulation::pullVarBytes(const std::string& group, const std::string& var,
                                              std::uint32_t instance) const
{
    if (!initialized_)
        throw Error("simulation of '" + network_.name() + "': call initialize() before pulling '" + var + "'");
    checkInstance(instance);
    std::size_t unused = 0;
    const PlannedVar& v = findVar(group, var, unused);
    if (split()) {
        std::vector<std::uint8_t> bytes = gatherVar(v, download(v.buffer, instance));
        const Element type = plan_.buffers()[v.buffer].type;
        return {type, bytes.size() / elementBytes(type), std::move(bytes)};
    }
    return {plan_.buffers()[v.buffer].type, count(v.buffer, instance), download(v.buffer, instance)};
}

void Simulation::pushVarBytes(const std::string& group, const std::string& var, Element type, std::size_t count,
                              const void* data, std::uint32_t instance)
{
    if (!initialized_)
        throw Error("simulation of '" + network_.name() + "': call initialize() before pushing '" + var + "'");
    checkInstance(instance);
    std::size_t unused = 0;
    const PlannedVar& v = findVar(group, var, unused);
    if (split() && plan_.buffers()[v.buffer].perSynapseOf)
        refuseSplit("pushing the per-synapse variable '" + var + "' of '" + group + "'");
    const std::size_t expected = this->count(v.buffer, instance);
    if (count != expected)
        throw Error("group '" + group + "', variable '" + var + "': " + std::to_string(count) + " values given, " +
                    std::to_string(expected) + " expected");
    if (type != plan_.buffers()[v.buffer].type)
        throw Error("group '" + group + "', variable '" + var + "': values of another element type given");
    if (count > 0)
        buffers_[v.buffer]->upload(data, count * elementBytes(type), offset(v.buffer, instance));
}

std::vector<std::uint32_t> Simulation::pullRowStarts(const std::string& synapseGroup, std::uint32_t instance) const
{
    checkInstance(instance);
    for (const auto& s : plan_.synapseGroups())
        if (s.group->name() == synapseGroup) {
            if (!s.rowStart)
                throw Error("synapse group '" + synapseGroup + "' has dense connectivity: no row starts");
            std::vector<std::uint32_t> rows(counts_.at(*s.rowStart));
            buffers_[*s.rowStart]->download(rows.data(), rows.size() * 4, offset(*s.rowStart, instance));
            return split() ? gatherRows(s, {std::move(rows), {}}, 0).starts : rows;
        }
    throw Error("network '" + network_.name() + "' has no synapse group " + printable(synapseGroup));
}

std::vector<std::uint32_t> Simulation::downloadIndices(std::size_t buffer, std::uint32_t instance) const
{
    const auto bytes = download(buffer, instance);
    const Element e = plan_.buffers()[buffer].type;
    std::vector<std::uint32_t> indices(count(buffer, instance));
    for (std::size_t i = 0; i < indices.size(); ++i)
        indices[i] = static_cast<std::uint32_t>(elementToDouble(bytes.data() + i * elementBytes(e), e));
    return indices;
}

std::vector<std::uint32_t> Simulation::pullPostIndices(const std::string& synapseGroup, std::uint32_t instance) const
{
    checkInstance(instance);
    for (const auto& s : plan_.synapseGroups())
        if (s.group->name() == synapseGroup) {
            if (!s.postIndex)
                throw Error("synapse group '" + synapseGroup + "' has dense connectivity: no index array");
            std::vector<std::uint32_t> rows(counts_.at(*s.rowStart));
            buffers_[*s.rowStart]->download(rows.data(), rows.size() * 4, offset(*s.rowStart, instance));
            std::vector<std::uint32_t> targets = downloadIndices(*s.postIndex, instance);
            if (s.segmentStart) {
                // Segmented rows (ConnectivityLayout): segment k of row i holds targets k * 65,536 + index.
                const std::vector<std::uint32_t> starts = downloadIndices(*s.segmentStart, instance);
                const std::size_t boundaries = s.layout.segments - 1;
                for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
                    std::uint32_t segment = 0;
                    for (std::uint32_t syn = rows[i]; syn < rows[i + 1]; ++syn) {
                        while (segment < boundaries && syn - rows[i] >= starts[i * boundaries + segment])
                            ++segment;
                        targets[syn] += segment * kSegmentTargets;
                    }
                }
            }
            if (!split())
                return targets;
            std::vector<std::uint8_t> bytes(targets.size() * 4);
            std::memcpy(bytes.data(), targets.data(), bytes.size());
            bytes = gatherRows(s, {std::move(rows), std::move(bytes)}, 4).values;
            targets.resize(bytes.size() / 4);
            std::memcpy(targets.data(), bytes.data(), bytes.size());
            return targets;
        }
    throw Error("network '" + network_.name() + "' has no synapse group " + printable(synapseGroup));
}

std::uint64_t Simulation::recordingStepsLeft() const
{
    for (const auto& g : plan_.neuronGroups())
        if (recordsSomething(g))
            return plan_.recordingWindowSteps() - windowRows_;
    return std::numeric_limits<std::uint64_t>::max();
}

void Simulation::pullRecording()
{
    if (!initialized_ || windowRows_ == 0)
        return;
    for (std::size_t g = 0; g < plan_.neuronGroups().size(); ++g) {
        const NeuronGroupPlan& group = plan_.neuronGroups()[g];
        for (std::uint32_t instance = 0; instance < batch_; ++instance)
            for (std::size_t k = 0; k < group.recordedVars.size(); ++k)
                pullRecordedVar(group, group.recordedVars[k], recordedVars_[instance][g][k], instance);
        if (!group.recording)
            continue;
        const std::size_t words = std::size_t(windowRows_) * group.recordWords;
        InstanceBytes window = downloadEveryInstance(*group.recording, words * 4);
        if (split()) { // each rank recorded its own neurons' bits
            staging_.resize(words * 4);
            communicator_->allOr(staging_);
            window = {staging_.data(), 0};
        }
        parallelFor(batch_, [&](std::size_t instance) {
            appendRecordedSpikes(window.of(std::uint32_t(instance)), windowRows_, group.recordWords, windowStartStep_,
                                 plan_.dt(), recorded_[instance][g]);
        });
        // The rows used (the window can be large): at once where every instance's part is full.
        const std::size_t slot = slotBytes_[*group.recording];
        if (batch_ > 1 && 2 * words * 4 >= slot)
            buffers_[*group.recording]->fill(0, slot * (batch_ - 1) + words * 4, 0);
        else
            for (std::uint32_t instance = 0; instance < batch_; ++instance)
                buffers_[*group.recording]->fill(0, words * 4, offset(*group.recording, instance));
    }
    windowStartStep_ = step_;
    windowRows_ = 0;
}

void Simulation::uploadRecordedColumns()
{
    for (std::size_t g = 0; g < plan_.neuronGroups().size(); ++g) {
        const NeuronGroupPlan& group = plan_.neuronGroups()[g];
        for (std::size_t k = 0; k < group.recordedVars.size(); ++k) {
            const std::vector<std::uint32_t>& neurons = group.group->varRecordings()[k].neurons;
            for (auto& instance : recordedVars_) {
                RecordedVar& into = instance[g][k];
                into.neurons = group.recordedVars[k].columns;
                into.ids = neurons;
                if (neurons.empty())
                    for (std::uint32_t i = 0; i < group.group->size(); ++i)
                        into.ids.push_back(i);
            }
            if (!group.recordedVars[k].columnOf)
                continue;
            std::vector<std::uint32_t> columnOf(group.group->size(), RecordedVarPlan::kNotRecorded);
            for (std::uint32_t c = 0; c < neurons.size(); ++c)
                columnOf[neurons[c]] = c;
            uploadToEveryInstance(*group.recordedVars[k].columnOf, columnOf.data(), columnOf.size() * 4);
        }
    }
}

void Simulation::pullRecordedVar(const NeuronGroupPlan& group, const RecordedVarPlan& r, RecordedVar& into,
                                 std::uint32_t instance)
{
    const std::uint32_t neurons = r.columns;
    // The window's sampled steps: the multiples of everySteps in [windowStartStep_, step_).
    const std::uint64_t every = r.everySteps;
    const std::uint64_t first = (windowStartStep_ + every - 1) / every * every;
    if (first >= step_)
        return;
    const std::size_t rows = (step_ - 1 - first) / every + 1;
    const Element type = plan_.buffers()[r.buffer].type;
    const std::size_t bytes = rows * neurons * elementBytes(type);
    std::vector<std::uint8_t> raw(bytes);
    buffers_[r.buffer]->download(raw.data(), bytes, offset(r.buffer, instance));
    if (split())
        gatherOwnedColumns(raw, elementBytes(type),
                           [&](std::size_t c) { return plan_.block(*group.group).contains(into.ids[c]); }, neurons);
    for (std::size_t row = 0; row < rows; ++row)
        into.times.push_back(double(first + row * every + 1) * plan_.dt()); // the value at the end of the step
    into.values.reserve(into.values.size() + rows * neurons);
    for (std::size_t i = 0; i < rows * neurons; ++i)
        into.values.push_back(elementToDouble(raw.data() + i * elementBytes(type), type));
}

const RecordedVar& Simulation::varRecording(const std::string& neuronGroup, const std::string& var,
                                            std::uint32_t instance)
{
    checkInstance(instance);
    for (std::size_t g = 0; g < plan_.neuronGroups().size(); ++g) {
        const NeuronGroupPlan& group = plan_.neuronGroups()[g];
        if (group.group->name() != neuronGroup)
            continue;
        for (std::size_t k = 0; k < group.recordedVars.size(); ++k)
            if (group.recordedVars[k].var == var) {
                pullRecording();
                return recordedVars_[instance][g][k];
            }
        throw Error("neuron group '" + neuronGroup + "' does not record " + printable(var) +
                    ": call setVarRecording(\"" + var + "\") before building the simulation");
    }
    throw Error("network '" + network_.name() + "' has no neuron group " + printable(neuronGroup));
}

std::size_t Simulation::recordingGroup(const std::string& neuronGroup) const
{
    for (std::size_t g = 0; g < plan_.neuronGroups().size(); ++g)
        if (plan_.neuronGroups()[g].group->name() == neuronGroup) {
            if (!plan_.neuronGroups()[g].recording)
                throw Error("neuron group '" + neuronGroup +
                            "' does not record spikes: call setSpikeRecording(true) before building the simulation");
            return g;
        }
    throw Error("network '" + network_.name() + "' has no neuron group " + printable(neuronGroup));
}

const SpikeTrains& Simulation::spikes(const std::string& neuronGroup, std::uint32_t instance)
{
    checkInstance(instance);
    const std::size_t g = recordingGroup(neuronGroup);
    pullRecording();
    return recorded_[instance][g];
}

SpikeTrains Simulation::takeSpikes(const std::string& neuronGroup, std::uint32_t instance)
{
    checkInstance(instance);
    const std::size_t g = recordingGroup(neuronGroup);
    pullRecording();
    return std::exchange(recorded_[instance][g], SpikeTrains{});
}

} // namespace spikegen
