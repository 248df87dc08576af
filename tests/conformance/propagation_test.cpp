// Spike propagation: every synapse delivers its weight exactly once, after the axonal and
// dendritic delays, with sparse and dense connectivity.
#include "backend_fixture.h"
#include "core/runtime/activity_report.h"

#include <cmath>
#include <cstdlib>

namespace spikegen::testing {
namespace {

VarInitSnippet spikeTimes()
{
    VarInitSnippet s;
    s.name = "StaggeredSpikeTimes";
    s.code = "value = 1.0 + 0.1 * (scalar)(id % 7u);";
    return s;
}

class Propagation : public BackendTest {
protected:
    // 50 presynaptic neurons that each spike once feed `numPost` integrators through `conn`: after
    // the run, each target's V is the sum of the weights of its synapses.
    void expectEverySynapseDeliversItsWeightOnce(std::uint32_t numPost, ConnectivityInstance conn)
    {
        const bool dense = conn.snippet.dense;
        Network net(dense ? "propagation_dense" : "propagation_sparse");
        net.addNeuronGroup("Pre", 50, spikeAt(), {}, {{"spikeTime", VarInit(spikeTimes(), {})}});
        net.addNeuronGroup("Post", numPost, integrator(), {}, {{"V", 0.0}});
        SynapseSpec spec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", init::Uniform(0.0, 1.0)}}},
                         {models::DeltaCurr(), {}, {}}, std::move(conn)};
        net.addSynapseGroup("S", spec);
        auto b = backend();
        Simulation sim(net, *b);
        sim.initialize();
        sim.runFor(5.0);
        const auto g = sim.pullVar("S", "g");
        std::vector<double> expected(numPost, 0.0);
        if (dense) {
            ASSERT_EQ(g.size(), 50u * numPost);
            for (std::size_t k = 0; k < g.size(); ++k)
                expected[k % numPost] += g[k];
        } else {
            const auto ind = sim.pullPostIndices("S");
            ASSERT_EQ(g.size(), ind.size());
            for (std::size_t k = 0; k < ind.size(); ++k)
                expected[ind[k]] += g[k];
        }
        const auto v = sim.pullVar("Post", "V");
        for (std::size_t j = 0; j < numPost; ++j)
            ASSERT_NEAR(v[j], expected[j], 1e-4 * (1 + expected[j])) << (dense ? "dense" : "sparse") << ", post " << j;
    }
};

TEST_P(Propagation, EverySynapseDeliversItsWeightOnce)
{
    expectEverySynapseDeliversItsWeightOnce(300, init::FixedProbability(0.3));
    expectEverySynapseDeliversItsWeightOnce(300, init::Dense());
}

// 16-bit indices in 65,536-target segments (ConnectivityLayout), with each SIMT strategy: pre
// span reads a row's segment starts per spike, post span per staged row.
TEST_P(Propagation, EverySynapseDeliversItsWeightOnceBeyond65535Targets)
{
    for (const char* strategy : {"pre", "post"}) {
        ::setenv("SPIKEGEN_SIMT_PROPAGATION", strategy, 1);
        expectEverySynapseDeliversItsWeightOnce(200000, init::FixedProbability(0.002));
        ::unsetenv("SPIKEGEN_SIMT_PROPAGATION");
        if (HasFatalFailure())
            FAIL() << "strategy " << strategy;
    }
}

// 8192 sources spike in the same step onto 3 targets: every thread of every strategy adds to the
// same three words at once, so a float atomic add that loses an update under contention (OpenCL
// has none: a compare-and-swap loop, or PTX on NVIDIA's platform) shows. Halves sum exactly.
TEST_P(Propagation, SimultaneousAddsToOneTargetAreAllCounted)
{
    constexpr std::uint32_t numPre = 8192;
    Network net("propagation_contention");
    net.addNeuronGroup("Pre", numPre, spikeAt(), {}, {{"spikeTime", 1.0}});
    net.addNeuronGroup("Post", 3, integrator(), {}, {{"V", 0.0}});
    net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulse(), {}, {{"g", 0.5}}}, {models::DeltaCurr(), {}, {}},
                              init::FixedProbability(1.0)});
    for (const char* strategy : {"pre", "post"}) {
        ::setenv("SPIKEGEN_SIMT_PROPAGATION", strategy, 1);
        auto b = backend();
        Simulation sim(net, *b);
        sim.initialize();
        sim.runFor(3.0);
        ::unsetenv("SPIKEGEN_SIMT_PROPAGATION");
        EXPECT_EQ(sim.pullVar("Post", "V"), std::vector<double>(3, numPre * 0.5)) << "strategy " << strategy;
    }
}

// Returns the first step after which the postsynaptic neuron's V became non-zero.
std::int64_t arrivalStep(Simulation& sim, int steps)
{
    for (int s = 0; s < steps; ++s) {
        sim.run(1);
        if (sim.pullVar("Post", "V")[0] != 0.0)
            return std::int64_t(sim.currentStep()) - 1;
    }
    return -1;
}

TEST_P(Propagation, AxonalDelay)
{
    for (int delay : {0, 1, 7}) {
        Network net("axonal_delay");
        net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}}); // fires in step 10
        net.addNeuronGroup("Post", 1, integrator(), {}, {{"V", 0.0}});
        SynapseSpec spec{"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                         {models::DeltaCurr(), {}, {}}, init::OneToOne(), delay};
        net.addSynapseGroup("S", spec);
        auto b = backend();
        Simulation sim(net, *b);
        sim.initialize();
        // Emitted in step 10, propagated in step 10 + delay, integrated in the step after.
        EXPECT_EQ(arrivalStep(sim, 40), 10 + delay + 1) << "delay " << delay;
    }
}

TEST_P(Propagation, DendriticDelay)
{
    for (int delay : {0, 3, 5}) {
        Network net("dendritic_delay");
        net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}});
        net.addNeuronGroup("Post", 1, integrator(), {}, {{"V", 0.0}});
        SynapseSpec spec{"Pre", "Post",
                         {models::StaticPulseDendriticDelay(), {}, {{"g", 1.0}, {"d", double(delay)}}},
                         {models::DeltaCurr(), {}, {}}, init::OneToOne(), 2, 5};
        net.addSynapseGroup("S", spec);
        auto b = backend();
        Simulation sim(net, *b);
        sim.initialize();
        EXPECT_EQ(arrivalStep(sim, 40), 10 + 2 + delay + 1) << "dendritic delay " << delay;
    }
}

TEST_P(Propagation, DendriticDelayBeyondMaximumIsAnError)
{
    Network net("dendritic_delay_too_long");
    net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}});
    net.addNeuronGroup("Post", 1, integrator(), {}, {{"V", 0.0}});
    SynapseSpec spec{"Pre", "Post", {models::StaticPulseDendriticDelay(), {}, {{"g", 1.0}, {"d", 9.0}}},
                     {models::DeltaCurr(), {}, {}}, init::OneToOne(), 0, 5};
    net.addSynapseGroup("S", spec);
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    try {
        sim.runFor(5.0);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("maxDendriticDelaySteps"), std::string::npos) << e.what();
    }
}

// Projections with the same linear postsynaptic model share one input (ModelPlan's merged
// postsynaptic models) and its dendritic ring, sized for the longest of their delays: each still
// arrives when its own delays say, and a delay beyond a projection's own maximum is still an error.
TEST_P(Propagation, SharedInputKeepsEveryProjectionsDelays)
{
    Network net("shared_input");
    net.addNeuronGroup("Pre", 1, spikeAt(), {}, {{"spikeTime", 1.0}}); // fires in step 10
    NeuronModel recorder = integrator();
    recorder.vars.push_back({"weightedTime"});
    recorder.simCode = "V += Isyn;\nweightedTime += Isyn * t;";
    net.addNeuronGroup("Post", 1, recorder, {}, {{"V", 0.0}, {"weightedTime", 0.0}});
    auto add = [&](const char* name, double g, double d, int axonal, int maxDendritic) {
        net.addSynapseGroup(name, SynapseSpec{"Pre", "Post", {models::StaticPulseDendriticDelay(), {}, {{"g", g}, {"d", d}}},
                                              {models::DeltaCurr(), {}, {}}, init::OneToOne(), axonal, maxDendritic});
    };
    add("Short", 1.0, 2.0, 0, 2);
    add("Long", 100.0, 5.0, 1, 6);
    net.addSynapseGroup("Plain", SynapseSpec{"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 10000.0}}, {}},
                                             {models::DeltaCurr(), {}, {}}, init::OneToOne()});
    auto b = backend();
    Simulation sim(net, *b);
    ASSERT_EQ(sim.plan().neuronGroups()[1].inputs.size(), 1u);
    // Long's 6 steps, this step's slot, and one more: Short and Plain (no axonal delay, static) may
    // be delivered while the target reads this step's slot.
    EXPECT_EQ(sim.plan().neuronGroups()[1].inputs[0].dendriticSlots, 8u);
    sim.initialize();
    sim.runFor(3.0);
    // Short: step 10 + 0 + 2 + 1 = 13; Long: 10 + 1 + 5 + 1 = 17; Plain: 11.
    EXPECT_NEAR(sim.pullVar("Post", "V")[0], 10101.0, 1e-3);
    EXPECT_NEAR(sim.pullVar("Post", "weightedTime")[0], 1.0 * 1.3 + 100.0 * 1.7 + 10000.0 * 1.1, 1e-2);
}

// GPU backends choose pre or post span per projection from the spikes per step they measure
// (backends/simt/propagation.h): the same rows from a busy and a quiet source end up delivered
// differently, with the same results (EverySynapseDeliversItsWeightOnce covers both strategies).
TEST_P(Propagation, StrategyFollowsTheMeasuredActivity)
{
    Network net("activity");
    net.addNeuronGroup("Busy", 1000, models::Poisson(), {{"rate", 2000.0}}, {});  // ~200 spikes per step
    net.addNeuronGroup("Quiet", 1000, models::Poisson(), {{"rate", 10.0}}, {});   // ~1 spike per step
    net.addNeuronGroup("Post", 1000, integrator(), {}, {{"V", 0.0}});
    // An axonal delay, so that propagation kernels deliver them (not the neuron update).
    for (const char* source : {"Busy", "Quiet"})
        net.addSynapseGroup(std::string(source) + "Post",
                            SynapseSpec{source, "Post", {models::StaticPulseConstantWeight(), {{"g", 0.001}}, {}},
                                        {models::DeltaCurr(), {}, {}}, init::FixedProbability(0.1), 1});
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    if (sim.propagation().empty())
        GTEST_SKIP() << "backend '" << GetParam() << "' has one way to deliver spikes";
    if (std::getenv("SPIKEGEN_SIMT_PROPAGATION"))
        GTEST_SKIP() << "SPIKEGEN_SIMT_PROPAGATION overrides the rule";
    sim.runFor(250.0); // the activity is measured after 10 ms, then over windows doubling to 100 ms
    const auto how = sim.propagation();
    EXPECT_EQ(how.at("BusyPost").rfind("pre span", 0), 0u) << how.at("BusyPost");
    EXPECT_EQ(how.at("QuietPost").rfind("post span", 0), 0u) << how.at("QuietPost");
    // Steady rates: chosen from the first measurement and kept (activityMoved).
    for (const auto& [projection, description] : how)
        EXPECT_EQ(description.find("times by the activity"), std::string::npos) << projection << ": " << description;
}

TEST(ActivityReport, MovesOnlyOnceHalvedOrDoubled)
{
    EXPECT_FALSE(activityMoved(10.0, 10.0));
    EXPECT_FALSE(activityMoved(10.0, 19.9));
    EXPECT_FALSE(activityMoved(10.0, 5.1));
    EXPECT_TRUE(activityMoved(10.0, 20.0));
    EXPECT_TRUE(activityMoved(10.0, 5.0));
    EXPECT_TRUE(activityMoved(10.0, 0.0));
    // Below a spike a step is one spike a step: 0.1 -> 0.9 is no change, 0 -> 2 is.
    EXPECT_FALSE(activityMoved(0.1, 0.9));
    EXPECT_FALSE(activityMoved(0.0, 1.5));
    EXPECT_TRUE(activityMoved(0.0, 2.0));
}

INSTANTIATE_TEST_SUITE_P(Backends, Propagation, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
