// Equations in postsynaptic models and current sources: each bad input gives one error naming the
// group, the model, field 'equations' and the line; the integrated step runs after apply-input code
// (postsynaptic) or before injection code (current source); identical linear equation models
// still share one postsynaptic input.
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

PostsynapticModel odePostsynaptic(const std::string& equations, const std::string& method = "")
{
    PostsynapticModel m;
    m.name = "OdeSyn";
    m.linear = true;
    m.params = {"tau", "E"};
    m.vars = {{"gSyn", "scalar", 0.0}, {"count", "int", 0.0}};
    m.equations = equations;
    m.integrationMethod = method;
    m.applyInputCode = "gSyn += inSyn;\ninSyn = 0.0;\nIsyn += gSyn * (E - V);";
    return m;
}

CurrentSourceModel odeSource(const std::string& equations, const std::string& method = "")
{
    CurrentSourceModel m;
    m.name = "OdeSource";
    m.params = {"amp", "tau"};
    m.vars = {{"I"}};
    m.equations = equations;
    m.integrationMethod = method;
    m.injectionCode = "injectCurrent(I);";
    return m;
}

NeuronModel target()
{
    NeuronModel m;
    m.name = "Target";
    m.vars = {{"V"}};
    m.simCode = "V += Isyn * dt;";
    return m;
}

std::unique_ptr<Network> twoGroups()
{
    auto net = std::make_unique<Network>("equations");
    net->addNeuronGroup("Pre", 2, target(), {}, {{"V", 0.0}});
    net->addNeuronGroup("Post", 2, target(), {}, {{"V", 0.0}});
    return net;
}

void addProjection(Network& net, const std::string& name, const PostsynapticModel& psm, const VarInits& inits = {})
{
    net.addSynapseGroup(name, {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                               {psm, {{"tau", 5.0}, {"E", 0.0}}, inits}, init::OneToOne()});
}

// The message of the error raised when the model is added to a network or planned; "" if none.
std::string postsynapticError(const PostsynapticModel& psm, const VarInits& inits = {})
{
    try {
        auto net = twoGroups();
        addProjection(*net, "S", psm, inits);
        ModelPlan plan(*net, 10);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::string sourceError(const CurrentSourceModel& model, const VarInits& inits = {{"I", 0.0}})
{
    try {
        auto net = twoGroups();
        net->addCurrentSource("Src", "Post", model, {{"amp", 1.0}, {"tau", 5.0}}, inits);
        ModelPlan plan(*net, 10);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_HAS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

TEST(EquationModelErrors, UnknownName)
{
    const std::string p = postsynapticError(odePostsynaptic("dgSyn/dt = -gSyn / tauu"));
    EXPECT_HAS(p, "model 'OdeSyn', field 'equations', line 1, column 20");
    EXPECT_HAS(p, "did you mean 'tau'");
    const std::string c = sourceError(odeSource("\ndI/dt = (amp - I) / taux"));
    EXPECT_HAS(c, "model 'OdeSource', field 'equations', line 2, column 21");
    EXPECT_HAS(c, "'taux'");
}

TEST(EquationModelErrors, ExactOnANonLinearSystem)
{
    EXPECT_HAS(postsynapticError(odePostsynaptic("dgSyn/dt = -gSyn * gSyn / tau", "exact")),
               "model 'OdeSyn', field 'equations', line 1, column 2: exact: the system is not linear");
    EXPECT_HAS(sourceError(odeSource("dI/dt = (amp - I * I) / tau", "exact")),
               "model 'OdeSource', field 'equations', line 1, column 2: exact: the system is not linear");
}

TEST(EquationModelErrors, UndeclaredVariable)
{
    // The target neuron's V is readable in apply-input code but is not the postsynaptic model's own.
    const std::string p = postsynapticError(odePostsynaptic("dV/dt = -V / tau"));
    EXPECT_HAS(p, "synapse group 'S', postsynaptic model: model 'OdeSyn', field 'equations', line 1");
    EXPECT_HAS(p, "'V' in dV/dt is not a state variable of the model");
    EXPECT_HAS(postsynapticError(odePostsynaptic("dcount/dt = 1.0")), "'count' is not a real variable");
    const std::string c = sourceError(odeSource("dJ/dt = -J / tau"));
    EXPECT_HAS(c, "current source 'Src': model 'OdeSource', field 'equations', line 1");
    EXPECT_HAS(c, "'J' in dJ/dt is not a state variable of the model");
}

TEST(EquationModelErrors, MissingInitialValue)
{
    PostsynapticModel psm = odePostsynaptic("dgSyn/dt = -gSyn / tau");
    psm.vars[0].initial.reset();
    EXPECT_HAS(postsynapticError(psm, {{"count", 0.0}}), "differential variable 'gSyn' has no initial value");
    EXPECT_HAS(sourceError(odeSource("dI/dt = (amp - I) / tau"), {}),
               "current source 'Src': model 'OdeSource', field 'equations', line 1: differential variable 'I' has no "
               "initial value");
}

TEST(EquationModelErrors, UnknownMethod)
{
    EXPECT_HAS(postsynapticError(odePostsynaptic("dgSyn/dt = -gSyn / tau", "rk5")),
               "model 'OdeSyn', field 'integration_method': unknown integration method 'rk5'");
    EXPECT_HAS(sourceError(odeSource("dI/dt = (amp - I) / tau", "backward")),
               "model 'OdeSource', field 'integration_method': unknown integration method 'backward'");
}

TEST(EquationModels, IntegrationIsPlannedBesideTheModelsCode)
{
    auto net = twoGroups();
    addProjection(*net, "S", odePostsynaptic("dgSyn/dt = -gSyn / tau", "euler"));
    net->addCurrentSource("Src", "Post", odeSource("dI/dt = (amp - I) / tau", "rk2"), {{"amp", 1.0}, {"tau", 5.0}},
                          {{"I", 0.0}});
    ModelPlan plan(*net, 10);
    const auto& input = plan.neuronGroups()[1].inputs.at(0);
    EXPECT_TRUE(input.integration.assignedNames().count("gSyn"));
    EXPECT_TRUE(input.decay.empty());
    EXPECT_TRUE(plan.currentSources().at(0).integration.assignedNames().count("I"));
    // Without equations there is nothing to integrate.
    auto plain = twoGroups();
    addProjection(*plain, "S", models::ExpCond());
    ModelPlan plainPlan(*plain, 10);
    EXPECT_TRUE(plainPlan.neuronGroups()[1].inputs.at(0).integration.empty());
}

TEST(EquationModels, IdenticalLinearEquationModelsShareOneInput)
{
    auto net = twoGroups();
    addProjection(*net, "A", odePostsynaptic("dgSyn/dt = -gSyn / tau", "exact"));
    addProjection(*net, "B", odePostsynaptic("dgSyn/dt = -gSyn / tau", "exact"));
    addProjection(*net, "C", odePostsynaptic("dgSyn/dt = -gSyn / tau", "euler")); // another method
    PostsynapticModel nonLinear = odePostsynaptic("dgSyn/dt = -gSyn / tau", "exact");
    nonLinear.linear = false;
    addProjection(*net, "D", nonLinear);
    ModelPlan plan(*net, 10);
    const auto& inputs = plan.neuronGroups()[1].inputs;
    ASSERT_EQ(inputs.size(), 3u);
    EXPECT_EQ(inputs[0].projections, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(inputs[1].projections, (std::vector<std::size_t>{2}));
    EXPECT_EQ(inputs[2].projections, (std::vector<std::size_t>{3}));
}

} // namespace
} // namespace spikegen
