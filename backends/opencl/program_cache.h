// Building OpenCL programs with a binary cache. PoCL compiles every program with LLVM (about a
// second each) and NVIDIA's driver also takes noticeable time, so the binary of each program is
// kept under a hash of source + build options + platform, device and driver, and loaded with
// clCreateProgramWithBinary the next time.
#pragma once
#include "backends/opencl/device_selection.h"

#include <functional>
#include <string>

namespace spikegen::opencl {

struct BuiltProgram {
    cl_program program = nullptr;
    bool cacheHit = false;
};

// Builds `source` for `device`. On a compile error throws spikegen::Error with the build log;
// `explainLog(log)` adds the lines of the log that it can trace back to model code strings.
BuiltProgram buildProgram(cl_context context, const DeviceInfo& device, const std::string& source,
                          const std::string& options, const std::string& what,
                          const std::function<std::string(const std::string&)>& explainLog);

} // namespace spikegen::opencl
