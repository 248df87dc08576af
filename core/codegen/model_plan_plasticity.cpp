// The weight-update code of a projection in its scopes: presynaptic-spike (sim), learn-post and
// synapse-dynamics code see one synapse; pre and post spike and dynamics code see one neuron and
// its trace variables. Spike-time arrays and the column index are planned only when code needs
// them (docs/user_guide.md, "Plasticity").
#include "core/codegen/model_plan.h"

#include "core/codegen/plan_vars.h"
#include "core/codegen/scopes.h"
#include "core/error.h"

#include <algorithm>
#include <limits>

namespace spikegen {
namespace {

using lang::Scope;
using lang::Type;
using lang::Variable;

const char* const kPreVarHint = "presynaptic variables are written only by pre spike and pre dynamics code";
const char* const kPostVarHint = "postsynaptic variables are written only by post spike and post dynamics code";
const char* const kNeuronVarHint = "a neuron's variables are written only by its neuron model";
const char* const kSpikeTimeHint = "spike times are kept by spikegen";

// Where neuron-side learning code runs: inside the neuron update (neuron variables are its locals
// l_*) or in a phase of its own (they are read from their buffers).
enum class Site { NeuronUpdate, OwnPhase };

struct SpikeTimeNames {
    std::string last, previous; // buffer names
};

// "sg_" names are reserved for generated code (core/model/safe_names.h): no user variable clashes.
SpikeTimeNames spikeTimeBuffers(const std::string& prefix) { return {prefix + "_sg_st", prefix + "_sg_prev_st"}; }

void addSpikeTimes(Scope& scope, Type scalar, const std::string& side, const SpikeTimeNames& names,
                   const std::string& index)
{
    scope.add(Variable{"st_" + side, scalar, false, names.last + "[" + index + "]", kSpikeTimeHint});
    scope.add(Variable{"prev_st_" + side, scalar, false, names.previous + "[" + index + "]", kSpikeTimeHint});
}

// `vars` as `name + suffix`, each read from its buffer at `index` (or the neuron update's local).
void addVars(Scope& scope, const ModelPlan& plan, const std::vector<PlannedVar>& vars, const std::string& suffix,
             const std::string& index, bool writable, const char* hint, Site site = Site::OwnPhase)
{
    for (const auto& v : vars)
        scope.add(Variable{v.name + suffix, v.type, writable,
                           site == Site::NeuronUpdate ? "l_" + v.name : plan.buffers()[v.buffer].name + "[" + index + "]",
                           writable ? "" : hint});
}

bool referencesAny(const lang::Code& code, const std::vector<std::string>& names)
{
    for (const auto& n : names)
        if (code.references(n))
            return true;
    return false;
}

} // namespace

double neverSpiked(lang::Type scalar)
{
    return scalar == lang::Type::Double ? -std::numeric_limits<double>::max()
                                        : -double(std::numeric_limits<float>::max());
}

std::vector<PlannedVar> ModelPlan::planSpikeTimes(const std::string& prefix, const std::string& about,
                                                  const std::string& side, std::uint32_t size)
{
    // As variables with a constant initial value, so that initialisation needs no second path.
    const double never = neverSpiked(scalar_);
    const SpikeTimeNames names = spikeTimeBuffers(prefix);
    std::vector<PlannedVar> vars = planVars(
        *this, {{"sg_st", "scalar", never}, {"sg_prev_st", "scalar", never}}, {}, prefix, about, "spike times", false, dt(),
        [&](std::string name, std::string, Type type) {
            return addBuffer(std::move(name), about + ", " + side + " spike times", elementOf(type), size);
        });
    if (buffers_[vars[0].buffer].name != names.last || buffers_[vars[1].buffer].name != names.previous)
        throw Error("internal: spike-time buffers of " + about + " are misnamed");
    return vars;
}

void ModelPlan::planPlasticity(SynapseGroupPlan& p, std::size_t index)
{
    const SynapseGroup& group = *p.group;
    const auto& wu = group.weightUpdate();
    const WeightUpdateModel& model = wu.model;
    const std::string about = "synapse group '" + group.name() + "'";
    const std::uint32_t numPre = group.source().size(), numPost = group.target().size();
    const double dt = network_.options().dt;
    const lang::Options options = langOptions();
    NeuronGroupPlan& pre = neuronGroups_[p.source];
    NeuronGroupPlan& post = neuronGroups_[p.target];

    p.preVars = planVars(*this, model.preVars, wu.varInits, p.prefix + "_pre", about + ", presynaptic", group.name() + "/pre",
                         false, dt, [&](std::string name, std::string what, Type type) {
                             return addBuffer(std::move(name), std::move(what), elementOf(type), numPre);
                         });
    p.postVars = planVars(*this, model.postVars, wu.varInits, p.prefix + "_post", about + ", postsynaptic",
                          group.name() + "/post", false, dt, [&](std::string name, std::string what, Type type) {
                              return addBuffer(std::move(name), std::move(what), elementOf(type), numPost);
                          });
    // The buffers of spike times are named now and planned below if code reads them.
    // With a back-propagation delay the rule's st_post is when spikes reach it: the projection's own.
    const SpikeTimeNames preTimes = spikeTimeBuffers(p.prefix + "_pre"),
                         postTimes = spikeTimeBuffers(p.postSpikeAtEmission() ? post.prefix : p.prefix + "_post");

    // One synapse: sim, learn-post and synapse-dynamics code.
    auto synapseScope = [&](Scope& scope, bool addsToPost, bool loadedVars = false) {
        addModelParams(scope, model, wu.params, group.name(), "weight_update.", about + ", weight update");
        addTime(scope, scalar_, dt);
        scope.add(Variable{"id_pre", Type::Unsigned, false, "id_pre"});
        scope.add(Variable{"id_post", Type::Unsigned, false, "id_post"});
        for (std::size_t k = 0; k < p.weightVars.size(); ++k) {
            const PlannedVar& v = p.weightVars[k];
            const bool loaded = loadedVars && std::count(p.weightSimLoads.begin(), p.weightSimLoads.end(), k);
            scope.add(loaded ? Variable{v.name, v.type, false, "sg_w_" + v.name}
                             : Variable{v.name, v.type, true, buffers_[v.buffer].name + "[syn]"});
        }
        addVars(scope, *this, pre.vars, "_pre", "id_pre", false, kNeuronVarHint);
        addVars(scope, *this, post.vars, "_post", "id_post", false, kNeuronVarHint);
        addVars(scope, *this, p.preVars, "", "id_pre", false, kPreVarHint);
        addVars(scope, *this, p.postVars, "", "id_post", false, kPostVarHint);
        addSpikeTimes(scope, scalar_, "pre", preTimes, "id_pre");
        addSpikeTimes(scope, scalar_, "post", postTimes, "id_post");
        if (!addsToPost)
            return;
        // Into the ring's slot of the next step, where the input has a ring (the neuron update reads
        // one slot a step, and may be reading this step's while spikes are delivered at emission).
        const std::string input =
            p.dendriticDelay
                ? buffers_[*p.dendriticDelay].name + "[sg_dendritic_slot * " + std::to_string(numPost) + "u + id_post]"
                : buffers_[p.fixedInput.value_or(p.inSyn)].name + "[id_post]";
        scope.add(lang::Function{"addToPost", {scalar_}, std::nullopt, [input](const std::vector<std::string>& a) {
                                     return "SG_ADD_TO_POST(" + input + ", " + a[0] + ")";
                                 }});
        if (p.dendriticDelay) {
            const std::string buffer = buffers_[*p.dendriticDelay].name;
            // Steps beyond this projection's own maximum are an error; the ring it shares may be longer.
            const std::string bound = std::to_string(group.maxDendriticDelaySteps() + 1);
            const std::string slots = std::to_string(p.dendriticSlots);
            const std::string size = std::to_string(numPost);
            scope.add(lang::Function{
                "addToPostDelay", {scalar_, Type::Unsigned}, std::nullopt, [=](const std::vector<std::string>& a) {
                    // Past the test, slot + delay < 2 slots (the ring has at least `bound` slots):
                    // one conditional subtraction wraps it (a % costs two multiplications per event).
                    const std::string sum = "(sg_dendritic_slot + " + a[1] + ")";
                    return "if (" + a[1] + " >= " + bound + "u) SG_RAISE(" + std::to_string(kErrorDendriticDelayTooLong) +
                           "u); else SG_ADD_TO_POST(" + buffer + "[(" + sum + " - (" + sum + " >= " + slots + "u ? " +
                           slots + "u : 0u)) * " + size + "u + id_post], " + a[0] + ")";
                }});
        }
    };
    // One presynaptic neuron (pre spike and dynamics code) or one postsynaptic neuron.
    auto preScope = [&](Scope& scope, Site site) {
        addModelParams(scope, model, wu.params, group.name(), "weight_update.", about + ", weight update");
        addTime(scope, scalar_, dt);
        scope.add(Variable{"id_pre", Type::Unsigned, false, "id_pre"});
        addVars(scope, *this, pre.vars, "_pre", "id_pre", false, kNeuronVarHint, site);
        addVars(scope, *this, p.preVars, "", "id_pre", true, kPreVarHint);
        addSpikeTimes(scope, scalar_, "pre", preTimes, "id_pre");
    };
    auto postScope = [&](Scope& scope) {
        addModelParams(scope, model, wu.params, group.name(), "weight_update.", about + ", weight update");
        addTime(scope, scalar_, dt);
        scope.add(Variable{"id_post", Type::Unsigned, false, "id_post"});
        addVars(scope, *this, post.vars, "_post", "id_post", false, kNeuronVarHint,
                p.postSpikeAtEmission() ? Site::NeuronUpdate : Site::OwnPhase);
        addVars(scope, *this, p.postVars, "", "id_post", true, kPostVarHint);
        addSpikeTimes(scope, scalar_, "post", postTimes, "id_post");
    };
    auto compile = [&](const std::string& code, const std::function<void(Scope&)>& fill, const char* field) {
        Scope scope;
        fill(scope);
        return lang::compileStatements(code, scope, {model.name, field}, options);
    };
    p.weightSim = compile(model.simCode, [&](Scope& s) { synapseScope(s, true); }, "sim code");
    for (std::size_t v = 0; v < p.weightVars.size(); ++v) {
        const PlannedVar& var = p.weightVars[v];
        if (var.type != Type::Bool && p.weightSim.references(var.name) && !p.weightSim.assignedNames().count(var.name))
            p.weightSimLoads.push_back(v);
    }
    p.weightSimFromLocals = compile(model.simCode, [&](Scope& s) { synapseScope(s, true, true); }, "sim code");
    p.learnPost = compile(model.learnPostCode, [&](Scope& s) { synapseScope(s, false); }, "learn post code");
    p.synapseDynamics = compile(model.synapseDynamicsCode, [&](Scope& s) { synapseScope(s, true); }, "synapse dynamics code");
    p.preSpike = compile(model.preSpikeCode, [&](Scope& s) {
        preScope(s, p.preSpikeAtEmission() ? Site::NeuronUpdate : Site::OwnPhase);
    }, "pre spike code");
    p.preDynamics = compile(model.preDynamicsCode, [&](Scope& s) { preScope(s, Site::NeuronUpdate); }, "pre dynamics code");
    p.postSpike = compile(model.postSpikeCode, postScope, "post spike code");
    p.postDynamics = compile(model.postDynamicsCode, postScope, "post dynamics code");

    const std::vector<const lang::Code*> all = {&p.weightSim, &p.learnPost, &p.synapseDynamics, &p.preSpike,
                                                &p.preDynamics, &p.postSpike, &p.postDynamics};
    auto anyReads = [&](const std::vector<std::string>& names) {
        for (const lang::Code* c : all)
            if (referencesAny(*c, names))
                return true;
        return false;
    };
    const bool readsPreTimes = anyReads({"st_pre", "prev_st_pre"}), readsPostTimes = anyReads({"st_post", "prev_st_post"});
    // Spike times at the synapse leave out dendritic delays, which are added on the way to the
    // soma: a rule that times spikes would see the wrong intervals.
    if (group.maxDendriticDelaySteps() > 0 && (!p.learnPost.empty() || readsPreTimes || readsPostTimes))
        throw Error(about + ": the learning rule of model '" + model.name +
                    "' cannot see dendritic delays (spike times at the synapse leave them out); give the delay as "
                    "an axonal delay, which the rule sees, or use a rule without spike timing");
    if (readsPreTimes)
        p.preSpikeTimes = planSpikeTimes(p.prefix + "_pre", about, "presynaptic arrival", numPre);
    if (readsPostTimes && !p.postSpikeAtEmission())
        p.postSpikeTimes = planSpikeTimes(p.prefix + "_post", about, "postsynaptic arrival", numPost);
    else if (readsPostTimes && post.spikeTimes.empty())
        post.spikeTimes = planSpikeTimes(post.prefix, "neuron group '" + post.group->name() + "'", "postsynaptic", numPost);

    // Columns: learn-post code walks the synapses onto a spiking neuron; synapse dynamics that add
    // to targets walk them on the CPU (a thread per range of targets, no races).
    const bool addsInDynamics = p.synapseDynamicsAddsToPost();
    if (p.layout.format == ConnectivityFormat::Sparse && (!p.learnPost.empty() || addsInDynamics)) {
        p.colStart = addBuffer(p.prefix + "_col_start", about + ", column starts", Element::Uint32, std::size_t(numPost) + 1);
        p.colCursor = addBuffer(p.prefix + "_col_cursor", about + ", column fill cursors", Element::Uint32, numPost);
        p.colSyn = addSynapseBuffer(p.prefix + "_col_syn", about + ", synapses by column", Element::Uint32, index);
        std::vector<std::string> preIndexed = {"id_pre", "st_pre", "prev_st_pre"};
        for (const auto& v : pre.vars)
            preIndexed.push_back(v.name + "_pre");
        for (const auto& v : p.preVars)
            preIndexed.push_back(v.name);
        if (referencesAny(p.learnPost, preIndexed) || (addsInDynamics && referencesAny(p.synapseDynamics, preIndexed)))
            p.colPre = addSynapseBuffer(p.prefix + "_col_pre", about + ", presynaptic neurons by column",
                                        numPre <= 65536 ? Element::Uint16 : Element::Uint32, index);
    }
}

std::vector<std::string> ModelPlan::initKernels(const SynapseGroupPlan& s)
{
    std::vector<std::string> kernels;
    if (s.layout.format == ConnectivityFormat::Sparse) {
        if (!s.rowLength.empty())
            kernels.push_back(rowLengthKernel(s));
        kernels.push_back(countRowsKernel(s));
        kernels.push_back(fillRowsKernel(s));
        if (s.columnBuilt())
            kernels.push_back(sortRowsKernel(s));
    }
    if (s.colStart)
        for (const auto& k : {countColumnsKernel(s), fillColumnsKernel(s), sortColumnsKernel(s)})
            kernels.push_back(k);
    kernels.push_back(initSynapsesKernel(s));
    return kernels;
}

bool ModelPlan::anyLearnPost() const
{
    for (const auto& s : synapseGroups_)
        if (!s.learnPost.empty())
            return true;
    return false;
}

bool ModelPlan::anySynapseDynamics() const
{
    for (const auto& s : synapseGroups_)
        if (!s.synapseDynamics.empty())
            return true;
    return false;
}

bool ModelPlan::anyPlastic() const
{
    for (const auto& s : synapseGroups_)
        if (s.plastic())
            return true;
    return false;
}

bool ModelPlan::anyArrivalWork() const
{
    for (const auto& s : synapseGroups_)
        if ((!s.preSpikeAtEmission() && s.hasPreSpikeWork()) || (!s.postSpikeAtEmission() && s.hasPostSpikeWork()))
            return true;
    return false;
}

} // namespace spikegen
