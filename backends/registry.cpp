#include "backends/registry.h"

#include "core/error.h"

#ifdef SPIKEGEN_HAVE_CPU_BACKEND
#include "backends/cpu_openmp/cpu_backend.h"
#endif

#include <cstdlib>

namespace spikegen {

std::vector<std::string> builtBackends()
{
    std::vector<std::string> names;
#ifdef SPIKEGEN_HAVE_CPU_BACKEND
    names.push_back("cpu");
#endif
    return names;
}

std::string defaultBackend()
{
    if (const char* env = std::getenv("SPIKEGEN_BACKEND"); env && *env)
        return env;
    return SPIKEGEN_DEFAULT_BACKEND;
}

std::unique_ptr<Backend> createBackend(const std::string& requested, int cpuThreads)
{
    const std::string name = requested.empty() ? defaultBackend() : requested;
#ifdef SPIKEGEN_HAVE_CPU_BACKEND
    if (name == "cpu") {
        cpu::CpuOptions options;
        options.threads = cpuThreads;
        return std::make_unique<cpu::CpuBackend>(options);
    }
#endif
    std::string available;
    for (const auto& b : builtBackends())
        available += (available.empty() ? "" : ", ") + b;
    throw Error("backend '" + name + "' is not available in this build of spikegen (available: " +
                (available.empty() ? "none" : available) + ")");
}

} // namespace spikegen
