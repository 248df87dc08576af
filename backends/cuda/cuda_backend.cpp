#include "backends/cuda/cuda_backend.h"

#include "backends/cuda/cuda_buffer.h"
#include "backends/cuda/cuda_driver.h"
#include "backends/cuda/cuda_program.h"
#include "backends/cuda/cuda_source.h"
#include "backends/cuda/nvrtc_compiler.h"
#include "core/codegen/build_cache.h"
#include "core/codegen/model_plan.h"
#include "core/error.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

namespace spikegen::cuda {
namespace fs = std::filesystem;
namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

CudaBackend::CudaBackend(CudaOptions options) : options_(options)
{
    const Driver& d = driver(); // throws "CUDA unavailable: ..."
    int count = 0;
    check(d.cuDeviceGetCount(&count), "CUDA unavailable: cuDeviceGetCount");
    if (count == 0)
        throw Error("CUDA unavailable: the driver is loaded but reports no GPU");
    if (options_.device < 0 || options_.device >= count)
        throw Error("CUDA unavailable: GPU " + std::to_string(options_.device) + " requested, " +
                    std::to_string(count) + " present");
    check(d.cuDeviceGet(&device_, options_.device), "cuDeviceGet");
    check(d.cuDeviceGetAttribute(&major_, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device_), "compute capability");
    check(d.cuDeviceGetAttribute(&minor_, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device_), "compute capability");
    char name[256] = {};
    check(d.cuDeviceGetName(name, sizeof name, device_), "cuDeviceGetName");
    deviceName_ = name;
    // The primary context: shared with any other CUDA user of this process (libraries, tests).
    check(d.cuDevicePrimaryCtxRetain(&context_, device_), "CUDA unavailable: cannot create a context on " + deviceName_);
    check(d.cuCtxSetCurrent(context_), "cuCtxSetCurrent");
    if (const char* env = std::getenv("SPIKEGEN_CUDA_GRAPHS"); env && std::string(env) == "0")
        options_.graphs = false;
}

CudaBackend::~CudaBackend()
{
    if (context_)
        driver().cuDevicePrimaryCtxRelease_v2(device_);
}

std::string CudaBackend::description() const
{
    return deviceName_ + " (" + architecture() + "), NVRTC " + nvrtcVersion() +
           (options_.graphs ? ", CUDA graphs" : ", plain launches");
}

std::unique_ptr<DeviceBuffer> CudaBackend::allocate(std::size_t bytes, const std::string& what)
{
    check(driver().cuCtxSetCurrent(context_), "cuCtxSetCurrent");
    return std::make_unique<CudaBuffer>(bytes, what, deviceName_);
}

std::optional<std::uint64_t> CudaBackend::availableMemory() const
{
    check(driver().cuCtxSetCurrent(context_), "cuCtxSetCurrent");
    std::size_t free = 0, total = 0;
    check(driver().cuMemGetInfo_v2(&free, &total), "cuMemGetInfo");
    return free;
}

std::unique_ptr<Program> CudaBackend::build(const ModelPlan& plan, BuildInfo& info)
{
    check(driver().cuCtxSetCurrent(context_), "cuCtxSetCurrent");
    auto start = std::chrono::steady_clock::now();
    CudaSource source = writeCudaSource(plan);
    const fs::path directory = generatedDirectory(plan.network().name());
    const std::string name = plan.network().name();
    const std::string initFile = name + "_cuda_init.cu", stepFile = name + "_cuda.cu";
    writeFileAtomically(fileInside(directory, initFile), source.init.text());
    writeFileAtomically(fileInside(directory, stepFile), source.step.text());
    info.sourcePath = fileInside(directory, stepFile).string();
    info.generateSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    info.cacheHit = true;
    auto image = [&](const CodeWriter& writer, const std::string& fileName, Linkage linkage) {
        std::string options;
        for (const auto& o : nvrtcOptions(architecture(), linkage))
            options += o + " ";
        const CacheEntry entry("cuda", writer.text() + "\n" + options + "\nNVRTC " + nvrtcVersion() + "\n" +
                                           deviceName_ + "\nabi " + std::to_string(kCudaAbiVersion),
                               ".cubin");
        if (std::optional<std::string> cached = entry.read())
            return std::move(*cached);
        info.cacheHit = false;
        std::string compiled = nvrtcCompile(writer, fileName, architecture(), name, linkage);
        entry.write(compiled);
        return compiled;
    };
    std::string initImage = image(source.init, initFile, Linkage::Relocatable);
    std::string stepImage = image(source.step, stepFile, Linkage::WholeProgram);
    info.compileSeconds = secondsSince(start);
    return std::make_unique<CudaProgram>(initImage, stepImage, plan, std::move(source.launches), options_.graphs);
}

std::string describeDevices()
{
    try {
        const Driver& d = driver();
        int count = 0;
        check(d.cuDeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0)
            return "   CUDA unavailable: the driver is loaded but reports no GPU\n";
        std::string text;
        for (int i = 0; i < count; ++i) {
            CUdevice device = 0;
            int major = 0, minor = 0;
            char name[256] = {};
            check(d.cuDeviceGet(&device, i), "cuDeviceGet");
            check(d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "compute capability");
            check(d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "compute capability");
            check(d.cuDeviceGetName(name, sizeof name, device), "cuDeviceGetName");
            text += std::to_string(i) + "  " + name + " (sm_" + std::to_string(major * 10 + minor) + ")\n";
        }
        return text;
    } catch (const Error& e) {
        return std::string("   ") + e.what() + "\n";
    }
}

} // namespace spikegen::cuda
