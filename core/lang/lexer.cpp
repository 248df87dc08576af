// Lexer: code string -> tokens. Validates numeric literals here so that errors point at them.
#include "core/lang/lexer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace spikegen::lang {
namespace {

struct Keyword {
    TokenKind kind;
    Type type = Type::Int;
};

const std::map<std::string_view, Keyword> kKeywords = {
    {"if", {TokenKind::If}},           {"else", {TokenKind::Else}},
    {"for", {TokenKind::For}},         {"while", {TokenKind::While}},
    {"do", {TokenKind::Do}},           {"break", {TokenKind::Break}},
    {"continue", {TokenKind::Continue}}, {"const", {TokenKind::Const}},
    {"true", {TokenKind::BoolLiteral}}, {"false", {TokenKind::BoolLiteral}},
    {"bool", {TokenKind::TypeName, Type::Bool}}, {"int", {TokenKind::TypeName, Type::Int}},
    {"unsigned", {TokenKind::TypeName, Type::Unsigned}},
    {"float", {TokenKind::TypeName, Type::Float}},
    {"double", {TokenKind::TypeName, Type::Double}},
    {"scalar", {TokenKind::TypeName, Type::Float}}, // resolved to Options::scalar when lexed
};

// Operators, longest first so that "<<=" wins over "<<" and "<".
const std::pair<std::string_view, TokenKind> kOperators[] = {
    {"<<=", TokenKind::ShlAssign}, {">>=", TokenKind::ShrAssign},
    {"++", TokenKind::PlusPlus},   {"--", TokenKind::MinusMinus},
    {"+=", TokenKind::PlusAssign}, {"-=", TokenKind::MinusAssign},
    {"*=", TokenKind::StarAssign}, {"/=", TokenKind::SlashAssign},
    {"%=", TokenKind::PercentAssign}, {"&=", TokenKind::AmpAssign},
    {"|=", TokenKind::PipeAssign}, {"^=", TokenKind::CaretAssign},
    {"<<", TokenKind::Shl},        {">>", TokenKind::Shr},
    {"<=", TokenKind::LessEq},     {">=", TokenKind::GreaterEq},
    {"==", TokenKind::EqEq},       {"!=", TokenKind::NotEq},
    {"&&", TokenKind::AmpAmp},     {"||", TokenKind::PipePipe},
    {"(", TokenKind::LParen},      {")", TokenKind::RParen},
    {"{", TokenKind::LBrace},      {"}", TokenKind::RBrace},
    {";", TokenKind::Semicolon},   {",", TokenKind::Comma},
    {"?", TokenKind::Question},    {":", TokenKind::Colon},
    {"+", TokenKind::Plus},        {"-", TokenKind::Minus},
    {"*", TokenKind::Star},        {"/", TokenKind::Slash},
    {"%", TokenKind::Percent},     {"&", TokenKind::Amp},
    {"|", TokenKind::Pipe},        {"^", TokenKind::Caret},
    {"~", TokenKind::Tilde},       {"!", TokenKind::Bang},
    {"<", TokenKind::Less},        {">", TokenKind::Greater},
    {"=", TokenKind::Assign},
};

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
public:
    Lexer(std::string_view source, const SourceRef& where, Type scalar)
        : src_(source), where_(where), scalar_(scalar)
    {
    }

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        while (true) {
            skipSpaceAndComments();
            Token token;
            token.line = line_;
            token.column = column_;
            if (pos_ >= src_.size()) {
                tokens.push_back(token);
                return tokens;
            }
            const char c = src_[pos_];
            if (isIdentStart(c)) {
                lexWord(token);
            } else if (isDigit(c) || (c == '.' && pos_ + 1 < src_.size() && isDigit(src_[pos_ + 1]))) {
                lexNumber(token);
            } else {
                lexOperator(token);
            }
            tokens.push_back(std::move(token));
        }
    }

private:
    [[noreturn]] void fail(int line, int column, std::string problem, std::string hint = {}) const
    {
        throw CodeError(where_, line, column, std::move(problem), std::move(hint));
    }

    void advance()
    {
        if (src_[pos_] == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        ++pos_;
    }

    bool startsWith(std::string_view s) const { return src_.substr(pos_, s.size()) == s; }

    void skipSpaceAndComments()
    {
        while (pos_ < src_.size()) {
            const char c = src_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                advance();
            } else if (startsWith("//")) {
                while (pos_ < src_.size() && src_[pos_] != '\n') advance();
            } else if (startsWith("/*")) {
                const int line = line_, column = column_;
                advance();
                advance();
                while (pos_ < src_.size() && !startsWith("*/")) advance();
                if (pos_ >= src_.size()) fail(line, column, "unterminated comment", "close it with '*/'");
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    void lexWord(Token& token)
    {
        const size_t start = pos_;
        while (pos_ < src_.size() && isIdentChar(src_[pos_])) advance();
        token.text = std::string(src_.substr(start, pos_ - start));
        auto it = kKeywords.find(token.text);
        if (it == kKeywords.end()) {
            token.kind = TokenKind::Identifier;
            return;
        }
        token.kind = it->second.kind;
        token.type = token.text == "scalar" ? scalar_ : it->second.type;
        if (token.kind == TokenKind::BoolLiteral) {
            token.type = Type::Bool;
            token.intValue = token.text == "true" ? 1 : 0;
        }
    }

    void lexOperator(Token& token)
    {
        for (const auto& [text, kind] : kOperators) {
            if (startsWith(text)) {
                token.kind = kind;
                token.text = std::string(text);
                for (size_t i = 0; i < text.size(); ++i) advance();
                return;
            }
        }
        const unsigned char c = static_cast<unsigned char>(src_[pos_]);
        if (c >= 0x80 || !std::isprint(c)) {
            char buffer[48];
            std::snprintf(buffer, sizeof buffer, "invalid character (byte 0x%02X)", c);
            fail(line_, column_, buffer, c >= 0x80 ? "code strings must be plain ASCII" : "");
        }
        std::string hint;
        switch (c) {
        case '[': case ']': hint = "arrays and indexing are not supported"; break;
        case '.': hint = "structures and members are not supported"; break;
        case '#': hint = "preprocessor directives are not supported"; break;
        case '"': hint = "strings are not supported"; break;
        case '\'': hint = "character literals are not supported"; break;
        case '\\': hint = "line continuations are not needed: statements may span lines"; break;
        default: break;
        }
        fail(line_, column_, std::string("invalid character '") + char(c) + "'", hint);
    }

    // Scans a C "pp-number" greedily (so that "1.2.3" or "1e" is one bad literal, not several
    // tokens), then validates it.
    void lexNumber(Token& token)
    {
        const size_t start = pos_;
        const bool hex = startsWith("0x") || startsWith("0X");
        while (pos_ < src_.size()) {
            const char c = src_[pos_];
            const char previous = pos_ > start ? src_[pos_ - 1] : '\0';
            if (isIdentChar(c) || c == '.' ||
                (!hex && (c == '+' || c == '-') && (previous == 'e' || previous == 'E')))
                advance();
            else
                break;
        }
        token.text = std::string(src_.substr(start, pos_ - start));
        if (hex)
            lexHex(token);
        else
            lexDecimal(token);
    }

    [[noreturn]] void badLiteral(const Token& token, std::string hint) const
    {
        fail(token.line, token.column, "invalid numeric literal '" + token.text + "'", std::move(hint));
    }

    void lexHex(Token& token)
    {
        std::string_view text = token.text;
        std::string_view digits = text.substr(2);
        bool isUnsigned = false;
        if (!digits.empty() && (digits.back() == 'u' || digits.back() == 'U')) {
            isUnsigned = true;
            digits.remove_suffix(1);
        }
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0;
            }))
            badLiteral(token, "a hexadecimal literal is 0x followed by digits 0-9 and a-f, and "
                              "an optional 'u'");
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
        (void)end;
        if (ec != std::errc() || value > std::numeric_limits<std::uint32_t>::max())
            fail(token.line, token.column,
                 "integer literal '" + token.text + "' is too large for 'unsigned int'",
                 "the largest is 0xFFFFFFFF");
        token.kind = TokenKind::IntLiteral;
        token.intValue = value;
        // As in C: a hexadecimal literal that does not fit an int is unsigned.
        token.type = isUnsigned || value > std::uint64_t(std::numeric_limits<std::int32_t>::max())
                         ? Type::Unsigned
                         : Type::Int;
    }

    void lexDecimal(Token& token)
    {
        const std::string& text = token.text;
        size_t i = 0;
        while (i < text.size() && isDigit(text[i])) ++i;
        const size_t integerDigits = i;
        bool floating = false;
        if (i < text.size() && text[i] == '.') {
            floating = true;
            ++i;
            while (i < text.size() && isDigit(text[i])) ++i;
        }
        if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
            floating = true;
            ++i;
            if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
            const size_t exponentStart = i;
            while (i < text.size() && isDigit(text[i])) ++i;
            if (i == exponentStart) badLiteral(token, "the exponent needs digits, e.g. 1e-3");
        }
        const std::string_view number(text.data(), i);
        const std::string_view suffix = std::string_view(text).substr(i);
        if (suffix.find('.') != std::string_view::npos)
            badLiteral(token, "a number has at most one '.'");
        if (floating)
            finishFloating(token, number, suffix);
        else
            finishInteger(token, number, suffix, integerDigits);
    }

    void finishFloating(Token& token, std::string_view number, std::string_view suffix)
    {
        Type type = scalar_;
        if (suffix == "f" || suffix == "F")
            type = Type::Float;
        else if (suffix == "u" || suffix == "U")
            badLiteral(token, "a floating literal cannot be unsigned");
        else if (suffix == "l" || suffix == "L")
            badLiteral(token, "long double is not supported");
        else if (!suffix.empty())
            badLiteral(token, "invalid suffix '" + std::string(suffix) + "'; floating literals take "
                              "'f' (float) or nothing (scalar)");
        // from_chars does not accept a leading '.', so give it "0.5" for ".5".
        std::string digits = number.front() == '.' ? "0" + std::string(number) : std::string(number);
        double value = 0.0;
        std::errc ec;
        if (type == Type::Float) {
            float f = 0.0f;
            ec = std::from_chars(digits.data(), digits.data() + digits.size(), f).ec;
            value = f;
        } else {
            ec = std::from_chars(digits.data(), digits.data() + digits.size(), value).ec;
        }
        const bool nonzeroDigits = digits.find_first_of("123456789") < digits.find_first_of("eE");
        if (ec == std::errc::result_out_of_range || std::isinf(value) ||
            (value == 0.0 && nonzeroDigits))
            fail(token.line, token.column,
                 "floating literal '" + token.text + "' is out of range for '" + typeName(type) + "'",
                 type == Type::Float ? "a float lies between about 1.2e-38 and 3.4e38"
                                     : "a double lies between about 2.2e-308 and 1.8e308");
        if (ec != std::errc()) badLiteral(token, "");
        token.kind = TokenKind::FloatLiteral;
        token.type = type;
        token.floatValue = value;
    }

    void finishInteger(Token& token, std::string_view number, std::string_view suffix,
                       size_t integerDigits)
    {
        bool isUnsigned = false;
        if (suffix == "u" || suffix == "U")
            isUnsigned = true;
        else if (suffix == "f" || suffix == "F")
            badLiteral(token, "write '" + std::string(number) + ".0f' for a float literal");
        else if (suffix == "l" || suffix == "L" || suffix == "ul" || suffix == "UL" ||
                 suffix == "lu" || suffix == "LU" || suffix == "ll" || suffix == "LL")
            badLiteral(token, "long integers are not supported; use 'u' for unsigned int");
        else if (!suffix.empty())
            badLiteral(token, "invalid suffix '" + std::string(suffix) +
                                  "'; integer literals take 'u' (unsigned int) or nothing (int)");
        if (integerDigits > 1 && number[0] == '0')
            fail(token.line, token.column, "octal literal '" + token.text + "' is not supported",
                 "remove the leading zero (C would read it as octal)");
        std::uint64_t value = 0;
        auto ec = std::from_chars(number.data(), number.data() + number.size(), value).ec;
        const std::uint64_t limit = isUnsigned ? std::numeric_limits<std::uint32_t>::max()
                                               : std::numeric_limits<std::int32_t>::max();
        if (ec != std::errc() || value > limit) {
            if (isUnsigned)
                fail(token.line, token.column,
                     "integer literal '" + token.text + "' is too large for 'unsigned int'",
                     "the largest is 4294967295u; use a floating literal for larger values");
            fail(token.line, token.column, "integer literal '" + token.text + "' is too large for 'int'",
                 value <= std::numeric_limits<std::uint32_t>::max() && ec == std::errc()
                     ? "the largest is 2147483647; add a 'u' suffix for unsigned int"
                     : "the largest is 2147483647; use a floating literal for larger values");
        }
        token.kind = TokenKind::IntLiteral;
        token.type = isUnsigned ? Type::Unsigned : Type::Int;
        token.intValue = value;
    }

    std::string_view src_;
    const SourceRef& where_;
    Type scalar_;
    size_t pos_ = 0;
    int line_ = 1, column_ = 1;
};

} // namespace

std::vector<Token> lex(std::string_view source, const SourceRef& where, Type scalar)
{
    return Lexer(source, where, scalar).run();
}

bool isLanguageKeyword(std::string_view word) { return kKeywords.count(word) > 0; }

const char* spelling(TokenKind kind)
{
    for (const auto& [text, k] : kOperators)
        if (k == kind) return text.data();
    switch (kind) {
    case TokenKind::If: return "if";
    case TokenKind::Else: return "else";
    case TokenKind::For: return "for";
    case TokenKind::While: return "while";
    case TokenKind::Do: return "do";
    case TokenKind::Break: return "break";
    case TokenKind::Continue: return "continue";
    case TokenKind::Const: return "const";
    default: return "?";
    }
}

std::string describe(const Token& token)
{
    switch (token.kind) {
    case TokenKind::End: return "end of code";
    case TokenKind::Identifier: return "name '" + token.text + "'";
    case TokenKind::IntLiteral:
    case TokenKind::FloatLiteral: return "number '" + token.text + "'";
    case TokenKind::BoolLiteral: return "'" + token.text + "'";
    case TokenKind::TypeName: return "type '" + token.text + "'";
    default: return "'" + token.text + "'";
    }
}

} // namespace spikegen::lang
