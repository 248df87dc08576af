// The CUDA C++ source of a model plan: the shared SIMT kernels (backends/simt) with the CUDA
// hooks. Needs no driver or GPU, so that CI compiles every test model with NVRTC.
#pragma once
#include "backends/simt/simt_source.h"

namespace spikegen::cuda {

// Part of the cache key: bump when the kernels' calling convention changes. 2: no parameters, the
// buffers' pointers in module globals named as the buffers (CudaProgram::bind writes them). 3: two
// modules, initialisation and step, each with its own pointers. 4: step kernels wait for the previous
// kernel themselves (SG_KERNEL_ENTRY; launched with programmatic dependent launch).
inline constexpr int kCudaAbiVersion = 4;
// The most bytes of buffer pointers kept in constant memory.
inline constexpr std::size_t kConstantPointerBytes = 32 * 1024;

// Two translation units, compiled apart (nvrtc_compiler.h): the initialisation kernels as
// relocatable code, linked, so that ptxas compiles each merged function once instead of once per
// calling kernel; the step's kernels as one whole program, whose calls of merged functions ptxas
// compiles without the calling convention of separately compiled code (the microcircuit's step
// 0.277 -> 0.226 s per biological second: benchmarks/NOTES.md, Version 11).
struct CudaSource {
    CodeWriter init{lang::Dialect::Cuda};
    CodeWriter step{lang::Dialect::Cuda};
    simt::SimtSource launches;
};

CudaSource writeCudaSource(const ModelPlan& plan);

} // namespace spikegen::cuda
