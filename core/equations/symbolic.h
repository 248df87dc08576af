// Symbolic expressions for the right-hand sides of equations: a small immutable tree that can be
// substituted into, differentiated, simplified and printed back as code-string text. The builders
// below simplify as they build (constant folding, x + 0, x * 1, x * 0, -(-x)), so every tree made
// through them, derivatives included, is already simplified; that is what lets the integrators
// tell "does not depend on V" from the names a tree references.
#pragma once
#include "core/lang/token.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace spikegen::equations {

struct SymNode;
using Sym = std::shared_ptr<const SymNode>;

enum class SymKind {
    Number,      // value
    Symbol,      // name: a parameter, state variable, Isyn, t, ...
    Add,         // args[0] + args[1]
    Mul,         // args[0] * args[1]
    Div,         // args[0] / args[1]
    Neg,         // -args[0]
    Call,        // name(args...): a built-in maths function
    Compare,     // args[0] op args[1] (op: < > <= >= == != && ||), or !args[0] (op: Bang)
    Conditional, // args[0] ? args[1] : args[2]
    Cast,        // (castType)args[0], for non-floating conversions only (floating ones vanish)
};

struct SymNode {
    SymKind kind = SymKind::Number;
    double value = 0.0;
    std::string name;
    lang::TokenKind op = lang::TokenKind::End;
    lang::Type castType = lang::Type::Double;
    std::vector<Sym> args;
};

Sym number(double value);
Sym symbol(std::string name);
Sym add(Sym a, Sym b);
Sym sub(Sym a, Sym b);
Sym mul(Sym a, Sym b);
Sym div(Sym a, Sym b);
Sym neg(Sym a);
Sym call(std::string function, std::vector<Sym> args);
Sym compare(lang::TokenKind op, std::vector<Sym> args);
Sym conditional(Sym condition, Sym whenTrue, Sym whenFalse);
Sym cast(lang::Type type, Sym a);

bool isNumber(const Sym& s, double value);
bool isNumber(const Sym& s);

// Names of the symbols in the tree.
std::set<std::string> symbolsOf(const Sym& s);
bool dependsOn(const Sym& s, const std::string& name);

// The tree with each symbol in `replacements` replaced (simplified again on the way up).
Sym substitute(const Sym& s, const std::map<std::string, Sym>& replacements);

// d s / d name, simplified. Throws spikegen::Error naming the function when s calls a function
// of `name` that has no derivative rule here (e.g. floor).
Sym derivative(const Sym& s, const std::string& name);

// Code-string text (C syntax): numbers print so that they read back exactly and stay floating.
std::string toCode(const Sym& s);

} // namespace spikegen::equations
