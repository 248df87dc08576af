// Compiling generated CUDA C++ with NVRTC (no nvcc, no driver needed): to a cubin for a device's
// architecture ("sm_90") or to PTX for a virtual one ("compute_90", as CI does without a GPU).
#pragma once
#include "core/codegen/code_writer.h"

#include <string>
#include <vector>

namespace spikegen::cuda {

// How a translation unit is compiled (cuda_source.h says which gets which): relocatable and then
// linked, where nvJitLink is there (device_linker.h), or as one whole program.
enum class Linkage { Relocatable, WholeProgram };

// The options every compile uses; --fmad=false keeps the RNG and model arithmetic bit-identical
// with the CPU backend (rng::requiredCompileOptions).
std::vector<std::string> nvrtcOptions(const std::string& architecture, Linkage linkage);

// NVRTC's version, "major.minor" (part of the cache key).
std::string nvrtcVersion();

// Compiles `writer`'s text; `fileName` is the name NVRTC reports in its log ("name(LINE): error").
// Returns the cubin ("sm_XX", linked where the code is relocatable) or PTX ("compute_XX";
// relocatable PTX then, for reading, not loading). On failure throws spikegen::Error with each
// error's generated line and the model code string it came from, then NVRTC's log.
std::string nvrtcCompile(const CodeWriter& writer, const std::string& fileName, const std::string& architecture,
                         const std::string& networkName, Linkage linkage);

} // namespace spikegen::cuda
