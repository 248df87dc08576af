// How a projection's connectivity is stored, chosen from the snippet and the group sizes.
#pragma once
#include <cstdint>
#include <string>

namespace spikegen {

enum class ConnectivityFormat {
    Dense,  // every pre/post pair; per-synapse variables are [numPre * numPost], row-major
    Sparse, // ragged rows in CSR form: rowStart[numPre + 1], postIndex[synapses], sorted per row
};

struct ConnectivityLayout {
    ConnectivityFormat format = ConnectivityFormat::Sparse;
    unsigned indexBits = 32;  // postsynaptic index width: 16 when the target has < 65536 neurons
    std::uint64_t maxRowLength = 0;
};

class SynapseGroup;
// The layout rule: dense snippets are dense; otherwise CSR with the narrowest index that fits.
ConnectivityLayout chooseLayout(const SynapseGroup& group);
std::string describe(const ConnectivityLayout& layout);

} // namespace spikegen
