// Postsynaptic models against their analytic shapes: the current a single spike leaves, step by
// step, on every backend.
#include "backend_fixture.h"

#include <cmath>

namespace spikegen::testing {
namespace {

// Holds V constant and records the synaptic current of each step in I.
NeuronModel probe()
{
    NeuronModel m;
    m.name = "Probe";
    m.vars = {{"V"}, {"I"}};
    m.simCode = "I = Isyn;";
    return m;
}

// The current the probe sees in each of `steps` steps after one spike of weight w (fired at 1 ms,
// in step 10, delivered in step 11) through `psm`.
std::vector<double> currentAfterOneSpike(Backend& backend, ModelInstance<PostsynapticModel> psm, double w, int steps)
{
    Network net("psc_shape", NetworkOptions{0.1, Precision::Double, 1});
    net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}});
    net.addNeuronGroup("Post", 1, probe(), {}, {{"V", -60.0}, {"I", 0.0}});
    net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", w}}, {}}, std::move(psm),
                              init::OneToOne()});
    Simulation sim(net, backend);
    sim.initialize();
    sim.run(11);
    std::vector<double> current;
    for (int k = 0; k < steps; ++k) {
        sim.run(1);
        current.push_back(sim.pullVar("Post", "I")[0]);
    }
    return current;
}

class SynapseModels : public BackendTest {};

// Step 11 + k sees the alpha function at t = k dt: w (t / tau) exp(1 - t / tau), w at t = tau.
TEST_P(SynapseModels, AlphaCurrentIsTheAlphaFunctionAtEveryStep)
{
    auto b = backend();
    const double w = 0.7, tau = 2.0, dt = 0.1;
    const auto current = currentAfterOneSpike(*b, {models::AlphaCurr(), {{"tau", tau}}, {}}, w, 100);
    for (int k = 0; k < 100; ++k) {
        const double t = k * dt;
        EXPECT_NEAR(current[k], w * t / tau * std::exp(1.0 - t / tau), 1e-12) << "step " << k;
    }
    const auto peak = std::max_element(current.begin(), current.end()) - current.begin();
    EXPECT_EQ(peak, 20) << "the peak comes at t = tau";
    EXPECT_NEAR(current[20], w, 1e-12);
}

// The conductance has the same shape and drives the probe's V = -60 mV towards E = 0.
TEST_P(SynapseModels, AlphaConductanceDrivesTowardsItsReversalPotential)
{
    auto b = backend();
    const double w = 0.05, tau = 5.0, dt = 0.1;
    const auto current = currentAfterOneSpike(*b, {models::AlphaCond(), {{"tau", tau}, {"E", 0.0}}, {}}, w, 120);
    for (int k = 0; k < 120; ++k) {
        const double t = k * dt;
        EXPECT_NEAR(current[k], 60.0 * w * t / tau * std::exp(1.0 - t / tau), 1e-12) << "step " << k;
    }
    EXPECT_NEAR(*std::max_element(current.begin(), current.end()), 60.0 * w, 1e-12);
}

TEST_P(SynapseModels, AlphaWithNonPositiveTauIsRefused)
{
    Network net("alpha_bad_tau");
    net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}});
    net.addNeuronGroup("Post", 1, probe(), {}, {{"V", -60.0}, {"I", 0.0}});
    try {
        net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                                  {models::AlphaCurr(), {{"tau", -1.0}}, {}}, init::OneToOne()});
        FAIL() << "a negative tau was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("tau must be positive"), std::string::npos) << e.what();
    }
}

// ClusterPulse: neuron 1 of four presynaptic clusters of one neuron fires; the eight targets (four
// clusters of two) receive g x Jplus in its cluster and g x Jminus = g (Q - Jplus) / (Q - 1) elsewhere.
TEST_P(SynapseModels, ClusterPulseScalesWithinAndBetweenClusters)
{
    auto b = backend();
    Network net("cluster_pulse", NetworkOptions{0.1, Precision::Double, 1});
    net.addNeuronGroup("Pre", 4, spikeAt(), {}, {{"spikeTime", 1e9}});
    net.addNeuronGroup("Post", 8, probe(), {}, {{"V", -60.0}, {"I", 0.0}});
    const double g = 0.5, jPlus = 3.0, clusters = 4.0;
    net.addSynapseGroup("S", {"Pre", "Post",
                              {models::ClusterPulse(),
                               {{"g", g}, {"Jplus", jPlus}, {"clusters", clusters}, {"preClusterSize", 1.0},
                                {"postClusterSize", 2.0}},
                               {}},
                              {models::DeltaCurr(), {}, {}}, init::Dense()});
    Simulation sim(net, *b);
    sim.initialize();
    sim.pushVar("Pre", "spikeTime", {1e9, 1.0, 1e9, 1e9});
    sim.run(12); // fired in step 10, delivered in step 11
    const std::vector<double> current = sim.pullVar("Post", "I");
    const double jMinus = (clusters - jPlus) / (clusters - 1.0);
    for (std::size_t j = 0; j < 8; ++j)
        EXPECT_DOUBLE_EQ(current[j], j / 2 == 1 ? g * jPlus : g * jMinus) << "target " << j;
}

INSTANTIATE_TEST_SUITE_P(Backends, SynapseModels, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
