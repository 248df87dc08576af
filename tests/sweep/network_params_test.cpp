// Network::param / setParam / setParams: parameters changed by name, checked as when the group was
// added (core/model/network.h); and the sweep's grid order (core/runtime/sweep.h).
#include "core/runtime/sweep.h"
#include "spikegen.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

std::unique_ptr<Network> smallCoba()
{
    models::StandardNetworkOptions options;
    options.scale = 0.1;
    return models::makeStandardNetwork("coba", options);
}

std::string messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(NetworkParams, ReadAndChangeEveryKindOfParameter)
{
    auto net = smallCoba();
    EXPECT_EQ(net->param("E", "Vthresh"), -50.0);
    net->setParam("E", "Vthresh", -52.0);
    EXPECT_EQ(net->param("E", "Vthresh"), -52.0);
    EXPECT_EQ(net->neuronGroup("E").model().params.at("Vthresh"), -52.0);
    EXPECT_EQ(net->param("I", "Vthresh"), -50.0); // the other group keeps its value
    net->setParam("EE", "g", 0.008);               // the weight update's
    EXPECT_EQ(net->synapseGroup("EE").weightUpdate().params.at("g"), 0.008);
    net->setParam("EE", "postsynaptic.tau", 4.0); // qualified
    EXPECT_EQ(net->param("EE", "tau"), 4.0);
    net->setParam("EE", "prob", 0.3); // the connectivity's
    EXPECT_EQ(net->synapseGroup("EE").connectivity().params.at("prob"), 0.3);
    EXPECT_EQ(net->paramNames("EE"),
              (std::vector<std::string>{"weight_update.g", "postsynaptic.tau", "postsynaptic.E", "connectivity.prob"}));
}

TEST(NetworkParams, BadNamesAndValuesChangeNothing)
{
    auto net = smallCoba();
    const std::string unknownGroup = messageOf([&] { net->setParam("Xyzzy", "Vthresh", 1.0); });
    EXPECT_NE(unknownGroup.find("has no group 'Xyzzy' (groups: E, I, EE, EI, IE, II)"), std::string::npos) << unknownGroup;
    const std::string unknownParam = messageOf([&] { net->setParam("E", "Vthres", 1.0); });
    EXPECT_NE(unknownParam.find("neuron group 'E' has no parameter 'Vthres'; did you mean 'Vthresh'? (parameters: C, "
                                "TauM, Vrest, Vreset, Vthresh, Ioffset, TauRefrac)"),
              std::string::npos)
        << unknownParam;
    const std::string probability = messageOf([&] { net->setParam("EE", "prob", 1.5); });
    EXPECT_NE(probability.find("synapse group 'EE', connectivity"), std::string::npos) << probability;
    EXPECT_DOUBLE_EQ(net->param("EE", "prob"), 0.02 / 0.1);
    // All or none: the good change of a set with a bad one is not kept.
    EXPECT_THROW(net->setParams({{"E", "Vthresh", -40.0}, {"EE", "prob", -1.0}}), Error);
    EXPECT_EQ(net->param("E", "Vthresh"), -50.0);
}

TEST(SweepGrid, FirstParameterVariesSlowest)
{
    const ParameterSets sets = parameterGrid({{{"E", "a"}, {1, 2}}, {{"E", "b"}, {10, 20, 30}}});
    ASSERT_EQ(sets.values.size(), 6u);
    EXPECT_EQ(sets.values[0], (std::vector<double>{1, 10}));
    EXPECT_EQ(sets.values[1], (std::vector<double>{1, 20}));
    EXPECT_EQ(sets.values[3], (std::vector<double>{2, 10}));
    EXPECT_EQ(sets.values[5], (std::vector<double>{2, 30}));
    EXPECT_THROW(parameterGrid({{{"E", "a"}, {}}}), Error);
    EXPECT_THROW(parameterGrid({{{"E", "a"}, {1}}, {{"E", "a"}, {2}}}), Error);
}

TEST(SweepStatistics, NamesAndFano)
{
    EXPECT_EQ(parseSweepStatistic("fano:E").label(), "fano:E");
    EXPECT_EQ(parseSweepStatistic("cv:I").kind, SweepStatistic::Kind::CvIsi);
    for (const char* bad : {"fano", "fano:", "mean:E", ""})
        EXPECT_THROW(parseSweepStatistic(bad), Error) << bad;
    // Counts 2, 0 in two bins of 10 ms: mean 1, variance 1.
    SpikeTrains trains{{1.0, 2.0}, {0, 1}};
    EXPECT_DOUBLE_EQ(populationFanoFactor(trains, 0.0, 20.0, 10.0), 1.0);
    EXPECT_EQ(populationFanoFactor(SpikeTrains{}, 0.0, 20.0, 10.0), 0.0);
}

} // namespace
} // namespace spikegen
