// Merged groups: projections of one structure share one body on the SIMT backends (their init
// kernels on CUDA and OpenCL, their propagation in CUDA's propagate_all; core/codegen/merged_bodies.h).
// Each must still build its own connectivity and weights, bit for bit as the CPU does, and deliver
// its own spikes to its own targets.
#include "backend_fixture.h"

#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
#include "backends/cuda/cuda_source.h"
#include "backends/cuda/device_linker.h"
#include "backends/cuda/nvrtc_compiler.h"
#endif

#include <algorithm>
#include <cmath>
#include <tuple>

namespace spikegen::testing {
namespace {

// The microcircuit's kind of projection (per-synapse weight and dendritic delay, a fixed total
// number of synapses) several times over, with other sizes, numbers, weights of either sign,
// delays and axonal delays; and sparse projections of another structure beside them.
std::unique_ptr<Network> sameStructureNetwork()
{
    auto net = std::make_unique<Network>("merged_groups", NetworkOptions{0.1, Precision::Float, 99});
    net->addNeuronGroup("P1", 400, models::Poisson(), {{"rate", 60.0}}, {});
    net->addNeuronGroup("P2", 250, models::Poisson(), {{"rate", 90.0}}, {});
    net->addNeuronGroup("T1", 900, integrator(), {}, {{"V", 0.0}});
    net->addNeuronGroup("T2", 600, integrator(), {}, {{"V", 0.0}});
    auto delayed = [&](const char* name, const char* pre, const char* post, double synapses, double g, double delayMs,
                       int axonal) {
        SynapseSpec spec;
        spec.source = pre;
        spec.target = post;
        const VarInit weight = g > 0 ? init::NormalClipped(g, 0.1 * g, 0.0, 1e30) : init::NormalClipped(g, -0.1 * g, -1e30, 0.0);
        spec.weightUpdate = {models::StaticPulseDendriticDelay(),
                             {},
                             {{"g", weight}, {"d", init::NormalClippedDelay(delayMs, 0.5 * delayMs, 0.1, 2 * delayMs)}}};
        spec.postsynaptic = {models::DeltaCurr(), {}, {}};
        spec.connectivity = init::FixedNumberTotalWithReplacement(synapses);
        spec.axonalDelaySteps = axonal;
        spec.maxDendriticDelaySteps = init::maxDendriticDelaySteps(2 * delayMs, 0.1);
        net->addSynapseGroup(name, spec);
    };
    delayed("P1_T1", "P1", "T1", 20000, 0.5, 1.5, 0);
    delayed("P1_T2", "P1", "T2", 9000, -0.8, 0.8, 0);
    delayed("P2_T1", "P2", "T1", 30000, 0.2, 1.5, 2);
    delayed("P2_T2", "P2", "T2", 4000, -1.5, 0.8, 0);
    for (auto [name, pre, post, p, g] : {std::tuple{"P1_T1_sparse", "P1", "T1", 0.02, 0.05},
                                         std::tuple{"P2_T2_sparse", "P2", "T2", 0.05, -0.07}})
        net->addSynapseGroup(name, SynapseSpec{pre, post, {models::StaticPulse(), {}, {{"g", init::Normal(g, 0.01)}}},
                                               {models::DeltaCurr(), {}, {}}, init::FixedProbability(p)});
    return net;
}

class MergedGroups : public BackendTest {};

TEST_P(MergedGroups, EachProjectionBuildsAndDeliversAsOnTheCpu)
{
    const auto built = builtBackends();
    if (std::find(built.begin(), built.end(), "cpu") == built.end())
        GTEST_SKIP() << "the CPU backend (the reference) is not built";
    auto net = sameStructureNetwork();
    auto cpuBackend = createBackend("cpu");
    auto other = backend();
    Simulation reference(*net, *cpuBackend), sim(*net, *other);
    reference.initialize();
    sim.initialize();
    for (const auto& s : net->synapseGroups()) {
        const std::string& name = s->name();
        const auto rows = sim.pullRowStarts(name);
        ASSERT_EQ(rows, reference.pullRowStarts(name)) << "row starts of " << name;
        ASSERT_GT(rows.back(), 0u) << name;
        EXPECT_EQ(sim.pullPostIndices(name), reference.pullPostIndices(name)) << "indices of " << name;
        EXPECT_EQ(bits(sim.pullVar(name, "g")), bits(reference.pullVar(name, "g"))) << "weights of " << name;
        if (s->weightUpdate().model.name == models::StaticPulseDendriticDelay().name)
            EXPECT_EQ(bits(sim.pullVar(name, "d")), bits(reference.pullVar(name, "d"))) << "delays of " << name;
    }
    // The same Poisson spikes through the same synapses: the same totals, up to the order of the
    // float additions (atomics on the GPU backends).
    reference.runFor(20.0);
    sim.runFor(20.0);
    for (const char* target : {"T1", "T2"}) {
        const auto expected = reference.pullVar(target, "V"), got = sim.pullVar(target, "V");
        ASSERT_EQ(got.size(), expected.size());
        double total = 0;
        for (std::size_t i = 0; i < got.size(); ++i) {
            ASSERT_NEAR(got[i], expected[i], 1e-4 * (1 + std::abs(expected[i]))) << target << " neuron " << i;
            total += std::abs(expected[i]);
        }
        EXPECT_GT(total, 0.0) << target;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, MergedGroups, ::testing::ValuesIn(backendsUnderTest()), backendName);

#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// Without a GPU: the CUDA source writes the four delayed projections' kernels as calls of one
// function per kind; the initialisation unit compiles and links into a loadable sm_90 cubin, the
// step unit compiles as one whole program.
TEST(MergedGroupsSource, CudaWritesOneBodyPerStructureAndLinks)
{
    auto net = sameStructureNetwork();
    ModelPlan plan(*net, 100);
    const cuda::CudaSource source = cuda::writeCudaSource(plan);
    const std::string& text = source.init.text(); // the initialisation kernels
    const std::string& stepText = source.step.text();
    EXPECT_NE(text.find("extern \"C\" __global__ void count_s0(void)"), std::string::npos);
    for (const char* kind : {"rowlength", "count", "fill", "propagate"}) {
        const std::string function = "sg_" + std::string(kind) + "_m0(";
        const std::string& unit = std::string(kind) == "propagate" ? stepText : text;
        EXPECT_EQ(occurrences(unit, "static __device__ __noinline__ void " + function), 1u) << kind;
        EXPECT_EQ(occurrences(unit, function), 1u + 4u) << kind << ": the definition and a call per projection";
    }
    // Weights of either sign print differently ("x > (max)" against "x < ((-max))"): two bodies.
    EXPECT_EQ(occurrences(text, "static __device__ __noinline__ void sg_init_synapses_m"), 2u);
    EXPECT_EQ(occurrences(text, "sg_init_synapses_m"), 2u + 4u);
    const std::string image =
        cuda::nvrtcCompile(source.init, "merged_groups_cuda_init.cu", "sm_90", net->name(), cuda::Linkage::Relocatable);
    ASSERT_GT(image.size(), 64u);
    EXPECT_EQ(image.compare(0, 4, "\x7f" "ELF"), 0);
    EXPECT_EQ(image[16], 2) << "ELF type: an executable (linked) cubin, not a relocatable one";
    for (const auto& l : source.launches.init)
        EXPECT_NE(image.find(l.kernel), std::string::npos) << l.kernel;
    const std::string stepImage =
        cuda::nvrtcCompile(source.step, "merged_groups_cuda.cu", "sm_90", net->name(), cuda::Linkage::WholeProgram);
    EXPECT_EQ(stepImage[16], 2);
    EXPECT_NE(stepImage.find("propagate_all"), std::string::npos);
}
#endif

} // namespace
} // namespace spikegen::testing
