// The CUDA C++ source of a model plan: the shared SIMT kernels (backends/simt) with the CUDA
// hooks. Needs no driver or GPU, so that CI compiles every test model with NVRTC.
#pragma once
#include "backends/simt/simt_source.h"

namespace spikegen::cuda {

// Part of the cache key: bump when the kernels' calling convention changes. 2: no parameters, the
// buffers' pointers in module globals named as the buffers (CudaProgram::bind writes them).
inline constexpr int kCudaAbiVersion = 2;
// The most bytes of buffer pointers kept in constant memory.
inline constexpr std::size_t kConstantPointerBytes = 32 * 1024;

simt::SimtSource writeCudaSource(CodeWriter& w, const ModelPlan& plan);

} // namespace spikegen::cuda
