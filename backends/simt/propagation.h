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
// Synapses a thread loads before it applies any (emitSynapseBatch): their loads overlap instead of
// each waiting for the one before (benchmarks/NOTES.md, Version 9).
inline constexpr unsigned kSynapseBatch = 4;
// Threads of a pre-span launch at most (teams x lanes); the kernel strides over further spikes.
inline constexpr std::uint64_t kPreSpanMaxThreads = std::uint64_t(1) << 14;
unsigned preSpanLanes(const SynapseGroupPlan& group);

// Dense projections are always DensePost; sparse ones are decided at run time, once their rows
// are built, by chooseSparsePropagation (both kernels are generated).
bool isDense(const SynapseGroupPlan& group);

// Which strategy needs fewer dependent rounds of loads in a step (each round loads kSynapseBatch
// synapses a thread, benchmarks/NOTES.md, Version 9): post span's threads each walk every spike,
// ceil(spikes / batch) rounds; pre span's lanes walk a row of the longest length, ceil(longest /
// (lanes x batch)) rounds for each spike their team takes in turn. Post span on a tie (it launches
// one block per 128 columns, pre span a team per spike). Before anything is measured: post span
// when longestRow * kPostSpanMaxPrePerColumn >= numPre. Rows shorter than kPostSpanMinRowLength
// always take pre span.
Propagation chooseSparsePropagation(std::uint32_t longestRow, std::uint32_t numPre,
                                    std::optional<double> spikesPerStep = std::nullopt, unsigned lanes = 32,
                                    std::uint64_t preSpanThreads = kPreSpanMaxThreads);

// Pre span's threads for the measured spikes of a step: a team for kPreSpanTeamsPerSpike times the
// spikes, in powers of two (the launch changes only when the activity doubles or halves), at most
// the `most` generated for. Idle teams cost: 13 of the microcircuit's projections launched 128
// blocks each for ~10 spikes (Version 9). Fewer teams than 4 a spike made brunel-sr (412 spikes
// a step) 15-20 % slower on the H200 (Version 13).
inline constexpr double kPreSpanTeamsPerSpike = 4.0;
std::size_t preSpanThreadsFor(double spikesPerStep, unsigned lanes, std::size_t most);
std::string describe(Propagation propagation);

} // namespace spikegen::simt
