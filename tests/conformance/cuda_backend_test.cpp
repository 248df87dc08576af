// The CUDA backend's own tests. Without a GPU (CI) the generated CUDA C++ of every test network is
// still compiled by NVRTC for compute_90, so that a code-generation bug fails CI; the tests that
// need a driver and a GPU skip with the reason.
#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
#include "backend_fixture.h"
#include "nvrtc_check.h"
#include "plastic_networks.h"

#include "backends/cuda/cuda_source.h"
#include "backends/cuda/nvrtc_compiler.h"
#include "core/codegen/scopes.h"
#include "core/lang/scope.h"

namespace spikegen::testing {
namespace {

// Every shape of network the conformance tests build: each layout and propagation strategy,
// axonal and dendritic delays, spike and variable recording, current sources, RNG in sim code,
// double precision.
std::vector<std::unique_ptr<Network>> testNetworks()
{
    std::vector<std::unique_ptr<Network>> nets;
    for (const char* name : {"coba", "cuba"})
        nets.push_back(models::makeStandardNetwork(name));
    for (Precision precision : {Precision::Float, Precision::Double}) {
        auto net = std::make_unique<Network>(precision == Precision::Float ? "shapes_float" : "shapes_double",
                                             NetworkOptions{0.1, precision, 1});
        net->addNeuronGroup("P", 500, models::Poisson(), {{"rate", 20.0}}, {}).setSpikeRecording(true);
        net->addNeuronGroup("L", 300, models::LIF(), lifParams(0.5), {{"V", init::Normal(-60, 2)}, {"RefracTime", 0.0}})
            .setVarRecording("V")
            .setVarRecording("RefracTime", 10)
            .setSpikeRecording(true);
        net->addNeuronGroup("Z", 10, models::Izhikevich(), {{"a", 0.02}, {"b", 0.2}, {"c", -65.0}, {"d", 8.0}},
                            {{"V", -65.0}, {"U", -13.0}});
        net->addNeuronGroup("S", 7, spikeAt(), {}, {{"spikeTime", 1.0}});
        // Equations integrated by RK4 (with a subexpression and fmin).
        net->addNeuronGroup("A", 5, models::AdEx(),
                            {{"C", 0.2}, {"gL", 0.01}, {"EL", -70.0}, {"VT", -50.0}, {"DeltaT", 2.0}, {"tauw", 30.0},
                             {"a", 0.002}, {"b", 0.0}, {"Vr", -58.0}, {"Vpeak", 0.0}, {"Ioffset", 0.5}},
                            {{"V", -70.0}, {"w", 0.0}});
        net->addCurrentSource("I", "Z", models::DC(), {{"amp", 10.0}});
        auto add = [&](const char* name, const char* pre, const char* post, WeightUpdateModel wu, VarInits w,
                       ParamValues wp, ConnectivityInstance conn, unsigned axonal = 0, unsigned dendritic = 0) {
            net->addSynapseGroup(name, SynapseSpec{pre, post, {std::move(wu), std::move(wp), std::move(w)},
                                                   {models::ExpCurr(), {{"tau", 5.0}}, {}}, std::move(conn), axonal,
                                                   dendritic});
        };
        add("dense", "P", "L", models::StaticPulse(), {{"g", init::Uniform(0, 1)}}, {}, init::Dense(), 3);
        add("post_span", "P", "L", models::StaticPulse(), {{"g", init::Exponential(1)}}, {},
            init::FixedProbability(0.1));
        add("pre_span", "L", "L", models::StaticPulseConstantWeight(), {}, {{"g", 0.1}},
            init::FixedNumberPostWithReplacement(5), 2);
        add("total", "P", "Z", models::StaticPulse(), {{"g", 0.5}}, {}, init::FixedNumberTotalWithReplacement(100));
        add("dendritic", "S", "Z", models::StaticPulseDendriticDelay(), {{"g", 1.0}, {"d", 2.0}}, {},
            init::OneToOne(), 1, 4);
        add("no_autapse", "L", "L", models::StaticPulse(), {{"g", 0.1}}, {}, init::FixedProbabilityNoAutapse(0.2));
        nets.push_back(std::move(net));
    }
    // 16-bit indices in segments (targets beyond 65,535), with 32-bit and 16-bit segment starts.
    auto wide = std::make_unique<Network>("wide_targets", NetworkOptions{0.1, Precision::Float, 1});
    wide->addNeuronGroup("P", 100, models::Poisson(), {{"rate", 20.0}}, {});
    wide->addNeuronGroup("W", 200000, models::LIF(), lifParams(0.5), {{"V", -60.0}, {"RefracTime", 0.0}});
    for (auto [name, conn] : {std::pair{"bound_by_size", init::FixedProbability(0.001)},
                              std::pair{"bound_declared", init::FixedNumberPostWithReplacement(64)}})
        wide->addSynapseGroup(name, SynapseSpec{"P", "W", {models::StaticPulse(), {}, {{"g", init::Uniform(0, 1)}}},
                                                {models::ExpCurr(), {{"tau", 5.0}}, {}}, conn});
    nets.push_back(std::move(wide));
    // Per-synapse delays drawn in ms, Poisson current sources with state, block-structured weights.
    // cobahh: equations integrated by exponential Euler.
    for (const char* name : {"microcircuit", "clustered", "cobahh"})
        nets.push_back(models::makeStandardNetwork(name));
    // Dynamic parameters of a neuron model, a weight update and a postsynaptic model (merged groups
    // then take the buffer's element index as an argument).
    auto dynamic = models::makeStandardNetwork("coba");
    for (auto [group, param] : {std::pair{"E", "Vthresh"}, std::pair{"IE", "weight_update.g"},
                                std::pair{"EE", "postsynaptic.tau"}})
        dynamic->setParamDynamic(group, param);
    dynamic->setSeedDynamic(true); // stream keys from memory too
    nets.push_back(std::move(dynamic));
    // Every learning rule and kind of learning code, on every layout.
    nets.push_back(everyRuleNetwork());
    nets.push_back(wideTargetsPlasticNetwork());
    // Power-law STDP timed as NEST's: axonal and back-propagation delays (post-spike work on arrival).
    nets.push_back(models::makeHpc({.scale = 0.02}, true));
    return nets;
}

TEST(CudaCompile, EveryTestNetworkCompilesWithNvrtcForCompute90)
{
    for (const auto& net : testNetworks()) {
        ModelPlan plan(*net, 100);
        const cuda::CudaSource source = cuda::writeCudaSource(plan);
        const auto& launches = source.launches;
        ASSERT_FALSE(launches.step.empty());
        EXPECT_EQ(launches.step.back().kernel == "advance", net->synapseGroups().empty());
        const CudaPtx ptx = compileCudaSource(source, net->name());
        // The step: neuron_update, then propagate_all (projections the neuron update does not
        // deliver) or advance (no projections).
        EXPECT_NE(ptx.step.find(".entry " + launches.step.front().kernel), std::string::npos) << net->name();
        const auto& delivered = launches.deliveredByNeuronUpdate;
        EXPECT_EQ(launches.fused.has_value(), std::count(delivered.begin(), delivered.end(), false) > 0) << net->name();
        EXPECT_NE(ptx.step.find(".entry " + (launches.fused ? launches.fused->kernel : launches.step.back().kernel)),
                  std::string::npos)
            << net->name();
        // Each kernel in its own unit only: the initialisation unit is relocatable, the step's not.
        for (const auto& l : launches.init) {
            EXPECT_NE(ptx.init.find(".entry " + l.kernel), std::string::npos) << net->name() << ": " << l.kernel;
            EXPECT_EQ(ptx.step.find(".entry " + l.kernel), std::string::npos) << net->name() << ": " << l.kernel;
        }
        // Small networks also get the whole step loop in one cooperative kernel.
        std::size_t neurons = 0;
        for (const auto& g : net->neuronGroups())
            neurons += g->size();
        if (neurons < 1000 && !plan.anyArrivalWork() && !plan.anySynapseDynamics()) {
            ASSERT_TRUE(launches.persistent.has_value()) << net->name();
            EXPECT_NE(ptx.step.find(".entry " + launches.persistent->kernel), std::string::npos) << net->name();
        }
        // --fmad=false: no contracted multiply-adds besides the RNG's explicit fma.rn.
        EXPECT_EQ(ptx.init.find("mad.f32"), std::string::npos) << net->name();
        EXPECT_EQ(ptx.step.find("mad.f32"), std::string::npos) << net->name();
    }
}

// A batch's kernels take the instance from the grid's y index: every network compiles with each
// per-instance buffer's name a macro for its instance's part, and without the cooperative step loop.
TEST(CudaCompile, BatchesOfEveryTestNetworkCompile)
{
    for (const auto& net : testNetworks())
        for (const bool perInstance : {false, true}) {
            ModelPlan plan(*net, 100, 4, perInstance);
            const cuda::CudaSource source = cuda::writeCudaSource(plan);
            EXPECT_FALSE(source.launches.persistent.has_value()) << net->name();
            EXPECT_NE(source.step.text().find("#define " + plan.buffers()[plan.errorFlags()].name + " (sg_base_"),
                      std::string::npos)
                << net->name();
            const CudaPtx ptx = compileCudaSource(source, net->name() + "_batch");
            EXPECT_NE(ptx.step.find(".entry " + source.launches.step.front().kernel), std::string::npos) << net->name();
        }
}

// Rank 1 of 2 of a split network updates its block of each group (ids from the block's first
// neuron), delivers by propagation kernels only and runs no cooperative step loop.
TEST(CudaCompile, SplitNetworksCompileForEachRank)
{
    for (const auto& net : testNetworks()) {
        std::unique_ptr<ModelPlan> plan;
        try {
            plan = std::make_unique<ModelPlan>(*net, 100, 1, false, Partition{1, 2});
        } catch (const Error&) {
            continue; // what a split run refuses (presynaptic code at emission): tests/mpi checks the message
        }
        const cuda::CudaSource source = cuda::writeCudaSource(*plan);
        EXPECT_FALSE(source.launches.persistent.has_value()) << net->name();
        for (bool delivered : source.launches.deliveredByNeuronUpdate)
            EXPECT_FALSE(delivered) << net->name();
        const CudaPtx ptx = compileCudaSource(source, net->name() + "_rank1");
        EXPECT_NE(ptx.step.find(".entry " + source.launches.step.front().kernel), std::string::npos) << net->name();
    }
}

// In the step-loop kernel a block may propagate step t while the block owning a presynaptic neuron
// already updates it for step t + 1: sim code reading presynaptic variables, and learning rules
// (traces and spike times of presynaptic neurons), get a second grid barrier per step.
TEST(CudaCompile, ReadingPresynapticStateAddsASecondGridBarrier)
{
    auto barriers = [](const std::string& text) {
        const auto start = text.find("void run_steps(");
        std::size_t count = 0;
        for (auto at = text.find("sg_grid_sync(sg_barrier)", start); at != std::string::npos;
             at = text.find("sg_grid_sync(sg_barrier)", at + 1))
            ++count;
        return count;
    };
    for (int variant : {0, 1, 2}) {
        Network net("pre_reader", NetworkOptions{0.1, Precision::Float, 1});
        net.addNeuronGroup("L", 100, models::LIF(), lifParams(0.5), {{"V", -60.0}, {"RefracTime", 0.0}});
        WeightUpdateModel wu = models::StaticPulse();
        VarInits init = {{"g", 0.1}};
        ParamValues params;
        if (variant == 1)
            wu.simCode = "addToPost(g * (V_pre + 70.0) / 20.0);";
        if (variant == 2) {
            wu = models::STDPAdditive();
            init = {{"w", 0.1}};
            params = pairParams(0.01, 0.01);
        }
        net.addSynapseGroup("LL", SynapseSpec{"L", "L", {wu, params, init}, {models::ExpCurr(), {{"tau", 5.0}}, {}},
                                              init::FixedProbability(0.1), 0, 0});
        ModelPlan plan(net, 100);
        const cuda::CudaSource source = cuda::writeCudaSource(plan);
        ASSERT_TRUE(source.launches.persistent.has_value()) << variant;
        EXPECT_EQ(barriers(source.step.text()), variant == 0 ? 1u : 2u) << variant;
        EXPECT_TRUE(source.launches.fused.has_value());
    }
    // Spikes arriving through axonal delays at plastic synapses keep the graph.
    auto delayed = everyRuleNetwork();
    ModelPlan plan(*delayed, 100);
    EXPECT_FALSE(cuda::writeCudaSource(plan).launches.persistent.has_value());
}

TEST(CudaCompile, SparseProjectionsGetBothStrategiesAndTheRulePicks)
{
    auto nets = testNetworks();
    ModelPlan plan(*nets[2], 100);
    const cuda::CudaSource source = cuda::writeCudaSource(plan);
    const auto& launches = source.launches;
    // One entry per projection sizes its share of propagate_all: dense one strategy, sparse both.
    ASSERT_EQ(launches.step.size(), 1u + 6u);
    EXPECT_EQ(launches.step[1].kernel, "propagate_s0");
    EXPECT_TRUE(launches.step[1].preSpanKernel.empty());
    EXPECT_EQ(launches.step[2].kernel, "propagate_s1_post");
    EXPECT_EQ(launches.step[2].preSpanKernel, "propagate_s1_pre");
    // CUDA runs every projection in one kernel after neuron_update and writes no per-projection kernel.
    ASSERT_TRUE(launches.fused.has_value());
    EXPECT_EQ(launches.fused->kernel, "propagate_all");
    EXPECT_NE(source.step.text().find("void propagate_all("), std::string::npos);
    EXPECT_EQ(source.step.text().find("void propagate_s1_post("), std::string::npos);
    if (std::getenv("SPIKEGEN_SIMT_PROPAGATION"))
        GTEST_SKIP() << "SPIKEGEN_SIMT_PROPAGATION overrides the rule";
    using simt::Propagation;
    // Before any activity is measured: from the rows.
    EXPECT_EQ(simt::chooseSparsePropagation(80, 3200), Propagation::PostSpan);    // COBA 4,000
    EXPECT_EQ(simt::chooseSparsePropagation(80, 204800), Propagation::PreSpan);   // COBA 256,000
    EXPECT_EQ(simt::chooseSparsePropagation(5, 10), Propagation::PreSpan);        // short rows
    // Then from the spikes per step of the source: rounds of batched loads, post span's over the
    // spikes, pre span's over the row.
    EXPECT_EQ(simt::chooseSparsePropagation(2000, 20000, 3.0), Propagation::PostSpan);  // microcircuit
    EXPECT_EQ(simt::chooseSparsePropagation(2432, 20683, 10.0, 256, 16384), Propagation::PostSpan); // 3 rounds : 3
    EXPECT_EQ(simt::chooseSparsePropagation(256, 21915, 10.0, 32, 2048), Propagation::PreSpan);     // 3 : 2
    EXPECT_EQ(simt::chooseSparsePropagation(80, 25600, 49.0), Propagation::PreSpan);    // COBA 32,000
    EXPECT_EQ(simt::chooseSparsePropagation(1000, 10000, 412.0), Propagation::PreSpan); // brunel-sr
    EXPECT_EQ(simt::chooseSparsePropagation(5, 10, 1.0), Propagation::PreSpan);         // short rows
    EXPECT_EQ(simt::chooseSparsePropagation(1000, 1000), Propagation::PostSpan);
    // Pre span launches teams for 4x the spikes, in powers of two, up to what was generated.
    EXPECT_EQ(simt::preSpanThreadsFor(10.0, 32, 16384), 64u * 32u);
    EXPECT_EQ(simt::preSpanThreadsFor(0.0, 32, 16384), 128u);
    EXPECT_EQ(simt::preSpanThreadsFor(400.0, 32, 16384), 16384u);
}

// A compile error in generated code shows the generated line and the code string it came from.
TEST(CudaCompile, CompileErrorNamesGeneratedLineAndModelCodeString)
{
    lang::Scope scope;
    // A variable whose emitted name does not exist in the generated file: NVRTC rejects the line.
    scope.add(lang::Variable{"x", lang::Type::Float, true, "sg_no_such_buffer"});
    const lang::Code code = lang::compileStatements("x = 1.0;\nx = 2.0;", scope, {"BrokenModel", "sim code"});
    CodeWriter writer(lang::Dialect::Cuda);
    writer.line("extern \"C\" __global__ void broken()");
    writer.open("");
    writer.code(code);
    writer.close();
    try {
        cuda::nvrtcCompile(writer, "broken_cuda.cu", "compute_90", "broken", cuda::Linkage::WholeProgram);
        FAIL() << "expected a compile error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("generated line 3: "), std::string::npos) << what;
        EXPECT_NE(what.find("sg_no_such_buffer = 1.0f;"), std::string::npos) << what;
        EXPECT_NE(what.find("from model 'BrokenModel', sim code, line 1"), std::string::npos) << what;
        EXPECT_NE(what.find("NVRTC log"), std::string::npos) << what;
    }
}

bool cudaAvailable(std::string& why)
{
    try {
        createBackend("cuda");
        return true;
    } catch (const Error& e) {
        why = e.what();
        return false;
    }
}

TEST(CudaBackend, UnavailableDriverIsAClearErrorNamingOtherBackends)
{
    std::string why;
    if (cudaAvailable(why))
        GTEST_SKIP() << "a CUDA driver and GPU are present";
    EXPECT_EQ(why.rfind("CUDA unavailable: ", 0), 0u) << why;
    EXPECT_NE(why.find("other backends built: "), std::string::npos) << why;
#ifdef SPIKEGEN_HAVE_CPU_BACKEND_FOR_TESTS
    EXPECT_NE(why.find("cpu"), std::string::npos) << why;
#endif
}

} // namespace
} // namespace spikegen::testing
#endif
