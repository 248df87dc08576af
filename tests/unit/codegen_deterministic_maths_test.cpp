// Deterministic mode reaches every code string of a plan: sim, threshold, reset, equations,
// variable initialisers print spikegen's own maths
// (core/rng/maths_device.inc), the fast mode the platform's; and the backends' check for targets
// without double finds such a call with the model and field it came from.
#include "core/codegen/code_writer.h"
#include "core/codegen/model_plan.h"
#include "core/lang/builtins.h"
#include "models/neurons.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

std::unique_ptr<Network> network(bool deterministic)
{
    NeuronModel m;
    m.name = "Trig";
    m.vars = {{"V"}, {"W"}};
    m.simCode = "V += dt * sin(V);";
    m.thresholdCode = "cos(V) > 0.9";
    m.resetCode = "V = atan(V);";
    m.equations = "dW/dt = -tanh(W) / 10.0 : 1";
    VarInitSnippet init;
    init.name = "ErfInit";
    init.code = "value = erf(0.5);";
    auto net = std::make_unique<Network>("det_maths", NetworkOptions{0.1, Precision::Float, 1, deterministic});
    net->addNeuronGroup("N", 4, m, {}, {{"V", VarInit(init, {})}, {"W", 0.0}});
    return net;
}

TEST(DeterministicMathsPlan, EveryCodeStringOfThePlanPrintsOwnFunctionsOnlyInDeterministicMode)
{
    for (bool deterministic : {false, true}) {
        SCOPED_TRACE(deterministic ? "deterministic" : "fast");
        auto net = network(deterministic);
        ModelPlan plan(*net, 0);
        EXPECT_EQ(plan.langOptions().deterministicMaths, deterministic);
        const NeuronGroupPlan& n = plan.neuronGroups().at(0);
        const std::string printed = n.sim.printText(lang::Dialect::Cuda) + n.threshold.printText(lang::Dialect::Cuda) +
                                    n.reset.printText(lang::Dialect::Cuda) + n.integration.printText(lang::Dialect::Cuda) +
                                    n.vars.at(0).init.printText(lang::Dialect::Cuda);
        for (const char* name : {"sin", "cos", "atan", "tanh", "erf"}) {
            if (deterministic)
                EXPECT_NE(printed.find("sg_" + std::string(name) + "_f("), std::string::npos) << name << "\n" << printed;
            else
                EXPECT_NE(printed.find(std::string(name) + "f("), std::string::npos) << name << "\n" << printed;
        }
    }
}

TEST(DeterministicMathsPlan, FindsTheFirstCodeStringCallNeedingDoubleWithItsOrigin)
{
    auto net = network(true);
    ModelPlan plan(*net, 0);
    const NeuronGroupPlan& n = plan.neuronGroups().at(0);
    CodeWriter writer(lang::Dialect::OpenCL);
    writer.raw("static float sg_sin_f(float x) { return x; }\n"); // library text: not a code string
    writer.open("void f()");
    writer.code(n.reset);
    writer.code(n.sim);
    writer.close();
    const auto found = findCodeStringCall(writer, lang::ownFloatMathsNeedingDouble());
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->function, "sg_atan_f");
    EXPECT_EQ(found->origin.source.model, "Trig");
    EXPECT_EQ(found->origin.source.field, "reset code");
    EXPECT_EQ(found->origin.sourceLine, 1);

    auto fast = network(false);
    ModelPlan fastPlan(*fast, 0);
    CodeWriter other(lang::Dialect::OpenCL);
    other.code(fastPlan.neuronGroups().at(0).sim);
    EXPECT_FALSE(findCodeStringCall(other, lang::ownFloatMathsNeedingDouble()).has_value());
}

} // namespace
} // namespace spikegen
