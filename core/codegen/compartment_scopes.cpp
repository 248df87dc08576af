// Scopes for compartmental neurons (core/model/compartments.h): a compartment's code uses local
// names, which resolve to the neuron names of the flat model.
#include "core/codegen/scopes.h"

#include "core/equations/equations.h"
#include "core/model/compartments.h"

namespace spikegen {

std::string inputVariable(const std::string& compartment)
{
    return compartment.empty() ? "Isyn" : compartmentName("Isyn", compartment);
}

std::vector<std::string> neuronInputs(const NeuronGroup& group)
{
    std::vector<std::string> inputs;
    for (const std::string& c : group.compartments())
        inputs.push_back(inputVariable(c));
    if (inputs.empty())
        inputs.push_back(inputVariable(""));
    return inputs;
}

void addCompartmentAliases(lang::Scope& scope, const Compartment& compartment)
{
    for (const auto& [local, flat] : compartmentLocals(compartment))
        if (const lang::Variable* v = scope.findVariable(flat); v && !scope.findVariable(local))
            scope.add(lang::Variable{local, v->type, v->writable, v->emitted, v->readOnlyHint});
}

void checkCompartmentCode(const NeuronModel& declared, const ParamValues& params, double dt,
                          const lang::Scope& neuronScope, const lang::Options& options)
{
    for (const auto& c : declared.compartments) {
        lang::Scope scope(&neuronScope);
        addCompartmentAliases(scope, c);
        // A subexpression of the flat equations: a read-only value here.
        scope.add(lang::Variable{"I_axial", options.scalar, false, compartmentName("I_axial", c.name)});
        const std::string field = "compartment '" + c.name + "'";
        equations::IntegrationRequest request{declared.name, c.equations, "euler", {}, {}};
        for (const auto& v : c.vars) request.stateVars.push_back(v.name);
        for (const auto& [name, value] : params) request.constants[name] = value;
        request.constants["dt"] = dt;
        try {
            equations::integrate(request, scope, options);
        } catch (const lang::CodeError& e) {
            // Reported as the compartment's equations rather than the neuron's.
            throw lang::CodeError({declared.name, field + " equations"}, e.line(), e.column(), e.problem(), e.hint());
        }
        for (const auto& event : c.events) {
            const std::string about = field + " event '" + event.name + "'";
            lang::compileExpression(event.condition, scope, {declared.name, about + " condition"}, lang::Type::Bool,
                                    options);
            lang::compileStatements(event.reset, scope, {declared.name, about + " reset"}, options);
        }
        lang::compileStatements(c.simCode, scope, {declared.name, field + " sim code"}, options);
    }
}

} // namespace spikegen
