#include "backends/registry.h"

#include "core/error.h"

#ifdef SPIKEGEN_HAVE_CPU_BACKEND
#include "backends/cpu_openmp/cpu_backend.h"
#endif
#ifdef SPIKEGEN_HAVE_OPENCL_BACKEND
#include "backends/opencl/opencl_backend.h"
#endif
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
#include "backends/cuda/cuda_backend.h"
#endif

#include <cstdlib>

namespace spikegen {

std::vector<std::string> builtBackends()
{
    std::vector<std::string> names;
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
    names.push_back("cuda");
#endif
#ifdef SPIKEGEN_HAVE_CPU_BACKEND
    names.push_back("cpu");
#endif
#ifdef SPIKEGEN_HAVE_OPENCL_BACKEND
    names.push_back("opencl");
#endif
    return names;
}

std::string defaultBackend()
{
    if (const char* env = std::getenv("SPIKEGEN_BACKEND"); env && *env)
        return env;
    return SPIKEGEN_DEFAULT_BACKEND;
}

std::string describeDevices()
{
    std::string text;
#ifdef SPIKEGEN_HAVE_CPU_BACKEND
    text += "cpu:\n0  the host CPU (OpenMP)\n";
#endif
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
    text += "cuda (the first GPU):\n" + cuda::describeDevices();
#endif
#ifdef SPIKEGEN_HAVE_OPENCL_BACKEND
    const std::string devices = opencl::describeDevices(opencl::enumerateDevices());
    text += "opencl (choose with --device or SPIKEGEN_OPENCL_DEVICE: index, platform:device or part of the name):\n" +
            (devices.empty() ? std::string("   no OpenCL platform found\n") : devices);
#endif
    return text;
}

std::unique_ptr<Backend> createBackend(const std::string& requested, int cpuThreads, const std::string& device)
{
    const std::string name = requested.empty() ? defaultBackend() : requested;
    if (!device.empty() && name == "cpu")
        throw Error("backend 'cpu' runs on the host CPU: no device to choose (device '" + device + "' given)");
#ifdef SPIKEGEN_HAVE_CPU_BACKEND
    if (name == "cpu") {
        cpu::CpuOptions options;
        options.threads = cpuThreads;
        return std::make_unique<cpu::CpuBackend>(options);
    }
#endif
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
    if (name == "cuda") {
        cuda::CudaOptions options;
        if (!device.empty()) {
            std::size_t used = 0;
            try {
                options.device = std::stoi(device, &used);
            } catch (const std::exception&) {
            }
            if (used != device.size() || options.device < 0)
                throw Error("CUDA device '" + device + "': expected the GPU's ordinal (0, 1, ...)");
        }
        try {
            return std::make_unique<cuda::CudaBackend>(options);
        } catch (const Error& e) {
            // No driver or GPU: say which backends this build can use instead.
            std::string others;
            for (const auto& b : builtBackends())
                if (b != "cuda")
                    others += (others.empty() ? "" : ", ") + b;
            throw Error(std::string(e.what()) + " (other backends built: " + (others.empty() ? "none" : others) + ")");
        }
    }
#endif
#ifdef SPIKEGEN_HAVE_OPENCL_BACKEND
    if (name == "opencl") {
        opencl::OpenCLOptions options;
        options.device = device; // empty: $SPIKEGEN_OPENCL_DEVICE or the first GPU
        return std::make_unique<opencl::OpenCLBackend>(options);
    }
#endif
    std::string available;
    for (const auto& b : builtBackends())
        available += (available.empty() ? "" : ", ") + b;
    throw Error("backend '" + name + "' is not available in this build of spikegen (available: " +
                (available.empty() ? "none" : available) + ")");
}

} // namespace spikegen
