// The names a code string may use: variables and special functions supplied by code generation
// (model parameters, state variables, t, dt, id, uniform(), addToPost(), ...). Built-in maths
// functions (exp, sqrt, fmin, ...) are known to the language itself and need no entry here.
#pragma once
#include "core/lang/types.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spikegen::lang {

struct Variable {
    std::string name;      // as written in the code string
    Type type;
    bool writable = false; // parameters, t, dt, id are read-only
    std::string emitted;   // text printed for it in generated code, e.g. "l_V" or "d_g[syn]"
    // Why a read-only variable cannot be written here (the hint of the error), when the general
    // one ("parameters, t, dt and indices cannot be changed") does not fit.
    std::string readOnlyHint = {};
};

// A function with a fixed signature whose printed form is chosen by code generation.
// Arguments are converted to the parameter types (as in C) before `emit` sees their text.
struct Function {
    std::string name;
    std::vector<Type> params;
    std::optional<Type> result; // nothing: a statement-only call (void)
    std::function<std::string(const std::vector<std::string>& args)> emit;
    // Refuse bool arguments (whose implicit conversion to 0 or 1 is almost always a mistake), as the
    // built-in maths functions do.
    bool numbersOnly = false;
};

class Scope {
public:
    // A scope may extend a parent; lookups fall back to it. The parent must outlive this scope.
    explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}

    // Throws spikegen::Error if the name is already defined in this scope.
    void add(Variable variable);
    void add(Function function);

    const Variable* findVariable(const std::string& name) const;
    const Function* findFunction(const std::string& name) const;
    // Every visible name, for "did you mean" hints.
    std::vector<std::string> names() const;
    // Every visible variable (this scope's first, then its parents' ones that are not hidden).
    std::vector<const Variable*> variables() const;

private:
    const Scope* parent_;
    std::map<std::string, Variable> variables_;
    std::map<std::string, Function> functions_;
};

} // namespace spikegen::lang
