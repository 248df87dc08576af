// Device memory of one planned buffer. Copies are synchronous and go through the legacy default
// stream, which waits for the kernels of the (blocking) simulation stream first.
#pragma once
#include "core/backend/backend.h"

#include <cuda.h>

namespace spikegen::cuda {

class CudaBuffer : public DeviceBuffer {
public:
    // Throws spikegen::Error naming `what` and the bytes when the device cannot hold them.
    CudaBuffer(std::size_t bytes, const std::string& what, const std::string& deviceName);
    ~CudaBuffer() override;
    std::size_t bytes() const override { return bytes_; }
    void upload(const void* source, std::size_t bytes, std::size_t offset) override;
    void download(void* destination, std::size_t bytes, std::size_t offset) const override;
    void fill(std::uint8_t byte, std::size_t bytes, std::size_t offset) override;
    CUdeviceptr pointer() const { return pointer_; }

private:
    void checkRange(std::size_t bytes, std::size_t offset) const;
    std::size_t bytes_;
    std::string what_;
    CUdeviceptr pointer_ = 0;
};

} // namespace spikegen::cuda
