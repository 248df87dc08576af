// Reduced compartmental neurons (core/model/compartments.h, models/compartmental.h) on every
// backend against Dendrify 2.2.0 on Brian2 2.9.0: a soma - proximal - distal dendrite chain with
// dendritic spikes in both dendrites, under current steps into the distal dendrite and the soma
// and under AMPA / NMDA input onto the distal dendrite. The reference numbers come from
// benchmarks/brian2/dendrify/dendrify_reference.py (its README has the model and the protocols).
#include "backend_fixture.h"
#include "nvrtc_check.h"
#include "models/compartmental.h"

#include <cmath>
#include <numbers>

namespace spikegen::testing {
namespace {

class Compartments : public BackendTest {};

constexpr double kPi = std::numbers::pi;

// Dendrify's example neuron: C and gL from each cylinder's area (scale factor 2.8, spines 1.5 on
// the dendrites), soma - prox coupled by 15 nS, prox - dist by half-cylinder axial resistances.
NeuronModel dendrifyNeuron()
{
    NeuronModel m = models::CompartmentalNeuron(
        "DendrifyChain",
        {models::LeakyCompartment("soma"), models::DendriticSpikeCompartment("prox"),
         models::DendriticSpikeCompartment("dist")},
        {{"soma", "prox", "g_sp"}, {"prox", "dist", "g_pd"}});
    m.params.insert(m.params.end(), {"g_sp", "g_pd"});
    m.integrationMethod = "euler"; // as Dendrify's example (the default picks exponential Euler here)
    return m;
}

ParamValues dendrifyParams()
{
    ParamValues p = {{"V_threshold", -40.0}, {"V_spike", 40.0}, {"V_reset", -55.0}, {"refractory", 4.0},
                     {"reset_delay", 0.8},   {"g_sp", 15.0},    {"g_pd", kPi / 0.348}};
    const std::map<std::string, std::pair<double, double>> membrane = {
        {"soma", {17.5 * kPi, 0.7 * kPi}}, {"prox", {10.5 * kPi, 0.42 * kPi}}, {"dist", {4.2 * kPi, 0.168 * kPi}}};
    for (const auto& [c, cg] : membrane) {
        p["C_" + c] = cg.first;
        p["gL_" + c] = cg.second;
        p["EL_" + c] = -65.0;
    }
    const std::map<std::string, std::pair<double, double>> spikeConductances = {{"prox", {22.0, 14.0}},
                                                                              {"dist", {9.0, 5.7}}};
    for (const auto& [c, g] : spikeConductances) {
        p["dspike_threshold_" + c] = -35.0;
        p["g_rise_" + c] = g.first;
        p["E_rise_" + c] = 70.0;
        p["rise_duration_" + c] = 1.2;
        p["g_fall_" + c] = g.second;
        p["E_fall_" + c] = -89.0;
        p["fall_delay_" + c] = 0.2;
        p["fall_duration_" + c] = 2.4;
        p["dspike_refractory_" + c] = 5.0;
    }
    return p;
}

VarInits dendrifyInits()
{
    return {{"V_soma", -65.0}, {"V_prox", -65.0}, {"V_dist", -65.0}};
}

// amp (pA) from 10 ms to 110 ms, as Dendrify's protocol applies it (the updates of steps 100..1099).
CurrentSourceModel currentStep()
{
    CurrentSourceModel m;
    m.name = "CurrentStep";
    m.params = {"amp"};
    m.injectionCode = "if (t > 10.0 - 0.5 * dt && t < 110.0 - 0.5 * dt) injectCurrent(amp);";
    return m;
}

// Dendrify's AMPA (and NMDA, with magnesium block) synapse: a conductance g * s that jumps by the
// weight and decays with tau, integrated by forward Euler as Brian2 does there.
PostsynapticModel dendrifySynapse(bool nmda)
{
    PostsynapticModel m;
    m.name = nmda ? "DendrifyNMDA" : "DendrifyAMPA";
    m.params = {"g", "tau", "E"};
    m.applyInputCode = nmda ? "Isyn += g * inSyn * (E - V) / (1.0 + exp(-0.062 * V) / 3.57);"
                            : "Isyn += g * inSyn * (E - V);";
    m.decayCode = "inSyn *= 1.0 - dt / tau;";
    return m;
}

struct Expected {
    std::vector<double> somaSpikes, proxSpikes, distSpikes;
    std::map<std::string, std::pair<double, double>> peaks; // compartment: (mV, ms)
};

// dendrify_reference.json, protocols a .. e.
const std::map<std::string, Expected>& reference()
{
    static const std::map<std::string, Expected> r = {
        {"a", {{}, {}, {}, {{"soma", {-52.0337, 110.4}}, {"prox", {-50.0956, 110.1}}, {"dist", {-44.6555, 110.0}}}}},
        {"b1",
         {{},
          {},
          {41.1, 46.4, 51.4, 56.4, 61.4, 66.4, 71.4, 76.4, 81.4, 86.4, 91.4, 96.4, 101.4, 106.4},
          {{"soma", {-41.3187, 109.1}}, {"prox", {-35.3188, 108.0}}, {"dist", {-7.8592, 107.7}}}}},
        {"b2",
         {{34.0, 44.2, 54.2, 64.2, 74.2, 84.2, 94.2, 104.2},
          {33.4, 43.5, 53.5, 63.5, 73.5, 83.5, 93.5, 103.5},
          {17.3, 22.3, 27.3, 32.3, 37.3, 42.3, 47.3, 52.3, 57.3, 62.3, 67.3, 72.3, 77.3, 82.3, 87.3, 92.3, 97.3,
           102.3, 107.3},
          {{"soma", {40.0, 34.1}}, {"prox", {1.8076, 34.7}}, {"dist", {-3.5386, 33.6}}}}},
        {"c",
         {{33.8, 37.8, 41.8, 47.0, 51.0, 55.0, 60.2, 64.2, 68.2, 73.4, 77.4, 81.4, 86.6, 90.6, 94.6, 99.8, 103.8, 107.8},
          {34.1, 39.1, 47.3, 52.3, 60.5, 65.5, 73.7, 78.7, 86.9, 91.9, 100.1, 105.1},
          {34.8, 39.8, 47.9, 52.9, 61.1, 66.1, 74.3, 79.3, 87.5, 92.5, 100.7, 105.7},
          {{"soma", {40.0, 33.9}}, {"prox", {-7.6478, 47.9}}, {"dist", {-6.0474, 49.0}}}}},
        {"d1", {{}, {}, {}, {{"soma", {-62.6441, 29.3}}, {"prox", {-61.7769, 24.8}}, {"dist", {-56.0239, 21.9}}}}},
        {"d2", {{}, {}, {21.0}, {{"soma", {-56.094, 29.5}}, {"prox", {-51.3588, 22.8}}, {"dist", {-13.2195, 22.3}}}}},
        {"e",
         {{},
          {},
          {20.8, 25.8, 30.8, 35.8, 40.8, 45.8, 50.8, 55.8, 60.8, 67.8},
          {{"soma", {-42.1019, 53.5}}, {"prox", {-36.1693, 52.4}}, {"dist", {-8.8798, 42.1}}}}},
    };
    return r;
}

// The steps in which a recorded counter went up, as the times of those steps (ms).
std::vector<double> incrementTimes(const RecordedVar& counter, double dt)
{
    std::vector<double> times;
    double previous = 0.0;
    for (std::size_t row = 0; row < counter.times.size(); ++row) {
        if (counter.values[row] > previous)
            times.push_back(std::round((counter.times[row] - dt) * 10.0) / 10.0);
        previous = counter.values[row];
    }
    return times;
}

std::vector<double> rounded(const std::vector<double>& times)
{
    std::vector<double> out;
    for (double t : times) out.push_back(std::round(t * 10.0) / 10.0);
    return out;
}

TEST_P(Compartments, DendrifyChainMatchesDendrifyOnBrian2)
{
    const double dt = 0.1;
    Network net("dendrify_chain", NetworkOptions{dt, Precision::Double, 1});
    for (const auto& [name, expected] : reference()) {
        NeuronGroup& g = net.addNeuronGroup(name, 1, dendrifyNeuron(), dendrifyParams(), dendrifyInits());
        g.setSpikeRecording(true);
        for (const char* var : {"V_soma", "V_prox", "V_dist", "dspikes_prox", "dspikes_dist"})
            g.setVarRecording(var);
    }
    const std::map<std::string, std::pair<std::string, double>> steps = {
        {"a", {"dist", 60.0}}, {"b1", {"dist", 110.0}}, {"b2", {"dist", 190.0}}, {"c", {"soma", 150.0}}};
    for (const auto& [group, step] : steps)
        net.addCurrentSource("I_" + group, group, currentStep(), {{"amp", step.second}}, {}, step.first);
    net.addNeuronGroup("one", 1, models::SpikeSourceArray(), {}, {}).setSpikeTimes({{20.0}});
    net.addNeuronGroup("six", 1, models::SpikeSourceArray(), {}, {})
        .setSpikeTimes({{20.0, 20.1, 20.2, 20.3, 20.4, 20.5}});
    auto synapse = [&](const std::string& name, const std::string& source, const std::string& target, bool nmda) {
        const ParamValues ps = {{"g", 3.0}, {"tau", nmda ? 60.0 : 2.0}, {"E", 0.0}};
        SynapseSpec spec{source, target, {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                         {dendrifySynapse(nmda), ps, {}}, init::OneToOne()};
        spec.targetCompartment = "dist";
        net.addSynapseGroup(name, spec);
    };
    synapse("ampa_d1", "one", "d1", false);
    synapse("ampa_d2", "six", "d2", false);
    synapse("ampa_e", "six", "e", false);
    synapse("nmda_e", "six", "e", true);

    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.run(1600);
    for (const auto& [name, expected] : reference()) {
        SCOPED_TRACE("protocol " + name);
        EXPECT_EQ(rounded(sim.spikes(name).times), expected.somaSpikes);
        EXPECT_EQ(incrementTimes(sim.varRecording(name, "dspikes_prox"), dt), expected.proxSpikes);
        EXPECT_EQ(incrementTimes(sim.varRecording(name, "dspikes_dist"), dt), expected.distSpikes);
        for (const auto& [compartment, peak] : expected.peaks) {
            const RecordedVar& v = sim.varRecording(name, "V_" + compartment);
            const auto at = std::max_element(v.values.begin(), v.values.end()) - v.values.begin();
            EXPECT_NEAR(v.values[at], peak.first, 1e-3) << compartment;
            EXPECT_NEAR(v.times[at], peak.second, 1e-9) << compartment;
        }
    }
}

// Dendritic integration: the same input onto the distal dendrite is larger there than at the soma,
// and a compartment's V is read and written by its neuron name from the host.
TEST_P(Compartments, InputAttenuatesTowardsTheSoma)
{
    Network net("attenuation", NetworkOptions{0.1, Precision::Float, 1});
    net.addNeuronGroup("N", 2, dendrifyNeuron(), dendrifyParams(), dendrifyInits());
    net.addCurrentSource("I", "N", currentStep(), {{"amp", 60.0}}, {}, "dist");
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.run(600);
    const double soma = sim.pullVar("N", "V_soma")[0], prox = sim.pullVar("N", "V_prox")[0],
                 dist = sim.pullVar("N", "V_dist")[0];
    EXPECT_LT(soma, prox);
    EXPECT_LT(prox, dist);
    // At 60 ms (dendrify_reference.json, protocol a), in single precision.
    EXPECT_NEAR(dist, -46.3848, 0.01);
    EXPECT_NEAR(prox, -51.826, 0.01);
    EXPECT_NEAR(soma, -53.766, 0.01);
    sim.pushVar("N", "V_dist", {-65.0, -65.0});
    EXPECT_EQ(sim.pullVar("N", "V_dist")[0], -65.0);
}

#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
// Without a GPU the CUDA source of a compartmental network still compiles with NVRTC.
TEST(CudaCompile, CompartmentalNeuronCompiles)
{
    Network net("compartments_cuda", NetworkOptions{0.1, Precision::Double, 1});
    net.addNeuronGroup("N", 4, dendrifyNeuron(), dendrifyParams(), dendrifyInits());
    net.addNeuronGroup("six", 1, models::SpikeSourceArray(), {}, {}).setSpikeTimes({{20.0, 20.1}});
    SynapseSpec spec{"six", "N", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                     {dendrifySynapse(true), {{"g", 3.0}, {"tau", 60.0}, {"E", 0.0}}, {}}, init::FixedProbability(1.0)};
    spec.targetCompartment = "dist";
    net.addSynapseGroup("nmda", spec);
    net.addCurrentSource("I", "N", currentStep(), {{"amp", 60.0}}, {}, "prox");
    expectCudaCompiles(net);
}
#endif

INSTANTIATE_TEST_SUITE_P(Backends, Compartments, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
