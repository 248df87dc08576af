// CUBA: Brette et al. (2007) benchmark 2, with the parameters of Brian2's CUBA example.
//
// 4000 LIF neurons (3200 excitatory, 800 inhibitory), random connectivity with probability 0.02,
// dt 0.1 ms, tau_m = 20 ms, resting potential -49 mV (above the -50 mV threshold, so the neurons
// fire without input), reset -60 mV, refractory period 5 ms. Synaptic currents jump by
// w_e = 60 * 0.27 / 10 = 1.62 mV and w_i = -20 * 4.5 / 10 = -9 mV (as voltage drive, R * I) and
// decay with 5 ms and 10 ms. Initial V uniform in [-60, -50] mV, currents 0. The network settles
// into asynchronous irregular activity at a few Hz.
//
// Units here: nF, mV, ms, nA with R = tau_m / C = 100 MOhm, so a weight of w mV is w / 100 nA.
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/synapses.h"

#include <cmath>

namespace spikegen::models {

std::unique_ptr<Network> makeCUBA(const StandardNetworkOptions& options)
{
    auto net = std::make_unique<Network>("cuba", NetworkOptions{options.dt, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(3200 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(800 * options.scale));
    const double resistance = 100.0; // MOhm
    const ParamValues lif = {{"C", 0.2},        {"TauM", 20.0}, {"Vrest", -49.0},    {"Vreset", -60.0},
                             {"Vthresh", -50.0}, {"Ioffset", 0.0}, {"TauRefrac", 5.0}};
    const VarInits lifInit = {{"V", init::Uniform(-60.0, -50.0)}, {"RefracTime", 0.0}};
    for (auto [name, size] : {std::pair{"E", numExc}, std::pair{"I", numInh}})
        net->addNeuronGroup(name, size, LIF(), lif, lifInit).setSpikeRecording(options.recordSpikes);

    const double prob = 0.02 / options.scale; // 80 inputs per neuron on average at any scale
    struct Input { const char* source; double weightMillivolt, tau; };
    const Input inputs[] = {{"E", 60.0 * 0.27 / 10.0, 5.0}, {"I", -20.0 * 4.5 / 10.0, 10.0}};
    for (const Input& in : inputs)
        for (const char* target : {"E", "I"}) {
            SynapseSpec spec;
            spec.source = in.source;
            spec.target = target;
            spec.weightUpdate = options.individualWeights
                                    ? ModelInstance<WeightUpdateModel>{StaticPulse(), {}, {{"g", in.weightMillivolt / resistance}}}
                                    : ModelInstance<WeightUpdateModel>{StaticPulseConstantWeight(), {{"g", in.weightMillivolt / resistance}}, {}};
            spec.postsynaptic = {ExpCurr(), {{"tau", in.tau}}, {}};
            spec.connectivity = init::FixedProbability(prob);
            net->addSynapseGroup(std::string(in.source) + target, spec);
        }
    return net;
}

} // namespace spikegen::models
