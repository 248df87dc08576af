// The value types of the code-string language.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace spikegen::lang {

enum class Type { Bool, Int, Unsigned, Float, Double };

// Name as written in code strings and in generated C/C++/CUDA/OpenCL code.
const char* typeName(Type type);

// Parses "bool", "int", "unsigned", "float", "double"; "scalar" resolves to `scalar`.
// Returns nothing for an unknown name.
std::optional<Type> parseType(std::string_view name, Type scalar);

bool isInteger(Type type);
bool isFloating(Type type);

// Targets that code strings are printed for.
enum class Dialect { Cpp, Cuda, OpenCL };

} // namespace spikegen::lang
