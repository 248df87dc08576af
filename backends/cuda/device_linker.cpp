#include "backends/cuda/device_linker.h"

#include "core/error.h"

#include <cstdlib>
#include <cstring>

#ifdef SPIKEGEN_HAVE_NVJITLINK
#include <nvJitLink.h>
#endif

namespace spikegen::cuda {

bool linksRelocatableCode()
{
#ifdef SPIKEGEN_HAVE_NVJITLINK
    const char* rdc = std::getenv("SPIKEGEN_CUDA_RDC");
    return !(rdc && std::strcmp(rdc, "0") == 0);
#else
    return false;
#endif
}

#ifdef SPIKEGEN_HAVE_NVJITLINK
namespace {

// The error log of `handle`, for messages.
std::string errorLog(nvJitLinkHandle handle)
{
    std::size_t size = 0;
    if (nvJitLinkGetErrorLogSize(handle, &size) != NVJITLINK_SUCCESS || size == 0)
        return "";
    std::string log(size, '\0');
    nvJitLinkGetErrorLog(handle, log.data());
    while (!log.empty() && log.back() == '\0')
        log.pop_back();
    return log;
}

} // namespace

std::string linkCubin(const std::string& relocatable, const std::string& architecture)
{
    const std::string arch = "-arch=" + architecture;
    const char* options[] = {arch.c_str()};
    nvJitLinkHandle handle = nullptr;
    if (nvJitLinkCreate(&handle, 1, options) != NVJITLINK_SUCCESS)
        throw Error("nvJitLink cannot link for " + architecture);
    auto fail = [&](const std::string& what) {
        const std::string log = errorLog(handle);
        nvJitLinkDestroy(&handle);
        throw Error("linking the generated CUDA code for " + architecture + " failed (" + what + ")" +
                    (log.empty() ? "" : ":\n" + log));
    };
    if (nvJitLinkAddData(handle, NVJITLINK_INPUT_CUBIN, relocatable.data(), relocatable.size(), "spikegen") !=
        NVJITLINK_SUCCESS)
        fail("adding the cubin");
    if (nvJitLinkComplete(handle) != NVJITLINK_SUCCESS)
        fail("linking");
    std::size_t size = 0;
    if (nvJitLinkGetLinkedCubinSize(handle, &size) != NVJITLINK_SUCCESS)
        fail("the linked size");
    std::string image(size, '\0');
    if (nvJitLinkGetLinkedCubin(handle, image.data()) != NVJITLINK_SUCCESS)
        fail("the linked cubin");
    nvJitLinkDestroy(&handle);
    return image;
}
#else
std::string linkCubin(const std::string&, const std::string& architecture)
{
    throw Error("internal: spikegen was built without nvJitLink, and cannot link CUDA code for " + architecture);
}
#endif

} // namespace spikegen::cuda
