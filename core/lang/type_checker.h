// Type checker: resolves names against the Scope and the local variables, computes the type of
// every expression (usual arithmetic conversions of C), inserts implicit conversions where a value
// changes type (assignment, initialisation, arguments), and rejects what C would reject or what
// is almost certainly a mistake in a model (writing a parameter, '%' on floats, ...).
#pragma once
#include "core/lang/ast.h"
#include "core/lang/code.h"

#include <set>
#include <string>

namespace spikegen::lang {

struct CheckResult {
    std::set<std::string> referenced; // scope variables and scope functions used
    std::set<std::string> assigned;   // scope variables written
};

// Annotates `block` (a Block from parseStatements) in place. Throws CodeError.
CheckResult checkStatements(ast::Stmt& block, const Scope& scope, const Options& options,
                            const SourceRef& where);

// Annotates `expr` in place and converts it to `expected`. Throws CodeError.
CheckResult checkExpression(std::unique_ptr<ast::Expr>& expr, Type expected, const Scope& scope,
                            const Options& options, const SourceRef& where);

} // namespace spikegen::lang
