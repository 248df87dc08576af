// The floor of an OpenCL step: how long an in-order queue takes per kernel that does (almost)
// nothing, launched as spikegen launches its step kernels (work-groups of 128, one kernel after
// another, every buffer a parameter). Two numbers per case: the wall time per kernel of a long
// run (host enqueue and device together) and, from event profiling, the device's time from one
// kernel's start to the next's (what the device alone would allow). If the wall time per kernel is
// far above the device's, the step is bound by the host's enqueues.
// Usage: spikegen_opencl_enqueue_bench [kernels per run]   ($SPIKEGEN_OPENCL_DEVICE picks the device)
#include "backends/opencl/device_selection.h"
#include "tools/git_revision.h"
#include "tools/host_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

using namespace spikegen;
using spikegen::opencl::check;

namespace {

// A kernel with `buffers` buffer parameters; work-item 0 counts the launches in the first.
std::string kernelSource(int buffers)
{
    std::string s = "__kernel void tick(";
    for (int b = 0; b < buffers; ++b)
        s += (b ? ", " : "") + std::string("__global uint* b") + std::to_string(b);
    return s + ") { if (get_global_id(0) == 0) b0[0] += 1u; }\n";
}

struct Case {
    int buffers;
    std::size_t workGroups;
    bool oneObject = false; // every parameter the same buffer: is the cost per argument or per object?
};

nlohmann::json measure(const opencl::DeviceInfo& device, cl_context context, const Case& c, int kernels)
{
    cl_int error = CL_SUCCESS;
    const std::string source = kernelSource(c.buffers);
    const char* text = source.c_str();
    cl_program program = clCreateProgramWithSource(context, 1, &text, nullptr, &error);
    check(error, "clCreateProgramWithSource");
    check(clBuildProgram(program, 1, &device.device, "", nullptr, nullptr), "clBuildProgram");
    cl_kernel kernel = clCreateKernel(program, "tick", &error);
    check(error, "clCreateKernel");
    std::vector<cl_mem> buffers;
    for (int b = 0; b < c.buffers; ++b) {
        if (b == 0 || !c.oneObject) {
            buffers.push_back(clCreateBuffer(context, CL_MEM_READ_WRITE, 4096, nullptr, &error));
            check(error, "clCreateBuffer");
        }
        check(clSetKernelArg(kernel, cl_uint(b), sizeof(cl_mem), &buffers.back()), "clSetKernelArg");
    }
    const std::size_t local = 128, global = local * c.workGroups;

    // Wall time of a long run on a plain queue, and the host's time inside the enqueue calls.
    cl_command_queue queue = clCreateCommandQueue(context, device.device, 0, &error);
    check(error, "clCreateCommandQueue");
    for (int k = 0; k < 100; ++k) // warm-up
        check(clEnqueueNDRangeKernel(queue, kernel, 1, nullptr, &global, &local, 0, nullptr, nullptr), "enqueue");
    check(clFinish(queue), "clFinish");
    double enqueueSeconds = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < kernels; ++k) {
        const auto before = std::chrono::steady_clock::now();
        check(clEnqueueNDRangeKernel(queue, kernel, 1, nullptr, &global, &local, 0, nullptr, nullptr), "enqueue");
        enqueueSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
    }
    check(clFinish(queue), "clFinish");
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // The device's view: start-to-start and start-to-end of consecutive kernels (median).
    cl_command_queue profiled = clCreateCommandQueue(context, device.device, CL_QUEUE_PROFILING_ENABLE, &error);
    check(error, "clCreateCommandQueue(profiling)");
    const int sampled = std::min(kernels, 2000);
    std::vector<cl_event> events(std::size_t(sampled), nullptr);
    for (auto& e : events)
        check(clEnqueueNDRangeKernel(profiled, kernel, 1, nullptr, &global, &local, 0, nullptr, &e), "enqueue");
    check(clFinish(profiled), "clFinish");
    std::vector<double> startToStart, duration;
    cl_ulong previousStart = 0;
    for (std::size_t k = 0; k < events.size(); ++k) {
        cl_ulong begin = 0, end = 0;
        check(clGetEventProfilingInfo(events[k], CL_PROFILING_COMMAND_START, sizeof begin, &begin, nullptr), "start");
        check(clGetEventProfilingInfo(events[k], CL_PROFILING_COMMAND_END, sizeof end, &end, nullptr), "end");
        duration.push_back(double(end - begin) * 1e-9);
        if (k > 0)
            startToStart.push_back(double(begin - previousStart) * 1e-9);
        previousStart = begin;
        clReleaseEvent(events[k]);
    }
    const auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    };

    clReleaseCommandQueue(profiled);
    clReleaseCommandQueue(queue);
    for (cl_mem b : buffers)
        clReleaseMemObject(b);
    clReleaseKernel(kernel);
    clReleaseProgram(program);
    return {{"buffers", c.buffers},
            {"distinct_buffers", buffers.size()},
            {"work_groups", c.workGroups},
            {"kernels", kernels},
            {"wall_us_per_kernel", wall / kernels * 1e6},
            {"host_enqueue_us_per_kernel", enqueueSeconds / kernels * 1e6},
            {"device_start_to_start_us_median", median(startToStart) * 1e6},
            {"device_duration_us_median", median(duration) * 1e6}};
}

} // namespace

int main(int argc, char** argv)
{
    const int kernels = argc > 1 ? std::stoi(argv[1]) : 20000;
    const auto devices = opencl::enumerateDevices();
    const opencl::DeviceInfo& device = opencl::selectDevice(devices, opencl::effectiveSelector(""));
    cl_int error = CL_SUCCESS;
    cl_context context = clCreateContext(nullptr, 1, &device.device, nullptr, nullptr, &error);
    check(error, "clCreateContext");
    const nlohmann::json machine = tools::describeHost();
    for (const Case& c : {Case{1, 32}, Case{32, 32}, Case{32, 32, true}, Case{64, 32}, Case{32, 1024}}) {
        nlohmann::json record = measure(device, context, c, kernels);
        record["benchmark"] = "opencl_enqueue_floor";
        record["device"] = device.platformName + " / " + device.deviceName + " (" + device.driverVersion + ")";
        record["machine"] = machine;
        record["git_revision"] = tools::gitRevision();
        std::cout << record.dump() << std::endl;
    }
    clReleaseContext(context);
    return 0;
}
