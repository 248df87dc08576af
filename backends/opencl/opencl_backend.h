// The OpenCL backend: the SIMT kernels of backends/simt in OpenCL C 1.2, built at run time with
// clBuildProgram (binaries cached, program_cache.h) for a device chosen by device_selection.h;
// dense StaticPulse projections may propagate through CLBlast's GEMV (gemv_propagation.h).
#pragma once
#include "backends/opencl/device_selection.h"
#include "core/backend/backend.h"
#include "core/connectivity/layout.h"

#include <memory>

namespace spikegen::opencl {

enum class GemvMode { Auto, Always, Never };

struct OpenCLOptions {
    // Device selector (device_selection.h); empty: $SPIKEGEN_OPENCL_DEVICE, else the first GPU.
    std::string device;
    // Appended to the build options (the backend adds what bit-identity needs).
    std::string extraBuildOptions;
    // Dense StaticPulse projections: Auto applies chooseDensePropagation (core/connectivity/layout.h)
    // with expectedRateHz; Always / Never force one path (for tests and benchmarks).
    GemvMode gemv = GemvMode::Auto;
    double expectedRateHz = 10.0;
};

// The OpenCL objects one backend and everything it allocates or builds share.
struct Context {
    DeviceInfo device;
    cl_context context = nullptr;
    cl_command_queue queue = nullptr;
    bool fp64 = false, correctlyRoundedDivide = false;
    std::size_t maxWorkGroup = 0;
    cl_ulong maxAllocation = 0; // CL_DEVICE_MAX_MEM_ALLOC_SIZE: the largest buffer
    ~Context();
};

class OpenCLBackend : public Backend {
public:
    explicit OpenCLBackend(OpenCLOptions options = {});
    std::string name() const override { return "opencl"; }
    std::string description() const override;
    lang::Dialect dialect() const override { return lang::Dialect::OpenCL; }
    std::unique_ptr<DeviceBuffer> allocate(std::size_t bytes, const std::string& what) override;
    // The device's global memory (OpenCL does not tell what is free).
    std::optional<std::uint64_t> availableMemory() const override;
    std::unique_ptr<Program> build(const ModelPlan& plan, BuildInfo& info) override;

    const DeviceInfo& device() const { return context_->device; }
    // The build options used for every program on this device.
    std::string buildOptions() const;
    // The dense-propagation costs of this device (measured; docs/opencl.md).
    DenseProductCosts denseProductCosts() const;

private:
    OpenCLOptions options_;
    std::shared_ptr<Context> context_;
};

} // namespace spikegen::opencl
