// The network a command names: a standard network (models::standardNetworks()) or a model file.
#pragma once
#include "core/model/network.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace spikegen::tools {

struct NetworkRequest {
    std::string target;                 // a standard network's name or a path ending in .json
    std::optional<std::uint64_t> seed;  // standard networks: 1234 when not given; files: their own
    std::optional<double> scale;        // standard networks only
    std::optional<double> inDegreeScale; // the microcircuits only
    bool individualWeights = false;     // standard networks only (COBA, CUBA)
    bool deterministic = false;         // turns NetworkOptions::deterministic on (files: else their own)
};

// Help of `--deterministic` (run and bench).
inline constexpr const char* kDeterministicHelp =
    "sum synaptic input in fixed point: the same spikes and variables, bit for bit, on every backend and thread "
    "count (docs/user_guide.md); model files may turn it on themselves";

// Throws spikegen::Error for an unknown name (listing the known ones), a bad file, or an option
// that does not apply to a model file.
std::unique_ptr<Network> loadNetwork(const NetworkRequest& request);

} // namespace spikegen::tools
