// Names and classification of the value types of the code-string language.
#include "core/lang/types.h"

namespace spikegen::lang {

const char* typeName(Type type)
{
    switch (type) {
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    // "unsigned int" rather than "unsigned": it is the spelling every dialect documents (OpenCL C
    // also has "uint", but C++ and CUDA do not).
    case Type::Unsigned: return "unsigned int";
    case Type::Float: return "float";
    case Type::Double: return "double";
    }
    return "?";
}

std::optional<Type> parseType(std::string_view name, Type scalar)
{
    if (name == "bool") return Type::Bool;
    if (name == "int") return Type::Int;
    if (name == "unsigned" || name == "unsigned int") return Type::Unsigned;
    if (name == "float") return Type::Float;
    if (name == "double") return Type::Double;
    if (name == "scalar") return scalar;
    return std::nullopt;
}

bool isInteger(Type type) { return type == Type::Int || type == Type::Unsigned; }

bool isFloating(Type type) { return type == Type::Float || type == Type::Double; }

} // namespace spikegen::lang
