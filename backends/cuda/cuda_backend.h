// The CUDA backend: generated CUDA C++ (backends/simt with the CUDA hooks) compiled at run time by
// NVRTC for the device's architecture, cached, loaded with the driver API (opened at run time,
// cuda_driver.h), and stepped by replaying one CUDA graph per step.
#pragma once
#include "core/backend/backend.h"

#include <cuda.h>

namespace spikegen::cuda {

struct CudaOptions {
    int device = 0; // ordinal of the GPU
    // Replay the step as a CUDA graph (default); false launches its kernels one by one, which
    // only serves to measure what the graph saves. $SPIKEGEN_CUDA_GRAPHS=0 sets it too.
    bool graphs = true;
};

class CudaBackend : public Backend {
public:
    // Throws spikegen::Error "CUDA unavailable: ..." without a driver or a device.
    explicit CudaBackend(CudaOptions options = {});
    ~CudaBackend() override;
    std::string name() const override { return "cuda"; }
    std::string description() const override;
    lang::Dialect dialect() const override { return lang::Dialect::Cuda; }
    // Checks free device memory first: a request that cannot fit is an error naming `what` and
    // the bytes, not a crash.
    std::unique_ptr<DeviceBuffer> allocate(std::size_t bytes, const std::string& what) override;
    std::optional<std::uint64_t> availableMemory() const override; // free device memory
    std::unique_ptr<Program> build(const ModelPlan& plan, BuildInfo& info) override;

    std::string architecture() const { return "sm_" + std::to_string(major_ * 10 + minor_); }

private:
    CudaOptions options_;
    CUdevice device_ = 0;
    CUcontext context_ = nullptr;
    int major_ = 0, minor_ = 0;
    std::string deviceName_;
};

// One line per GPU ("0  NVIDIA H100 80GB HBM3 (sm_90)"), or one line saying why CUDA is unavailable.
std::string describeDevices();

} // namespace spikegen::cuda
