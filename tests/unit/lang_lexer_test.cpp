// Lexer of the code-string language: tokens, positions, literals and bad input.
#include "core/lang/code.h"
#include "core/lang/lexer.h"

#include <gtest/gtest.h>

#include <string>

using namespace spikegen::lang;

namespace {

const SourceRef kWhere{"LIF", "sim code"};

std::vector<Token> lexOk(std::string_view source, Type scalar = Type::Float)
{
    return lex(source, kWhere, scalar);
}

Token single(std::string_view source, Type scalar = Type::Float)
{
    auto tokens = lexOk(source, scalar);
    EXPECT_EQ(tokens.size(), 2u) << source;
    return tokens.at(0);
}

// Lexes `source` expecting a CodeError at line:column whose problem contains `problem` and whose
// hint contains `hint`.
void expectLexError(std::string_view source, int line, int column, const std::string& problem,
                    const std::string& hint)
{
    try {
        lexOk(source);
        ADD_FAILURE() << "no error for: " << source;
    } catch (const CodeError& error) {
        EXPECT_EQ(error.line(), line) << error.what();
        EXPECT_EQ(error.column(), column) << error.what();
        EXPECT_NE(error.problem().find(problem), std::string::npos) << error.what();
        EXPECT_NE(error.hint().find(hint), std::string::npos) << error.what();
    }
}

} // namespace

TEST(LangLexer, TokensCarryOneBasedLineAndColumn)
{
    auto tokens = lexOk("V += 1;\n  if (x<<=2)");
    ASSERT_EQ(tokens.size(), 11u);
    EXPECT_EQ(tokens[0].kind, TokenKind::Identifier);
    EXPECT_EQ(tokens[0].text, "V");
    EXPECT_EQ(tokens[1].kind, TokenKind::PlusAssign);
    EXPECT_EQ(tokens[1].column, 3);
    EXPECT_EQ(tokens[4].kind, TokenKind::If);
    EXPECT_EQ(tokens[4].line, 2);
    EXPECT_EQ(tokens[4].column, 3);
    EXPECT_EQ(tokens[7].kind, TokenKind::ShlAssign); // longest operator wins
    EXPECT_EQ(tokens[7].column, 8);
    EXPECT_EQ(tokens[10].kind, TokenKind::End);
    EXPECT_EQ(tokens[10].line, 2);
    EXPECT_EQ(tokens[10].column, 13);
}

TEST(LangLexer, CommentsAreSkippedAndLinesStillCounted)
{
    auto tokens = lexOk("/* one\n two */ a // rest of line\n/**/b");
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_EQ(tokens[0].text, "a");
    EXPECT_EQ(tokens[0].line, 2);
    EXPECT_EQ(tokens[0].column, 9);
    EXPECT_EQ(tokens[1].text, "b");
    EXPECT_EQ(tokens[1].line, 3);
    EXPECT_EQ(tokens[1].column, 5);
}

TEST(LangLexer, IntegerLiterals)
{
    Token t = single("1");
    EXPECT_EQ(t.kind, TokenKind::IntLiteral);
    EXPECT_EQ(t.type, Type::Int);
    EXPECT_EQ(t.intValue, 1u);
    t = single("2u");
    EXPECT_EQ(t.type, Type::Unsigned);
    EXPECT_EQ(t.intValue, 2u);
    t = single("2147483647");
    EXPECT_EQ(t.type, Type::Int);
    EXPECT_EQ(t.intValue, 2147483647u);
    t = single("4294967295U");
    EXPECT_EQ(t.type, Type::Unsigned);
    t = single("0");
    EXPECT_EQ(t.intValue, 0u);
}

TEST(LangLexer, HexadecimalLiteralsFollowC)
{
    Token t = single("0x1F");
    EXPECT_EQ(t.type, Type::Int);
    EXPECT_EQ(t.intValue, 31u);
    t = single("0X1fu");
    EXPECT_EQ(t.type, Type::Unsigned);
    t = single("0xFFFFFFFF"); // does not fit an int: unsigned, as in C
    EXPECT_EQ(t.type, Type::Unsigned);
    EXPECT_EQ(t.intValue, 0xFFFFFFFFu);
}

TEST(LangLexer, UnsuffixedFloatingLiteralsHaveTheScalarType)
{
    Token t = single("1.5");
    EXPECT_EQ(t.kind, TokenKind::FloatLiteral);
    EXPECT_EQ(t.type, Type::Float);
    EXPECT_EQ(t.floatValue, 1.5);
    t = single("1.5", Type::Double);
    EXPECT_EQ(t.type, Type::Double);
    t = single("1e-3", Type::Double);
    EXPECT_EQ(t.floatValue, 1e-3);
    t = single(".5", Type::Double);
    EXPECT_EQ(t.floatValue, 0.5);
    t = single("2.", Type::Double);
    EXPECT_EQ(t.floatValue, 2.0);
    t = single("1E+2", Type::Double);
    EXPECT_EQ(t.floatValue, 100.0);
}

TEST(LangLexer, FSuffixMakesFloatRoundedOnce)
{
    Token t = single("0.1f", Type::Double);
    EXPECT_EQ(t.type, Type::Float);
    EXPECT_EQ(t.floatValue, double(0.1f)); // the float nearest 0.1, not the double
    t = single("1.0F");
    EXPECT_EQ(t.floatValue, 1.0);
}

TEST(LangLexer, KeywordsTypesAndBooleans)
{
    auto tokens = lexOk("if else for while do break continue const true false", Type::Float);
    const TokenKind expected[] = {TokenKind::If,       TokenKind::Else,  TokenKind::For,
                                  TokenKind::While,    TokenKind::Do,    TokenKind::Break,
                                  TokenKind::Continue, TokenKind::Const, TokenKind::BoolLiteral,
                                  TokenKind::BoolLiteral};
    for (size_t i = 0; i < std::size(expected); ++i) EXPECT_EQ(tokens[i].kind, expected[i]) << i;
    EXPECT_EQ(tokens[8].intValue, 1u);
    EXPECT_EQ(tokens[9].intValue, 0u);
    EXPECT_EQ(single("scalar", Type::Double).type, Type::Double);
    EXPECT_EQ(single("scalar", Type::Float).type, Type::Float);
    EXPECT_EQ(single("unsigned").type, Type::Unsigned);
    EXPECT_EQ(single("scalarX").kind, TokenKind::Identifier);
}

// --- bad input --------------------------------------------------------------------------------

TEST(LangLexerError, TwoDecimalPoints)
{
    expectLexError("V = 1.2.3;", 1, 5, "invalid numeric literal '1.2.3'", "at most one '.'");
}

TEST(LangLexerError, ExponentWithoutDigits)
{
    expectLexError("V = 1e;", 1, 5, "invalid numeric literal '1e'", "exponent needs digits");
}

TEST(LangLexerError, ExponentSignWithoutDigits)
{
    expectLexError("V =\n  2.5e-;", 2, 3, "invalid numeric literal '2.5e-'", "exponent needs digits");
}

TEST(LangLexerError, IntLiteralTooLargeSuggestsUnsigned)
{
    expectLexError("V = 3000000000;", 1, 5, "'3000000000' is too large for 'int'", "'u' suffix");
}

TEST(LangLexerError, UnsignedLiteralTooLarge)
{
    expectLexError("V = 5000000000u;", 1, 5, "too large for 'unsigned int'", "4294967295u");
}

TEST(LangLexerError, HugeIntegerLiteral)
{
    expectLexError("V = 123456789012345678901234567890;", 1, 5, "too large for 'int'",
                   "floating literal");
}

TEST(LangLexerError, HexLiteralTooLarge)
{
    expectLexError("V = 0x100000000;", 1, 5, "too large for 'unsigned int'", "0xFFFFFFFF");
}

TEST(LangLexerError, HexLiteralWithoutDigits)
{
    expectLexError("V = 0x;", 1, 5, "invalid numeric literal '0x'", "hexadecimal");
}

TEST(LangLexerError, FloatSuffixOnInteger)
{
    expectLexError("V = 1f;", 1, 5, "invalid numeric literal '1f'", "'1.0f'");
}

TEST(LangLexerError, OctalLiteral)
{
    expectLexError("V = 010;", 1, 5, "octal literal '010'", "leading zero");
}

TEST(LangLexerError, FloatingLiteralOutOfRange)
{
    expectLexError("V = 1e999;", 1, 5, "'1e999' is out of range for 'float'", "3.4e38");
    expectLexError("V = 1e39f;", 1, 5, "out of range for 'float'", "");
}

TEST(LangLexerError, UnsignedSuffixOnFloating)
{
    expectLexError("V = 1.0u;", 1, 5, "invalid numeric literal '1.0u'", "cannot be unsigned");
}

TEST(LangLexerError, LongSuffix)
{
    expectLexError("n = 1L;", 1, 5, "invalid numeric literal '1L'", "long integers");
}

TEST(LangLexerError, UnknownSuffix)
{
    expectLexError("V = 1.5x;", 1, 5, "invalid numeric literal '1.5x'", "invalid suffix 'x'");
}

TEST(LangLexerError, UnterminatedCommentPointsAtItsStart)
{
    expectLexError("V = 1;\n  /* never closed\n", 2, 3, "unterminated comment", "'*/'");
}

TEST(LangLexerError, Brackets)
{
    expectLexError("V = a[2];", 1, 6, "invalid character '['", "arrays");
}

TEST(LangLexerError, PreprocessorDirective)
{
    expectLexError("V = 1;\n#define X 2", 2, 1, "invalid character '#'", "preprocessor");
}

TEST(LangLexerError, StringLiteral)
{
    expectLexError("V = \"s\";", 1, 5, "invalid character '\"'", "strings");
}

TEST(LangLexerError, MemberAccess)
{
    expectLexError("V = a.b;", 1, 6, "invalid character '.'", "members");
}

TEST(LangLexerError, NonAsciiByte)
{
    expectLexError("V = 1;\n  \xC2\xB5 = 2;", 2, 3, "invalid character (byte 0xC2)", "ASCII");
}

TEST(LangLexerError, MessageNamesModelFieldLineAndColumn)
{
    try {
        lexOk("x = 1;\n  y = 1.2.3;");
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_STREQ(error.what(), "model 'LIF', field 'sim code', line 2, column 7: invalid numeric "
                                   "literal '1.2.3'; a number has at most one '.'");
        EXPECT_EQ(error.where().model, "LIF");
        EXPECT_EQ(error.where().field, "sim code");
    }
}
