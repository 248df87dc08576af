// Emits the C++ + OpenMP source of a model plan: one file with the buffers as globals, the
// initialisation kernels (OpenMP loops) and sg_run_thread(), each an extern "C" function the
// runtime finds with dlsym.
#pragma once
#include "core/codegen/code_writer.h"
#include "core/codegen/model_plan.h"

namespace spikegen::cpu {

// Exported names in the generated library besides the init kernels named by ModelPlan.
inline constexpr const char* kBindFunction = "sg_bind";
// Each neuron group's spike list of one step before compaction (group size x uint32, plan order),
// allocated by the runtime: a static array of a large group would not link (over 2 GiB of .bss).
inline constexpr const char* kBindScratchFunction = "sg_bind_scratch";
// sg_run_thread(tid, nth, first step, first recording row, steps): thread tid's share of that many
// steps; all nth threads call it together (StepThreads), meeting at the generated barrier.
inline constexpr const char* kRunFunction = "sg_run_thread";
inline constexpr unsigned kMaxThreads = 256; // the generated per-thread arrays' size
// sg_set_threads(OpenMP threads of the initialisation or 0 for OpenMP's default, barrier spin
// pauses or -1 for the default).
inline constexpr const char* kThreadsFunction = "sg_set_threads";
inline constexpr unsigned kDefaultSpins = 2000; // pauses a waiting thread spins before it sleeps
// sg_end_openmp(): OpenMP's threads of the initialisation end (omp_pause_resource_all) instead of
// spinning for GOMP_SPINCOUNT beside the first steps' threads.
inline constexpr const char* kEndOpenMpFunction = "sg_end_openmp";
// sg_set_exchange(function, context): what a rank of a split network calls with the step that ends
// a min-delay interval, once its spikes are in the slots (only in split plans).
inline constexpr const char* kSetExchangeFunction = "sg_set_exchange";
inline constexpr const char* kAbiFunction = "sg_abi_version";
inline constexpr int kAbiVersion = 4;

void writeCpuSource(CodeWriter& w, const ModelPlan& plan);

} // namespace spikegen::cpu
