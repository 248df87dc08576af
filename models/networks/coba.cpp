// COBA: Brette et al. (2007), "Simulation of networks of spiking neurons: a review of tools and
// strategies", J Comput Neurosci 23:349-398, benchmark 1.
//
// 4000 LIF neurons (3200 excitatory, 800 inhibitory), random connectivity with probability 0.02,
// no external input, dt 0.1 ms. Membrane: C = 200 pF, g_L = 10 nS (tau_m = 20 ms), E_L = -60 mV,
// threshold -50 mV, reset -60 mV, refractory period 5 ms. Synapses: conductances jumping by 6 nS
// (excitatory) and 67 nS (inhibitory), decaying with 5 ms and 10 ms, reversal potentials 0 mV and
// -80 mV. Initial state as in the paper's Brian script: V ~ N(-65 mV, 5 mV), g_e ~ N(4, 1.5) g_L and
// g_i ~ N(20, 12) g_L. With these initial conditions the network is bistable: depending on the seed
// activity dies out early or sustains itself (docs/reference_models.md).
//
// Units here: nF, mV, ms, uS, nA (so the leak conductance is 0.01 uS).
//
// coba-stdp is the same network with additive STDP on E->E (models/plasticity.h): weights start at
// 6 nS, bounded to [0, 12] nS, and move by 0.1 % of the start per pair (tau 20 ms, 5 % more
// depression): slow enough to leave the activity of a run of seconds as it is, for measuring what
// plasticity costs against the static network (docs/benchmarks.md).
#include "models/init_snippets.h"
#include "models/networks/brette2007.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/synapses.h"

#include <cmath>

namespace spikegen::models {

void addBrette2007Synapses(Network& net, const StandardNetworkOptions& options, const Brette2007InitialConductances& g,
                           bool plasticExcitatory)
{
    // Keep 80 inputs per neuron on average (64 excitatory, 16 inhibitory) at any scale.
    const double prob = 0.02 / options.scale;
    struct Input { const char* source; double weight, tau, reversal, initMean, initSd; };
    const Input inputs[] = {{"E", 6.0e-3, 5.0, 0.0, g.excitatoryMean, g.excitatorySd},
                            {"I", 67.0e-3, 10.0, -80.0, g.inhibitoryMean, g.inhibitorySd}};
    for (const Input& in : inputs)
        for (const char* target : {"E", "I"}) {
            SynapseSpec spec;
            spec.source = in.source;
            spec.target = target;
            spec.weightUpdate = options.individualWeights
                                    ? ModelInstance<WeightUpdateModel>{StaticPulse(), {}, {{"g", in.weight}}}
                                    : ModelInstance<WeightUpdateModel>{StaticPulseConstantWeight(), {{"g", in.weight}}, {}};
            if (plasticExcitatory && std::string(in.source) == "E" && std::string(target) == "E") {
                const double a = 1e-3 * in.weight * options.learningRateScale;
                spec.weightUpdate = {STDPAdditive(),
                                     {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", a}, {"Aminus", 1.05 * a},
                                      {"wMin", 0.0}, {"wMax", 2.0 * in.weight}},
                                     {{"w", in.weight}}};
            }
            // Every neuron has one excitatory and one inhibitory input projection, whose
            // conductance starts at a random value.
            spec.postsynaptic = {ExpCond(),
                                 {{"tau", in.tau}, {"E", in.reversal}},
                                 {{"gSyn", init::Normal(in.initMean, in.initSd)}}};
            spec.connectivity = init::FixedProbability(prob);
            net.addSynapseGroup(std::string(in.source) + target, spec);
        }
}

namespace {

std::unique_ptr<Network> buildCOBA(const StandardNetworkOptions& options, bool plasticExcitatory)
{
    auto net = std::make_unique<Network>(plasticExcitatory ? "coba_stdp" : "coba",
                                         NetworkOptions{options.dt, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(3200 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(800 * options.scale));
    const double gLeak = 0.01; // uS
    const ParamValues lif = {{"C", 0.2},        {"TauM", 20.0}, {"Vrest", -60.0},    {"Vreset", -60.0},
                             {"Vthresh", -50.0}, {"Ioffset", 0.0}, {"TauRefrac", 5.0}};
    const VarInits lifInit = {{"V", init::Normal(-65.0, 5.0)}, {"RefracTime", 0.0}};
    for (auto [name, size] : {std::pair{"E", numExc}, std::pair{"I", numInh}})
        net->addNeuronGroup(name, size, LIF(), lif, lifInit).setSpikeRecording(options.recordSpikes);

    // The paper's initial conductances, given in units of g_L.
    addBrette2007Synapses(*net, options, {4.0 * gLeak, 1.5 * gLeak, 20.0 * gLeak, 12.0 * gLeak}, plasticExcitatory);
    return net;
}

} // namespace

std::unique_ptr<Network> makeCOBA(const StandardNetworkOptions& options) { return buildCOBA(options, false); }
std::unique_ptr<Network> makeCOBAPlastic(const StandardNetworkOptions& options) { return buildCOBA(options, true); }

} // namespace spikegen::models
