#include "core/model/validation.h"

#include "core/error.h"
#include "core/lang/evaluator.h"
#include "core/lang/types.h"
#include "core/model/network.h"
#include "core/model/safe_names.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace spikegen {
namespace {

std::string joinQuoted(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "'" : ", '") + n + "'";
    return out.empty() ? "none" : out;
}

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string shortNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// A value of `what` that the network's precision cannot hold would be printed as inf or 0.
void checkRepresentable(const std::string& what, double value, const NetworkOptions* network)
{
    if (!std::isfinite(value))
        throw Error(what + " is not a finite number");
    if (network && network->precision == Precision::Float && std::fabs(value) > double(std::numeric_limits<float>::max()))
        throw Error(what + " is " + shortNumber(value) +
                    ", beyond the range of single precision; use Precision::Double");
}

} // namespace

std::string suggestName(const std::string& name, const std::vector<std::string>& candidates)
{
    std::string best;
    std::size_t bestDistance = 3;
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(name, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best.empty() ? "" : "did you mean '" + best + "'?";
}

namespace {

// The kinds of variables a descriptor declares, with the word used in messages.
struct VarList {
    const std::vector<VarDecl>* vars;
    const char* kind;
};

std::vector<VarList> varListsOf(const ModelBase& model) { return {{&model.vars, "variable"}}; }
std::vector<VarList> varListsOf(const WeightUpdateModel& model)
{
    return {{&model.vars, "variable"}, {&model.preVars, "presynaptic variable"}, {&model.postVars, "postsynaptic variable"}};
}

void validateDescriptorWith(const std::string& where, const ModelBase& model, const std::vector<VarList>& lists)
{
    if (auto problem = nameProblem(model.name))
        throw Error(where + ": model name " + printable(model.name) + " " + *problem);
    const std::string what = where + ", model '" + model.name + "'";
    std::set<std::string> seen;
    auto declare = [&](const std::string& name, const char* kind) {
        if (auto problem = nameProblem(name))
            throw Error(what + ": " + kind + " name " + printable(name) + " " + *problem);
        if (!seen.insert(name).second)
            throw Error(what + ": the name '" + name + "' is declared twice (" + kind + ")");
    };
    for (const auto& p : model.params)
        declare(p, "parameter");
    for (const auto& d : model.derivedParams) {
        declare(d.name, "derived parameter");
        if (!d.compute)
            throw Error(what + ": derived parameter '" + d.name + "' has no function");
    }
    // Expressions are compiled here so that a bad one is reported before any value is computed.
    std::vector<std::string> paramsAndDt = model.params;
    paramsAndDt.push_back("dt");
    try {
        for (const auto& d : model.derivedParams)
            if (!d.expression.empty())
                lang::compileHostExpression(d.expression, paramsAndDt, {"", "derived parameter '" + d.name + "'"});
        for (const auto& c : model.paramChecks)
            lang::compileHostExpression(c.expression, model.params, {"", "parameter check"}, lang::Type::Bool);
    } catch (const lang::CodeError& e) {
        throw Error(what + ": " + e.what());
    }
    for (const auto& c : model.paramChecks)
        if (auto problem = controlCharacterProblem(c.message))
            throw Error(what + ": the message of parameter check '" + c.expression + "' " + *problem);
    for (const auto& list : lists)
        for (const auto& v : *list.vars) {
            declare(v.name, list.kind);
            if (!lang::parseType(v.type, lang::Type::Float))
                throw Error(what + ": " + list.kind + " '" + v.name + "' has unknown type " + printable(v.type) +
                            " (use scalar, float, double, int, unsigned or bool)");
            if (v.initial && !std::isfinite(*v.initial))
                throw Error(what + ": the initial value of " + list.kind + " '" + v.name + "' is not a finite number");
        }
}

void validateVarInitsWith(const std::string& where, const ModelBase& model, const std::vector<VarList>& lists,
                          const VarInits& inits, const NetworkOptions* network)
{
    const std::string what = where + ", model '" + model.name + "'";
    std::vector<std::string> varNames;
    for (const auto& list : lists)
        for (const auto& v : *list.vars)
            varNames.push_back(v.name);
    for (const auto& list : lists)
        for (const auto& v : *list.vars) {
            if (!inits.count(v.name) && !v.initial)
                throw Error(what + ": " + list.kind + " '" + v.name + "' has no initial value (variables: " +
                            joinQuoted(varNames) + ")");
            if (!inits.count(v.name))
                checkRepresentable(what + ": the initial value of " + list.kind + " '" + v.name + "'", *v.initial,
                                   network);
        }
    for (const auto& [name, init] : inits) {
        if (std::find(varNames.begin(), varNames.end(), name) == varNames.end()) {
            const std::string hint = suggestName(name, varNames);
            throw Error(what + ": initial value for unknown variable " + printable(name) +
                        (hint.empty() ? "" : "; " + hint) + " (variables: " + joinQuoted(varNames) + ")");
        }
        const std::string initWhere = what + ", initialiser of variable '" + name + "'";
        validateDescriptor(initWhere, init.snippet);
        validateParams(initWhere, init.snippet, init.params, network);
    }
}

} // namespace

void validateDescriptor(const std::string& where, const ModelBase& model)
{
    validateDescriptorWith(where, model, varListsOf(model));
}

void validateDescriptor(const std::string& where, const WeightUpdateModel& model)
{
    validateDescriptorWith(where, model, varListsOf(model));
}

void validateParams(const std::string& where, const ModelBase& model, const ParamValues& values,
                    const NetworkOptions* network)
{
    const std::string what = where + ", model '" + model.name + "'";
    for (const auto& p : model.params)
        if (!values.count(p))
            throw Error(what + ": missing value for parameter '" + p + "' (parameters: " +
                        joinQuoted(model.params) + ")");
    for (const auto& [name, value] : values) {
        if (std::find(model.params.begin(), model.params.end(), name) == model.params.end()) {
            const std::string hint = suggestName(name, model.params);
            throw Error(what + ": unknown parameter " + printable(name) + (hint.empty() ? "" : "; " + hint) +
                        " (parameters: " + joinQuoted(model.params) + ")");
        }
        checkRepresentable(what + ": parameter '" + name + "'", value, network);
    }
    if (model.checkParams)
        if (auto problem = model.checkParams(values))
            throw Error(what + ": " + *problem);
    for (const auto& c : model.paramChecks) {
        const lang::Values known(values.begin(), values.end());
        if (lang::evaluateHostExpression(c.expression, known, {model.name, "parameter check"}, lang::Type::Bool) == 0.0)
            throw Error(what + ": " + (c.message.empty() ? "the parameters do not satisfy '" + c.expression + "'" : c.message));
    }
    if (network)
        for (const auto& d : model.derivedParams)
            checkRepresentable(what + ": derived parameter '" + d.name + "'", d.compute(values, network->dt), network);
}

void validateVarInits(const std::string& where, const ModelBase& model, const VarInits& inits,
                      const NetworkOptions* network)
{
    validateVarInitsWith(where, model, varListsOf(model), inits, network);
}

void validateVarInits(const std::string& where, const WeightUpdateModel& model, const VarInits& inits,
                      const NetworkOptions* network)
{
    validateVarInitsWith(where, model, varListsOf(model), inits, network);
}

} // namespace spikegen
