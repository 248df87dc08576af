// Maths functions known to the language itself (exp, sqrt, pow, fmin, min, isnan, ...): their
// arity, the overload chosen from the argument types, and their printed name per dialect.
#pragma once
#include "core/lang/types.h"

#include <string>
#include <string_view>
#include <vector>

namespace spikegen::lang {

struct BuiltinFunction {
    enum class Kind {
        Maths,    // floating in, same floating type out: exp, pow, fmin, ...
        Classify, // floating in, bool out: isnan, isinf
        MinMax,   // min, max: integer overloads; fmin/fmax for floating arguments
        Abs,      // abs: int overload; fabs for floating arguments
    };
    std::string_view name;
    int arity;
    Kind kind;
};

// Index into the table, or -1 for a name that is not built in.
int findBuiltin(std::string_view name);
const BuiltinFunction& builtin(int index);
std::vector<std::string> builtinNames();

// True for names that printed code uses for built-ins (expf, fminf, std, ...): locals may not
// take them, or printed calls would refer to the local.
bool isPrintedBuiltinName(std::string_view name);

// The overload for these (already type-checked, non-bool) argument types: the type every argument
// is converted to. Floating: double if any argument is double, else float; all-integer
// arguments of Maths/Classify promote to `scalar`; of MinMax/Abs stay integer.
Type builtinOverload(const BuiltinFunction& function, const std::vector<Type>& args, Type scalar);
Type builtinResult(const BuiltinFunction& function, Type overload);

// The printed call, e.g. "sqrtf(x)" (C++, CUDA, float), "sqrt(x)" (OpenCL), "sg_exp_f(x)" (all),
// "std::min(a, b)".
std::string printBuiltinCall(const BuiltinFunction& function, Type overload, Dialect dialect,
                             const std::vector<std::string>& args);

} // namespace spikegen::lang
