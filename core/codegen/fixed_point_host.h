// Host-side access to deterministic mode's fixed-point conversions: the very text of
// fixed_point_device.inc, compiled as C++ inside namespace spikegen::fixed_point::host, so that
// tests check the functions that generated code runs.
//
//   std::uint64_t word = spikegen::fixed_point::host::sg_fixed_from_f(0.5f); // 2^39
//   float value = spikegen::fixed_point::host::sg_fixed_to_f(word);           // 0.5f
//
// Include after other headers; it leaves no macros defined.
#pragma once
#include "core/rng/host_rng.h" // the bit casts

#include <cstdint>

namespace spikegen::fixed_point::host {

#define SG_FN static inline
#define SG_U32 std::uint32_t
#define SG_U64 std::uint64_t
#define SG_HAS_DOUBLE 1
#define SG_F2U(x) ::spikegen::rng::host::sg_f2u_(x)
#define SG_U2F(x) ::spikegen::rng::host::sg_u2f_(x)
#define SG_D2U(x) ::spikegen::rng::host::sg_d2u_(x)
#define SG_U2D(x) ::spikegen::rng::host::sg_u2d_(x)

#include "core/codegen/fixed_point_device.inc"

#undef SG_FN
#undef SG_U32
#undef SG_U64
#undef SG_HAS_DOUBLE
#undef SG_F2U
#undef SG_U2F
#undef SG_D2U
#undef SG_U2D

} // namespace spikegen::fixed_point::host
