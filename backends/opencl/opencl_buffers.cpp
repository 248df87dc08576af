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
    // NVIDIA's OpenCL (driver 580) faults on a fill with a 1-byte pattern past byte 2^31 of a
    // memory object (benchmarks/NOTES.md): fill whole 128-byte patterns, aligned in the memory
    // object, and write the few bytes before and after them.
    constexpr std::size_t kPattern = 128;
    std::uint8_t pattern[kPattern];
    std::fill(std::begin(pattern), std::end(pattern), byte);
    const std::size_t begin = this->offset() + offset, end = begin + bytes;
    const std::size_t first = std::min(end, (begin + kPattern - 1) / kPattern * kPattern);
    const std::size_t last = std::max(first, end / kPattern * kPattern);
    const auto write = [&](std::size_t from, std::size_t to) {
        if (to > from)
            check(clEnqueueWriteBuffer(context_->queue, memory(), CL_TRUE, from, to - from, pattern, 0, nullptr,
                                       nullptr),
                  "clEnqueueWriteBuffer");
    };
    write(begin, first);
    if (last > first)
        check(clEnqueueFillBuffer(context_->queue, memory(), pattern, kPattern, first, last - first, 0, nullptr, nullptr),
              "clEnqueueFillBuffer");
    write(last, end);
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
