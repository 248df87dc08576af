// Which part of a network one process (rank) simulates when several share it (issue 18,
// docs/scaling.md). Every neuron group is cut into contiguous blocks of whole 32-neuron words, one
// per rank in rank order: a rank updates the neurons of its blocks and holds the synapses onto
// them, so recorded spike words never straddle two ranks and a neuron's global index is its index
// in the group (the random streams are counted by it, as on one device).
#pragma once
#include <algorithm>
#include <cstdint>

namespace spikegen {

struct Partition {
    std::uint32_t rank = 0, ranks = 1;
    bool split() const { return ranks > 1; }
};

// Neurons [lo, hi) of a group.
struct NeuronBlock {
    std::uint32_t lo = 0, hi = 0;
    std::uint32_t size() const { return hi - lo; }
    bool contains(std::uint32_t neuron) const { return neuron >= lo && neuron < hi; }
};

// Rank r's block of a group of `size` neurons: its share of the group's 32-neuron words (shares
// differ by at most one word).
inline NeuronBlock blockOf(std::uint32_t size, const Partition& p)
{
    const std::uint64_t words = (std::uint64_t(size) + 31) / 32;
    auto start = [&](std::uint64_t rank) {
        return std::uint32_t(std::min<std::uint64_t>(size, words * rank / p.ranks * 32));
    };
    return {start(p.rank), start(p.rank + 1)};
}

} // namespace spikegen
