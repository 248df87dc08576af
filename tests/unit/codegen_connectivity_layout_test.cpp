// The connectivity layout rule: 16-bit indices wherever they pay, in 65,536-target segments for
// larger targets; 32-bit indices where segment starts would cost more than they save.
#include "core/connectivity/layout.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

ConnectivityLayout layoutOf(std::uint32_t numPost, ConnectivityInstance conn)
{
    Network net("layout");
    net.addNeuronGroup("Pre", 10, models::Poisson(), {{"rate", 0.0}}, {});
    net.addNeuronGroup("Post", numPost, models::Poisson(), {{"rate", 0.0}}, {});
    net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                              {models::DeltaCurr(), {}, {}}, std::move(conn)});
    return chooseLayout(*net.synapseGroups()[0]);
}

TEST(ConnectivityLayout, SixteenBitIndicesUpTo65536TargetsWithoutSegments)
{
    for (std::uint32_t numPost : {1u, 65535u, 65536u}) {
        const auto layout = layoutOf(numPost, init::FixedProbability(0.1));
        EXPECT_EQ(layout.indexBits, 16u) << numPost;
        EXPECT_EQ(layout.segments, 1u) << numPost;
    }
}

TEST(ConnectivityLayout, LargerTargetsGetSegments)
{
    // FixedProbability bounds a row only by the target's size: 32-bit segment starts.
    auto layout = layoutOf(65537, init::FixedProbability(0.1));
    EXPECT_EQ(layout.indexBits, 16u);
    EXPECT_EQ(layout.segments, 2u);
    EXPECT_EQ(layout.segmentStartBits, 32u);
    layout = layoutOf(204800, init::FixedNumberPostWithReplacement(64)); // COBA 256,000's E group
    EXPECT_EQ(layout.segments, 4u);
    EXPECT_EQ(layout.segmentStartBits, 16u);
    EXPECT_EQ(describe(layout), "sparse CSR, 16-bit indices in 4 segments of 65,536 targets");
    layout = layoutOf(kMaxSegments * kSegmentTargets, init::FixedProbability(0.1));
    EXPECT_EQ(layout.segments, kMaxSegments);
}

TEST(ConnectivityLayout, ThirtyTwoBitIndicesWhereSegmentsDoNotPay)
{
    // Too many segments to compare against per synapse.
    auto layout = layoutOf(kMaxSegments * kSegmentTargets + 1, init::FixedProbability(0.1));
    EXPECT_EQ(layout.indexBits, 32u);
    EXPECT_EQ(layout.segments, 1u);
    // Rows of one synapse: three 16-bit segment starts a row would outweigh the 2 bytes saved.
    layout = layoutOf(204800, init::FixedNumberPostWithReplacement(1));
    EXPECT_EQ(layout.indexBits, 32u);
    EXPECT_EQ(describe(layout), "sparse CSR, 32-bit indices");
    // Rows of two: 6 bytes of starts against 4 saved, still 32-bit; of four: 6 against 8, segments.
    EXPECT_EQ(layoutOf(204800, init::FixedNumberPostWithReplacement(2)).indexBits, 32u);
    EXPECT_EQ(layoutOf(204800, init::FixedNumberPostWithReplacement(4)).indexBits, 16u);
}

} // namespace
} // namespace spikegen
