#include "backends/opencl/cl_check.h"

#include "core/error.h"

namespace spikegen::opencl {

std::string errorName(cl_int code)
{
    switch (code) {
#define SG_CL_CODE(name) case name: return #name;
        SG_CL_CODE(CL_SUCCESS)
        SG_CL_CODE(CL_DEVICE_NOT_FOUND)
        SG_CL_CODE(CL_DEVICE_NOT_AVAILABLE)
        SG_CL_CODE(CL_COMPILER_NOT_AVAILABLE)
        SG_CL_CODE(CL_MEM_OBJECT_ALLOCATION_FAILURE)
        SG_CL_CODE(CL_OUT_OF_RESOURCES)
        SG_CL_CODE(CL_OUT_OF_HOST_MEMORY)
        SG_CL_CODE(CL_BUILD_PROGRAM_FAILURE)
        SG_CL_CODE(CL_INVALID_VALUE)
        SG_CL_CODE(CL_INVALID_DEVICE)
        SG_CL_CODE(CL_INVALID_CONTEXT)
        SG_CL_CODE(CL_INVALID_COMMAND_QUEUE)
        SG_CL_CODE(CL_INVALID_MEM_OBJECT)
        SG_CL_CODE(CL_INVALID_BINARY)
        SG_CL_CODE(CL_INVALID_BUILD_OPTIONS)
        SG_CL_CODE(CL_INVALID_PROGRAM)
        SG_CL_CODE(CL_INVALID_PROGRAM_EXECUTABLE)
        SG_CL_CODE(CL_INVALID_KERNEL_NAME)
        SG_CL_CODE(CL_INVALID_KERNEL)
        SG_CL_CODE(CL_INVALID_ARG_INDEX)
        SG_CL_CODE(CL_INVALID_ARG_VALUE)
        SG_CL_CODE(CL_INVALID_ARG_SIZE)
        SG_CL_CODE(CL_INVALID_KERNEL_ARGS)
        SG_CL_CODE(CL_INVALID_WORK_DIMENSION)
        SG_CL_CODE(CL_INVALID_WORK_GROUP_SIZE)
        SG_CL_CODE(CL_INVALID_WORK_ITEM_SIZE)
        SG_CL_CODE(CL_INVALID_GLOBAL_OFFSET)
        SG_CL_CODE(CL_INVALID_BUFFER_SIZE)
        SG_CL_CODE(CL_INVALID_GLOBAL_WORK_SIZE)
        SG_CL_CODE(CL_INVALID_PLATFORM)
#undef SG_CL_CODE
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL platform is installed)";
    default: return "OpenCL error " + std::to_string(code);
    }
}

void check(cl_int code, const std::string& what)
{
    if (code != CL_SUCCESS)
        throw Error("OpenCL: " + what + " failed: " + errorName(code));
}

} // namespace spikegen::opencl
