// Host evaluation of code-string expressions (core/lang/evaluator.h) and the expression forms of
// derived parameters: values must equal what the former C++ lambdas computed, bit for bit.
#include "core/lang/evaluator.h"
#include "spikegen.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spikegen {
namespace {

double eval(const std::string& source, const lang::Values& values = {})
{
    return lang::evaluateHostExpression(source, values, {"test", "expression"});
}

TEST(HostExpression, ArithmeticFollowsC)
{
    EXPECT_EQ(eval("7 / 2"), 3.0);     // integer division truncates
    EXPECT_EQ(eval("-7 / 2"), -3.0);
    EXPECT_EQ(eval("7 % 3"), 1.0);
    EXPECT_EQ(eval("7.0 / 2"), 3.5);
    EXPECT_EQ(eval("1 << 4"), 16.0);
    EXPECT_EQ(eval("2147483647 + 1"), -2147483648.0); // int wraps at 32 bits
    EXPECT_EQ(eval("(unsigned)0 - 1u"), 4294967295.0);
    EXPECT_EQ(eval("(int)2.9"), 2.0);
}

TEST(HostExpression, ComparisonsLogicAndTernary)
{
    EXPECT_EQ(eval("x > 1.0 && x < 3.0", {{"x", 2.0}}), 1.0);
    EXPECT_EQ(eval("x > 1.0 && x < 3.0", {{"x", 3.0}}), 0.0);
    EXPECT_EQ(eval("!(x == 2.0) || x != x", {{"x", 2.0}}), 0.0);
    EXPECT_EQ(eval("x <= 0.0 ? 1e30 : x >= 1.0 ? 0.0 : -1.0", {{"x", 0.5}}), -1.0);
    EXPECT_EQ(eval("x <= 0.0 ? 1e30 : 0.0", {{"x", 0.0}}), 1e30);
}

TEST(HostExpression, MathsBuiltins)
{
    EXPECT_EQ(eval("exp(-dt / tau)", {{"dt", 0.1}, {"tau", 20.0}}), std::exp(-0.1 / 20.0));
    EXPECT_EQ(eval("log1p(-p)", {{"p", 0.02}}), std::log1p(-0.02));
    EXPECT_EQ(eval("pow(2.0, 10.0) + sqrt(16.0) + fmin(1.0, 2.0) + max(3, 4) + abs(-2)"), 1024.0 + 4 + 1 + 4 + 2);
    EXPECT_EQ(eval("fma(2.0, 3.0, 1.0) + floor(2.7) + hypot(3.0, 4.0)"), 7.0 + 2.0 + 5.0);
    EXPECT_EQ(eval("isnan(x) ? 1.0 : 0.0", {{"x", 1.0}}), 0.0);
}

TEST(HostExpression, Errors)
{
    EXPECT_THROW(eval("tau_m * 2.0", {{"tau", 1.0}}), lang::CodeError);  // unknown name
    EXPECT_THROW(eval("1 / 0"), lang::CodeError);                        // caught by the checker
    EXPECT_TRUE(std::isinf(eval("1 / n", {{"n", 0.0}}))); // n is a double: IEEE division, as in generated code
}

TEST(DerivedParamExpressions, BuiltinsMatchTheirFormerLambdas)
{
    const ParamValues lif = {{"C", 0.2}, {"TauM", 20.0}, {"Vrest", -60.0}, {"Vreset", -60.0},
                             {"Vthresh", -50.0}, {"Ioffset", 0.0}, {"TauRefrac", 5.0}};
    const auto model = models::LIF();
    for (double dt : {0.1, 0.05, 1.0 / 3.0}) {
        EXPECT_EQ(model.derivedParams[0].compute(lif, dt), std::exp(-dt / 20.0));
        EXPECT_EQ(model.derivedParams[1].compute(lif, dt), 20.0 / 0.2);
        EXPECT_EQ(models::Poisson().derivedParams[0].compute({{"rate", 13.0}}, dt), 13.0 * dt * 1e-3);
        EXPECT_EQ(models::ExpCond().derivedParams[0].compute({{"tau", 5.0}, {"E", 0.0}}, dt), std::exp(-dt / 5.0));
    }
    const auto gap = init::FixedProbability(0.02).snippet.derivedParams[0];
    EXPECT_EQ(gap.compute({{"prob", 0.02}}, 0.1), -1.0 / std::log1p(-0.02));
    EXPECT_EQ(gap.compute({{"prob", 0.0}}, 0.1), 1e30);
    EXPECT_EQ(gap.compute({{"prob", 1.0}}, 0.1), 0.0);
    EXPECT_EQ(init::ExponentialSnippet().derivedParams[0].compute({{"lambda", 4.0}}, 0.1), 0.25);
    EXPECT_EQ(init::FixedNumberPostWithReplacement(7).snippet.maxRowLength(10, 20, {{"num", 7.0}}), 7u);
    EXPECT_EQ(init::FixedProbability(0.1).snippet.maxRowLength(10, 20, {{"prob", 0.1}}), 20u);
}

TEST(DerivedParamExpressions, BadExpressionIsAValidationError)
{
    NeuronModel m = models::Poisson();
    m.derivedParams = {{"spikeProbability", "rate * dt * 1e-3 * bogus"}};
    Network net("n");
    try {
        net.addNeuronGroup("P", 1, m, {{"rate", 1.0}}, {});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("neuron group 'P'"), std::string::npos) << what;
        EXPECT_NE(what.find("unknown name 'bogus'"), std::string::npos) << what;
    }
}

} // namespace
} // namespace spikegen
