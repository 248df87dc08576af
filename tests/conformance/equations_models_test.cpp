// Equations in postsynaptic models and current sources (core/equations) on every backend: an
// equation-defined exponential conductance matches the built-in ExpCond, and a current source that
// relaxes to its target by an ODE injects the analytic value.
#include "backend_fixture.h"
#include "nvrtc_check.h"

#include <cmath>

namespace spikegen::testing {
namespace {

class EquationModels : public BackendTest {};

// Spikes at 1 ms and every 3.7 ms after.
NeuronModel regularSpiker()
{
    NeuronModel m;
    m.name = "Regular";
    m.vars = {{"next"}};
    m.thresholdCode = "t >= next - 0.5 * dt";
    m.resetCode = "next += 3.7;";
    return m;
}

// A leaky membrane that never spikes, so that V integrates the synaptic current.
NeuronModel leaky()
{
    NeuronModel m;
    m.name = "Leaky";
    m.vars = {{"V"}};
    m.simCode = "V += ((-65.0 - V) / 10.0 + Isyn) * dt;";
    return m;
}

// ExpCond written as an equation.
PostsynapticModel equationExpCond(const std::string& method)
{
    PostsynapticModel m;
    m.name = "EquationExpCond_" + (method.empty() ? std::string("auto") : method);
    m.linear = true;
    m.params = {"tau", "E"};
    m.vars = {{"gSyn", "scalar", 0.0}};
    m.equations = "dgSyn/dt = -gSyn / tau : uS";
    m.integrationMethod = method;
    m.applyInputCode = "gSyn += inSyn;\ninSyn = 0.0;\nIsyn += gSyn * (E - V);";
    return m;
}

TEST_P(EquationModels, ExactEquationConductanceMatchesExpCond)
{
    Network net("equation_psm");
    net.addNeuronGroup("Pre", 1, regularSpiker(), {}, {{"next", 1.0}});
    const ParamValues psParams = {{"tau", 5.0}, {"E", 0.0}};
    const std::vector<std::pair<std::string, PostsynapticModel>> targets = {
        {"Builtin", models::ExpCond()}, {"Exact", equationExpCond("exact")}, {"Auto", equationExpCond("")}};
    for (const auto& [name, psm] : targets) {
        net.addNeuronGroup(name, 1, leaky(), {}, {{"V", -65.0}});
        net.addSynapseGroup("S" + name, {"Pre", name, {models::StaticPulseConstantWeight(), {{"g", 0.02}}, {}},
                                         {psm, psParams, {}}, init::OneToOne()});
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    double largest = 0.0;
    for (int k = 0; k < 300; ++k) {
        sim.run(1);
        const double expected = sim.pullVar("Builtin", "V")[0];
        largest = std::max(largest, expected + 65.0);
        for (const char* name : {"Exact", "Auto"})
            ASSERT_NEAR(sim.pullVar(name, "V")[0], expected, 1e-4) << name << ", step " << k;
    }
    EXPECT_GT(largest, 0.5) << "the synapse moved V";
}

// The current source's own ODE: I(t) = amp (1 - exp(-t / tau)) from I = 0.
CurrentSourceModel relaxingCurrent(const std::string& method)
{
    CurrentSourceModel m;
    m.name = "Relaxing_" + method;
    m.params = {"amp", "tau"};
    m.vars = {{"I"}};
    m.equations = "dI/dt = (amp - I) / tau : nA";
    m.integrationMethod = method;
    m.injectionCode = "injectCurrent(I);";
    return m;
}

// Holds the input of the step in Iin.
NeuronModel probe()
{
    NeuronModel m;
    m.name = "Probe";
    m.vars = {{"Iin"}};
    m.simCode = "Iin = Isyn;";
    return m;
}

TEST_P(EquationModels, CurrentSourceEquationInjectsTheAnalyticValue)
{
    Network net("equation_current", NetworkOptions{0.1, Precision::Double, 1});
    const std::map<std::string, double> tolerance = {{"exact", 1e-12}, {"exponential_euler", 1e-12}, {"rk4", 1e-8}};
    for (const auto& [method, tol] : tolerance) {
        net.addNeuronGroup(method, 2, probe(), {}, {{"Iin", 0.0}});
        net.addCurrentSource("I_" + method, method, relaxingCurrent(method), {{"amp", 1.5}, {"tau", 4.0}}, {{"I", 0.0}});
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    for (int k = 1; k <= 50; ++k) {
        sim.run(1);
        // Integrated before the injection: step k injects I after k steps.
        const double analytic = 1.5 * (1.0 - std::exp(-k * 0.1 / 4.0));
        for (const auto& [method, tol] : tolerance)
            for (double got : sim.pullVar(method, "Iin"))
                ASSERT_NEAR(got, analytic, tol) << method << ", step " << k;
    }
}

#ifdef SPIKEGEN_HAVE_CUDA_BACKEND
// Without a GPU the CUDA source of both models still compiles with NVRTC.
TEST(CudaCompile, EquationPostsynapticModelsAndCurrentSourcesCompile)
{
    Network net("equation_models_cuda");
    net.addNeuronGroup("Pre", 1, regularSpiker(), {}, {{"next", 1.0}});
    net.addNeuronGroup("Post", 4, leaky(), {}, {{"V", -65.0}});
    net.addSynapseGroup("S", {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 0.02}}, {}},
                              {equationExpCond("rk4"), {{"tau", 5.0}, {"E", 0.0}}, {}}, init::FixedProbability(1.0)});
    net.addCurrentSource("I", "Post", relaxingCurrent("exponential_euler"), {{"amp", 1.5}, {"tau", 4.0}}, {{"I", 0.0}});
    expectCudaCompiles(net);
}
#endif

INSTANTIATE_TEST_SUITE_P(Backends, EquationModels, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
