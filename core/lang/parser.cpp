// Parser for the code-string language: C statements and expressions without pointers, arrays,
// structs, return or goto. Grammar and precedence follow C so that printed code means the same.
#include "core/lang/parser.h"

#include "core/lang/lexer.h"

#include <map>

namespace spikegen::lang {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

bool isAssignment(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Assign: case TokenKind::PlusAssign: case TokenKind::MinusAssign:
    case TokenKind::StarAssign: case TokenKind::SlashAssign: case TokenKind::PercentAssign:
    case TokenKind::AmpAssign: case TokenKind::PipeAssign: case TokenKind::CaretAssign:
    case TokenKind::ShlAssign: case TokenKind::ShrAssign: return true;
    default: return false;
    }
}

// C words that users may reach for but the language leaves out on purpose, with what to do.
const std::map<std::string_view, std::string_view> kUnsupportedWords = {
    {"return", "code strings run to their end; use if/else to skip statements"},
    {"goto", "use loops, break and continue"},
    {"switch", "use if / else if"},
    {"case", "use if / else if"},
    {"default", "use if / else if"},
    {"struct", "only the types bool, int, unsigned, float, double and scalar exist"},
    {"union", "only the types bool, int, unsigned, float, double and scalar exist"},
    {"enum", "use const int variables"},
    {"typedef", "use the types bool, int, unsigned, float, double and scalar"},
    {"long", "use int, unsigned, or double"},
    {"short", "use int"},
    {"char", "use int"},
    {"signed", "use int"},
    {"void", "only the types bool, int, unsigned, float, double and scalar exist"},
    {"auto", "write the type: bool, int, unsigned, float, double or scalar"},
    {"static", "local variables live for one execution of the code"},
};

class Parser {
public:
    Parser(const std::vector<Token>& tokens, const SourceRef& where) : tokens_(tokens), where_(where) {}

    std::unique_ptr<Stmt> statements()
    {
        auto block = std::make_unique<Stmt>();
        block->kind = StmtKind::Block;
        while (peek().kind != TokenKind::End) {
            if (peek().kind == TokenKind::RBrace)
                failAt(peek(), "unexpected '}'", "it has no matching '{'");
            block->children.push_back(statement(nullptr));
        }
        block->endLine = peek().line;
        return block;
    }

    std::unique_ptr<Expr> expressionOnly()
    {
        auto result = expression();
        if (peek().kind != TokenKind::End)
            failAt(peek(), "expected end of expression, found " + describe(peek()),
                   peek().kind == TokenKind::Semicolon ? "an expression field takes no ';'" : "");
        return result;
    }

private:
    // --- token access and errors -------------------------------------------------------------
    const Token& peek(size_t ahead = 0) const
    {
        return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
    }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    bool accept(TokenKind kind)
    {
        if (peek().kind != kind) return false;
        next();
        return true;
    }

    [[noreturn]] void failAt(const Token& token, std::string problem, std::string hint = {}) const
    {
        throw CodeError(where_, token.line, token.column, std::move(problem), std::move(hint));
    }

    // "expected ';' after X" is reported just after the previous token, where the ';' belongs,
    // rather than at the next token, which is often on the following line.
    void expectAfter(TokenKind kind, const std::string& what, std::string hint = {})
    {
        if (accept(kind)) return;
        const Token& previous = tokens_[pos_ > 0 ? pos_ - 1 : 0];
        if (hint.empty()) hint = "found " + describe(peek());
        if (kind == TokenKind::Semicolon && peek().kind == TokenKind::Comma)
            hint = "the comma operator is not supported; write separate statements";
        throw CodeError(where_, previous.line, previous.column + int(previous.text.size()),
                        std::string("expected '") + spelling(kind) + "' after " + what, hint);
    }

    // --- statements ---------------------------------------------------------------------------
    // `bodyOf` names the construct whose body this is (declarations are not allowed there, as
    // in C), or is null for a statement in a block.
    std::unique_ptr<Stmt> statement(const char* bodyOf)
    {
        struct DepthGuard {
            int& depth;
            explicit DepthGuard(int& d) : depth(d) { ++depth; }
            ~DepthGuard() { --depth; }
        } guard(statementDepth_);
        const Token& first = peek();
        if (statementDepth_ > kMaxNesting)
            failAt(first, "statements are nested too deeply", "split the code into simpler parts");

        auto stmt = std::make_unique<Stmt>();
        stmt->line = first.line;
        stmt->column = first.column;
        switch (first.kind) {
        case TokenKind::LBrace: {
            next();
            stmt->kind = StmtKind::Block;
            while (peek().kind != TokenKind::RBrace) {
                if (peek().kind == TokenKind::End)
                    failAt(peek(), "expected '}' at end of code",
                           "to close the '{' at line " + std::to_string(first.line) + ", column " +
                               std::to_string(first.column));
                stmt->children.push_back(statement(nullptr));
            }
            stmt->endLine = next().line;
            return stmt;
        }
        case TokenKind::If:
            next();
            stmt->kind = StmtKind::If;
            stmt->expr = condition("if");
            stmt->children.push_back(statement("if"));
            if (accept(TokenKind::Else)) stmt->children.push_back(statement("else"));
            return stmt;
        case TokenKind::While:
            next();
            stmt->kind = StmtKind::While;
            stmt->expr = condition("while");
            stmt->children.push_back(statement("while"));
            return stmt;
        case TokenKind::Do:
            next();
            stmt->kind = StmtKind::DoWhile;
            stmt->children.push_back(statement("do"));
            if (!accept(TokenKind::While))
                failAt(peek(), "expected 'while' after the body of 'do', found " + describe(peek()));
            stmt->expr = condition("while");
            expectAfter(TokenKind::Semicolon, "do-while loop");
            return stmt;
        case TokenKind::For: return forLoop(std::move(stmt));
        case TokenKind::Break:
        case TokenKind::Continue:
            next();
            stmt->kind = first.kind == TokenKind::Break ? StmtKind::Break : StmtKind::Continue;
            expectAfter(TokenKind::Semicolon, "'" + first.text + "'");
            return stmt;
        case TokenKind::Semicolon:
            next();
            stmt->kind = StmtKind::Empty;
            return stmt;
        case TokenKind::Else:
            failAt(first, "'else' without a matching 'if'");
        default: break;
        }
        if (startsDeclaration()) {
            if (bodyOf)
                failAt(first, std::string("a declaration cannot be the body of '") + bodyOf + "'",
                       "put it in braces { }");
            declaration(*stmt);
            expectAfter(TokenKind::Semicolon, "declaration");
            return stmt;
        }
        if (first.kind == TokenKind::Identifier) {
            // "vector x = ..." : a declaration with a type the language does not have.
            if (peek(1).kind == TokenKind::Identifier && kUnsupportedWords.count(first.text) == 0)
                failAt(first, "unknown type '" + first.text + "'",
                       "the types are bool, int, unsigned, float, double and scalar");
            if (auto it = kUnsupportedWords.find(first.text); it != kUnsupportedWords.end())
                failAt(first, "'" + first.text + "' is not supported in code strings",
                       std::string(it->second));
        }
        stmt->kind = StmtKind::Expression;
        stmt->expr = expression();
        expectAfter(TokenKind::Semicolon, "expression");
        return stmt;
    }

    std::unique_ptr<Expr> condition(const char* keyword)
    {
        if (!accept(TokenKind::LParen))
            failAt(peek(), std::string("expected '(' after '") + keyword + "', found " + describe(peek()));
        auto result = expression();
        expectAfter(TokenKind::RParen, std::string("the condition of '") + keyword + "'");
        return result;
    }

    std::unique_ptr<Stmt> forLoop(std::unique_ptr<Stmt> stmt)
    {
        next();
        stmt->kind = StmtKind::For;
        if (!accept(TokenKind::LParen))
            failAt(peek(), "expected '(' after 'for', found " + describe(peek()));
        if (!accept(TokenKind::Semicolon)) {
            stmt->init = std::make_unique<Stmt>();
            stmt->init->line = peek().line;
            stmt->init->column = peek().column;
            if (startsDeclaration()) {
                declaration(*stmt->init);
            } else {
                stmt->init->kind = StmtKind::Expression;
                stmt->init->expr = expression();
            }
            expectAfter(TokenKind::Semicolon, "the initialisation of 'for'");
        }
        if (!accept(TokenKind::Semicolon)) {
            stmt->expr = expression();
            expectAfter(TokenKind::Semicolon, "the condition of 'for'");
        }
        if (peek().kind != TokenKind::RParen) stmt->step = expression();
        expectAfter(TokenKind::RParen, stmt->step ? "the step of 'for'" : "';'");
        stmt->children.push_back(statement("for"));
        return stmt;
    }

    bool startsDeclaration() const
    {
        if (peek().kind == TokenKind::Const) return true;
        // "float(x)" is a conversion, not a declaration.
        return peek().kind == TokenKind::TypeName && peek(1).kind != TokenKind::LParen;
    }

    // A type: "float", "scalar", "unsigned", "unsigned int".
    Type typeName()
    {
        const Token& token = next();
        if (token.text == "unsigned" && peek().kind == TokenKind::TypeName && peek().text == "int")
            next();
        return token.type;
    }

    void declaration(Stmt& stmt)
    {
        stmt.kind = StmtKind::Declaration;
        stmt.isConst = accept(TokenKind::Const);
        if (peek().kind != TokenKind::TypeName) {
            if (peek().kind == TokenKind::Identifier)
                failAt(peek(), "unknown type '" + peek().text + "'",
                       "the types are bool, int, unsigned, float, double and scalar");
            failAt(peek(), "expected a type after 'const', found " + describe(peek()));
        }
        const Token& type = peek();
        stmt.declType = typeName();
        if (accept(TokenKind::Const)) stmt.isConst = true; // "float const x" is C too
        do {
            const Token& name = peek();
            if (name.kind != TokenKind::Identifier) {
                if (name.kind == TokenKind::TypeName || isLanguageKeyword(name.text))
                    failAt(name, "'" + name.text + "' cannot be used as a variable name",
                           "it is a keyword");
                failAt(name, "expected a variable name after type '" + type.text + "', found " +
                                 describe(name));
            }
            next();
            ast::Declarator declarator;
            declarator.name = name.text;
            declarator.line = name.line;
            declarator.column = name.column;
            if (accept(TokenKind::Assign)) declarator.init = assignment();
            stmt.declarators.push_back(std::move(declarator));
        } while (accept(TokenKind::Comma));
    }

    // --- expressions --------------------------------------------------------------------------
    std::unique_ptr<Expr> node(ExprKind kind, const Token& at)
    {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->line = e->opLine = at.line;
        e->column = e->opColumn = at.column;
        return e;
    }

    // Sets the subtree height and rejects trees too deep for the recursive passes that follow
    // (a left-deep "a+a+a+..." is built by a loop here but walked recursively later).
    std::unique_ptr<Expr> finish(std::unique_ptr<Expr> e)
    {
        for (const auto& operand : e->operands) e->depth = std::max(e->depth, operand->depth + 1);
        if (e->depth > kMaxTreeHeight)
            throw CodeError(where_, e->opLine, e->opColumn, "expression is nested too deeply",
                            "split it into several statements using local variables");
        return e;
    }

    std::unique_ptr<Expr> expression() { return assignment(); }

    std::unique_ptr<Expr> assignment()
    {
        auto lhs = conditional();
        if (!isAssignment(peek().kind)) return lhs;
        const Token& op = next();
        auto e = node(ExprKind::Assign, op);
        e->op = op.kind;
        e->line = lhs->line;
        e->column = lhs->column;
        e->operands.push_back(std::move(lhs));
        e->operands.push_back(assignment());
        return finish(std::move(e));
    }

    std::unique_ptr<Expr> conditional()
    {
        auto cond = binary(1);
        if (peek().kind != TokenKind::Question) return cond;
        const Token& question = next();
        auto e = node(ExprKind::Conditional, question);
        e->line = cond->line;
        e->column = cond->column;
        e->operands.push_back(std::move(cond));
        e->operands.push_back(expression());
        if (!accept(TokenKind::Colon))
            failAt(peek(), "expected ':' in conditional expression, found " + describe(peek()),
                   "the '?' is at line " + std::to_string(question.line) + ", column " +
                       std::to_string(question.column));
        e->operands.push_back(conditional());
        return finish(std::move(e));
    }

    // Precedence climbing: all left-associative.
    std::unique_ptr<Expr> binary(int minPrecedence)
    {
        auto lhs = unary();
        while (true) {
            const int precedence = binaryPrecedence(peek().kind);
            if (precedence == 0 || precedence < minPrecedence) return lhs;
            const Token& op = next();
            auto e = node(ExprKind::Binary, op);
            e->op = op.kind;
            e->line = lhs->line;
            e->column = lhs->column;
            e->operands.push_back(std::move(lhs));
            e->operands.push_back(binary(precedence + 1));
            lhs = finish(std::move(e));
        }
    }

    std::unique_ptr<Expr> unary()
    {
        // Every operand, parenthesised or prefixed, is parsed through here: bound the recursion.
        struct DepthGuard {
            int& depth;
            explicit DepthGuard(int& d) : depth(d) { ++depth; }
            ~DepthGuard() { --depth; }
        } guard(expressionDepth_);
        const Token& token = peek();
        if (expressionDepth_ > kMaxNesting)
            failAt(token, "expression is nested too deeply",
                   "split it into several statements using local variables");
        switch (token.kind) {
        case TokenKind::Plus: case TokenKind::Minus: case TokenKind::Bang: case TokenKind::Tilde: {
            next();
            auto e = node(ExprKind::Unary, token);
            e->op = token.kind;
            e->operands.push_back(unary());
            return finish(std::move(e));
        }
        case TokenKind::PlusPlus: case TokenKind::MinusMinus: {
            next();
            auto e = node(ExprKind::IncDec, token);
            e->op = token.kind;
            e->prefix = true;
            e->operands.push_back(unary());
            return finish(std::move(e));
        }
        case TokenKind::LParen:
            // C cast "(float)x", but not "(float(x) + 1)", which starts with a conversion.
            if (peek(1).kind == TokenKind::TypeName &&
                (peek(2).kind == TokenKind::RParen ||
                 (peek(2).kind == TokenKind::TypeName && peek(3).kind == TokenKind::RParen))) {
                next();
                auto e = node(ExprKind::Cast, token);
                e->castType = typeName();
                expectAfter(TokenKind::RParen, "the type of a conversion");
                e->operands.push_back(unary());
                return finish(std::move(e));
            }
            break;
        default: break;
        }
        return postfix();
    }

    std::unique_ptr<Expr> postfix()
    {
        auto e = primary();
        while (peek().kind == TokenKind::PlusPlus || peek().kind == TokenKind::MinusMinus) {
            const Token& op = next();
            auto incDec = node(ExprKind::IncDec, op);
            incDec->op = op.kind;
            incDec->line = e->line;
            incDec->column = e->column;
            incDec->operands.push_back(std::move(e));
            e = finish(std::move(incDec));
        }
        if (peek().kind == TokenKind::LParen)
            failAt(peek(), "only functions can be called", "is an operator missing before '('?");
        return e;
    }

    std::unique_ptr<Expr> primary()
    {
        const Token& token = peek();
        switch (token.kind) {
        case TokenKind::IntLiteral: case TokenKind::FloatLiteral: case TokenKind::BoolLiteral: {
            next();
            auto e = node(ExprKind::Literal, token);
            e->type = token.type;
            e->intValue = token.intValue;
            e->floatValue = token.floatValue;
            return e;
        }
        case TokenKind::Identifier: {
            next();
            if (peek().kind == TokenKind::LParen) return call(token);
            auto e = node(ExprKind::Name, token);
            e->name = token.text;
            return e;
        }
        case TokenKind::TypeName: { // function-style conversion: float(x)
            next();
            if (peek().kind != TokenKind::LParen)
                failAt(peek(), "expected '(' after type '" + token.text + "' in a conversion, found " +
                                   describe(peek()),
                       "declarations must start a statement");
            next();
            auto e = node(ExprKind::Cast, token);
            e->castType = token.type;
            if (token.text == "unsigned")
                failAt(token, "write '(unsigned int)x' to convert to unsigned int");
            e->operands.push_back(expression());
            expectAfter(TokenKind::RParen, "the value converted to '" + token.text + "'");
            return finish(std::move(e));
        }
        case TokenKind::LParen: {
            next();
            auto e = expression();
            expectAfter(TokenKind::RParen, "expression",
                        "to close the '(' at line " + std::to_string(token.line) + ", column " +
                            std::to_string(token.column));
            return e;
        }
        default:
            break;
        }
        if (token.kind == TokenKind::End) failAt(token, "expected an expression at end of code");
        failAt(token, "expected an expression, found " + describe(token));
    }

    std::unique_ptr<Expr> call(const Token& name)
    {
        auto e = node(ExprKind::Call, name);
        e->name = name.text;
        next(); // '('
        if (!accept(TokenKind::RParen)) {
            do {
                e->operands.push_back(assignment());
            } while (accept(TokenKind::Comma));
            expectAfter(TokenKind::RParen, "the arguments of '" + name.text + "'",
                        "separate arguments with ','; found " + describe(peek()));
        }
        return finish(std::move(e));
    }

    const std::vector<Token>& tokens_;
    const SourceRef& where_;
    size_t pos_ = 0;
    int statementDepth_ = 0;
    int expressionDepth_ = 0;
};

} // namespace

int binaryPrecedence(TokenKind kind)
{
    switch (kind) {
    case TokenKind::PipePipe: return 1;
    case TokenKind::AmpAmp: return 2;
    case TokenKind::Pipe: return 3;
    case TokenKind::Caret: return 4;
    case TokenKind::Amp: return 5;
    case TokenKind::EqEq: case TokenKind::NotEq: return 6;
    case TokenKind::Less: case TokenKind::Greater:
    case TokenKind::LessEq: case TokenKind::GreaterEq: return 7;
    case TokenKind::Shl: case TokenKind::Shr: return 8;
    case TokenKind::Plus: case TokenKind::Minus: return 9;
    case TokenKind::Star: case TokenKind::Slash: case TokenKind::Percent: return 10;
    default: return 0;
    }
}

std::unique_ptr<ast::Stmt> parseStatements(const std::vector<Token>& tokens, const SourceRef& where)
{
    return Parser(tokens, where).statements();
}

std::unique_ptr<ast::Expr> parseExpression(const std::vector<Token>& tokens, const SourceRef& where)
{
    return Parser(tokens, where).expressionOnly();
}

} // namespace spikegen::lang
