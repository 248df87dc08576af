#include "core/codegen/code_writer.h"

#include "core/error.h"
#include "core/model/safe_names.h"

#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

namespace spikegen {

namespace {

bool safeInComment(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view(" _',.:;()[]{}=+-*/%<>!&|^~#@$").find(c) != std::string_view::npos;
}

// Throws unless `text` can be printed as code (no line break, comment or line continuation).
void checkCodeLine(const std::string& text)
{
    if (text.find_first_of("\n\r") != std::string::npos || text.find("//") != std::string::npos ||
        text.find("/*") != std::string::npos || (!text.empty() && text.back() == '\\'))
        throw Error("internal: generated line " + printable(text) + " holds a line break or a comment");
}

// Throws unless `text` is safe inside a // comment of every dialect.
void checkCommentText(const std::string& text)
{
    bool safe = text.find("/*") == std::string::npos && text.find("*/") == std::string::npos;
    for (char c : text)
        safe = safe && safeInComment(c);
    if (!safe)
        throw Error("refusing to print " + printable(text) + " into a comment of generated code");
}

} // namespace

CodeWriter& CodeWriter::line(const std::string& text)
{
    checkCodeLine(text);
    return append(text);
}

CodeWriter& CodeWriter::comment(const std::string& text)
{
    checkCommentText(text);
    return append("// " + text);
}

CodeWriter& CodeWriter::line(const std::string& code, const std::string& commentText)
{
    checkCodeLine(code);
    checkCommentText(commentText);
    return append(code + "  // " + commentText);
}

CodeWriter& CodeWriter::append(const std::string& text)
{
    if (!text.empty())
        text_.append(std::size_t(indent_) * 4, ' ').append(text);
    text_ += '\n';
    ++lines_;
    return *this;
}

CodeWriter& CodeWriter::raw(const std::string& text)
{
    text_ += text;
    if (!text.empty() && text.back() != '\n')
        text_ += '\n';
    for (char c : text)
        lines_ += c == '\n';
    lines_ += !text.empty() && text.back() != '\n';
    return *this;
}

CodeWriter& CodeWriter::lines(const std::string& text, const CodeWriter& from)
{
    std::istringstream in(text);
    int fromLine = 0;
    for (std::string l; std::getline(in, l);) {
        append(l);
        if (const LineOrigin* o = from.origin(++fromLine))
            origins_[lines_] = *o;
    }
    return *this;
}

CodeWriter& CodeWriter::reserveLine(const std::string& tag)
{
    append("");
    reserved_.push_back({lines_, indent_, tag});
    return *this;
}

void CodeWriter::fillReserved(const std::map<int, std::string>& lines)
{
    std::map<int, std::string> indented;
    for (const ReservedLine& r : reserved_)
        if (auto l = lines.find(r.line); l != lines.end()) {
            checkCodeLine(l->second);
            indented[r.line] = l->second.empty() ? "" : std::string(std::size_t(r.indent) * 4, ' ') + l->second;
        }
    if (indented.size() != lines.size())
        throw Error("internal: a generated line to fill was not reserved");
    std::string text;
    text.reserve(text_.size() + 64 * indented.size());
    std::size_t at = 0;
    for (int line = 1; at < text_.size(); ++line) {
        const std::size_t end = text_.find('\n', at);
        const std::size_t next = end == std::string::npos ? text_.size() : end + 1;
        if (auto l = indented.find(line); l != indented.end())
            text.append(l->second).append("\n");
        else
            text.append(text_, at, next - at);
        at = next;
    }
    text_ = std::move(text);
}

CodeWriter& CodeWriter::open(const std::string& text)
{
    line(text.empty() ? "{" : text + " {");
    ++indent_;
    return *this;
}

CodeWriter& CodeWriter::close(const std::string& suffix)
{
    --indent_;
    return line("}" + suffix);
}

CodeWriter& CodeWriter::code(const lang::Code& code)
{
    if (code.empty())
        return *this;
    for (const auto& printed : code.print(dialect_)) {
        indent_ += printed.indent;
        line(printed.text);
        indent_ -= printed.indent;
        origins_[lines_] = LineOrigin{code.source(), printed.sourceLine};
    }
    return *this;
}

const LineOrigin* CodeWriter::origin(int generatedLine) const
{
    auto it = origins_.find(generatedLine);
    return it == origins_.end() ? nullptr : &it->second;
}

std::optional<FoundCall> findCodeStringCall(const CodeWriter& writer, const std::vector<std::string>& functions)
{
    std::istringstream in(writer.text());
    int number = 0;
    for (std::string l; std::getline(in, l);) {
        ++number;
        const LineOrigin* o = writer.origin(number);
        if (!o)
            continue;
        for (const std::string& f : functions) {
            // A whole identifier followed by '(': printed names start with "sg_", which code
            // strings cannot declare, so only the printer's calls match.
            for (std::size_t at = l.find(f + "("); at != std::string::npos; at = l.find(f + "(", at + 1))
                if (at == 0 || !(std::isalnum(static_cast<unsigned char>(l[at - 1])) || l[at - 1] == '_'))
                    return FoundCall{f, *o};
        }
    }
    return std::nullopt;
}

std::string explainCompileErrors(const std::string& log, const std::string& fileName, const CodeWriter& writer)
{
    std::vector<std::string> generated;
    {
        std::istringstream in(writer.text());
        for (std::string l; std::getline(in, l);)
            generated.push_back(l);
    }
    const std::regex location(std::regex_replace(fileName, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                              R"(:(\d+))");
    std::set<int> seen;
    std::string out;
    for (std::sregex_iterator it(log.begin(), log.end(), location), end; it != end; ++it) {
        const int lineNumber = std::stoi((*it)[1]);
        if (!seen.insert(lineNumber).second || lineNumber < 1 || lineNumber > int(generated.size()))
            continue;
        out += "\n  generated line " + std::to_string(lineNumber) + ": " + generated[lineNumber - 1];
        if (const LineOrigin* o = writer.origin(lineNumber))
            out += "\n    from model '" + o->source.model + "', " + o->source.field + ", line " +
                   std::to_string(o->sourceLine);
    }
    return out;
}

} // namespace spikegen
