// Philox4x32-10 counter-based random numbers: host API.
//
// Every random number in spikegen is a function of (key, counter): the key names the stream
// (seed, group, purpose), the counter the place in it (block, element, step). The same text,
// philox_device.inc, runs on the host (host_rng.h) and in generated C++, CUDA and OpenCL code
// (deviceSource), so the same seed gives bit-identical numbers on every backend. docs/rng.md.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/lang/types.h"

namespace spikegen {
// The text of core/rng/philox_device.inc, embedded at build time.
extern const char* const kRngDeviceSource;
// The text of core/rng/maths_device.inc (deterministic mode's code-string maths), likewise.
extern const char* const kMathsDeviceSource;
}

namespace spikegen::rng {

// One Philox4x32-10 block (Salmon et al. 2011; same as Random123's philox4x32_R(10, ...)).
std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                           std::array<std::uint32_t, 2> key);

// What a stream's numbers are used for; part of the key so that, e.g., initial values and
// simulation noise of one group never share numbers.
enum class Purpose : std::uint32_t { ConnectivityInit = 1, VarInit = 2, Simulation = 3 };

// 64-bit FNV-1a of the bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ull);

// The Philox key of a stream: k = seed XOR FNV-1a-64(stream bytes, one 0 byte, the 4
// little-endian bytes of purpose); returns {low32(k), high32(k)}. `stream` is the group's name.
std::array<std::uint32_t, 2> streamKey(std::uint64_t seed, std::string_view stream, Purpose purpose);

// The device RNG source for a dialect: a macro prelude followed by philox_device.inc and
// maths_device.inc.
// withDouble = false leaves out the double-precision functions (OpenCL devices without fp64).
// Cpp: needs nothing before it (includes <stdint.h>, <math.h>, <string.h>); compile with
//      -ffp-contract=off. Cuda: for NVRTC, compile with --fmad=false. OpenCL: sets
//      FP_CONTRACT OFF (and enables cl_khr_fp64 when withDouble); never build with
//      -cl-mad-enable, -cl-unsafe-math-optimizations or -cl-fast-relaxed-math.
std::string deviceSource(lang::Dialect dialect, bool withDouble = true);

// The compiler options that bit-identity needs, per dialect (for the backends' build lines).
std::string_view requiredCompileOptions(lang::Dialect dialect);

} // namespace spikegen::rng
