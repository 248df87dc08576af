#include "models/networks/standard_networks.h"

#include "core/error.h"

namespace spikegen::models {

const std::vector<StandardNetwork>& standardNetworks()
{
    static const std::vector<StandardNetwork> networks = {
        {"coba", "Brette et al. 2007 benchmark 1: 4000 LIF neurons, conductance-based exponential synapses", makeCOBA},
        {"cuba", "Brette et al. 2007 benchmark 2: 4000 LIF neurons, current-based exponential synapses", makeCUBA},
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
