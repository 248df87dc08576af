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

// True for the floating functions whose results differ in the last bits between maths libraries
// and that deterministic mode therefore replaces by spikegen's own (log, log1p, exp2, log2, log10,
// cbrt, pow, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, hypot, erf, erfc). exp and
// expm1 are spikegen's own in every mode; the rest are exact or correctly rounded everywhere
// (sqrt, fabs, fmin, fmod, floor, fma, ...).
bool usesOwnMaths(const BuiltinFunction& function, Type overload);
// The float versions among them except log and log1p are computed in double precision
// (maths_device.inc): a target without double (an OpenCL device lacking cl_khr_fp64) cannot run
// them. Their printed names, "sg_sin_f", ..., for the backends' check.
std::vector<std::string> ownFloatMathsNeedingDouble();

// The printed call, e.g. "sqrtf(x)" (C++, CUDA, float), "sqrt(x)" (OpenCL), "sg_exp_f(x)" (all),
// "std::min(a, b)". ownMaths (from the type checker, Options::deterministicMaths): "sg_sin_d(x)".
std::string printBuiltinCall(const BuiltinFunction& function, Type overload, Dialect dialect,
                             const std::vector<std::string>& args, bool ownMaths = false);

} // namespace spikegen::lang
