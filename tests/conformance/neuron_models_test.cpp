// Neuron models against analytic results and reference integrations.
#include "backend_fixture.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace spikegen::testing {
namespace {

class NeuronModels : public BackendTest {};

// A LIF neuron under constant current fires at the analytic interval
// T = tau_ref + tau_m ln((R I + Vrest - Vreset) / (R I + Vrest - Vthresh)), within one step.
TEST_P(NeuronModels, LifFiresAtAnalyticInterval)
{
    const double currents[] = {1.0, 1.5, 3.0};
    Network net("lif_analytic");
    for (int k = 0; k < 3; ++k)
        net.addNeuronGroup("N" + std::to_string(k), 1, models::LIF(), lifParams(currents[k]),
                           {{"V", -70.0}, {"RefracTime", 0.0}})
            .setSpikeRecording(true);
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(500.0);
    for (int k = 0; k < 3; ++k) {
        const double drive = 20.0 * currents[k]; // R I with R = TauM / C = 20 MOhm
        const double analytic = 2.0 + 20.0 * std::log((drive - 70.0 + 70.0) / (drive - 70.0 + 51.0));
        const auto& spikes = sim.spikes("N" + std::to_string(k));
        ASSERT_GE(spikes.times.size(), 5u) << "current " << currents[k];
        for (std::size_t i = 1; i < spikes.times.size(); ++i)
            EXPECT_NEAR(spikes.times[i] - spikes.times[i - 1], analytic, 0.1 + 1e-9)
                << "current " << currents[k] << ", interval " << i;
        // The first spike comes from rest, without a refractory period.
        EXPECT_NEAR(spikes.times[0], analytic - 2.0, 0.1 + 1e-9);
    }
}

// Below rheobase (R I < Vthresh - Vrest) the neuron never fires and settles at Vrest + R I.
TEST_P(NeuronModels, LifBelowRheobaseSettles)
{
    Network net("lif_subthreshold");
    net.addNeuronGroup("N", 1, models::LIF(), lifParams(0.5), {{"V", -70.0}, {"RefracTime", 0.0}})
        .setSpikeRecording(true);
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(300.0);
    EXPECT_TRUE(sim.spikes("N").times.empty());
    EXPECT_NEAR(sim.pullVar("N", "V")[0], -70.0 + 10.0 * (1.0 - std::exp(-300.0 / 20.0)), 1e-3);
}

// Izhikevich regular spiking: first spike times against the reference integration of the same
// scheme (two half steps for V) in double precision (benchmarks/brian2/izhikevich_rs.py), with
// spikes stamped, as spikegen does, with the time at the start of the step in which V reached 30 mV.
TEST_P(NeuronModels, IzhikevichRegularSpikingMatchesReference)
{
    std::ifstream file(std::string(SPIKEGEN_TEST_DATA_DIR) + "/izhikevich_rs_reference.json");
    ASSERT_TRUE(file) << "missing reference file";
    const auto reference = nlohmann::json::parse(file);
    Network net("izhikevich_rs");
    const double currents[] = {5.0, 10.0, 15.0};
    for (int k = 0; k < 3; ++k) {
        net.addNeuronGroup("N" + std::to_string(k), 1, models::Izhikevich(),
                           {{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 8.0}}, {{"V", -65.0}, {"U", -13.0}})
            .setSpikeRecording(true);
        net.addCurrentSource("I" + std::to_string(k), "N" + std::to_string(k), models::DC(), {{"amp", currents[k]}});
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(400.0);
    for (int k = 0; k < 3; ++k) {
        std::vector<double> expected;
        for (const auto& run : reference.at("runs"))
            if (run.at("scheme") == "izh2003" && run.at("dt_ms") == 0.1 && run.at("I") == currents[k])
                expected = run.at("spike_times_step_start_ms").get<std::vector<double>>();
        ASSERT_FALSE(expected.empty()) << "no reference for I = " << currents[k];
        const auto& spikes = sim.spikes("N" + std::to_string(k));
        std::size_t compared = 0;
        for (std::size_t i = 0; i < expected.size() && expected[i] < 390.0; ++i, ++compared) {
            ASSERT_LT(i, spikes.times.size()) << "I = " << currents[k];
            // float vs double: exact to the step for the first spikes, within one step later.
            EXPECT_NEAR(spikes.times[i], expected[i], i < 5 ? 1e-6 : 0.1 + 1e-6)
                << "I = " << currents[k] << ", spike " << i;
        }
        EXPECT_GE(compared, 4u);
    }
}

// A Poisson source fires at its rate: the count over many neurons is within 5 sigma of the mean.
TEST_P(NeuronModels, PoissonRate)
{
    Network net("poisson_rate");
    net.addNeuronGroup("P", 1000, models::Poisson(), {{"rate", 20.0}}, {}).setSpikeRecording(true);
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(1000.0);
    const double expected = 1000 * 20.0, count = double(sim.spikes("P").times.size());
    EXPECT_NEAR(count, expected, 5 * std::sqrt(expected));
}

// Explicit Euler on dV/dt = -V / tau with dt = 3 tau multiplies V by -2 each step: it overflows
// float in about 130 steps. The run stops with an error that names the group and variable.
TEST_P(NeuronModels, DivergingUpdateIsAnErrorNamingGroupAndVariable)
{
    NeuronModel unstable;
    unstable.name = "StiffEuler";
    unstable.params = {"tau"};
    unstable.vars = {{"V"}, {"steps", "int"}};
    unstable.simCode = "V += -V / tau * dt;\nsteps += 1;";
    Network net("diverging", NetworkOptions{0.3, Precision::Float, 1});
    net.addNeuronGroup("Stiff", 8, unstable, {{"tau", 0.1}}, {{"V", 1.0}, {"steps", 0.0}});
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.run(50); // |V| = 2^50: large, still finite
    try {
        sim.run(200);
        FAIL() << "the overflow was not reported";
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const char* part : {"neuron group 'Stiff'", "variable 'V'", "'StiffEuler'", "NaN or infinite",
                                 "in steps 50 to 249", "dt = 0.3 ms"})
            EXPECT_NE(message.find(part), std::string::npos) << part << " missing from: " << message;
    }
}

// The same for a postsynaptic model's and a current source's own variables: each names its group,
// variable and model.
TEST_P(NeuronModels, DivergingPostsynapticAndCurrentSourceVariablesAreErrors)
{
    PostsynapticModel unstableSynapse;
    unstableSynapse.name = "StiffSynapse";
    unstableSynapse.vars = {{"g", "scalar", 1.0}};
    unstableSynapse.decayCode = "g *= -2.0;";
    CurrentSourceModel unstableSource;
    unstableSource.name = "StiffSource";
    unstableSource.vars = {{"I", "scalar", 1.0}};
    unstableSource.injectionCode = "I *= -2.0;";
    NeuronModel quiet;
    quiet.name = "Quiet";
    quiet.vars = {{"V"}};
    quiet.simCode = "V = 0.0;";
    for (const bool synapse : {true, false}) {
        SCOPED_TRACE(synapse ? "postsynaptic model" : "current source");
        Network net(synapse ? "diverging_synapse" : "diverging_source", NetworkOptions{0.1, Precision::Float, 1});
        net.addNeuronGroup("N", 4, quiet, {}, {{"V", 0.0}});
        if (synapse)
            net.addSynapseGroup("NN", {"N", "N", {models::StaticPulseConstantWeight(), {{"g", 0.0}}, {}},
                                       {unstableSynapse, {}, {}}, init::OneToOne()});
        else
            net.addCurrentSource("In", "N", unstableSource, {}, {});
        auto b = backend();
        Simulation sim(net, *b);
        sim.initialize();
        try {
            sim.run(200); // 2^200 overflows float after about 128 steps
            FAIL() << "the overflow was not reported";
        } catch (const Error& e) {
            const std::string message = e.what();
            const std::vector<std::string> parts =
                synapse ? std::vector<std::string>{"synapse group 'NN'", "variable 'g' of postsynaptic model 'StiffSynapse'"}
                        : std::vector<std::string>{"current source 'In'", "variable 'I' of model 'StiffSource'"};
            for (const auto& part : parts)
                EXPECT_NE(message.find(part), std::string::npos) << part << " missing from: " << message;
            EXPECT_NE(message.find("NaN or infinite"), std::string::npos) << message;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, NeuronModels, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
