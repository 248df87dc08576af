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

// Static sparse projections without axonal delay add a step ahead, through a ring of one slot
// more than their dendritic delays need, so that a GPU's neuron update may deliver their spikes
// while other neurons still read this step's input; everything else adds as before.
TEST(PostsynapticInputs, StaticProjectionsWithoutDelayAddAStepAheadThroughTheirRing)
{
    Network net("deliverable");
    net.addNeuronGroup("P", 100, models::Poisson(), {{"rate", 10.0}}, {});
    for (const char* target : {"T0", "T1", "T2", "T3", "T4", "T5", "T6"})
        net.addNeuronGroup(target, 100, models::LIF(),
                           {{"C", 0.2}, {"TauM", 20}, {"Vrest", -60}, {"Vreset", -60}, {"Vthresh", -50},
                            {"Ioffset", 0.0}, {"TauRefrac", 5}},
                           {{"V", -60.0}, {"RefracTime", 0.0}});
    WeightUpdateModel readsTarget = models::StaticPulseConstantWeight();
    readsTarget.name = "ReadsTarget";
    readsTarget.simCode = "addToPost(V_post > -55.0 ? g : 0.0);";
    const ParamValues stdp = {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", 0.01}, {"Aminus", 0.01},
                              {"wMin", 0.0},     {"wMax", 1.0}};
    auto add = [&](const std::string& target, ModelInstance<WeightUpdateModel> wu, ConnectivityInstance conn,
                   int axonal = 0, int dendritic = 0) {
        SynapseSpec spec{"P", target, std::move(wu), {models::ExpCurr(), {{"tau", 5.0}}, {}}, std::move(conn)};
        spec.axonalDelaySteps = axonal;
        spec.maxDendriticDelaySteps = dendritic;
        net.addSynapseGroup("P_" + target, spec);
    };
    add("T0", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, init::FixedProbability(0.1));
    add("T1", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, init::FixedProbability(0.1), 2);
    add("T2", {models::STDPAdditive(), stdp, {{"w", 0.5}}}, init::FixedProbability(0.1));
    add("T3", {readsTarget, {{"g", 1.0}}, {}}, init::FixedProbability(0.1));
    add("T4", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, init::Dense());
    add("T5", {models::StaticPulseDendriticDelay(), {}, {{"g", 1.0}, {"d", 1u}}}, init::FixedProbability(0.1), 0, 3);
    add("T6", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, init::FixedProbability(0.1), 0, 3);
    ModelPlan plan(net, 10);
    const std::vector<bool> deliverable = {true, false, false, false, false, true, true};
    const std::vector<std::uint32_t> slots = {2, 0, 0, 0, 0, 5, 5};
    for (std::size_t p = 0; p < deliverable.size(); ++p) {
        const SynapseGroupPlan& s = plan.synapseGroups()[p];
        EXPECT_EQ(s.deliverableAtEmission, deliverable[p]) << s.group->name();
        EXPECT_EQ(s.dendriticSlots, slots[p]) << s.group->name();
        if (s.weightSim.references("addToPost")) // into the ring's next slot, or the input itself
            EXPECT_EQ(s.weightSim.print(lang::Dialect::Cpp).at(0).text.find("[sg_dendritic_slot * 100u + id_post]") !=
                          std::string::npos,
                      deliverable[p])
                << s.group->name();
    }
}

} // namespace
} // namespace spikegen
