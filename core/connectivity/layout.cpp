#include "core/connectivity/layout.h"

#include "core/lang/evaluator.h"
#include "core/model/groups.h"

#include <algorithm>
#include <cmath>

namespace spikegen {

ConnectivityLayout chooseLayout(const SynapseGroup& group)
{
    ConnectivityLayout layout;
    const auto& snippet = group.connectivity().snippet;
    const std::uint32_t numPost = group.target().size();
    if (snippet.dense) {
        layout.format = ConnectivityFormat::Dense;
        layout.maxRowLength = layout.meanRowLength = numPost;
        return layout;
    }
    layout.format = ConnectivityFormat::Sparse;
    layout.maxRowLength = snippet.maxRowLength
                              ? snippet.maxRowLength(group.source().size(), numPost, group.connectivity().params)
                              : numPost;
    layout.meanRowLength = double(std::min<std::uint64_t>(layout.maxRowLength, numPost));
    if (!snippet.meanRowLengthExpression.empty()) {
        lang::Values values(group.connectivity().params.begin(), group.connectivity().params.end());
        values["num_pre"] = group.source().size();
        values["num_post"] = numPost;
        const double mean = lang::evaluateHostExpression(snippet.meanRowLengthExpression, values,
                                                         {snippet.name, "mean row length"});
        if (std::isfinite(mean) && mean >= 0)
            layout.meanRowLength = std::min(mean, layout.meanRowLength);
    }
    const unsigned segments = unsigned((std::uint64_t(numPost) + kSegmentTargets - 1) / kSegmentTargets);
    // Column-built rows count their segment starts with atomic adds, which OpenCL has only for
    // 32-bit words.
    const unsigned startBits = layout.maxRowLength <= 0xFFFF && snippet.colBuildCode.empty() ? 16 : 32;
    // Segment starts cost (segments - 1) words a row; 16-bit indices save 2 bytes a synapse.
    const bool segmentsPay = segments <= kMaxSegments &&
                             std::uint64_t(segments - 1) * startBits / 8 < 2 * layout.maxRowLength;
    if (segments <= 1 || segmentsPay) {
        layout.indexBits = 16;
        layout.segments = std::max(segments, 1u);
        layout.segmentStartBits = startBits;
    }
    return layout;
}

std::string describe(const ConnectivityLayout& layout)
{
    if (layout.format == ConnectivityFormat::Dense)
        return "dense";
    std::string text = "sparse CSR, " + std::to_string(layout.indexBits) + "-bit indices";
    if (layout.segments > 1)
        text += " in " + std::to_string(layout.segments) + " segments of 65,536 targets";
    return text;
}

DensePropagation chooseDensePropagation(std::uint32_t numPre, std::uint32_t numPost, double expectedRateHz,
                                        double dtMs, const DenseProductCosts& costs)
{
    if (!costs.hasMatrixVector || std::uint64_t(numPre) * numPost < costs.minWeights)
        return DensePropagation::PerSpike;
    const double spikeFraction = expectedRateHz * dtMs * 1e-3;
    return spikeFraction > costs.breakEvenSpikeFraction ? DensePropagation::MatrixVector : DensePropagation::PerSpike;
}

} // namespace spikegen
