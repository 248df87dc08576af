// OpenCL error codes as spikegen::Error messages that say which call failed and what the code means.
#pragma once
#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

#include <string>

namespace spikegen::opencl {

// "CL_OUT_OF_RESOURCES" for -5, or "OpenCL error <n>" for codes the table does not know.
std::string errorName(cl_int code);

// Throws spikegen::Error("OpenCL: <what> failed: <name>") unless `code` is CL_SUCCESS.
void check(cl_int code, const std::string& what);

} // namespace spikegen::opencl
