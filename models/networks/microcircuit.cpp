// Microcircuit: Potjans & Diesmann (2014), "The cell-type specific cortical microcircuit: relating
// structure and activity in a full-scale spiking network model", Cereb Cortex 24:785-806.
//
// 77,169 LIF neurons under 1 mm^2 of early sensory cortex in 8 populations:
//   L23E 20683, L23I 5834, L4E 21915, L4I 5479, L5E 4850, L5I 1065, L6E 14395, L6I 2948.
// Connection probabilities C (paper, Table 5; row: target, column: source):
//          L23E    L23I    L4E     L4I     L5E     L5I     L6E     L6I
//   L23E  0.1009  0.1689  0.0437  0.0818  0.0323  0       0.0076  0
//   L23I  0.1346  0.1371  0.0316  0.0515  0.0755  0       0.0042  0
//   L4E   0.0077  0.0059  0.0497  0.1350  0.0067  0.0003  0.0453  0
//   L4I   0.0691  0.0029  0.0794  0.1597  0.0033  0       0.1057  0
//   L5E   0.1004  0.0622  0.0505  0.0057  0.0831  0.3726  0.0204  0
//   L5I   0.0548  0.0269  0.0257  0.0022  0.0600  0.3158  0.0086  0
//   L6E   0.0156  0.0066  0.0211  0.0166  0.0572  0.0197  0.0396  0.2252
//   L6I   0.0364  0.0010  0.0034  0.0005  0.0277  0.0080  0.0658  0.1443
// C is the probability of at least one synapse between a pair; a projection has
// K = log(1 - C) / log(1 - 1 / (Npre * Npost)) synapses, drawn with replacement (multapses and
// autapses allowed): about 0.3e9 synapses in all.
// Neurons (NEST iaf_psc_exp): C = 250 pF, tau_m = 10 ms, E_L = -65 mV, V_th = -50 mV,
// V_reset = -65 mV, t_ref = 2 ms, V(0) ~ N(-58, 10) mV. Synapses: exponential currents with
// tau_syn = 0.5 ms; amplitude w = 87.8 pA (0.15 mV PSP), sd 10 %, inhibitory g = -4 times that,
// L4E -> L23E twice that; normal weights redrawn when they would change sign. Delays per synapse,
// normal, excitatory 1.5 +- 0.75 ms, inhibitory 0.8 +- 0.4 ms (the NEST and GeNN examples use
// 0.75 +- 0.375 ms), at least dt. Background: 8 Hz Poisson input through K_ext synapses of weight w,
//   K_ext: L23E 1600, L23I 1500, L4E 2100, L4I 1900, L5E 2000, L5I 1900, L6E 2900, L6I 2100,
// ("microcircuit", through PoissonExpCurr), or the paper's alternative ("microcircuit-dc"), its mean
// as a constant current 8 Hz * K_ext * w * tau_syn. dt = 0.1 ms.
//
// Scaling: `scale` multiplies every population; the synapse numbers K scale with the target
// population, so every neuron keeps the published in-degrees (only the pairwise connection
// probabilities grow, as 1 / scale). `inDegreeScale` multiplies the in-degrees too (K and K_ext);
// as in the NEST example, weights are divided by sqrt(inDegreeScale), which keeps the input's
// variance, and each population gets the mean input lost as a DC current:
//   I = tau_syn (1 - sqrt(inDegreeScale)) (sum over sources of w K_in nu_full + w K_ext 8 Hz),
// with nu_full the full-scale rates of the NEST reference:
//   L23E 0.971, L23I 2.868, L4E 4.746, L4I 5.396, L5E 8.142, L5I 9.078, L6E 0.991, L6I 7.523 Hz.
//
// Units here: nF, mV, ms, nA.
#include "core/error.h"
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/synapses.h"

#include <array>
#include <cmath>
#include <string>

namespace spikegen::models {
namespace {

constexpr int kPopulations = 8;
const std::array<const char*, kPopulations> kNames = {"L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"};
const std::array<double, kPopulations> kSizes = {20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948};
const std::array<double, kPopulations> kExternalInputs = {1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};
const std::array<double, kPopulations> kFullScaleRates = {0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523};
const double kConnectionProbability[kPopulations][kPopulations] = {
    {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
    {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
    {0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0},
    {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
    {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
    {0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0},
    {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
    {0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443},
};

constexpr double kWeight = 0.0878;          // nA, 0.15 mV PSP
constexpr double kRelativeWeightSd = 0.1;
constexpr double kInhibitoryFactor = -4.0;
constexpr double kTauSyn = 0.5;             // ms
constexpr double kBackgroundRate = 8.0;     // Hz per external input
constexpr double kDelaySdFactor = 5.0;      // delays beyond mean + 5 sd are redrawn (p < 3e-7)

bool isExcitatory(int population) { return population % 2 == 0; }

// Mean weight (nA) from source to target, before any scaling.
double meanWeight(int target, int source)
{
    const double w = kWeight * (isExcitatory(source) ? 1.0 : kInhibitoryFactor);
    return target == 0 && source == 2 ? 2.0 * w : w; // L4E -> L23E doubled
}

// Synapses of a projection at full size: the number that makes C the probability of at least one.
double fullSynapseCount(int target, int source)
{
    const double c = kConnectionProbability[target][source];
    const double pairs = kSizes[target] * kSizes[source];
    return std::log(1.0 - c) / std::log(1.0 - 1.0 / pairs);
}

// A normal weight that keeps its sign: redrawn where it would cross zero (10 sd away).
VarInit signKeepingWeight(double mean, double sd)
{
    const double far = 1e30;
    return mean > 0 ? init::NormalClipped(mean, sd, 0.0, far) : init::NormalClipped(mean, sd, -far, 0.0);
}

} // namespace

static std::unique_ptr<Network> buildMicrocircuit(const StandardNetworkOptions& options, bool poissonBackground)
{
    auto net = std::make_unique<Network>(poissonBackground ? "microcircuit" : "microcircuit_dc",
                                         NetworkOptions{options.dt, options.precision, options.seed});
    const double dt = options.dt;
    const double charge = expCurrChargeFactor(kTauSyn, dt); // NEST's PSC charge
    const double kScale = options.inDegreeScale, weightScale = 1.0 / std::sqrt(kScale);
    if (!(kScale > 0.0 && kScale <= 1.0))
        throw Error("microcircuit: inDegreeScale must be in (0, 1]");
    std::array<std::uint32_t, kPopulations> sizes{};
    for (int p = 0; p < kPopulations; ++p) {
        sizes[p] = static_cast<std::uint32_t>(std::max(1L, std::lround(kSizes[p] * options.scale)));
        // Mean currents (Hz * ms = 1e-3): the Poisson background's, and the recurrent input that
        // smaller in-degrees lose.
        const double backgroundMean = kBackgroundRate * 1e-3 * kExternalInputs[p] * kWeight * kTauSyn;
        double recurrentMean = 0.0;
        for (int source = 0; source < kPopulations; ++source)
            recurrentMean += meanWeight(p, source) * fullSynapseCount(p, source) / kSizes[p] * kFullScaleRates[source];
        recurrentMean *= 1e-3 * kTauSyn;
        const double lost = 1.0 - std::sqrt(kScale);
        const double dc = lost * recurrentMean + (poissonBackground ? lost : 1.0) * backgroundMean;
        const ParamValues lif = {{"C", 0.25},       {"TauM", 10.0},  {"Vrest", -65.0},   {"Vreset", -65.0},
                                 {"Vthresh", -50.0}, {"Ioffset", dc}, {"TauRefrac", 2.0}};
        net->addNeuronGroup(kNames[p], sizes[p], LIF(), lif, {{"V", init::Normal(-58.0, 10.0)}, {"RefracTime", 0.0}})
            .setSpikeRecording(options.recordSpikes);
        if (poissonBackground)
            net->addCurrentSource(std::string(kNames[p]) + "_background", kNames[p], PoissonExpCurr(),
                                  {{"weight", kWeight * weightScale * charge}, {"tau", kTauSyn}, {"rate", kBackgroundRate},
                                   {"inputs", std::round(kExternalInputs[p] * kScale)}});
    }

    for (int target = 0; target < kPopulations; ++target)
        for (int source = 0; source < kPopulations; ++source) {
            if (kConnectionProbability[target][source] == 0.0)
                continue;
            // The in-degree times inDegreeScale: the synapse number scales with the target population.
            const double synapses =
                std::round(fullSynapseCount(target, source) * double(sizes[target]) / kSizes[target] * kScale);
            const bool excitatory = isExcitatory(source);
            const double weight = meanWeight(target, source) * weightScale * charge;
            const double delayMean = excitatory ? 1.5 : 0.8, delaySd = 0.5 * delayMean;
            const double delayMax = delayMean + kDelaySdFactor * delaySd;

            SynapseSpec spec;
            spec.source = kNames[source];
            spec.target = kNames[target];
            spec.weightUpdate = {StaticPulseDendriticDelay(),
                                 {},
                                 {{"g", signKeepingWeight(weight, std::abs(weight) * kRelativeWeightSd)},
                                  {"d", init::NormalClippedDelay(delayMean, delaySd, dt, delayMax)}}};
            spec.postsynaptic = {ExpCurr(), {{"tau", kTauSyn}}, {}};
            spec.connectivity = init::FixedNumberTotalWithReplacement(synapses);
            spec.maxDendriticDelaySteps = init::maxDendriticDelaySteps(delayMax, dt);
            net->addSynapseGroup(std::string(kNames[source]) + "_to_" + kNames[target], spec);
        }
    return net;
}

std::unique_ptr<Network> makeMicrocircuit(const StandardNetworkOptions& options) { return buildMicrocircuit(options, true); }
std::unique_ptr<Network> makeMicrocircuitDC(const StandardNetworkOptions& options) { return buildMicrocircuit(options, false); }

} // namespace spikegen::models
