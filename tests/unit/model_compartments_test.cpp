// Compartmental neurons: the flat model's names, the order of its code, and one clear error for
// each kind of bad input (a coupling to a compartment that does not exist, an unknown target
// compartment, an unknown name in a compartment's equations, clashing names).
#include "core/io/model_file.h"
#include "core/model/compartments.h"
#include "models/library.h"
#include "spikegen.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace spikegen {
namespace {

#define EXPECT_HAS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

NeuronModel twoCompartments()
{
    return models::CompartmentalNeuron("TwoCompartments",
                                       {models::LeakyCompartment("soma"), models::DendriticSpikeCompartment("dend")},
                                       {{"soma", "dend", "g_axial"}});
}

ParamValues twoCompartmentParams(const NeuronModel& flat)
{
    ParamValues p;
    for (const auto& name : flat.params) p[name] = 1.0;
    p["g_axial"] = 5.0;
    return p;
}

// The error of adding a group of `model` (and planning it), or "".
std::string groupError(NeuronModel model)
{
    try {
        Network net("n");
        model.params.push_back("g_axial");
        ParamValues params;
        for (const auto& name : model.params) params[name] = 1.0;
        for (const auto& c : model.compartments)
            for (const auto& name : c.params) params[name + "_" + c.name] = 1.0;
        net.addNeuronGroup("N", 1, model, params, {{"V_soma", -65.0}, {"V_dend", -65.0}});
        ModelPlan plan(net, 10);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Compartments, FlatModelCarriesCompartmentNames)
{
    NeuronModel m = twoCompartments();
    m.params.push_back("g_axial");
    const NeuronModel flat = flattenCompartments("test", m);
    EXPECT_TRUE(flat.compartments.empty());
    for (const char* p : {"C_soma", "gL_soma", "EL_soma", "C_dend", "dspike_threshold_dend", "g_axial"})
        EXPECT_NE(std::find(flat.params.begin(), flat.params.end(), p), flat.params.end()) << p;
    std::vector<std::string> vars;
    for (const auto& v : flat.vars) vars.push_back(v.name);
    EXPECT_EQ(vars, (std::vector<std::string>{"since_spike", "V_soma", "V_dend", "dspike_age_dend", "rise_dend",
                                              "fall_dend", "dspikes_dend"}));
    EXPECT_HAS(flat.equations, "I_axial_soma = (g_axial) * (V_dend - V_soma)");
    EXPECT_HAS(flat.equations, "I_axial_dend = (g_axial) * (V_soma - V_dend)");
    EXPECT_HAS(flat.equations, "dV_dend/dt = (gL_dend * (EL_dend - V_dend) + I_axial_dend + Isyn_dend");
    // Events and the compartments' sim code run before the neuron's own sim code.
    EXPECT_LT(flat.simCode.find("V_dend >= dspike_threshold_dend"), flat.simCode.find("since_spike += 1"));
    EXPECT_EQ(groupError(twoCompartments()), "");
}

TEST(Compartments, CouplingToAMissingCompartmentIsAnError)
{
    NeuronModel m = twoCompartments();
    m.couplings.push_back({"dend", "apical", "1.0"});
    EXPECT_HAS(groupError(m), "neuron group 'N', coupling 1 (dend - apical): compartment 'apical' "
                                         "does not exist (compartments: soma, dend)");
    m.couplings.back() = {"dend", "dend", "1.0"};
    EXPECT_HAS(groupError(m), "couples compartment 'dend' to itself");
    NeuronModel noVoltage = twoCompartments();
    noVoltage.compartments.push_back({"axon", {}, {{"x"}}, "", {}, ""});
    noVoltage.couplings.push_back({"soma", "axon", "1.0"});
    EXPECT_HAS(groupError(noVoltage), "compartment 'axon' has no variable V to couple");
}

TEST(Compartments, UnknownNameInCompartmentEquationsPointsIntoThem)
{
    NeuronModel m = twoCompartments();
    m.compartments[1].equations = "dV/dt = (gL * (EL - V) + I_axial + Isyn + Ih) / C : mV";
    const std::string error = groupError(m);
    EXPECT_HAS(error, "compartment 'dend' equations");
    EXPECT_HAS(error, "line 1, column 43");
    EXPECT_HAS(error, "'Ih'");
    NeuronModel badEvent = twoCompartments();
    badEvent.compartments[1].events[0].condition = "V >= threshold";
    EXPECT_HAS(groupError(badEvent), "compartment 'dend' event 'dspike' condition");
}

TEST(Compartments, DifferentialVariableWithoutInitialValueNamesTheCompartment)
{
    try {
        Network net("n");
        NeuronModel m = twoCompartments();
        m.params.push_back("g_axial");
        net.addNeuronGroup("N", 1, m, twoCompartmentParams(flattenCompartments("test", m)), {{"V_soma", -65.0}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_HAS(e.what(), "neuron group 'N', compartment 'dend': model 'TwoCompartments', field 'equations', line 1: "
                             "differential variable 'V_dend' has no initial value");
    }
}

TEST(Compartments, ClashingNamesAreAnError)
{
    NeuronModel m = twoCompartments();
    m.vars.push_back({"V"});
    EXPECT_HAS(groupError(m), "compartment 'soma': its name 'V' is also one of the neuron's own names");
    NeuronModel twice = twoCompartments();
    twice.compartments.push_back(models::LeakyCompartment("soma"));
    EXPECT_HAS(groupError(twice), "the model has two compartments of that name");
}

TEST(Compartments, TargetCompartmentMustExist)
{
    Network net("n");
    NeuronModel m = twoCompartments();
    m.params.push_back("g_axial");
    net.addNeuronGroup("N", 1, m, twoCompartmentParams(flattenCompartments("test", m)),
                       {{"V_soma", -65.0}, {"V_dend", -65.0}});
    net.addNeuronGroup("P", 1, models::Poisson(), {{"rate", 10.0}}, {});
    SynapseSpec spec{"P", "N", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                     {models::ExpCurr(), {{"tau", 5.0}}, {}}, init::OneToOne()};
    spec.targetCompartment = "dned";
    try {
        net.addSynapseGroup("S", spec);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_HAS(e.what(), "synapse group 'S': target compartment 'dned' is not a compartment of neuron group 'N'; "
                             "did you mean 'dend'? (compartments: soma, dend)");
    }
    spec.targetCompartment = "";
    EXPECT_EQ(net.addSynapseGroup("S", spec).targetCompartment(), "soma");
    try {
        net.addCurrentSource("I", "P", models::DC(), {{"amp", 1.0}}, {}, "dend");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_HAS(e.what(), "current source 'I': target compartment 'dend', but neuron group 'P'");
    }
}

// A network of a compartmental neuron with input to its dendrite, as a model file.
std::unique_ptr<Network> compartmentalNetwork()
{
    auto net = std::make_unique<Network>("compartmental", NetworkOptions{0.1, Precision::Double, 7});
    NeuronModel m = twoCompartments();
    m.params.push_back("g_axial");
    ParamValues params = {{"V_threshold", -50.0}, {"V_spike", 20.0}, {"V_reset", -60.0}, {"refractory", 2.0},
                          {"reset_delay", 0.5},   {"g_axial", 4.0}};
    for (const char* c : {"soma", "dend"}) {
        params["C_" + std::string(c)] = 50.0;
        params["gL_" + std::string(c)] = 2.0;
        params["EL_" + std::string(c)] = -65.0;
    }
    const ParamValues dspike = {{"dspike_threshold", -40.0}, {"g_rise", 20.0}, {"E_rise", 70.0},
                                {"rise_duration", 1.0},      {"g_fall", 12.0}, {"E_fall", -89.0},
                                {"fall_delay", 0.2},         {"fall_duration", 2.0}, {"dspike_refractory", 5.0}};
    for (const auto& [name, value] : dspike) params[name + "_dend"] = value;
    net->addNeuronGroup("N", 3, m, params, {{"V_soma", -65.0}, {"V_dend", -65.0}}).setSpikeRecording(true);
    net->addNeuronGroup("P", 20, models::Poisson(), {{"rate", 200.0}}, {});
    SynapseSpec spec{"P", "N", {models::StaticPulseConstantWeight(), {{"g", 40.0}}, {}},
                     {models::ExpCurr(), {{"tau", 2.0}}, {}}, init::FixedProbability(0.5)};
    spec.targetCompartment = "dend";
    net->addSynapseGroup("PN", spec);
    net->addCurrentSource("I", "N", models::DC(), {{"amp", 30.0}}, {}, "dend");
    return net;
}

TEST(Compartments, ModelFileRoundTrip)
{
    auto net = compartmentalNetwork();
    const std::string text = io::writeModel(*net, models::builtinLibrary());
    for (const char* fragment : {"\"compartments\"", "\"couplings\"", "\"between\"", "\"target_compartment\": \"dend\"",
                                 "\"dspike_threshold\"", "\"events\""})
        EXPECT_HAS(text, fragment);
    auto readBack = io::readModel(text, models::builtinLibrary());
    EXPECT_EQ(io::writeModel(*readBack, models::builtinLibrary()), text);
    EXPECT_EQ(readBack->synapseGroup("PN").targetCompartment(), "dend");
    EXPECT_EQ(readBack->neuronGroup("N").compartments(), (std::vector<std::string>{"soma", "dend"}));
    const auto backends = builtBackends();
    if (std::find(backends.begin(), backends.end(), "cpu") == backends.end())
        GTEST_SKIP() << "the CPU backend is not built";
    std::vector<std::vector<double>> spikes;
    for (Network* n : {net.get(), readBack.get()}) {
        auto backend = createBackend("cpu");
        Simulation sim(*n, *backend);
        sim.initialize();
        sim.run(2000);
        spikes.push_back(sim.spikes("N").times);
        spikes.push_back(sim.pullVar("N", "dspikes_dend"));
    }
    EXPECT_FALSE(spikes[0].empty());
    EXPECT_GT(spikes[1][0], 0.0) << "the dendrite spiked";
    EXPECT_EQ(spikes[0], spikes[2]);
    EXPECT_EQ(spikes[1], spikes[3]);
}

TEST(Compartments, ModelFileErrorsNameTheirPath)
{
    std::string text = io::writeModel(*compartmentalNetwork(), models::builtinLibrary());
    auto error = [&](const std::string& from, const std::string& to) {
        std::string changed = text;
        const auto at = changed.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        changed.replace(at, from.size(), to);
        try {
            io::readModel(changed, models::builtinLibrary());
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_HAS(error("\"soma\",\n", "\"apical\",\n"), "/models/neurons/0: coupling 0 (soma - dend): compartment 'soma' does not exist (compartments: apical, dend)");
    EXPECT_HAS(error("\"target_compartment\": \"dend\"", "\"target_compartment\": \"dnd\""),
               "/synapse_groups/0: synapse group 'PN': target compartment 'dnd' is not a compartment of neuron group 'N'");
}

} // namespace
} // namespace spikegen
