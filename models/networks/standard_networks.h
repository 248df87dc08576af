// The standard networks, each built by name with the published parameters (see each file).
#pragma once
#include "core/model/network.h"

#include <functional>
#include <memory>
#include <vector>

namespace spikegen::models {

struct StandardNetworkOptions {
    std::uint64_t seed = 1234;
    // Multiplies the number of neurons; connection probabilities shrink so that every neuron keeps
    // the published number of inputs.
    double scale = 1.0;
    bool recordSpikes = true;
    // COBA/CUBA: keep every synapse's weight in memory (StaticPulse) instead of one weight per
    // projection; the same dynamics, for measuring the memory and speed of per-synapse weights.
    bool individualWeights = false;
    Precision precision = Precision::Float;
    double dt = 0.1; // ms
};

struct StandardNetwork {
    std::string name;
    std::string description;
    std::function<std::unique_ptr<Network>(const StandardNetworkOptions&)> build;
};

const std::vector<StandardNetwork>& standardNetworks();
// Throws spikegen::Error listing the known names when `name` is not one.
std::unique_ptr<Network> makeStandardNetwork(const std::string& name, const StandardNetworkOptions& options = {});

// Brette et al. (2007) benchmark 1: conductance-based LIF network (models/networks/coba.cpp).
std::unique_ptr<Network> makeCOBA(const StandardNetworkOptions& options = {});
// Brette et al. (2007) benchmark 2 as in Brian2's CUBA example (models/networks/cuba.cpp).
std::unique_ptr<Network> makeCUBA(const StandardNetworkOptions& options = {});

} // namespace spikegen::models
