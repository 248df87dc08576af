// Learning code in the plan: what each kind of code may read and write, the clear errors for what
// it may not, and the buffers planned only where code needs them (spike times, column index).
#include "core/lang/code_error.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

// A network of two Poisson groups joined by `model` (weights 0.5), sparse or dense.
std::unique_ptr<Network> networkWith(const WeightUpdateModel& model, ParamValues params = {}, bool dense = false,
                                     int axonalDelay = 0, int dendriticDelay = 0)
{
    auto net = std::make_unique<Network>("plastic_plan");
    net->addNeuronGroup("Pre", 30, models::Poisson(), {{"rate", 10.0}}, {});
    net->addNeuronGroup("Post", 40, models::Poisson(), {{"rate", 10.0}}, {});
    net->addSynapseGroup("S", SynapseSpec{"Pre", "Post", {model, std::move(params), {{"w", 0.5}}},
                                          {models::DeltaCurr(), {}, {}},
                                          dense ? init::Dense() : init::FixedProbability(0.2), axonalDelay,
                                          dendriticDelay});
    return net;
}

WeightUpdateModel traceRule()
{
    WeightUpdateModel m;
    m.name = "TraceRule";
    m.vars = {{"w"}};
    m.preVars = {{"preTrace", "scalar", 0.0}};
    m.postVars = {{"postTrace", "scalar", 0.0}};
    m.preSpikeCode = "preTrace += 1.0;";
    m.postSpikeCode = "postTrace += 1.0;";
    m.simCode = "addToPost(w);";
    m.learnPostCode = "w += 0.01 * preTrace;";
    return m;
}

// Building the plan of `model` fails with a CodeError in `field`, at line:column, with `fragment`.
void expectCodeError(const WeightUpdateModel& model, const std::string& field, int line, int column,
                     const std::string& fragment)
{
    auto net = networkWith(model);
    try {
        ModelPlan plan(*net, 10);
        FAIL() << "expected an error in " << field;
    } catch (const lang::CodeError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("model '" + model.name + "', field '" + field + "', line " + std::to_string(line) +
                            ", column " + std::to_string(column)),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find(fragment), std::string::npos) << what;
    }
}

TEST(PlasticityPlan, UnknownNameInLearnPostCodeNamesModelFieldLineAndColumn)
{
    WeightUpdateModel m = traceRule();
    m.learnPostCode = "w += 0.01 * preTrace;\nw += presTrace;";
    expectCodeError(m, "learn post code", 2, 6, "unknown name 'presTrace'; did you mean 'preTrace'?");
}

TEST(PlasticityPlan, OnlyTheirOwnCodeWritesPreAndPostVariables)
{
    WeightUpdateModel m = traceRule();
    m.learnPostCode = "preTrace = 0.0;";
    expectCodeError(m, "learn post code", 1, 1,
                    "cannot assign to read-only 'preTrace'; presynaptic variables are written only by pre spike and "
                    "pre dynamics code");
    m = traceRule();
    m.simCode = "addToPost(w);\npostTrace -= 1.0;";
    expectCodeError(m, "sim code", 2, 1, "postsynaptic variables are written only by post spike and post dynamics code");
    m = traceRule();
    m.preSpikeCode = "postTrace = 1.0;";
    expectCodeError(m, "pre spike code", 1, 1, "unknown name 'postTrace'");
    m = traceRule();
    m.postSpikeCode = "preTrace = 1.0;";
    expectCodeError(m, "post spike code", 1, 1, "unknown name 'preTrace'");
    m = traceRule();
    m.learnPostCode = "V_post = 0.0;";
    expectCodeError(m, "learn post code", 1, 1, "unknown name 'V_post'"); // Poisson has no V
    m = traceRule();
    m.learnPostCode = "st_pre = t;";
    expectCodeError(m, "learn post code", 1, 1, "spike times are kept by spikegen");
    m = traceRule();
    m.learnPostCode = "addToPost(w);";
    expectCodeError(m, "learn post code", 1, 1, "unknown function 'addToPost'");
    m = traceRule();
    m.preSpikeCode = "w = 0.0;";
    expectCodeError(m, "pre spike code", 1, 1, "unknown name 'w'");
}

TEST(PlasticityPlan, NeuronVariablesAreReadOnlyInLearningCode)
{
    Network net("neuron_vars");
    net.addNeuronGroup("Pre", 5, models::Izhikevich(), {{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 8.0}},
                       {{"V", -65.0}, {"U", -13.0}});
    WeightUpdateModel m = traceRule();
    m.learnPostCode = "V_pre = 0.0;";
    net.addSynapseGroup("S", SynapseSpec{"Pre", "Pre", {m, {}, {{"w", 0.5}}}, {models::DeltaCurr(), {}, {}},
                                         init::FixedProbability(0.5)});
    try {
        ModelPlan plan(net, 10);
        FAIL();
    } catch (const lang::CodeError& e) {
        EXPECT_NE(std::string(e.what()).find("a neuron's variables are written only by its neuron model"), std::string::npos)
            << e.what();
    }
}

TEST(PlasticityPlan, TraceWithoutInitialValueIsAnError)
{
    WeightUpdateModel m = traceRule();
    m.preVars = {{"preTrace"}};
    try {
        networkWith(m);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("presynaptic variable 'preTrace' has no initial value"), std::string::npos)
            << e.what();
    }
    // Given among the variable initialisers, it is fine.
    Network net("initialised");
    net.addNeuronGroup("P", 3, models::Poisson(), {{"rate", 1.0}}, {});
    EXPECT_NO_THROW(net.addSynapseGroup("S", SynapseSpec{"P", "P", {m, {}, {{"w", 0.5}, {"preTrace", 2.0}}},
                                                         {models::DeltaCurr(), {}, {}}, init::OneToOne()}));
}

TEST(PlasticityPlan, NamesAreUniqueAcrossSynapsePreAndPostVariables)
{
    WeightUpdateModel m = traceRule();
    m.postVars = {{"preTrace", "scalar", 0.0}};
    try {
        networkWith(m);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("the name 'preTrace' is declared twice (postsynaptic variable)"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PlasticityPlan, BuiltInRulesRefuseNegativeTimeConstants)
{
    const ParamValues bad = {{"tauPlus", -20.0}, {"tauMinus", 20.0}, {"Aplus", 0.01}, {"Aminus", 0.01},
                             {"wMin", 0.0},      {"wMax", 1.0}};
    try {
        networkWith(models::STDPAdditive(), bad);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("tauPlus and tauMinus must be positive"), std::string::npos) << e.what();
    }
    ParamValues inverted = bad;
    inverted["tauPlus"] = 20.0;
    inverted["wMin"] = 2.0;
    EXPECT_THROW(networkWith(models::STDPAdditive(), inverted), Error);
}

TEST(PlasticityPlan, TimingRuleOnDendriticDelaysIsRefused)
{
    const ParamValues params = {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", 0.01}, {"Aminus", 0.01},
                                {"wMin", 0.0},     {"wMax", 1.0}};
    auto net = networkWith(models::STDPAdditive(), params, false, 0, 3);
    try {
        ModelPlan plan(*net, 10);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("synapse group 'S': the learning rule of model 'STDPAdditive' cannot see "
                                             "dendritic delays"),
                  std::string::npos)
            << e.what();
    }
    // An axonal delay is seen by the rule.
    EXPECT_NO_THROW(ModelPlan(*networkWith(models::STDPAdditive(), params, false, 3, 0), 10));
}

TEST(PlasticityPlan, BuffersAreOnlyWhatTheCodeNeeds)
{
    // A static projection: nothing of plasticity.
    {
        Network n("static");
        n.addNeuronGroup("P", 3, models::Poisson(), {{"rate", 1.0}}, {});
        n.addSynapseGroup("S", SynapseSpec{"P", "P", {models::StaticPulse(), {}, {{"g", 0.5}}},
                                           {models::DeltaCurr(), {}, {}}, init::OneToOne()});
        ModelPlan plan(n, 10);
        const auto& s = plan.synapseGroups()[0];
        EXPECT_FALSE(s.plastic());
        EXPECT_FALSE(s.colStart);
        EXPECT_TRUE(s.preSpikeTimes.empty());
        EXPECT_TRUE(plan.neuronGroups()[0].spikeTimes.empty());
    }
    // Traces without spike times: a column index, with presynaptic neurons only when learn-post
    // code reads something of them.
    {
        // Each plan refers to its network, which must outlive it.
        const auto net = networkWith(traceRule());
        ModelPlan plan(*net, 10);
        const auto& s = plan.synapseGroups()[0];
        EXPECT_TRUE(s.plastic());
        EXPECT_TRUE(s.colStart && s.colSyn && s.colCursor);
        EXPECT_TRUE(s.colPre) << "learn-post code reads preTrace";
        EXPECT_TRUE(s.preSpikeTimes.empty());
        WeightUpdateModel postOnly = traceRule();
        postOnly.learnPostCode = "w += 0.01 * postTrace;";
        const auto postNet = networkWith(postOnly);
        ModelPlan postPlan(*postNet, 10);
        EXPECT_TRUE(postPlan.synapseGroups()[0].colSyn);
        EXPECT_FALSE(postPlan.synapseGroups()[0].colPre);
    }
    // STDP reads spike times on both sides and presynaptic state in learn-post code.
    {
        const ParamValues params = {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", 0.01}, {"Aminus", 0.01},
                                    {"wMin", 0.0},     {"wMax", 1.0}};
        const auto net = networkWith(models::STDPAdditive(), params);
        ModelPlan plan(*net, 10);
        const auto& s = plan.synapseGroups()[0];
        EXPECT_TRUE(s.colPre);
        EXPECT_EQ(plan.buffers()[*s.colPre].type, Element::Uint16);
        EXPECT_EQ(s.preSpikeTimes.size(), 2u);
        EXPECT_EQ(plan.neuronGroups()[1].spikeTimes.size(), 2u); // the target's
        EXPECT_TRUE(plan.neuronGroups()[0].spikeTimes.empty());
        EXPECT_TRUE(s.preSpikeAtEmission());
        EXPECT_FALSE(plan.anyArrivalWork());
        // Dense: columns are rows read across, no index.
        const auto denseNet = networkWith(models::STDPAdditive(), params, true, 2);
        ModelPlan dense(*denseNet, 10);
        EXPECT_FALSE(dense.synapseGroups()[0].colStart);
        EXPECT_TRUE(dense.anyArrivalWork());
    }
}

TEST(PlasticityPlan, LearningCodeNeverReachesItsOwnCommentsOrOtherGroups)
{
    // The generated code of learn-post code is the checked tree printed back: names resolve to
    // the projection's own buffers.
    const auto net = networkWith(traceRule());
    ModelPlan plan(*net, 10);
    const auto& s = plan.synapseGroups()[0];
    const std::string printed = s.learnPost.printText(lang::Dialect::Cpp);
    EXPECT_NE(printed.find("s0_w[syn]"), std::string::npos) << printed;
    EXPECT_NE(printed.find("s0_pre_preTrace[id_pre]"), std::string::npos) << printed;
}

} // namespace
} // namespace spikegen
