// Printer for type-checked code: C that means the same in C++, CUDA C++ and OpenCL C.
#include "core/lang/printer.h"

#include "core/lang/builtins.h"

#include <cctype>
#include <charconv>

namespace spikegen::lang {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Resolved;
using ast::Stmt;
using ast::StmtKind;

// Printing precedence, higher binds tighter. Binary operators sit between kConditional and
// kUnary at kBinaryBase + their level (1 for || ... 10 for * / %).
constexpr int kAssign = 1, kConditional = 2, kBinaryBase = 3, kUnary = 14, kPostfix = 15,
              kPrimary = 16;

// Text supplied by code generation (a variable's `emitted`, a function's `emit`) is used as a
// primary expression only when it plainly is one ("l_V", "d_g[syn]", "uniform(rng)");
// otherwise it is parenthesised wherever an operator surrounds it.
bool isPrimaryText(const std::string& text)
{
    size_t i = 0;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                               text[i] == '.' || text[i] == ':'))
        ++i;
    if (i == 0) return false;
    while (i < text.size()) { // trailing groups: [..] or (..), each closing where it should
        const char open = text[i], close = open == '[' ? ']' : open == '(' ? ')' : '\0';
        if (!close) return false;
        int depth = 0;
        size_t j = i;
        for (; j < text.size(); ++j) {
            if (text[j] == '(' || text[j] == '[') ++depth;
            if (text[j] == ')' || text[j] == ']') --depth;
            if (depth == 0) break;
        }
        if (j == text.size() || text[j] != close) return false;
        i = j + 1;
    }
    return true;
}

class ExpressionPrinter {
public:
    explicit ExpressionPrinter(Dialect dialect) : dialect_(dialect) {}

    // `required`: the lowest precedence printable here without parentheses.
    std::string print(const Expr& e, int required = 0) const
    {
        int precedence = kPrimary;
        std::string text = printBare(e, precedence);
        return precedence < required ? "(" + text + ")" : text;
    }

private:
    std::string printBare(const Expr& e, int& precedence) const
    {
        switch (e.kind) {
        case ExprKind::Literal: return printLiteral(e.type, e.intValue, e.floatValue);
        case ExprKind::Name:
            if (e.resolved == Resolved::ScopeVariable) {
                if (!isPrimaryText(e.emitted)) precedence = 0;
                return e.emitted;
            }
            return e.name;
        case ExprKind::Unary: {
            precedence = kUnary;
            const Expr& operand = *e.operands[0];
            // "-(-x)" and "-(--x)", never "- -x" or "--x".
            const bool nested = operand.kind == ExprKind::Unary ||
                                (operand.kind == ExprKind::IncDec && operand.prefix);
            return spelling(e.op) + print(operand, nested ? kPrimary : kUnary);
        }
        case ExprKind::Cast:
            precedence = kUnary;
            return std::string("(") + typeName(e.castType) + ")(" + print(*e.operands[0]) + ")";
        case ExprKind::IncDec:
            precedence = e.prefix ? kUnary : kPostfix;
            return e.prefix ? spelling(e.op) + print(*e.operands[0], kPrimary)
                            : print(*e.operands[0], kPrimary) + spelling(e.op);
        case ExprKind::Binary: {
            const int level = binaryPrecedence(e.op);
            precedence = kBinaryBase + level;
            return printOperand(e, *e.operands[0], precedence) + " " + spelling(e.op) + " " +
                   printOperand(e, *e.operands[1], precedence + 1);
        }
        case ExprKind::Assign:
            precedence = kAssign;
            return print(*e.operands[0], kUnary) + " " + spelling(e.op) + " " +
                   print(*e.operands[1], kAssign);
        case ExprKind::Conditional:
            precedence = kConditional;
            return print(*e.operands[0], kBinaryBase + 1) + " ? " +
                   print(*e.operands[1], kConditional + 1) + " : " +
                   print(*e.operands[2], kConditional);
        case ExprKind::Call: return printCall(e, precedence);
        }
        return {};
    }

    // Parentheses beyond precedence where readers (and -Wparentheses) would hesitate:
    // "a & (b + c)", "(a && b) || c", "(a < b) == c". Arithmetic inside comparisons and
    // comparisons inside && / || stay bare: "V > 0 && t < 10" is plain to everyone.
    std::string printOperand(const Expr& parent, const Expr& operand, int required) const
    {
        if (operand.kind == ExprKind::Binary) {
            const int p = binaryPrecedence(parent.op), o = binaryPrecedence(operand.op);
            const bool bitwiseParent = p == 3 || p == 4 || p == 5 || p == 8;
            if ((bitwiseParent && (operand.op != parent.op || p == 8)) || (p == 1 && o == 2) ||
                ((p == 6 || p == 7) && (o == 6 || o == 7)))
                return "(" + print(operand) + ")";
        }
        return print(operand, required);
    }

    std::string printCall(const Expr& e, int& precedence) const
    {
        std::vector<std::string> args;
        for (const auto& operand : e.operands) args.push_back(print(*operand, kAssign));
        if (e.resolved == Resolved::Builtin)
            return printBuiltinCall(builtin(e.builtin), e.builtinType, dialect_, args, e.ownMaths);
        std::string text = e.function.emit(args);
        if (!isPrimaryText(text)) precedence = 0;
        return text;
    }

    Dialect dialect_;
};

class StatementPrinter {
public:
    explicit StatementPrinter(Dialect dialect) : expressions_(dialect) {}

    std::vector<PrintedLine> lines;

    void body(const Stmt& stmt, int indent)
    {
        if (stmt.kind == StmtKind::Block)
            for (const auto& child : stmt.children) statement(*child, indent);
        else
            statement(stmt, indent);
    }

private:
    void line(std::string text, int indent, int sourceLine)
    {
        lines.push_back(PrintedLine{std::move(text), indent, sourceLine});
    }

    std::string expr(const Expr& e) const { return expressions_.print(e); }

    std::string declaration(const Stmt& stmt) const
    {
        std::string text = stmt.isConst ? "const " : "";
        text += typeName(stmt.declType);
        for (size_t i = 0; i < stmt.declarators.size(); ++i) {
            const auto& d = stmt.declarators[i];
            text += (i ? ", " : " ") + d.name;
            if (d.init) text += " = " + expressions_.print(*d.init, kAssign);
        }
        return text;
    }

    void statement(const Stmt& stmt, int indent)
    {
        switch (stmt.kind) {
        case StmtKind::Expression: line(expr(*stmt.expr) + ";", indent, stmt.line); break;
        case StmtKind::Declaration: line(declaration(stmt) + ";", indent, stmt.line); break;
        case StmtKind::Block:
            line("{", indent, stmt.line);
            body(stmt, indent + 1);
            line("}", indent, stmt.endLine);
            break;
        case StmtKind::If: {
            // "else if" chains stay flat instead of nesting one level per branch.
            const Stmt* current = &stmt;
            line("if (" + expr(*current->expr) + ") {", indent, current->line);
            while (true) {
                body(*current->children[0], indent + 1);
                if (current->children.size() < 2) break;
                const Stmt& otherwise = *current->children[1];
                if (otherwise.kind == StmtKind::If) {
                    line("} else if (" + expr(*otherwise.expr) + ") {", indent, otherwise.line);
                    current = &otherwise;
                } else {
                    line("} else {", indent, otherwise.line);
                    body(otherwise, indent + 1);
                    break;
                }
            }
            line("}", indent, stmt.line);
            break;
        }
        case StmtKind::While:
            line("while (" + expr(*stmt.expr) + ") {", indent, stmt.line);
            body(*stmt.children[0], indent + 1);
            line("}", indent, stmt.line);
            break;
        case StmtKind::DoWhile:
            line("do {", indent, stmt.line);
            body(*stmt.children[0], indent + 1);
            line("} while (" + expr(*stmt.expr) + ");", indent, stmt.expr->line);
            break;
        case StmtKind::For: {
            std::string init;
            if (stmt.init)
                init = stmt.init->kind == StmtKind::Declaration ? declaration(*stmt.init)
                                                                : expr(*stmt.init->expr);
            std::string head = "for (" + init + ";";
            if (stmt.expr) head += " " + expr(*stmt.expr);
            head += ";";
            if (stmt.step) head += " " + expr(*stmt.step);
            line(head + ") {", indent, stmt.line);
            body(*stmt.children[0], indent + 1);
            line("}", indent, stmt.line);
            break;
        }
        case StmtKind::Break: line("break;", indent, stmt.line); break;
        case StmtKind::Continue: line("continue;", indent, stmt.line); break;
        case StmtKind::Empty: break; // nothing to print; bodies get braces anyway
        }
    }

    ExpressionPrinter expressions_;
};

// Appends ".0" where the text of a floating value would otherwise read as an integer ("1").
std::string floatingText(const char* begin, const char* end)
{
    std::string text(begin, end);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
}

} // namespace

std::vector<PrintedLine> printStatements(const ast::Stmt& block, Dialect dialect)
{
    StatementPrinter printer(dialect);
    printer.body(block, 0);
    return std::move(printer.lines);
}

std::string printExpression(const ast::Expr& expr, Dialect dialect)
{
    return ExpressionPrinter(dialect).print(expr);
}

std::string printLiteral(Type type, std::uint64_t intValue, double floatValue)
{
    char buffer[64];
    switch (type) {
    case Type::Bool: return intValue ? "true" : "false";
    case Type::Int: return std::to_string(intValue);
    case Type::Unsigned: return std::to_string(intValue) + "u";
    case Type::Float: {
        // Shortest round-trip text (general notation: "100000", "1e+20") of the float itself,
        // not of the double holding it.
        auto result = std::to_chars(buffer, buffer + sizeof buffer, float(floatValue),
                                   std::chars_format::general);
        return floatingText(buffer, result.ptr) + "f";
    }
    case Type::Double: {
        auto result = std::to_chars(buffer, buffer + sizeof buffer, floatValue, std::chars_format::general);
        return floatingText(buffer, result.ptr);
    }
    }
    return {};
}

} // namespace spikegen::lang
