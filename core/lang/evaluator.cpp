// Walks a type-checked expression tree and computes its value on the host. The type checker has
// resolved names and chosen overloads; operands of binary operators are not converted by it, so
// this file applies C's usual arithmetic conversions itself (as the printed C code would).
#include "core/lang/evaluator.h"

#include "core/lang/ast.h"
#include "core/lang/builtins.h"

#include <cmath>
#include <cstdint>

namespace spikegen::lang {
namespace {

using ast::Expr;
using ast::ExprKind;

// One value of any language type: integers in `i`, floating values in `f`.
struct Value {
    Type type = Type::Double;
    std::int64_t i = 0;
    double f = 0.0;

    double asDouble() const { return isFloating(type) ? f : double(i); }
    bool truth() const { return isFloating(type) ? f != 0.0 : i != 0; }
};

Value make(Type type, double f, std::int64_t i) { return Value{type, i, f}; }

// C conversion of `v` to `to` (int and unsigned are 32 bits wide, as in generated code).
Value convert(const Value& v, Type to)
{
    switch (to) {
    case Type::Bool: return make(to, 0.0, v.truth() ? 1 : 0);
    case Type::Int:
        return make(to, 0.0, isFloating(v.type) ? std::int64_t(std::int32_t(v.f)) : std::int64_t(std::int32_t(v.i)));
    case Type::Unsigned:
        return make(to, 0.0,
                    isFloating(v.type) ? std::int64_t(std::uint32_t(v.f)) : std::int64_t(std::uint32_t(v.i)));
    case Type::Float: return make(to, double(float(v.asDouble())), 0);
    case Type::Double: return make(to, v.asDouble(), 0);
    }
    return v;
}

Type promoted(Type t) { return t == Type::Bool ? Type::Int : t; }

Type commonType(Type a, Type b)
{
    auto rank = [](Type t) { return t == Type::Int ? 0 : t == Type::Unsigned ? 1 : t == Type::Float ? 2 : 3; };
    a = promoted(a);
    b = promoted(b);
    return rank(a) >= rank(b) ? a : b;
}

[[noreturn]] void unsupported(const Code& code, const Expr& e, const std::string& what)
{
    throw CodeError(code.source(), e.line, e.column, what + " cannot be evaluated on the host",
                    "use parameters, dt, literals and maths functions only");
}

class Evaluator {
public:
    Evaluator(const Code& code, const Values& values) : code_(code), values_(values) {}

    Value eval(const Expr& e)
    {
        switch (e.kind) {
        case ExprKind::Literal:
            return isFloating(e.type) ? make(e.type, e.floatValue, 0) : make(e.type, 0.0, std::int64_t(e.intValue));
        case ExprKind::Name: return name(e);
        case ExprKind::Unary: return unary(e);
        case ExprKind::Binary: return binary(e);
        case ExprKind::Conditional:
            return convert(eval(*e.operands[0]).truth() ? eval(*e.operands[1]) : eval(*e.operands[2]), e.type);
        case ExprKind::Call: return call(e);
        case ExprKind::Cast: return convert(eval(*e.operands[0]), e.castType);
        case ExprKind::Assign:
        case ExprKind::IncDec: unsupported(code_, e, "an assignment");
        }
        unsupported(code_, e, "this expression");
    }

private:
    Value name(const Expr& e)
    {
        if (e.resolved != ast::Resolved::ScopeVariable) unsupported(code_, e, "a local variable");
        const auto it = values_.find(e.name);
        if (it == values_.end())
            throw CodeError(code_.source(), e.line, e.column, "no value for '" + e.name + "'");
        return convert(make(Type::Double, it->second, 0), e.type);
    }

    Value unary(const Expr& e)
    {
        const Value v = convert(eval(*e.operands[0]), e.op == TokenKind::Bang ? Type::Bool : e.type);
        switch (e.op) {
        case TokenKind::Bang: return make(Type::Bool, 0.0, v.i ? 0 : 1);
        case TokenKind::Minus: return isFloating(v.type) ? make(v.type, -v.f, 0) : convert(make(v.type, 0.0, -v.i), v.type);
        case TokenKind::Tilde: return convert(make(v.type, 0.0, ~v.i), v.type);
        default: return v; // unary plus
        }
    }

    Value binary(const Expr& e)
    {
        // && and || do not evaluate their right operand when the left decides, as in C.
        if (e.op == TokenKind::AmpAmp)
            return make(Type::Bool, 0.0, eval(*e.operands[0]).truth() && eval(*e.operands[1]).truth());
        if (e.op == TokenKind::PipePipe)
            return make(Type::Bool, 0.0, eval(*e.operands[0]).truth() || eval(*e.operands[1]).truth());
        const Value left = eval(*e.operands[0]), right = eval(*e.operands[1]);
        const bool shift = e.op == TokenKind::Shl || e.op == TokenKind::Shr;
        const Type type = shift ? promoted(left.type) : commonType(left.type, right.type);
        const Value a = convert(left, type), b = convert(right, shift ? Type::Int : type);
        const bool floating = isFloating(type);
        auto compare = [&](bool result) { return make(Type::Bool, 0.0, result ? 1 : 0); };
        auto number = [&](double f, std::int64_t i) { return floating ? convert(make(Type::Double, f, 0), type) : convert(make(type, 0.0, i), type); };
        switch (e.op) {
        case TokenKind::Less: return compare(floating ? a.f < b.f : a.i < b.i);
        case TokenKind::Greater: return compare(floating ? a.f > b.f : a.i > b.i);
        case TokenKind::LessEq: return compare(floating ? a.f <= b.f : a.i <= b.i);
        case TokenKind::GreaterEq: return compare(floating ? a.f >= b.f : a.i >= b.i);
        case TokenKind::EqEq: return compare(floating ? a.f == b.f : a.i == b.i);
        case TokenKind::NotEq: return compare(floating ? a.f != b.f : a.i != b.i);
        case TokenKind::Plus: return number(a.f + b.f, a.i + b.i);
        case TokenKind::Minus: return number(a.f - b.f, a.i - b.i);
        case TokenKind::Star: return number(a.f * b.f, a.i * b.i);
        case TokenKind::Slash:
            if (!floating && b.i == 0) throw CodeError(code_.source(), e.opLine, e.opColumn, "integer division by zero");
            return number(floating ? a.f / b.f : 0.0, floating ? 0 : a.i / b.i);
        case TokenKind::Percent:
            if (b.i == 0) throw CodeError(code_.source(), e.opLine, e.opColumn, "integer remainder by zero");
            return number(0.0, a.i % b.i);
        case TokenKind::Amp: return number(0.0, a.i & b.i);
        case TokenKind::Pipe: return number(0.0, a.i | b.i);
        case TokenKind::Caret: return number(0.0, a.i ^ b.i);
        case TokenKind::Shl: return number(0.0, std::int64_t(std::uint64_t(a.i) << (b.i & 31)));
        case TokenKind::Shr: return number(0.0, a.i >> (b.i & 31));
        default: unsupported(code_, e, std::string("operator '") + spelling(e.op) + "'");
        }
    }

    Value call(const Expr& e)
    {
        if (e.resolved != ast::Resolved::Builtin) unsupported(code_, e, "a call of '" + e.name + "'");
        const BuiltinFunction& function = builtin(e.builtin);
        std::vector<Value> args;
        for (const auto& operand : e.operands) args.push_back(convert(eval(*operand), e.builtinType));
        if (!isFloating(e.builtinType)) { // integer min, max, abs
            const std::int64_t x = args[0].i;
            if (function.name == "abs") return convert(make(e.builtinType, 0.0, x < 0 ? -x : x), e.type);
            const std::int64_t y = args[1].i;
            return make(e.builtinType, 0.0, function.name == "min" ? std::min(x, y) : std::max(x, y));
        }
        const double x = args[0].f, y = args.size() > 1 ? args[1].f : 0.0, z = args.size() > 2 ? args[2].f : 0.0;
        if (function.kind == BuiltinFunction::Kind::Classify) {
            const bool r = function.name == "isnan" ? std::isnan(x) : function.name == "isinf" ? std::isinf(x) : std::isfinite(x);
            return make(Type::Bool, 0.0, r ? 1 : 0);
        }
        return convert(make(Type::Double, maths(e, function.name, x, y, z), 0), e.type);
    }

    double maths(const Expr& e, std::string_view n, double x, double y, double z)
    {
        if (n == "exp") return std::exp(x);
        if (n == "expm1") return std::expm1(x);
        if (n == "exp2") return std::exp2(x);
        if (n == "log") return std::log(x);
        if (n == "log1p") return std::log1p(x);
        if (n == "log2") return std::log2(x);
        if (n == "log10") return std::log10(x);
        if (n == "sqrt") return std::sqrt(x);
        if (n == "cbrt") return std::cbrt(x);
        if (n == "pow") return std::pow(x, y);
        if (n == "fabs" || n == "abs") return std::fabs(x);
        if (n == "fmin" || n == "min") return std::fmin(x, y);
        if (n == "fmax" || n == "max") return std::fmax(x, y);
        if (n == "fmod") return std::fmod(x, y);
        if (n == "floor") return std::floor(x);
        if (n == "ceil") return std::ceil(x);
        if (n == "round") return std::round(x);
        if (n == "trunc") return std::trunc(x);
        if (n == "sin") return std::sin(x);
        if (n == "cos") return std::cos(x);
        if (n == "tan") return std::tan(x);
        if (n == "asin") return std::asin(x);
        if (n == "acos") return std::acos(x);
        if (n == "atan") return std::atan(x);
        if (n == "atan2") return std::atan2(x, y);
        if (n == "sinh") return std::sinh(x);
        if (n == "cosh") return std::cosh(x);
        if (n == "tanh") return std::tanh(x);
        if (n == "hypot") return std::hypot(x, y);
        if (n == "copysign") return std::copysign(x, y);
        if (n == "erf") return std::erf(x);
        if (n == "erfc") return std::erfc(x);
        if (n == "fma") return std::fma(x, y, z);
        if (n == "fdim") return std::fdim(x, y);
        unsupported(code_, e, "'" + std::string(n) + "'");
    }

    const Code& code_;
    const Values& values_;
};

} // namespace

Scope hostScope(const std::vector<std::string>& names)
{
    Scope scope;
    for (const auto& n : names) scope.add(Variable{n, Type::Double, false, n});
    return scope;
}

Code compileHostExpression(std::string_view source, const std::vector<std::string>& names,
                           const SourceRef& where, Type expected)
{
    const Scope scope = hostScope(names);
    Options options;
    options.scalar = Type::Double;
    return compileExpression(source, scope, where, expected, options);
}

double evaluate(const Code& expression, const Values& values)
{
    if (!expression.isExpression() || !expression.syntaxTree())
        throw Error("evaluate: the code is not a compiled expression");
    const Value v = Evaluator(expression, values).eval(static_cast<const Expr&>(*expression.syntaxTree()));
    return v.asDouble();
}

double evaluateHostExpression(std::string_view source, const Values& values, const SourceRef& where, Type expected)
{
    std::vector<std::string> names;
    for (const auto& [n, v] : values) names.push_back(n);
    return evaluate(compileHostExpression(source, names, where, expected), values);
}

} // namespace spikegen::lang
