// Symbolic expressions: simplifying builders, substitution, derivatives and printing.
#include "core/equations/symbolic.h"

#include "core/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>

namespace spikegen::equations {
namespace {

using lang::TokenKind;

Sym make(SymKind kind, std::vector<Sym> args, std::string name = {}, TokenKind op = TokenKind::End)
{
    auto n = std::make_shared<SymNode>();
    n->kind = kind;
    n->args = std::move(args);
    n->name = std::move(name);
    n->op = op;
    return n;
}

// Printing precedence, higher binds tighter.
constexpr int kConditional = 1, kAdd = 10, kMul = 11, kUnary = 13, kPrimary = 14;
int comparePrecedence(TokenKind op) { return lang::binaryPrecedence(op) + 1; } // || 2 ... relational 8

std::string numberText(double value)
{
    char text[40];
    // The shortest text that reads back to the same double.
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, std::fabs(value));
        if (std::strtod(text, nullptr) == std::fabs(value)) break;
    }
    std::string s = text;
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return value < 0 || (value == 0 && std::signbit(value)) ? "(-" + s + ")" : s;
}

std::string print(const Sym& s, int required);

std::string printBare(const Sym& s, int& precedence)
{
    precedence = kPrimary;
    switch (s->kind) {
    case SymKind::Number: return numberText(s->value);
    case SymKind::Symbol: return s->name;
    case SymKind::Add:
        precedence = kAdd;
        if (s->args[1]->kind == SymKind::Neg)
            return print(s->args[0], kAdd) + " - " + print(s->args[1]->args[0], kAdd + 1);
        if (isNumber(s->args[1]) && s->args[1]->value < 0)
            return print(s->args[0], kAdd) + " - " + print(number(-s->args[1]->value), kAdd + 1);
        return print(s->args[0], kAdd) + " + " + print(s->args[1], kAdd + 1);
    case SymKind::Mul:
        precedence = kMul;
        return print(s->args[0], kMul) + " * " + print(s->args[1], kMul + 1);
    case SymKind::Div:
        precedence = kMul;
        return print(s->args[0], kMul) + " / " + print(s->args[1], kMul + 1);
    case SymKind::Neg: precedence = kUnary; return "-" + print(s->args[0], kUnary + 1);
    case SymKind::Call: {
        std::string text = s->name + "(";
        for (std::size_t i = 0; i < s->args.size(); ++i) text += (i ? ", " : "") + print(s->args[i], 0);
        return text + ")";
    }
    case SymKind::Compare:
        if (s->op == TokenKind::Bang) {
            precedence = kUnary;
            return "!" + print(s->args[0], kUnary + 1);
        }
        precedence = comparePrecedence(s->op);
        return print(s->args[0], precedence) + " " + lang::spelling(s->op) + " " + print(s->args[1], precedence + 1);
    case SymKind::Conditional:
        precedence = kConditional;
        return print(s->args[0], kConditional + 1) + " ? " + print(s->args[1], kConditional) + " : " +
               print(s->args[2], kConditional);
    case SymKind::Cast: return std::string(lang::typeName(s->castType)) + "(" + print(s->args[0], 0) + ")";
    }
    return {};
}

std::string print(const Sym& s, int required)
{
    int precedence = kPrimary;
    std::string text = printBare(s, precedence);
    return precedence < required ? "(" + text + ")" : text;
}

void collectSymbols(const Sym& s, std::set<std::string>& out)
{
    if (s->kind == SymKind::Symbol) out.insert(s->name);
    for (const auto& a : s->args) collectSymbols(a, out);
}

bool sameTree(const Sym& a, const Sym& b)
{
    if (a == b) return true;
    if (a->kind != b->kind || a->name != b->name || a->op != b->op || a->args.size() != b->args.size()) return false;
    if (a->kind == SymKind::Number && a->value != b->value) return false;
    for (std::size_t i = 0; i < a->args.size(); ++i)
        if (!sameTree(a->args[i], b->args[i])) return false;
    return true;
}

} // namespace

Sym number(double value)
{
    auto n = std::make_shared<SymNode>();
    n->kind = SymKind::Number;
    n->value = value;
    return n;
}

Sym symbol(std::string name) { return make(SymKind::Symbol, {}, std::move(name)); }

bool isNumber(const Sym& s) { return s->kind == SymKind::Number; }
bool isNumber(const Sym& s, double value) { return isNumber(s) && s->value == value; }

Sym add(Sym a, Sym b)
{
    if (isNumber(a) && isNumber(b)) return number(a->value + b->value);
    if (isNumber(a, 0.0)) return b;
    if (isNumber(b, 0.0)) return a;
    return make(SymKind::Add, {std::move(a), std::move(b)});
}

Sym sub(Sym a, Sym b)
{
    if (sameTree(a, b)) return number(0.0); // x - x: what makes d(V - V)/dV vanish
    return add(std::move(a), neg(std::move(b)));
}

Sym mul(Sym a, Sym b)
{
    if (isNumber(a) && isNumber(b)) return number(a->value * b->value);
    if (isNumber(a) && a->value < 0) return neg(mul(number(-a->value), std::move(b)));
    if (isNumber(a, 0.0) || isNumber(b, 0.0)) return number(0.0);
    if (isNumber(a, 1.0)) return b;
    if (isNumber(b, 1.0)) return a;
    if (isNumber(a, -1.0)) return neg(b);
    if (isNumber(b, -1.0)) return neg(a);
    // Signs move outwards, so that -a * -b folds to a * b.
    if (a->kind == SymKind::Neg) return neg(mul(a->args[0], std::move(b)));
    if (b->kind == SymKind::Neg) return neg(mul(std::move(a), b->args[0]));
    return make(SymKind::Mul, {std::move(a), std::move(b)});
}

Sym div(Sym a, Sym b)
{
    if (isNumber(a) && isNumber(b) && b->value != 0.0) return number(a->value / b->value);
    if (isNumber(a, 0.0)) return number(0.0);
    if (isNumber(a) && a->value < 0) return neg(div(number(-a->value), std::move(b)));
    if (isNumber(b, 1.0)) return a;
    if (isNumber(b, -1.0)) return neg(a);
    if (a->kind == SymKind::Neg) return neg(div(a->args[0], std::move(b)));
    if (b->kind == SymKind::Neg) return neg(div(std::move(a), b->args[0]));
    return make(SymKind::Div, {std::move(a), std::move(b)});
}

Sym neg(Sym a)
{
    if (isNumber(a)) return number(-a->value);
    if (a->kind == SymKind::Neg) return a->args[0];
    return make(SymKind::Neg, {std::move(a)});
}

Sym call(std::string function, std::vector<Sym> args) { return make(SymKind::Call, std::move(args), std::move(function)); }

Sym compare(TokenKind op, std::vector<Sym> args) { return make(SymKind::Compare, std::move(args), {}, op); }

Sym conditional(Sym condition, Sym whenTrue, Sym whenFalse)
{
    if (sameTree(whenTrue, whenFalse)) return whenTrue;
    return make(SymKind::Conditional, {std::move(condition), std::move(whenTrue), std::move(whenFalse)});
}

Sym cast(lang::Type type, Sym a)
{
    auto n = make(SymKind::Cast, {std::move(a)});
    std::const_pointer_cast<SymNode>(n)->castType = type;
    return n;
}

std::set<std::string> symbolsOf(const Sym& s)
{
    std::set<std::string> out;
    collectSymbols(s, out);
    return out;
}

bool dependsOn(const Sym& s, const std::string& name) { return symbolsOf(s).count(name) > 0; }

Sym substitute(const Sym& s, const std::map<std::string, Sym>& replacements)
{
    std::vector<Sym> args;
    for (const auto& a : s->args) args.push_back(substitute(a, replacements));
    switch (s->kind) {
    case SymKind::Number: return s;
    case SymKind::Symbol: {
        const auto it = replacements.find(s->name);
        return it == replacements.end() ? s : it->second;
    }
    case SymKind::Add: return add(args[0], args[1]);
    case SymKind::Mul: return mul(args[0], args[1]);
    case SymKind::Div: return div(args[0], args[1]);
    case SymKind::Neg: return neg(args[0]);
    case SymKind::Call: return call(s->name, std::move(args));
    case SymKind::Compare: return compare(s->op, std::move(args));
    case SymKind::Conditional: return conditional(args[0], args[1], args[2]);
    case SymKind::Cast: return cast(s->castType, args[0]);
    }
    return s;
}

namespace {

// d f(u) / du for a one-argument maths function, or null when there is no rule.
Sym outerDerivative(const std::string& f, const Sym& u)
{
    using std::numbers::ln2, std::numbers::ln10, std::numbers::pi;
    if (f == "exp" || f == "expm1") return call("exp", {u});
    if (f == "exp2") return mul(number(ln2), call("exp2", {u}));
    if (f == "log") return div(number(1.0), u);
    if (f == "log1p") return div(number(1.0), add(number(1.0), u));
    if (f == "log2") return div(number(1.0 / ln2), u);
    if (f == "log10") return div(number(1.0 / ln10), u);
    if (f == "sqrt") return div(number(0.5), call("sqrt", {u}));
    if (f == "cbrt") return div(call("cbrt", {u}), mul(number(3.0), u));
    if (f == "sin") return call("cos", {u});
    if (f == "cos") return neg(call("sin", {u}));
    if (f == "tan") return add(number(1.0), mul(call("tan", {u}), call("tan", {u})));
    if (f == "sinh") return call("cosh", {u});
    if (f == "cosh") return call("sinh", {u});
    if (f == "tanh") return sub(number(1.0), mul(call("tanh", {u}), call("tanh", {u})));
    if (f == "atan") return div(number(1.0), add(number(1.0), mul(u, u)));
    if (f == "erf") return mul(number(2.0 / std::sqrt(pi)), call("exp", {neg(mul(u, u))}));
    if (f == "erfc") return mul(number(-2.0 / std::sqrt(pi)), call("exp", {neg(mul(u, u))}));
    if (f == "fabs" || f == "abs")
        return conditional(compare(lang::TokenKind::GreaterEq, {u, number(0.0)}), number(1.0), number(-1.0));
    return nullptr;
}

} // namespace

Sym derivative(const Sym& s, const std::string& name)
{
    if (!dependsOn(s, name)) return number(0.0);
    const auto& a = s->args;
    switch (s->kind) {
    case SymKind::Number: return number(0.0);
    case SymKind::Symbol: return number(1.0);
    case SymKind::Add: return add(derivative(a[0], name), derivative(a[1], name));
    case SymKind::Mul: return add(mul(derivative(a[0], name), a[1]), mul(a[0], derivative(a[1], name)));
    case SymKind::Div:
        return sub(div(derivative(a[0], name), a[1]), div(mul(a[0], derivative(a[1], name)), mul(a[1], a[1])));
    case SymKind::Neg: return neg(derivative(a[0], name));
    case SymKind::Compare:
    case SymKind::Cast: return number(0.0); // piecewise constant
    case SymKind::Conditional: return conditional(a[0], derivative(a[1], name), derivative(a[2], name));
    case SymKind::Call: {
        const std::string& f = s->name;
        if (f == "pow") {
            if (!dependsOn(a[1], name)) // u^c: c u^(c-1) u'
                return mul(mul(a[1], call("pow", {a[0], sub(a[1], number(1.0))})), derivative(a[0], name));
            return mul(s, add(mul(derivative(a[1], name), call("log", {a[0]})),
                              div(mul(a[1], derivative(a[0], name)), a[0])));
        }
        if (f == "fmin" || f == "fmax" || f == "min" || f == "max") {
            const auto op = f == "fmin" || f == "min" ? lang::TokenKind::LessEq : lang::TokenKind::GreaterEq;
            return conditional(compare(op, {a[0], a[1]}), derivative(a[0], name), derivative(a[1], name));
        }
        if (a.size() == 1)
            if (Sym outer = outerDerivative(f, a[0])) return mul(outer, derivative(a[0], name));
        throw Error("'" + f + "' has no derivative rule");
    }
    }
    return number(0.0);
}

std::string toCode(const Sym& s) { return print(s, 0); }

} // namespace spikegen::equations
