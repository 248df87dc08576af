// How a SIMT device delivers the spikes of one projection: which thread does which synapse.
#pragma once
#include "core/codegen/model_plan.h"

#include <optional>
#include <string>

namespace spikegen::simt {

enum class Propagation {
    // Sparse: a team of preSpanLanes consecutive threads per presynaptic spike strides through
    // that spike's row (GeNN's threads per spike). Threads scale with spikes, not with rows.
    PreSpan,
    // Sparse (GeNN's "post span"): one thread per column index of the ragged rows,
    // [0, maxRowLength); each thread loops over this step's spikes (staged through shared memory)
    // and handles synapse rowStart[spike] + column. maxRowLength threads share every spike.
    PostSpan,
    // Dense: one thread per postsynaptic neuron loops over the spikes. A thread owns its target,
    // so no atomics are needed and every target sums its inputs in spike order.
    DensePost,
};

// Rows shorter than this leave most lanes of a warp idle in post span: pre span instead.
inline constexpr std::uint32_t kPostSpanMinRowLength = 32;
// Post span runs (longest row) threads, each looping over all spikes; pre span runs one thread
// per spike. Post span wins only while rows are long next to the spikes of one step, which are a
// small fraction of the presynaptic group: measured on an H100 with COBA (rows of ~80), post span
// is 12% faster at 3,200 presynaptic neurons and 8x slower at 204,800 (benchmarks/NOTES.md).
inline constexpr std::uint32_t kPostSpanMaxPrePerColumn = 64;

// Threads per spike in pre span: a power of two, at least the longest row the layout allows up to
// a warp (32), and enough that a lane takes at most kPreSpanSynapsesPerLane synapses of a row of
// the snippet's mean row length, up to kPreSpanMaxLanes. A thread that walks a row of 64 alone
// waits for 64 loads one after another when the compiler does not overlap them (benchmarks/NOTES.md,
// Version 7); the microcircuit's rows of ~2,000 needed 60 loads per lane of a warp (Version 8).
inline constexpr double kPreSpanSynapsesPerLane = 8.0;
inline constexpr std::uint64_t kPreSpanMaxLanes = 256;
// Threads of a pre-span launch at most (teams x lanes); the kernel strides over further spikes.
inline constexpr std::uint64_t kPreSpanMaxThreads = std::uint64_t(1) << 14;
unsigned preSpanLanes(const SynapseGroupPlan& group);

// Dense projections are always DensePost; sparse ones are decided at run time, once their rows
// are built, by chooseSparsePropagation (both kernels are generated).
bool isDense(const SynapseGroupPlan& group);

// Post span's threads each walk every spike of the step, one dependent load after another; pre
// span gives each spike a team. Post span wins while a step's spikes are few next to the row
// length. Measured on the H200 (benchmarks/NOTES.md, Version 8), as spikes per step against the
// longest row: the microcircuit (ratios ~1/50 to 1/500) runs 1.6x faster with post span everywhere;
// COBA at 32,000 (I: 12 onto 80) and Brunel's synchronous regular state (I: 82 onto ~1,100) run
// faster with pre span (with 1 spike per 8 row entries as the bound they did not).
inline constexpr double kPostSpanRowPerSpike = 32.0;

// The rule for sparse projections: PostSpan when longestRow >= kPostSpanMinRowLength and the
// source's measured spikes per step times kPostSpanRowPerSpike are at most the longest row; before
// anything is measured, when longestRow * kPostSpanMaxPrePerColumn >= numPre; else PreSpan.
// $SPIKEGEN_SIMT_PROPAGATION = "pre" or "post" forces one for every sparse projection (for
// measuring both; docs/cuda.md).
Propagation chooseSparsePropagation(std::uint32_t longestRow, std::uint32_t numPre,
                                    std::optional<double> spikesPerStep = std::nullopt);
std::string describe(Propagation propagation);

} // namespace spikegen::simt
