// Deterministic mode (NetworkOptions::deterministic): every standard network at CI scale, and a
// network with random weights of both signs, STDP, noise, dense projections and dendritic delays,
// gives the same spikes and variables, bit for bit, on every backend (and the CPU with two
// threads) as on the CPU with one thread, and so does a model calling every maths function. Without the mode float sums depend on their order; with
// it they do not.
#include "backend_fixture.h"
#include "nvrtc_check.h"
#include "plastic_networks.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <tuple>

namespace spikegen::testing {
namespace {

struct Outcome {
    std::map<std::string, SpikeTrains> spikes;
    std::map<std::string, std::vector<double>> vars; // "group.var"
};

// Every group's spikes and every variable of every neuron group and projection after `durationMs`.
Outcome simulate(Network& net, Backend& backend, double durationMs)
{
    for (const auto& g : net.neuronGroups())
        net.neuronGroup(g->name()).setSpikeRecording(true);
    Simulation sim(net, backend, SimulationOptions{std::uint32_t(durationMs / net.options().dt) + 1});
    sim.initialize();
    sim.runFor(durationMs);
    Outcome out;
    for (const auto& g : net.neuronGroups()) {
        out.spikes[g->name()] = sim.spikes(g->name());
        for (const auto& v : g->model().model.vars)
            out.vars[g->name() + "." + v.name] = sim.pullVar(g->name(), v.name);
    }
    for (const auto& s : net.synapseGroups()) {
        const WeightUpdateModel& wu = s->weightUpdate().model;
        for (const auto* vars : {&wu.vars, &wu.preVars, &wu.postVars, &s->postsynaptic().model.vars})
            for (const auto& v : *vars)
                out.vars[s->name() + "." + v.name] = sim.pullVar(s->name(), v.name);
    }
    return out;
}

// How many elements differ in their bits, so that a failure names a count rather than arrays.
std::size_t differing(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return std::max(a.size(), b.size());
    const auto x = bits(a), y = bits(b);
    std::size_t n = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        n += x[i] != y[i];
    return n;
}

void expectIdentical(const Outcome& expected, const Outcome& actual)
{
    std::size_t spikes = 0;
    for (const auto& [group, trains] : expected.spikes) {
        const SpikeTrains& other = actual.spikes.at(group);
        EXPECT_EQ(trains.ids.size(), other.ids.size()) << group;
        EXPECT_EQ(differing(trains.times, other.times), 0u) << group << " spike times";
        EXPECT_TRUE(trains.ids == other.ids) << group << " spike ids";
        spikes += trains.ids.size();
    }
    EXPECT_GT(spikes, 0u) << "the comparison needs spikes";
    for (const auto& [var, values] : expected.vars)
        EXPECT_EQ(differing(values, actual.vars.at(var)), 0u) << var << " (" << values.size() << " values)";
}

bool cpuBuilt()
{
    const auto built = builtBackends();
    return std::find(built.begin(), built.end(), "cpu") != built.end();
}

// The backend under test; the CPU runs with two threads, against the reference's one.
std::unique_ptr<Backend> testedBackend(const std::string& name)
{
    return name == "cpu" ? createBackend("cpu", 2) : createBackend(name);
}

// Runs `build()` on the CPU with one thread and on `backend`, and expects the same bits.
void expectSameBitsAsOneCpuThread(const std::function<std::unique_ptr<Network>()>& build, const std::string& backend,
                                  double durationMs)
{
    auto expectedNet = build();
    ASSERT_TRUE(expectedNet->options().deterministic);
    auto reference = createBackend("cpu", 1);
    const Outcome expected = simulate(*expectedNet, *reference, durationMs);
    auto actualNet = build();
    auto tested = testedBackend(backend);
    expectIdentical(expected, simulate(*actualNet, *tested, durationMs));
}

// Random weights of both signs onto recurrent LIF neurons driven by Gaussian noise: sparse and
// dense projections, a shared postsynaptic input with a dendritic-delay ring, additive STDP and
// synapse dynamics that add to their targets.
std::unique_ptr<Network> mixedNetwork(bool deterministic, Precision precision = Precision::Float)
{
    const std::string name = precision == Precision::Double ? "deterministic_mix_double" : "deterministic_mix";
    auto net = std::make_unique<Network>(name, NetworkOptions{0.1, precision, 3, deterministic});
    net->addNeuronGroup("In", 80, models::Poisson(), {{"rate", 40.0}}, {});
    net->addNeuronGroup("E", 300, models::LIF(), lifParams(0.0),
                        {{"V", init::Uniform(-70.0, -52.0)}, {"RefracTime", 0.0}});
    net->addCurrentSource("Noise", "E", models::GaussianNoise(), {{"mean", 0.9}, {"sd", 0.6}});
    const ModelInstance<PostsynapticModel> expCurr{models::ExpCurr(), {{"tau", 5.0}}, {}};
    net->addSynapseGroup("InE", SynapseSpec{"In", "E", {models::StaticPulse(), {}, {{"g", init::Uniform(-0.3, 0.9)}}},
                                            expCurr, init::FixedProbability(0.3)});
    net->addSynapseGroup("EE", SynapseSpec{"E", "E",
                                           {models::STDPAdditive(), pairParams(0.02, 0.021, -0.1, 0.4),
                                            {{"w", init::Uniform(-0.1, 0.3)}}},
                                           expCurr, init::FixedProbability(0.1), 2});
    SynapseSpec dense{"E", "E",
                      {models::StaticPulseDendriticDelay(), {},
                       {{"g", init::Uniform(-0.05, 0.03)}, {"d", init::NormalClippedDelay(1.0, 0.5, 0.1, 2.0)}}},
                      expCurr, init::Dense()};
    dense.maxDendriticDelaySteps = init::maxDendriticDelaySteps(2.0, 0.1);
    net->addSynapseGroup("EEDense", dense);
    // Synapse dynamics that add to the target every step: the learning kernels' addToPost.
    WeightUpdateModel leak;
    leak.name = "LeakEveryStep";
    leak.vars = {{"g"}};
    leak.synapseDynamicsCode = "addToPost(g);";
    net->addSynapseGroup("InELeak", SynapseSpec{"In", "E", {leak, {}, {{"g", init::Uniform(-0.02, 0.02)}}}, expCurr,
                                                init::FixedProbability(0.1)});
    return net;
}

// Neurons whose sim code calls every transcendental built-in (core/rng/maths_device.inc in
// deterministic mode) on arguments that differ per neuron and step, and whose membrane integrates
// their sum, so that a last-bit difference in any of them changes spike times.
std::unique_ptr<Network> mathsNetwork(Precision precision)
{
    NeuronModel m;
    m.name = "EveryMathsFunction";
    m.vars = {{"V"}, {"S"}};
    m.simCode = R"(
        const scalar x = 0.37 * V + 0.013 * (scalar)id - 0.2;
        const scalar a = fabs(x);
        S = exp2(x) + log(a + 0.5) + log1p(a) + log2(a + 0.25) + log10(a + 2.0) + cbrt(x)
            + pow(a + 0.5, x) + sin(7.0 * x) + cos(5.0 * x) + tan(0.7 * x)
            + asin(x / (a + 1.0)) + acos(x / (a + 1.5)) + atan(3.0 * x) + atan2(x, 0.3 - x)
            + sinh(x) + cosh(0.5 * x) + tanh(2.0 * x) + hypot(x, 1.0 + x) + erf(x) + erfc(2.0 * x);
        V += dt * (0.35 + 0.1 * sin(0.9 * t + (scalar)id) + 0.01 * S);
    )";
    m.thresholdCode = "V >= 1.0";
    m.resetCode = "V = -1.0;";
    const std::string name = precision == Precision::Double ? "deterministic_maths_double" : "deterministic_maths";
    auto net = std::make_unique<Network>(name, NetworkOptions{0.1, precision, 5, true});
    net->addNeuronGroup("N", 64, m, {}, {{"V", init::Uniform(-1.0, 1.0)}, {"S", 0.0}});
    return net;
}

class DeterministicStandardNetworks : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
protected:
    void SetUp() override
    {
        if (!cpuBuilt())
            GTEST_SKIP() << "the reference is the CPU backend, which is not built";
        if (const auto reason = unavailableReason(std::get<0>(GetParam())))
            GTEST_SKIP() << *reason;
    }
};

TEST_P(DeterministicStandardNetworks, SameBitsAsOneCpuThread)
{
    const auto& [backend, network] = GetParam();
    models::StandardNetworkOptions options; // CI scale, as the model-file round trip
    options.scale = 0.05;
    options.inDegreeScale = 0.05;
    options.seed = 77;
    options.learningRateScale = 10.0; // plastic networks: weights that move within the run
    auto build = [&] {
        auto net = models::makeStandardNetwork(network, options);
        net->setDeterministic(true);
        return net;
    };
    // The microcircuits: 30 ms, as PoCL takes ~0.2 s a step of their 64 projections.
    expectSameBitsAsOneCpuThread(build, backend, network.rfind("microcircuit", 0) == 0 ? 30.0 : 100.0);
}

std::vector<std::string> standardNames()
{
    std::vector<std::string> names;
    for (const auto& n : models::standardNetworks())
        names.push_back(n.name);
    return names;
}

std::string backendAndNetwork(const ::testing::TestParamInfo<std::tuple<std::string, std::string>>& info)
{
    std::string name = std::get<1>(info.param) + "_" + std::get<0>(info.param);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(Backends, DeterministicStandardNetworks,
                         ::testing::Combine(::testing::ValuesIn(backendsUnderTest()), ::testing::ValuesIn(standardNames())),
                         backendAndNetwork);

class Deterministic : public BackendTest {
protected:
    void SetUp() override
    {
        if (!cpuBuilt())
            GTEST_SKIP() << "the reference is the CPU backend, which is not built";
        BackendTest::SetUp();
    }
};

// COBA at 12,000 neurons: too large for CUDA's persistent step loop, and every projection static
// without delay, so the GPUs' neuron update delivers its own spikes (no propagation kernel) while
// other neurons of the step still update.
TEST_P(Deterministic, SpikesDeliveredByTheNeuronUpdateGiveSameBitsAsOneCpuThread)
{
    auto build = [] {
        models::StandardNetworkOptions options;
        options.scale = 3.0;
        options.seed = 5;
        auto net = models::makeStandardNetwork("coba", options);
        net->setDeterministic(true);
        return net;
    };
    expectSameBitsAsOneCpuThread(build, GetParam(), 50.0);
    if (GetParam() == "cpu")
        return;
    auto net = build();
    auto b = backend();
    Simulation sim(*net, *b);
    sim.initialize();
    for (const auto& [projection, how] : sim.propagation())
        EXPECT_EQ(how.rfind("delivered by the neuron update", 0), 0u) << projection << ": " << how;
}

TEST_P(Deterministic, RandomWeightsPlasticityNoiseAndDelaysGiveSameBitsAsOneCpuThread)
{
    for (Precision precision : {Precision::Float, Precision::Double}) {
        SCOPED_TRACE(precision == Precision::Double ? "double" : "float");
        expectSameBitsAsOneCpuThread([&] { return mixedNetwork(true, precision); }, GetParam(), 200.0);
    }
}

// Every maths function of the language gives the same bits on every backend in deterministic mode.
TEST_P(Deterministic, MathsFunctionsGiveSameBitsAsOneCpuThread)
{
    for (Precision precision : {Precision::Float, Precision::Double}) {
        SCOPED_TRACE(precision == Precision::Double ? "double" : "float");
        expectSameBitsAsOneCpuThread([&] { return mathsNetwork(precision); }, GetParam(), 100.0);
    }
}

// Each target sums 1, 1e-8 and -1 (per-synapse weights, one spike each in one step), in the order
// of its presynaptic neurons: in float, 1 + 1e-8 is 1, so the order decides between 0 and 1e-8.
// `weightOf` gives the weights of presynaptic neurons 0, 1, 2 as code.
double summedInput(Backend& backend, bool deterministic, const std::string& weightOf)
{
    Network net("summation_order", NetworkOptions{0.1, Precision::Float, 1, deterministic});
    net.addNeuronGroup("Pre", 3, spikeAt(), {}, {{"spikeTime", 1.0}});
    // Two targets: PoCL 3.1 miscompiles the dense loop onto a group of one (benchmarks/NOTES.md).
    net.addNeuronGroup("Post", 2, integrator(), {}, {{"V", 0.0}});
    VarInitSnippet weights;
    weights.name = "OrderedWeights";
    weights.code = "value = " + weightOf + ";";
    net.addSynapseGroup("S", SynapseSpec{"Pre", "Post", {models::StaticPulse(), {}, {{"g", VarInit(weights, {})}}},
                                         {models::DeltaCurr(), {}, {}}, init::Dense()});
    Simulation sim(net, backend);
    sim.initialize();
    sim.runFor(2.0);
    return sim.pullVar("Post", "V").at(0);
}

TEST_P(Deterministic, SumDoesNotDependOnTheOrderOfItsTerms)
{
    auto b = backend();
    const std::string bigThenSmall = "id_pre == 0u ? 1.0 : (id_pre == 1u ? 1e-8 : -1.0)";
    const std::string bigThenBig = "id_pre == 0u ? 1.0 : (id_pre == 1u ? -1.0 : 1e-8)";
    const double a = summedInput(*b, true, bigThenSmall), c = summedInput(*b, true, bigThenBig);
    EXPECT_EQ(bits({a}), bits({c}));
    EXPECT_NEAR(a, 1e-8, 1e-12); // the nearest 2^-40 multiple
    // Float sums in the CPU's fixed order: the order shows (on GPUs it is whatever the atomics give).
    if (GetParam() == "cpu") {
        EXPECT_EQ(summedInput(*b, false, bigThenSmall), 0.0);
        EXPECT_EQ(summedInput(*b, false, bigThenBig), double(1e-8f));
    }
}

TEST_P(Deterministic, InputBeyondTheFixedPointRangeIsAnError)
{
    auto b = backend();
    try {
        summedInput(*b, true, "id_pre == 0u ? 1e7 : 0.0");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("in deterministic mode, addToPost got a value"), std::string::npos)
            << e.what();
    }
    // Two terms in range whose sum is not.
    try {
        summedInput(*b, true, "id_pre == 2u ? 0.0 : 5e6");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fixed-point range"), std::string::npos) << e.what();
    }
}

// A checkpoint keeps the fixed-point words; a network of the other mode does not take it.
TEST_P(Deterministic, CheckpointResumesOnlyInDeterministicMode)
{
    const auto path = std::filesystem::temp_directory_path() / ("spikegen_deterministic_" + GetParam() + ".ckpt");
    auto b = backend();
    {
        auto net = mixedNetwork(true);
        Simulation sim(*net, *b);
        sim.initialize();
        sim.run(50);
        sim.saveCheckpoint(path.string());
    }
    auto fast = mixedNetwork(false);
    Simulation other(*fast, *b);
    EXPECT_THROW(other.loadCheckpoint(path.string()), Error);
    auto same = mixedNetwork(true);
    Simulation resumed(*same, *b);
    EXPECT_NO_THROW(resumed.loadCheckpoint(path.string()));
    std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Backends, Deterministic, ::testing::ValuesIn(backendsUnderTest()), backendName);

#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
// Without a GPU: the deterministic CUDA code (64-bit integer atomics, fixed-point helpers) compiles.
TEST(DeterministicCuda, Compiles)
{
    expectCudaCompiles(*mixedNetwork(true));
    expectCudaCompiles(*mixedNetwork(true, Precision::Double));
    expectCudaCompiles(*mathsNetwork(Precision::Float));
    expectCudaCompiles(*mathsNetwork(Precision::Double));
    models::StandardNetworkOptions options;
    options.scale = 0.05;
    options.inDegreeScale = 0.05;
    for (const char* name : {"microcircuit", "stdp-song2000"}) {
        auto net = models::makeStandardNetwork(name, options);
        net->setDeterministic(true);
        expectCudaCompiles(*net);
    }
}
#endif

} // namespace
} // namespace spikegen::testing
