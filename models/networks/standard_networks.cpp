#include "models/networks/standard_networks.h"

#include "core/error.h"

namespace spikegen::models {

const std::vector<StandardNetwork>& standardNetworks()
{
    static const std::vector<StandardNetwork> networks = {
        {"coba", "Brette et al. 2007 benchmark 1: 4000 LIF neurons, conductance-based exponential synapses", makeCOBA},
        {"coba-stdp", "COBA with additive STDP on the E->E synapses (slow learning): the cost of plasticity",
         makeCOBAPlastic},
        {"cobahh", "Brette et al. 2007 benchmark 3: 4000 Hodgkin-Huxley neurons (Traub-Miles), conductance-based "
                   "exponential synapses", makeCOBAHH},
        {"cuba", "Brette et al. 2007 benchmark 2: 4000 LIF neurons, current-based exponential synapses", makeCUBA},
        {"microcircuit", "Potjans & Diesmann 2014 cortical microcircuit: 77,169 LIF neurons in 8 populations, "
                         "0.3e9 synapses, 8 Hz Poisson background", makeMicrocircuit},
        {"microcircuit-dc", "Potjans & Diesmann 2014 cortical microcircuit: 77,169 LIF neurons in 8 populations, "
                            "0.3e9 synapses, DC background", makeMicrocircuitDC},
        {"clustered", "Rostami et al. E/I-clustered network: 5000 LIF neurons in 20 E/I clusters, "
                      "within-cluster weights x J+", makeClustered},
        {"brunel-sr", "Brunel 2000 model A, g = 3, eta = 2: synchronous regular; 12,500 LIF neurons, delta synapses",
         [](const StandardNetworkOptions& o) { return makeBrunel(BrunelState::SynchronousRegular, o); }},
        {"brunel-ai", "Brunel 2000 model A, g = 5, eta = 2: asynchronous irregular",
         [](const StandardNetworkOptions& o) { return makeBrunel(BrunelState::AsynchronousIrregular, o); }},
        {"brunel-si-fast", "Brunel 2000 model A, g = 6, eta = 4: synchronous irregular, fast oscillation",
         [](const StandardNetworkOptions& o) { return makeBrunel(BrunelState::SynchronousIrregularFast, o); }},
        {"brunel-si-slow", "Brunel 2000 model A, g = 4.5, eta = 0.9: synchronous irregular, slow oscillation",
         [](const StandardNetworkOptions& o) { return makeBrunel(BrunelState::SynchronousIrregularSlow, o); }},
        {"hpc", "NEST's hpc_benchmark balanced network, static synapses: 11,250 LIF neurons per unit of --scale, "
                "alpha currents, in-degrees 9,000 (E) and 2,250 (I), 1.5 ms delays",
         [](const StandardNetworkOptions& o) { return makeHpc(o, false); }},
        {"hpc-stdp", "hpc with NEST's power-law STDP on the E->E synapses",
         [](const StandardNetworkOptions& o) { return makeHpc(o, true); }},
        {"izhikevich", "Izhikevich 2003: 1000 heterogeneous Izhikevich neurons, all-to-all, thalamic noise, dt 1 ms",
         makeIzhikevich2003},
        {"stdp-song2000", "Song, Miller & Abbott 2000: 1000 Poisson inputs at 15 Hz onto one conductance-based LIF "
                          "neuron through additive STDP; the weights become bimodal", makeStdpSong2000},
    };
    return networks;
}

std::unique_ptr<Network> makeStandardNetwork(const std::string& name, const StandardNetworkOptions& options)
{
    std::string known;
    for (const auto& n : standardNetworks()) {
        if (n.name == name)
            return n.build(options);
        known += (known.empty() ? "" : ", ") + n.name;
    }
    throw Error("unknown network '" + name + "' (known networks: " + known + ")");
}

} // namespace spikegen::models
