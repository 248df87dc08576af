// Equations with automatic integration (core/equations) on every backend: convergence orders
// against an analytic solution, and the built-in AdEx and Hodgkin-Huxley models against Brian2.
#include "backend_fixture.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace spikegen::testing {
namespace {

class Equations : public BackendTest {};

// dV/dt = (E - V + R w) / tau, dw/dt = -w / tauw: linear, so every method applies, and with
// u = V - E, K = R w0 tauw / (tauw - tau): u(t) = (u0 - K) exp(-t/tau) + K exp(-t/tauw).
constexpr double kTau = 5.0, kTauW = 20.0, kE = -65.0, kR = 10.0, kV0 = -50.0, kW0 = 2.0;

double coupledAnalyticV(double t)
{
    const double k = kR * kW0 * kTauW / (kTauW - kTau);
    return kE + (kV0 - kE - k) * std::exp(-t / kTau) + k * std::exp(-t / kTauW);
}

NeuronModel coupledLinear(const std::string& method)
{
    NeuronModel m;
    m.name = "Coupled_" + method;
    m.params = {"tau", "tauw", "E", "R"};
    m.vars = {{"V"}, {"w"}};
    m.equations = "dV/dt = (E - V + R * w) / tau : mV\ndw/dt = -w / tauw : nA";
    m.integrationMethod = method;
    return m;
}

// One group per method, run for 10 ms in double precision; the error of V against the analytic value.
std::map<std::string, double> coupledErrors(Backend& backend, double dt, const std::vector<std::string>& methods)
{
    Network net("convergence", NetworkOptions{dt, Precision::Double, 1});
    for (const auto& method : methods)
        net.addNeuronGroup(method, 1, coupledLinear(method), {{"tau", kTau}, {"tauw", kTauW}, {"E", kE}, {"R", kR}},
                           {{"V", kV0}, {"w", kW0}});
    Simulation sim(net, backend);
    sim.initialize();
    const auto steps = std::uint64_t(std::lround(10.0 / dt));
    sim.run(steps);
    std::map<std::string, double> errors;
    for (const auto& method : methods)
        errors[method] = std::fabs(sim.pullVar(method, "V")[0] - coupledAnalyticV(double(steps) * dt));
    return errors;
}

TEST_P(Equations, ExplicitMethodsConvergeAtTheirOrder)
{
    auto b = backend();
    const std::vector<std::string> methods = {"euler", "rk2", "rk4"};
    std::vector<std::map<std::string, double>> errors;
    for (double dt : {0.4, 0.2, 0.1}) errors.push_back(coupledErrors(*b, dt, methods));
    const std::map<std::string, double> order = {{"euler", 1.0}, {"rk2", 2.0}, {"rk4", 4.0}};
    for (const auto& method : methods)
        for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
            const double slope = std::log2(errors[i].at(method) / errors[i + 1].at(method));
            EXPECT_NEAR(slope, order.at(method), 0.15) << method << ", halving " << i << ": errors "
                                                       << errors[i].at(method) << " -> " << errors[i + 1].at(method);
        }
    EXPECT_LT(errors.back().at("rk4"), 1e-6);
}

TEST_P(Equations, ExactIsExactForALinearSystem)
{
    auto b = backend();
    for (double dt : {0.5, 0.1}) {
        const double error = coupledErrors(*b, dt, {"exact"}).at("exact");
        EXPECT_LT(error, 1e-11) << "dt " << dt;
    }
}

// dV/dt = (E - V + R I) / tau with I a parameter: exponential Euler and exact both solve it exactly.
TEST_P(Equations, ExponentialEulerIsExactForALinearEquation)
{
    Network net("one_linear", NetworkOptions{0.5, Precision::Double, 1});
    for (const char* method : {"exponential_euler", "exact"}) {
        NeuronModel m;
        m.name = std::string("Leak_") + method;
        m.params = {"tau", "E", "R", "I"};
        m.vars = {{"V"}};
        m.equations = "dV/dt = (E - V + R * I) / tau : mV";
        m.integrationMethod = method;
        net.addNeuronGroup(method, 1, m, {{"tau", kTau}, {"E", kE}, {"R", kR}, {"I", 0.5}}, {{"V", kV0}});
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.run(20); // 10 ms
    const double steady = kE + kR * 0.5;
    const double analytic = steady + (kV0 - steady) * std::exp(-10.0 / kTau);
    for (const char* method : {"exponential_euler", "exact"})
        EXPECT_NEAR(sim.pullVar(method, "V")[0], analytic, 1e-11) << method;
}

// Isyn (here from a DC source) is held constant over a step, as GeNN's exact LIF holds it: an
// equation-defined LIF integrated exactly matches the built-in LIF's analytic interspike interval.
TEST_P(Equations, ExactLifWithInputCurrentFiresAtTheAnalyticInterval)
{
    NeuronModel lif;
    lif.name = "EquationLIF";
    lif.params = {"C", "TauM", "Vrest", "Vreset", "Vthresh"};
    lif.vars = {{"V"}};
    lif.equations = "dV/dt = (Vrest - V) / TauM + Isyn / C : mV";
    lif.integrationMethod = "exact";
    lif.thresholdCode = "V >= Vthresh";
    lif.resetCode = "V = Vreset;";
    Network net("exact_lif");
    net.addNeuronGroup("N", 1, lif, {{"C", 1.0}, {"TauM", 20.0}, {"Vrest", -70.0}, {"Vreset", -70.0}, {"Vthresh", -51.0}},
                       {{"V", -70.0}})
        .setSpikeRecording(true);
    net.addCurrentSource("I", "N", models::DC(), {{"amp", 1.5}});
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(300.0);
    const double interval = 20.0 * std::log(30.0 / (30.0 - 19.0));
    const auto& spikes = sim.spikes("N");
    ASSERT_GE(spikes.times.size(), 5u);
    for (std::size_t i = 1; i < spikes.times.size(); ++i)
        EXPECT_NEAR(spikes.times[i] - spikes.times[i - 1], interval, 0.1 + 1e-6) << "interval " << i;
}

nlohmann::json readReference(const std::string& file)
{
    std::ifstream in(std::string(SPIKEGEN_TEST_DATA_DIR) + "/" + file);
    if (!in) throw Error("missing reference file " + file);
    return nlohmann::json::parse(in);
}

// Spike trains of the same model and method (float here, double in Brian2): the same count within
// one, the first spikes in the same step, all within a few steps.
void expectSameTrain(const std::vector<double>& got, const std::vector<double>& expected, const std::string& what)
{
    ASSERT_FALSE(expected.empty()) << what;
    EXPECT_NEAR(double(got.size()), double(expected.size()), 1.0) << what;
    ASSERT_FALSE(got.empty()) << what;
    EXPECT_NEAR(got[0], expected[0], 1e-3) << what << ": first spike";
    for (std::size_t i = 0; i < std::min<std::size_t>({got.size(), expected.size(), 5}); ++i)
        EXPECT_NEAR(got[i], expected[i], 0.1 + 1e-3) << what << ", spike " << i;
}

// Naud et al. (2008) firing patterns of the AdEx model against Brian2
// (benchmarks/brian2/adex_firing_patterns.py -> adex_firing_patterns_reference.json).
TEST_P(Equations, AdExFiringPatternsMatchBrian2)
{
    const auto reference = readReference("adex_firing_patterns_reference.json");
    Network net("adex_patterns");
    for (const auto& [name, pattern] : reference.at("patterns").items()) {
        const auto& p = pattern.at("params");
        ParamValues params;
        for (const char* key : {"C", "gL", "EL", "VT", "DeltaT", "tauw", "a", "b", "Vr"}) params[key] = p.at(key);
        params["Vpeak"] = reference.at("Vpeak_mV").get<double>();
        params["Ioffset"] = p.at("I").get<double>();
        net.addNeuronGroup(name, 1, models::AdEx(), params, {{"V", p.at("EL").get<double>()}, {"w", 0.0}})
            .setSpikeRecording(true);
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(reference.at("duration_ms").get<double>());
    for (const auto& [name, pattern] : reference.at("patterns").items())
        expectSameTrain(sim.spikes(name).times, pattern.at("spike_times_ms").get<std::vector<double>>(), "AdEx " + name);
    // The patterns differ as published: adaptation lengthens the intervals, bursts group spikes.
    const auto& adapting = sim.spikes("adapting").times;
    ASSERT_GE(adapting.size(), 4u);
    EXPECT_GT(adapting[3] - adapting[2], 1.5 * (adapting[1] - adapting[0]));
}

// A Hodgkin-Huxley neuron (COBAHH's Traub-Miles channels) under a step current against Brian2
// (benchmarks/brian2/hh_step_current.py -> hh_step_current_reference.json).
TEST_P(Equations, HodgkinHuxleyStepCurrentMatchesBrian2)
{
    const auto reference = readReference("hh_step_current_reference.json");
    CurrentSourceModel step;
    step.name = "Step";
    step.params = {"amp", "onset"};
    step.injectionCode = "injectCurrent(t > onset ? amp : 0.0);";
    Network net("hh_step");
    const ParamValues hh = {{"C", 0.2},    {"gL", 0.01}, {"EL", -60.0}, {"ENa", 50.0},      {"EK", -90.0},
                            {"gNa", 20.0}, {"gK", 6.0},  {"VT", -63.0}, {"Vthresh", -20.0}, {"Ioffset", 0.0}};
    const auto& runs = reference.at("runs");
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::string name = "N" + std::to_string(r);
        net.addNeuronGroup(name, 1, models::HodgkinHuxley(), hh, {{"V", -60.0}, {"m", 0.0}, {"h", 0.0}, {"n", 0.0}})
            .setSpikeRecording(true);
        net.addCurrentSource("I" + std::to_string(r), name, step,
                             {{"amp", runs[r].at("I_nA").get<double>()}, {"onset", reference.at("onset_ms").get<double>()}});
    }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    sim.runFor(reference.at("duration_ms").get<double>());
    for (std::size_t r = 0; r < runs.size(); ++r)
        expectSameTrain(sim.spikes("N" + std::to_string(r)).times,
                        runs[r].at("spike_times_ms").get<std::vector<double>>(),
                        "HH at " + runs[r].at("I_nA").dump() + " nA");
}

INSTANTIATE_TEST_SUITE_P(Backends, Equations, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
