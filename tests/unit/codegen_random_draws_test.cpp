// poisson() and shared_uniform() in code strings: where they are visible, what they print, and the
// errors for bad uses (each naming the model and the code string).
#include "core/codegen/model_plan.h"
#include "core/lang/code_error.h"
#include "models/current_sources.h"
#include "models/neurons.h"
#include "models/shared_draw_snippets.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

std::unique_ptr<Network> withInjection(const std::string& code, Precision precision = Precision::Float)
{
    CurrentSourceModel source;
    source.name = "Kicks";
    source.params = {"lam"};
    source.injectionCode = code;
    auto net = std::make_unique<Network>("kicks", NetworkOptions{0.1, precision, 1});
    net->addNeuronGroup("N", 4, models::LIFDelta(),
                        {{"TauM", 20.0}, {"Vrest", 0.0}, {"Vreset", 10.0}, {"Vthresh", 20.0}, {"TauRefrac", 2.0}},
                        {{"V", 0.0}, {"RefracTime", 0.0}});
    net->addCurrentSource("kicks", "N", source, {{"lam", 2.0}});
    return net;
}

std::string planError(const Network& net)
{
    try {
        ModelPlan plan(net, 0);
    } catch (const lang::CodeError& e) {
        return e.what();
    }
    return "no error";
}

TEST(RandomDraws, PoissonPrintsThePrecisionsFunctionAndIsUnsigned)
{
    for (Precision precision : {Precision::Float, Precision::Double}) {
        auto net = withInjection("const unsigned n = poisson(lam);\ninjectCurrent(0.1 * n);", precision);
        ModelPlan plan(*net, 0);
        const auto& cs = plan.currentSources().at(0);
        EXPECT_TRUE(cs.usesRng);
        const std::string text = cs.injection.printText(lang::Dialect::Cpp);
        EXPECT_NE(text.find(precision == Precision::Double ? "sg_poisson_d(&sg_rng_state, " : "sg_poisson_f(&sg_rng_state, "),
                  std::string::npos)
            << text;
    }
}

TEST(RandomDraws, PoissonOfABoolIsAnErrorNamingTheCodeString)
{
    const std::string error = planError(*withInjection("injectCurrent(poisson(lam > 1.0));"));
    EXPECT_NE(error.find("model 'Kicks', field 'injection code', line 1, column 23"), std::string::npos) << error;
    EXPECT_NE(error.find("argument 1 of 'poisson' is a 'bool'"), std::string::npos) << error;
}

TEST(RandomDraws, PoissonTakesExactlyOneArgument)
{
    for (const char* code : {"injectCurrent(poisson());", "injectCurrent(poisson(lam, 2.0));"}) {
        const std::string error = planError(*withInjection(code));
        EXPECT_NE(error.find("model 'Kicks', field 'injection code'"), std::string::npos) << error;
        EXPECT_NE(error.find("'poisson' takes 1 argument"), std::string::npos) << error;
    }
}

TEST(RandomDraws, SharedUniformIsOnlyForInitialisers)
{
    const std::string error = planError(*withInjection("injectCurrent(shared_uniform());"));
    EXPECT_NE(error.find("model 'Kicks', field 'injection code'"), std::string::npos) << error;
    EXPECT_NE(error.find("unknown function 'shared_uniform'"), std::string::npos) << error;
}

TEST(RandomDraws, SharedUniformDrawsFromTheElementsSharedStream)
{
    auto net = std::make_unique<Network>("shared", NetworkOptions{1.0, Precision::Float, 1});
    net->addNeuronGroup("N", 4, models::IzhikevichVariable(), {},
                        {{"V", -65.0}, {"U", -13.0}, {"a", 0.02}, {"b", 0.2},
                         {"c", init::SharedUniformSquared(-65.0, -50.0)}, {"d", init::SharedUniformSquared(8.0, 2.0)}});
    ModelPlan plan(*net, 0);
    for (const auto& var : plan.neuronGroups().at(0).vars) {
        EXPECT_EQ(var.initUsesSharedRng, var.name == "c" || var.name == "d") << var.name;
        EXPECT_FALSE(var.initUsesRng) << var.name;
    }
}

} // namespace
} // namespace spikegen
