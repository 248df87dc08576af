#include "backends/cuda/cuda_driver.h"

#include "core/error.h"

#include <dlfcn.h>
#include <mutex>

namespace spikegen::cuda {
namespace {

Driver load()
{
    // Never closed: the driver stays loaded for the life of the process, as if linked.
    void* library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!library) {
        const char* why = dlerror();
        throw Error(std::string("CUDA unavailable: the CUDA driver (libcuda.so.1) cannot be loaded") +
                    (why ? std::string(" (") + why + ")" : std::string()));
    }
    Driver d;
#define SG_CU_LOAD(name)                                                                                      \
    d.name = reinterpret_cast<decltype(d.name)>(dlsym(library, #name));                                        \
    if (!d.name)                                                                                              \
        throw Error("CUDA unavailable: the CUDA driver lacks " #name " (driver older than the toolkit spikegen " \
                    "was built with?)");
    SG_CU_FUNCTIONS(SG_CU_LOAD)
#undef SG_CU_LOAD
    if (const CUresult r = d.cuInit(0); r != CUDA_SUCCESS) {
        const char* text = nullptr;
        d.cuGetErrorString(r, &text);
        throw Error("CUDA unavailable: cuInit failed (" + std::string(text ? text : "unknown error") +
                    "): no usable NVIDIA GPU or driver");
    }
    return d;
}

} // namespace

const Driver& driver()
{
    // A failure is remembered and reported again, so that every caller gets the same message.
    static std::once_flag once;
    static Driver loaded;
    static std::string failure;
    std::call_once(once, [] {
        try {
            loaded = load();
        } catch (const Error& e) {
            failure = e.what();
        }
    });
    if (!failure.empty())
        throw Error(failure);
    return loaded;
}

void check(CUresult result, const std::string& what)
{
    if (result == CUDA_SUCCESS)
        return;
    const char* text = nullptr;
    driver().cuGetErrorString(result, &text);
    throw Error(what + ": CUDA error " + std::to_string(int(result)) + " (" + (text ? text : "unknown") + ")");
}

} // namespace spikegen::cuda
