// The CUDA driver API, opened at run time (dlopen of libcuda.so.1), never linked: the library, the
// CLI and the tests must load on machines with the toolkit but no driver. Types come from the
// toolkit's cuda.h (a header only); every entry point is a pointer looked up with dlsym.
#pragma once
#include <cuda.h>

#include <string>

namespace spikegen::cuda {

struct Driver {
    // The real (versioned) symbol names, as cuda.h maps the plain names to them.
#define SG_CU_FUNCTIONS(X)                                                                             \
    X(cuInit) X(cuGetErrorString) X(cuDeviceGetCount) X(cuDeviceGet) X(cuDeviceGetAttribute)            \
    X(cuDeviceGetName) X(cuDriverGetVersion) X(cuDevicePrimaryCtxRetain) X(cuDevicePrimaryCtxRelease_v2) \
    X(cuCtxSetCurrent) X(cuCtxSynchronize) X(cuMemGetInfo_v2) X(cuMemAlloc_v2) X(cuMemFree_v2)          \
    X(cuMemcpyHtoD_v2) X(cuMemcpyDtoH_v2) X(cuMemsetD8_v2) X(cuModuleLoadData) X(cuModuleUnload)       \
    X(cuModuleGetFunction) X(cuModuleGetGlobal_v2) X(cuLaunchKernel) X(cuStreamCreate)                  \
    X(cuStreamDestroy_v2) X(cuStreamSynchronize) X(cuStreamBeginCapture_v2) X(cuStreamEndCapture)       \
    X(cuGraphInstantiateWithFlags) X(cuGraphLaunch) X(cuGraphExecDestroy) X(cuGraphDestroy)            \
    X(cuCtxGetDevice) X(cuOccupancyMaxActiveBlocksPerMultiprocessor) X(cuLaunchCooperativeKernel)   \
    X(cuLaunchKernelEx)
#define SG_CU_POINTER(name) decltype(&::name) name = nullptr;
    SG_CU_FUNCTIONS(SG_CU_POINTER)
#undef SG_CU_POINTER
};

// The driver, loaded and initialised once per process; throws spikegen::Error
// "CUDA unavailable: <why>" when libcuda.so.1 is missing, lacks a function, or cuInit fails.
const Driver& driver();

// Throws spikegen::Error "<what>: <CUDA error name and text>" unless `result` is CUDA_SUCCESS.
void check(CUresult result, const std::string& what);

} // namespace spikegen::cuda
