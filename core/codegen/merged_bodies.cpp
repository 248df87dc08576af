#include "core/codegen/merged_bodies.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

namespace spikegen {
namespace {

struct Token {
    enum Kind { Word, Number, Comment, Other } kind;
    std::size_t begin, end; // in the body's text
    bool fixed = false;     // a literal in a place that needs a constant
};

bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Multi-character operators are one token each, so that "a - -b" and "a--b" differ.
constexpr std::array<std::string_view, 22> kOperators = {">>=", "<<=", "->", "++", "--", "<<", ">>", "<=",
                                                         ">=",  "==",  "!=", "&&", "||", "+=", "-=", "*=",
                                                         "/=",  "%=",  "&=", "|=", "^=", "##"};

// Types that begin a declaration: a literal in `type name[literal]` is an array size.
bool declaresType(std::string_view word)
{
    static const std::set<std::string_view> types = {
        "unsigned", "signed", "int",    "float",  "double", "bool",       "char",    "short",  "long",
        "uint8_t",  "uint16_t", "uint32_t", "uint64_t", "int32_t", "size_t", "SG_U16", "SG_U32", "SG_U64",
        "uchar",    "ushort",  "uint",   "ulong",  "sg_rng", "const",      "__shared__", "__local"};
    return types.count(word) > 0;
}

std::vector<Token> tokenize(const std::string& t)
{
    std::vector<Token> out;
    bool lineStart = true, pragmaLine = false;
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        if (c == '\n') {
            lineStart = true;
            pragmaLine = false;
            ++i;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
            i = std::min(t.find('\n', i), t.size());
            out.push_back({Token::Comment, begin, i});
            continue;
        }
        if (c == '#' && lineStart) {
            std::size_t w = i + 1;
            while (w < t.size() && (t[w] == ' ' || t[w] == '\t'))
                ++w;
            pragmaLine = t.compare(w, 6, "pragma") == 0;
        }
        lineStart = false;
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            while (i < t.size() && wordChar(t[i]))
                ++i;
            out.push_back({Token::Word, begin, i});
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
            const bool hex = c == '0' && i + 1 < t.size() && (t[i + 1] == 'x' || t[i + 1] == 'X');
            while (i < t.size() && (wordChar(t[i]) || t[i] == '.')) {
                const bool exponent = !hex && (t[i] == 'e' || t[i] == 'E');
                ++i;
                if (exponent && i < t.size() && (t[i] == '+' || t[i] == '-'))
                    ++i;
            }
            out.push_back({Token::Number, begin, i, pragmaLine});
        } else if (c == '"' || c == '\'') {
            for (++i; i < t.size() && t[i] != c; ++i)
                i += t[i] == '\\';
            i = std::min(i + 1, t.size());
            out.push_back({Token::Other, begin, i});
        } else {
            std::size_t length = 1;
            for (std::string_view op : kOperators)
                if (t.compare(i, op.size(), op) == 0) {
                    length = op.size();
                    break;
                }
            i += length;
            out.push_back({Token::Other, begin, i});
        }
    }
    return out;
}

// A body's tokens without its comments, each with the class it is compared by.
struct Scanned {
    const std::string* text;
    std::vector<Token> tokens;
    std::vector<std::string> classes; // a token's text, or "\x01lit type" / "\x01ptr type"
    std::string key;                  // the classes joined: equal keys, one structure
    std::string at(std::size_t k) const { return text->substr(tokens[k].begin, tokens[k].end - tokens[k].begin); }
};

Scanned scan(const std::string& text, const std::map<std::string, std::string>& pointerTypes)
{
    Scanned s{&text, {}, {}, {}};
    for (const Token& t : tokenize(text))
        if (t.kind != Token::Comment)
            s.tokens.push_back(t);
    for (std::size_t k = 0; k < s.tokens.size(); ++k) {
        Token& t = s.tokens[k];
        const std::string word = s.at(k);
        std::string cls = word;
        if (t.kind == Token::Number) {
            // `type name[literal]` (or `, name[literal]`): an array size, which must stay a constant.
            if (k >= 2 && s.at(k - 1) == "[" && s.tokens[k - 2].kind == Token::Word &&
                (k < 3 || declaresType(s.at(k - 3)) || s.at(k - 3) == "," || s.at(k - 3) == "*"))
                t.fixed = true;
            const std::string type = literalType(word);
            if (!t.fixed && !type.empty())
                cls = "\x01lit " + type;
        } else if (t.kind == Token::Word) {
            if (auto it = pointerTypes.find(word); it != pointerTypes.end())
                cls = "\x01ptr " + it->second;
        }
        s.key += cls;
        s.key += '\x02';
        s.classes.push_back(std::move(cls));
    }
    return s;
}

// "s12_row_start" -> "row_start": a buffer's name without its group's prefix.
std::string withoutGroupPrefix(const std::string& name)
{
    std::size_t i = 0;
    while (i < name.size() && std::islower(static_cast<unsigned char>(name[i])))
        ++i;
    const std::size_t letters = i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
        ++i;
    if (letters > 0 && i > letters && i < name.size() && name[i] == '_')
        return name.substr(i + 1);
    return name;
}

MergedBody mergeBucket(const std::vector<Scanned>& scanned, const std::vector<std::size_t>& members)
{
    MergedBody out;
    out.members = members;
    const Scanned& first = scanned[members.front()];
    std::set<std::string> used; // names the body uses: parameters must not shadow them
    for (std::size_t k = 0; k < first.tokens.size(); ++k)
        if (first.tokens[k].kind == Token::Word)
            used.insert(first.at(k));
    auto freshName = [&](const std::string& base) {
        std::string name = base;
        for (int n = 2; used.count(name); ++n)
            name = base + "_" + std::to_string(n);
        used.insert(name);
        return name;
    };
    std::map<std::string, std::size_t> byValues;   // type and per-member values -> parameter
    std::map<std::size_t, std::size_t> replaced;   // token -> parameter
    std::size_t literals = 0;
    for (std::size_t k = 0; k < first.tokens.size(); ++k) {
        const std::string& cls = first.classes[k];
        if (cls.empty() || cls[0] != '\x01')
            continue;
        const bool pointer = cls.compare(1, 3, "ptr") == 0;
        std::vector<std::string> values;
        for (std::size_t m : members)
            values.push_back(scanned[m].at(k));
        if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); })) {
            if (pointer && std::find(out.commonPointers.begin(), out.commonPointers.end(), values.front()) ==
                               out.commonPointers.end())
                out.commonPointers.push_back(values.front());
            continue;
        }
        std::string key = cls;
        for (const auto& v : values)
            key += '\x02' + v;
        auto [it, added] = byValues.emplace(key, out.parameters.size());
        if (added) {
            MergedParameter p;
            p.type = cls.substr(5);
            p.pointer = pointer;
            p.name = freshName(pointer ? "sg_m_" + withoutGroupPrefix(values.front())
                                       : "sg_m_c" + std::to_string(literals++));
            p.arguments = std::move(values);
            out.parameters.push_back(std::move(p));
        }
        replaced[k] = it->second;
    }
    // restrict holds only if no member passes one buffer twice, or one the body names itself.
    for (std::size_t m = 0; m < members.size() && out.distinctPointers; ++m) {
        std::set<std::string> seen(out.commonPointers.begin(), out.commonPointers.end());
        for (const auto& p : out.parameters)
            if (p.pointer && !seen.insert(p.arguments[m]).second)
                out.distinctPointers = false;
    }
    std::size_t copied = 0;
    for (const auto& [k, parameter] : replaced) {
        out.text.append(*first.text, copied, first.tokens[k].begin - copied);
        out.text += out.parameters[parameter].name;
        copied = first.tokens[k].end;
    }
    out.text.append(*first.text, copied);
    return out;
}

} // namespace

std::string literalType(const std::string& literal)
{
    std::size_t digits = 0;
    const bool hex = literal.size() > 2 && literal[0] == '0' && (literal[1] == 'x' || literal[1] == 'X');
    auto isDigit = [&](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : std::isdigit(static_cast<unsigned char>(c)) != 0;
    };
    std::size_t i = hex ? 2 : 0;
    bool floating = false;
    for (; i < literal.size(); ++i) {
        const char c = literal[i];
        if (isDigit(c))
            ++digits;
        else if (!hex && (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && i > 0 &&
                                                                (literal[i - 1] == 'e' || literal[i - 1] == 'E'))))
            floating = true;
        else
            break;
    }
    std::string suffix = literal.substr(i);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](char c) { return char(std::tolower(c)); });
    if (digits == 0)
        return "";
    if (floating)
        return suffix == "f" ? "float" : suffix.empty() ? "double" : "";
    // An octal literal (a leading 0 and more digits) is left alone.
    if (!hex && literal.size() > 1 && literal[0] == '0' && std::isdigit(static_cast<unsigned char>(literal[1])))
        return "";
    unsigned long long value = 0;
    try {
        value = std::stoull(literal.substr(0, i), nullptr, hex ? 16 : 10);
    } catch (...) {
        return "";
    }
    if (suffix == "u")
        return value <= 0xFFFFFFFFull ? "unsigned" : "";
    if (suffix.empty())
        return value <= 0x7FFFFFFFull ? "int" : "";
    if (suffix == "ull" || suffix == "llu")
        return "uint64_t";
    return "";
}

std::vector<MergedBody> mergeBodies(const std::vector<std::string>& bodies,
                                    const std::map<std::string, std::string>& pointerTypes)
{
    std::vector<Scanned> scanned;
    for (const auto& b : bodies)
        scanned.push_back(scan(b, pointerTypes));
    std::vector<std::vector<std::size_t>> buckets;
    std::map<std::string, std::size_t> bucketOf;
    for (std::size_t i = 0; i < scanned.size(); ++i) {
        auto [it, added] = bucketOf.emplace(scanned[i].key, buckets.size());
        if (added)
            buckets.emplace_back();
        buckets[it->second].push_back(i);
    }
    std::vector<MergedBody> out;
    for (const auto& members : buckets)
        out.push_back(mergeBucket(scanned, members));
    return out;
}

} // namespace spikegen
