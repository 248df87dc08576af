// Equations with automatic integration: a model may give ODEs, one per line,
//     dV/dt = (EL - V + R * Isyn) / tau : mV
//     I_leak = gL * (EL - V)                   (a named subexpression, usable in later lines)
// and an integration method; the plan turns them into one step of update code (a type-checked
// lang::Code) that runs before the model's own sim code. docs/user_guide.md, "Equations".
#pragma once
#include "core/lang/code.h"
#include "core/lang/evaluator.h"
#include "core/model/var_init.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spikegen::equations {

enum class Method { Euler, RK2, RK4, ExponentialEuler, Exact };

// "euler", "rk2", "rk4", "exponential_euler", "exact"; nothing for any other name.
std::optional<Method> parseMethod(std::string_view name);
const char* methodName(Method method);

// One line of the equations.
struct Equation {
    std::string name;       // V of dV/dt, or the name of a subexpression
    bool differential = false;
    std::string expression; // the right-hand side as written
    std::string unit;       // the annotation after ':' (empty when there is none); units.h checks it
    int line = 1, column = 1;                 // where the line's name starts
    int expressionLine = 1, expressionColumn = 1; // where the right-hand side starts
};

// The lines of `text` ('#' and '//' start comments; blank lines are skipped). Throws
// lang::CodeError (naming `where`, the line and the column) on a malformed line or a name defined
// twice.
std::vector<Equation> parseEquations(std::string_view text, const lang::SourceRef& where);

// What integrate() needs besides the scope the model's code strings are checked in.
struct IntegrationRequest {
    std::string model;              // for messages
    std::string equations;          // NeuronModel::equations
    std::string method;             // NeuronModel::integrationMethod; empty: chosen (see below)
    std::vector<std::string> stateVars; // the model's declared variables
    // Values known when code is generated (parameters, derived parameters, dt): `exact` computes
    // its propagator from them, and its coefficients may use nothing else.
    lang::Values constants;
};

struct Integration {
    lang::Code code; // one step of every differential variable, in a block; empty without equations
    Method method = Method::RK4;
};

// Checks the equations against `scope` (the names the model's sim code may use; every differential
// variable must be one of its writable floating state variables) and writes one integration step.
// With no method given: exact when the system is linear with constant coefficients, else
// exponential Euler when each equation is linear in its own variable, else RK4. Throws
// lang::CodeError naming the model, field "equations", line and column.
Integration integrate(const IntegrationRequest& request, const lang::Scope& scope, const lang::Options& options);

// At group creation: every differential variable of `equations` is declared in `vars` and has an
// initial value (from `inits` or its declaration). Throws spikegen::Error starting with `where`.
void checkDifferentialVariables(const std::string& where, const std::string& model, const std::string& equations,
                                const std::vector<VarDecl>& vars, const VarInits& inits);

} // namespace spikegen::equations
