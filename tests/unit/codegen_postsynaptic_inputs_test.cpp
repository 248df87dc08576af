// Which projections share a postsynaptic input: the same linear model, parameters and constant
// initial values onto the same group (GeNN's merged postsynaptic models), and nothing else.
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

TEST(PostsynapticInputs, TheMicrocircuitReadsOneInputPerPopulation)
{
    models::StandardNetworkOptions options;
    options.scale = 0.01;
    auto net = models::makeStandardNetwork("microcircuit", options);
    ModelPlan plan(*net, 10);
    for (const auto& g : plan.neuronGroups()) {
        ASSERT_EQ(g.inputs.size(), 1u) << g.group->name();
        EXPECT_EQ(g.inputs[0].projections.size(), g.incoming.size()) << g.group->name();
        for (std::size_t p : g.incoming)
            EXPECT_EQ(plan.synapseGroups()[p].inSyn, g.inputs[0].inSyn);
    }
}

TEST(PostsynapticInputs, DifferentParametersDrawnInitialValuesOrNonlinearModelsKeepTheirOwn)
{
    // COBA: excitatory and inhibitory conductances differ in tau and E, and start at drawn values.
    auto coba = models::makeStandardNetwork("coba");
    ModelPlan plan(*coba, 10);
    for (const auto& g : plan.neuronGroups())
        EXPECT_EQ(g.inputs.size(), 2u) << g.group->name();

    Network net("inputs");
    net.addNeuronGroup("P", 10, models::Poisson(), {{"rate", 10.0}}, {});
    net.addNeuronGroup("T", 10, models::Poisson(), {{"rate", 10.0}}, {});
    PostsynapticModel square;
    square.name = "Square";
    square.applyInputCode = "Isyn += inSyn * inSyn;\ninSyn = 0.0;";
    auto add = [&](const std::string& name, ModelInstance<PostsynapticModel> ps) {
        net.addSynapseGroup(name, SynapseSpec{"P", "T", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, ps,
                                              init::FixedProbability(0.5)});
    };
    add("A", {models::ExpCurr(), {{"tau", 5.0}}, {}});
    add("B", {models::ExpCurr(), {{"tau", 5.0}}, {{"iSyn", 0.0}}}); // the declared initial value: shared
    add("C", {models::ExpCurr(), {{"tau", 10.0}}, {}});
    add("D", {models::ExpCurr(), {{"tau", 5.0}}, {{"iSyn", init::Uniform(0.0, 1.0)}}});
    add("E", {square, {}, {}});
    add("F", {square, {}, {}}); // not linear: never shared
    ModelPlan inputs(net, 10);
    const auto& t = inputs.neuronGroups()[1];
    ASSERT_EQ(t.inputs.size(), 5u);
    EXPECT_EQ(t.inputs[0].projections, (std::vector<std::size_t>{0, 1}));
    for (std::size_t i = 1; i < 5; ++i)
        EXPECT_EQ(t.inputs[i].projections.size(), 1u);
}

} // namespace
} // namespace spikegen
