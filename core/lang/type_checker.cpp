// Type checker for the code-string language. One pass over the tree: resolve, type, convert.
#include "core/lang/type_checker.h"

#include "core/lang/builtins.h"
#include "core/lang/lexer.h"
#include "core/lang/names.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace spikegen::lang {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Resolved;
using ast::Stmt;
using ast::StmtKind;

struct Local {
    Type type;
    bool isConst;
    int line, column;
};

// bool takes part in arithmetic as int (C's integer promotion).
Type promote(Type type) { return type == Type::Bool ? Type::Int : type; }

// Usual arithmetic conversions of C for the types of this language.
Type common(Type a, Type b)
{
    a = promote(a);
    b = promote(b);
    auto rank = [](Type t) {
        switch (t) {
        case Type::Int: return 0;
        case Type::Unsigned: return 1;
        case Type::Float: return 2;
        default: return 3;
        }
    };
    return rank(a) >= rank(b) ? a : b;
}

std::string quoted(Type type) { return std::string("'") + typeName(type) + "'"; }

// The binary operator behind a compound assignment: '+=' -> '+'.
TokenKind compoundOperator(TokenKind kind)
{
    switch (kind) {
    case TokenKind::PlusAssign: return TokenKind::Plus;
    case TokenKind::MinusAssign: return TokenKind::Minus;
    case TokenKind::StarAssign: return TokenKind::Star;
    case TokenKind::SlashAssign: return TokenKind::Slash;
    case TokenKind::PercentAssign: return TokenKind::Percent;
    case TokenKind::AmpAssign: return TokenKind::Amp;
    case TokenKind::PipeAssign: return TokenKind::Pipe;
    case TokenKind::CaretAssign: return TokenKind::Caret;
    case TokenKind::ShlAssign: return TokenKind::Shl;
    case TokenKind::ShrAssign: return TokenKind::Shr;
    default: return TokenKind::End;
    }
}

// The compound assignment of a binary operator: '+' -> '+='; End if there is none.
TokenKind compoundAssignment(TokenKind op)
{
    for (TokenKind kind : {TokenKind::PlusAssign, TokenKind::MinusAssign, TokenKind::StarAssign,
                           TokenKind::SlashAssign, TokenKind::PercentAssign, TokenKind::AmpAssign,
                           TokenKind::PipeAssign, TokenKind::CaretAssign, TokenKind::ShlAssign,
                           TokenKind::ShrAssign})
        if (compoundOperator(kind) == op) return kind;
    return TokenKind::End;
}

bool hasSideEffects(const Expr& e)
{
    if (e.kind == ExprKind::Assign || e.kind == ExprKind::IncDec) return true;
    if (e.kind == ExprKind::Call && e.resolved == Resolved::ScopeFunction) return true;
    return std::any_of(e.operands.begin(), e.operands.end(),
                       [](const auto& operand) { return hasSideEffects(*operand); });
}

// Identifiers in a variable's printed text ("d_g[syn]" -> d_g, syn): a local of that name would
// capture them in generated code.
void collectIdentifiers(const std::string& text, std::set<std::string>& out)
{
    for (size_t i = 0; i < text.size();) {
        if (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_') {
            size_t j = i;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
            out.insert(text.substr(i, j - i));
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
        } else {
            ++i;
        }
    }
}

class Checker {
public:
    Checker(const Scope& scope, const Options& options, const SourceRef& where)
        : scope_(scope), options_(options), where_(where)
    {
    }

    CheckResult result;

    void block(Stmt& stmt)
    {
        locals_.emplace_back();
        for (auto& child : stmt.children) statement(*child);
        locals_.pop_back();
    }

    // A value of exactly `type`, for compileExpression.
    void expressionOf(std::unique_ptr<Expr>& e, Type type)
    {
        if (type == Type::Bool)
            condition(e);
        else
            value(e);
        convert(e, type);
    }

private:
    [[noreturn]] void fail(int line, int column, std::string problem, std::string hint = {}) const
    {
        throw CodeError(where_, line, column, std::move(problem), std::move(hint));
    }

    // --- statements ---------------------------------------------------------------------------
    void statement(Stmt& stmt)
    {
        switch (stmt.kind) {
        case StmtKind::Expression: {
            expression(stmt.expr, /*allowVoid=*/true);
            if (!hasSideEffects(*stmt.expr)) {
                const Expr& e = *stmt.expr;
                std::string hint;
                if (e.kind == ExprKind::Binary && e.op == TokenKind::EqEq) hint = "did you mean '='?";
                else if (e.kind == ExprKind::Binary && compoundAssignment(e.op) != TokenKind::End)
                    hint = std::string("did you mean '") + spelling(compoundAssignment(e.op)) + "'?";
                fail(e.line, e.column, "statement has no effect", hint);
            }
            break;
        }
        case StmtKind::Declaration: declaration(stmt); break;
        case StmtKind::Block: block(stmt); break;
        case StmtKind::If:
            condition(stmt.expr);
            for (auto& child : stmt.children) statement(*child);
            break;
        case StmtKind::While:
        case StmtKind::DoWhile:
            condition(stmt.expr);
            loop(*stmt.children[0]);
            break;
        case StmtKind::For:
            locals_.emplace_back(); // a variable declared in the initialisation lives in the loop
            if (stmt.init) {
                if (stmt.init->kind == StmtKind::Declaration)
                    declaration(*stmt.init);
                else
                    expression(stmt.init->expr, true);
            }
            if (stmt.expr) condition(stmt.expr);
            if (stmt.step) expression(stmt.step, true);
            loop(*stmt.children[0]);
            locals_.pop_back();
            break;
        case StmtKind::Break:
        case StmtKind::Continue:
            if (loopDepth_ == 0)
                fail(stmt.line, stmt.column,
                     std::string("'") + (stmt.kind == StmtKind::Break ? "break" : "continue") +
                         "' outside a loop");
            break;
        case StmtKind::Empty: break;
        }
    }

    void loop(Stmt& body)
    {
        ++loopDepth_;
        statement(body);
        --loopDepth_;
    }

    void declaration(Stmt& stmt)
    {
        for (auto& declarator : stmt.declarators) {
            checkNewName(declarator);
            if (declarator.init) {
                value(declarator.init);
                convert(declarator.init, stmt.declType);
            } else if (stmt.isConst) {
                fail(declarator.line, declarator.column,
                     "constant '" + declarator.name + "' needs an initial value");
            }
            locals_.back()[declarator.name] =
                Local{stmt.declType, stmt.isConst, declarator.line, declarator.column};
        }
    }

    // Locals print under their own name, so the name must mean nothing else anywhere.
    void checkNewName(const ast::Declarator& d)
    {
        const std::string& name = d.name;
        if (const Local* local = findLocal(name))
            fail(d.line, d.column, "'" + name + "' is already defined",
                 "it is declared at line " + std::to_string(local->line) + ", column " +
                     std::to_string(local->column) + "; choose another name");
        if (scope_.findVariable(name) || scope_.findFunction(name))
            fail(d.line, d.column, "'" + name + "' is already defined",
                 "it is a name of the model; choose another name for the local variable");
        if (findBuiltin(name) >= 0 || isPrintedBuiltinName(name))
            fail(d.line, d.column, "'" + name + "' is the name of a built-in function",
                 "choose another name for the local variable");
        if (std::string by = reservedBy(name); !by.empty())
            fail(d.line, d.column, "'" + name + "' is a reserved word", "it is reserved by " + by +
                                                                             "; choose another name, e.g. '" +
                                                                             name + "_'");
        if (emittedIdentifiers().count(name))
            fail(d.line, d.column, "'" + name + "' is used by the generated code",
                 "choose another name for the local variable");
    }

    const std::set<std::string>& emittedIdentifiers()
    {
        if (!emittedIdentifiersReady_) {
            for (const Variable* variable : scope_.variables())
                collectIdentifiers(variable->emitted, emittedIdentifiers_);
            emittedIdentifiersReady_ = true;
        }
        return emittedIdentifiers_;
    }

    const Local* findLocal(const std::string& name) const
    {
        for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
            if (auto found = it->find(name); found != it->end()) return &found->second;
        return nullptr;
    }

    // --- expressions --------------------------------------------------------------------------
    // A condition accepts any value, but not a plain assignment: "if (V = Vth)" is a typo.
    void condition(std::unique_ptr<Expr>& e)
    {
        value(e);
        if (e->kind == ExprKind::Assign && e->op == TokenKind::Assign)
            fail(e->opLine, e->opColumn, "assignment used as a condition", "did you mean '=='?");
    }

    // An expression that must have a value (not a call of a void function).
    void value(std::unique_ptr<Expr>& e)
    {
        expression(e, false);
        if (e->isVoid)
            fail(e->line, e->column, "'" + e->name + "' does not return a value",
                 "call it as a statement of its own");
    }

    // Wraps `e` in an implicit conversion to `to`. Literals are converted in place instead, so
    // that "float x = 1" prints as "x = 1.0f" rather than "x = (float)(1)".
    void convert(std::unique_ptr<Expr>& e, Type to)
    {
        if (e->type == to || convertLiteral(*e, to)) return;
        auto cast = std::make_unique<Expr>();
        cast->kind = ExprKind::Cast;
        cast->implicit = true;
        cast->castType = cast->type = to;
        cast->line = cast->opLine = e->line;
        cast->column = cast->opColumn = e->column;
        cast->depth = e->depth + 1;
        cast->operands.push_back(std::move(e));
        e = std::move(cast);
    }

    // Converts a literal to `to` as C would at compile time; false where a cast is clearer
    // (to bool, floating to integer, an unsigned literal too large for int).
    static bool convertLiteral(Expr& e, Type to)
    {
        if (e.kind != ExprKind::Literal || to == Type::Bool) return false;
        if (isFloating(e.type)) {
            if (!isFloating(to)) return false;
            e.floatValue = to == Type::Float ? double(float(e.floatValue)) : e.floatValue;
        } else if (isFloating(to)) {
            e.floatValue = to == Type::Float ? double(float(e.intValue)) : double(e.intValue);
        } else if (to == Type::Int && e.intValue > 2147483647u) {
            return false;
        }
        e.type = to;
        return true;
    }

    void expression(std::unique_ptr<Expr>& e, bool allowVoid)
    {
        switch (e->kind) {
        case ExprKind::Literal: break; // typed by the parser
        case ExprKind::Name: name(*e); break;
        case ExprKind::Unary: unary(*e); break;
        case ExprKind::Binary: binary(*e); break;
        case ExprKind::Assign: assign(*e); break;
        case ExprKind::IncDec: incDec(*e); break;
        case ExprKind::Conditional: {
            condition(e->operands[0]);
            value(e->operands[1]);
            value(e->operands[2]);
            const Type a = e->operands[1]->type, b = e->operands[2]->type;
            e->type = a == Type::Bool && b == Type::Bool ? Type::Bool : common(a, b);
            break;
        }
        case ExprKind::Call: call(*e); break;
        case ExprKind::Cast:
            value(e->operands[0]);
            e->type = e->castType;
            break;
        }
        (void)allowVoid; // void is rejected by value() where a value is needed
    }

    void name(Expr& e)
    {
        if (const Local* local = findLocal(e.name)) {
            e.resolved = Resolved::Local;
            e.type = local->type;
            return;
        }
        if (const Variable* variable = scope_.findVariable(e.name)) {
            e.resolved = Resolved::ScopeVariable;
            e.type = variable->type;
            e.emitted = variable->emitted;
            result.referenced.insert(e.name);
            return;
        }
        if (scope_.findFunction(e.name) || findBuiltin(e.name) >= 0)
            fail(e.line, e.column, "'" + e.name + "' is a function", "call it as '" + e.name + "(...)'");
        std::string hint = didYouMean(e.name, candidates());
        if (hint.empty() && !reservedBy(e.name).empty())
            hint = "'" + e.name + "' is a reserved word of " + reservedBy(e.name);
        fail(e.line, e.column, "unknown name '" + e.name + "'", hint);
    }

    // Every name visible here, for "did you mean" hints.
    std::vector<std::string> candidates() const
    {
        std::vector<std::string> names = scope_.names();
        for (const auto& level : locals_)
            for (const auto& [n, local] : level) names.push_back(n);
        for (auto& n : builtinNames()) names.push_back(std::move(n));
        return names;
    }

    [[noreturn]] void operandError(const Expr& e, const Expr& operand, const char* need,
                                   std::string hint)
    {
        const char* which = e.operands.size() == 1 ? "the operand"
                            : &operand == e.operands[0].get() ? "the left operand"
                                                              : "the right operand";
        fail(e.opLine, e.opColumn,
             std::string("operator '") + spelling(e.op) + "' needs " + need + " operands, but " +
                 which + " is " + quoted(operand.type),
             std::move(hint));
    }

    // Type of `left op right` for an arithmetic, bitwise or shift operator; errors at `e`.
    Type arithmetic(const Expr& e, TokenKind op, const Expr& left, const Expr& right)
    {
        switch (op) {
        case TokenKind::Percent:
            for (const Expr* operand : {&left, &right})
                if (isFloating(operand->type))
                    operandError(e, *operand, "integer",
                                 "use fmod(a, b) for the remainder of floating-point numbers");
            break;
        case TokenKind::Amp: case TokenKind::Pipe: case TokenKind::Caret:
        case TokenKind::Shl: case TokenKind::Shr:
            for (const Expr* operand : {&left, &right})
                if (isFloating(operand->type))
                    operandError(e, *operand, "integer",
                                 "bitwise operators work on int and unsigned int only");
            if ((op == TokenKind::Shl || op == TokenKind::Shr) && right.kind == ExprKind::Literal &&
                right.intValue >= 32)
                fail(right.line, right.column, "shift by " + std::to_string(right.intValue) +
                                                   " bits; int and unsigned int have 32");
            if (op == TokenKind::Shl || op == TokenKind::Shr) return promote(left.type);
            break;
        case TokenKind::Slash:
            if (isInteger(promote(left.type)) && isInteger(promote(right.type)) &&
                right.kind == ExprKind::Literal && right.intValue == 0)
                fail(right.line, right.column, "integer division by zero");
            break;
        default: break;
        }
        return common(left.type, right.type);
    }

    void binary(Expr& e)
    {
        value(e.operands[0]);
        value(e.operands[1]);
        const Expr& left = *e.operands[0];
        const Expr& right = *e.operands[1];
        switch (e.op) {
        case TokenKind::Less: case TokenKind::Greater: case TokenKind::LessEq:
        case TokenKind::GreaterEq: case TokenKind::EqEq: case TokenKind::NotEq:
        case TokenKind::AmpAmp: case TokenKind::PipePipe:
            e.type = Type::Bool;
            break;
        default: e.type = arithmetic(e, e.op, left, right); break;
        }
    }

    void unary(Expr& e)
    {
        value(e.operands[0]);
        const Type operand = e.operands[0]->type;
        switch (e.op) {
        case TokenKind::Bang: e.type = Type::Bool; break;
        case TokenKind::Tilde:
            if (isFloating(operand))
                operandError(e, *e.operands[0], "integer",
                             "bitwise operators work on int and unsigned int only");
            e.type = promote(operand);
            break;
        default: e.type = promote(operand); break;
        }
    }

    // The target of an assignment or of ++/--: a writable variable. Records scope variables.
    void target(const Expr& e, const Expr& lhs, const std::string& what)
    {
        if (lhs.kind != ExprKind::Name)
            fail(lhs.line, lhs.column, "cannot assign to an expression",
                 "the left of '" + what + "' must be a variable");
        if (lhs.resolved == Resolved::Local) {
            const Local* local = findLocal(lhs.name);
            if (local->isConst)
                fail(lhs.line, lhs.column, "cannot assign to constant '" + lhs.name + "'",
                     "it is declared 'const' at line " + std::to_string(local->line));
            return;
        }
        const Variable* variable = scope_.findVariable(lhs.name);
        if (!variable->writable)
            fail(lhs.line, lhs.column, "cannot assign to read-only '" + lhs.name + "'",
                 variable->readOnlyHint.empty()
                     ? "parameters, t, dt and indices cannot be changed; copy it into a local variable"
                     : variable->readOnlyHint);
        result.assigned.insert(lhs.name);
        (void)e;
    }

    void assign(Expr& e)
    {
        value(e.operands[0]);
        value(e.operands[1]);
        target(e, *e.operands[0], spelling(e.op));
        const Type type = e.operands[0]->type;
        if (e.op == TokenKind::Assign) {
            convert(e.operands[1], type);
        } else {
            arithmetic(e, compoundOperator(e.op), *e.operands[0], *e.operands[1]);
        }
        e.type = type;
    }

    void incDec(Expr& e)
    {
        value(e.operands[0]);
        target(e, *e.operands[0], spelling(e.op));
        if (e.operands[0]->type == Type::Bool)
            fail(e.opLine, e.opColumn, std::string("operator '") + spelling(e.op) + "' cannot be applied to a 'bool'",
                 "assign true or false instead");
        e.type = e.operands[0]->type;
    }

    void call(Expr& e)
    {
        if (const Function* function = scope_.findFunction(e.name)) {
            scopeCall(e, *function);
            return;
        }
        const int index = findBuiltin(e.name);
        if (index < 0) {
            if (findLocal(e.name) || scope_.findVariable(e.name))
                fail(e.line, e.column, "'" + e.name + "' is a variable, not a function",
                     "is an operator missing before '('?");
            std::vector<std::string> functions = builtinNames();
            for (const auto& n : scope_.names())
                if (scope_.findFunction(n)) functions.push_back(n);
            fail(e.line, e.column, "unknown function '" + e.name + "'", didYouMean(e.name, functions));
        }
        const BuiltinFunction& function = builtin(index);
        checkArity(e, function.arity);
        std::vector<Type> types;
        for (size_t i = 0; i < e.operands.size(); ++i) {
            value(e.operands[i]);
            if (e.operands[i]->type == Type::Bool)
                fail(e.operands[i]->line, e.operands[i]->column,
                     "argument " + std::to_string(i + 1) + " of '" + e.name + "' is a 'bool'",
                     "'" + e.name + "' takes numbers; convert explicitly if you mean 0 or 1");
            types.push_back(e.operands[i]->type);
        }
        const Type overload = builtinOverload(function, types, options_.scalar);
        if (function.kind == BuiltinFunction::Kind::Abs && overload == Type::Unsigned)
            fail(e.line, e.column, "'abs' of an 'unsigned int' value", "it is never negative: drop abs()");
        for (auto& operand : e.operands) convert(operand, overload);
        e.resolved = Resolved::Builtin;
        e.builtin = index;
        e.builtinType = overload;
        e.ownMaths = options_.deterministicMaths && usesOwnMaths(function, overload);
        e.type = builtinResult(function, overload);
    }

    void scopeCall(Expr& e, const Function& function)
    {
        checkArity(e, int(function.params.size()));
        for (size_t i = 0; i < e.operands.size(); ++i) {
            value(e.operands[i]);
            if (function.numbersOnly && e.operands[i]->type == Type::Bool)
                fail(e.operands[i]->line, e.operands[i]->column,
                     "argument " + std::to_string(i + 1) + " of '" + e.name + "' is a 'bool'",
                     "'" + e.name + "' takes numbers; convert explicitly if you mean 0 or 1");
            convert(e.operands[i], function.params[i]);
        }
        e.resolved = Resolved::ScopeFunction;
        e.function = function;
        e.isVoid = !function.result.has_value();
        e.type = function.result.value_or(Type::Int);
        result.referenced.insert(e.name);
    }

    void checkArity(const Expr& e, int arity)
    {
        if (int(e.operands.size()) == arity) return;
        auto count = [](int n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
        fail(e.line, e.column,
             "'" + e.name + "' takes " + count(arity) + ", but " + std::to_string(e.operands.size()) +
                 (e.operands.size() == 1 ? " was" : " were") + " given");
    }

    const Scope& scope_;
    const Options& options_;
    const SourceRef& where_;
    std::vector<std::map<std::string, Local>> locals_;
    int loopDepth_ = 0;
    std::set<std::string> emittedIdentifiers_;
    bool emittedIdentifiersReady_ = false;
};

} // namespace

CheckResult checkStatements(ast::Stmt& block, const Scope& scope, const Options& options,
                            const SourceRef& where)
{
    Checker checker(scope, options, where);
    checker.block(block);
    return std::move(checker.result);
}

CheckResult checkExpression(std::unique_ptr<ast::Expr>& expr, Type expected, const Scope& scope,
                            const Options& options, const SourceRef& where)
{
    Checker checker(scope, options, where);
    checker.expressionOf(expr, expected);
    return std::move(checker.result);
}

} // namespace spikegen::lang
