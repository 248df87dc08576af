#include "backends/cuda/cuda_source.h"

namespace spikegen::cuda {

simt::SimtSource writeCudaSource(CodeWriter& w, const ModelPlan& plan)
{
    return simt::writeSimtSource(w, plan, simt::hooksFor(lang::Dialect::Cuda));
}

} // namespace spikegen::cuda
