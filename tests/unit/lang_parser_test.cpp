// Parser of the code-string language: structure of what parses, and syntax errors that say what
// was expected, where.
#include "core/lang/ast.h"
#include "core/lang/code.h"
#include "core/lang/lexer.h"
#include "core/lang/parser.h"

#include <gtest/gtest.h>

#include <string>

using namespace spikegen::lang;
using ast::ExprKind;
using ast::StmtKind;

namespace {

const SourceRef kWhere{"LIF", "sim code"};

std::unique_ptr<ast::Stmt> parse(std::string_view source)
{
    return parseStatements(lex(source, kWhere, Type::Float), kWhere);
}

std::unique_ptr<ast::Expr> parseExpr(std::string_view source)
{
    return parseExpression(lex(source, kWhere, Type::Float), kWhere);
}

void expectSyntaxError(std::string_view source, int line, int column, const std::string& problem,
                       const std::string& hint = {})
{
    try {
        parse(source);
        ADD_FAILURE() << "no error for: " << source;
    } catch (const CodeError& error) {
        EXPECT_EQ(error.line(), line) << error.what();
        EXPECT_EQ(error.column(), column) << error.what();
        EXPECT_NE(error.problem().find(problem), std::string::npos) << error.what();
        EXPECT_NE(error.hint().find(hint), std::string::npos) << error.what();
    }
}

} // namespace

TEST(LangParser, PrecedenceFollowsC)
{
    auto e = parseExpr("a + b * c << 1 < d && e || f");
    ASSERT_EQ(e->kind, ExprKind::Binary);
    EXPECT_EQ(e->op, TokenKind::PipePipe);
    const auto& andAnd = *e->operands[0];
    EXPECT_EQ(andAnd.op, TokenKind::AmpAmp);
    const auto& less = *andAnd.operands[0];
    EXPECT_EQ(less.op, TokenKind::Less);
    const auto& shift = *less.operands[0];
    EXPECT_EQ(shift.op, TokenKind::Shl);
    const auto& plus = *shift.operands[0];
    EXPECT_EQ(plus.op, TokenKind::Plus);
    EXPECT_EQ(plus.operands[1]->op, TokenKind::Star);
}

TEST(LangParser, BinaryOperatorsAreLeftAssociativeAssignmentRight)
{
    auto e = parseExpr("a - b - c");
    EXPECT_EQ(e->operands[0]->kind, ExprKind::Binary); // (a - b) - c
    EXPECT_EQ(e->operands[1]->kind, ExprKind::Name);
    auto a = parseExpr("a = b += c");
    ASSERT_EQ(a->kind, ExprKind::Assign);
    EXPECT_EQ(a->operands[1]->kind, ExprKind::Assign);
    EXPECT_EQ(a->operands[1]->op, TokenKind::PlusAssign);
}

TEST(LangParser, ConditionalUnaryAndIncrements)
{
    auto e = parseExpr("c ? -x++ : !--y");
    ASSERT_EQ(e->kind, ExprKind::Conditional);
    const auto& neg = *e->operands[1];
    EXPECT_EQ(neg.kind, ExprKind::Unary);
    EXPECT_EQ(neg.operands[0]->kind, ExprKind::IncDec);
    EXPECT_FALSE(neg.operands[0]->prefix);
    const auto& notExpr = *e->operands[2];
    EXPECT_EQ(notExpr.op, TokenKind::Bang);
    EXPECT_TRUE(notExpr.operands[0]->prefix);
}

TEST(LangParser, BothCastSyntaxes)
{
    auto c = parseExpr("(float)x + float(y) + (unsigned int)z + (float(x) + 1)");
    // ((((float)x + float(y)) + (unsigned int)z) + (float(x) + 1))
    const auto& sum3 = *c->operands[0];
    EXPECT_EQ(sum3.operands[1]->kind, ExprKind::Cast);
    EXPECT_EQ(sum3.operands[1]->castType, Type::Unsigned);
    const auto& sum2 = *sum3.operands[0];
    EXPECT_EQ(sum2.operands[0]->kind, ExprKind::Cast);
    EXPECT_EQ(sum2.operands[1]->kind, ExprKind::Cast);
    EXPECT_EQ(c->operands[1]->kind, ExprKind::Binary);
    EXPECT_EQ(c->operands[1]->operands[0]->kind, ExprKind::Cast);
}

TEST(LangParser, StatementKinds)
{
    auto block = parse("int i = 0, j; const scalar a = 1.0;\n"
                       "if (a) { i++; } else if (j) j = 1; else {}\n"
                       "for (int k = 0; k < 3; k++) continue;\n"
                       "for (;;) break;\n"
                       "while (i) i--;\n"
                       "do { i++; } while (i < 10);\n"
                       ";");
    ASSERT_EQ(block->children.size(), 8u);
    const auto& decl = *block->children[0];
    EXPECT_EQ(decl.kind, StmtKind::Declaration);
    ASSERT_EQ(decl.declarators.size(), 2u);
    EXPECT_EQ(decl.declarators[1].name, "j");
    EXPECT_EQ(decl.declarators[1].init, nullptr);
    EXPECT_TRUE(block->children[1]->isConst);
    const auto& ifStmt = *block->children[2];
    EXPECT_EQ(ifStmt.kind, StmtKind::If);
    EXPECT_EQ(ifStmt.line, 2);
    EXPECT_EQ(ifStmt.children[1]->kind, StmtKind::If);
    const auto& forStmt = *block->children[3];
    EXPECT_EQ(forStmt.init->kind, StmtKind::Declaration);
    EXPECT_EQ(forStmt.children[0]->kind, StmtKind::Continue);
    const auto& forever = *block->children[4];
    EXPECT_EQ(forever.init, nullptr);
    EXPECT_EQ(forever.expr, nullptr);
    EXPECT_EQ(forever.step, nullptr);
    EXPECT_EQ(block->children[5]->kind, StmtKind::While);
    EXPECT_EQ(block->children[6]->kind, StmtKind::DoWhile);
    EXPECT_EQ(block->children[7]->kind, StmtKind::Empty);
}

TEST(LangParser, UnsignedIntIsOneType)
{
    auto block = parse("unsigned int a = 1u; unsigned b;");
    EXPECT_EQ(block->children[0]->declType, Type::Unsigned);
    EXPECT_EQ(block->children[1]->declType, Type::Unsigned);
}

TEST(LangParser, LongSumsParseWithoutDeepRecursion)
{
    std::string source = "x = 0";
    for (int i = 0; i < 900; ++i) source += " + x";
    source += ";";
    EXPECT_NO_THROW(parse(source));
}

// --- syntax errors ----------------------------------------------------------------------------

TEST(LangParserError, MissingSemicolonIsReportedWhereItBelongs)
{
    expectSyntaxError("V = 1\nV = 2;", 1, 6, "expected ';' after expression", "found name 'V'");
}

TEST(LangParserError, MissingCloseParenInCondition)
{
    expectSyntaxError("if (V > 1 { V = 0; }", 1, 10, "expected ')' after the condition of 'if'",
                      "found '{'");
}

TEST(LangParserError, UnbalancedParenthesesNameTheOpening)
{
    expectSyntaxError("V = (1 + 2;", 1, 11, "expected ')' after expression",
                      "to close the '(' at line 1, column 5");
}

TEST(LangParserError, MissingExpression)
{
    expectSyntaxError("V = ;", 1, 5, "expected an expression, found ';'");
}

TEST(LangParserError, MissingExpressionAtEnd)
{
    expectSyntaxError("V = V *", 1, 8, "expected an expression at end of code");
}

TEST(LangParserError, UnclosedBrace)
{
    expectSyntaxError("{ V = 1;", 1, 9, "expected '}' at end of code",
                      "to close the '{' at line 1, column 1");
}

TEST(LangParserError, StrayClosingBrace)
{
    expectSyntaxError("V = 1; }", 1, 8, "unexpected '}'", "no matching '{'");
}

TEST(LangParserError, ElseWithoutIf)
{
    expectSyntaxError("V = 1;\nelse V = 2;", 2, 1, "'else' without a matching 'if'");
}

TEST(LangParserError, ReturnIsNotSupported)
{
    expectSyntaxError("if (V > 1)\n    return;", 2, 5, "'return' is not supported", "if/else");
}

TEST(LangParserError, DeclarationAsBodyOfIf)
{
    expectSyntaxError("if (V > 0) scalar x = 1;", 1, 12, "a declaration cannot be the body of 'if'",
                      "braces");
}

TEST(LangParserError, CommaOperator)
{
    expectSyntaxError("V = 1, W = 2;", 1, 6, "expected ';' after expression", "comma operator");
}

TEST(LangParserError, ConditionalWithoutColon)
{
    expectSyntaxError("V = V > 0 ? 1;", 1, 14, "expected ':' in conditional expression",
                      "the '?' is at line 1, column 11");
}

TEST(LangParserError, UnclosedArgumentList)
{
    expectSyntaxError("V = exp(V;", 1, 10, "expected ')' after the arguments of 'exp'",
                      "separate arguments with ','");
}

TEST(LangParserError, DeclarationWithoutName)
{
    expectSyntaxError("float = 2;", 1, 7, "expected a variable name after type 'float', found '='");
}

TEST(LangParserError, KeywordAsVariableName)
{
    expectSyntaxError("int if = 2;", 1, 5, "'if' cannot be used as a variable name", "keyword");
}

TEST(LangParserError, UnknownTypeInDeclaration)
{
    expectSyntaxError("V = 1;\nvector x = 1;", 2, 1, "unknown type 'vector'",
                      "bool, int, unsigned, float, double and scalar");
}

TEST(LangParserError, UnknownTypeAfterConst)
{
    expectSyntaxError("const real x = 1;", 1, 7, "unknown type 'real'", "scalar");
}

TEST(LangParserError, LongIsNotAType)
{
    expectSyntaxError("long x = 1;", 1, 1, "'long' is not supported", "int, unsigned, or double");
}

TEST(LangParserError, CallOfANonName)
{
    expectSyntaxError("V = 2 (3);", 1, 7, "only functions can be called", "operator missing");
}

TEST(LangParserError, ForWithoutSecondSemicolon)
{
    expectSyntaxError("for (int i = 0; i < 3 i++) {}", 1, 22,
                      "expected ';' after the condition of 'for'", "found name 'i'");
}

TEST(LangParserError, WhileWithoutParentheses)
{
    expectSyntaxError("do V = 1; while V > 0;", 1, 17, "expected '(' after 'while', found name 'V'");
}

TEST(LangParserError, DeepNestingIsRejectedNotOverflowed)
{
    std::string source = "V = " + std::string(300, '(') + "1" + std::string(300, ')') + ";";
    expectSyntaxError(source, 1, 205, "expression is nested too deeply", "local variables");
}

TEST(LangParserError, DeepStatementNesting)
{
    std::string source;
    for (int i = 0; i < 250; ++i) source += "{";
    expectSyntaxError(source, 1, 201, "statements are nested too deeply");
}

TEST(LangParserError, VeryLongExpressionIsRejected)
{
    std::string source = "x = 0";
    for (int i = 0; i < 1200; ++i) source += "+x";
    source += ";";
    // The 1000th '+' (column 6 + 2 * 999) makes the tree 1001 high.
    expectSyntaxError(source, 1, 6 + 2 * 999, "expression is nested too deeply");
}

TEST(LangParserError, ExpressionFieldWithSemicolon)
{
    try {
        parseExpr("V > 1;");
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_EQ(error.line(), 1);
        EXPECT_EQ(error.column(), 6);
        EXPECT_NE(error.problem().find("expected end of expression"), std::string::npos);
        EXPECT_NE(error.hint().find("no ';'"), std::string::npos);
    }
}
