// The compiler's entry points: lex -> parse -> type-check, then print on demand.
#include "core/lang/code.h"

#include "core/lang/ast.h"
#include "core/lang/lexer.h"
#include "core/lang/parser.h"
#include "core/lang/printer.h"
#include "core/lang/type_checker.h"

#include <algorithm>

namespace spikegen::lang {

class CodeBuilder {
public:
    static Code statements(std::string_view source, const Scope& scope, const SourceRef& where,
                           const Options& options)
    {
        Code code;
        code.source_ = where;
        auto block = parseStatements(lex(source, where, options.scalar), where);
        CheckResult checked = checkStatements(*block, scope, options, where);
        code.referenced_ = std::move(checked.referenced);
        code.assigned_ = std::move(checked.assigned);
        // Only comments and whitespace (or empty statements): nothing to print.
        if (!printStatements(*block, Dialect::Cpp).empty()) code.root_ = std::move(block);
        return code;
    }

    static Code expression(std::string_view source, const Scope& scope, const SourceRef& where,
                           Type expected, const Options& options)
    {
        Code code;
        code.source_ = where;
        code.isExpression_ = true;
        auto expr = parseExpression(lex(source, where, options.scalar), where);
        CheckResult checked = checkExpression(expr, expected, scope, options, where);
        code.referenced_ = std::move(checked.referenced);
        code.assigned_ = std::move(checked.assigned);
        code.root_ = std::move(expr);
        return code;
    }

};

std::vector<PrintedLine> Code::print(Dialect dialect) const
{
    if (!root_) return {};
    if (isExpression_) {
        const auto& expr = static_cast<const ast::Expr&>(*root_);
        return {PrintedLine{printExpression(expr, dialect), 0, expr.line}};
    }
    return printStatements(static_cast<const ast::Stmt&>(*root_), dialect);
}

std::string Code::printText(Dialect dialect, int baseIndent) const
{
    std::string text;
    for (const auto& line : print(dialect)) {
        text.append(size_t(std::max(0, baseIndent + 4 * line.indent)), ' ');
        text += line.text;
        text += '\n';
    }
    return text;
}

Code compileStatements(std::string_view source, const Scope& scope, const SourceRef& where,
                       const Options& options)
{
    return CodeBuilder::statements(source, scope, where, options);
}

Code compileExpression(std::string_view source, const Scope& scope, const SourceRef& where,
                       Type expected, const Options& options)
{
    return CodeBuilder::expression(source, scope, where, expected, options);
}

} // namespace spikegen::lang
