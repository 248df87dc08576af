// Device memory of the OpenCL backend: a buffer is an OpenCL memory object of its own or a range
// of a program's pool. The pool exists because NVIDIA's and PoCL's OpenCL charge every enqueue for
// each buffer argument (benchmarks/opencl_enqueue_bench.cpp: 5.3 us per kernel with one buffer,
// 15.4 us with 32 on the H200): the kernels take the pool and find the small buffers in it at
// offsets the plan fixes (simt_source.h, poolOffsets).
#pragma once
#include "backends/opencl/opencl_backend.h"

#include <memory>

namespace spikegen::opencl {

// A buffer as the kernels see it: its memory object and its byte offset there.
class OpenCLMemory : public DeviceBuffer {
public:
    std::size_t bytes() const override { return bytes_; }
    void upload(const void* source, std::size_t bytes, std::size_t offset) override;
    void download(void* destination, std::size_t bytes, std::size_t offset) const override;
    void fill(std::uint8_t byte, std::size_t bytes, std::size_t offset) override;
    virtual cl_mem memory() const = 0;
    virtual std::size_t offset() const = 0;
    const std::shared_ptr<Context>& context() const { return context_; }

protected:
    OpenCLMemory(std::shared_ptr<Context> context, std::size_t bytes) : context_(std::move(context)), bytes_(bytes) {}
    void checkRange(std::size_t bytes, std::size_t offset) const;
    std::shared_ptr<Context> context_;
    std::size_t bytes_;
};

// A memory object of its own. Throws std::bad_alloc when the device has no room for it.
class OwnBuffer : public OpenCLMemory {
public:
    OwnBuffer(std::shared_ptr<Context> context, std::size_t bytes, const std::string& what);
    ~OwnBuffer() override;
    OwnBuffer(const OwnBuffer&) = delete;
    OwnBuffer& operator=(const OwnBuffer&) = delete;
    cl_mem memory() const override { return memory_; }
    std::size_t offset() const override { return 0; }

private:
    cl_mem memory_ = nullptr;
};

// A buffer at a fixed offset of a program's pool (simt::poolOffsets), which it keeps alive.
class PooledBuffer : public OpenCLMemory {
public:
    PooledBuffer(std::shared_ptr<OwnBuffer> pool, std::size_t offset, std::size_t bytes);
    cl_mem memory() const override { return pool_->memory(); }
    std::size_t offset() const override { return offset_; }

private:
    std::shared_ptr<OwnBuffer> pool_;
    std::size_t offset_;
};

} // namespace spikegen::opencl
