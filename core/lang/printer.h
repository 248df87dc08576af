// Printer: a type-checked syntax tree -> C text valid in C++, CUDA C++ and OpenCL C, with the
// dialect deciding only the names of maths functions. Parenthesises by precedence, plus where
// compilers would warn about mixing operators (a & b == c).
#pragma once
#include "core/lang/ast.h"
#include "core/lang/code.h"

#include <string>
#include <vector>

namespace spikegen::lang {

// The statements of a Block, one per line; bodies of if/for/while always get braces.
std::vector<PrintedLine> printStatements(const ast::Stmt& block, Dialect dialect);

std::string printExpression(const ast::Expr& expr, Dialect dialect);

// A literal exactly: "1.5f", "0.1", "3u", "1e+20f". Floating values use the shortest text that
// reads back to the same value, and always contain '.' or 'e' so that they stay floating.
std::string printLiteral(Type type, std::uint64_t intValue, double floatValue);

} // namespace spikegen::lang
