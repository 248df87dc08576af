// CUDA source checked without a GPU: NVRTC compiles a network's generated CUDA for compute_90, so
// that a code-generation bug fails CI on machines without one.
#pragma once
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
#include "backends/cuda/cuda_source.h"
#include "backends/cuda/nvrtc_compiler.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen::testing {

// The PTX of both units of a network's CUDA source, as the backend compiles them.
struct CudaPtx {
    std::string init, step;
};

inline CudaPtx compileCudaSource(const cuda::CudaSource& source, const std::string& name)
{
    return {cuda::nvrtcCompile(source.init, name + "_cuda_init.cu", "compute_90", name, cuda::Linkage::Relocatable),
            cuda::nvrtcCompile(source.step, name + "_cuda.cu", "compute_90", name, cuda::Linkage::WholeProgram)};
}

// Generates the network's CUDA source, compiles it to PTX and expects the step's first kernel in it.
inline void expectCudaCompiles(const Network& net)
{
    ModelPlan plan(net, 10);
    const cuda::CudaSource source = cuda::writeCudaSource(plan);
    const CudaPtx ptx = compileCudaSource(source, net.name());
    EXPECT_NE(ptx.step.find(".entry " + source.launches.step.front().kernel), std::string::npos) << net.name();
}

} // namespace spikegen::testing
#endif
