// The E/I-clustered attractor network (models/networks/clustered.cpp) with its parameters open to
// change: the number of clusters and the clustering strength.
#pragma once
#include "models/networks/standard_networks.h"

namespace spikegen::models {

struct ClusteredParameters {
    std::uint32_t clusters = 20;
    // J+ of excitatory -> excitatory synapses within a cluster (1: an unclustered balanced network).
    double excitatoryJPlus = 6.0;
    // The other three projections use J+ = 1 + (excitatoryJPlus - 1) * inhibitoryRatio.
    double inhibitoryRatio = 0.82;
};

// `options.scale` multiplies both populations (4000 E, 1000 I); weights follow the 1/sqrt(K)
// scaling of balanced networks, so the activity keeps its character at any size.
std::unique_ptr<Network> makeClustered(const StandardNetworkOptions& options, const ClusteredParameters& parameters);

} // namespace spikegen::models
