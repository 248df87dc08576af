// Model files keep the equations and integration method of postsynaptic models and current
// sources: written, read back and written again they give the same text.
#include "core/io/json_paths.h"
#include "core/io/model_file.h"
#include "models/library.h"
#include "spikegen.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace spikegen {
namespace {

NeuronModel leaky()
{
    NeuronModel m;
    m.name = "Leaky";
    m.vars = {{"V"}};
    m.simCode = "V += ((-65.0 - V) / 10.0 + Isyn) * dt;";
    return m;
}

PostsynapticModel equationExpCond()
{
    PostsynapticModel m;
    m.name = "EquationExpCond";
    m.linear = true;
    m.params = {"tau", "E"};
    m.vars = {{"gSyn", "scalar", 0.0}};
    m.equations = "dgSyn/dt = -gSyn / tau : uS";
    m.integrationMethod = "exact";
    m.applyInputCode = "gSyn += inSyn;\ninSyn = 0.0;\nIsyn += gSyn * (E - V);";
    return m;
}

CurrentSourceModel relaxing()
{
    CurrentSourceModel m;
    m.name = "Relaxing";
    m.params = {"amp", "tau"};
    m.vars = {{"I"}};
    m.equations = "dI/dt = (amp - I) / tau : nA";
    m.integrationMethod = "rk4";
    m.injectionCode = "injectCurrent(I);";
    return m;
}

std::unique_ptr<Network> network()
{
    auto net = std::make_unique<Network>("equation_models_file");
    net->addNeuronGroup("Pre", 2, leaky(), {}, {{"V", -65.0}});
    net->addNeuronGroup("Post", 2, leaky(), {}, {{"V", -65.0}});
    net->addSynapseGroup("S", {"Pre", "Post", {models::StaticPulseConstantWeight(), {{"g", 0.1}}, {}},
                               {equationExpCond(), {{"tau", 5.0}, {"E", 0.0}}, {}}, init::OneToOne()});
    net->addCurrentSource("I", "Post", relaxing(), {{"amp", 1.0}, {"tau", 4.0}}, {{"I", 0.0}});
    return net;
}

TEST(ModelFileEquationModels, RoundTripKeepsEquationsAndMethod)
{
    const std::string text = io::writeModel(*network(), models::builtinLibrary());
    const auto json = nlohmann::json::parse(text);
    const auto& psm = json.at("models").at("postsynaptic").at(0);
    EXPECT_EQ(psm.at("equations"), equationExpCond().equations);
    EXPECT_EQ(psm.at("integration_method"), "exact");
    const auto& source = json.at("models").at("current_sources").at(0);
    EXPECT_EQ(source.at("equations"), relaxing().equations);
    EXPECT_EQ(source.at("integration_method"), "rk4");

    auto readBack = io::readModel(text, models::builtinLibrary());
    const PostsynapticModel& readPsm = readBack->synapseGroups()[0]->postsynaptic().model;
    EXPECT_EQ(readPsm.equations, equationExpCond().equations);
    EXPECT_EQ(readPsm.integrationMethod, "exact");
    const CurrentSourceModel& readSource = readBack->currentSources()[0]->model().model;
    EXPECT_EQ(readSource.equations, relaxing().equations);
    EXPECT_EQ(readSource.integrationMethod, "rk4");
    EXPECT_EQ(io::writeModel(*readBack, models::builtinLibrary()), text);
}

TEST(ModelFileEquationModels, UnknownMethodIsAnErrorAtItsPath)
{
    for (const auto& [method, path] : {std::pair<std::string, std::string>{"\"exact\"", "/models/postsynaptic/0/integration_method"},
                                       {"\"rk4\"", "/models/current_sources/0/integration_method"}}) {
        std::string text = io::writeModel(*network(), models::builtinLibrary());
        text.replace(text.find(method), method.size(), "\"rk5\"");
        try {
            io::readModel(text, models::builtinLibrary());
            ADD_FAILURE() << "no error for " << path;
        } catch (const io::ModelFileError& e) {
            EXPECT_EQ(e.path(), path);
            EXPECT_NE(e.message().find("unknown integration method 'rk5'"), std::string::npos) << e.message();
        }
    }
}

} // namespace
} // namespace spikegen
