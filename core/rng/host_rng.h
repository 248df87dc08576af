// Host-side access to the device RNG: the very text of philox_device.inc (and of maths_device.inc,
// deterministic mode's code-string maths), compiled as C++ inside
// namespace spikegen::rng::host, so that host code (tests, host-side initialisation) and generated
// C++/CUDA/OpenCL code run literally the same functions.
//
//   auto key = spikegen::rng::streamKey(seed, "Exc", spikegen::rng::Purpose::VarInit);
//   auto r = spikegen::rng::host::sg_rng_make(key[0], key[1], step, element);
//   float v = spikegen::rng::host::sg_normal_f(&r);
//
// Include this header at most once per translation unit after other headers; it defines no
// macros of its own once done (the SG_ macros are #undef'd at the end).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

// Bit-identity needs every float operation rounded as written. The device text contains no a*b+c
// expression, but GCC (whose C++ default is -ffp-contract=fast) also fuses across statements, so
// contraction is switched off for these functions whatever flags the including file uses.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif

namespace spikegen::rng::host {

#define SG_FN static inline
#define SG_U32 std::uint32_t
#define SG_U64 std::uint64_t
#define SG_HAS_DOUBLE 1
#define SG_FMAF(a, b, c) std::fma((float)(a), (float)(b), (float)(c))
#define SG_FMA(a, b, c) std::fma((double)(a), (double)(b), (double)(c))
#define SG_F2U(x) ::spikegen::rng::host::sg_f2u_(x)
#define SG_U2F(x) ::spikegen::rng::host::sg_u2f_(x)
#define SG_D2U(x) ::spikegen::rng::host::sg_d2u_(x)
#define SG_U2D(x) ::spikegen::rng::host::sg_u2d_(x)

static inline std::uint32_t sg_f2u_(float x) { std::uint32_t u; std::memcpy(&u, &x, 4); return u; }
static inline float sg_u2f_(std::uint32_t u) { float x; std::memcpy(&x, &u, 4); return x; }
static inline std::uint64_t sg_d2u_(double x) { std::uint64_t u; std::memcpy(&u, &x, 8); return u; }
static inline double sg_u2d_(std::uint64_t u) { double x; std::memcpy(&x, &u, 8); return x; }

#include "core/rng/philox_device.inc"
#include "core/rng/maths_device.inc"

#undef SG_FN
#undef SG_FN_HOT
#undef SG_U32
#undef SG_U64
#undef SG_HAS_DOUBLE
#undef SG_FMAF
#undef SG_FMA
#undef SG_F2U
#undef SG_U2F
#undef SG_D2U
#undef SG_U2D

} // namespace spikegen::rng::host

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
