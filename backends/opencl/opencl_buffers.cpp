#include "backends/opencl/opencl_buffers.h"

#include "core/error.h"

#include <algorithm>
#include <new>

namespace spikegen::opencl {
namespace {

cl_mem createMemory(const Context& context, std::size_t bytes, const std::string& what)
{
    cl_int error = CL_SUCCESS;
    cl_mem memory = clCreateBuffer(context.context, CL_MEM_READ_WRITE, std::max<std::size_t>(bytes, 1), nullptr, &error);
    if (error == CL_MEM_OBJECT_ALLOCATION_FAILURE || error == CL_INVALID_BUFFER_SIZE || error == CL_OUT_OF_RESOURCES ||
        error == CL_OUT_OF_HOST_MEMORY)
        throw std::bad_alloc();
    check(error, "clCreateBuffer (" + what + ")");
    return memory;
}

} // namespace

void OpenCLMemory::checkRange(std::size_t bytes, std::size_t offset) const
{
    if (offset + bytes > bytes_)
        throw Error("copy of " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                    " exceeds a buffer of " + std::to_string(bytes_) + " bytes");
}

void OpenCLMemory::upload(const void* source, std::size_t bytes, std::size_t offset)
{
    checkRange(bytes, offset);
    if (bytes)
        check(clEnqueueWriteBuffer(context_->queue, memory(), CL_TRUE, this->offset() + offset, bytes, source, 0,
                                   nullptr, nullptr),
              "clEnqueueWriteBuffer");
}

void OpenCLMemory::download(void* destination, std::size_t bytes, std::size_t offset) const
{
    checkRange(bytes, offset);
    if (bytes)
        check(clEnqueueReadBuffer(context_->queue, memory(), CL_TRUE, this->offset() + offset, bytes, destination, 0,
                                  nullptr, nullptr),
              "clEnqueueReadBuffer");
}

void OpenCLMemory::fill(std::uint8_t byte, std::size_t bytes, std::size_t offset)
{
    checkRange(bytes, offset);
    if (bytes)
        check(clEnqueueFillBuffer(context_->queue, memory(), &byte, 1, this->offset() + offset, bytes, 0, nullptr,
                                  nullptr),
              "clEnqueueFillBuffer");
}

OwnBuffer::OwnBuffer(std::shared_ptr<Context> context, std::size_t bytes, const std::string& what)
    : OpenCLMemory(std::move(context), bytes), memory_(createMemory(*context_, bytes, what))
{
}

OwnBuffer::~OwnBuffer() { clReleaseMemObject(memory_); }

PooledBuffer::PooledBuffer(std::shared_ptr<OwnBuffer> pool, std::size_t offset, std::size_t bytes)
    : OpenCLMemory(pool->context(), bytes), pool_(std::move(pool)), offset_(offset)
{
    if (offset_ + bytes_ > pool_->bytes())
        throw Error("internal: a buffer of " + std::to_string(bytes_) + " bytes at offset " + std::to_string(offset_) +
                    " overruns the OpenCL buffer pool of " + std::to_string(pool_->bytes()) + " bytes");
}

} // namespace spikegen::opencl
