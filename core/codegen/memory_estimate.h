// What a network needs in backend memory, known from its plan before anything is allocated: every
// buffer at its planned size, per-synapse buffers at the connectivity's mean row length. Used by
// `spikegen validate` and by Simulation::initialize, which refuses a network that cannot fit.
#pragma once
#include <cstdint>
#include <string>

namespace spikegen {

class ModelPlan;

struct MemoryEstimate {
    std::uint64_t bytes = 0; // all of it: shared + batch size x perInstance
    // A batch (ModelPlan::batchSize): bytes one copy serves (connectivity, unless every instance
    // builds its own), and bytes of each instance (with their parts' alignment).
    std::uint64_t shared = 0, perInstance = 0;
    std::uint64_t perSynapse = 0; // of it: the per-synapse buffers (every instance's)
    std::string largest; // the largest buffer's description ("neuron group 'E', variable 'V'")
    std::uint64_t largestBytes = 0;
};

MemoryEstimate estimateMemory(const ModelPlan& plan);

// "123456789 bytes (117.7 MiB)", for messages.
std::string bytesText(std::uint64_t bytes);

} // namespace spikegen
