#include "backends/simt/simt_dialect.h"

#include "core/error.h"
#include "core/rng/philox.h"

#include <cstdlib>

namespace spikegen::simt {
namespace {

// NVRTC compiles without the C library headers: the buffer element types are declared here.
constexpr const char* kCudaTypes = R"(typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
#define SG_U16 unsigned short
#define SG_ATOMIC_ADD_F(p, v) atomicAdd((p), (v))
#define SG_ATOMIC_ADD_D(p, v) atomicAdd((p), (v))
#define SG_ATOMIC_ADD_U(p, v) atomicAdd((p), (v))
#define SG_ATOMIC_ADD_U64(p, v) atomicAdd((p), (v))
#define SG_ATOMIC_ADD_SHARED_U(p, v) atomicAdd((p), (v))
#define SG_ATOMIC_OR_U(p, v) atomicOr((p), (v))
// Programmatic dependent launch (compute capability 9.0+, benchmarks/NOTES.md, Version 12): once
// every block of this kernel has started, the next kernel of the stream may start its blocks too
// (launch_dependents); before touching memory, each kernel waits until the previous one has
// finished and its writes are visible (wait). Both do nothing in a kernel launched without the
// attribute (CudaProgram launches only step kernels with it).
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
#define SG_KERNEL_ENTRY() asm volatile("griddepcontrol.launch_dependents;\n\tgriddepcontrol.wait;" ::: "memory")
#else
#define SG_KERNEL_ENTRY()
#endif
// Thread 0 of every block of a cooperative launch: returns once all blocks have called it. Block 0
// adds 2^31 - (blocks - 1), the others 1, so the word's top bit flips once all have arrived; the
// release add and acquire loads order the blocks' memory (after __syncthreads) as fences would,
// at less cost, and no block has to reset anything (benchmarks/NOTES.md, Version 6).
static __device__ __forceinline__ void sg_grid_sync(uint32_t* word)
{
    const uint32_t add = blockIdx.x == 0u ? 0x80000000u - (gridDim.x - 1u) : 1u;
    uint32_t old, now;
    asm volatile("atom.add.release.gpu.u32 %0, [%1], %2;" : "=r"(old) : "l"(word), "r"(add) : "memory");
    do {
        asm volatile("ld.acquire.gpu.u32 %0, [%1];" : "=r"(now) : "l"(word) : "memory");
    } while (((old ^ now) & 0x80000000u) == 0u);
}
)";

// OpenCL 1.2 has no float atomics: a compare-and-swap loop on the bits, except on NVIDIA's
// compiler (it defines cl_nv_pragma_unroll), which takes PTX's reduction as CUDA's atomicAdd emits
// it (benchmarks/NOTES.md: brunel's propagation). SG_CAS_FLOAT_ATOMICS (the backend defines it
// for $SPIKEGEN_OPENCL_PTX_ATOMICS=0) keeps the loop there too, for measuring.
constexpr const char* kOpenClTypes = R"(typedef uchar uint8_t;
typedef ushort uint16_t;
typedef uint uint32_t;
typedef int int32_t;
typedef ulong uint64_t;
#define SG_U16 ushort
#if defined(cl_nv_pragma_unroll) && !defined(SG_CAS_FLOAT_ATOMICS)
#define SG_PTX_FLOAT_ATOMICS
#endif
static inline void sg_atomic_add_f(volatile __global float* p, float v)
{
#ifdef SG_PTX_FLOAT_ATOMICS
    asm volatile("red.global.add.f32 [%0], %1;" :: "l"(p), "f"(v) : "memory");
#else
    uint old = as_uint(*p), assumed;
    do {
        assumed = old;
        old = atomic_cmpxchg((volatile __global uint*)p, assumed, as_uint(as_float(assumed) + v));
    } while (old != assumed);
#endif
}
#define SG_ATOMIC_ADD_F(p, v) sg_atomic_add_f((p), (v))
#define SG_ATOMIC_ADD_U(p, v) atomic_add((p), (v))
#define SG_ATOMIC_ADD_SHARED_U(p, v) atomic_add((p), (v))
#define SG_ATOMIC_OR_U(p, v) atomic_or((p), (v))
// Deterministic mode's fixed-point sums; the backend refuses it on devices without the extension.
#ifdef cl_khr_int64_base_atomics
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#define SG_ATOMIC_ADD_U64(p, v) atom_add((volatile __global ulong*)(p), (v))
#endif
)";

constexpr const char* kOpenClDoubleAtomic = R"(#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
static inline void sg_atomic_add_d(volatile __global double* p, double v)
{
#ifdef SG_PTX_FLOAT_ATOMICS
    asm volatile("red.global.add.f64 [%0], %1;" :: "l"(p), "d"(v) : "memory");
#else
    ulong old = as_ulong(*p), assumed;
    do {
        assumed = old;
        old = atom_cmpxchg((volatile __global ulong*)p, assumed, as_ulong(as_double(assumed) + v));
    } while (old != assumed);
#endif
}
#define SG_ATOMIC_ADD_D(p, v) sg_atomic_add_d((p), (v))
)";

} // namespace

SimtHooks hooksFor(lang::Dialect dialect, bool withDouble)
{
    SimtHooks h;
    h.dialect = dialect;
    if (const char* merge = std::getenv("SPIKEGEN_SIMT_MERGE"))
        h.mergeBodies = std::string(merge) != "0";
    if (const char* delivery = std::getenv("SPIKEGEN_SIMT_DELIVERY"); delivery && *delivery) {
        const std::string d = delivery;
        if (d != "neuron" && d != "propagation")
            throw Error("SPIKEGEN_SIMT_DELIVERY='" + d + "': expected 'neuron' or 'propagation'");
        h.delivery = d == "neuron" ? SimtHooks::Delivery::NeuronUpdate : SimtHooks::Delivery::Propagation;
    }
    switch (dialect) {
    case lang::Dialect::Cuda:
        h.kernelQualifier = "extern \"C\" __global__";
        h.functionQualifier = "static __device__ __forceinline__";
        h.global = "";
        h.shared = "__shared__";
        h.threadInBlock = "threadIdx.x";
        h.block = "blockIdx.x";
        h.blockSize = "blockDim.x";
        h.blocks = "gridDim.x";
        h.instance = "blockIdx.y";
        h.instances = "gridDim.y";
        h.barrier = "__syncthreads();";
        h.globalFence = "__threadfence();";
        h.restrictQualifier = "__restrict__";
        h.bufferGlobalQualifier = "__constant__";
        h.mergedFunctionQualifier = "static __device__ __noinline__";
        h.kernelEntry = "SG_KERNEL_ENTRY();";
        h.prelude = std::string(kCudaTypes) + rng::deviceSource(dialect, true);
        return h;
    case lang::Dialect::OpenCL:
        h.kernelQualifier = "__kernel";
        h.functionQualifier = "static inline";
        h.global = "__global";
        h.shared = "__local";
        h.threadInBlock = "get_local_id(0)";
        h.block = "get_group_id(0)";
        h.blockSize = "get_local_size(0)";
        h.blocks = "get_num_groups(0)";
        h.instance = "get_group_id(1)";
        h.instances = "get_num_groups(1)";
        h.barrier = "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);";
        h.globalFence = "mem_fence(CLK_GLOBAL_MEM_FENCE);";
        h.restrictQualifier = "restrict";
        h.mergedFunctionQualifier = "static";
        h.barriersOutsideBranches = true;
        h.prelude = rng::deviceSource(dialect, withDouble) + kOpenClTypes + (withDouble ? kOpenClDoubleAtomic : "");
        return h;
    case lang::Dialect::Cpp:
        break;
    }
    throw Error("internal: the SIMT code generator has no hooks for C++");
}

} // namespace spikegen::simt
