// Explicit Runge-Kutta steps: Euler (order 1), midpoint RK2 (order 2) and classic RK4 (order 4).
// Stage values are locals; every right-hand side is evaluated at the stage's state and time, and
// inputs that are not state (Isyn, non-differential variables) are held at their value for the step.
#include "core/equations/system.h"

#include <functional>

namespace spikegen::equations {
namespace {

// The right-hand sides at the state given by `stateOf(i)` and time t + timeOffset.
std::vector<Sym> rhsAt(const OdeSystem& system, const std::function<Sym(std::size_t)>& stateOf, Sym timeOffset)
{
    std::map<std::string, Sym> at;
    for (std::size_t i = 0; i < system.vars.size(); ++i) at[system.vars[i]] = stateOf(i);
    if (!isNumber(timeOffset, 0.0)) at["t"] = add(symbol("t"), timeOffset);
    std::vector<Sym> result;
    for (const Sym& f : system.rhs) result.push_back(substitute(f, at));
    return result;
}

// "const scalar eq_k1_V = ...;" for each variable.
void declareStage(std::string& code, const OdeSystem& system, const std::string& stage, const std::vector<Sym>& values)
{
    for (std::size_t i = 0; i < system.vars.size(); ++i)
        code += "const scalar eq_" + stage + "_" + system.vars[i] + " = " + toCode(values[i]) + ";\n";
}

Sym stageLocal(const std::string& stage, const std::string& var) { return symbol("eq_" + stage + "_" + var); }

} // namespace

std::string explicitStep(const OdeSystem& system, Method method)
{
    const Sym dt = symbol("dt"), halfDt = mul(number(0.5), symbol("dt"));
    auto own = [&](std::size_t i) { return symbol(system.vars[i]); };
    // x_i + h * k_i of the given stage
    auto advanced = [&](const std::string& stage, Sym h) {
        return [&system, stage, h](std::size_t i) {
            return add(symbol(system.vars[i]), mul(h, stageLocal(stage, system.vars[i])));
        };
    };
    std::string code = "{\n";
    declareStage(code, system, "k1", rhsAt(system, own, number(0.0)));
    std::vector<std::string> increments(system.vars.size());
    switch (method) {
    case Method::Euler:
        for (std::size_t i = 0; i < system.vars.size(); ++i) increments[i] = "dt * eq_k1_" + system.vars[i];
        break;
    case Method::RK2:
        declareStage(code, system, "k2", rhsAt(system, advanced("k1", halfDt), halfDt));
        for (std::size_t i = 0; i < system.vars.size(); ++i) increments[i] = "dt * eq_k2_" + system.vars[i];
        break;
    case Method::RK4:
        declareStage(code, system, "k2", rhsAt(system, advanced("k1", halfDt), halfDt));
        declareStage(code, system, "k3", rhsAt(system, advanced("k2", halfDt), halfDt));
        declareStage(code, system, "k4", rhsAt(system, advanced("k3", dt), dt));
        for (std::size_t i = 0; i < system.vars.size(); ++i) {
            const std::string& x = system.vars[i];
            increments[i] = "dt / 6.0 * (eq_k1_" + x + " + 2.0 * eq_k2_" + x + " + 2.0 * eq_k3_" + x + " + eq_k4_" + x + ")";
        }
        break;
    default: break;
    }
    for (std::size_t i = 0; i < system.vars.size(); ++i) code += system.vars[i] + " += " + increments[i] + ";\n";
    return code + "}\n";
}

} // namespace spikegen::equations
