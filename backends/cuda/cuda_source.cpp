#include "backends/cuda/cuda_source.h"

namespace spikegen::cuda {

simt::SimtSource writeCudaSource(CodeWriter& w, const ModelPlan& plan)
{
    simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::Cuda);
    hooks.fusedPropagation = true;
    hooks.persistentSteps = true;
    return simt::writeSimtSource(w, plan, hooks);
}

} // namespace spikegen::cuda
