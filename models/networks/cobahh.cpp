// COBAHH: Brette et al. (2007), "Simulation of networks of spiking neurons: a review of tools and
// strategies", J Comput Neurosci 23:349-398, benchmark 3, with the parameters and initial values of
// Brian2's COBAHH example.
//
// 4000 Hodgkin-Huxley neurons with Traub-Miles channels (3200 excitatory, 800 inhibitory), random
// connectivity with probability 0.02, no external input, dt 0.1 ms. Membrane (area 20,000 um^2):
// C = 1 uF/cm^2 (0.2 nF), g_L = 5e-5 S/cm^2 (0.01 uS), E_L = -60 mV, g_Na = 100 mS/cm^2 (20 uS),
// g_K = 30 mS/cm^2 (6 uS), E_Na = 50 mV, E_K = -90 mV, V_T = -63 mV; a spike is V rising above
// -20 mV. Synapses: conductances jumping by 6 nS (excitatory) and 67 nS (inhibitory), decaying with
// 5 ms and 10 ms, reversal potentials 0 mV and -80 mV. Initial state: V ~ N(-65 mV, 5 mV),
// g_e ~ N(40, 15) nS, g_i ~ N(200, 120) nS, gates m = h = n = 0 (Brian2's example leaves them at 0).
// Rates measured against Brian2: docs/reference_models.md.
//
// Units here: nF, mV, ms, uS, nA.
#include "models/init_snippets.h"
#include "models/networks/brette2007.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"

#include <cmath>

namespace spikegen::models {

std::unique_ptr<Network> makeCOBAHH(const StandardNetworkOptions& options)
{
    auto net = std::make_unique<Network>("cobahh", NetworkOptions{options.dt, options.precision, options.seed});
    const auto numExc = static_cast<std::uint32_t>(std::lround(3200 * options.scale));
    const auto numInh = static_cast<std::uint32_t>(std::lround(800 * options.scale));
    const ParamValues hh = {{"C", 0.2},    {"gL", 0.01},  {"EL", -60.0}, {"ENa", 50.0},      {"EK", -90.0},
                            {"gNa", 20.0}, {"gK", 6.0},   {"VT", -63.0}, {"Vthresh", -20.0}, {"Ioffset", 0.0}};
    const VarInits hhInit = {{"V", init::Normal(-65.0, 5.0)}, {"m", 0.0}, {"h", 0.0}, {"n", 0.0}};
    for (auto [name, size] : {std::pair{"E", numExc}, std::pair{"I", numInh}})
        net->addNeuronGroup(name, size, HodgkinHuxley(), hh, hhInit).setSpikeRecording(options.recordSpikes);

    // Brian2's example: g_e ~ N(40, 15) nS, g_i ~ N(200, 120) nS.
    addBrette2007Synapses(*net, options, {0.04, 0.015, 0.2, 0.12}, false);
    return net;
}

} // namespace spikegen::models
