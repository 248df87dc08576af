// The measurement behind `spikegen bench`: build cold and cached, initialise, simulate, count.
#pragma once
#include "core/backend/backend.h"
#include "core/model/network.h"

#include <nlohmann/json.hpp>

namespace spikegen::tools {

struct BenchmarkSettings {
    double durationMs = 1000; // biological time simulated per repeat (> 0)
    int repeats = 3;          // builds from the cache, initialisations and simulations (>= 1)
    std::uint32_t batch = 1;  // instances simulated together: the times are the whole batch's
};

// Builds `network` on `backend` once with the compile cache as it is (empty, for a cold build: see
// ScratchCache), then `repeats` times from the cache, each time initialising and simulating
// `durationMs`. Every neuron group must record its spikes (they give the rates and the synaptic
// events). Returns the numbers of a benchmark record (docs/benchmarks.md lists them): the fastest
// repeat's, with every repeat's times beside them.
nlohmann::json measureNetwork(const Network& network, Backend& backend, const BenchmarkSettings& settings);

} // namespace spikegen::tools
