// Linking NVRTC's relocatable cubin into one the driver loads, with nvJitLink (no driver or GPU
// needed). NVRTC compiles with -rdc so that ptxas compiles each merged function of the SIMT
// source (backends/simt/simt_merged.cpp) once and the kernels call it: in whole-program mode
// ptxas copies a function into every kernel that calls it, which for the microcircuit's 55 count
// kernels (and fill, init, ...) made most of the cold build (benchmarks/NOTES.md, Version 10).
#pragma once
#include <string>

namespace spikegen::cuda {

// Whether cubins are compiled relocatable and linked: nvJitLink was found when the library was
// built, and $SPIKEGEN_CUDA_RDC is not 0 (whole-program compiles, for comparison).
bool linksRelocatableCode();

// The loadable cubin of one relocatable cubin for `architecture` ("sm_90"); throws
// spikegen::Error with nvJitLink's log if it fails.
std::string linkCubin(const std::string& relocatable, const std::string& architecture);

} // namespace spikegen::cuda
