// Equations (core/equations): each bad input gives one error naming the model, the variable and the
// line; the methods are chosen and applied as documented; symbolic derivatives simplify.
#include "core/equations/equations.h"
#include "core/equations/symbolic.h"
#include "core/equations/units.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

NeuronModel odeModel(const std::string& equations, const std::string& method = "")
{
    NeuronModel m;
    m.name = "Ode";
    m.params = {"tau", "E"};
    m.vars = {{"V"}, {"w"}, {"count", "int"}};
    m.equations = equations;
    m.integrationMethod = method;
    return m;
}

const VarInits kInits = {{"V", -65.0}, {"w", 0.0}, {"count", 0.0}};

// The message of the error raised when the model is added to a network or planned; "" if none.
std::string errorOf(const NeuronModel& model, const VarInits& inits = kInits)
{
    try {
        Network net("equations");
        net.addNeuronGroup("N", 1, model, {{"tau", 10.0}, {"E", -65.0}}, inits);
        ModelPlan plan(net, 10);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// The plan of a one-group network with this model.
const NeuronGroupPlan& planned(std::unique_ptr<Network>& net, std::unique_ptr<ModelPlan>& plan, const NeuronModel& model)
{
    net = std::make_unique<Network>("equations");
    net->addNeuronGroup("N", 1, model, {{"tau", 10.0}, {"E", -65.0}}, kInits);
    plan = std::make_unique<ModelPlan>(*net, 10);
    return plan->neuronGroups()[0];
}

#define EXPECT_HAS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

TEST(EquationErrors, UnknownNameGivesModelLineAndColumn)
{
    const std::string e = errorOf(odeModel("dw/dt = -w / tau\ndV/dt = (E - V) / tauu : mV"));
    EXPECT_HAS(e, "model 'Ode', field 'equations', line 2, column 19");
    EXPECT_HAS(e, "'tauu'");
    EXPECT_HAS(e, "did you mean 'tau'");
}

TEST(EquationErrors, SyntaxErrorInTheRightHandSide)
{
    const std::string e = errorOf(odeModel("dV/dt = (E - V / tau : mV"));
    EXPECT_HAS(e, "field 'equations', line 1");
    EXPECT_HAS(e, "expected ')'");
}

TEST(EquationErrors, MalformedLines)
{
    EXPECT_HAS(errorOf(odeModel("dV/dt (E - V) / tau")), "line 1, column 1: expected an equation");
    EXPECT_HAS(errorOf(odeModel("dV/dx = (E - V) / tau")), "expected 'dt' after '/'");
    EXPECT_HAS(errorOf(odeModel("dV/dt = ")), "expected an expression after '=' for 'V'");
    EXPECT_HAS(errorOf(odeModel("dV/dt = (E - V) / tau : m$V")), "'m$V' is not a unit");
    EXPECT_HAS(errorOf(odeModel("dV/dt = (E - V) / tau :")), "expected a unit after ':'");
}

TEST(EquationErrors, DifferentialVariableMustBeADeclaredStateVariable)
{
    const std::string e = errorOf(odeModel("dV/dt = (E - V) / tau\ndX/dt = -X / tau"));
    EXPECT_HAS(e, "neuron group 'N'");
    EXPECT_HAS(e, "model 'Ode', field 'equations', line 2");
    EXPECT_HAS(e, "'X' in dX/dt is not a state variable of the model");
    // A parameter is not a state variable either, and neither is an integer variable real.
    EXPECT_HAS(errorOf(odeModel("dtau/dt = 1.0")), "'tau' in dtau/dt is not a state variable");
    EXPECT_HAS(errorOf(odeModel("dcount/dt = 1.0")), "'count' is not a real variable");
}

TEST(EquationErrors, DifferentialVariableWithoutInitialValue)
{
    const std::string e = errorOf(odeModel("dV/dt = (E - V) / tau\ndw/dt = -w / tau"), {{"V", -65.0}, {"count", 0.0}});
    EXPECT_HAS(e, "model 'Ode', field 'equations', line 2");
    EXPECT_HAS(e, "differential variable 'w' has no initial value");
}

TEST(EquationErrors, SameVariableDefinedTwice)
{
    const std::string e = errorOf(odeModel("dV/dt = (E - V) / tau\n\ndV/dt = -V / tau"));
    EXPECT_HAS(e, "line 3, column 2: 'V' is defined twice");
    EXPECT_HAS(e, "already defined at line 1");
    EXPECT_HAS(errorOf(odeModel("I = E - V\nI = 2.0 * E")), "'I' is defined twice");
    EXPECT_HAS(errorOf(odeModel("tau = 3.0\ndV/dt = -V / tau")), "'tau' is already a name of the model");
}

TEST(EquationErrors, ExactOnANonLinearSystem)
{
    const std::string e = errorOf(odeModel("dw/dt = -w / tau\ndV/dt = -V * V / tau", "exact"));
    EXPECT_HAS(e, "model 'Ode', field 'equations', line 2");
    EXPECT_HAS(e, "exact: the system is not linear: the coefficient of V in dV/dt depends on V");
}

TEST(EquationErrors, ExactWithCoefficientsThatDependOnState)
{
    EXPECT_HAS(errorOf(odeModel("dV/dt = -w * V / tau\ndw/dt = -w / tau", "exact")),
               "line 1, column 2: exact: the system is not linear: the coefficient of V in dV/dt depends on w");
    EXPECT_HAS(errorOf(odeModel("dV/dt = -Isyn * V", "exact")),
               "the coefficient of V in dV/dt depends on 'Isyn', which is not a parameter");
}

TEST(EquationErrors, ExponentialEulerOnAnEquationNonLinearInItsVariable)
{
    const std::string e = errorOf(odeModel("dw/dt = -w / tau\ndV/dt = exp(V / E) - w", "exponential_euler"));
    EXPECT_HAS(e, "model 'Ode', field 'equations', line 2, column 2");
    EXPECT_HAS(e, "exponential_euler: the equation of 'V' is not linear in V");
}

TEST(EquationErrors, UnknownMethod)
{
    const std::string e = errorOf(odeModel("dV/dt = -V / tau", "rk5"));
    EXPECT_HAS(e, "model 'Ode', field 'integration_method': unknown integration method 'rk5'");
    EXPECT_HAS(e, "euler, rk2, rk4, exponential_euler or exact");
}

TEST(EquationErrors, WhatHasNoMeaningInAnOde)
{
    EXPECT_HAS(errorOf(odeModel("dV/dt = uniform() - V")), "line 1, column 9: 'uniform' cannot be called in an equation");
    EXPECT_HAS(errorOf(odeModel("dV/dt = w = 1.0")), "cannot assign");
    EXPECT_HAS(errorOf(odeModel("dV/dt = (1 / 2) * V")), "integer division in an equation");
}

TEST(Equations, MethodIsChosenWhenNotGiven)
{
    std::unique_ptr<Network> net;
    std::unique_ptr<ModelPlan> plan;
    auto source = [&](const NeuronModel& m) { return planned(net, plan, m).integration.source().field; };
    EXPECT_EQ(source(odeModel("dV/dt = (E - V) / tau + Isyn")), "equations, integrated by exact");
    EXPECT_EQ(source(odeModel("dV/dt = (E - V) * w / tau\ndw/dt = (V - w) / tau")),
              "equations, integrated by exponential_euler");
    EXPECT_EQ(source(odeModel("dV/dt = V * V / tau")), "equations, integrated by rk4");
    // No equations: nothing before the sim code.
    EXPECT_TRUE(planned(net, plan, odeModel("")).integration.empty());
}

TEST(Equations, SubexpressionsAndCommentsAndUnits)
{
    std::unique_ptr<Network> net;
    std::unique_ptr<ModelPlan> plan;
    const auto& g = planned(net, plan, odeModel(R"(
# leak towards E
I_leak = (E - V) / tau   : mV/ms   // a subexpression
dV/dt = I_leak + w       : mV
dw/dt = V > E ? 0.0 : -w / tau : mV/ms
)", "euler"));
    EXPECT_TRUE(g.integration.assignedNames().count("V"));
    EXPECT_TRUE(g.integration.assignedNames().count("w"));
    EXPECT_FALSE(g.integration.references("I_leak")); // substituted, not a name of generated code
}

// Found by the model-file fuzzer: a coefficient that divides by a parameter of 0 made the matrix
// exponential loop for ever; now it is an error at the equation.
TEST(Equations, ExactWithAnInfiniteCoefficientIsAnError)
{
    EXPECT_HAS(errorOf(odeModel("dV/dt = -V / (tau - 10.0) : mV", "exact")),
               "exact: the coefficient of V in dV/dt is infinite with these parameter values");
}

TEST(Equations, UnitAnnotationsParseToDimensions)
{
    using D = std::array<int, 3>; // volt, ampere, second
    EXPECT_EQ(equations::parseUnit("mV"), (D{1, 0, 0}));
    EXPECT_EQ(equations::parseUnit("nA"), (D{0, 1, 0}));
    EXPECT_EQ(equations::parseUnit("uS"), (D{-1, 1, 0}));
    EXPECT_EQ(equations::parseUnit("pF"), (D{-1, 1, 1}));
    EXPECT_EQ(equations::parseUnit("mV/ms"), (D{1, 0, -1}));
    EXPECT_EQ(equations::parseUnit("volt**2 / second"), (D{2, 0, -1}));
    EXPECT_EQ(equations::parseUnit("MOhm"), (D{1, -1, 0}));
    EXPECT_EQ(equations::parseUnit("Hz"), (D{0, 0, -1}));
    EXPECT_EQ(equations::parseUnit("1"), (D{0, 0, 0}));
    EXPECT_FALSE(equations::parseUnit("furlong"));
    EXPECT_FALSE(equations::parseUnit("mV (membrane)"));
}

// Terms whose units the annotations give must agree; unknown ones (parameters, numbers) never fail.
TEST(Equations, UnitMismatchesAreErrorsAtTheRightHandSide)
{
    auto error = [](const std::string& text) {
        std::unique_ptr<Network> net;
        std::unique_ptr<ModelPlan> plan;
        try {
            planned(net, plan, odeModel(text, "euler"));
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_HAS(error("dV/dt = (E - V) / tau + w : mV\ndw/dt = -w / tau : nA"),
               "line 1, column 9: unit mismatch: the right-hand side has the dimension A, but dV/dt needs V/s ('V' is in mV)");
    EXPECT_HAS(error("dV/dt = (V + w) / tau : mV\ndw/dt = -w / tau : nA"),
               "adds 'V' (dimension V) and 'w' (dimension A)");
    EXPECT_HAS(error("dV/dt = -V : mV\ndw/dt = -w / tau : nA"), "has the dimension V, but dV/dt needs V/s");
    EXPECT_HAS(error("dV/dt = exp(V) / tau : mV\ndw/dt = -w / tau : nA"), "calls exp() with 'V', which has the dimension V");
    EXPECT_EQ(error("dV/dt = (E - V) / tau + exp((V - E) / tau) - w / tau : mV\ndw/dt = -w / tau : nA"), "");
    EXPECT_EQ(error("dV/dt = (E - V) / tau : millivolt (anything that is not a unit is not checked)\ndw/dt = 0 : nA"), "");
}

TEST(Equations, ParsesUnitsAndConditionals)
{
    const auto eqs = equations::parseEquations("dV/dt = V > 0.0 ? -V : V : mV\n  g = 2.0  # comment", {"M", "equations"});
    ASSERT_EQ(eqs.size(), 2u);
    EXPECT_TRUE(eqs[0].differential);
    EXPECT_EQ(eqs[0].expression, "V > 0.0 ? -V : V");
    EXPECT_EQ(eqs[0].unit, "mV");
    EXPECT_EQ(eqs[0].expressionColumn, 9);
    EXPECT_FALSE(eqs[1].differential);
    EXPECT_EQ(eqs[1].name, "g");
    EXPECT_EQ(eqs[1].line, 2);
    EXPECT_EQ(eqs[1].column, 3);
    EXPECT_TRUE(eqs[1].unit.empty());
}

TEST(Symbolic, DerivativesSimplify)
{
    using namespace equations;
    const Sym v = symbol("V"), tau = symbol("tau"), e = symbol("E");
    EXPECT_EQ(toCode(derivative(div(sub(e, v), tau), "V")), "-(1.0 / tau)");
    EXPECT_EQ(toCode(derivative(mul(v, v), "V")), "V + V");
    EXPECT_FALSE(dependsOn(derivative(sub(v, v), "V"), "V"));
    EXPECT_EQ(toCode(derivative(call("exp", {div(v, tau)}), "V")), "exp(V / tau) * (1.0 / tau)");
    EXPECT_EQ(toCode(sub(number(1.0), number(-2.5))), "3.5");
    EXPECT_EQ(toCode(mul(number(-1.0), sub(e, v))), "-(E - V)");
    EXPECT_THROW(derivative(call("floor", {v}), "V"), Error);
}

} // namespace
} // namespace spikegen
