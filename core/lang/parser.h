// Recursive-descent parser: tokens -> syntax tree. Reports the first syntax error as a CodeError
// that says what was expected.
#pragma once
#include "core/lang/ast.h"
#include "core/lang/code_error.h"

#include <vector>

namespace spikegen::lang {

// Deepest nesting of parentheses, prefix operators or statements accepted, and the greatest
// height of an expression tree ("a+b+c+..." is a tree as high as it is long). They keep the
// recursive passes (parser, type checker, printer) within a small, bounded stack.
inline constexpr int kMaxNesting = 200;
inline constexpr int kMaxTreeHeight = 1000;

// A sequence of statements, returned as a Block.
std::unique_ptr<ast::Stmt> parseStatements(const std::vector<Token>& tokens, const SourceRef& where);

// A single expression followed by the end of the code.
std::unique_ptr<ast::Expr> parseExpression(const std::vector<Token>& tokens, const SourceRef& where);

} // namespace spikegen::lang
