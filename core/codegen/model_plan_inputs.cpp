// Postsynaptic inputs: which projections onto a neuron group share one postsynaptic model (its
// accumulator, dendritic-delay ring and variables), and the plan of each input. Sharing is exact
// for linear models (PostsynapticModel::linear) up to the order of float additions, and cuts the
// neuron update's work from one input per projection to one per distinct model.
#include "core/codegen/model_plan.h"

#include "core/codegen/plan_vars.h"
#include "core/codegen/scopes.h"

#include <algorithm>

namespace spikegen {
namespace {

using lang::Scope;
using lang::Type;
using lang::Variable;

// The initial value of each of the model's variables, if all are constants.
std::optional<std::vector<double>> constantInitialValues(const ModelInstance<PostsynapticModel>& ps)
{
    std::vector<double> values;
    for (const auto& v : ps.model.vars) {
        const auto given = ps.varInits.find(v.name);
        const std::optional<double> value = given != ps.varInits.end() ? given->second.constant() : v.initial;
        if (!value)
            return std::nullopt; // a drawn initial value: each projection keeps its own stream
        values.push_back(*value);
    }
    return values;
}

// Whether projections `a` and `b` may share one postsynaptic input: the same linear model, the
// same parameters (and so derived parameters) and the same constant initial values.
bool shareInput(const SynapseGroup& a, const SynapseGroup& b)
{
    const auto& x = a.postsynaptic();
    const auto& y = b.postsynaptic();
    if (&a.target() != &b.target() || a.targetCompartment() != b.targetCompartment() || !x.model.linear ||
        !y.model.linear)
        return false;
    auto sameVars = [](const std::vector<VarDecl>& u, const std::vector<VarDecl>& v) {
        return std::equal(u.begin(), u.end(), v.begin(), v.end(),
                          [](const VarDecl& p, const VarDecl& q) { return p.name == q.name && p.type == q.type; });
    };
    auto sameDerived = [](const std::vector<DerivedParam>& u, const std::vector<DerivedParam>& v) {
        return std::equal(u.begin(), u.end(), v.begin(), v.end(), [](const DerivedParam& p, const DerivedParam& q) {
            return p.name == q.name && p.expression == q.expression && !p.expression.empty();
        });
    };
    const auto xInit = constantInitialValues(x), yInit = constantInitialValues(y);
    return x.model.name == y.model.name && x.model.applyInputCode == y.model.applyInputCode &&
           x.model.decayCode == y.model.decayCode && x.model.equations == y.model.equations &&
           x.model.integrationMethod == y.model.integrationMethod && x.model.params == y.model.params &&
           sameVars(x.model.vars, y.model.vars) && sameDerived(x.model.derivedParams, y.model.derivedParams) &&
           x.params == y.params && xInit && yInit && *xInit == *yInit;
}

// Loads and stores of the model's variables go through locals named "lp_" + name.
void addModelVars(Scope& scope, const ModelBase& model, Type scalar)
{
    for (const auto& v : model.vars)
        scope.add(Variable{v.name, varType(v, scalar), true, "lp_" + v.name});
}

} // namespace

void ModelPlan::planPostsynapticInput(SynapseGroupPlan& p, std::size_t index)
{
    NeuronGroupPlan& target = neuronGroups_[p.target];
    const SynapseGroup& group = *p.group;
    const auto& projections = network_.synapseGroups();
    auto join = [&](std::size_t i) {
        PostsynapticInputPlan& input = target.inputs[i];
        if (input.projections.back() != index)
            input.projections.push_back(index);
        p.input = i;
        p.postsynapticVars = input.vars;
        p.inSyn = input.inSyn;
        p.fixedInput = input.fixedInput;
        p.dendriticDelay = input.dendriticDelay;
        p.dendriticSlots = input.dendriticSlots;
    };
    for (std::size_t i = 0; i < target.inputs.size(); ++i)
        if (shareInput(*projections[target.inputs[i].projections.front()], group))
            return join(i);

    // A new input: its ring holds the longest dendritic delay of every projection that will share it.
    std::uint32_t longest = group.maxDendriticDelaySteps();
    for (std::size_t k = index + 1; k < projections.size(); ++k)
        if (shareInput(group, *projections[k]))
            longest = std::max(longest, projections[k]->maxDendriticDelaySteps());
    const auto& ps = group.postsynaptic();
    const std::string about = "synapse group '" + group.name() + "'";
    const std::uint32_t numPost = group.target().size();
    const double dt = network_.options().dt;
    PostsynapticInputPlan input;
    input.projections = {index};
    input.vars = planVars(*this, ps.model.vars, ps.varInits, p.prefix + "_ps", about + ", postsynaptic model",
                          group.name() + "/postsynaptic", false, dt, [&](std::string name, std::string what, Type type) {
                              return addBuffer(std::move(name), std::move(what), elementOf(type), numPost);
                          });
    input.inSyn = addBuffer(p.prefix + "_in_syn", about + ", accumulated input", elementOf(scalar_), numPost);
    const bool fixed = network_.options().deterministic;
    if (fixed)
        input.fixedInput = addBuffer(p.prefix + "_in_fixed", about + ", input of this step in fixed point",
                                     Element::Uint64, numPost);
    if (longest > 0) {
        input.dendriticSlots = longest + 1;
        input.dendriticDelay = addBuffer(p.prefix + "_dendritic_delay", about + ", dendritic delay buffer",
                                         fixed ? Element::Uint64 : elementOf(scalar_),
                                         std::size_t(input.dendriticSlots) * numPost);
    }
    Scope scope;
    addParams(scope, ps.model, ps.params, dt, scalar_);
    addTime(scope, scalar_, dt);
    scope.add(Variable{"id", Type::Unsigned, false, "id"});
    scope.add(Variable{"inSyn", scalar_, true, "inSyn"});
    scope.add(Variable{"Isyn", scalar_, true, inputVariable(group.targetCompartment())});
    addModelVars(scope, ps.model, scalar_);
    for (const auto& v : group.target().model().model.vars)
        if (!scope.findVariable(v.name))
            scope.add(Variable{v.name, varType(v, scalar_), false, "l_" + v.name});
    // A conductance-based model onto a compartment reads that compartment's V.
    for (const auto& c : group.target().declaredModel().compartments)
        if (c.name == group.targetCompartment())
            addCompartmentAliases(scope, c);
    const lang::Options options = langOptions();
    input.applyInput = lang::compileStatements(ps.model.applyInputCode, scope, {ps.model.name, "apply input code"}, options);
    input.integration = integrateEquations(ps.model, ps.model.equations, ps.model.integrationMethod, ps.params, dt,
                                           scope, options);
    input.decay = lang::compileStatements(ps.model.decayCode, scope, {ps.model.name, "decay code"}, options);
    input.finiteChecks = planFiniteChecks(input.vars, {&input.applyInput, &input.integration, &input.decay}, about,
                                          "postsynaptic model '" + ps.model.name + "'");
    target.inputs.push_back(std::move(input));
    join(target.inputs.size() - 1);
}

} // namespace spikegen
