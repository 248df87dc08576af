// Bad model files: every error names the JSON Pointer of the offending element and the problem.
#include "core/io/json_paths.h"
#include "core/io/model_file.h"
#include "models/library.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace spikegen {
namespace {

using nlohmann::ordered_json;

// A small valid model: two LIF groups, one projection, one current source.
ordered_json validModel()
{
    return ordered_json::parse(R"({
  "name": "small", "dt": 0.1, "seed": 5,
  "neuron_groups": [
    {"name": "E", "size": 10, "model": "LIF",
     "params": {"C": 0.2, "TauM": 20, "Vrest": -60, "Vreset": -60, "Vthresh": -50, "Ioffset": 0, "TauRefrac": 5},
     "var_inits": {"V": {"snippet": "Uniform", "params": {"min": -60, "max": -50}}, "RefracTime": 0}},
    {"name": "P", "size": 5, "model": "Poisson", "params": {"rate": 10}}
  ],
  "synapse_groups": [
    {"name": "PE", "source": "P", "target": "E",
     "weight_update": {"model": "StaticPulseConstantWeight", "params": {"g": 0.01}},
     "postsynaptic": {"model": "ExpCurr", "params": {"tau": 5}},
     "connectivity": {"snippet": "FixedProbability", "params": {"prob": 0.1}}}
  ],
  "current_sources": [{"name": "dc", "target": "E", "model": "DC", "params": {"amp": 0.1}}]
})");
}

// Reading `text` fails with a ModelFileError at `path` whose message contains `fragment`.
void expectTextFailure(const std::string& text, const std::string& path, const std::string& fragment)
{
    try {
        io::readModel(text, models::builtinLibrary());
        FAIL() << "expected an error at " << path;
    } catch (const io::ModelFileError& e) {
        EXPECT_EQ(e.path(), path) << e.what();
        EXPECT_NE(e.message().find(fragment), std::string::npos) << "message: " << e.what() << "\nmissing: " << fragment;
    }
}
void expectFailure(const ordered_json& j, const std::string& path, const std::string& fragment)
{
    expectTextFailure(j.dump(), path, fragment);
}

TEST(ModelFileErrors, ValidModelReads)
{
    auto net = io::readModel(validModel().dump(), models::builtinLibrary());
    EXPECT_EQ(net->neuronGroups().size(), 2u);
    EXPECT_EQ(net->synapseGroups().size(), 1u);
    EXPECT_EQ(net->options().seed, 5u);
}

// Deterministic mode: read, written back only when on, and a wrong type named at its path.
TEST(ModelFileErrors, Deterministic)
{
    EXPECT_FALSE(io::readModel(validModel().dump(), models::builtinLibrary())->options().deterministic);
    EXPECT_EQ(io::writeModel(*io::readModel(validModel().dump(), models::builtinLibrary()), models::builtinLibrary())
                  .find("deterministic"),
              std::string::npos);
    auto j = validModel();
    j["deterministic"] = true;
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_TRUE(net->options().deterministic);
    EXPECT_TRUE(io::readModel(io::writeModel(*net, models::builtinLibrary()), models::builtinLibrary())
                    ->options()
                    .deterministic);
    j["deterministic"] = "yes";
    expectFailure(j, "/deterministic", "true or false");
}

TEST(ModelFileErrors, NotJson)
{
    expectTextFailure("{\n  \"name\": \"x\",\n  \"dt\": ,\n}", "/", "not valid JSON: line 3, column 9");
}

TEST(ModelFileErrors, TopLevelArray) { expectTextFailure("[1, 2]", "/", "expected a spikegen model (an object), found array"); }

TEST(ModelFileErrors, ObjectWithoutModelKeys)
{
    expectTextFailure(R"({"type": "FeatureCollection"})", "/", "not a spikegen model");
}

TEST(ModelFileErrors, RecordedVariables)
{
    auto j = validModel();
    j["neuron_groups"][0]["record_vars"] = {{"V", 2}};
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    ASSERT_EQ(net->neuronGroup("E").varRecordings().size(), 1u);
    EXPECT_EQ(net->neuronGroup("E").varRecordings()[0].everySteps, 2u);
    EXPECT_NE(io::writeModel(*net, models::builtinLibrary()).find("\"record_vars\": {\n        \"V\": 2"),
              std::string::npos);
    j["neuron_groups"][0]["record_vars"] = {{"V", 0}};
    expectFailure(j, "/neuron_groups/0/record_vars/V", "a whole number of steps from 1");
    j["neuron_groups"][0]["record_vars"] = {{"W", 1}};
    expectFailure(j, "/neuron_groups/0/record_vars/W", "cannot record unknown variable 'W'");
    j["neuron_groups"][0]["record_vars"] = {{"V", "all"}};
    expectFailure(j, "/neuron_groups/0/record_vars/V", "found string");
    // A subset of neurons, written back the same way.
    j["neuron_groups"][0]["record_vars"] = {{"V", {{"every", 5}, {"neurons", {3, 1}}}}};
    net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_EQ(net->neuronGroup("E").varRecordings()[0].everySteps, 5u);
    EXPECT_EQ(net->neuronGroup("E").varRecordings()[0].neurons, (std::vector<std::uint32_t>{3, 1}));
    auto again = io::readModel(io::writeModel(*net, models::builtinLibrary()), models::builtinLibrary());
    EXPECT_EQ(again->neuronGroup("E").varRecordings()[0].neurons, (std::vector<std::uint32_t>{3, 1}));
    j["neuron_groups"][0]["record_vars"] = {{"V", {{"neurons", {1, -2}}}}};
    expectFailure(j, "/neuron_groups/0/record_vars/V/neurons/1", "a neuron index");
    j["neuron_groups"][0]["record_vars"] = {{"V", {{"neurons", {1, 1}}}}};
    expectFailure(j, "/neuron_groups/0/record_vars/V", "listed twice");
    j["neuron_groups"][0]["record_vars"] = {{"V", {{"evry", 2}}}};
    expectFailure(j, "/neuron_groups/0/record_vars/V/evry", "did you mean 'every'");
}

// "dynamic_params" of a group, a current source and a synapse group's parts: read, written back,
// and a name the model lacks or a connectivity-shaped refusal named at its path.
TEST(ModelFileErrors, DynamicParams)
{
    auto j = validModel();
    j["neuron_groups"][0]["dynamic_params"] = {"Vthresh"};
    j["current_sources"][0]["dynamic_params"] = {"amp"};
    j["synapse_groups"][0]["weight_update"]["dynamic_params"] = {"g"};
    j["synapse_groups"][0]["postsynaptic"]["dynamic_params"] = {"tau"};
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_TRUE(net->paramIsDynamic("E", "Vthresh"));
    EXPECT_FALSE(net->paramIsDynamic("E", "TauM"));
    EXPECT_TRUE(net->paramIsDynamic("dc", "amp"));
    EXPECT_TRUE(net->paramIsDynamic("PE", "weight_update.g"));
    EXPECT_TRUE(net->paramIsDynamic("PE", "postsynaptic.tau"));
    auto again = io::readModel(io::writeModel(*net, models::builtinLibrary()), models::builtinLibrary());
    EXPECT_TRUE(again->paramIsDynamic("PE", "postsynaptic.tau"));
    EXPECT_TRUE(again->paramIsDynamic("dc", "amp"));
    j["neuron_groups"][0]["dynamic_params"] = {"Vtresh"};
    expectFailure(j, "/neuron_groups/0/dynamic_params/0", "has no parameter 'Vtresh'");
    j["neuron_groups"][0]["dynamic_params"] = {3};
    expectFailure(j, "/neuron_groups/0/dynamic_params/0", "a parameter's name");
}

TEST(ModelFileErrors, ConnectivitySeed)
{
    auto j = validModel();
    EXPECT_FALSE(io::readModel(j.dump(), models::builtinLibrary())->options().connectivitySeed.has_value());
    j["connectivity_seed"] = 77;
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_EQ(net->options().connectivitySeed, std::optional<std::uint64_t>(77));
    auto again = io::readModel(io::writeModel(*net, models::builtinLibrary()), models::builtinLibrary());
    EXPECT_EQ(again->options().connectivitySeed, std::optional<std::uint64_t>(77));
    j["connectivity_seed"] = -1;
    expectFailure(j, "/connectivity_seed", "");
}

TEST(ModelFileErrors, SharedVars)
{
    auto j = validModel();
    const std::string var = "g";
    j["synapse_groups"][0]["weight_update"] = {{"model", "StaticPulse"}, {"var_inits", {{"g", 0.01}}}};
    j["synapse_groups"][0]["weight_update"]["shared_vars"] = {var};
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_TRUE(net->varIsShared("PE", var));
    auto again = io::readModel(io::writeModel(*net, models::builtinLibrary()), models::builtinLibrary());
    EXPECT_TRUE(again->varIsShared("PE", var));
    j["synapse_groups"][0]["weight_update"]["shared_vars"] = {"nope"};
    expectFailure(j, "/synapse_groups/0/weight_update/shared_vars/0", "has no per-synapse variable 'nope'");
    j["synapse_groups"][0]["postsynaptic"]["shared_vars"] = {var};
    expectFailure(j, "/synapse_groups/0/postsynaptic/shared_vars", "");
}

TEST(ModelFileErrors, UnknownFieldWithSuggestion)
{
    auto j = validModel();
    j["neuron_groups"][0]["sise"] = j["neuron_groups"][0]["size"];
    j["neuron_groups"][0].erase("size");
    expectFailure(j, "/neuron_groups/0/sise", "unknown field; did you mean 'size'?");
}

TEST(ModelFileErrors, WrongType)
{
    auto j = validModel();
    j["neuron_groups"][0]["size"] = "ten";
    expectFailure(j, "/neuron_groups/0/size", "expected a positive integer, found string");
}

TEST(ModelFileErrors, SizeZeroIsNotPositive)
{
    auto j = validModel();
    j["neuron_groups"][1]["size"] = 0;
    expectFailure(j, "/neuron_groups/1/size", "expected a positive integer, found number 0");
}

TEST(ModelFileErrors, MissingRequiredField)
{
    auto j = validModel();
    j["synapse_groups"][0].erase("postsynaptic");
    expectFailure(j, "/synapse_groups/0/postsynaptic", "missing required field");
}

TEST(ModelFileErrors, ProbabilityOutOfRange)
{
    auto j = validModel();
    j["synapse_groups"][0]["connectivity"]["params"]["prob"] = 1.5;
    expectFailure(j, "/synapse_groups/0/connectivity/params/prob", "1.5; it must be in [0, 1]");
}

TEST(ModelFileErrors, FixedNumberPreBeyondTheSourceGroup)
{
    auto j = validModel();
    j["synapse_groups"][0]["connectivity"] = {{"snippet", "FixedNumberPre"}, {"params", {{"num", 6}}}};
    expectFailure(j, "/synapse_groups/0", "from 'P' (5 neurons) to 'E' (10 neurons): 'num' sources per target");
    j["synapse_groups"][0]["connectivity"]["params"]["num"] = 5;
    EXPECT_NO_THROW(io::readModel(j.dump(), models::builtinLibrary()));
}

// A custom column-built snippet with a size check, read and checked at its paths.
TEST(ModelFileErrors, CustomColumnBuiltSnippet)
{
    auto j = validModel();
    j["models"]["connectivity"] = ordered_json::parse(R"([{"name": "FirstSources", "params": ["num"],
        "col_build_code": "for (unsigned i = 0u; i < (unsigned)num; i++) { addSynapse(i); }",
        "max_row_length": "num_post",
        "size_checks": [{"expr": "num <= num_pre", "message": "not enough sources"}]}])");
    j["synapse_groups"][0]["connectivity"] = {{"snippet", "FirstSources"}, {"params", {{"num", 3}}}};
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_EQ(net->synapseGroup("PE").connectivity().snippet.sizeChecks.size(), 1u);
    const std::string written = io::writeModel(*net, models::builtinLibrary());
    EXPECT_NE(written.find("\"col_build_code\""), std::string::npos) << written;
    EXPECT_NE(written.find("\"size_checks\""), std::string::npos) << written;
    EXPECT_EQ(io::writeModel(*io::readModel(written, models::builtinLibrary()), models::builtinLibrary()), written);
    j["synapse_groups"][0]["connectivity"]["params"]["num"] = 9;
    expectFailure(j, "/synapse_groups/0", "not enough sources");
    j["models"]["connectivity"][0]["size_checks"][0]["expr"] = "num <= num_source";
    expectFailure(j, "/models/connectivity/0/size_checks/0/expr", "num_source");
}

// Spike times inline, as pairs, and in .npy files beside the model file (nowhere else).
TEST(ModelFileErrors, SpikeSourceArrayTimes)
{
    auto j = validModel();
    j["neuron_groups"][1] = {{"name", "P"}, {"size", 5}, {"model", "SpikeSourceArray"},
                             {"spike_times", ordered_json::parse("[[1.5, 2], [], [0], [], [3]]")}};
    auto net = io::readModel(j.dump(), models::builtinLibrary());
    EXPECT_EQ(net->neuronGroup("P").spikeTimes()->times, (std::vector<double>{1.5, 2, 0, 3}));
    const std::string written = io::writeModel(*net, models::builtinLibrary());
    EXPECT_EQ(io::writeModel(*io::readModel(written, models::builtinLibrary()), models::builtinLibrary()), written);
    j["neuron_groups"][1]["spike_times"] = {{"times", {4.0, 1.0}}, {"ids", {2, 2}}};
    expectFailure(j, "/neuron_groups/1/spike_times", "spike time 1 of neuron 2 (1 ms) comes before");
    j["neuron_groups"][1]["spike_times"] = {{"times", {4.0}}, {"ids", {5}}};
    expectFailure(j, "/neuron_groups/1/spike_times", "neuron id 5 at index 0 of the spike times is outside the group");
    j["neuron_groups"][1]["spike_times"] = {{"times", {4.0}}, {"ids", {1.5}}};
    expectFailure(j, "/neuron_groups/1/spike_times/ids", "not a whole number");
    j["neuron_groups"][1]["spike_times"] = ordered_json::parse("[[1], [\"x\"], [], [], []]");
    expectFailure(j, "/neuron_groups/1/spike_times/1/0", "expected a number");
    j["neuron_groups"][1]["spike_times"] = {{"times_file", "t.npy"}, {"ids_file", "i.npy"}};
    expectFailure(j, "/neuron_groups/1/spike_times/times_file", "only in a model file read from disk");
}

void writeNpy(const std::filesystem::path& path, const char* descr, const void* data, std::size_t count, std::size_t bytes)
{
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" +
                         std::to_string(count) + ",), }";
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const unsigned char length[2] = {static_cast<unsigned char>(header.size() & 0xFF), static_cast<unsigned char>(header.size() >> 8)};
    out.write(reinterpret_cast<const char*>(length), 2);
    out << header;
    out.write(static_cast<const char*>(data), std::streamsize(count * bytes));
}

TEST(ModelFileErrors, SpikeTimesFromNpyFilesBesideTheModelFile)
{
    const auto dir = std::filesystem::temp_directory_path() / ("spikegen_npy_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "data");
    const double times[] = {0.5, 2.0, 1.0};
    const std::int64_t ids[] = {4, 4, 0};
    writeNpy(dir / "data" / "t.npy", "<f8", times, 3, 8);
    writeNpy(dir / "data" / "i.npy", "<i8", ids, 3, 8);
    auto j = validModel();
    j["neuron_groups"][1] = {{"name", "P"}, {"size", 5}, {"model", "SpikeSourceArray"},
                             {"spike_times", {{"times_file", "data/t.npy"}, {"ids_file", "data/i.npy"}}}};
    auto readFile = [&](const ordered_json& model) {
        std::ofstream(dir / "model.json") << model.dump();
        return io::readModelFile(dir / "model.json", models::builtinLibrary());
    };
    auto net = readFile(j);
    EXPECT_EQ(net->neuronGroup("P").spikeTimes()->times, (std::vector<double>{1.0, 0.5, 2.0}));
    EXPECT_EQ(net->neuronGroup("P").spikeTimes()->starts, (std::vector<std::uint32_t>{0, 1, 1, 1, 1, 3}));
    auto expectFileError = [&](const std::string& name, const std::string& fragment) {
        auto bad = j;
        bad["neuron_groups"][1]["spike_times"]["times_file"] = name;
        try {
            readFile(bad);
            FAIL() << name;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("/neuron_groups/1/spike_times/times_file"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    expectFileError("/etc/passwd", "relative to the model file's folder");
    expectFileError("../t.npy", "must not leave the model file's folder");
    expectFileError("data/t.txt", "must be a NumPy .npy file");
    expectFileError("data/missing.npy", "is not in");
    std::filesystem::create_symlink("/etc/hostname", dir / "link.npy");
    expectFileError("link.npy", "leads outside the model file's folder");
    std::ofstream(dir / "junk.npy") << "not numpy";
    expectFileError("junk.npy", "not a .npy file");
    std::filesystem::remove_all(dir);
}

TEST(ModelFileErrors, UnknownParameter)
{
    auto j = validModel();
    j["neuron_groups"][0]["params"]["TauN"] = 1.0;
    expectFailure(j, "/neuron_groups/0/params/TauN", "unknown parameter 'TauN'; did you mean 'TauM'?");
}

TEST(ModelFileErrors, MissingParameter)
{
    auto j = validModel();
    j["neuron_groups"][0]["params"].erase("C");
    expectFailure(j, "/neuron_groups/0/params", "missing value for parameter 'C'");
}

TEST(ModelFileErrors, ParameterIsNotANumber)
{
    auto j = validModel();
    j["current_sources"][0]["params"]["amp"] = true;
    expectFailure(j, "/current_sources/0/params/amp", "expected a number, found boolean");
}

TEST(ModelFileErrors, UnknownModelName)
{
    auto j = validModel();
    j["neuron_groups"][0]["model"] = "LIFF";
    expectFailure(j, "/neuron_groups/0/model", "unknown neuron model 'LIFF'; did you mean 'LIF'?");
}

TEST(ModelFileErrors, UnknownSourceGroup)
{
    auto j = validModel();
    j["synapse_groups"][0]["source"] = "Q";
    expectFailure(j, "/synapse_groups/0/source", "no neuron group 'Q'");
}

TEST(ModelFileErrors, DuplicateGroupName)
{
    auto j = validModel();
    j["neuron_groups"][1]["name"] = "E";
    expectFailure(j, "/neuron_groups/1", "already has a group of that name");
}

TEST(ModelFileErrors, UnknownVariableInitialiser)
{
    auto j = validModel();
    j["neuron_groups"][0]["var_inits"]["W"] = 1.0;
    expectFailure(j, "/neuron_groups/0/var_inits", "initial value for unknown variable 'W'");
}

TEST(ModelFileErrors, VarInitSnippetParameterCheck)
{
    auto j = validModel();
    j["neuron_groups"][0]["var_inits"]["V"]["params"]["min"] = 0;
    expectFailure(j, "/neuron_groups/0/var_inits/V/params", "min is larger than max");
}

TEST(ModelFileErrors, BadPrecision)
{
    auto j = validModel();
    j["precision"] = "half";
    expectFailure(j, "/precision", "expected \"float\" or \"double\", found \"half\"");
}

TEST(ModelFileErrors, CustomModelBadDerivedExpression)
{
    auto j = validModel();
    j["models"]["neurons"] = ordered_json::parse(R"j([{"name": "Mine", "params": ["tau"],
        "derived_params": [{"name": "decay", "expression": "exp(-dt / tau_m)"}], "sim_code": ""}])j");
    expectFailure(j, "/models/neurons/0/derived_params/0/expression", "unknown name 'tau_m'");
}

TEST(ModelFileErrors, CustomParamCheckFails)
{
    auto j = validModel();
    j["models"]["connectivity"] = ordered_json::parse(R"j([{"name": "Fan", "params": ["n"],
        "param_checks": [{"expr": "n >= 1 && n <= num_max", "message": "bad"}], "row_build_code": "addSynapse(0u);"}])j");
    expectFailure(j, "/models/connectivity/0/param_checks/0/expr", "unknown name 'num_max'");
    j["models"]["connectivity"][0]["param_checks"][0]["expr"] = "n >= 1";
    j["models"]["connectivity"][0]["param_checks"][0]["message"] = "n must be at least 1";
    j["synapse_groups"][0]["connectivity"] = {{"snippet", "Fan"}, {"params", {{"n", 0}}}};
    expectFailure(j, "/synapse_groups/0/connectivity/params/n", "n must be at least 1");
}

TEST(ModelFileErrors, BadCodeStringNamesTheGroup)
{
    // Code strings are compiled when the network is built; the model file reader already rejects
    // an unknown variable type at its path.
    auto j = validModel();
    j["models"]["neurons"] = ordered_json::parse(R"([{"name": "Mine", "vars": [{"name": "V", "type": "real"}]}])");
    expectFailure(j, "/models/neurons/0/vars/0/type", "unknown type 'real'");
}

TEST(ModelFileErrors, NegativeDelay)
{
    auto j = validModel();
    j["synapse_groups"][0]["axonal_delay_steps"] = -1;
    expectFailure(j, "/synapse_groups/0/axonal_delay_steps", "expected a non-negative integer, found number -1");
    j = validModel();
    j["synapse_groups"][0]["back_prop_delay_steps"] = -2;
    expectFailure(j, "/synapse_groups/0/back_prop_delay_steps", "expected a non-negative integer, found number -2");
}

TEST(ModelFileErrors, FileErrorsNameTheFile)
{
    try {
        io::readModelFile("/nonexistent/model.json", models::builtinLibrary());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open model file '/nonexistent/model.json'"), std::string::npos);
    }
}

} // namespace
} // namespace spikegen
