// Names a code string may use, with lookup falling back to the parent scope.
#include "core/lang/scope.h"

#include "core/error.h"
#include "core/lang/lexer.h"
#include "core/lang/names.h"

#include <algorithm>

namespace spikegen::lang {
namespace {

// A scope name that is not an identifier, or is a keyword of the language, could never be
// written in a code string: that is a bug in the model description, so say so early.
void checkName(const std::string& name, const char* what)
{
    if (!isIdentifier(name))
        throw Error("scope " + std::string(what) + " '" + name + "' is not a valid identifier");
    if (isLanguageKeyword(name))
        throw Error("scope " + std::string(what) + " '" + name +
                    "' is a keyword of the code-string language");
}

} // namespace

void Scope::add(Variable variable)
{
    checkName(variable.name, "variable");
    if (variables_.count(variable.name) || functions_.count(variable.name))
        throw Error("name '" + variable.name + "' is already defined in this scope");
    if (variable.emitted.empty()) variable.emitted = variable.name;
    auto name = variable.name;
    variables_.emplace(std::move(name), std::move(variable));
}

void Scope::add(Function function)
{
    checkName(function.name, "function");
    if (variables_.count(function.name) || functions_.count(function.name))
        throw Error("name '" + function.name + "' is already defined in this scope");
    if (!function.emit) throw Error("scope function '" + function.name + "' has no emit");
    auto name = function.name;
    functions_.emplace(std::move(name), std::move(function));
}

const Variable* Scope::findVariable(const std::string& name) const
{
    // A name defined here (as anything) hides the parent's definition of the same name.
    if (auto it = variables_.find(name); it != variables_.end()) return &it->second;
    if (functions_.count(name)) return nullptr;
    return parent_ ? parent_->findVariable(name) : nullptr;
}

const Function* Scope::findFunction(const std::string& name) const
{
    if (auto it = functions_.find(name); it != functions_.end()) return &it->second;
    if (variables_.count(name)) return nullptr;
    return parent_ ? parent_->findFunction(name) : nullptr;
}

std::vector<std::string> Scope::names() const
{
    std::vector<std::string> result = parent_ ? parent_->names() : std::vector<std::string>{};
    for (const auto& [name, variable] : variables_) result.push_back(name);
    for (const auto& [name, function] : functions_) result.push_back(name);
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

std::vector<const Variable*> Scope::variables() const
{
    std::vector<const Variable*> result;
    for (const auto& name : names())
        if (const Variable* variable = findVariable(name)) result.push_back(variable);
    return result;
}

} // namespace spikegen::lang
