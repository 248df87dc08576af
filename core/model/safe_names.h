// The one rule for names that can reach generated code, a file path or a log line (docs/security.md):
// letters, digits and '_', not starting with a digit or "sg_" (generated code's own names), at most
// kMaxNameLength characters. Names are
// checked where they enter (Network, model descriptors, model files); code generation prints them
// only through CodeWriter::comment, which checks again.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace spikegen {

inline constexpr std::size_t kMaxNameLength = 128;

// What is wrong with `name` ("contains '\n'", "is empty", ...), or nothing when it is a valid name.
std::optional<std::string> nameProblem(std::string_view name);

// Throws spikegen::Error("<what> <printable(name)>: <problem>") unless `name` is a valid name.
void checkName(std::string_view what, std::string_view name);

// `text` in single quotes for a message, with control, quote, backslash and non-ASCII bytes escaped
// (\n, \', \\, \xC3) and long text shortened, so that a hostile name cannot break a log line.
std::string printable(std::string_view text);

// Text without control characters (bytes below 0x20 and 0x7F), for free-text fields such as the
// message of a parameter check; nothing when it is fine, else the problem.
std::optional<std::string> controlCharacterProblem(std::string_view text);

} // namespace spikegen
