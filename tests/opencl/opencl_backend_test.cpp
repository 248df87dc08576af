// The OpenCL backend's own behaviour: choosing a device, what happens when there is none or the
// kernels do not compile, the CLBlast GEMV path agreeing with the per-spike kernel, and the
// buffer pool that keeps a kernel's arguments few.
#include "backends/opencl/gemv_propagation.h"
#include "backends/opencl/opencl_backend.h"
#include "backends/simt/simt_source.h"
#include "core/codegen/model_plan.h"
#include "models/networks/standard_networks.h"
#include "spikegen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace spikegen::opencl {
namespace {

std::vector<DeviceInfo> fakeDevices()
{
    DeviceInfo a;
    a.platformName = "Portable Computing Language";
    a.deviceName = "pthread-cpu";
    DeviceInfo b;
    b.platformIndex = 1;
    b.platformName = "NVIDIA CUDA";
    b.deviceName = "NVIDIA H100 80GB HBM3";
    b.gpu = true;
    return {a, b};
}

TEST(OpenCLDeviceSelection, IndexPairAndNameSubstringChooseTheDevice)
{
    const auto devices = fakeDevices();
    EXPECT_EQ(&selectDevice(devices, "0"), &devices[0]);
    EXPECT_EQ(&selectDevice(devices, "1:0"), &devices[1]);
    EXPECT_EQ(&selectDevice(devices, "h100"), &devices[1]);
    EXPECT_EQ(&selectDevice(devices, "portable"), &devices[0]);
    EXPECT_EQ(&selectDevice(devices, ""), &devices[1]) << "no selector: the first GPU";
}

TEST(OpenCLDeviceSelection, UnknownDeviceListsTheDevicesThereAre)
{
    const auto devices = fakeDevices();
    for (const char* selector : {"7", "0:3", "radeon"}) {
        try {
            selectDevice(devices, selector);
            FAIL() << "expected an error for " << selector;
        } catch (const Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(std::string("no device matches '") + selector + "'"), std::string::npos) << what;
            EXPECT_NE(what.find("pthread-cpu"), std::string::npos) << what;
            EXPECT_NE(what.find("NVIDIA H100 80GB HBM3"), std::string::npos) << what;
        }
    }
}

TEST(OpenCLDeviceSelection, EmptyPlatformListIsAnErrorThatSaysSo)
{
    try {
        selectDevice({}, "");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no OpenCL platform"), std::string::npos) << e.what();
    }
}

TEST(OpenCLDeviceSelection, RealDevicesAndTheEnvironmentVariable)
{
    const auto devices = enumerateDevices();
    ASSERT_FALSE(devices.empty()) << "this test needs an OpenCL device (PoCL in CI)";
    try {
        OpenCLOptions options;
        options.device = "no-such-device-anywhere";
        OpenCLBackend backend(options);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(devices[0].deviceName), std::string::npos) << e.what();
    }
    setenv("SPIKEGEN_OPENCL_DEVICE", std::to_string(devices.size() - 1).c_str(), 1);
    OpenCLBackend fromEnvironment;
    unsetenv("SPIKEGEN_OPENCL_DEVICE");
    EXPECT_EQ(fromEnvironment.device().deviceName, devices.back().deviceName);
    OpenCLOptions byName;
    byName.device = devices[0].deviceName.substr(0, 6);
    EXPECT_EQ(OpenCLBackend(byName).device().deviceName, devices[0].deviceName);
}

// Run by ctest with OCL_ICD_VENDORS pointing at an empty directory (tests/opencl.cmake).
TEST(OpenCLNoPlatform, CreatingTheBackendSaysNoPlatformWasFound)
{
    if (!std::getenv("SPIKEGEN_EXPECT_NO_OPENCL_PLATFORM"))
        GTEST_SKIP() << "runs only without OpenCL vendors (ctest entry OpenCLNoPlatform.*)";
    EXPECT_TRUE(enumerateDevices().empty());
    try {
        createBackend("opencl");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no OpenCL platform"), std::string::npos) << e.what();
    }
}

std::unique_ptr<Network> leakyNetwork(const std::string& name, const std::string& simCode)
{
    auto net = std::make_unique<Network>(name);
    NeuronModel m;
    m.name = "Leaky";
    m.vars = {{"V"}};
    m.simCode = simCode;
    net->addNeuronGroup("N", 10, m, {}, {{"V", 0.0}});
    return net;
}

// spikegen's checker rejects what OpenCL C reserves, so valid models compile; a kernel build
// failure is provoked through the build options, by a macro that turns a local of the code
// string into a syntax error. The error shows the build log and the code string of the line.
TEST(OpenCLBuild, KernelBuildFailureShowsTheLogAndTheCodeString)
{
    const auto cache = std::filesystem::temp_directory_path() / "spikegen_opencl_build_failure_cache";
    setenv("SPIKEGEN_CACHE_DIR", cache.c_str(), 1);
    OpenCLOptions options;
    options.extraBuildOptions = "-DspikegenTestLocal=+";
    OpenCLBackend backend(options);
    auto net = leakyNetwork("opencl_build_failure", "V += 0.1;\nint spikegenTestLocal = 3;\nV += spikegenTestLocal;");
    try {
        Simulation sim(*net, backend);
        FAIL() << "expected a build error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("build log"), std::string::npos) << what;
        EXPECT_NE(what.find("int spikegenTestLocal = 3;"), std::string::npos) << what;
        EXPECT_NE(what.find("from model 'Leaky', sim code, line 2"), std::string::npos) << what;
    }
    unsetenv("SPIKEGEN_CACHE_DIR");
    std::filesystem::remove_all(cache);
}

// Poisson sources drive integrators through a dense StaticPulse projection; the GEMV and the
// per-spike kernel must deliver the same input (up to the order of float sums).
std::vector<double> denseInput(GemvMode mode, std::uint32_t numPre, std::uint32_t numPost, std::uint32_t delay)
{
    auto net = std::make_unique<Network>("opencl_gemv", NetworkOptions{0.1, Precision::Float, 99});
    net->addNeuronGroup("Pre", numPre, models::Poisson(), {{"rate", 400.0}}, {});
    NeuronModel integrator;
    integrator.name = "Integrator";
    integrator.vars = {{"V"}};
    integrator.simCode = "V += Isyn;";
    net->addNeuronGroup("Post", numPost, integrator, {}, {{"V", 0.0}});
    SynapseSpec spec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", init::Uniform(-1.0, 1.0)}}},
                     {models::DeltaCurr(), {}, {}}, init::Dense()};
    spec.axonalDelaySteps = delay;
    net->addSynapseGroup("S", spec);
    OpenCLOptions options;
    options.gemv = mode;
    OpenCLBackend backend(options);
    Simulation sim(*net, backend);
    sim.initialize();
    sim.run(40);
    return sim.pullVar("Post", "V");
}

TEST(OpenCLGemv, MatrixVectorProductAgreesWithPerSpikeKernel)
{
    if (!gemvAvailable())
        GTEST_SKIP() << "built without CLBlast";
    for (std::uint32_t delay : {0u, 3u}) {
        const auto kernel = denseInput(GemvMode::Never, 200, 150, delay);
        const auto gemv = denseInput(GemvMode::Always, 200, 150, delay);
        ASSERT_EQ(kernel.size(), gemv.size());
        double total = 0;
        for (std::size_t i = 0; i < kernel.size(); ++i) {
            EXPECT_NEAR(gemv[i], kernel[i], 1e-4 * (1 + std::abs(kernel[i]))) << "target " << i << ", delay " << delay;
            total += std::abs(kernel[i]);
        }
        EXPECT_GT(total, 1.0) << "the sources must have spiked for the comparison to mean something";
    }
}

TEST(OpenCLGemv, RuleChoosesTheProductOnlyForBigBusyMatrices)
{
    DenseProductCosts costs;
    costs.hasMatrixVector = true;
    costs.breakEvenSpikeFraction = 0.3;
    costs.minWeights = 100000;
    EXPECT_EQ(chooseDensePropagation(1000, 1000, 10.0, 0.1, costs), DensePropagation::PerSpike);
    EXPECT_EQ(chooseDensePropagation(1000, 1000, 5000.0, 0.1, costs), DensePropagation::MatrixVector);
    EXPECT_EQ(chooseDensePropagation(100, 100, 5000.0, 0.1, costs), DensePropagation::PerSpike);
    costs.hasMatrixVector = false;
    EXPECT_EQ(chooseDensePropagation(1000, 1000, 5000.0, 0.1, costs), DensePropagation::PerSpike);
}

// Fills are written as whole 128-byte patterns and the bytes around them (NVIDIA's OpenCL faults
// on 1-byte patterns past 2 GiB): each fill sets exactly its bytes, at any offset and size.
TEST(OpenCLBuffers, FillSetsExactlyItsBytes)
{
    OpenCLBackend backend;
    auto buffer = backend.allocate(1000, "fill test");
    const std::vector<std::pair<std::size_t, std::size_t>> ranges = {
        {0, 1000}, {3, 50}, {3, 517}, {128, 256}, {200, 0}, {999, 1}, {127, 2}};
    std::uint8_t value = 1;
    std::vector<std::uint8_t> expected(1000, 0);
    for (const auto& [offset, bytes] : ranges) {
        buffer->fill(value, bytes, offset);
        std::fill_n(expected.begin() + offset, bytes, value);
        std::vector<std::uint8_t> got(1000);
        buffer->download(got.data(), got.size(), 0);
        EXPECT_EQ(got, expected) << "fill of " << bytes << " bytes at " << offset;
        ++value;
    }
}

// PoCL 3.1 miscompiles barriers inside branches, even block-uniform ones (docs/opencl.md): the
// OpenCL propagate_all, which does every projection's work, keeps its barriers at the kernel's
// top level, and no projection has a kernel of its own.
TEST(OpenCLSource, PropagateAllHasBarriersOnlyAtItsTopLevel)
{
    for (const char* name : {"coba", "microcircuit"}) {
        const auto net = models::makeStandardNetwork(name);
        ModelPlan plan(*net, 100);
        CodeWriter w(lang::Dialect::OpenCL);
        simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::OpenCL);
        hooks.fusedPropagation = true;
        hooks.delivery = simt::SimtHooks::Delivery::Propagation; // COBA's neuron update would deliver
        const simt::SimtSource source = simt::writeSimtSource(w, plan, hooks);
        ASSERT_TRUE(source.fused.has_value()) << name;
        const std::string text = w.text();
        const std::size_t begin = text.find("__kernel void propagate_all(");
        ASSERT_NE(begin, std::string::npos) << name;
        EXPECT_EQ(text.find("void propagate_" + plan.synapseGroups()[0].prefix), std::string::npos) << name;
        std::istringstream kernel(text.substr(begin, text.find("\n}\n", begin) - begin));
        int barriers = 0;
        for (std::string line; std::getline(kernel, line);)
            if (line.find("barrier(") != std::string::npos) {
                ++barriers;
                EXPECT_EQ(line.find_first_not_of(' '), 4u) << name << ": " << line;
            }
        EXPECT_EQ(barriers, 2) << name << ": the clock advance's two";
    }
}

// On CPU devices (PoCL) one work-item per block loops over the block's neurons, first updating
// them (a loop a compiler can vectorise: bounded, no guard or side effect but the neurons' own
// variables), then appending and delivering the spikes: the neuron update has no barrier but the
// clock advance's, at its top level.
TEST(OpenCLSource, NeuronUpdateOfCpuDevicesHasNoBarriersButTheClockAdvance)
{
    const auto net = models::makeStandardNetwork("coba");
    ModelPlan plan(*net, 100);
    for (const auto delivery : {simt::SimtHooks::Delivery::Auto, simt::SimtHooks::Delivery::Propagation}) {
        CodeWriter w(lang::Dialect::OpenCL);
        simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::OpenCL);
        hooks.fusedPropagation = true;
        hooks.barrierFreeNeuronUpdate = true;
        hooks.delivery = delivery;
        const simt::SimtSource source = simt::writeSimtSource(w, plan, hooks);
        const bool delivers = delivery == simt::SimtHooks::Delivery::Auto;
        EXPECT_EQ(source.fused.has_value(), !delivers);
        const std::string text = w.text();
        const std::size_t begin = text.find("__kernel void neuron_update(");
        ASSERT_NE(begin, std::string::npos);
        std::istringstream kernel(text.substr(begin, text.find("\n}\n", begin) - begin));
        int barriers = 0;
        for (std::string line; std::getline(kernel, line);)
            if (line.find("barrier(") != std::string::npos) {
                ++barriers;
                EXPECT_EQ(line.find_first_not_of(' '), 4u) << line;
            }
        EXPECT_EQ(barriers, delivers ? 2 : 0);
        EXPECT_EQ(text.find("sh_spikes[SG_ATOMIC_ADD_SHARED_U"), std::string::npos);
        EXPECT_EQ(source.step.front().kernel, "neuron_update");
        EXPECT_EQ(source.step.front().groupSize, 1u);
        EXPECT_EQ(source.step.front().threads, simt::detail::neuronUpdateBlocks(plan));
        // Each group's update loop: bounded by the group's end, flags instead of atomics.
        for (const char* loop : {"sg_end = sg_min(sg_begin + 128u, 3200u);", "sg_end = sg_min(sg_begin + 128u, 800u);"})
            EXPECT_NE(text.find(loop), std::string::npos) << loop;
        const std::size_t update = text.find("for (unsigned id = sg_begin; id < sg_end; ++id) {", begin);
        const std::size_t emit = text.find("for (unsigned sg_eight = 0;", update);
        ASSERT_NE(emit, std::string::npos);
        const std::string updateLoop = text.substr(update, emit - update);
        EXPECT_EQ(updateLoop.find("SG_ATOMIC"), std::string::npos) << updateLoop;
        EXPECT_EQ(updateLoop.find("if (id <"), std::string::npos) << updateLoop;
        EXPECT_NE(updateLoop.find("sg_spiked = 1u;"), std::string::npos) << updateLoop;
    }
}


// The parameters of a generated kernel, counted from its signature.
int kernelParameters(const std::string& text, const std::string& kernel)
{
    const std::size_t begin = text.find("__kernel void " + kernel + "(");
    const std::string signature = text.substr(begin, text.find(')', begin) - begin);
    return int(std::count(signature.begin(), signature.end(), ',')) + 1;
}

// An enqueue costs per buffer argument (docs/opencl.md): COBA's kernels take the pool, the clock
// and of its other 34 buffers only the synapse buffers they use.
TEST(OpenCLSource, KernelsTakeThePoolAndOnlyTheBuffersTheyUse)
{
    const auto net = models::makeStandardNetwork("coba");
    ModelPlan plan(*net, 100);
    ASSERT_GT(plan.buffers().size(), 30u);
    CodeWriter w(lang::Dialect::OpenCL);
    simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::OpenCL);
    hooks.fusedPropagation = true;
    const simt::SimtSource source = simt::writeSimtSource(w, plan, hooks);
    // The neuron update delivers its spikes through the four projections' indices.
    EXPECT_EQ(kernelParameters(w.text(), "neuron_update"), 6);
    EXPECT_EQ(kernelParameters(w.text(), "init_neurons"), 2);
    EXPECT_EQ(kernelParameters(w.text(), "count_s0"), 2);
    EXPECT_EQ(kernelParameters(w.text(), "fill_s0"), 3); // its indices
    EXPECT_NE(w.text().find("__kernel void fill_s0(\n    __global uchar* sg_pool,\n    __global ushort* restrict "
                            "s0_post_index,\n"),
              std::string::npos);
    ASSERT_EQ(source.parameters.at("fill_s0").buffers.size(), 1u);
    EXPECT_EQ(plan.buffers()[source.parameters.at("fill_s0").buffers[0]].name, "s0_post_index");
    EXPECT_EQ(source.parameters.at("neuron_update").buffers.size(), 4u);
    EXPECT_FALSE(source.parameters.at("neuron_update").synapseArena);
}

// GPUs: the per-synapse buffers lie in one memory object, each at the offset the launcher writes
// into the clock, so the microcircuit's propagation takes 3 arguments instead of 167.
TEST(OpenCLSource, SynapseArenaIsOneArgumentForEveryPerSynapseBuffer)
{
    models::StandardNetworkOptions options;
    options.scale = 0.05;
    const auto net = models::makeStandardNetwork("microcircuit", options);
    ModelPlan plan(*net, 100);
    CodeWriter w(lang::Dialect::OpenCL);
    simt::SimtHooks hooks = simt::hooksFor(lang::Dialect::OpenCL);
    hooks.fusedPropagation = true;
    hooks.synapseArena = true;
    const simt::SimtSource source = simt::writeSimtSource(w, plan, hooks);
    EXPECT_EQ(kernelParameters(w.text(), "propagate_all"), 3);
    EXPECT_TRUE(source.parameters.at("propagate_all").synapseArena);
    EXPECT_TRUE(source.parameters.at("propagate_all").buffers.empty());
    EXPECT_EQ(kernelParameters(w.text(), "neuron_update"), 2);
    EXPECT_FALSE(source.parameters.at("neuron_update").synapseArena);
    const std::size_t word = simt::synapseOffsetWord(plan.synapseGroups().size(), plan.buffers().size(), 0);
    EXPECT_NE(w.text().find("__global ushort* restrict s0_post_index = (__global ushort*)(sg_synapses + ((ulong)sg_clock[" +
                            std::to_string(word + *plan.synapseGroups()[0].postIndex) + "] * 256ul));"),
              std::string::npos);
}

} // namespace
} // namespace spikegen::opencl
