#include "backends/simt/propagation.h"
#include "backends/simt/simt_source.h"

#include "core/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>

namespace spikegen::simt {

bool isDense(const SynapseGroupPlan& group) { return group.layout.format == ConnectivityFormat::Dense; }

Propagation chooseSparsePropagation(std::uint32_t longestRow, std::uint32_t numPre, std::optional<double> spikesPerStep,
                                    unsigned lanes, std::uint64_t preSpanThreads)
{
    if (const char* forced = std::getenv("SPIKEGEN_SIMT_PROPAGATION"); forced && *forced) {
        const std::string f = forced;
        if (f == "pre")
            return Propagation::PreSpan;
        if (f == "post")
            return Propagation::PostSpan;
        throw Error("SPIKEGEN_SIMT_PROPAGATION='" + f + "': expected 'pre' or 'post'");
    }
    if (longestRow < kPostSpanMinRowLength)
        return Propagation::PreSpan;
    if (!spikesPerStep)
        return std::uint64_t(longestRow) * kPostSpanMaxPrePerColumn >= numPre ? Propagation::PostSpan
                                                                            : Propagation::PreSpan;
    const double spikes = std::max(*spikesPerStep, 1.0), batch = kSynapseBatch;
    const double teams = std::max<double>(1, double(preSpanThreads / lanes));
    const double postRounds = std::ceil(spikes / batch);
    const double preRounds = std::ceil(longestRow / (lanes * batch)) * std::ceil(spikes / teams);
    return postRounds <= preRounds ? Propagation::PostSpan : Propagation::PreSpan;
}

std::size_t preSpanThreadsFor(double spikesPerStep, unsigned lanes, std::size_t most)
{
    const auto teams = std::bit_ceil(std::uint64_t(std::ceil(kPreSpanTeamsPerSpike * std::max(spikesPerStep, 1.0))));
    return std::min(most, roundUpToBlocks(std::size_t(teams * lanes)));
}

unsigned preSpanLanes(const SynapseGroupPlan& group)
{
    // A warp for any row of a warp's length or more (as before), wider for long rows, so that a
    // lane takes at most kPreSpanSynapsesPerLane synapses of an average row.
    const double mean = group.layout.meanRowLength;
    const std::uint64_t longest = std::min<std::uint64_t>(group.layout.maxRowLength, group.group->target().size());
    const std::uint64_t byLength = std::uint64_t(std::ceil(mean / kPreSpanSynapsesPerLane));
    const std::uint64_t lanes = std::max<std::uint64_t>(std::min<std::uint64_t>(longest, 32), byLength);
    return unsigned(std::bit_ceil(std::clamp<std::uint64_t>(lanes, 1, kPreSpanMaxLanes)));
}

std::string describe(Propagation propagation)
{
    switch (propagation) {
    case Propagation::PreSpan: return "pre span (a team of threads per spike)";
    case Propagation::PostSpan: return "post span (a thread per row column)";
    case Propagation::DensePost: return "dense (a thread per target)";
    }
    return "?";
}

} // namespace spikegen::simt
