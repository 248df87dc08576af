// Clustered: the E/I-clustered attractor network of Rostami, Rost, Riehle, van Albada & Nawrot
// (2020), "Excitatory and inhibitory motor cortical clusters account for balance, variability, and
// task performance", bioRxiv 2020.02.27.968339, with the parameters of its reference implementation
// (NEST example EI_clustered_network); the excitatory-only clustering of Litwin-Kumar & Doiron
// (2012), Nat Neurosci 15:1498, is the case inhibitoryRatio = 0.
//
// 4000 excitatory and 1000 inhibitory LIF neurons (NEST iaf_psc_exp), each population split into
// Q = 20 equal clusters; cluster q of E and cluster q of I form one E/I cluster. Random connectivity
// (Bernoulli, no autapses) with p_EE = 0.2 and p_EI = p_IE = p_II = 0.5 (dense: every neuron receives
// from half of the inhibitory population). Neurons: E_L = 0 mV, C = 1 pF, tau_m = 20 ms (E) and
// 10 ms (I), threshold 20 mV, reset 0 mV, refractory period 5 ms, exponential current synapses with
// tau_syn = 5 ms for both signs, delay 0.1 ms. Background: a constant current of 1.25 (E) and 0.78
// (I) times the rheobase (V_th - E_L) C / tau_m.
// Weights before clustering (balanced random network): with PSP(tau_m, tau_syn) the peak PSP of a
// 1 pA synapse, sqrt(K) coincident inputs reach threshold from rest:
//   j_EE = V_th / (sqrt(p_EE N_E) PSP_E),  j_IE = V_th / (sqrt(p_IE N_E) PSP_I),
//   j_EI = -g_EI j_EE p_EE N_E / (p_EI N_I),  j_II = -g_II j_IE p_IE N_E / (p_II N_I),
// with g_EI = 1.2 and g_II = 1 (j_XY: from Y to X; tau_syn is the same for E and I inputs).
// Clustering by weight: synapses within a cluster are multiplied by J+ and those between clusters
// by J- = (Q - J+) / (Q - 1), so that every neuron's summed input weight stays the same.
// J+ = 6 for E -> E and J+ = 1 + (6 - 1) * 0.82 = 5.1 for the other three projections.
// Initial V uniform in [0, 20) mV (the reference draws it along a free trajectory to threshold).
// dt = 0.1 ms.
//
// Units here: nF, mV, ms, nA (so C = 1 pF is 0.001 nF and a weight of 1 pA is 0.001 nA).
#include "models/networks/clustered.h"

#include "core/error.h"
#include "models/init_snippets.h"
#include "models/neurons.h"
#include "models/synapses.h"

#include <algorithm>
#include <cmath>

namespace spikegen::models {
namespace {

constexpr double kThreshold = 20.0;                // mV above rest
constexpr double kTauExc = 20.0, kTauInh = 10.0;   // ms
constexpr double kTauSyn = 5.0;                    // ms
constexpr double kCapacitancePf = 1.0;
constexpr double kPEE = 0.2, kPEI = 0.5, kPIE = 0.5, kPII = 0.5;

// Peak PSP (mV) of a 1 pA exponential current in a LIF neuron with C = 1 pF.
double peakPsp(double tauM, double tauSyn)
{
    const double tPeak = std::log(tauSyn / tauM) / (1.0 / tauM - 1.0 / tauSyn);
    const double factor = tauM * tauSyn / kCapacitancePf / (tauSyn - tauM);
    return factor * (std::exp(-tPeak / tauSyn) - std::exp(-tPeak / tauM));
}

} // namespace

std::unique_ptr<Network> makeClustered(const StandardNetworkOptions& options, const ClusteredParameters& parameters)
{
    const std::uint32_t q = parameters.clusters;
    if (q == 0)
        throw Error("clustered network: the number of clusters must be at least 1");
    const double jPlusE = parameters.excitatoryJPlus;
    const double jPlusI = 1.0 + (jPlusE - 1.0) * parameters.inhibitoryRatio;
    if (q > 1 && (jPlusE > q || jPlusI > q))
        throw Error("clustered network: J+ cannot exceed the number of clusters (J- would be negative)");

    auto net = std::make_unique<Network>("clustered", NetworkOptions{options.dt, options.precision, options.seed});
    // Whole clusters: each population is q times its cluster size.
    const auto clusterE = static_cast<std::uint32_t>(std::max(1L, std::lround(4000 * options.scale / q)));
    const auto clusterI = static_cast<std::uint32_t>(std::max(1L, std::lround(1000 * options.scale / q)));
    const double numE = double(clusterE) * q, numI = double(clusterI) * q;

    const double pA = 1e-3; // nA
    auto lif = [&](double tauM, double backgroundRheobases) {
        const double rheobase = kThreshold * kCapacitancePf / tauM; // pA
        return ParamValues{{"C", kCapacitancePf * 1e-3}, {"TauM", tauM},     {"Vrest", 0.0},
                           {"Vreset", 0.0},              {"Vthresh", kThreshold},
                           {"Ioffset", backgroundRheobases * rheobase * pA}, {"TauRefrac", 5.0}};
    };
    const VarInits start = {{"V", init::Uniform(0.0, kThreshold)}, {"RefracTime", 0.0}};
    net->addNeuronGroup("E", std::uint32_t(numE), LIF(), lif(kTauExc, 1.25), start).setSpikeRecording(options.recordSpikes);
    net->addNeuronGroup("I", std::uint32_t(numI), LIF(), lif(kTauInh, 0.78), start).setSpikeRecording(options.recordSpikes);

    const double pspE = peakPsp(kTauExc, kTauSyn), pspI = peakPsp(kTauInh, kTauSyn);
    const double jEE = kThreshold / (std::sqrt(kPEE * numE) * pspE);
    const double jIE = kThreshold / (std::sqrt(kPIE * numE) * pspI);
    const double jEI = -1.2 * jEE * kPEE * numE / (kPEI * numI);
    const double jII = -1.0 * jIE * kPIE * numE / (kPII * numI);

    struct Projection { const char* source; const char* target; double prob, weight, jPlus; bool noAutapses; };
    const Projection projections[] = {{"E", "E", kPEE, jEE, jPlusE, true},
                                      {"I", "E", kPEI, jEI, jPlusI, false},
                                      {"E", "I", kPIE, jIE, jPlusI, false},
                                      {"I", "I", kPII, jII, jPlusI, true}};
    const double charge = expCurrChargeFactor(kTauSyn, options.dt); // NEST's PSC charge
    for (const Projection& p : projections) {
        const std::uint32_t preBlock = p.source[0] == 'E' ? clusterE : clusterI;
        const std::uint32_t postBlock = p.target[0] == 'E' ? clusterE : clusterI;
        const double w = p.weight * pA * charge;
        SynapseSpec spec;
        spec.source = p.source;
        spec.target = p.target;
        // J+ a parameter, not a per-synapse weight: sweeps change it without a compile, and the
        // synapses need no weight memory.
        spec.weightUpdate = {ClusterPulse(),
                             {{"g", w}, {"Jplus", p.jPlus}, {"clusters", double(q)},
                              {"preClusterSize", double(preBlock)}, {"postClusterSize", double(postBlock)}},
                             {}};
        spec.postsynaptic = {ExpCurr(), {{"tau", kTauSyn}}, {}};
        spec.connectivity = p.noAutapses ? init::FixedProbabilityNoAutapse(p.prob) : init::FixedProbability(p.prob);
        net->addSynapseGroup(std::string(p.source) + "_to_" + p.target, spec);
    }
    return net;
}

std::unique_ptr<Network> makeClustered(const StandardNetworkOptions& options) { return makeClustered(options, {}); }

} // namespace spikegen::models
