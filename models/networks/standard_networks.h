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
    // Microcircuit: multiplies every neuron's number of inputs as well. Weights grow by
    // 1 / sqrt(inDegreeScale) and a DC current makes up the mean input lost, as in the NEST and GeNN
    // versions, so that a small machine can run a small network with the full-scale statistics.
    double inDegreeScale = 1.0;
    bool recordSpikes = true;
    // COBA/CUBA: keep every synapse's weight in memory (StaticPulse) instead of one weight per
    // projection; the same dynamics, for measuring the memory and speed of per-synapse weights.
    bool individualWeights = false;
    Precision precision = Precision::Float;
    double dt = 0.1; // ms
    // Plastic networks multiply their learning rates by this (a shorter run for the same shape of
    // learned weights, e.g. in tests).
    double learningRateScale = 1.0;
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
// COBA with additive STDP on E->E (models/networks/coba.cpp), for the cost of plasticity.
std::unique_ptr<Network> makeCOBAPlastic(const StandardNetworkOptions& options = {});
// Brette et al. (2007) benchmark 3 as in Brian2's COBAHH example: Hodgkin-Huxley neurons
// (models/networks/cobahh.cpp).
std::unique_ptr<Network> makeCOBAHH(const StandardNetworkOptions& options = {});
// Brette et al. (2007) benchmark 2 as in Brian2's CUBA example (models/networks/cuba.cpp).
std::unique_ptr<Network> makeCUBA(const StandardNetworkOptions& options = {});
// Potjans & Diesmann (2014) cortical microcircuit with Poisson or DC background
// (models/networks/microcircuit.cpp).
std::unique_ptr<Network> makeMicrocircuit(const StandardNetworkOptions& options = {});
std::unique_ptr<Network> makeMicrocircuitDC(const StandardNetworkOptions& options = {});
// Clustered E/I network after Rostami et al. with its default parameters (models/networks/clustered.h).
std::unique_ptr<Network> makeClustered(const StandardNetworkOptions& options = {});

// NEST's hpc_benchmark network: 11,250 scale LIF neurons with alpha currents, in-degrees 9,000 and
// 2,250, E->E power-law STDP if `plastic`, else static (models/networks/hpc.cpp).
std::unique_ptr<Network> makeHpc(const StandardNetworkOptions& options = {}, bool plastic = false);

// Brunel (2000) model A in one of the four states of its figure 8 (models/networks/brunel.cpp).
enum class BrunelState { SynchronousRegular, AsynchronousIrregular, SynchronousIrregularFast, SynchronousIrregularSlow };
std::unique_ptr<Network> makeBrunel(BrunelState state, const StandardNetworkOptions& options = {});
// Izhikevich (2003): 1000 heterogeneous Izhikevich neurons, all-to-all, thalamic noise, dt = 1 ms
// (models/networks/izhikevich.cpp).
std::unique_ptr<Network> makeIzhikevich2003(const StandardNetworkOptions& options = {});
// Song, Miller & Abbott (2000) as in Brian2's STDP example: 1000 Poisson inputs onto one neuron
// through additive STDP (models/networks/stdp_song2000.cpp).
std::unique_ptr<Network> makeStdpSong2000(const StandardNetworkOptions& options = {});

} // namespace spikegen::models
