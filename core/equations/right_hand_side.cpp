// Right-hand sides: checked by core/lang like any code string, then read into symbolic trees.
#include "core/equations/system.h"

#include "core/lang/ast.h"

namespace spikegen::equations {
namespace {

using lang::TokenKind;
using lang::ast::Expr;
using lang::ast::ExprKind;

class ToSymbolic {
public:
    explicit ToSymbolic(const lang::SourceRef& where) : where_(where) {}

    Sym convert(const Expr& e)
    {
        switch (e.kind) {
        case ExprKind::Literal:
            return number(lang::isFloating(e.type) ? e.floatValue : double(e.intValue));
        case ExprKind::Name: return symbol(e.name);
        case ExprKind::Unary:
            if (e.op == TokenKind::Minus) return neg(convert(*e.operands[0]));
            if (e.op == TokenKind::Plus) return convert(*e.operands[0]);
            if (e.op == TokenKind::Bang) return compare(TokenKind::Bang, {convert(*e.operands[0])});
            fail(e, std::string("operator '") + lang::spelling(e.op) + "' has no place in an equation");
        case ExprKind::Binary: return binary(e);
        case ExprKind::Conditional:
            return conditional(convert(*e.operands[0]), convert(*e.operands[1]), convert(*e.operands[2]));
        case ExprKind::Call: {
            if (e.resolved != lang::ast::Resolved::Builtin)
                fail(e, "'" + e.name + "' cannot be called in an equation",
                     "equations are deterministic; draw random numbers in the sim code");
            std::vector<Sym> args;
            for (const auto& operand : e.operands) args.push_back(convert(*operand));
            return call(e.name, std::move(args));
        }
        case ExprKind::Cast:
            // Conversions between float and double vanish: the printed step is checked again in
            // the network's precision.
            if (lang::isFloating(e.castType)) return convert(*e.operands[0]);
            return cast(e.castType, convert(*e.operands[0]));
        case ExprKind::Assign:
        case ExprKind::IncDec:
            fail(e, "the right-hand side of an equation cannot assign",
                 "an equation gives a derivative or a value; change variables in the sim code");
        }
        fail(e, "this expression has no place in an equation");
    }

private:
    [[noreturn]] void fail(const Expr& e, std::string problem, std::string hint = {}) const
    {
        throw lang::CodeError(where_, e.opLine, e.opColumn, std::move(problem), std::move(hint));
    }

    Sym binary(const Expr& e)
    {
        Sym a = convert(*e.operands[0]), b = convert(*e.operands[1]);
        switch (e.op) {
        case TokenKind::Plus: return add(a, b);
        case TokenKind::Minus: return sub(a, b);
        case TokenKind::Star: return mul(a, b);
        case TokenKind::Slash:
            // Integer division truncates in C; folded as real numbers it would not.
            if (!lang::isFloating(e.type))
                fail(e, "integer division in an equation", "write a floating literal, e.g. 1.0 / 3.0");
            return div(a, b);
        case TokenKind::Less: case TokenKind::Greater: case TokenKind::LessEq: case TokenKind::GreaterEq:
        case TokenKind::EqEq: case TokenKind::NotEq: case TokenKind::AmpAmp: case TokenKind::PipePipe:
            return compare(e.op, {a, b});
        default:
            fail(e, std::string("operator '") + lang::spelling(e.op) + "' has no place in an equation");
        }
    }

    const lang::SourceRef& where_;
};

} // namespace

Sym compileRightHandSide(const Equation& equation, const lang::Scope& scope, const lang::Options& options,
                         const lang::SourceRef& where)
{
    // Padding puts the expression where it stands in the equations, so that every error of the
    // code-string compiler gives the line and column of the equations text.
    const std::string placed = std::string(std::size_t(equation.expressionLine - 1), '\n') +
                               std::string(std::size_t(equation.expressionColumn - 1), ' ') + equation.expression;
    const lang::Code code = lang::compileExpression(placed, scope, where, options.scalar, options);
    return ToSymbolic(where).convert(static_cast<const Expr&>(*code.syntaxTree()));
}

} // namespace spikegen::equations
