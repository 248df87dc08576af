// Izhikevich (2003), "Simple model of spiking neurons", IEEE Trans Neural Netw 14:1569-1572: the
// network of its figure 3 (the MATLAB program in the paper).
//
// 800 excitatory neurons (a = 0.02, b = 0.2, c = -65 + 15 r^2, d = 8 - 6 r^2) and 200 inhibitory
// ones (a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65, d = 2), r uniform in [0, 1] and drawn once
// per neuron, so that c and d (or a and b) of a neuron share it. All-to-all connectivity, self
// connections included, with weights 0.5 * rand (from excitatory neurons) and -rand (from
// inhibitory ones); a spike adds its weight to the target's input in the next step. Random
// thalamic input 5 * randn (excitatory) and 2 * randn (inhibitory) every step. v = -65 and u = b v
// initially. The paper updates every 1 ms with two half steps for v, which IzhikevichVariable does
// at dt = 1 ms: this network always uses dt = 1 ms (options.dt is ignored), since its noise and
// integration scheme are defined per millisecond.
//
// The shared r comes from shared_uniform() (models/shared_draw_snippets.h); u = b v is written out
// as a function of the same r (v starts at -65 everywhere). At `scale` < 1 the weights grow by
// 1 / scale so that every neuron keeps the published total synaptic drive.
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/shared_draw_snippets.h"
#include "models/synapses.h"

#include <cmath>

namespace spikegen::models {

std::unique_ptr<Network> makeIzhikevich2003(const StandardNetworkOptions& options)
{
    auto net = std::make_unique<Network>("izhikevich", NetworkOptions{1.0, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(800 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(200 * options.scale));
    const double v0 = -65.0;
    const VarInits exc = {{"V", v0},
                          {"U", 0.2 * v0},
                          {"a", 0.02},
                          {"b", 0.2},
                          {"c", init::SharedUniformSquared(-65.0, -50.0)},
                          {"d", init::SharedUniformSquared(8.0, 2.0)}};
    const VarInits inh = {{"V", v0},
                          {"U", init::SharedUniform(0.25 * v0, 0.20 * v0)}, // b v with the b below
                          {"a", init::SharedUniform(0.02, 0.10)},
                          {"b", init::SharedUniform(0.25, 0.20)},
                          {"c", -65.0},
                          {"d", 2.0}};
    net->addNeuronGroup("E", numExc, IzhikevichVariable(), {}, exc).setSpikeRecording(options.recordSpikes);
    net->addNeuronGroup("I", numInh, IzhikevichVariable(), {}, inh).setSpikeRecording(options.recordSpikes);
    net->addCurrentSource("thalamusE", "E", GaussianNoise(), {{"mean", 0.0}, {"sd", 5.0}});
    net->addCurrentSource("thalamusI", "I", GaussianNoise(), {{"mean", 0.0}, {"sd", 2.0}});

    for (auto [source, weights] : {std::pair{"E", init::Uniform(0.0, 0.5 / options.scale)},
                                   std::pair{"I", init::Uniform(-1.0 / options.scale, 0.0)}})
        for (const char* target : {"E", "I"}) {
            SynapseSpec spec;
            spec.source = source;
            spec.target = target;
            spec.weightUpdate = {StaticPulse(), {}, {{"g", weights}}};
            spec.postsynaptic = {DeltaCurr(), {}, {}};
            spec.connectivity = init::Dense();
            net->addSynapseGroup(std::string(source) + target, spec);
        }
    return net;
}

} // namespace spikegen::models
