// The CUDA C++ source of a model plan: the shared SIMT kernels (backends/simt) with the CUDA
// hooks. Needs no driver or GPU, so that CI compiles every test model with NVRTC.
#pragma once
#include "backends/simt/simt_source.h"

namespace spikegen::cuda {

// Part of the cache key: bump when the kernels' calling convention changes.
inline constexpr int kCudaAbiVersion = 1;

simt::SimtSource writeCudaSource(CodeWriter& w, const ModelPlan& plan);

} // namespace spikegen::cuda
