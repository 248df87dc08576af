#include "backends/cuda/cuda_buffer.h"

#include "backends/cuda/cuda_driver.h"
#include "core/error.h"

namespace spikegen::cuda {
namespace {

std::string mib(std::size_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB"; }

} // namespace

CudaBuffer::CudaBuffer(std::size_t bytes, const std::string& what, const std::string& deviceName)
    : bytes_(bytes), what_(what)
{
    const Driver& d = driver();
    // Ask first: a failed cuMemAlloc of a huge buffer is fine, but reporting what was asked for
    // against what is free tells the user how far off the network is.
    std::size_t free = 0, total = 0;
    check(d.cuMemGetInfo_v2(&free, &total), what + ": cuMemGetInfo");
    auto tooLarge = [&] {
        return Error(what + ": needs " + std::to_string(bytes) + " bytes (" + mib(bytes) + ") of device memory, but " +
                     deviceName + " has " + std::to_string(free) + " bytes (" + mib(free) + ") free of " + mib(total) +
                     ": the network is too large for this GPU (use a smaller scale, or the cpu backend)");
    };
    if (bytes > free)
        throw tooLarge();
    const CUresult r = d.cuMemAlloc_v2(&pointer_, bytes);
    if (r == CUDA_ERROR_OUT_OF_MEMORY)
        throw tooLarge();
    check(r, what + ": cuMemAlloc of " + std::to_string(bytes) + " bytes");
}

CudaBuffer::~CudaBuffer()
{
    if (pointer_)
        driver().cuMemFree_v2(pointer_);
}

void CudaBuffer::checkRange(std::size_t bytes, std::size_t offset) const
{
    if (offset + bytes > bytes_)
        throw Error(what_ + ": copy of " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                    " exceeds the buffer of " + std::to_string(bytes_) + " bytes");
}

void CudaBuffer::upload(const void* source, std::size_t bytes, std::size_t offset)
{
    checkRange(bytes, offset);
    check(driver().cuMemcpyHtoD_v2(pointer_ + offset, source, bytes), what_ + ": upload");
}

void CudaBuffer::download(void* destination, std::size_t bytes, std::size_t offset) const
{
    checkRange(bytes, offset);
    check(driver().cuMemcpyDtoH_v2(destination, pointer_ + offset, bytes), what_ + ": download");
}

void CudaBuffer::fill(std::uint8_t byte, std::size_t bytes, std::size_t offset)
{
    checkRange(bytes, offset);
    check(driver().cuMemsetD8_v2(pointer_ + offset, byte, bytes), what_ + ": fill");
}

} // namespace spikegen::cuda
