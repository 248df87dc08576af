#include "core/connectivity/layout.h"

#include "core/model/groups.h"

namespace spikegen {

ConnectivityLayout chooseLayout(const SynapseGroup& group)
{
    ConnectivityLayout layout;
    const auto& snippet = group.connectivity().snippet;
    const std::uint32_t numPost = group.target().size();
    if (snippet.dense) {
        layout.format = ConnectivityFormat::Dense;
        layout.maxRowLength = numPost;
        return layout;
    }
    layout.format = ConnectivityFormat::Sparse;
    layout.indexBits = numPost < 65536 ? 16 : 32;
    layout.maxRowLength = snippet.maxRowLength
                              ? snippet.maxRowLength(group.source().size(), numPost, group.connectivity().params)
                              : numPost;
    return layout;
}

std::string describe(const ConnectivityLayout& layout)
{
    if (layout.format == ConnectivityFormat::Dense)
        return "dense";
    return "sparse CSR, " + std::to_string(layout.indexBits) + "-bit indices";
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
