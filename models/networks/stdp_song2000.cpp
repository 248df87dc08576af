// stdp-song2000: Song, Miller & Abbott (2000), as in Brian2's STDP example.
//
// 1000 Poisson inputs ("Input") at 15 Hz drive one conductance-based LIF neuron ("Neuron") through
// additive all-to-all STDP synapses ("InputNeuron", weight "w"). Neuron: tau_m dV/dt = El - V +
// ge (Ee - V), tau_m = 10 ms, El = -74 mV, Ee = 0 mV, threshold -54 mV, reset -60 mV, no
// refractory period (spikegen's LIF integrates V exactly over a step with the input held, Brian2's
// example uses Euler); ge jumps by w at each input spike and decays with tau_e = 5 ms. STDP:
// tau+ = tau- = 20 ms, A+ = 0.01 gmax, A- = 1.05 A+ (the 5 % bias towards depression),
// gmax = 0.01, weights uniform in [0, gmax] at the start. After 100 s the weights are bimodal:
// most near 0 or near gmax (Song et al. 2000, fig. 2).
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/synapses.h"

#include <algorithm>
#include <cmath>

namespace spikegen::models {

std::unique_ptr<Network> makeStdpSong2000(const StandardNetworkOptions& options)
{
    auto net = std::make_unique<Network>("stdp_song2000", NetworkOptions{options.dt, options.precision, options.seed});
    const auto inputs = static_cast<std::uint32_t>(std::lround(1000 * options.scale));
    const double gmax = 0.01, aPlus = 0.01 * gmax * options.learningRateScale;
    net->addNeuronGroup("Input", std::max<std::uint32_t>(inputs, 1), Poisson(), {{"rate", 15.0}}, {})
        .setSpikeRecording(options.recordSpikes);
    // LIF with C = TauM, so that R = 1 and its input current is ge (Ee - V) in mV.
    net->addNeuronGroup("Neuron", 1, LIF(),
                        {{"C", 10.0}, {"TauM", 10.0}, {"Vrest", -74.0}, {"Vreset", -60.0}, {"Vthresh", -54.0},
                         {"Ioffset", 0.0}, {"TauRefrac", 0.0}},
                        {{"V", -60.0}, {"RefracTime", 0.0}})
        .setSpikeRecording(options.recordSpikes);
    SynapseSpec spec;
    spec.source = "Input";
    spec.target = "Neuron";
    spec.weightUpdate = {STDPAdditive(),
                         {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", aPlus}, {"Aminus", 1.05 * aPlus},
                          {"wMin", 0.0}, {"wMax", gmax}},
                         {{"w", init::Uniform(0.0, gmax)}}};
    spec.postsynaptic = {ExpCond(), {{"tau", 5.0}, {"E", 0.0}}, {}};
    spec.connectivity = init::Dense();
    net->addSynapseGroup("InputNeuron", spec);
    return net;
}

} // namespace spikegen::models
