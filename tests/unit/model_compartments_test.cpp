// Compartmental neurons: the flat model's names, the order of its code, and one clear error for
// each kind of bad input (a coupling to a compartment that does not exist, an unknown target
// compartment, an unknown name in a compartment's equations, clashing names).
#include "core/model/compartments.h"
#include "spikegen.h"

#include <gtest/gtest.h>

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

} // namespace
} // namespace spikegen
