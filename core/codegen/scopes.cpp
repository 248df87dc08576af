#include "core/codegen/scopes.h"

#include "core/equations/equations.h"
#include "core/lang/code.h"

#include <cmath>
#include <cstdio>

namespace spikegen {

std::string literal(double value, lang::Type type)
{
    char text[64];
    switch (type) {
    case lang::Type::Bool:
        return value != 0.0 ? "true" : "false";
    case lang::Type::Int:
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
        return text;
    case lang::Type::Unsigned:
        std::snprintf(text, sizeof text, "%lluu", static_cast<unsigned long long>(value));
        return text;
    case lang::Type::Float:
        std::snprintf(text, sizeof text, "%.9g", static_cast<double>(static_cast<float>(value)));
        break;
    case lang::Type::Double:
        std::snprintf(text, sizeof text, "%.17g", value);
        break;
    }
    std::string s = text;
    if (s.find_first_of(".eEn") == std::string::npos) // "n": nan/inf cannot occur (params are finite)
        s += ".0";
    if (type == lang::Type::Float)
        s += "f";
    return value < 0 ? "(" + s + ")" : s;
}

void addParams(lang::Scope& scope, const ModelBase& model, const ParamValues& values, double dt,
               lang::Type scalar)
{
    for (const auto& p : model.params)
        scope.add(lang::Variable{p, scalar, false, literal(values.at(p), scalar)});
    for (const auto& d : model.derivedParams)
        scope.add(lang::Variable{d.name, scalar, false, literal(d.compute(values, dt), scalar)});
}

void addRandomFunctions(lang::Scope& scope, lang::Type scalar, bool withIntegers)
{
    const std::string suffix = scalar == lang::Type::Double ? "_d" : "_f";
    for (const char* name : {"uniform", "normal", "exponential"}) {
        const std::string call = std::string("sg_") + name + suffix + "(&sg_rng_state)";
        scope.add(lang::Function{name, {}, scalar, [call](const std::vector<std::string>&) { return call; }});
    }
    // poisson(mean): a count, so unsigned; a bool mean is refused rather than read as 0 or 1.
    scope.add(lang::Function{"poisson", {scalar}, lang::Type::Unsigned,
                             [suffix](const std::vector<std::string>& a) {
                                 return "sg_poisson" + suffix + "(&sg_rng_state, " + a[0] + ")";
                             },
                             true});
    if (withIntegers) {
        scope.add(lang::Function{"uniform_int", {lang::Type::Unsigned}, lang::Type::Unsigned,
                                 [](const std::vector<std::string>& a) { return "sg_uniform_int(&sg_rng_state, " + a[0] + ")"; }});
        scope.add(lang::Function{"binomial", {lang::Type::Unsigned, scalar}, lang::Type::Unsigned,
                                 [suffix](const std::vector<std::string>& a) {
                                     return "sg_binomial" + suffix + "(&sg_rng_state, " + a[0] + ", " + a[1] + ")";
                                 }});
    }
}

void addTime(lang::Scope& scope, lang::Type scalar, double dt)
{
    scope.add(lang::Variable{"t", scalar, false, "t"});
    scope.add(lang::Variable{"dt", scalar, false, literal(dt, scalar)});
}

bool usesRandom(const lang::Code& code)
{
    for (const char* name : {"uniform", "normal", "exponential", "poisson", "uniform_int", "binomial"})
        if (code.references(name))
            return true;
    return false;
}

lang::Code integrateEquations(const ModelBase& model, const std::string& equations, const std::string& method,
                              const ParamValues& params, double dt, const lang::Scope& scope,
                              const lang::Options& options)
{
    equations::IntegrationRequest request{model.name, equations, method, {}, {}};
    for (const auto& v : model.vars) request.stateVars.push_back(v.name);
    for (const auto& [name, value] : params) request.constants[name] = value;
    for (const auto& d : model.derivedParams) request.constants[d.name] = d.compute(params, dt);
    request.constants["dt"] = dt;
    return equations::integrate(request, scope, options).code;
}

} // namespace spikegen
