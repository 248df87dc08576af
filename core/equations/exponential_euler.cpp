// Exponential Euler for conditionally linear equations: dx/dt = A x + B where A and B may depend on
// the other variables but not on x. Over one step A and B are held at their values at the start,
// and the linear equation is solved exactly: x_new = x + (A x + B) (exp(A dt) - 1) / A.
#include "core/equations/system.h"

#include "core/error.h"

namespace spikegen::equations {

std::string exponentialEulerStep(const OdeSystem& system)
{
    std::string declarations, updates;
    for (std::size_t i = 0; i < system.vars.size(); ++i) {
        const std::string& x = system.vars[i];
        auto fail = [&](std::string problem, std::string hint) {
            throw lang::CodeError(system.where, system.lines[i], system.columns[i], std::move(problem), std::move(hint));
        };
        Sym linear;
        try {
            linear = derivative(system.rhs[i], x);
        } catch (const lang::CodeError&) {
            throw;
        } catch (const Error& e) {
            fail(std::string("exponential_euler cannot differentiate the equation of '") + x + "': " + e.what(),
                 "use rk4 or euler");
        }
        if (dependsOn(linear, x))
            fail("exponential_euler: the equation of '" + x + "' is not linear in " + x,
                 "its coefficient of " + x + ", " + toCode(linear) + ", depends on " + x + "; use rk4 or euler");
        const Sym rest = substitute(system.rhs[i], {{x, number(0.0)}});
        if (isNumber(linear, 0.0)) { // no x in its own equation: exponential Euler is Euler here
            declarations += "const scalar eq_B_" + x + " = " + toCode(rest) + ";\n";
            updates += x + " += dt * eq_B_" + x + ";\n";
            continue;
        }
        declarations += "const scalar eq_A_" + x + " = " + toCode(linear) + ";\n";
        declarations += "const scalar eq_B_" + x + " = " + toCode(rest) + ";\n";
        // expm1(A dt) / A tends to dt as A -> 0; the guard keeps an A that is exactly 0 at run time finite.
        updates += x + " += (eq_A_" + x + " * " + x + " + eq_B_" + x + ") * (eq_A_" + x + " != 0.0 ? expm1(eq_A_" + x +
                   " * dt) / eq_A_" + x + " : dt);\n";
    }
    // Every coefficient from the state at the start of the step, then every update.
    return "{\n" + declarations + updates + "}\n";
}

} // namespace spikegen::equations
