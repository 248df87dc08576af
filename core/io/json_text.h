// JSON text -> Json for model files, with the limits of untrusted input (docs/security.md): at
// most kMaxModelFileBytes of text, kMaxJsonDepth levels of nesting, no key given twice in one
// object, numbers that fit a double. Every error is a ModelFileError: a syntax error with the line
// and column (path "/"), the others at the JSON Pointer of the element.
#pragma once
#include "core/io/json_fields.h"

#include <cstddef>
#include <string>

namespace spikegen::io {

inline constexpr std::size_t kMaxModelFileBytes = std::size_t(64) << 20;
inline constexpr std::size_t kMaxJsonDepth = 64;

Json parseModelJson(const std::string& text);

} // namespace spikegen::io
