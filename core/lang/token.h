// Tokens of the code-string language, as produced by the lexer.
#pragma once
#include "core/lang/types.h"

#include <cstdint>
#include <string>

namespace spikegen::lang {

enum class TokenKind {
    End,
    Identifier,
    IntLiteral,   // value in intValue, type Int or Unsigned
    FloatLiteral, // value in floatValue, type Float or Double
    BoolLiteral,  // value in intValue (0 or 1)
    // Keywords
    If, Else, For, While, Do, Break, Continue, Const,
    TypeName, // bool, int, unsigned, float, double, scalar: the type is in `type`
    // Punctuation
    LParen, RParen, LBrace, RBrace, Semicolon, Comma, Question, Colon,
    // Operators
    Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde, Bang,
    Shl, Shr, Less, Greater, LessEq, GreaterEq, EqEq, NotEq, AmpAmp, PipePipe,
    PlusPlus, MinusMinus,
    Assign, PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
    AmpAssign, PipeAssign, CaretAssign, ShlAssign, ShrAssign,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text; // as written in the source
    int line = 1, column = 1;
    Type type = Type::Int; // literals and TypeName
    std::uint64_t intValue = 0;
    double floatValue = 0.0;
};

// Spelling of an operator or punctuation token, e.g. "+=" (for printing and messages).
const char* spelling(TokenKind kind);

// "'+='" for operators, "identifier 'x'", "number '1.5'", "end of code" ... for messages.
std::string describe(const Token& token);

// C precedence of a binary operator token (10 for * / %, down to 1 for ||); 0 when it is not one.
// The parser climbs by it and the printer parenthesises by it.
int binaryPrecedence(TokenKind kind);

} // namespace spikegen::lang
