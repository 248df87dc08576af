#include "backends/cuda/nvrtc_compiler.h"

#include "backends/cuda/device_linker.h"

#include "core/error.h"
#include "core/rng/philox.h"

#include <nvrtc.h>

#include <regex>
#include <sstream>

namespace spikegen::cuda {
namespace {

void checkNvrtc(nvrtcResult result, const std::string& what)
{
    if (result != NVRTC_SUCCESS)
        throw Error(what + ": " + nvrtcGetErrorString(result));
}

bool relocatable(Linkage linkage) { return linkage == Linkage::Relocatable && linksRelocatableCode(); }

} // namespace

std::vector<std::string> nvrtcOptions(const std::string& architecture, Linkage linkage)
{
    std::vector<std::string> options = {
        "--gpu-architecture=" + architecture, std::string(rng::requiredCompileOptions(lang::Dialect::Cuda)),
        "--std=c++17", "-default-device", "--extra-device-vectorization",
        // Generated code leaves some locals unused in some kernels: only errors matter.
        "-w"};
    if (relocatable(linkage))
        options.push_back("--relocatable-device-code=true");
    return options;
}

std::string nvrtcVersion()
{
    int major = 0, minor = 0;
    ::nvrtcVersion(&major, &minor);
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string nvrtcCompile(const CodeWriter& writer, const std::string& fileName, const std::string& architecture,
                         const std::string& networkName, Linkage linkage)
{
    nvrtcProgram program = nullptr;
    checkNvrtc(nvrtcCreateProgram(&program, writer.text().c_str(), fileName.c_str(), 0, nullptr, nullptr),
               "NVRTC cannot create a program");
    const auto options = nvrtcOptions(architecture, linkage);
    std::vector<const char*> raw;
    for (const auto& o : options)
        raw.push_back(o.c_str());
    const nvrtcResult result = nvrtcCompileProgram(program, int(raw.size()), raw.data());
    std::size_t logSize = 0;
    nvrtcGetProgramLogSize(program, &logSize);
    std::string log(logSize, '\0');
    if (logSize > 0)
        nvrtcGetProgramLog(program, log.data());
    while (!log.empty() && log.back() == '\0')
        log.pop_back();
    if (result != NVRTC_SUCCESS) {
        nvrtcDestroyProgram(&program);
        // NVRTC writes "name(LINE): error ..."; explainCompileErrors reads "name:LINE".
        const std::string escaped = std::regex_replace(fileName, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
        std::string errors; // only the error lines: their generated line and code string
        std::istringstream lines(log);
        for (std::string l; std::getline(lines, l);)
            if (l.find(": error") != std::string::npos)
                errors += std::regex_replace(l, std::regex(escaped + R"(\((\d+)\))"), fileName + ":$1") + "\n";
        throw Error("compiling the generated CUDA code of network '" + networkName + "' with NVRTC for " +
                    architecture + " failed:" + explainCompileErrors(errors, fileName, writer) + "\nNVRTC log:\n" +
                    log);
    }
    std::string code;
    std::size_t size = 0;
    const bool cubin = architecture.rfind("sm_", 0) == 0;
    if (cubin) {
        checkNvrtc(nvrtcGetCUBINSize(program, &size), "NVRTC cubin size");
        code.resize(size);
        checkNvrtc(nvrtcGetCUBIN(program, code.data()), "NVRTC cubin");
        if (relocatable(linkage)) {
            nvrtcDestroyProgram(&program);
            return linkCubin(code, architecture);
        }
    } else {
        checkNvrtc(nvrtcGetPTXSize(program, &size), "NVRTC PTX size");
        code.resize(size);
        checkNvrtc(nvrtcGetPTX(program, code.data()), "NVRTC PTX");
    }
    nvrtcDestroyProgram(&program);
    return code;
}

} // namespace spikegen::cuda
