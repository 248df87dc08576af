// The table of built-in maths functions and how each dialect spells them.
#include "core/lang/builtins.h"

#include <array>

namespace spikegen::lang {
namespace {

using Kind = BuiltinFunction::Kind;

const std::array<BuiltinFunction, 40> kBuiltins = {{
    {"exp", 1, Kind::Maths},      {"expm1", 1, Kind::Maths},    {"exp2", 1, Kind::Maths},
    {"log", 1, Kind::Maths},      {"log1p", 1, Kind::Maths},    {"log2", 1, Kind::Maths},
    {"log10", 1, Kind::Maths},    {"sqrt", 1, Kind::Maths},     {"cbrt", 1, Kind::Maths},
    {"pow", 2, Kind::Maths},      {"fabs", 1, Kind::Maths},     {"fmin", 2, Kind::Maths},
    {"fmax", 2, Kind::Maths},     {"fmod", 2, Kind::Maths},     {"floor", 1, Kind::Maths},
    {"ceil", 1, Kind::Maths},     {"round", 1, Kind::Maths},    {"trunc", 1, Kind::Maths},
    {"sin", 1, Kind::Maths},      {"cos", 1, Kind::Maths},      {"tan", 1, Kind::Maths},
    {"asin", 1, Kind::Maths},     {"acos", 1, Kind::Maths},     {"atan", 1, Kind::Maths},
    {"atan2", 2, Kind::Maths},    {"sinh", 1, Kind::Maths},     {"cosh", 1, Kind::Maths},
    {"tanh", 1, Kind::Maths},     {"hypot", 2, Kind::Maths},    {"copysign", 2, Kind::Maths},
    {"erf", 1, Kind::Maths},      {"erfc", 1, Kind::Maths},     {"fma", 3, Kind::Maths},
    {"fdim", 2, Kind::Maths},     {"isnan", 1, Kind::Classify}, {"isinf", 1, Kind::Classify},
    {"isfinite", 1, Kind::Classify}, {"min", 2, Kind::MinMax},  {"max", 2, Kind::MinMax},
    {"abs", 1, Kind::Abs},
}};

// Computed by spikegen's own functions in deterministic mode: log and log1p from
// core/rng/philox_device.inc (float ones in float), the rest from maths_device.inc (in double).
constexpr std::array<std::string_view, 20> kDeterministicMaths = {
    "log",  "log1p", "exp2", "log2", "log10", "cbrt", "pow",   "sin", "cos", "tan",
    "asin", "acos",  "atan", "atan2", "sinh", "cosh", "tanh", "hypot", "erf", "erfc"};

std::string joinArgs(const std::vector<std::string>& args)
{
    std::string text;
    for (size_t i = 0; i < args.size(); ++i) text += (i ? ", " : "") + args[i];
    return text;
}

// C++ and CUDA name float maths with an 'f' suffix (expf); OpenCL overloads the plain name.
std::string floatingName(std::string_view name, Type overload, Dialect dialect)
{
    if (dialect != Dialect::OpenCL && overload == Type::Float) return std::string(name) + "f";
    return std::string(name);
}

} // namespace

int findBuiltin(std::string_view name)
{
    for (size_t i = 0; i < kBuiltins.size(); ++i)
        if (kBuiltins[i].name == name) return int(i);
    return -1;
}

const BuiltinFunction& builtin(int index) { return kBuiltins.at(size_t(index)); }

std::vector<std::string> builtinNames()
{
    std::vector<std::string> names;
    for (const auto& function : kBuiltins) names.emplace_back(function.name);
    return names;
}

bool isPrintedBuiltinName(std::string_view name)
{
    if (name == "std" || name == "fminf" || name == "fmaxf" || name == "fabsf") return true;
    for (const auto& function : kBuiltins) {
        if (function.name == name) return true;
        if (name.size() == function.name.size() + 1 && name.back() == 'f' &&
            name.substr(0, function.name.size()) == function.name)
            return true;
    }
    return false;
}

Type builtinOverload(const BuiltinFunction& function, const std::vector<Type>& args, Type scalar)
{
    bool anyDouble = false, anyFloat = false, anyUnsigned = false;
    for (Type arg : args) {
        anyDouble |= arg == Type::Double;
        anyFloat |= arg == Type::Float;
        anyUnsigned |= arg == Type::Unsigned;
    }
    if (anyDouble) return Type::Double;
    if (anyFloat) return Type::Float;
    if (function.kind == Kind::MinMax || function.kind == Kind::Abs)
        return anyUnsigned ? Type::Unsigned : Type::Int;
    return scalar;
}

Type builtinResult(const BuiltinFunction& function, Type overload)
{
    return function.kind == Kind::Classify ? Type::Bool : overload;
}

bool usesOwnMaths(const BuiltinFunction& function, Type overload)
{
    if (function.kind != Kind::Maths || !isFloating(overload)) return false;
    for (std::string_view name : kDeterministicMaths)
        if (function.name == name) return true;
    return false;
}

std::vector<std::string> ownFloatMathsNeedingDouble()
{
    std::vector<std::string> names;
    for (std::string_view name : kDeterministicMaths)
        if (name != "log" && name != "log1p") names.push_back("sg_" + std::string(name) + "_f");
    return names;
}

std::string printBuiltinCall(const BuiltinFunction& function, Type overload, Dialect dialect,
                             const std::vector<std::string>& args, bool ownMaths)
{
    const std::string list = "(" + joinArgs(args) + ")";
    const std::string suffix = overload == Type::Double ? "_d" : "_f";
    switch (function.kind) {
    case Kind::Maths:
        // exp, expm1, log and log1p have one implementation for every target
        // (core/rng/philox_device.inc), so that learning rules and neuron models (HH's rate
        // functions) that call them give the same bits on every backend. The functions of
        // usesOwnMaths are spikegen's only in deterministic mode: elsewhere the platform's are faster.
        if (function.name == "exp" || function.name == "expm1" || ownMaths)
            return "sg_" + std::string(function.name) + suffix + list;
        return floatingName(function.name, overload, dialect) + list;
    case Kind::Classify: return std::string(function.name) + list; // overloaded everywhere
    case Kind::MinMax:
        if (isFloating(overload))
            return floatingName(function.name == "min" ? "fmin" : "fmax", overload, dialect) + list;
        // Integer min/max: std:: in C++ (<algorithm>); CUDA and OpenCL have built-in overloads.
        return (dialect == Dialect::Cpp ? "std::" : "") + std::string(function.name) + list;
    case Kind::Abs:
        if (isFloating(overload)) return floatingName("fabs", overload, dialect) + list;
        if (dialect == Dialect::Cpp) return "std::abs" + list;
        // OpenCL's abs(int) returns uint; convert back so that the expression stays an int.
        if (dialect == Dialect::OpenCL) return "((int)abs" + list + ")";
        return "abs" + list;
    }
    return {};
}

} // namespace spikegen::lang
