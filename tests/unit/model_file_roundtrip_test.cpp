// Model files round-trip: writing a network, reading it back and writing again gives the same text,
// and the network read back simulates to the same spikes, bit for bit, as the original.
#include "core/io/model_file.h"
#include "models/library.h"
#include "spikegen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace spikegen {
namespace {

const io::ModelLibrary& library() { return models::builtinLibrary(); }

std::map<std::string, SpikeTrains> simulate(const Network& net, double ms)
{
    auto backend = createBackend("cpu", 1);
    SimulationOptions options;
    options.recordingWindowSteps = std::uint32_t(ms / net.options().dt) + 2;
    Simulation sim(net, *backend, options);
    sim.initialize();
    sim.runFor(ms);
    std::map<std::string, SpikeTrains> spikes;
    for (const auto& g : net.neuronGroups())
        if (g->spikeRecording()) spikes[g->name()] = sim.spikes(g->name());
    return spikes;
}

class StandardNetworkRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(StandardNetworkRoundTrip, TextIsStable)
{
    auto original = models::makeStandardNetwork(GetParam());
    const std::string text = io::writeModel(*original, library());
    auto readBack = io::readModel(text, library());
    EXPECT_EQ(io::writeModel(*readBack, library()), text);
    // Built-ins are referred to by name, so a standard network defines no custom models.
    EXPECT_EQ(text.find("\"models\""), std::string::npos) << text;
}

TEST_P(StandardNetworkRoundTrip, SameSpikesOnCpu)
{
    if (builtBackends().end() == std::find(builtBackends().begin(), builtBackends().end(), "cpu"))
        GTEST_SKIP() << "the CPU backend is not built";
    models::StandardNetworkOptions options;
    options.scale = 0.05; // 200 neurons: enough to spike, quick to build and run
    options.inDegreeScale = 0.05; // the microcircuit's 3,858 neurons with 0.75 million synapses
    options.seed = 77;
    auto original = models::makeStandardNetwork(GetParam(), options);
    auto readBack = io::readModel(io::writeModel(*original, library()), library());
    const auto a = simulate(*original, 100.0), b = simulate(*readBack, 100.0);
    ASSERT_EQ(a.size(), b.size());
    std::size_t total = 0;
    for (const auto& [group, trains] : a) {
        EXPECT_EQ(trains.times, b.at(group).times) << group;
        EXPECT_EQ(trains.ids, b.at(group).ids) << group;
        total += trains.ids.size();
    }
    EXPECT_GT(total, 0u) << "the comparison needs spikes";
}

std::vector<std::string> standardNames()
{
    std::vector<std::string> names;
    for (const auto& n : models::standardNetworks()) names.push_back(n.name);
    return names;
}

INSTANTIATE_TEST_SUITE_P(All, StandardNetworkRoundTrip, ::testing::ValuesIn(standardNames()),
                         [](const auto& info) {
                             std::string name = info.param; // "brunel-sr": test names allow no '-'
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// A network of custom models (every kind, with expressions and checks) survives the round trip.
std::unique_ptr<Network> customNetwork()
{
    NeuronModel leaky;
    leaky.name = "Leaky";
    leaky.params = {"tau", "drive"};
    leaky.derivedParams = {{"decay", "exp(-dt / tau)"}};
    leaky.paramChecks = {{"tau > 0", "tau must be positive"}};
    leaky.vars = {{"V"}, {"count", "unsigned", 0.0}};
    leaky.simCode = "V = V * decay + drive + Isyn;";
    leaky.thresholdCode = "V > 1.0";
    leaky.resetCode = "V = 0.0;\ncount++;";

    VarInitSnippet ramp;
    ramp.name = "Ramp";
    ramp.params = {"step"};
    ramp.code = "value = step * (scalar)id;";

    ConnectivitySnippet ring;
    ring.name = "Ring";
    ring.params = {"width"};
    ring.paramChecks = {{"width >= 1", "width must be at least 1"}};
    ring.rowBuildCode = "for (unsigned k = 1u; k <= (unsigned)width; k++) {\n    addSynapse((id_pre + k) % num_post);\n}";
    setMaxRowLength(ring, "width");

    CurrentSourceModel pulse;
    pulse.name = "Half";
    pulse.params = {"amp"};
    pulse.injectionCode = "injectCurrent(0.5 * amp);";

    auto net = std::make_unique<Network>("custom", NetworkOptions{0.5, Precision::Double, 99});
    net->addNeuronGroup("A", 20, leaky, {{"tau", 10.0}, {"drive", 0.05}}, {{"V", VarInit(ramp, {{"step", 0.04}})}})
        .setSpikeRecording(true);
    SynapseSpec spec;
    spec.source = spec.target = "A";
    spec.weightUpdate = {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 0.1)}}};
    spec.postsynaptic = {models::ExpCurr(), {{"tau", 2.0}}, {}};
    spec.connectivity = {ring, {{"width", 3.0}}};
    spec.axonalDelaySteps = 2;
    spec.backPropDelaySteps = 3;
    net->addSynapseGroup("AA", spec);
    net->addCurrentSource("in", "A", pulse, {{"amp", 0.01}});
    return net;
}

TEST(CustomModelRoundTrip, TextIsStableAndModelsAreWrittenInFull)
{
    auto net = customNetwork();
    const std::string text = io::writeModel(*net, library());
    for (const char* fragment : {"\"Leaky\"", "exp(-dt / tau)", "tau must be positive", "\"Ring\"",
                                 "\"max_row_length\": \"width\"", "\"Ramp\"", "\"Half\"", "\"precision\": \"double\"",
                                 "\"axonal_delay_steps\": 2", "\"back_prop_delay_steps\": 3",
                                 "\"snippet\": \"Uniform\""})
        EXPECT_NE(text.find(fragment), std::string::npos) << fragment << "\n" << text;
    auto readBack = io::readModel(text, library());
    EXPECT_EQ(io::writeModel(*readBack, library()), text);
    const auto& model = readBack->neuronGroup("A").model().model;
    ASSERT_EQ(model.derivedParams.size(), 1u);
    EXPECT_DOUBLE_EQ(model.derivedParams[0].compute({{"tau", 10.0}, {"drive", 0.0}}, 0.5), std::exp(-0.05));
    EXPECT_EQ(readBack->synapseGroup("AA").connectivity().snippet.maxRowLength(20, 20, {{"width", 3.0}}), 3u);
}

TEST(CustomModelRoundTrip, CustomRunsLikeTheOriginal)
{
    if (builtBackends().end() == std::find(builtBackends().begin(), builtBackends().end(), "cpu"))
        GTEST_SKIP() << "the CPU backend is not built";
    auto net = customNetwork();
    auto readBack = io::readModel(io::writeModel(*net, library()), library());
    const auto a = simulate(*net, 50.0), b = simulate(*readBack, 50.0);
    EXPECT_FALSE(a.at("A").ids.empty());
    EXPECT_EQ(a.at("A").ids, b.at("A").ids);
    EXPECT_EQ(a.at("A").times, b.at("A").times);
}

// Every field of a learning rule, custom and built in, is written and read back.
TEST(CustomModelRoundTrip, LearningRulesSurviveTheRoundTrip)
{
    WeightUpdateModel rule;
    rule.name = "EveryField";
    rule.params = {"rate"};
    rule.vars = {{"w"}};
    rule.preVars = {{"x", "scalar", 0.0}};
    rule.postVars = {{"y", "scalar", 0.5}};
    rule.simCode = "addToPost(w);";
    rule.learnPostCode = "w += rate * x * exp(-(t - st_pre) / 20.0);";
    rule.synapseDynamicsCode = "w -= rate * 1e-3 * (w - 0.5);";
    rule.preSpikeCode = "x += 1.0;";
    rule.preDynamicsCode = "x *= 0.99;";
    rule.postSpikeCode = "y += 1.0;";
    rule.postDynamicsCode = "y *= 0.98;";
    Network net("plastic", NetworkOptions{0.1, Precision::Float, 3});
    net.addNeuronGroup("P", 10, models::Poisson(), {{"rate", 20.0}}, {});
    net.addSynapseGroup("Custom", SynapseSpec{"P", "P", {rule, {{"rate", 0.01}}, {{"w", init::Uniform(0, 1)}, {"x", 0.25}}},
                                              {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.5), 2});
    net.addSynapseGroup("Builtin", SynapseSpec{"P", "P",
                                               {models::STDPTriplet(), models::tripletMinimalVisualCortex(0, 1),
                                                {{"w", 0.5}}},
                                               {models::DeltaCurr(), {}, {}}, init::Dense()});
    const std::string text = io::writeModel(net, library());
    for (const char* fragment : {"\"learn_post_code\"", "\"synapse_dynamics_code\"", "\"pre_spike_code\"",
                                 "\"pre_dynamics_code\"", "\"post_spike_code\"", "\"post_dynamics_code\"",
                                 "\"pre_vars\"", "\"post_vars\"", "\"model\": \"STDPTriplet\"", "\"x\": 0.25"})
        EXPECT_NE(text.find(fragment), std::string::npos) << fragment << "\n" << text;
    EXPECT_EQ(text.find("\"name\": \"STDPTriplet\""), std::string::npos) << "built-ins are referred to by name";
    auto readBack = io::readModel(text, library());
    EXPECT_EQ(io::writeModel(*readBack, library()), text);
    const auto& model = readBack->synapseGroup("Custom").weightUpdate().model;
    EXPECT_EQ(model.learnPostCode, rule.learnPostCode);
    EXPECT_EQ(model.postDynamicsCode, rule.postDynamicsCode);
    ASSERT_EQ(model.postVars.size(), 1u);
    EXPECT_EQ(model.postVars[0].initial, 0.5);
    if (std::find(builtBackends().begin(), builtBackends().end(), "cpu") == builtBackends().end())
        GTEST_SKIP() << "the CPU backend is not built";
    // And learns the same weights.
    auto learned = [](const Network& n) {
        auto backend = createBackend("cpu", 1);
        Simulation sim(n, *backend);
        sim.initialize();
        sim.runFor(300.0);
        return std::pair{sim.pullVar("Custom", "w"), sim.pullVar("Builtin", "w")};
    };
    EXPECT_EQ(learned(net), learned(*readBack));
}

TEST(CustomModelRoundTrip, LambdaOnlyPartsCannotBeWritten)
{
    NeuronModel m = models::LIF();
    m.name = "MyLIF";
    m.derivedParams[0] = {"ExpTC", [](const ParamValues& p, double dt) { return std::exp(-dt / p.at("TauM")); }};
    Network net("n");
    net.addNeuronGroup("E", 2, m,
                       {{"C", 1.0}, {"TauM", 20.0}, {"Vrest", -70.0}, {"Vreset", -70.0}, {"Vthresh", -51.0},
                        {"Ioffset", 0.0}, {"TauRefrac", 2.0}},
                       {{"V", -70.0}, {"RefracTime", 0.0}});
    try {
        io::writeModel(net, library());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("derived parameter 'ExpTC' is a function (C++ or Python)"), std::string::npos) << e.what();
    }
}

TEST(CustomModelRoundTrip, ChangedBuiltinIsWrittenInFull)
{
    // A model that kept a built-in's name but changed its code must not be read back as the built-in.
    NeuronModel m = models::Izhikevich();
    m.thresholdCode = "V >= 20.0";
    Network net("n");
    net.addNeuronGroup("E", 2, m, {{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 8.0}}, {{"V", -65.0}, {"U", -13.0}});
    const std::string text = io::writeModel(net, library());
    EXPECT_NE(text.find("V >= 20.0"), std::string::npos) << text;
    auto readBack = io::readModel(text, library());
    EXPECT_EQ(readBack->neuronGroup("E").model().model.thresholdCode, "V >= 20.0");
}

} // namespace
} // namespace spikegen
