#include "core/model/safe_names.h"

#include "core/error.h"

#include <cstdio>

namespace spikegen {
namespace {

bool isNameChar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string describeByte(unsigned char c)
{
    return printable(std::string_view(reinterpret_cast<const char*>(&c), 1));
}

} // namespace

std::optional<std::string> nameProblem(std::string_view name)
{
    if (name.empty())
        return "is empty";
    if (name.size() > kMaxNameLength)
        return "is " + std::to_string(name.size()) + " characters long (at most " + std::to_string(kMaxNameLength) +
               ")";
    for (unsigned char c : name)
        if (!isNameChar(c))
            return "contains " + describeByte(c) + "; names may contain only letters, digits and '_'";
    if (name[0] >= '0' && name[0] <= '9')
        return "starts with a digit; names may contain only letters, digits and '_', not starting with a digit";
    if (name.substr(0, 3) == "sg_")
        return "starts with 'sg_', which is reserved for names in generated code";
    return std::nullopt;
}

void checkName(std::string_view what, std::string_view name)
{
    if (name.empty())
        throw Error(std::string(what) + " is empty");
    if (auto problem = nameProblem(name))
        throw Error(std::string(what) + " " + printable(name) + ": " + *problem);
}

std::string printable(std::string_view text)
{
    constexpr std::size_t kShown = 80;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kShown; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c == '\'' || c == '\\') out += std::string("\\") + char(c);
        else if (c < 0x20 || c >= 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        } else
            out += char(c);
    }
    if (text.size() > kShown)
        out += "...";
    return out + "'";
}

std::optional<std::string> controlCharacterProblem(std::string_view text)
{
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7F)
            return "contains the control character " + describeByte(c);
    return std::nullopt;
}

} // namespace spikegen
