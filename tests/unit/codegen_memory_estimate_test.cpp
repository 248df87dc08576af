// The memory estimate's per-synapse share (which chooses OpenCL's synapse arena): every
// per-synapse buffer at the mean row length, once per instance that builds its own synapses.
#include "core/codegen/memory_estimate.h"
#include "core/codegen/model_plan.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

TEST(MemoryEstimate, PerSynapseBytesCountEveryInstanceThatBuildsItsOwn)
{
    Network net("estimate");
    net.addNeuronGroup("Pre", 100, models::Poisson(), {{"rate", 0.0}}, {});
    net.addNeuronGroup("Post", 50, models::Poisson(), {{"rate", 0.0}}, {});
    net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulse(), {}, {{"g", 1.0}}}, {models::DeltaCurr(), {}, {}},
                              init::FixedNumberTotalWithReplacement(1000)});
    const ModelPlan one(net, 10);
    // 1000 synapses (10 a row): a 16-bit index and a float weight each.
    EXPECT_EQ(estimateMemory(one).perSynapse, 1000u * (2 + 4));
    EXPECT_EQ(estimateMemory(ModelPlan(net, 10, 3)).perSynapse, 1000u * 2 + 3 * 1000u * 4)
        << "one shared copy of the indices, a weight per instance";
    EXPECT_EQ(estimateMemory(ModelPlan(net, 10, 3, true)).perSynapse, 3 * 1000u * (2 + 4));
}

} // namespace
} // namespace spikegen
