// Postsynaptic inputs: which projections onto a neuron group share one postsynaptic model (its
// accumulator, dendritic-delay ring and variables), and the plan of each input. Sharing is exact
// for linear models (PostsynapticModel::linear) up to the order of float additions, and cuts the
// neuron update's work from one input per projection to one per distinct model.
#include "core/codegen/model_plan.h"

#include "core/codegen/plan_vars.h"
#include "core/codegen/scopes.h"
#include "core/lang/ast.h"
#include "core/lang/lexer.h"

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
// same parameters (and so derived parameters), none of them dynamic (each projection's may change
// on its own), and the same constant initial values.
bool shareInput(const Network& network, const SynapseGroup& a, const SynapseGroup& b)
{
    const auto& x = a.postsynaptic();
    const auto& y = b.postsynaptic();
    if (&a.target() != &b.target() || a.targetCompartment() != b.targetCompartment() || !x.model.linear ||
        !y.model.linear || !network.dynamicParams(a.name(), "postsynaptic.").empty() ||
        !network.dynamicParams(b.name(), "postsynaptic.").empty())
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

// Whether expression `e` (or statement `s`, below) names `name`.
bool mentions(const lang::ast::Expr* e, const std::string& name)
{
    if (!e)
        return false;
    if (e->kind == lang::ast::ExprKind::Name && e->name == name)
        return true;
    return std::any_of(e->operands.begin(), e->operands.end(), [&](const auto& o) { return mentions(o.get(), name); });
}

bool mentions(const lang::ast::Stmt* s, const std::string& name)
{
    if (!s)
        return false;
    return mentions(s->expr.get(), name) || mentions(s->step.get(), name) || mentions(s->init.get(), name) ||
           std::any_of(s->children.begin(), s->children.end(), [&](const auto& c) { return mentions(c.get(), name); }) ||
           std::any_of(s->declarators.begin(), s->declarators.end(),
                       [&](const auto& d) { return mentions(d.init.get(), name); });
}

// `inSyn = 0` (a zero literal, maybe cast).
bool clearsInSynHere(const lang::ast::Stmt& s)
{
    if (s.kind != lang::ast::StmtKind::Expression || !s.expr || s.expr->kind != lang::ast::ExprKind::Assign ||
        s.expr->op != lang::TokenKind::Assign || s.expr->operands[0]->kind != lang::ast::ExprKind::Name ||
        s.expr->operands[0]->name != "inSyn")
        return false;
    const lang::ast::Expr* value = s.expr->operands[1].get();
    while (value->kind == lang::ast::ExprKind::Cast)
        value = value->operands[0].get();
    return value->kind == lang::ast::ExprKind::Literal && value->floatValue == 0.0 && value->intValue == 0;
}

// Whether the last top-level statement of `codes` (in order) that mentions inSyn sets it to 0: the
// model keeps nothing in it from one step to the next.
bool clearsInSyn(std::initializer_list<const lang::Code*> codes)
{
    bool cleared = false;
    for (const lang::Code* code : codes)
        if (const auto* block = dynamic_cast<const lang::ast::Stmt*>(code->syntaxTree()))
            for (const auto& s : block->children)
                if (clearsInSynHere(*s))
                    cleared = true;
                else if (mentions(s.get(), "inSyn"))
                    cleared = false;
    return cleared;
}

// Loads and stores of the model's variables go through locals named `locals` + name.
void addModelVars(Scope& scope, const ModelBase& model, Type scalar, const std::string& locals)
{
    for (const auto& v : model.vars)
        scope.add(Variable{v.name, varType(v, scalar), true, locals + v.name});
}

} // namespace

bool deliverableAtEmission(const SynapseGroup& group, const ConnectivityLayout& layout, Type scalar)
{
    const WeightUpdateModel& model = group.weightUpdate().model;
    if (layout.format != ConnectivityFormat::Sparse || layout.meanRowLength > kMaxMeanRowLengthDeliveredAtEmission ||
        group.axonalDelaySteps() > 0 || !model.learnPostCode.empty() || !model.synapseDynamicsCode.empty() ||
        !model.preSpikeCode.empty() || !model.preDynamicsCode.empty() || !model.postSpikeCode.empty() ||
        !model.postDynamicsCode.empty() || !model.preVars.empty() || !model.postVars.empty())
        return false;
    // Before the code is compiled (the input's ring depends on the answer): any name ending in
    // _post but id_post (V_post, st_post, ...) may read a target's state; st_pre a spike time.
    for (const lang::Token& token : lang::lex(model.simCode, {model.name, "sim code"}, scalar)) {
        const std::string& name = token.text;
        if (token.kind == lang::TokenKind::Identifier &&
            ((name.ends_with("_post") && name != "id_post") || name.ends_with("st_pre")))
            return false;
    }
    return true;
}

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
        p.deliverableAtEmission = deliverable_[index];
    };
    for (std::size_t i = 0; i < target.inputs.size(); ++i)
        if (shareInput(network_, *projections[target.inputs[i].projections.front()], group))
            return join(i);

    // A new input: its ring holds the longest dendritic delay of every projection that will share
    // it, and a slot more if one of them is delivered while the neuron update reads this step's slot.
    std::uint32_t longest = group.maxDendriticDelaySteps();
    bool delivered = deliverable_[index];
    for (std::size_t k = index + 1; k < projections.size(); ++k)
        if (shareInput(network_, group, *projections[k])) {
            longest = std::max(longest, projections[k]->maxDendriticDelaySteps());
            delivered = delivered || deliverable_[k];
        }
    const auto& ps = group.postsynaptic();
    const std::string about = "synapse group '" + group.name() + "'";
    const std::uint32_t numPost = group.target().size();
    const double dt = network_.options().dt;
    PostsynapticInputPlan input;
    input.projections = {index};
    input.locals = "sg_p" + std::to_string(target.inputs.size()) + "_";
    input.vars = planVars(*this, ps.model.vars, ps.varInits, p.prefix + "_ps", about + ", postsynaptic model",
                          group.name() + "/postsynaptic", false, dt, [&](std::string name, std::string what, Type type) {
                              return addBuffer(std::move(name), std::move(what), elementOf(type), numPost);
                          });
    input.inSyn = addBuffer(p.prefix + "_in_syn", about + ", accumulated input", elementOf(scalar_), numPost);
    const bool fixed = network_.options().deterministic;
    if (fixed && longest == 0 && !delivered)
        input.fixedInput = addBuffer(p.prefix + "_in_fixed", about + ", input of this step in fixed point",
                                     Element::Uint64, numPost);
    if (longest > 0 || delivered) {
        input.dendriticSlots = longest + (delivered ? 2 : 1);
        input.dendriticDelay = addBuffer(p.prefix + "_dendritic_delay", about + ", dendritic delay buffer",
                                         fixed ? Element::Uint64 : elementOf(scalar_),
                                         std::size_t(input.dendriticSlots) * numPost);
    }
    Scope scope;
    addModelParams(scope, ps.model, ps.params, group.name(), "postsynaptic.", about + ", postsynaptic model");
    addTime(scope, scalar_, dt);
    scope.add(Variable{"id", Type::Unsigned, false, "id"});
    scope.add(Variable{"inSyn", scalar_, true, input.locals + "inSyn"});
    scope.add(Variable{"Isyn", scalar_, true, inputVariable(group.targetCompartment())});
    addModelVars(scope, ps.model, scalar_, input.locals);
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
    input.clearsInSyn = clearsInSyn({&input.applyInput, &input.integration, &input.decay});
    target.inputs.push_back(std::move(input));
    join(target.inputs.size() - 1);
}

} // namespace spikegen
