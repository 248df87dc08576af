// How a projection's connectivity is stored, chosen from the snippet and the group sizes.
#pragma once
#include <cstdint>
#include <string>

namespace spikegen {

enum class ConnectivityFormat {
    Dense,  // every pre/post pair; per-synapse variables are [numPre * numPost], row-major
    Sparse, // ragged rows in CSR form: rowStart[numPre + 1], postIndex[synapses], sorted per row
};

// 16-bit indices reach targets beyond 65,535 through segments: a row is stored segment by
// segment (targets 0..65535, then 65536..131071, ...), each entry holds the low 16 bits of its
// target, and segmentStart[numPre * (segments - 1)] holds, row by row, where segments 1.. begin
// (relative to the row's start). Target = (segment << 16) | index, so a decoded row stays sorted.
inline constexpr std::uint32_t kSegmentTargets = 65536;
// More segments cost a compare per synapse each, and a word per row: beyond this, 32-bit indices.
inline constexpr unsigned kMaxSegments = 8;

struct ConnectivityLayout {
    ConnectivityFormat format = ConnectivityFormat::Sparse;
    unsigned indexBits = 32;  // postsynaptic index width
    unsigned segments = 1;    // 16-bit indices: 65,536-target segments per row (see above)
    unsigned segmentStartBits = 32; // segmentStart width: 16 when maxRowLength fits in it (row-built only)
    std::uint64_t maxRowLength = 0;
    double meanRowLength = 0; // the snippet's hint, else maxRowLength (sizes GPU teams per row)
};

class SynapseGroup;
// The layout rule: dense snippets are dense; otherwise CSR with 16-bit indices, in segments when
// the target has more than 65,536 neurons, unless that needs more than kMaxSegments segments or
// the segment starts of a row would outweigh the 2 bytes a synapse saves on a row of maxRowLength.
ConnectivityLayout chooseLayout(const SynapseGroup& group);
std::string describe(const ConnectivityLayout& layout);

// How a dense projection with one weight matrix (StaticPulse) delivers spikes on a backend that
// has a BLAS: per spike (a kernel reads the rows of the neurons that spiked: cost ~ spikes *
// numPost) or as a matrix-vector product of the spike indicator vector and the whole weight
// matrix (cost ~ numPre * numPost, whoever spiked, but at BLAS speed).
enum class DensePropagation { PerSpike, MatrixVector };

// What the rule needs to know about the backend, measured per backend (docs/opencl.md).
struct DenseProductCosts {
    bool hasMatrixVector = false; // a BLAS GEMV is available for this backend and device
    // Time per weight of the GEMV divided by the time per weight that the per-spike kernel reads:
    // the product wins when more than this fraction of the sources spike in a step.
    double breakEvenSpikeFraction = 1.0;
    // Below this many weights the fixed cost of a BLAS call dominates: always per spike.
    std::uint64_t minWeights = 0;
};

// The rule, a pure function of sizes, expected rate and backend: MatrixVector when the backend
// has one, the matrix has at least minWeights entries and the expected fraction of sources that
// spike per step (rateHz * dt / 1000) exceeds breakEvenSpikeFraction; otherwise PerSpike.
DensePropagation chooseDensePropagation(std::uint32_t numPre, std::uint32_t numPost, double expectedRateHz,
                                        double dtMs, const DenseProductCosts& costs);

} // namespace spikegen
