// Dense propagation as a matrix-vector product: for a dense projection with one weight matrix g
// whose sim code is addToPost(g) (StaticPulse), the input of a step is inSyn += g^T x, where x is
// the indicator vector of the sources that spiked (after the axonal delay). A tiny kernel writes
// x, CLBlast's GEMV does the product. Which projections take this path: chooseDensePropagation
// (core/connectivity/layout.h) with the backend's measured costs.
#pragma once
#include "backends/opencl/opencl_backend.h"
#include "core/codegen/model_plan.h"

#include <memory>
#include <vector>

namespace spikegen::opencl {

// True when this build links CLBlast.
bool gemvAvailable();

// The projection can be written as a GEMV: dense, a single per-synapse variable g, sim code
// exactly "addToPost(g);", no dendritic delay.
bool gemvEligible(const SynapseGroupPlan& group);

class GemvPropagation {
public:
    GemvPropagation(std::shared_ptr<Context> context, const ModelPlan& plan, const SynapseGroupPlan& group,
                    cl_program indicatorProgram);
    ~GemvPropagation();
    GemvPropagation(const GemvPropagation&) = delete;
    GemvPropagation& operator=(const GemvPropagation&) = delete;

    // `buffers` (OpenCLMemory, opencl_buffers.h) in ModelPlan::buffers() order; `clock` is the SIMT
    // clock buffer.
    void bind(const std::vector<DeviceBuffer*>& buffers, cl_mem clock);
    // Enqueues zeroing x, the indicator kernel and the GEMV.
    void enqueue();

    // Source of the indicator kernel for a scalar type ("float" or "double").
    static std::string indicatorSource(const std::string& scalar);

private:
    std::shared_ptr<Context> context_;
    const ModelPlan& plan_;
    const SynapseGroupPlan& group_;
    cl_kernel indicator_ = nullptr;
    cl_mem x_ = nullptr, weights_ = nullptr, inSyn_ = nullptr;
    std::size_t weightsAt_ = 0, inSynAt_ = 0; // elements from the start of their memory objects
    bool isDouble_ = false;
};

} // namespace spikegen::opencl
