// Inside core/equations: the checked system of ODEs that the integrators turn into code-string text.
#pragma once
#include "core/equations/equations.h"
#include "core/equations/symbolic.h"

namespace spikegen::equations {

// dx_i/dt = rhs[i] for each differential variable x_i (subexpressions already substituted).
struct OdeSystem {
    lang::SourceRef where;             // model, field "equations"
    std::vector<std::string> vars;     // x_i
    std::vector<Sym> rhs;
    std::vector<int> lines, columns;   // where "dx_i/dt" is written
    lang::Values constants;            // names with values known at build time (params, dt)
};

// The right-hand side of `equation`, compiled against `scope` (errors point into the equations
// text) and turned into a symbolic tree. Refuses what has no meaning in an ODE: assignments, calls
// of scope functions (random numbers), integer division and bitwise operators.
Sym compileRightHandSide(const Equation& equation, const lang::Scope& scope, const lang::Options& options,
                         const lang::SourceRef& where);

// One step, as code-string statements in a block. Each throws lang::CodeError naming the variable
// and its line when the method does not apply to the system.
std::string explicitStep(const OdeSystem& system, Method method); // Euler, RK2, RK4
std::string exponentialEulerStep(const OdeSystem& system);
std::string exactStep(const OdeSystem& system, double dt);

} // namespace spikegen::equations
