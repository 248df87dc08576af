// Construction of networks validates everything; every error names the group and the problem.
#include "spikegen.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spikegen {
namespace {

ParamValues lif()
{
    return {{"C", 1.0},        {"TauM", 20.0},   {"Vrest", -70.0},   {"Vreset", -70.0},
            {"Vthresh", -51.0}, {"Ioffset", 0.0}, {"TauRefrac", 2.0}};
}
VarInits lifInit() { return {{"V", -70.0}, {"RefracTime", 0.0}}; }

// Runs `f`, expecting spikegen::Error whose message contains every one of `fragments`.
template <class F>
void expectError(F&& f, std::initializer_list<const char*> fragments)
{
    try {
        f();
        FAIL() << "expected an error";
    } catch (const Error& e) {
        for (const char* fragment : fragments)
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
                << "message: " << e.what() << "\nmissing: " << fragment;
    }
}

SynapseSpec spec(const std::string& source, const std::string& target, ConnectivityInstance conn = init::FixedProbability(0.1))
{
    return {source, target, {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}}, {models::DeltaCurr(), {}, {}},
            std::move(conn)};
}

TEST(ModelValidation, GroupOfSizeZero)
{
    Network net("n");
    expectError([&] { net.addNeuronGroup("E", 0, models::LIF(), lif(), lifInit()); }, {"neuron group 'E'", "size is 0"});
}

TEST(ModelValidation, MissingParameter)
{
    Network net("n");
    auto params = lif();
    params.erase("TauM");
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), params, lifInit()); },
                {"neuron group 'E'", "model 'LIF'", "missing value for parameter 'TauM'"});
}

TEST(ModelValidation, UnknownParameterWithHint)
{
    Network net("n");
    auto params = lif();
    params["Vthres"] = 1.0;
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), params, lifInit()); },
                {"unknown parameter 'Vthres'", "did you mean 'Vthresh'?"});
}

TEST(ModelValidation, NonFiniteParameter)
{
    Network net("n");
    auto params = lif();
    params["C"] = std::nan("");
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), params, lifInit()); }, {"'C' is not a finite number"});
}

TEST(ModelValidation, MissingAndUnknownVariableInitialisers)
{
    Network net("n");
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), lif(), {{"V", -70.0}}); },
                {"variable 'RefracTime' has no initial value"});
    auto inits = lifInit();
    inits.emplace("Vm", -60.0);
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), lif(), inits); },
                {"unknown variable 'Vm'", "did you mean 'V'?"});
}

TEST(ModelValidation, BadInitialiserParameters)
{
    Network net("n");
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), lif(), {{"V", init::Normal(0, -1)}, {"RefracTime", 0.0}}); },
                {"initialiser of variable 'V'", "sd cannot be negative"});
}

TEST(ModelValidation, DuplicateGroupName)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit()); }, {"'E'", "already has a group"});
    expectError([&] { net.addCurrentSource("E", "E", models::DC(), {{"amp", 1.0}}); }, {"already has a group"});
}

TEST(ModelValidation, DuplicateNamesInsideAModel)
{
    Network net("n");
    NeuronModel m = models::LIF();
    m.vars.push_back({"TauM"});
    expectError([&] { net.addNeuronGroup("E", 10, m, lif(), lifInit()); }, {"'TauM' is declared twice"});
}

TEST(ModelValidation, UnknownVariableType)
{
    Network net("n");
    NeuronModel m = models::LIF();
    m.vars[0].type = "float32";
    expectError([&] { net.addNeuronGroup("E", 10, m, lif(), lifInit()); }, {"unknown type 'float32'"});
}

TEST(ModelValidation, SynapseGroupWithUnknownSourceOrTarget)
{
    Network net("n");
    net.addNeuronGroup("Exc", 10, models::LIF(), lif(), lifInit());
    expectError([&] { net.addSynapseGroup("S", spec("Ecx", "Exc")); },
                {"synapse group 'S'", "source 'Ecx'", "did you mean 'Exc'?", "neuron groups: Exc"});
    expectError([&] { net.addSynapseGroup("S", spec("Exc", "Inh")); }, {"target 'Inh'"});
}

TEST(ModelValidation, ProbabilityOutsideUnitInterval)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", init::FixedProbability(1.5))); },
                {"synapse group 'S', connectivity", "FixedProbability", "'prob' is 1.5", "[0, 1]"});
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", init::FixedProbability(-0.1))); }, {"[0, 1]"});
}

TEST(ModelValidation, NegativeDelays)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    auto s = spec("E", "E");
    s.axonalDelaySteps = -3;
    expectError([&] { net.addSynapseGroup("S", s); }, {"synapse group 'S'", "axonal delay is -3", "cannot be negative"});
    s.axonalDelaySteps = 0;
    s.maxDendriticDelaySteps = -1;
    expectError([&] { net.addSynapseGroup("S", s); }, {"dendritic delay", "cannot be negative"});
}

TEST(ModelValidation, FixedNumberMustBeWhole)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", init::FixedNumberPostWithReplacement(2.5))); },
                {"'num' is 2.5", "whole number"});
}

// Without replacement a target cannot take more distinct sources than the source group has.
TEST(ModelValidation, FixedNumberPreNeedsEnoughSources)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    net.addNeuronGroup("F", 30, models::LIF(), lif(), lifInit());
    expectError([&] { net.addSynapseGroup("EF", spec("E", "F", init::FixedNumberPre(11))); },
                {"synapse group 'EF', connectivity 'FixedNumberPre' from 'E' (10 neurons) to 'F' (30 neurons)",
                 "num <= num_pre", "FixedNumberPreWithReplacement"});
    net.addSynapseGroup("EF", spec("E", "F", init::FixedNumberPre(10)));
    net.addSynapseGroup("EF2", spec("E", "F", init::FixedNumberPreWithReplacement(11)));
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", init::FixedNumberPre(1.5))); }, {"'num' is 1.5", "whole number"});
}

TEST(ModelValidation, SnippetBuildsRowsOrColumnsNotBoth)
{
    Network net("n");
    net.addNeuronGroup("E", 10, models::LIF(), lif(), lifInit());
    ConnectivityInstance both = init::FixedNumberPre(2);
    both.snippet.rowBuildCode = "addSynapse(id_pre);";
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", both)); },
                {"synapse group 'S', connectivity 'FixedNumberPre'", "both row-building and column-building code"});
    ConnectivityInstance neither = init::FixedNumberPre(2);
    neither.snippet.colBuildCode.clear();
    expectError([&] { net.addSynapseGroup("S", spec("E", "E", neither)); }, {"no row-building or column-building code"});
}

// Bad spike times of a spike source: one error naming the group, the neuron and the index.
TEST(ModelValidation, SpikeSourceArrayTimes)
{
    Network net("n");
    NeuronGroup& s = net.addNeuronGroup("Input", 3, models::SpikeSourceArray(), {}, {});
    expectError([&] { s.setSpikeTimes({{1.0, 0.5}, {}, {}}); },
                {"neuron group 'Input': spike time 1 of neuron 0 (0.5 ms) comes before", "in order"});
    expectError([&] { s.setSpikeTimes({{}, {-1.0}, {}}); },
                {"neuron group 'Input': spike time 0 of neuron 1 is -1 ms", "finite and >= 0"});
    expectError([&] { s.setSpikeTimes({{}, {}, {2.0, std::nan("")}}); }, {"spike time 1 of neuron 2 is nan ms"});
    expectError([&] { s.setSpikeTimes({{}, {}}); }, {"given for 2 neurons; the group has 3"});
    expectError([&] { s.setSpikeTimes({1.0, 2.0}, {0, 3}); },
                {"neuron group 'Input': neuron id 3 at index 1 of the spike times is outside the group (ids 0 to 2)"});
    expectError([&] { s.setSpikeTimes({1.0, 2.0}, {0}); }, {"2 spike times but 1 neuron ids"});
    expectError([&] { s.setSpikeTimes({2.0, 1.0}, {1, 1}); }, {"spike time 1 of neuron 1 (1 ms) comes before"});
    s.setSpikeTimes({2.0, 1.0, 1.0}, {1, 0, 0});
    EXPECT_EQ(s.spikeTimes()->starts, (std::vector<std::uint32_t>{0, 2, 3, 3}));
    // Spike times on a model that does not read them would be silently ignored: refused.
    net.addNeuronGroup("E", 2, models::LIF(), lif(), lifInit()).setSpikeTimes({{1.0}, {}});
    auto backend = createBackend("cpu", 1);
    expectError([&] { Simulation sim(net, *backend); }, {"neuron group 'E' has spike times, but its model 'LIF' does not read them"});
}

TEST(ModelValidation, CurrentSourceTargetMustExist)
{
    Network net("n");
    expectError([&] { net.addCurrentSource("I", "E", models::DC(), {{"amp", 1.0}}); }, {"current source 'I'", "target 'E'"});
}

TEST(ModelValidation, BadNetworkOptions)
{
    expectError([] { Network("n", NetworkOptions{-0.1}); }, {"dt must be a positive number"});
    expectError([] { Network("", NetworkOptions{}); }, {"name is empty"});
}

TEST(ModelValidation, GroupNamesMustBeIdentifiers)
{
    Network net("n");
    expectError([&] { net.addNeuronGroup("E-1", 10, models::LIF(), lif(), lifInit()); }, {"letters, digits and '_'"});
}

TEST(ModelValidation, UnknownNetworkAndBackendNamesListTheKnownOnes)
{
    expectError([] { models::makeStandardNetwork("cobra"); }, {"unknown network 'cobra'", "coba", "cuba"});
    expectError([] { createBackend("fpga"); }, {"backend 'fpga' is not available", "cpu"});
}

} // namespace
} // namespace spikegen
