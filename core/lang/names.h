// Rules about identifiers shared by the lexer, the scope and the type checker: which names are
// reserved by one of the target dialects, and which known name a misspelt one was meant to be.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace spikegen::lang {

bool isIdentifier(std::string_view text);

// Words that cannot name a variable in code printed for C++, CUDA C++ or OpenCL C: keywords,
// dialect types (uint, float4, half...), macros of <math.h> and names starting with "__" or "_X".
// Returns the dialects that reserve it ("C++", "OpenCL C", ...), or empty when the name is free.
std::string reservedBy(std::string_view name);

// The candidate nearest to `name` (Damerau-Levenshtein distance <= 2, or equal ignoring case),
// or empty if none is close enough to be a plausible typo.
std::string nearestName(std::string_view name, const std::vector<std::string>& candidates);

// "did you mean 'V'?" or empty.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

} // namespace spikegen::lang
