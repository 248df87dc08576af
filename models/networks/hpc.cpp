// The balanced random network of NEST's hpc_benchmark (Kunkel et al. 2014; pynest/examples/
// hpc_benchmark.py), the network NEST uses to measure weak scaling on supercomputers: `hpc` with
// every synapse static, `hpc-stdp` with power-law STDP on E->E as NEST's (lambda 0.1, alpha 0.0513,
// mu 0.4, tau+ 15 ms, tau- 30 ms, NEST's weights in pA; docs/reference_models.md says where it and
// NEST part).
//
// N_E = 9000 scale excitatory and N_I = 2250 scale inhibitory current-based LIF neurons with alpha
// synaptic currents (NEST's iaf_psc_alpha): C_m = 250 pF, tau_m = 10 ms, rest and reset 0 mV,
// threshold 20 mV, refractory period 0.5 ms, tau_syn = 0.32582722403722841 ms (a PSP rise time of
// 1.700759 ms). Every neuron has fixed in-degrees C_E = 9000 from E and C_I = 2250 from I at any
// scale, multapses allowed (so the in-degrees stay at small scales too). A spike's PSP peaks at
// J = 0.14 mV (excitatory) or -5 J (inhibitory), 1.5 ms after the spike. External drive: per neuron
// one Poisson train of rate eta nu_thr C_E (eta = 1.685) with the excitatory weight, where nu_thr
// brings the mean input to threshold. Initial V normal with mean 5.7 mV and sd 7.2 mV.
//
// Differences from NEST: autapses are possible (on average one input in 9,000 at scale 1), delays
// are whole steps (1.5 ms at the default dt), and the alpha currents are integrated per step as
// AlphaCurr does, not exactly. The learning rule times spikes as NEST's does (a post spike up to
// 1.5 ms before a pre spike potentiates) through a back-propagation delay, its weight changes
// 1.4 ms later than NEST's.
//
// Units here: nF, mV, ms, nA (weights in nA; R = tau_m / C = 40 MOhm).
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/synapses.h"

#include <algorithm>
#include <cmath>

namespace spikegen::models {
namespace {

// The peak of the PSP (mV) of a 1 nA alpha current (peak 1 nA at t = tauSyn) into a LIF neuron at
// rest: V(t) = e / (tauSyn C b) ((exp(-t / tauM) - exp(-t / tauSyn)) / b - t exp(-t / tauSyn)) with
// b = 1 / tauSyn - 1 / tauM, maximised over t by golden-section search (one maximum).
double alphaPspPeak(double tauM, double tauSyn, double capacitance)
{
    const double b = 1.0 / tauSyn - 1.0 / tauM;
    auto v = [&](double t) {
        return std::exp(1.0) / (tauSyn * capacitance * b) *
               ((std::exp(-t / tauM) - std::exp(-t / tauSyn)) / b - t * std::exp(-t / tauSyn));
    };
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    double lo = 0.0, hi = 10.0 * tauM;
    for (int i = 0; i < 200; ++i) {
        const double a = hi - ratio * (hi - lo), c = lo + ratio * (hi - lo);
        if (v(a) < v(c))
            lo = a; // the maximum lies right of a
        else
            hi = c;
    }
    return v((lo + hi) / 2.0);
}

} // namespace

std::unique_ptr<Network> makeHpc(const StandardNetworkOptions& options, bool plastic)
{
    const double capacitance = 0.25, tauM = 10.0, threshold = 20.0, tauSyn = 0.32582722403722841;
    const double pspPeak = 0.14, g = 5.0, eta = 1.685, delayMs = 1.5;
    const double inputsE = 9000.0, inputsI = 2250.0;
    const double weightE = pspPeak / alphaPspPeak(tauM, tauSyn, capacitance); // nA (NEST: 45.61 pA)
    // The rate (kHz) of C_E sources of weight J whose mean current brings V to threshold.
    const double nuThresholdKhz = threshold / (inputsE * tauM / capacitance * weightE * std::exp(1.0) * tauSyn);

    auto net = std::make_unique<Network>(plastic ? "hpc_stdp" : "hpc",
                                         NetworkOptions{options.dt, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(9000 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(2250 * options.scale));
    const ParamValues lif = {{"C", capacitance}, {"TauM", tauM},    {"Vrest", 0.0},     {"Vreset", 0.0},
                             {"Vthresh", threshold}, {"Ioffset", 0.0}, {"TauRefrac", 0.5}};
    const VarInits lifInit = {{"V", init::Normal(5.7, 7.2)}, {"RefracTime", 0.0}};
    for (auto [name, size] : {std::pair{"E", numExc}, std::pair{"I", numInh}}) {
        net->addNeuronGroup(name, size, LIF(), lif, lifInit).setSpikeRecording(options.recordSpikes);
        net->addCurrentSource(std::string("external") + name, name, PoissonAlphaCurr(),
                              {{"weight", weightE},
                               {"tau", tauSyn},
                               {"rate", eta * nuThresholdKhz * 1000.0},
                               {"inputs", inputsE}});
    }

    // A spike reaches its targets one step after it is emitted, plus the axonal delay.
    const int delaySteps = std::max(0, int(std::lround(delayMs / options.dt)) - 1);
    const std::pair<const char*, double> sources[] = {{"E", weightE}, {"I", -g * weightE}};
    for (auto [source, weight] : sources)
        for (const char* target : {"E", "I"}) {
            const bool excitatory = std::string(source) == "E";
            SynapseSpec spec;
            spec.source = source;
            spec.target = target;
            if (plastic && excitatory && std::string(target) == "E")
                spec.weightUpdate = {STDPPowerLaw(),
                                     {{"tauPlus", 15.0},
                                      {"tauMinus", 30.0},
                                      {"lambda", 0.1 * options.learningRateScale},
                                      {"alpha", 0.0513},
                                      {"mu", 0.4},
                                      {"w0", 0.001}}, // NEST's pA, in nA
                                     {{"w", weight}}};
            else
                spec.weightUpdate = {StaticPulseConstantWeight(), {{"g", weight}}, {}};
            spec.postsynaptic = {AlphaCurr(), {{"tau", tauSyn}}, {}};
            spec.connectivity = init::FixedNumberPreWithReplacement(excitatory ? inputsE : inputsI);
            spec.axonalDelaySteps = delaySteps;
            // NEST's STDP synapse sees a presynaptic spike when it is emitted and a postsynaptic one
            // its dendritic delay (all of the 1.5 ms) later; here the pre spike arrives delaySteps
            // after emission, so the post spike must reach the rule delaySteps + 1.5 ms after its.
            if (plastic && excitatory && std::string(target) == "E")
                spec.backPropDelaySteps = 2 * delaySteps + 1;
            net->addSynapseGroup(std::string(source) + target, spec);
        }
    return net;
}

} // namespace spikegen::models
