// What the networks of Brette et al. (2007) share (COBA, benchmark 1; COBAHH, benchmark 3): groups E
// and I with random connectivity of probability 0.02 (80 inputs a neuron at any scale) through
// exponential conductances (6 nS / 5 ms / 0 mV excitatory, 67 nS / 10 ms / -80 mV inhibitory).
#pragma once
#include "core/model/network.h"
#include "models/networks/standard_networks.h"

namespace spikegen::models {

// Initial conductances of every neuron's excitatory and inhibitory input, N(mean, sd) in uS.
struct Brette2007InitialConductances {
    double excitatoryMean, excitatorySd, inhibitoryMean, inhibitorySd;
};

// The four projections EE, EI, IE, II; with `plasticExcitatory`, additive STDP on EE (coba-stdp).
void addBrette2007Synapses(Network& net, const StandardNetworkOptions& options, const Brette2007InitialConductances& g,
                           bool plasticExcitatory);

} // namespace spikegen::models
