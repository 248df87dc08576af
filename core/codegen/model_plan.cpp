#include "core/codegen/model_plan.h"

#include "core/codegen/emitters.h"
#include "core/codegen/plan_vars.h"
#include "core/codegen/scopes.h"
#include "core/error.h"
#include "core/rng/philox.h"

#include <algorithm>
#include <bit>

namespace spikegen {
namespace {

using lang::Scope;
using lang::Type;
using lang::Variable;

// Variables of a model read and written through locals named `localPrefix + name`.
void addLocalVars(Scope& scope, const ModelBase& model, Type scalar, const std::string& localPrefix,
                  bool writable)
{
    for (const auto& v : model.vars)
        scope.add(Variable{v.name, varType(v, scalar), writable, localPrefix + v.name});
}

lang::Code integrateEquations(const NeuronModel& model, const ParamValues& params, double dt, const Scope& scope,
                              const lang::Options& options)
{
    return integrateEquations(model, model.equations, model.integrationMethod, params, dt, scope, options);
}

} // namespace

std::size_t elementBytes(Element element)
{
    switch (element) {
    case Element::Uint8: return 1;
    case Element::Uint16: return 2;
    case Element::Uint32:
    case Element::Int32:
    case Element::Float: return 4;
    case Element::Uint64:
    case Element::Double: return 8;
    }
    return 0;
}

Element elementOf(lang::Type type)
{
    switch (type) {
    case Type::Bool: return Element::Uint8;
    case Type::Int: return Element::Int32;
    case Type::Unsigned: return Element::Uint32;
    case Type::Float: return Element::Float;
    case Type::Double: return Element::Double;
    }
    return Element::Uint32;
}

FiniteChecks ModelPlan::planFiniteChecks(const std::vector<PlannedVar>& vars,
                                         std::initializer_list<const lang::Code*> codes, const std::string& owner,
                                         const std::string& model)
{
    FiniteChecks checks;
    for (const PlannedVar& v : vars) {
        if (v.type != Type::Float && v.type != Type::Double)
            continue;
        if (std::none_of(codes.begin(), codes.end(), [&](const lang::Code* c) { return c->assignedNames().count(v.name); }))
            continue;
        finiteSubjects_.push_back(owner + ", variable '" + v.name + "' of " + model);
        checks.emplace_back(v.name, std::uint32_t(finiteSubjects_.size()));
    }
    return checks;
}

std::size_t ModelPlan::addBuffer(std::string name, std::string about, Element type, std::size_t count)
{
    buffers_.push_back({std::move(name), std::move(about), type, count, std::nullopt});
    return buffers_.size() - 1;
}

std::size_t ModelPlan::addSynapseBuffer(std::string name, std::string about, Element type, std::size_t group)
{
    buffers_.push_back({std::move(name), std::move(about), type, 0, group});
    return buffers_.size() - 1;
}

ModelPlan::ModelPlan(const Network& network, std::uint32_t recordingWindowSteps, std::uint32_t batchSize,
                     bool connectivityPerInstance, Partition partition)
    : network_(network),
      scalar_(network.options().precision == Precision::Double ? Type::Double : Type::Float),
      recordingWindow_(recordingWindowSteps), batchSize_(batchSize), connectivityPerInstance_(connectivityPerInstance),
      partition_(partition)
{
    if (batchSize == 0)
        throw Error("network '" + network.name() + "': a batch needs at least one instance");
    const double dt = network.options().dt;
    const lang::Options langOptions = this->langOptions();
    errorFlags_ = addBuffer("sg_error_flags", "error flags", Element::Uint32, 2);

    // Neuron groups: state, spike ring buffer, recording.
    for (std::size_t g = 0; g < network.neuronGroups().size(); ++g) {
        const NeuronGroup& group = *network.neuronGroups()[g];
        const auto& model = group.model().model;
        NeuronGroupPlan p{};
        p.group = &group;
        p.prefix = "n" + std::to_string(g);
        const std::string about = "neuron group '" + group.name() + "'";
        p.vars = planVars(*this, model.vars, group.model().varInits, p.prefix, about, group.name(), false, dt,
                          [&](std::string name, std::string what, Type type) {
                              return addBuffer(std::move(name), std::move(what), elementOf(type), group.size());
                          });
        // Two slots more than the delays need: in CUDA's step-loop kernel a block may write the next
        // step's spikes while another still reads the oldest slot, and the slot after next is
        // emptied a step ahead (backends/simt, writePersistentKernel). A power of two, because the
        // 64-bit `step % slots` of every kernel costs CUDA ~5 us a step at COBA 32,000 otherwise
        // (benchmarks/NOTES.md, Version 6).
        p.slots = std::bit_ceil(group.spikeQueueSlots() + 2);
        p.spikeCount = addBuffer(p.prefix + "_spike_count", about + ", spike counts", Element::Uint32, p.slots);
        p.spikeTotal = addBuffer(p.prefix + "_spike_total", about + ", spikes so far", Element::Uint32, 1);
        p.spikes = addBuffer(p.prefix + "_spikes", about + ", spikes", Element::Uint32,
                             std::size_t(p.slots) * group.size());
        p.recordWords = (group.size() + 31) / 32;
        if (group.spikeRecording() && recordingWindowSteps > 0)
            p.recording = addBuffer(p.prefix + "_recorded_spikes", about + ", spike recording", Element::Uint32,
                                    std::size_t(recordingWindowSteps) * p.recordWords);
        for (const VarRecording& r : group.varRecordings()) {
            if (recordingWindowSteps == 0)
                break;
            const auto v = std::find_if(p.vars.begin(), p.vars.end(), [&](const PlannedVar& pv) { return pv.name == r.var; });
            const std::uint32_t rows = (recordingWindowSteps + r.everySteps - 1) / r.everySteps;
            const std::uint32_t columns = r.neurons.empty() ? group.size() : std::uint32_t(r.neurons.size());
            const std::string what = about + ", recording of '" + r.var + "'";
            RecordedVarPlan recorded{r.var, r.everySteps,
                                     addBuffer(p.prefix + "_recorded_" + r.var, what, elementOf(v->type),
                                               std::size_t(rows) * columns),
                                     rows, columns, std::nullopt};
            if (!r.neurons.empty())
                recorded.columnOf = addBuffer(p.prefix + "_recorded_" + r.var + "_column", what + ", columns",
                                              Element::Uint32, group.size());
            p.recordedVars.push_back(recorded);
        }
        p.simKey = streamKey(group.name(), rng::Purpose::Simulation);

        Scope scope;
        addModelParams(scope, model, group.model().params, group.name(), "", about);
        addTime(scope, scalar_, dt);
        scope.add(Variable{"id", Type::Unsigned, false, "id"});
        for (const std::string& input : neuronInputs(group))
            scope.add(Variable{input, scalar_, true, input});
        addRandomFunctions(scope, scalar_);
        addLocalVars(scope, model, scalar_, "l_", true);
        // spikeDue(i): the group's given spike time i falls in this step or an earlier one.
        const std::string spikeStepsName = p.prefix + "_spike_steps";
        scope.add(lang::Function{"spikeDue", {Type::Unsigned}, Type::Bool, [spikeStepsName](const std::vector<std::string>& a) {
                                     return "(" + spikeStepsName + "[" + a[0] + "] <= step)";
                                 }});
        checkCompartmentCode(group.declaredModel(), group.model().params, dt, scope, langOptions);
        p.integration = integrateEquations(model, group.model().params, dt, scope, langOptions);
        p.sim = lang::compileStatements(model.simCode, scope, {model.name, "sim code"}, langOptions);
        p.finiteChecks = planFiniteChecks(p.vars, {&p.sim, &p.integration}, about, "model '" + model.name + "'");
        if (!model.thresholdCode.empty())
            p.threshold = lang::compileExpression(model.thresholdCode, scope, {model.name, "threshold condition"},
                                                  Type::Bool, langOptions);
        p.reset = lang::compileStatements(model.resetCode, scope, {model.name, "reset code"}, langOptions);
        p.simUsesRng = usesRandom(p.sim) || (!p.threshold.empty() && usesRandom(p.threshold)) || usesRandom(p.reset);
        const bool readsSpikeTimes = p.sim.references("spikeDue") || p.reset.references("spikeDue") ||
                                     (!p.threshold.empty() && p.threshold.references("spikeDue"));
        if (readsSpikeTimes) {
            const std::size_t count = group.spikeTimes() ? group.spikeTimes()->times.size() : 0;
            p.spikeSteps = addBuffer(spikeStepsName, about + ", given spike times (steps)", Element::Uint32,
                                     std::max<std::size_t>(count, 1));
        } else if (group.spikeTimes()) {
            throw Error(about + " has spike times, but its model '" + model.name +
                        "' does not read them (spikeDue); use models::SpikeSourceArray");
        }
        neuronGroups_.push_back(std::move(p));
    }
    auto groupIndex = [&](const NeuronGroup& group) {
        for (std::size_t g = 0; g < neuronGroups_.size(); ++g)
            if (neuronGroups_[g].group == &group)
                return g;
        throw Error("internal: neuron group '" + group.name() + "' is not in the plan");
    };

    for (std::size_t c = 0; c < network.currentSources().size(); ++c) {
        const CurrentSource& source = *network.currentSources()[c];
        const auto& model = source.model().model;
        CurrentSourcePlan p{};
        p.source = &source;
        p.prefix = "c" + std::to_string(c);
        p.target = groupIndex(source.target());
        const std::string about = "current source '" + source.name() + "'";
        const std::uint32_t size = source.target().size();
        p.vars = planVars(*this, model.vars, source.model().varInits, p.prefix, about, source.name(), false, dt,
                          [&](std::string name, std::string what, Type type) {
                              return addBuffer(std::move(name), std::move(what), elementOf(type), size);
                          });
        p.simKey = streamKey(source.name(), rng::Purpose::Simulation);
        Scope scope;
        addModelParams(scope, model, source.model().params, source.name(), "", about);
        addTime(scope, scalar_, dt);
        scope.add(Variable{"id", Type::Unsigned, false, "id"});
        addRandomFunctions(scope, scalar_);
        addLocalVars(scope, model, scalar_, "lc_", true);
        const std::string input = inputVariable(source.targetCompartment());
        scope.add(lang::Function{"injectCurrent", {scalar_}, std::nullopt,
                                 [input](const std::vector<std::string>& a) { return input + " += " + a[0]; }});
        p.integration = integrateEquations(model, model.equations, model.integrationMethod, source.model().params, dt,
                                           scope, langOptions);
        p.injection = lang::compileStatements(model.injectionCode, scope, {model.name, "injection code"}, langOptions);
        p.usesRng = usesRandom(p.injection) || usesRandom(p.integration);
        p.finiteChecks = planFiniteChecks(p.vars, {&p.integration, &p.injection}, about, "model '" + model.name + "'");
        neuronGroups_[p.target].currentSources.push_back(c);
        currentSources_.push_back(std::move(p));
    }

    for (const auto& group : network.synapseGroups())
        deliverable_.push_back(deliverableAtEmission(*group, chooseLayout(*group), scalar_));
    for (std::size_t s = 0; s < network.synapseGroups().size(); ++s) {
        const SynapseGroup& group = *network.synapseGroups()[s];
        SynapseGroupPlan p{};
        p.group = &group;
        p.prefix = "s" + std::to_string(s);
        p.source = groupIndex(group.source());
        p.target = groupIndex(group.target());
        p.layout = chooseLayout(group);
        const std::string about = "synapse group '" + group.name() + "'";
        const std::uint32_t numPre = group.source().size(), numPost = group.target().size();
        const auto& wu = group.weightUpdate();
        const auto& conn = group.connectivity();
        p.connectivityKey = streamKey(group.name(), rng::Purpose::ConnectivityInit);

        const bool dense = p.layout.format == ConnectivityFormat::Dense;
        if (!dense) {
            p.rowStart = addBuffer(p.prefix + "_row_start", about + ", row starts", Element::Uint32, numPre + 1);
            p.postIndex = addSynapseBuffer(p.prefix + "_post_index", about + ", postsynaptic indices",
                                           p.layout.indexBits == 16 ? Element::Uint16 : Element::Uint32, s);
            if (p.layout.segments > 1)
                p.segmentStart = addBuffer(p.prefix + "_segment_start", about + ", row segment starts",
                                           p.layout.segmentStartBits == 16 ? Element::Uint16 : Element::Uint32,
                                           std::size_t(numPre) * (p.layout.segments - 1));
            if (!conn.snippet.colBuildCode.empty())
                p.rowCursor = addBuffer(p.prefix + "_row_cursor", about + ", row fill cursors", Element::Uint32,
                                        std::size_t(numPre) * p.layout.segments);
        }
        // Per-synapse variables: sized now when dense, after counting when sparse.
        p.weightVars = planVars(*this, wu.model.vars, wu.varInits, p.prefix, about + ", weight update", group.name(),
                                true, dt, [&](std::string name, std::string what, Type type) {
                                    return dense ? addBuffer(std::move(name), std::move(what), elementOf(type),
                                                             std::size_t(numPre) * numPost)
                                                 : addSynapseBuffer(std::move(name), std::move(what), elementOf(type), s);
                                });
        planPostsynapticInput(p, s);
        // Weight-update code (presynaptic spikes, and learning code where the model has it).
        planPlasticity(p, s);
        markSharedVars(p);
        // Connectivity.
        if (!dense) {
            Scope scope;
            addParams(scope, conn.snippet, conn.params, dt, scalar_);
            addRandomFunctions(scope, scalar_, true);
            scope.add(Variable{"num_pre", Type::Unsigned, false, std::to_string(numPre) + "u"});
            scope.add(Variable{"num_post", Type::Unsigned, false, std::to_string(numPost) + "u"});
            if (!conn.snippet.rowLengthCode.empty()) {
                Scope lengthScope(&scope);
                lengthScope.add(lang::Function{"setRowLength", {Type::Unsigned, Type::Unsigned}, std::nullopt,
                                               [](const std::vector<std::string>& a) {
                                                   return "SG_SET_ROW_LENGTH(" + a[0] + ", " + a[1] + ")";
                                               }});
                p.rowLength = lang::compileStatements(conn.snippet.rowLengthCode, lengthScope,
                                                      {conn.snippet.name, "row length code"}, langOptions);
                scope.add(Variable{"row_length", Type::Unsigned, false, "row_length"});
            }
            scope.add(lang::Function{"addSynapse", {Type::Unsigned}, std::nullopt,
                                     [](const std::vector<std::string>& a) { return "SG_ADD_SYNAPSE(" + a[0] + ")"; }});
            if (conn.snippet.colBuildCode.empty()) {
                scope.add(Variable{"id_pre", Type::Unsigned, false, "id_pre"});
                p.rowBuild = lang::compileStatements(conn.snippet.rowBuildCode, scope,
                                                     {conn.snippet.name, "row build code"}, langOptions);
            } else {
                scope.add(Variable{"id_post", Type::Unsigned, false, "id_post"});
                p.colBuild = lang::compileStatements(conn.snippet.colBuildCode, scope,
                                                     {conn.snippet.name, "column build code"}, langOptions);
            }
        }
        neuronGroups_[p.target].incoming.push_back(s);
        neuronGroups_[p.source].outgoing.push_back(s);
        synapseGroups_.push_back(std::move(p));
    }
    if (dynamicParamCount_ > 0)
        dynamicParamBuffer_ = addBuffer(kDynamicParamBuffer, "dynamic parameters", elementOf(scalar_), dynamicParamCount_);
    if (keysInMemory() && !streamKeyWords_.empty())
        streamKeyBuffer_ = addBuffer(kStreamKeyBuffer, "random stream keys", Element::Uint32, streamKeyWords_.size());
    for (const auto& p : synapseGroups_)
        for (const auto& b : {p.rowStart, p.postIndex, p.segmentStart, p.rowCursor, p.colStart, p.colCursor, p.colSyn,
                              p.colPre})
            if (b)
                buffers_[*b].connectivity = true;
    if (partition_.split()) {
        checkPartition();
        planSplitSynapseIndices();
    }
}

std::optional<std::size_t> ModelPlan::instanceStride(std::size_t buffer) const
{
    const PlannedBuffer& b = buffers_[buffer];
    if (b.perSynapseOf)
        return std::nullopt;
    const std::size_t element = elementBytes(b.type);
    const std::size_t bytes = std::max<std::size_t>(b.count, 1) * element;
    return (bytes + kInstanceAlignment - 1) / kInstanceAlignment * kInstanceAlignment / element;
}

void ModelPlan::markSharedVars(SynapseGroupPlan& p)
{
    const std::string& group = p.group->name();
    for (const std::string& name : network_.sharedVars(group)) {
        const auto var = std::find_if(p.weightVars.begin(), p.weightVars.end(),
                                      [&](const PlannedVar& v) { return v.name == name; });
        if (var == p.weightVars.end())
            continue; // Network::setVarShared checked the name
        const std::pair<const char*, const lang::Code*> codes[] = {
            {"sim code", &p.weightSim},         {"learn-post code", &p.learnPost},
            {"synapse dynamics", &p.synapseDynamics}, {"pre-spike code", &p.preSpike},
            {"post-spike code", &p.postSpike}};
        for (const auto& [what, code] : codes)
            if (code->assignedNames().count(name))
                throw Error("synapse group '" + group + "': variable '" + name + "' is assigned by its " + what +
                            ", so the instances of a batch cannot share it (Network::setVarShared)");
        if (var->initUsesRng || var->initUsesSharedRng)
            throw Error("synapse group '" + group + "': variable '" + name + "' starts from random numbers, which "
                        "differ between the instances of a batch (each its seed), so they cannot share it "
                        "(Network::setVarShared); give it an initialiser without random numbers");
        buffers_[var->buffer].sharedInBatch = true;
    }
}

bool ModelPlan::keysInMemory() const { return network_.options().dynamicSeed || batchSize_ > 1; }

std::array<std::uint32_t, 2> ModelPlan::streamKey(const std::string& stream, rng::Purpose purpose)
{
    const NetworkOptions& o = network_.options();
    const auto key = rng::streamKey(purpose == rng::Purpose::ConnectivityInit ? o.connectivitySeed.value_or(o.seed)
                                                                               : o.seed,
                                    stream, purpose);
    for (std::size_t w = 0; w + 1 < streamKeyWords_.size(); w += 2)
        if (streamKeyWords_[w] == key[0] && streamKeyWords_[w + 1] == key[1])
            return key; // the variables of one group share their stream
    streamKeyWords_.insert(streamKeyWords_.end(), key.begin(), key.end());
    keyStreams_.emplace_back(stream, purpose);
    return key;
}

std::vector<std::uint32_t> ModelPlan::streamKeyWords(std::uint64_t seed, std::uint64_t connectivitySeed) const
{
    std::vector<std::uint32_t> words;
    for (const auto& [stream, purpose] : keyStreams_) {
        const auto key = rng::streamKey(purpose == rng::Purpose::ConnectivityInit ? connectivitySeed : seed, stream, purpose);
        words.insert(words.end(), key.begin(), key.end());
    }
    return words;
}

std::string ModelPlan::keyArguments(const std::array<std::uint32_t, 2>& key) const
{
    if (keysInMemory())
        for (std::size_t w = 0; w + 1 < streamKeyWords_.size(); w += 2)
            if (streamKeyWords_[w] == key[0] && streamKeyWords_[w + 1] == key[1])
                return std::string(kStreamKeyBuffer) + "[" + std::to_string(w) + "u], " + kStreamKeyBuffer + "[" +
                       std::to_string(w + 1) + "u]";
    return hex(key[0]) + ", " + hex(key[1]);
}

void ModelPlan::addModelParams(Scope& scope, const ModelBase& model, const ParamValues& values, const std::string& group,
                               const std::string& part, const std::string& where)
{
    // Network::setParamDynamic refused connectivity parameters and those of equation models.
    const std::set<std::string>& dynamic = network_.dynamicParams(group, part);
    if (dynamic.empty()) {
        addParams(scope, model, values, dt(), scalar_);
        return;
    }
    // Learning code compiles its scope more than once: one entry per model instance.
    auto entry = std::find_if(dynamicParams_.begin(), dynamicParams_.end(),
                              [&](const DynamicParamsPlan& d) { return d.group == group && d.part == part; });
    if (entry == dynamicParams_.end()) {
        DynamicParamsPlan d{group, part, where, &model, values, {}};
        for (const auto& p : model.params)
            if (dynamic.count(p))
                d.slots[p] = dynamicParamCount_++;
        for (const auto& derived : model.derivedParams) // they may depend on dynamic ones
            d.slots[derived.name] = dynamicParamCount_++;
        dynamicParams_.push_back(std::move(d));
        entry = dynamicParams_.end() - 1;
    }
    auto read = [](std::size_t slot) { return std::string(kDynamicParamBuffer) + "[" + std::to_string(slot) + "u]"; };
    for (const auto& p : model.params) {
        const auto slot = entry->slots.find(p);
        scope.add(Variable{p, scalar_, false, slot != entry->slots.end() ? read(slot->second) : literal(values.at(p), scalar_)});
    }
    for (const auto& derived : model.derivedParams)
        scope.add(Variable{derived.name, scalar_, false, read(entry->slots.at(derived.name))});
}

std::vector<double> ModelPlan::dynamicParamElements(const std::vector<ParamValues>& values) const
{
    std::vector<double> elements(dynamicParamCount_, 0.0);
    for (std::size_t k = 0; k < dynamicParams_.size(); ++k) {
        const DynamicParamsPlan& d = dynamicParams_[k];
        for (const auto& p : d.model->params)
            if (const auto slot = d.slots.find(p); slot != d.slots.end())
                elements[slot->second] = values.at(k).at(p);
        for (const auto& derived : d.model->derivedParams)
            elements[d.slots.at(derived.name)] = derived.compute(values.at(k), dt());
    }
    return elements;
}

} // namespace spikegen
