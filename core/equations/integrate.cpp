// The entry points: check the equations against the model's scope, choose the method, write the step.
#include "core/equations/system.h"
#include "core/equations/units.h"

#include "core/error.h"
#include "core/lang/builtins.h"
#include "core/lang/names.h"

#include <algorithm>

namespace spikegen::equations {
namespace {

const char* const kMethodList = "euler, rk2, rk4, exponential_euler or exact";

std::string stepText(const OdeSystem& system, Method method, double dt)
{
    switch (method) {
    case Method::Exact: return exactStep(system, dt);
    case Method::ExponentialEuler: return exponentialEulerStep(system);
    default: return explicitStep(system, method);
    }
}

} // namespace

Integration integrate(const IntegrationRequest& request, const lang::Scope& scope, const lang::Options& options)
{
    const lang::SourceRef where{request.model, "equations"};
    std::optional<Method> method;
    if (!request.method.empty()) {
        method = parseMethod(request.method);
        if (!method)
            throw Error("model '" + request.model + "', field 'integration_method': unknown integration method '" +
                        request.method + "'; the methods are " + kMethodList);
    }
    Integration result;
    const std::vector<Equation> equations = parseEquations(request.equations, where);
    if (equations.empty()) return result;

    lang::Scope withSubexpressions(&scope);
    std::map<std::string, Sym> subexpressions;
    std::vector<Sym> rightHandSides; // as written, for the unit check
    OdeSystem system;
    system.where = where;
    system.constants = request.constants;
    for (const Equation& eq : equations) {
        auto fail = [&](std::string problem, std::string hint = {}) {
            throw lang::CodeError(where, eq.line, eq.column, std::move(problem), std::move(hint));
        };
        const lang::Variable* existing = scope.findVariable(eq.name);
        if (eq.differential) {
            const bool declared =
                std::find(request.stateVars.begin(), request.stateVars.end(), eq.name) != request.stateVars.end();
            if (!declared) {
                std::string hint = existing ? "it is a parameter or a name given by the model's context, not a state variable"
                                            : lang::didYouMean(eq.name, request.stateVars);
                if (hint.empty()) hint = "declare it in the model's variables";
                fail("'" + eq.name + "' in d" + eq.name + "/dt is not a state variable of the model", hint);
            }
            if (!existing || !lang::isFloating(existing->type))
                fail("'" + eq.name + "' is not a real variable", "a differential variable has type scalar, float or double");
        } else if (existing || scope.findFunction(eq.name) || lang::findBuiltin(eq.name) >= 0 ||
                   !lang::reservedBy(eq.name).empty()) {
            fail("'" + eq.name + "' is already a name of the model or of the language",
                 "choose another name for the subexpression, or write 'd" + eq.name + "/dt' for an equation");
        }
        Sym written = compileRightHandSide(eq, withSubexpressions, options, where);
        rightHandSides.push_back(written);
        Sym rhs = substitute(written, subexpressions);
        if (eq.differential) {
            system.vars.push_back(eq.name);
            system.rhs.push_back(std::move(rhs));
            system.lines.push_back(eq.line);
            system.columns.push_back(eq.column);
        } else {
            subexpressions[eq.name] = std::move(rhs);
            withSubexpressions.add(lang::Variable{eq.name, options.scalar, false, eq.name});
        }
    }
    checkUnits(equations, rightHandSides, where);
    if (system.vars.empty()) return result;

    const double dt = request.constants.at("dt");
    std::string text;
    if (method) {
        text = stepText(system, *method, dt);
    } else {
        // The most accurate method that applies.
        for (Method candidate : {Method::Exact, Method::ExponentialEuler}) {
            try {
                text = stepText(system, candidate, dt);
                method = candidate;
                break;
            } catch (const lang::CodeError&) {
            }
        }
        if (!method) {
            method = Method::RK4;
            text = stepText(system, *method, dt);
        }
    }
    result.method = *method;
    result.code = lang::compileStatements(
        text, scope, {request.model, std::string("equations, integrated by ") + methodName(*method)}, options);
    return result;
}

void checkDifferentialVariables(const std::string& where, const std::string& model, const std::string& equations,
                                const std::vector<VarDecl>& vars, const VarInits& inits)
{
    for (const Equation& eq : parseEquations(equations, {model, "equations"})) {
        if (!eq.differential) continue;
        const std::string at = where + ": model '" + model + "', field 'equations', line " + std::to_string(eq.line) + ": ";
        const auto var = std::find_if(vars.begin(), vars.end(), [&](const VarDecl& v) { return v.name == eq.name; });
        if (var == vars.end())
            throw Error(at + "'" + eq.name + "' in d" + eq.name + "/dt is not a state variable of the model; declare it in the model's variables");
        if (!var->initial && !inits.count(eq.name))
            throw Error(at + "differential variable '" + eq.name + "' has no initial value; give it one in the group's variable initialisers or in its declaration");
    }
}

} // namespace spikegen::equations
