// `spikegen validate` (io::checkModelFile): a model file that `run` would refuse is refused here
// with the same message, naming the file and the JSON path of the code string at fault.
#include "core/error.h"
#include "core/io/model_file.h"
#include "models/library.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace spikegen {
namespace {

#define EXPECT_HAS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

// A model file of one custom neuron model with the given fields, a custom postsynaptic model and a
// compartmental neuron.
std::string modelFile(const std::string& neuronFields, const std::string& applyInput = "Isyn += inSyn;",
                      const std::string& dendriteEquations = "dV/dt = (EL - V + Isyn) / tau : mV")
{
    return R"({"version": 1, "name": "checked", "dt": 0.1,
 "models": {
  "neurons": [{"name": "Custom", "params": ["tau"], "vars": [{"name": "V"}], )" + neuronFields + R"(},
              {"name": "TwoPart", "params": ["g"],
               "compartments": [{"name": "soma", "params": ["EL", "tau"], "vars": [{"name": "V"}],
                                 "equations": "dV/dt = (EL - V + Isyn + I_axial) / tau : mV"},
                                {"name": "dend", "params": ["EL", "tau"], "vars": [{"name": "V"}],
                                 "equations": ")" + dendriteEquations + R"(",
                                 "events": [{"name": "dspike", "condition": "V > -40.0", "reset": "V = -50.0;"}]}],
               "couplings": [{"between": ["soma", "dend"], "conductance": "g"}]}],
  "postsynaptic": [{"name": "Plain", "apply_input_code": ")" + applyInput + R"("}]},
 "neuron_groups": [
  {"name": "N", "size": 10, "model": "Custom", "params": {"tau": 10}, "var_inits": {"V": 0}},
  {"name": "C", "size": 10, "model": "TwoPart",
   "params": {"g": 1, "EL_soma": -65, "tau_soma": 10, "EL_dend": -65, "tau_dend": 10},
   "var_inits": {"V_soma": -65, "V_dend": -65}}],
 "synapse_groups": [
  {"name": "NN", "source": "N", "target": "N", "weight_update": {"model": "StaticPulseConstantWeight", "params": {"g": 0.1}},
   "postsynaptic": {"model": "Plain"}, "connectivity": {"snippet": "FixedProbability", "params": {"prob": 0.5}}}]})";
}

// The message of checking `text` as a file, or "" when it passes.
std::string checkError(const std::string& text, io::ModelFileCheck* result = nullptr)
{
    // One file per test: CTest runs the tests of this file side by side.
    const auto path = std::filesystem::temp_directory_path() /
                      (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                       "_spikegen_model_file_check.json");
    std::ofstream(path) << text;
    try {
        io::ModelFileCheck check = io::checkModelFile(path, models::builtinLibrary(), 100);
        if (result) *result = std::move(check);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(ModelFileCheck, ValidFileGivesAMemoryEstimate)
{
    io::ModelFileCheck check;
    EXPECT_EQ(checkError(modelFile(R"("sim_code": "V += (1.0 - V) / tau * dt;", "threshold_code": "V > 0.9")"), &check),
              "");
    ASSERT_TRUE(check.network);
    // At least V of 20 neurons (4 bytes each) and the expected 50 synapses of NN (2-byte indices).
    EXPECT_GT(check.estimatedBytes, 20u * 4u + 50u * 2u);
}

TEST(ModelFileCheck, UnknownNameInSimCodeNamesFileAndPath)
{
    const std::string e = checkError(modelFile(R"("sim_code": "V += undefined_name;")"));
    EXPECT_HAS(e, "spikegen_model_file_check.json: /models/neurons/0/sim_code: model 'Custom', field 'sim code', "
                  "line 1, column 6: unknown name 'undefined_name'");
}

TEST(ModelFileCheck, SyntaxErrorInThresholdNamesItsPath)
{
    EXPECT_HAS(checkError(modelFile(R"("threshold_code": "V > 1.0 +")")), "/models/neurons/0/threshold_code: ");
}

TEST(ModelFileCheck, PostsynapticCodeNamesItsPath)
{
    EXPECT_HAS(checkError(modelFile(R"("sim_code": "")", "Isyn += inSyn * Vrev;")),
               "/models/postsynaptic/0/apply_input_code: model 'Plain', field 'apply input code'");
}

TEST(ModelFileCheck, EquationErrorsNameTheirPath)
{
    EXPECT_HAS(checkError(modelFile(R"("equations": "dV/dt = -V / tauu : mV")")),
               "/models/neurons/0/equations: model 'Custom', field 'equations', line 1, column 14");
    EXPECT_HAS(checkError(modelFile(R"("sim_code": "")", "Isyn += inSyn;", "dV/dt = (EL - V + Isyn + Ih) / tau : mV")),
               "/models/neurons/1/compartments/1/equations: model 'TwoPart', field 'compartment 'dend' equations', "
               "line 1, column 26: unknown name 'Ih'");
    EXPECT_HAS(checkError(modelFile(R"("equations": "dV/dt = V : mV")")),
               "/models/neurons/0/equations: model 'Custom', field 'equations', line 1, column 9: unit mismatch");
}

TEST(ModelFileCheck, CompartmentEventErrorsNameTheirPath)
{
    std::string text = modelFile(R"("sim_code": "")");
    text.replace(text.find("V > -40.0"), 9, "V > Vth");
    EXPECT_HAS(checkError(text), "/models/neurons/1/compartments/1/events/0/condition: ");
}

} // namespace
} // namespace spikegen
