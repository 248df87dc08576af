// Syntax tree of a code string. The parser builds it; the type checker annotates it in place
// (types, resolved names, implicit conversions); the printer only reads it.
#pragma once
#include "core/lang/scope.h"
#include "core/lang/token.h"

#include <memory>
#include <string>
#include <vector>

namespace spikegen::lang::ast {

struct Node {
    int line = 1, column = 1; // where the construct starts in the code string
    virtual ~Node() = default;
};

enum class ExprKind {
    Literal,     // literal: type, intValue / floatValue
    Name,        // name
    Unary,       // op operands[0]: - + ! ~
    Binary,      // operands[0] op operands[1]
    Assign,      // operands[0] op operands[1], op is = or a compound assignment
    IncDec,      // ++/-- (op), prefix or postfix, on operands[0]
    Conditional, // operands[0] ? operands[1] : operands[2]
    Call,        // name(operands...)
    Cast,        // (castType)operands[0]; `implicit` when inserted by the type checker
};

// What a name or call was resolved to by the type checker.
enum class Resolved { Nothing, ScopeVariable, Local, Builtin, ScopeFunction };

struct Expr : Node {
    ExprKind kind = ExprKind::Literal;
    TokenKind op = TokenKind::End;
    int opLine = 1, opColumn = 1; // position of the operator, for type errors
    std::uint64_t intValue = 0;
    double floatValue = 0.0;
    std::string name;
    bool prefix = false;   // IncDec
    bool implicit = false; // Cast
    int depth = 1;         // height of this subtree; the parser bounds it to keep recursion safe
    Type castType = Type::Int;
    std::vector<std::unique_ptr<Expr>> operands;

    // Filled in by the type checker.
    Type type = Type::Int;
    bool isVoid = false;     // a call of a scope function without result
    Resolved resolved = Resolved::Nothing;
    std::string emitted;     // ScopeVariable: its printed text
    int builtin = -1;        // Builtin: index into the built-in function table
    Type builtinType = Type::Float; // Builtin: the overload chosen (argument type)
    bool ownMaths = false;   // Builtin: print spikegen's own function (Options::deterministicMaths)
    Function function;       // ScopeFunction: a copy, so printing does not need the Scope
};

enum class StmtKind { Expression, Declaration, Block, If, While, DoWhile, For, Break, Continue, Empty };

struct Declarator {
    std::string name;
    int line = 1, column = 1;
    std::unique_ptr<Expr> init; // may be null
};

struct Stmt : Node {
    StmtKind kind = StmtKind::Empty;
    // Expression: the expression. If, While, DoWhile, For: the condition (null: for(;;)).
    std::unique_ptr<Expr> expr;
    std::unique_ptr<Expr> step;  // For: the step expression (may be null)
    std::unique_ptr<Stmt> init;  // For: Declaration, Expression or null
    // Block: its statements. If: then, and else if any. While, DoWhile, For: the body.
    std::vector<std::unique_ptr<Stmt>> children;
    // Declaration
    Type declType = Type::Int;
    bool isConst = false;
    std::vector<Declarator> declarators;
    int endLine = 1; // Block: line of the closing brace
};

} // namespace spikegen::lang::ast
