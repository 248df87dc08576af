// Emits the C++ + OpenMP source of a model plan: one file with the buffers as globals, the
// initialisation kernels and sg_run(), each an extern "C" function the runtime finds with dlsym.
#pragma once
#include "core/codegen/code_writer.h"
#include "core/codegen/model_plan.h"

namespace spikegen::cpu {

// Exported names in the generated library besides the init kernels named by ModelPlan.
inline constexpr const char* kBindFunction = "sg_bind";
// Each neuron group's spike list of one step before compaction (group size x uint32, plan order),
// allocated by the runtime: a static array of a large group would not link (over 2 GiB of .bss).
inline constexpr const char* kBindScratchFunction = "sg_bind_scratch";
// sg_run(first step, first recording row, steps): that many steps in one parallel region.
inline constexpr const char* kRunFunction = "sg_run";
// sg_set_threads(threads or 0 for OpenMP's default, barrier spin pauses or -1 for the default).
inline constexpr const char* kThreadsFunction = "sg_set_threads";
// sg_set_exchange(function, context): what a rank of a split network calls with the step that ends
// a min-delay interval, once its spikes are in the slots (only in split plans).
inline constexpr const char* kSetExchangeFunction = "sg_set_exchange";
inline constexpr const char* kAbiFunction = "sg_abi_version";
inline constexpr int kAbiVersion = 3;

void writeCpuSource(CodeWriter& w, const ModelPlan& plan);

} // namespace spikegen::cpu
