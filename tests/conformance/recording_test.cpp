// Recording of neuron variables in backend memory (NeuronGroup::setVarRecording): every sampled
// step's values, whatever the runs and pulls in between.
#include "backend_fixture.h"

namespace spikegen::testing {
namespace {

// V grows by 1 + id a step, so after step s it is (s + 1) (1 + id), exactly; `on` flips every step.
NeuronModel counter()
{
    NeuronModel m;
    m.name = "Counter";
    m.vars = {{"V"}, {"n", "int"}, {"on", "bool"}};
    m.simCode = "V += 1.0 + id;\nn += 2;\non = !on;";
    return m;
}

class Recording : public BackendTest {};

TEST_P(Recording, EverySampledStepIsRecordedAcrossRunsAndPulls)
{
    Network net("recording", NetworkOptions{0.5, Precision::Float, 1});
    net.addNeuronGroup("N", 40, counter(), {}, {{"V", 0.0}, {"n", 0.0}, {"on", 0.0}})
        .setVarRecording("V")
        .setVarRecording("n", 3)
        .setVarRecording("on", 1);
    auto b = backend();
    SimulationOptions options;
    options.recordingWindowSteps = 16;
    Simulation sim(net, *b, options);
    sim.initialize();
    for (std::uint64_t steps : {7, 5, 11, 1, 16, 3}) { // 43 steps, windows that start anywhere
        sim.run(steps);
        if (steps != 5)
            sim.pullRecording();
    }
    const RecordedVar& v = sim.varRecording("N", "V");
    ASSERT_EQ(v.neurons, 40u);
    ASSERT_EQ(v.times.size(), 43u);
    for (std::size_t s = 0; s < 43; ++s) {
        EXPECT_DOUBLE_EQ(v.times[s], 0.5 * double(s + 1));
        for (std::uint32_t id = 0; id < 40; ++id)
            ASSERT_EQ(v.values[s * 40 + id], double(s + 1) * (1 + id)) << "step " << s << ", neuron " << id;
    }
    const RecordedVar& n = sim.varRecording("N", "n");
    ASSERT_EQ(n.times.size(), 15u) << "steps 0, 3, ..., 42";
    for (std::size_t k = 0; k < 15; ++k) {
        EXPECT_DOUBLE_EQ(n.times[k], 0.5 * double(3 * k + 1));
        EXPECT_EQ(n.values[k * 40 + 7], 2.0 * double(3 * k + 1));
    }
    const RecordedVar& on = sim.varRecording("N", "on");
    for (std::size_t s = 0; s < 43; ++s)
        EXPECT_EQ(on.values[s * 40], s % 2 == 0 ? 1.0 : 0.0) << "step " << s;
}

// A subset keeps only its neurons, in the order given, each sampled step; the window holds one
// column per listed neuron.
TEST_P(Recording, ASubsetOfNeuronsKeepsItsColumnsInTheGivenOrder)
{
    Network net("recording_subset", NetworkOptions{0.5, Precision::Float, 1});
    const std::vector<std::uint32_t> chosen = {39, 0, 17};
    net.addNeuronGroup("N", 40, counter(), {}, {{"V", 0.0}, {"n", 0.0}, {"on", 0.0}}).setVarRecording("V", 2, chosen);
    auto b = backend();
    SimulationOptions options;
    options.recordingWindowSteps = 10;
    Simulation sim(net, *b, options);
    sim.initialize();
    for (std::uint64_t steps : {9, 10, 4}) {
        sim.run(steps);
        sim.pullRecording();
    }
    const RecordedVar& v = sim.varRecording("N", "V");
    ASSERT_EQ(v.neurons, 3u);
    EXPECT_EQ(v.ids, chosen);
    ASSERT_EQ(v.times.size(), 12u) << "steps 0, 2, ..., 22";
    for (std::size_t k = 0; k < 12; ++k)
        for (std::size_t c = 0; c < 3; ++c)
            ASSERT_EQ(v.values[k * 3 + c], double(2 * k + 1) * (1 + chosen[c])) << "sample " << k << ", column " << c;
}

TEST_P(Recording, RecordingAVariableTheModelLacksIsRefused)
{
    Network net("recording_bad");
    NeuronGroup& g = net.addNeuronGroup("N", 4, counter(), {}, {{"V", 0.0}, {"n", 0.0}, {"on", 0.0}});
    EXPECT_THROW(
        {
            try {
                g.setVarRecording("U");
            } catch (const Error& e) {
                EXPECT_NE(std::string(e.what()).find("cannot record unknown variable 'U'"), std::string::npos) << e.what();
                throw;
            }
        },
        Error);
    EXPECT_THROW(g.setVarRecording("V", 0), Error);
    for (const std::vector<std::uint32_t>& bad : {std::vector<std::uint32_t>{1, 4}, std::vector<std::uint32_t>{2, 0, 2}})
        try {
            g.setVarRecording("V", 1, bad);
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("neuron group 'N', recording of 'V': neuron"), std::string::npos) << what;
            EXPECT_NE(what.find(bad[0] == 1 ? "outside the group of 4 neurons" : "listed twice (entry 2)"),
                      std::string::npos) << what;
        }
    auto b = backend();
    Simulation sim(net, *b);
    sim.initialize();
    EXPECT_THROW(sim.varRecording("N", "V"), Error) << "V is not recorded";
}

INSTANTIATE_TEST_SUITE_P(Backends, Recording, ::testing::ValuesIn(backendsUnderTest()), backendName);

} // namespace
} // namespace spikegen::testing
