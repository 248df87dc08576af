// Writes indented generated code and remembers which lines came from which code string, so that a
// compiler error in generated code can be shown next to the user's code string.
#pragma once
#include "core/lang/code.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spikegen {

struct LineOrigin {
    lang::SourceRef source; // model and field of the code string
    int sourceLine = 0;     // 1-based line inside that code string
};

class CodeWriter {
public:
    explicit CodeWriter(lang::Dialect dialect) : dialect_(dialect) {}
    lang::Dialect dialect() const { return dialect_; }

    // One line of code at the current indentation (may be empty). Comments go through comment():
    // a line holding a newline, a comment or a trailing backslash is refused (spikegen::Error).
    CodeWriter& line(const std::string& text);
    // The one way to print a comment, alone on its line or after `code`. It refuses text outside
    // letters, digits, spaces and plain punctuation (no backslash, '?', quote, control or non-ASCII
    // byte, no "/*" or "*/"), so that no name that reaches it can end the comment (docs/security.md).
    CodeWriter& comment(const std::string& text);
    CodeWriter& line(const std::string& code, const std::string& comment);
    // "text {" and indent one level; close() writes "}" (plus `suffix`) and dedents.
    CodeWriter& open(const std::string& text);
    CodeWriter& close(const std::string& suffix = "");
    // A type-checked code string, printed for this writer's dialect, each line mapped to its origin.
    CodeWriter& code(const lang::Code& code);
    CodeWriter& blank() { return line(""); }
    // Text of several lines written as it is (library sources such as the RNG).
    CodeWriter& raw(const std::string& text);
    // Lines that another writer, `from`, wrote at indentation 0, maybe with some tokens replaced
    // but line for line the same (a merged body, merged_bodies.h): indented to this writer's level,
    // each with the code-string origin it had there.
    CodeWriter& lines(const std::string& text, const CodeWriter& from);

    // A line whose text is known only once later lines are written (an OpenCL kernel's parameters
    // are the buffers its body names): left empty, at this indentation, until fillReserved().
    // `tag` says what it is for; the line keeps its number, so no origin moves.
    struct ReservedLine {
        int line = 0;
        int indent = 0;
        std::string tag;
    };
    CodeWriter& reserveLine(const std::string& tag);
    const std::vector<ReservedLine>& reservedLines() const { return reserved_; }
    // Writes reserved lines (by line number) with one line of code each (may be empty).
    void fillReserved(const std::map<int, std::string>& lines);

    const std::string& text() const { return text_; }
    int lineCount() const { return lines_; }
    // Origin of a 1-based line of text(), if it came from a code string.
    const LineOrigin* origin(int generatedLine) const;

private:
    CodeWriter& append(const std::string& text);
    lang::Dialect dialect_;
    std::string text_;
    int indent_ = 0, lines_ = 0;
    std::map<int, LineOrigin> origins_;
    std::vector<ReservedLine> reserved_;
};

// The first line printed from a code string that calls one of `functions` (printed names such as
// "sg_sin_f"): the function and where the call came from; nullopt if none does. For refusing, with
// a message naming model and field, what a target cannot compile (lang::ownFloatMathsNeedingDouble).
struct FoundCall {
    std::string function;
    LineOrigin origin;
};
std::optional<FoundCall> findCodeStringCall(const CodeWriter& writer, const std::vector<std::string>& functions);

// Finds "<file>:<line>:" compiler messages in `log` and appends, for each line that came from a
// code string, the generated line and the model, field and code-string line it came from.
std::string explainCompileErrors(const std::string& log, const std::string& fileName, const CodeWriter& writer);

} // namespace spikegen
