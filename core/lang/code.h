// Entry points of the code-string language: parse and type-check a code string against a scope,
// then print it for a dialect. Code strings are never pasted into generated code unchecked.
#pragma once
#include "core/lang/code_error.h"
#include "core/lang/scope.h"

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace spikegen::lang {

struct Options {
    Type scalar = Type::Float; // what `scalar` and unsuffixed literals like 1.5 or 1e-3 mean
    // Deterministic mode: calls of the transcendental built-ins whose last bits differ between
    // maths libraries (sin, pow, erf, ...: usesOwnMaths) print spikegen's own functions, the same
    // bits on every target (core/rng/maths_device.inc), instead of the platform's.
    bool deterministicMaths = false;
};

// One printed line and the line of the code string it came from (for mapping compiler errors back).
struct PrintedLine {
    std::string text; // without indentation or newline
    int indent = 0;   // nesting depth inside the printed code
    int sourceLine = 0;
};

namespace ast { struct Node; }

// A parsed and type-checked code string. Immutable; cheap to copy.
class Code {
public:
    Code() = default;
    // Printed statements (or the expression, as one line, for compileExpression).
    // Scope functions print through their `emit`; variables print as `emitted`.
    std::vector<PrintedLine> print(Dialect dialect) const;
    // Convenience: print() joined with newlines (one after each line), indented by 4 spaces per
    // nesting level plus `baseIndent` spaces.
    std::string printText(Dialect dialect, int baseIndent = 0) const;
    // Names of scope variables and scope functions that the code refers to.
    const std::set<std::string>& referencedNames() const { return referenced_; }
    bool references(const std::string& name) const { return referenced_.count(name) > 0; }
    // Scope variables the code assigns to.
    const std::set<std::string>& assignedNames() const { return assigned_; }
    bool empty() const { return root_ == nullptr; }
    bool isExpression() const { return isExpression_; }
    const SourceRef& source() const { return source_; }
    // The checked tree (null for empty code), for tools that walk it, e.g. the host evaluator.
    const ast::Node* syntaxTree() const { return root_.get(); }

private:
    friend class CodeBuilder; // defined in code.cpp: fills a Code from the compiler passes
    // The checked tree: a Block of statements, or an Expr when isExpression_. Shared and never
    // changed after compilation, which makes copies cheap. Printing needs nothing else: names are
    // resolved and scope functions copied into the tree.
    std::shared_ptr<const ast::Node> root_;
    SourceRef source_;
    std::set<std::string> referenced_;
    std::set<std::string> assigned_;
    bool isExpression_ = false;
};

// Statements: "V += (Isyn - V) * dt / C; if (V > 10.0) { ... }". Empty source gives empty Code.
// Throws CodeError on a syntax error, an unknown name, a type error or a write to a read-only name.
Code compileStatements(std::string_view source, const Scope& scope, const SourceRef& where,
                       const Options& options = {});

// One expression converted to `expected` (e.g. a threshold condition: Type::Bool).
Code compileExpression(std::string_view source, const Scope& scope, const SourceRef& where,
                       Type expected, const Options& options = {});

} // namespace spikegen::lang
