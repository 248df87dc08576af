// Brunel (2000), "Dynamics of sparsely connected networks of excitatory and inhibitory spiking
// neurons", J Comput Neurosci 8:183-208, model A, in the four states of its figure 8.
//
// N_E = 10000 excitatory and N_I = 2500 inhibitory LIF neurons with delta synapses: tau = 20 ms,
// threshold theta = 20 mV, reset V_r = 10 mV, resting potential 0 mV, refractory period 2 ms (V
// held at V_r, inputs ignored). Connection probability epsilon = 0.1: C_E = 1000 excitatory and
// C_I = 250 inhibitory inputs per neuron. A spike makes the target's V jump by J = 0.1 mV
// (excitatory) or -g J (inhibitory) after the delay D = 1.5 ms. External drive: every neuron gets
// C_E independent Poisson trains of rate nu_ext = eta nu_thr, each spike a jump of J, where
// nu_thr = theta / (J C_E tau) = 10 Hz is the rate that brings the mean input to threshold.
//
//   brunel-sr       g = 3,   eta = 2    synchronous regular (fig. 8A)
//   brunel-si-fast  g = 6,   eta = 4    synchronous irregular, fast oscillation (fig. 8B)
//   brunel-ai       g = 5,   eta = 2    asynchronous irregular (fig. 8C)
//   brunel-si-slow  g = 4.5, eta = 0.9  synchronous irregular, slow oscillation (fig. 8D)
//
// As in the paper every neuron has exactly C_E excitatory and C_I inhibitory sources, drawn
// without replacement (init::FixedNumberPre). Differences from the paper: the initial V is uniform
// in [0, 20) mV (the paper does not give it). At `scale` < 1, C_E and C_I are kept (all-to-all
// below scale 0.1, where in-degrees become N_E and N_I). The delay is rounded to whole steps of dt
// (1.5 ms at the default 0.1 ms).
//
// Units: ms, mV (LIFDelta's input is the sum of the voltage jumps of a step).
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/synapses.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace spikegen::models {

std::unique_ptr<Network> makeBrunel(BrunelState state, const StandardNetworkOptions& options)
{
    struct Setting { const char* name; double g, eta; };
    // Network names are identifiers (core/model/safe_names.h); the CLI names use '-'.
    const Setting settings[] = {{"brunel_sr", 3.0, 2.0}, {"brunel_ai", 5.0, 2.0},
                                {"brunel_si_fast", 6.0, 4.0}, {"brunel_si_slow", 4.5, 0.9}};
    const Setting& setting = settings[static_cast<int>(state)];
    const double epsilon = 0.1, inputsE = 1000.0, J = 0.1, delayMs = 1.5;
    const double tau = 20.0, theta = 20.0;
    const double nuThresholdHz = theta / (J * inputsE * tau) * 1000.0;

    auto net = std::make_unique<Network>(setting.name, NetworkOptions{options.dt, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(10000 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(2500 * options.scale));
    const ParamValues lif = {{"TauM", tau}, {"Vrest", 0.0}, {"Vreset", 10.0}, {"Vthresh", theta}, {"TauRefrac", 2.0}};
    const VarInits lifInit = {{"V", init::Uniform(0.0, theta)}, {"RefracTime", 0.0}};
    for (auto [name, size] : {std::pair{"E", numExc}, std::pair{"I", numInh}}) {
        net->addNeuronGroup(name, size, LIFDelta(), lif, lifInit).setSpikeRecording(options.recordSpikes);
        net->addCurrentSource(std::string("external") + name, name, PoissonInput(),
                              {{"weight", J}, {"rate", setting.eta * nuThresholdHz}, {"inputs", inputsE}});
    }

    // A spike reaches its targets one step after it is emitted, plus the axonal delay.
    const int delaySteps = std::max(0, int(std::lround(delayMs / options.dt)) - 1);
    // C_E = epsilon N_E and C_I = epsilon N_I of the full network, at most the whole source group.
    const auto inputsFrom = [&](std::uint32_t sourceSize, double fullSize) {
        return std::min<double>(sourceSize, std::round(epsilon * fullSize));
    };
    const std::pair<const char*, double> sources[] = {{"E", J}, {"I", -setting.g * J}};
    for (auto [source, weight] : sources)
        for (const char* target : {"E", "I"}) {
            const bool excitatory = std::string(source) == "E";
            SynapseSpec spec;
            spec.source = source;
            spec.target = target;
            spec.weightUpdate = {StaticPulseConstantWeight(), {{"g", weight}}, {}};
            spec.postsynaptic = {DeltaCurr(), {}, {}};
            spec.connectivity = init::FixedNumberPre(excitatory ? inputsFrom(numExc, 10000) : inputsFrom(numInh, 2500));
            spec.axonalDelaySteps = delaySteps;
            net->addSynapseGroup(std::string(source) + target, spec);
        }
    return net;
}

} // namespace spikegen::models
