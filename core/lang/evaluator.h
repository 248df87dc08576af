// Host-side evaluation of code-string expressions, for values that must be known before code is
// generated: derived parameters ("exp(-dt / TauM)"), parameter constraints ("prob <= 1") and row
// length bounds of connectivity. Written as code strings (rather than C++ functions) these can be
// stored in model files; evaluating the checked syntax tree keeps one language for both uses.
#pragma once
#include "core/lang/code.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace spikegen::lang {

using Values = std::map<std::string, double>;

// A scope in which each of `names` is a read-only double variable.
Scope hostScope(const std::vector<std::string>& names);

// Compiles `source` as an expression over `names` (read-only doubles) with `scalar` = double, so
// that literals and maths are evaluated in double precision. Throws CodeError on a bad expression,
// and also when it calls a scope function or assigns (nothing to call or change on the host).
Code compileHostExpression(std::string_view source, const std::vector<std::string>& names,
                           const SourceRef& where, Type expected = Type::Double);

// The value of an expression compiled by compileExpression. Every scope variable it refers to must
// be in `values`. Follows C: integer division truncates, int arithmetic wraps at 32 bits, float
// results are rounded to float. Bool results are 0 or 1.
double evaluate(const Code& expression, const Values& values);

// compileHostExpression over the names of `values`, then evaluate.
double evaluateHostExpression(std::string_view source, const Values& values, const SourceRef& where,
                              Type expected = Type::Double);

} // namespace spikegen::lang
