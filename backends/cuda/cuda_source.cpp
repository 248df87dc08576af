#include "backends/cuda/cuda_source.h"

namespace spikegen::cuda {

CudaSource writeCudaSource(const ModelPlan& plan)
{
    simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::Cuda);
    hooks.fusedPropagation = true;
    // A batch's instances run in one launch (the grid's y index), not in the cooperative step loop.
    hooks.persistentSteps = plan.batchSize() == 1;
    hooks.instancesTogether = plan.batchSize() > 1;
    // The buffers' pointers go to constant memory (64 KB a module, read through a broadcast cache)
    // while they take at most half of it; beyond that to global memory.
    if ((plan.buffers().size() + 1) * sizeof(void*) > kConstantPointerBytes)
        hooks.bufferGlobalQualifier = "__device__";
    CudaSource source;
    source.launches = simt::writeSimtSource(source.init, source.step, plan, hooks);
    return source;
}

} // namespace spikegen::cuda
