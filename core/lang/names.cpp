// Reserved words of the target dialects and "did you mean" suggestions for misspelt names.
#include "core/lang/names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace spikegen::lang {
namespace {

// Keywords of C99 and C++20: printed code is C++ for the CPU and CUDA backends.
const std::set<std::string_view> kCppWords = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
    "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "restrict", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "final", "override",
    // Not keywords, but printed code uses them: std::min, and size types of generated loops.
    "std", "size_t", "ptrdiff_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t",
    "uint16_t", "uint32_t", "uint64_t", "main"};

// CUDA built-in variables (the __x__ qualifiers are caught by the "__" rule).
const std::set<std::string_view> kCudaWords = {"threadIdx", "blockIdx", "blockDim", "gridDim",
                                               "warpSize"};

// OpenCL C address spaces, qualifiers and scalar types; vector types are matched by pattern.
const std::set<std::string_view> kOpenClWords = {
    "kernel", "global", "local", "constant", "private", "read_only", "write_only", "read_write",
    "pipe", "half", "uchar", "ushort", "uint", "ulong", "sampler_t", "event_t",
    "image1d_t", "image2d_t", "image3d_t", "image1d_array_t", "image2d_array_t",
    "image1d_buffer_t", "intptr_t", "uintptr_t", "complex", "imaginary"};

// Macros of <math.h>/<float.h>/<limits.h> that would silently replace a variable of that name.
const std::set<std::string_view> kMacroWords = {
    "NAN", "INFINITY", "HUGE_VAL", "HUGE_VALF", "MAXFLOAT", "FLT_MAX", "FLT_MIN", "FLT_EPSILON",
    "DBL_MAX", "DBL_MIN", "DBL_EPSILON", "INT_MAX", "INT_MIN", "UINT_MAX", "NULL", "M_PI",
    "M_PI_2", "M_PI_4", "M_E", "M_LN2", "M_LN10", "M_SQRT2", "M_1_PI", "M_2_PI", "M_LOG2E",
    "M_LOG10E", "M_2_SQRTPI", "M_SQRT1_2", "EOF", "assert", "errno"};

bool isOpenClVectorType(std::string_view name)
{
    static const std::array<std::string_view, 12> scalars = {
        "char", "uchar", "short", "ushort", "int", "uint", "long", "ulong", "float", "double",
        "half", "bool"};
    static const std::array<std::string_view, 5> widths = {"2", "3", "4", "8", "16"};
    for (auto s : scalars)
        for (auto w : widths)
            if (name.size() == s.size() + w.size() && name.substr(0, s.size()) == s &&
                name.substr(s.size()) == w)
                return true;
    return false;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
size_t editDistance(std::string_view a, std::string_view b)
{
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

} // namespace

bool isIdentifier(std::string_view text)
{
    if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

std::string reservedBy(std::string_view name)
{
    if (kCppWords.count(name)) return "C, C++ and CUDA";
    if (kCudaWords.count(name)) return "CUDA";
    if (kOpenClWords.count(name) || isOpenClVectorType(name)) return "OpenCL C";
    if (kMacroWords.count(name)) return "the C maths library (a macro)";
    if (name.size() >= 2 && name[0] == '_' &&
        (name[1] == '_' || std::isupper(static_cast<unsigned char>(name[1]))))
        return "the C and C++ compilers (names starting with '__' or '_' and a capital)";
    if (name.rfind("sg_", 0) == 0 || name.rfind("SG_", 0) == 0)
        return "spikegen's generated code (names starting with 'sg_' or 'SG_')";
    return {};
}

std::string nearestName(std::string_view name, const std::vector<std::string>& candidates)
{
    std::string best;
    size_t bestDistance = 3;
    const std::string lowered = lower(name);
    for (const auto& candidate : candidates) {
        if (candidate == name) continue;
        size_t distance = lower(candidate) == lowered ? 0 : editDistance(name, candidate);
        // A distance as large as the names themselves is a replacement, not a typo ("x" vs "t"),
        // and in names of up to three letters two edits change too much ("x" vs "exp").
        if (distance != 0 && (distance >= std::max(name.size(), candidate.size()) ||
                              (name.size() <= 3 && distance > 1)))
            continue;
        if (distance < bestDistance || (distance == bestDistance && candidate < best)) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates)
{
    std::string best = nearestName(name, candidates);
    return best.empty() ? std::string() : "did you mean '" + best + "'?";
}

} // namespace spikegen::lang
