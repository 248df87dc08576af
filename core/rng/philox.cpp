// Host API of the Philox4x32-10 generator: known-answer block function, stream keys, and the
// per-dialect device source (macro prelude + philox_device.inc).
#include "core/rng/philox.h"

#include "core/rng/host_rng.h"

namespace spikegen::rng {

std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                           std::array<std::uint32_t, 2> key)
{
    std::array<std::uint32_t, 4> out{};
    host::sg_philox4x32_10(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out.data());
    return out;
}

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash)
{
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

std::array<std::uint32_t, 2> streamKey(std::uint64_t seed, std::string_view stream, Purpose purpose)
{
    const auto p = static_cast<std::uint32_t>(purpose);
    const char tail[5] = {'\0', static_cast<char>(p & 0xffu), static_cast<char>((p >> 8) & 0xffu),
                          static_cast<char>((p >> 16) & 0xffu), static_cast<char>((p >> 24) & 0xffu)};
    const std::uint64_t k = seed ^ fnv1a64(std::string_view(tail, 5), fnv1a64(stream));
    return {static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)};
}

namespace {

// Valid C99 and C++; the generated file may include these headers too.
constexpr const char* kCppPrelude = R"(/* spikegen RNG prelude: C++ (compile with -ffp-contract=off) */
#include <stdint.h>
#include <math.h>
#include <string.h>
#define SG_FN static inline
#define SG_FN_HOT static inline __attribute__((always_inline))
#define SG_U32 uint32_t
#define SG_U64 uint64_t
#define SG_FMAF(a, b, c) fmaf((float)(a), (float)(b), (float)(c))
#define SG_FMA(a, b, c) fma((double)(a), (double)(b), (double)(c))
static inline uint32_t sg_f2u_(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float sg_u2f_(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static inline uint64_t sg_d2u_(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static inline double sg_u2d_(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }
#define SG_F2U(x) sg_f2u_(x)
#define SG_U2F(x) sg_u2f_(x)
#define SG_D2U(x) sg_d2u_(x)
#define SG_U2D(x) sg_u2d_(x)
)";

// __fmaf_rn/__fma_rn are never contracted or approximated, whatever --fmad/--use_fast_math say.
constexpr const char* kCudaPrelude = R"(/* spikegen RNG prelude: CUDA C++ (compile with --fmad=false) */
#define SG_FN static __device__ __forceinline__
#define SG_U32 unsigned int
#define SG_U64 unsigned long long
#define SG_FMAF(a, b, c) __fmaf_rn((a), (b), (c))
#define SG_FMA(a, b, c) __fma_rn((a), (b), (c))
#define SG_F2U(x) __float_as_uint(x)
#define SG_U2F(x) __uint_as_float(x)
#define SG_D2U(x) ((unsigned long long)__double_as_longlong(x))
#define SG_U2D(x) __longlong_as_double((long long)(x))
)";

constexpr const char* kOpenCLPrelude = R"(/* spikegen RNG prelude: OpenCL C 1.2 (no -cl-mad-enable / fast-math options) */
#pragma OPENCL FP_CONTRACT OFF
#define SG_FN static inline
#define SG_U32 uint
#define SG_U64 ulong
#define SG_FMAF(a, b, c) fma((float)(a), (float)(b), (float)(c))
#define SG_FMA(a, b, c) fma((double)(a), (double)(b), (double)(c))
#define SG_F2U(x) as_uint(x)
#define SG_U2F(x) as_float(x)
#define SG_D2U(x) as_ulong(x)
#define SG_U2D(x) as_double(x)
)";

} // namespace

std::string deviceSource(lang::Dialect dialect, bool withDouble)
{
    std::string text;
    switch (dialect) {
    case lang::Dialect::Cpp: text = kCppPrelude; break;
    case lang::Dialect::Cuda: text = kCudaPrelude; break;
    case lang::Dialect::OpenCL:
        text = kOpenCLPrelude;
        if (withDouble) {
            text += "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
        }
        break;
    }
    text += withDouble ? "#define SG_HAS_DOUBLE 1\n" : "#define SG_HAS_DOUBLE 0\n";
    for (const char* part : {kRngDeviceSource, kMathsDeviceSource}) {
        text += part;
        if (!text.empty() && text.back() != '\n') {
            text += '\n';
        }
    }
    return text;
}

std::string_view requiredCompileOptions(lang::Dialect dialect)
{
    switch (dialect) {
    case lang::Dialect::Cpp: return "-ffp-contract=off";
    case lang::Dialect::Cuda: return "--fmad=false";
    case lang::Dialect::OpenCL: return "";
    }
    return "";
}

} // namespace spikegen::rng
