// CUDA source checked without a GPU: NVRTC compiles a network's generated CUDA for compute_90, so
// that a code-generation bug fails CI on machines without one.
#pragma once
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
#include "backends/cuda/cuda_source.h"
#include "backends/cuda/nvrtc_compiler.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen::testing {

// Generates the network's CUDA source, compiles it to PTX and expects the step's first kernel in it.
inline void expectCudaCompiles(const Network& net)
{
    ModelPlan plan(net, 10);
    CodeWriter writer(lang::Dialect::Cuda);
    const auto launches = cuda::writeCudaSource(writer, plan);
    const std::string ptx = cuda::nvrtcCompile(writer, net.name() + "_cuda.cu", "compute_90", net.name());
    EXPECT_NE(ptx.find(".entry " + launches.step.front().kernel), std::string::npos) << net.name();
}

} // namespace spikegen::testing
#endif
