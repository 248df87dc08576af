// What CUDA and OpenCL share: the SIMT code generator of backends/simt, and the small set of
// dialect hooks it needs. The OpenCL and CUDA backends both call writeSimtSource() (simt_source.h)
// with their hooks and differ only in how they compile, load and launch the result.
//
// Interface of backends/simt (keep stable: backends/cuda and backends/opencl build on it):
//   simt_dialect.h       SimtHooks + hooksFor(Dialect): the only dialect-specific text.
//   propagation.h        the propagation strategy of a projection (pre span / post span / dense
//                        post) and the rule that picks it from the connectivity plan.
//   simt_source.h        writeSimtSource(): one source with every kernel, and the launch table
//                        (kernel name, global threads, block size) for init and for one step.
//
// Generated kernels are dialect-neutral C between the hooks; they use only these macros, which
// each dialect's prelude defines:
//   SG_ATOMIC_ADD_F(p, v)   float (or double, SG_ATOMIC_ADD_D) atomic add on global memory
//   SG_ATOMIC_ADD_U(p, v)   uint atomic add on global memory, returns the old value
//   SG_ATOMIC_ADD_U64(p, v) the same for SG_U64 (OpenCL: where cl_khr_int64_base_atomics is)
//   SG_ATOMIC_ADD_SHARED_U(p, v)  the same on shared (local) memory
//   SG_ATOMIC_OR_U(p, v)    uint atomic or on global memory
//   SG_U16, SG_U32, SG_U64  integer types; uint8_t/uint16_t/uint32_t/int32_t buffer element types
// and these strings of the hooks:
//   kernel qualifier, global address space of pointers, shared-memory declaration, thread,
//   block and block-size expressions, the block barrier.
// Every kernel sees every buffer it uses by its name: as a pointer into the pool parameter
// (kPoolBuffer) or into the synapse arena (kSynapseArena), or as a parameter of its own, then the
// clock (OpenCL, simt_source.h pooledParameter, fillKernelParameters), or as module globals of
// those names (CUDA, bufferGlobalQualifier). The clock
// buffer (kClockBuffer: uint32 [4] = step low, step high, recording row, blocks finished; CUDA's
// fused propagation kernel reads its block ranges from words after these, simt_source.h) is moved
// on by one step by the last block of the step's last kernel, so that the step's kernels need no
// arguments that change per step (CUDA graphs replay them unchanged).
#pragma once
#include "core/lang/types.h"

#include <string>

namespace spikegen::simt {

inline constexpr const char* kClockBuffer = "sg_clock";
inline constexpr const char* kPoolBuffer = "sg_pool";
inline constexpr const char* kSynapseArena = "sg_synapses";
inline constexpr unsigned kClockWords = 4;

struct SimtHooks {
    lang::Dialect dialect;
    std::string kernelQualifier;   // before "void name(...)": extern "C" __global__ / __kernel
    std::string functionQualifier; // device helper functions: static __device__ inline / static inline
    std::string global;            // address space of buffer pointers: "" / "__global"
    std::string shared;            // block-shared array declaration qualifier: __shared__ / __local
    std::string threadInBlock;     // threadIdx.x / get_local_id(0)
    std::string block;             // blockIdx.x / get_group_id(0)
    std::string blockSize;         // blockDim.x / get_local_size(0)
    std::string blocks;            // gridDim.x / get_num_groups(0)
    std::string barrier;           // block barrier that also orders shared and global memory
    std::string globalFence;       // makes this thread's global writes visible to other blocks
    std::string prelude;           // types, the SG_ATOMIC_* macros and the RNG
    std::string restrictQualifier; // __restrict__ / restrict
    std::string kernelEntry;       // first statement of every kernel: CUDA's dependent-launch wait
    // Kernels read the buffers' pointers from module globals declared with this qualifier
    // ("__constant__"), which the launcher fills once, instead of taking every buffer as a
    // parameter: ~300 parameters a kernel were most of the microcircuit's source (NOTES.md,
    // Version 10). Empty: parameters (OpenCL C 1.2 has no pointers in program scope).
    std::string bufferGlobalQualifier;
    // A batch (ModelPlan::batchSize() > 1) whose every instance one launch runs, the instance the
    // grid's second index (`instance` of `instances`), so that every kernel and function reads its
    // own instance's part of each per-instance buffer, moved on by the instance's stride (the
    // plan's; per-synapse buffers' from the launcher). Buffers in globals (CUDA): each name is a
    // macro for its global base pointer sg_base_<name> plus the offset (stride sg_stride_<name>);
    // buffers as parameters (OpenCL): each kernel moves its parameters on first (strides from the
    // clock buffer, instanceStrideWord).
    bool instancesTogether = false;
    std::string instance, instances; // blockIdx.y, gridDim.y
    // Pieces of code that groups share but for numbers and buffers are written once, as a function
    // of what differs (simt_merged.cpp); $SPIKEGEN_SIMT_MERGE=0 writes each apart, for comparison.
    bool mergeBodies = true;
    std::string mergedFunctionQualifier; // static __device__ __noinline__ / static
    // Write `propagate_all`, every projection's propagation in one kernel (SimtSource::fused),
    // instead of a kernel per projection.
    bool fusedPropagation = false;
    // Barriers only where every work-item of every group reaches them on the same path: at the
    // kernel's top level or in loops of a group-uniform trip count, never inside a branch (PoCL
    // 3.1 miscompiles barriers inside block-uniform branches). propagate_all is then written in
    // phases that every group runs, whatever projection it serves (simt_phased_propagation.cpp).
    bool barriersOutsideBranches = false;
    // With fusedPropagation: also write `run_steps`, the whole step loop in one cooperative kernel
    // (SimtSource::persistent). CUDA only: OpenCL does not promise that all work-groups run at once.
    bool persistentSteps = false;
    // Who delivers the spikes of projections deliverable at emission (SynapseGroupPlan::
    // deliverableAtEmission): Auto, the neuron update that emitted them (a block its own spikes,
    // and no propagation kernel) where every projection is deliverable and the persistent step
    // loop does not run the network; NeuronUpdate, wherever deliverable; Propagation never.
    // $SPIKEGEN_SIMT_DELIVERY=neuron|propagation (for measuring).
    enum class Delivery { Auto, NeuronUpdate, Propagation };
    Delivery delivery = Delivery::Auto;
    // The neuron update without barriers, for CPU devices (PoCL): one work-item per block loops
    // over the block's neurons, updating them in a loop the compiler vectorises, then appending
    // each spike to its group's list with a global atomic and delivering it alone. A work-group
    // there is a loop over its work-items that every barrier cuts into pieces (each saving and
    // restoring every work-item's live variables) and that holds the group's branch and guard
    // (masked vector loads and stores); a global atomic per spike costs little (a few spikes per
    // thousand neurons a step).
    bool barrierFreeNeuronUpdate = false;
    // Buffers as parameters: every per-synapse buffer lies in one memory object, the synapse arena
    // (kSynapseArena), at an offset the launcher writes into the clock buffer once the synapses are
    // counted (synapseOffsetWord), so that a kernel takes one argument for all of them instead of
    // one each (the microcircuit's propagation: 165). For GPUs: on PoCL the offsets' loads cost more
    // than the arguments they save (benchmarks/NOTES.md).
    bool synapseArena = false;
};

// The hooks of Dialect::Cuda or Dialect::OpenCL (throws for Cpp). `withDouble`: the device
// supports double precision (OpenCL only; CUDA always does).
SimtHooks hooksFor(lang::Dialect dialect, bool withDouble = true);

} // namespace spikegen::simt
