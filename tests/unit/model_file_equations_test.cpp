// Model files keep a neuron's equations and integration method: written, read back and written
// again they give the same text, and the model read back is the one written.
#include "core/io/json_paths.h"
#include "core/io/model_file.h"
#include "models/library.h"
#include "models/neurons.h"
#include "spikegen.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace spikegen {
namespace {

NeuronModel adaptiveLeak()
{
    NeuronModel m;
    m.name = "AdaptiveLeak";
    m.params = {"tau", "E", "tauw"};
    m.vars = {{"V"}, {"w"}};
    m.equations = "I_adapt = w / tau : mV/ms\ndV/dt = (E - V) / tau - I_adapt : mV\ndw/dt = -w / tauw : mV";
    m.integrationMethod = "rk2";
    m.thresholdCode = "V > -50.0";
    m.resetCode = "V = E;\nw += 1.0;";
    return m;
}

TEST(ModelFileEquations, RoundTripKeepsEquationsAndMethod)
{
    Network net("equations_file");
    net.addNeuronGroup("N", 3, adaptiveLeak(), {{"tau", 10.0}, {"E", -65.0}, {"tauw", 100.0}}, {{"V", -65.0}, {"w", 0.0}});
    net.addNeuronGroup("A", 2, models::AdEx(),
                       {{"C", 0.2}, {"gL", 0.01}, {"EL", -70.0}, {"VT", -50.0}, {"DeltaT", 2.0}, {"tauw", 30.0},
                        {"a", 0.002}, {"b", 0.0}, {"Vr", -58.0}, {"Vpeak", 0.0}, {"Ioffset", 0.5}},
                       {{"V", -70.0}, {"w", 0.0}});
    const std::string text = io::writeModel(net, models::builtinLibrary());
    const auto json = nlohmann::json::parse(text);
    const auto& neuron = json.at("models").at("neurons").at(0);
    EXPECT_EQ(neuron.at("equations"), adaptiveLeak().equations);
    EXPECT_EQ(neuron.at("integration_method"), "rk2");
    // AdEx is built in: referred to by name, not written out.
    EXPECT_EQ(json.at("models").at("neurons").size(), 1u);
    EXPECT_EQ(json.at("neuron_groups").at(1).at("model"), "AdEx");

    auto readBack = io::readModel(text, models::builtinLibrary());
    const NeuronModel& model = readBack->neuronGroups()[0]->model().model;
    EXPECT_EQ(model.equations, adaptiveLeak().equations);
    EXPECT_EQ(model.integrationMethod, "rk2");
    EXPECT_EQ(readBack->neuronGroups()[1]->model().model.equations, models::AdEx().equations);
    EXPECT_EQ(io::writeModel(*readBack, models::builtinLibrary()), text);
}

TEST(ModelFileEquations, UnknownMethodIsAnErrorAtItsPath)
{
    Network net("equations_file");
    net.addNeuronGroup("N", 1, adaptiveLeak(), {{"tau", 10.0}, {"E", -65.0}, {"tauw", 100.0}}, {{"V", -65.0}, {"w", 0.0}});
    std::string text = io::writeModel(net, models::builtinLibrary());
    text.replace(text.find("\"rk2\""), 5, "\"rk5\"");
    try {
        io::readModel(text, models::builtinLibrary());
        FAIL() << "no error";
    } catch (const io::ModelFileError& e) {
        EXPECT_EQ(e.path(), "/models/neurons/0/integration_method");
        EXPECT_NE(e.message().find("unknown integration method 'rk5'"), std::string::npos) << e.message();
    }
}

} // namespace
} // namespace spikegen
