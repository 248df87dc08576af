// Exact integration of linear systems with constant coefficients, dx/dt = A x + b. A is computed on
// the host from the parameters; b may also hold inputs that are not parameters (Isyn, variables
// without an equation, t), which are held at their value at the start of the step, as GeNN's exact
// LIF does. Then x(t + dt) = P x + Q b with P = exp(A dt) and Q = integral_0^dt exp(A s) ds, both
// read off the exponential of the augmented matrix [[A, I], [0, 0]] dt.
#include "core/equations/system.h"

#include "core/error.h"

#include <cmath>
#include <map>

namespace spikegen::equations {
namespace {

using Matrix = std::vector<std::vector<double>>;

Matrix multiply(const Matrix& a, const Matrix& b)
{
    const std::size_t n = a.size();
    Matrix c(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t j = 0; j < n; ++j) c[i][j] += a[i][k] * b[k][j];
    return c;
}

// exp(M) by scaling and squaring: Taylor series of M / 2^s (norm <= 1/2, 20 terms: below double
// rounding), then s squarings.
Matrix exponential(Matrix m)
{
    const std::size_t n = m.size();
    double norm = 0.0;
    for (const auto& row : m) {
        double sum = 0.0;
        for (double v : row) sum += std::fabs(v);
        norm = std::max(norm, sum);
    }
    int squarings = 0;
    while (norm > 0.5) {
        norm /= 2.0;
        ++squarings;
    }
    for (auto& row : m)
        for (double& v : row) v = std::ldexp(v, -squarings);
    Matrix result(n, std::vector<double>(n, 0.0)), term(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) result[i][i] = term[i][i] = 1.0;
    for (int k = 1; k <= 20; ++k) {
        term = multiply(term, m);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                term[i][j] /= k;
                result[i][j] += term[i][j];
            }
    }
    for (int s = 0; s < squarings; ++s) result = multiply(result, result);
    return result;
}

} // namespace

std::string exactStep(const OdeSystem& system, double dt)
{
    const std::size_t n = system.vars.size();
    Matrix a(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        auto fail = [&](std::string problem, std::string hint) {
            throw lang::CodeError(system.where, system.lines[i], system.columns[i], std::move(problem), std::move(hint));
        };
        for (std::size_t j = 0; j < n; ++j) {
            Sym coefficient;
            try {
                coefficient = derivative(system.rhs[i], system.vars[j]);
            } catch (const lang::CodeError&) {
                throw;
            } catch (const Error& e) {
                fail("exact: the equation of '" + system.vars[i] + "' is not linear: " + e.what(), "use rk4");
            }
            for (const std::string& name : symbolsOf(coefficient)) {
                for (const std::string& x : system.vars)
                    if (name == x)
                        fail("exact: the system is not linear: the coefficient of " + system.vars[j] + " in d" +
                                 system.vars[i] + "/dt depends on " + x,
                             "the coefficient is " + toCode(coefficient) + "; use exponential_euler or rk4");
                if (!system.constants.count(name))
                    fail("exact: the coefficient of " + system.vars[j] + " in d" + system.vars[i] +
                             "/dt depends on '" + name + "', which is not a parameter",
                         "exact needs coefficients made of parameters and dt; use exponential_euler or rk4");
            }
            a[i][j] = lang::evaluateHostExpression(toCode(coefficient), system.constants, system.where);
            if (!std::isfinite(a[i][j]))
                fail("exact: the coefficient of " + system.vars[j] + " in d" + system.vars[i] + "/dt is " +
                         (std::isnan(a[i][j]) ? "not a number" : "infinite") + " with these parameter values",
                     "the coefficient is " + toCode(coefficient) + "; is a parameter in a denominator 0?");
        }
    }
    // The augmented exponential: top-left block P, top-right block Q.
    Matrix augmented(2 * n, std::vector<double>(2 * n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) augmented[i][j] = a[i][j] * dt;
        augmented[i][n + i] = dt;
    }
    const Matrix e = exponential(augmented);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < 2 * n; ++j)
            if (!std::isfinite(e[i][j]))
                throw lang::CodeError(system.where, system.lines[i], system.columns[i],
                                      "exact: the propagator of d" + system.vars[i] + "/dt over dt overflows",
                                      "the system grows too fast for this dt; use a smaller dt");

    std::map<std::string, Sym> atZero;
    for (const std::string& x : system.vars) atZero[x] = number(0.0);
    std::string code = "{\n";
    std::vector<Sym> forcing(n);
    std::vector<double> constantForcing(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        const Sym b = substitute(system.rhs[j], atZero);
        bool constant = true;
        for (const std::string& name : symbolsOf(b)) constant = constant && system.constants.count(name) > 0;
        if (constant) {
            constantForcing[j] = lang::evaluateHostExpression(toCode(b), system.constants, system.where);
        } else {
            forcing[j] = symbol("eq_b_" + system.vars[j]);
            code += "const scalar eq_b_" + system.vars[j] + " = " + toCode(b) + ";\n";
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        double offset = 0.0;
        Sym value = number(0.0);
        for (std::size_t j = 0; j < n; ++j) {
            const double p = e[i][j], q = e[i][n + j];
            if (p != 0.0) value = add(value, mul(number(p), symbol(system.vars[j])));
            if (q != 0.0 && forcing[j]) value = add(value, mul(number(q), forcing[j]));
            offset += q * constantForcing[j];
        }
        value = add(value, number(offset));
        code += "const scalar eq_new_" + system.vars[i] + " = " + toCode(value) + ";\n";
    }
    for (const std::string& x : system.vars) code += x + " = eq_new_" + x + ";\n";
    return code + "}\n";
}

} // namespace spikegen::equations
