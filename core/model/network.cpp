#include "core/model/network.h"

#include "core/equations/equations.h"
#include "core/error.h"
#include "core/lang/evaluator.h"
#include "core/model/compartments.h"
#include "core/model/safe_names.h"
#include "core/model/validation.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace spikegen {
namespace {

template <class Group>
std::vector<std::string> namesOf(const std::vector<std::unique_ptr<Group>>& groups)
{
    std::vector<std::string> names;
    for (const auto& g : groups)
        names.push_back(g->name());
    return names;
}

void checkDelay(const std::string& what, int steps)
{
    if (steps < 0)
        throw Error(what + " is " + std::to_string(steps) + " steps; delays cannot be negative");
    if (steps > kMaxDelaySteps)
        throw Error(what + " is " + std::to_string(steps) + " steps; at most " + std::to_string(kMaxDelaySteps) +
                    " are supported");
}

std::string listOrNone(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

template <class Descriptor>
void validateInstance(const std::string& where, const ModelInstance<Descriptor>& instance, const NetworkOptions& options)
{
    validateDescriptor(where, instance.model);
    validateParams(where, instance.model, instance.params, &options);
    validateVarInits(where, instance.model, instance.varInits, &options);
}

// The compartment an input goes to: `named`, or the first when it names none.
std::string resolveCompartment(const std::string& where, const NeuronGroup& target, const std::string& named)
{
    const auto compartments = target.compartments();
    if (compartments.empty()) {
        if (!named.empty())
            throw Error(where + ": target compartment " + printable(named) + ", but neuron group '" + target.name() +
                        "' (model '" + target.model().model.name + "') has no compartments");
        return named;
    }
    if (named.empty())
        return compartments.front();
    if (std::find(compartments.begin(), compartments.end(), named) == compartments.end()) {
        const std::string hint = suggestName(named, compartments);
        throw Error(where + ": target compartment " + printable(named) + " is not a compartment of neuron group '" +
                    target.name() + "'" + (hint.empty() ? "" : "; " + hint) + " (compartments: " +
                    listOrNone(compartments) + ")");
    }
    return named;
}

// The connectivity's parameters, code and size checks against its source and target; also when a
// parameter changes (Network::setParam), since size checks read the parameters.
void validateConnectivity(const std::string& connWhere, const ConnectivityInstance& connectivity,
                          const NeuronGroup& source, const NeuronGroup& target, const NetworkOptions& options)
{
    validateDescriptor(connWhere, connectivity.snippet);
    validateParams(connWhere, connectivity.snippet, connectivity.params, &options);
    const ConnectivitySnippet& snippet = connectivity.snippet;
    const std::string snippetWhere = connWhere + " '" + snippet.name + "'";
    if (!snippet.dense && snippet.rowBuildCode.empty() && snippet.colBuildCode.empty())
        throw Error(snippetWhere + ": no row-building or column-building code");
    if (!snippet.rowBuildCode.empty() && !snippet.colBuildCode.empty())
        throw Error(snippetWhere + ": has both row-building and column-building code; give one");
    if (!snippet.colBuildCode.empty() && !snippet.rowLengthCode.empty())
        throw Error(snippetWhere + ": row-length code goes with row-building code, not column-building code");
    std::vector<std::string> rowNames = snippet.params;
    rowNames.insert(rowNames.end(), {"num_pre", "num_post"});
    for (const auto& check : snippet.sizeChecks) {
        lang::Values known(connectivity.params.begin(), connectivity.params.end());
        known["num_pre"] = source.size();
        known["num_post"] = target.size();
        if (lang::evaluateHostExpression(check.expression, known, {snippet.name, "size check"}, lang::Type::Bool) == 0.0)
            throw Error(snippetWhere + " from '" + source.name() + "' (" + std::to_string(source.size()) +
                        " neurons) to '" + target.name() + "' (" + std::to_string(target.size()) + " neurons): " +
                        (check.message.empty() ? "'" + check.expression + "' does not hold" : check.message));
    }
    if (!connectivity.snippet.maxRowLengthExpression.empty())
        lang::compileHostExpression(connectivity.snippet.maxRowLengthExpression, rowNames,
                                    {connectivity.snippet.name, "max row length"});
    if (!connectivity.snippet.meanRowLengthExpression.empty())
        lang::compileHostExpression(connectivity.snippet.meanRowLengthExpression, rowNames,
                                    {connectivity.snippet.name, "mean row length"});
}

} // namespace

std::vector<std::string> NeuronGroup::compartments() const
{
    std::vector<std::string> names;
    for (const auto& c : declaredModel_.compartments)
        names.push_back(c.name);
    return names;
}

NeuronGroup& NeuronGroup::setVarRecording(const std::string& var, std::uint32_t everySteps,
                                          std::vector<std::uint32_t> neurons)
{
    const auto& vars = model_.model.vars;
    std::vector<std::string> names;
    for (const auto& v : vars)
        names.push_back(v.name);
    if (std::find(names.begin(), names.end(), var) == names.end()) {
        const std::string hint = suggestName(var, names);
        throw Error("neuron group '" + name_ + "': cannot record unknown variable " + printable(var) +
                    (hint.empty() ? "" : "; " + hint) + " (model '" + model_.model.name + "')");
    }
    const std::string where = "neuron group '" + name_ + "', recording of '" + var + "'";
    if (everySteps == 0)
        throw Error(where + ": every must be 1 step or more");
    std::vector<bool> seen(size_);
    for (std::size_t k = 0; k < neurons.size(); ++k) {
        if (neurons[k] >= size_)
            throw Error(where + ": neuron " + std::to_string(neurons[k]) + " (entry " + std::to_string(k) +
                        " of the list) is outside the group of " + std::to_string(size_) + " neurons");
        if (seen[neurons[k]])
            throw Error(where + ": neuron " + std::to_string(neurons[k]) + " is listed twice (entry " +
                        std::to_string(k) + ")");
        seen[neurons[k]] = true;
    }
    for (auto& r : recordVars_)
        if (r.var == var) {
            r.everySteps = everySteps;
            r.neurons = std::move(neurons);
            return *this;
        }
    recordVars_.push_back({var, everySteps, std::move(neurons)});
    return *this;
}

std::uint32_t NeuronGroup::spikeQueueSlots() const
{
    std::uint32_t longest = 0;
    for (const SynapseGroup* s : outgoing_)
        longest = std::max(longest, s->axonalDelaySteps());
    for (const SynapseGroup* s : incoming_) // learning code reads the spikes of that many steps ago
        longest = std::max(longest, s->backPropDelaySteps());
    return longest + 1;
}

Network::Network(std::string name, NetworkOptions options) : name_(std::move(name)), options_(options)
{
    checkName("network name", name_);
    if (!(options_.dt > 0.0) || !std::isfinite(options_.dt))
        throw Error("network '" + name_ + "': dt must be a positive number of milliseconds, not " +
                    std::to_string(options_.dt));
    // dt is printed as a literal of the network's precision: it must not round to 0 there.
    if (options_.precision == Precision::Float && !std::isnormal(static_cast<float>(options_.dt)))
        throw Error("network '" + name_ + "': dt is too small for single precision; use Precision::Double");
}

void Network::checkNewName(const std::string& kind, const std::string& name) const
{
    if (name.empty())
        throw Error("network '" + name_ + "': a " + kind + " needs a name");
    checkName(kind, name);
    const auto taken = [&](const auto& groups) {
        return std::any_of(groups.begin(), groups.end(), [&](const auto& g) { return g->name() == name; });
    };
    if (taken(neuronGroups_) || taken(synapseGroups_) || taken(currentSources_))
        throw Error(kind + " '" + name + "': network '" + name_ + "' already has a group of that name");
}

NeuronGroup& Network::addNeuronGroup(const std::string& name, std::uint32_t size, NeuronModel model,
                                     ParamValues params, VarInits varInits)
{
    checkNewName("neuron group", name);
    const std::string where = "neuron group '" + name + "'";
    if (size == 0)
        throw Error(where + ": size is 0; a group needs at least one neuron");
    if (size > kMaxNeuronGroupSize)
        throw Error(where + ": size is " + std::to_string(size) + "; a group holds at most " +
                    std::to_string(kMaxNeuronGroupSize) + " neurons");
    NeuronModel declared = model;
    ModelInstance<NeuronModel> instance{flattenCompartments(where, model), std::move(params), std::move(varInits)};
    // Before the generic check, whose "no initial value" would not point at the equation.
    for (const auto& c : declared.compartments)
        equations::checkDifferentialVariables(where + ", compartment '" + c.name + "'", declared.name,
                                              compartmentEquations(declared.name, c), instance.model.vars,
                                              instance.varInits);
    equations::checkDifferentialVariables(where, instance.model.name, instance.model.equations, instance.model.vars,
                                          instance.varInits);
    validateInstance(where, instance, options_);
    neuronGroups_.emplace_back(new NeuronGroup(name, size, std::move(instance), std::move(declared)));
    return *neuronGroups_.back();
}

SynapseGroup& Network::addSynapseGroup(const std::string& name, SynapseSpec spec)
{
    checkNewName("synapse group", name);
    const std::string where = "synapse group '" + name + "'";
    auto findGroup = [&](const std::string& groupName, const char* role) -> NeuronGroup* {
        for (auto& g : neuronGroups_)
            if (g->name() == groupName)
                return g.get();
        const std::string hint = suggestName(groupName, namesOf(neuronGroups_));
        throw Error(where + ": " + role + " " + printable(groupName) + " is not a neuron group of network '" + name_ +
                    "'" + (hint.empty() ? "" : "; " + hint) + " (neuron groups: " +
                    listOrNone(namesOf(neuronGroups_)) + ")");
    };
    NeuronGroup* source = findGroup(spec.source, "source");
    NeuronGroup* target = findGroup(spec.target, "target");
    spec.targetCompartment = resolveCompartment(where, *target, spec.targetCompartment);
    checkDelay(where + ": axonal delay", spec.axonalDelaySteps);
    checkDelay(where + ": maximum dendritic delay", spec.maxDendriticDelaySteps);
    checkDelay(where + ": back-propagation delay", spec.backPropDelaySteps);
    // Dendritic delay slots and dense synapses are indexed with 32-bit unsigned integers.
    if (std::uint64_t(spec.maxDendriticDelaySteps + 1) * target->size() > 0xFFFFFFFFull)
        throw Error(where + ": " + std::to_string(spec.maxDendriticDelaySteps + 1) + " dendritic delay slots of " +
                    std::to_string(target->size()) + " neurons exceed 2^32 entries");
    if (spec.connectivity.snippet.dense && std::uint64_t(source->size()) * target->size() > 0xFFFFFFFFull)
        throw Error(where + ": dense connectivity of " + std::to_string(source->size()) + " x " +
                    std::to_string(target->size()) + " neurons exceeds 2^32 synapses; use sparse connectivity");
    validateInstance(where + ", weight update", spec.weightUpdate, options_);
    equations::checkDifferentialVariables(where + ", postsynaptic model", spec.postsynaptic.model.name,
                                          spec.postsynaptic.model.equations, spec.postsynaptic.model.vars,
                                          spec.postsynaptic.varInits);
    validateInstance(where + ", postsynaptic model", spec.postsynaptic, options_);
    validateConnectivity(where + ", connectivity", spec.connectivity, *source, *target, options_);

    synapseGroups_.emplace_back(new SynapseGroup(name, std::move(spec), source, target));
    SynapseGroup* group = synapseGroups_.back().get();
    source->outgoing_.push_back(group);
    target->incoming_.push_back(group);
    return *group;
}

CurrentSource& Network::addCurrentSource(const std::string& name, const std::string& target,
                                         CurrentSourceModel model, ParamValues params, VarInits varInits,
                                         const std::string& compartment)
{
    checkNewName("current source", name);
    const std::string where = "current source '" + name + "'";
    NeuronGroup* group = nullptr;
    for (auto& g : neuronGroups_)
        if (g->name() == target)
            group = g.get();
    if (!group) {
        const std::string hint = suggestName(target, namesOf(neuronGroups_));
        throw Error(where + ": target " + printable(target) + " is not a neuron group of network '" + name_ + "'" +
                    (hint.empty() ? "" : "; " + hint) + " (neuron groups: " + listOrNone(namesOf(neuronGroups_)) + ")");
    }
    ModelInstance<CurrentSourceModel> instance{std::move(model), std::move(params), std::move(varInits)};
    equations::checkDifferentialVariables(where, instance.model.name, instance.model.equations, instance.model.vars,
                                          instance.varInits);
    validateInstance(where, instance, options_);
    currentSources_.emplace_back(
        new CurrentSource(name, std::move(instance), group, resolveCompartment(where, *group, compartment)));
    group->currentSources_.push_back(currentSources_.back().get());
    return *currentSources_.back();
}

NeuronGroup& Network::neuronGroup(const std::string& name)
{
    return const_cast<NeuronGroup&>(std::as_const(*this).neuronGroup(name));
}

const NeuronGroup& Network::neuronGroup(const std::string& name) const
{
    for (const auto& g : neuronGroups_)
        if (g->name() == name)
            return *g;
    throw Error("network '" + name_ + "' has no neuron group " + printable(name) + " (neuron groups: " +
                listOrNone(namesOf(neuronGroups_)) + ")");
}

const SynapseGroup& Network::synapseGroup(const std::string& name) const
{
    for (const auto& g : synapseGroups_)
        if (g->name() == name)
            return *g;
    throw Error("network '" + name_ + "' has no synapse group " + printable(name) + " (synapse groups: " +
                listOrNone(namesOf(synapseGroups_)) + ")");
}

// The parts of a group that have parameters, and how a change of their values is checked.
struct Network::ParamSlot {
    struct Part {
        std::string prefix; // "" or "weight_update." / "postsynaptic." / "connectivity."
        const std::vector<std::string>* names;
        ParamValues* values;
        std::function<void(const ParamValues&)> validate; // throws unless the values would be accepted
        bool equations = false; // the part's model is given as equations
    };
    std::string where;
    std::vector<Part> parts;
    const Part* part = nullptr; // the one holding the parameter asked for
    std::string name;           // that parameter, unqualified

    std::vector<std::string> qualifiedNames() const
    {
        std::vector<std::string> names;
        for (const auto& p : parts)
            for (const auto& n : *p.names)
                names.push_back(p.prefix + n);
        return names;
    }
};

Network::ParamSlot Network::paramsOf(const std::string& group) const
{
    // Groups are const to users; parameters change only through setParam, which validates them.
    auto& self = const_cast<Network&>(*this);
    ParamSlot slot;
    auto part = [&](std::string prefix, auto& instance, std::string where) {
        bool equations = false;
        if constexpr (requires { instance.model.equations; })
            equations = !instance.model.equations.empty();
        slot.parts.push_back({std::move(prefix), &instance.model.params, &instance.params,
                              [this, &instance, where](const ParamValues& values) {
                                  validateParams(where, instance.model, values, &options_);
                              },
                              equations});
    };
    for (auto& g : self.neuronGroups_)
        if (g->name() == group) {
            slot.where = "neuron group '" + group + "'";
            part("", g->model_, slot.where);
        }
    for (auto& c : self.currentSources_)
        if (c->name() == group) {
            slot.where = "current source '" + group + "'";
            part("", c->model_, slot.where);
        }
    for (auto& s : self.synapseGroups_)
        if (s->name() == group) {
            slot.where = "synapse group '" + group + "'";
            part("weight_update.", s->spec_.weightUpdate, slot.where + ", weight update");
            part("postsynaptic.", s->spec_.postsynaptic, slot.where + ", postsynaptic model");
            const SynapseGroup* sg = s.get();
            ConnectivityInstance& conn = s->spec_.connectivity;
            slot.parts.push_back({"connectivity.", &conn.snippet.params, &conn.params,
                                  [this, sg, &conn, where = slot.where + ", connectivity"](const ParamValues& values) {
                                      ConnectivityInstance changed = conn;
                                      changed.params = values;
                                      validateConnectivity(where, changed, *sg->source_, *sg->target_, options_);
                                  }});
        }
    if (slot.parts.empty()) {
        std::vector<std::string> all = namesOf(neuronGroups_);
        for (const auto& names : {namesOf(synapseGroups_), namesOf(currentSources_)})
            all.insert(all.end(), names.begin(), names.end());
        const std::string hint = suggestName(group, all);
        throw Error("network '" + name_ + "' has no group " + printable(group) + (hint.empty() ? "" : "; " + hint) +
                    " (groups: " + listOrNone(all) + ")");
    }
    return slot;
}

Network::ParamSlot Network::findParam(const std::string& group, const std::string& param) const
{
    ParamSlot slot = paramsOf(group);
    std::vector<const ParamSlot::Part*> holders;
    for (const auto& p : slot.parts) {
        const bool qualified = !p.prefix.empty() && param.rfind(p.prefix, 0) == 0;
        const std::string name = qualified ? param.substr(p.prefix.size()) : param;
        if (std::find(p.names->begin(), p.names->end(), name) == p.names->end())
            continue;
        slot.name = name;
        if (qualified) { // this part alone
            holders = {&p};
            break;
        }
        holders.push_back(&p);
    }
    if (holders.empty()) {
        const std::vector<std::string> known = slot.qualifiedNames();
        const std::string hint = suggestName(param, known);
        throw Error(slot.where + " has no parameter " + printable(param) + (hint.empty() ? "" : "; " + hint) +
                    " (parameters: " + listOrNone(known) + ")");
    }
    if (holders.size() > 1) {
        std::string choices;
        for (const auto* h : holders)
            choices += (choices.empty() ? "" : " or ") + h->prefix + slot.name;
        throw Error(slot.where + ": more than one part has a parameter '" + param + "'; name one: " + choices);
    }
    slot.part = holders.front();
    return slot;
}

double Network::param(const std::string& group, const std::string& param) const
{
    const ParamSlot slot = findParam(group, param);
    return slot.part->values->at(slot.name);
}

void Network::setParam(const std::string& group, const std::string& param, double value)
{
    setParams({{group, param, value}});
}

void Network::setParams(const std::vector<ParamChange>& changes)
{
    // The new values of each part touched, checked together before any is stored.
    std::vector<std::pair<ParamSlot::Part, ParamValues>> touched;
    for (const auto& c : changes) {
        const ParamSlot slot = findParam(c.group, c.param);
        auto it = std::find_if(touched.begin(), touched.end(),
                               [&](const auto& t) { return t.first.values == slot.part->values; });
        if (it == touched.end()) {
            touched.emplace_back(*slot.part, *slot.part->values);
            it = touched.end() - 1;
        }
        it->second[slot.name] = c.value;
    }
    for (const auto& [part, values] : touched)
        part.validate(values);
    for (auto& [part, values] : touched)
        *part.values = std::move(values);
}

std::vector<std::string> Network::paramNames(const std::string& group) const
{
    return paramsOf(group).qualifiedNames();
}

void Network::setParamDynamic(const std::string& group, const std::string& param, bool dynamic)
{
    const ParamSlot slot = findParam(group, param);
    if (dynamic && slot.part->prefix == "connectivity.")
        throw Error(slot.where + ": connectivity parameter '" + slot.name +
                    "' cannot be dynamic: it shapes the connectivity when it is built");
    if (dynamic && slot.part->equations)
        throw Error(slot.where + ": parameter '" + slot.name + "' cannot be dynamic: the model is given as "
                    "equations, whose integration is worked out from its parameters' values");
    auto& names = dynamic_[{group, slot.part->prefix}];
    if (dynamic)
        names.insert(slot.name);
    else
        names.erase(slot.name);
}

bool Network::paramCanBeDynamic(const std::string& group, const std::string& param) const
{
    const ParamSlot slot = findParam(group, param);
    return slot.part->prefix != "connectivity." && !slot.part->equations;
}

bool Network::paramIsDynamic(const std::string& group, const std::string& param) const
{
    const ParamSlot slot = findParam(group, param);
    return dynamicParams(group, slot.part->prefix).count(slot.name) > 0;
}

void Network::setVarShared(const std::string& synapseGroup, const std::string& var, bool shared)
{
    const SynapseGroup& group = this->synapseGroup(synapseGroup); // throws, naming the synapse groups
    const auto& vars = group.weightUpdate().model.vars;
    if (std::none_of(vars.begin(), vars.end(), [&](const VarDecl& v) { return v.name == var; })) {
        std::string known;
        for (const auto& v : vars)
            known += (known.empty() ? "" : ", ") + v.name;
        throw Error("synapse group '" + synapseGroup + "': weight update model '" + group.weightUpdate().model.name +
                    "' has no per-synapse variable " + printable(var) + (known.empty() ? " (it has none)" : " (it has " + known + ")"));
    }
    if (shared)
        shared_[synapseGroup].insert(var);
    else
        shared_[synapseGroup].erase(var);
}

bool Network::varIsShared(const std::string& synapseGroup, const std::string& var) const
{
    return sharedVars(synapseGroup).count(var) > 0;
}

const std::set<std::string>& Network::sharedVars(const std::string& synapseGroup) const
{
    static const std::set<std::string> none;
    const auto it = shared_.find(synapseGroup);
    return it == shared_.end() ? none : it->second;
}

const std::set<std::string>& Network::dynamicParams(const std::string& group, const std::string& part) const
{
    static const std::set<std::string> none;
    const auto it = dynamic_.find({group, part});
    return it == dynamic_.end() ? none : it->second;
}

} // namespace spikegen
