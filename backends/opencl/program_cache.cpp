#include "backends/opencl/program_cache.h"

#include "core/codegen/build_cache.h"
#include "core/error.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace spikegen::opencl {
namespace {

std::string buildLog(cl_program program, cl_device_id device)
{
    std::size_t size = 0;
    clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
    std::string log(size, '\0');
    if (size)
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
        log.pop_back();
    return log;
}

// The cached binary, or nullptr when it is missing, unreadable or rejected by the driver (a
// driver update can invalidate binaries even under the same version string): then we compile.
cl_program loadCached(cl_context context, const DeviceInfo& device, const CacheEntry& entry, const std::string& options)
{
    const std::optional<std::string> binary = entry.read();
    if (!binary)
        return nullptr;
    const unsigned char* data = reinterpret_cast<const unsigned char*>(binary->data());
    const std::size_t size = binary->size();
    cl_int status = CL_SUCCESS, error = CL_SUCCESS;
    cl_program program = clCreateProgramWithBinary(context, 1, &device.device, &size, &data, &status, &error);
    if (error != CL_SUCCESS || status != CL_SUCCESS) {
        if (program)
            clReleaseProgram(program);
        spdlog::warn("OpenCL: cached binary '{}' rejected ({}), recompiling", entry.binaryPath().string(), errorName(error));
        return nullptr;
    }
    if (clBuildProgram(program, 1, &device.device, options.c_str(), nullptr, nullptr) != CL_SUCCESS) {
        clReleaseProgram(program);
        return nullptr;
    }
    return program;
}

void storeBinary(cl_program program, const CacheEntry& entry)
{
    std::size_t size = 0;
    if (clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, nullptr) != CL_SUCCESS || size == 0)
        return; // some drivers give no binaries; then every run compiles
    std::string binary(size, '\0');
    unsigned char* data = reinterpret_cast<unsigned char*>(binary.data());
    if (clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof data, &data, nullptr) != CL_SUCCESS)
        return;
    entry.write(binary);
}

} // namespace

BuiltProgram buildProgram(cl_context context, const DeviceInfo& device, const std::string& source,
                          const std::string& options, const std::string& what,
                          const std::function<std::string(const std::string&)>& explainLog)
{
    const CacheEntry entry("opencl", source + "\n" + options + "\n" + device.platformName + "\n" + device.deviceName +
                                         "\n" + device.deviceVersion + "\n" + device.driverVersion, ".bin");
    if (cl_program cached = loadCached(context, device, entry, options))
        return {cached, true};

    const char* text = source.c_str();
    const std::size_t length = source.size();
    cl_int error = CL_SUCCESS;
    cl_program program = clCreateProgramWithSource(context, 1, &text, &length, &error);
    check(error, "clCreateProgramWithSource for " + what);
    error = clBuildProgram(program, 1, &device.device, options.c_str(), nullptr, nullptr);
    if (error != CL_SUCCESS) {
        const std::string log = buildLog(program, device.device);
        clReleaseProgram(program);
        throw Error("OpenCL: building the kernels of " + what + " for '" + device.deviceName + "' failed (" +
                    errorName(error) + ", options '" + options + "'):" + explainLog(log) + "\nbuild log:\n" + log);
    }
    if (const std::string log = buildLog(program, device.device); !log.empty())
        spdlog::debug("OpenCL build log for {}:\n{}", what, log);
    storeBinary(program, entry);
    return {program, false};
}

} // namespace spikegen::opencl
