#include "core/io/json_paths.h"

#include <cstdio>

namespace spikegen::io {

JsonPath JsonPath::operator/(const std::string& key) const
{
    // RFC 6901 escapes: '~' as "~0" and '/' as "~1", so that any key can be pointed at.
    std::string escaped;
    for (char c : key) {
        if (c == '~') escaped += "~0";
        else if (c == '/') escaped += "~1";
        else escaped += c;
    }
    JsonPath path;
    path.pointer_ = pointer_ + "/" + escaped;
    return path;
}

JsonPath JsonPath::operator/(std::size_t index) const { return *this / std::to_string(index); }

std::string JsonPath::text() const
{
    // Keys come from the file: control and non-ASCII bytes are escaped so a message stays one line.
    std::string out;
    for (unsigned char c : pointer_) {
        if (c >= 0x20 && c < 0x7F) {
            out += char(c);
            continue;
        }
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", c);
        out += hex;
    }
    return out.empty() ? "/" : out;
}

ModelFileError::ModelFileError(const JsonPath& path, const std::string& message)
    : Error(path.text() + ": " + message), path_(path.text()), message_(message)
{
}

} // namespace spikegen::io
