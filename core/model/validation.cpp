#include "core/model/validation.h"

#include "core/error.h"
#include "core/lang/evaluator.h"
#include "core/lang/types.h"

#include <algorithm>
#include <cctype>
#include <cmath>
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

bool isIdentifier(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
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

void validateDescriptor(const std::string& where, const ModelBase& model)
{
    const std::string what = where + ", model '" + model.name + "'";
    std::set<std::string> seen;
    auto declare = [&](const std::string& name, const char* kind) {
        if (!isIdentifier(name))
            throw Error(what + ": " + kind + " name '" + name + "' is not a valid identifier");
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
    for (const auto& v : model.vars) {
        declare(v.name, "variable");
        if (!lang::parseType(v.type, lang::Type::Float))
            throw Error(what + ": variable '" + v.name + "' has unknown type '" + v.type +
                        "' (use scalar, float, double, int, unsigned or bool)");
    }
}

void validateParams(const std::string& where, const ModelBase& model, const ParamValues& values)
{
    const std::string what = where + ", model '" + model.name + "'";
    for (const auto& p : model.params)
        if (!values.count(p))
            throw Error(what + ": missing value for parameter '" + p + "' (parameters: " +
                        joinQuoted(model.params) + ")");
    for (const auto& [name, value] : values) {
        if (std::find(model.params.begin(), model.params.end(), name) == model.params.end()) {
            const std::string hint = suggestName(name, model.params);
            throw Error(what + ": unknown parameter '" + name + "'" + (hint.empty() ? "" : "; " + hint) +
                        " (parameters: " + joinQuoted(model.params) + ")");
        }
        if (!std::isfinite(value))
            throw Error(what + ": parameter '" + name + "' is not a finite number");
    }
    if (model.checkParams)
        if (auto problem = model.checkParams(values))
            throw Error(what + ": " + *problem);
    for (const auto& c : model.paramChecks) {
        const lang::Values known(values.begin(), values.end());
        if (lang::evaluateHostExpression(c.expression, known, {model.name, "parameter check"}, lang::Type::Bool) == 0.0)
            throw Error(what + ": " + (c.message.empty() ? "the parameters do not satisfy '" + c.expression + "'" : c.message));
    }
}

void validateVarInits(const std::string& where, const ModelBase& model, const VarInits& inits)
{
    const std::string what = where + ", model '" + model.name + "'";
    std::vector<std::string> varNames;
    for (const auto& v : model.vars)
        varNames.push_back(v.name);
    for (const auto& v : model.vars)
        if (!inits.count(v.name) && !v.initial)
            throw Error(what + ": variable '" + v.name + "' has no initial value (variables: " +
                        joinQuoted(varNames) + ")");
    for (const auto& [name, init] : inits) {
        if (std::find(varNames.begin(), varNames.end(), name) == varNames.end()) {
            const std::string hint = suggestName(name, varNames);
            throw Error(what + ": initial value for unknown variable '" + name + "'" +
                        (hint.empty() ? "" : "; " + hint) + " (variables: " + joinQuoted(varNames) + ")");
        }
        const std::string initWhere = what + ", initialiser of variable '" + name + "'";
        validateDescriptor(initWhere, init.snippet);
        validateParams(initWhere, init.snippet, init.params);
    }
}

} // namespace spikegen
