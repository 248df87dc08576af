// Hostile model files: a shared model file must never run code or write outside its folders
// (docs/security.md). Every string field of the format, and every name key, is given injection
// and path-traversal payloads; each gives one clear error at its JSON path, or, where the text is
// legitimate (a message, a comment inside a code string), generated code without it.
#include "sandbox.h"

#include "core/io/json_text.h"
#include "core/io/model_file.h"
#include "models/library.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

namespace spikegen::testing {
namespace {

using Json = nlohmann::ordered_json;

// Every payload carries kToken, which generated code must never contain.
constexpr const char* kToken = "sgxinj";

std::vector<std::string> payloads(const std::string& marker)
{
    const std::string t = kToken;
    return {
        "Leaky\nstatic int " + t + " = system(\"touch " + marker + "\");\n//", // newline out of a // comment
        "Leaky' " + t + " '",                                                   // quote
        "Leaky\" " + t + " \"",                                                 // double quote
        t + "\\",                                                               // line continuation
        "Leaky */ " + t + " /*",                                                // end of a block comment
        "#include <" + t + ".h>",                                               // preprocessor
        t + std::string(1, '\0') + "system",                                    // NUL
        t + "\xC3\xA9\xE2\x80\xAE",                                             // non-ASCII, right-to-left override
        "../../../" + t + "_escaped",                                           // path traversal
        t + "??/",                                                              // trigraph backslash
        std::string(300, 'x') + t,                                              // too long
        "9" + t,                                                                // leading digit
    };
}

// A valid model that uses every string field of the format: each kind of custom model with
// parameters, derived parameters, variables, parameter checks and every code field.
Json everyFieldModel()
{
    return Json::parse(R"json({
  "version": 1, "name": "hostile", "dt": 0.1, "precision": "float", "seed": 3,
  "models": {
    "neurons": [{"name": "Leaky", "params": ["tau", "Vth"],
      "derived_params": [{"name": "decay", "expression": "exp(-dt / tau)"}],
      "param_checks": [{"expr": "tau > 0", "message": "tau must be positive"}],
      "vars": [{"name": "V", "type": "scalar", "initial": 0.0}],
      "sim_code": "V = V * decay + Isyn;", "threshold_code": "V > Vth", "reset_code": "V = 0.0;"}],
    "postsynaptic": [{"name": "Expo", "params": ["tau"],
      "derived_params": [{"name": "decay", "expression": "exp(-dt / tau)"}],
      "vars": [{"name": "gs", "type": "scalar", "initial": 0.0}],
      "apply_input_code": "Isyn += inSyn;", "decay_code": "inSyn *= decay;"}],
    "weight_updates": [{"name": "Pulse", "params": ["scale"], "vars": [{"name": "w", "type": "scalar"}],
      "sim_code": "addToPost(w * scale);"}],
    "current_sources": [{"name": "Bias", "params": ["amp"], "vars": [{"name": "n", "type": "unsigned", "initial": 0}],
      "injection_code": "injectCurrent(amp);"}],
    "var_inits": [{"name": "Half", "params": ["full"], "code": "value = full * 0.5;"}],
    "connectivity": [{"name": "Next", "params": ["width"],
      "row_length_code": "for (unsigned i = 0u; i < num_pre; i++) { setRowLength(i, 1u); }",
      "row_build_code": "addSynapse((id_pre + 1u) % num_post);", "max_row_length": "width"}]
  },
  "neuron_groups": [{"name": "A", "size": 10, "model": "Leaky", "params": {"tau": 10, "Vth": 1},
    "var_inits": {"V": {"snippet": "Half", "params": {"full": 0.2}}}, "record_spikes": true}],
  "synapse_groups": [{"name": "AA", "source": "A", "target": "A",
    "weight_update": {"model": "Pulse", "params": {"scale": 1}, "var_inits": {"w": 0.5}},
    "postsynaptic": {"model": "Expo", "params": {"tau": 5}},
    "connectivity": {"snippet": "Next", "params": {"width": 1}}, "axonal_delay_steps": 1}],
  "current_sources": [{"name": "bias", "target": "A", "model": "Bias", "params": {"amp": 0.1}}]
})json");
}

// JSON Pointers of every string value, and of every key that is a name (parameter values and
// variable initialisers), in `j`.
void collectStrings(const Json& j, const std::string& path, std::vector<std::string>& values,
                    std::vector<std::string>& keys)
{
    if (j.is_string()) {
        values.push_back(path);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            collectStrings(j[i], path + "/" + std::to_string(i), values, keys);
    } else if (j.is_object()) {
        const bool namedKeys = path.ends_with("/params") || path.ends_with("/var_inits");
        for (const auto& [key, value] : j.items()) {
            if (namedKeys && !value.is_array())
                keys.push_back(path + "/" + key);
            collectStrings(value, path + "/" + key, values, keys);
        }
    }
}

// The model read back, or the ModelFileError it gave.
struct ReadResult {
    std::unique_ptr<Network> network;
    std::optional<io::ModelFileError> error;
};

ReadResult readText(const std::string& text)
{
    try {
        return {io::readModel(text, models::builtinLibrary()), std::nullopt};
    } catch (const io::ModelFileError& e) {
        return {nullptr, e};
    }
}

// An accepted model must generate code without the payload; code strings that do not type-check
// are refused by the plan, which is an error too (docs/language.md).
void expectCleanGeneration(const Network& network, const std::string& where)
{
    std::vector<std::string> sources;
    try {
        sources = generatedSources(network);
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << where << ": " << e.what();
        return;
    }
    for (const auto& source : sources)
        EXPECT_EQ(source.find(kToken), std::string::npos) << where << ": the payload reached generated code";
}

class HostileModelFiles : public SandboxTest {};

TEST_F(HostileModelFiles, ValidModelGeneratesOnEveryDialect)
{
    auto result = readText(everyFieldModel().dump());
    ASSERT_TRUE(result.network) << result.error->what();
    EXPECT_FALSE(generatedSources(*result.network).empty());
}

TEST_F(HostileModelFiles, InjectionThroughEveryStringValueIsRefusedAtItsPath)
{
    const Json model = everyFieldModel();
    std::vector<std::string> values, keys;
    collectStrings(model, "", values, keys);
    ASSERT_GT(values.size(), 40u);
    for (const auto& path : values)
        for (const auto& payload : payloads(marker())) {
            Json variant = model;
            variant[Json::json_pointer(path)] = payload;
            const std::string where = path + " = " + printable(payload);
            ReadResult result = readText(variant.dump());
            if (result.error) {
                EXPECT_EQ(result.error->path(), path) << where << ": " << result.error->what();
                EXPECT_EQ(std::string(result.error->what()).find('\n'), std::string::npos) << where;
            } else {
                // Only code strings (checked by the plan) and free-text messages may be read.
                const bool code = path.ends_with("_code") || path.ends_with("/code");
                EXPECT_TRUE(code || path.ends_with("/message")) << where << " was accepted";
                expectCleanGeneration(*result.network, where);
            }
        }
    expectNothingEscaped();
}

TEST_F(HostileModelFiles, InjectionThroughEveryNameKeyIsRefused)
{
    const Json model = everyFieldModel();
    std::vector<std::string> values, keys;
    collectStrings(model, "", values, keys);
    ASSERT_GT(keys.size(), 8u);
    for (const auto& path : keys)
        for (const auto& payload : payloads(marker())) {
            Json variant = model;
            const auto pointer = Json::json_pointer(path);
            Json& parent = variant[pointer.parent_pointer()];
            parent[payload] = parent[pointer.back()];
            parent.erase(pointer.back());
            const ReadResult result = readText(variant.dump());
            ASSERT_TRUE(result.error) << path << " renamed to " << printable(payload) << " was accepted";
            EXPECT_EQ(result.error->path().rfind(pointer.parent_pointer().to_string(), 0), 0u) << result.error->what();
            EXPECT_EQ(std::string(result.error->what()).find('\n'), std::string::npos) << result.error->what();
        }
    expectNothingEscaped();
}

TEST_F(HostileModelFiles, CommentsInsideCodeStringsNeverReachGeneratedCode)
{
    Json model = everyFieldModel();
    const std::string comment = std::string(" // ") + kToken + " system(\"touch " + marker() + "\")\n";
    auto& neuron = model["models"]["neurons"][0];
    neuron["sim_code"] = neuron["sim_code"].get<std::string>() + comment;
    neuron["reset_code"] = "/* " + std::string(kToken) + " */ V = 0.0;";
    ReadResult result = readText(model.dump());
    ASSERT_TRUE(result.network) << result.error->what();
    for (const auto& source : generatedSources(*result.network))
        EXPECT_EQ(source.find(kToken), std::string::npos);
    // And the CPU backend compiles, loads and runs it without the payload doing anything.
    auto spikes = runOnCpu(*result.network, 5.0);
    EXPECT_FALSE(std::filesystem::exists(marker()));
    expectNothingEscaped();
}

TEST_F(HostileModelFiles, TheIssuesReproductionIsRefusedBeforeAnythingRuns)
{
    Json model = everyFieldModel();
    model["models"]["neurons"][0]["name"] = "Leaky\nstatic int x = system(\"touch " + marker() + "\");\n//";
    const ReadResult result = readText(model.dump());
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->path(), "/models/neurons/0/name");
    EXPECT_NE(result.error->message().find("contains '\\n'"), std::string::npos) << result.error->what();

    model = everyFieldModel();
    model["name"] = "coba/../../../" + std::string(kToken) + "_escaped";
    const ReadResult traversal = readText(model.dump());
    ASSERT_TRUE(traversal.error);
    EXPECT_EQ(traversal.error->path(), "/name");
    expectNothingEscaped();
    EXPECT_FALSE(std::filesystem::exists(marker()));
}

// Reading `text` fails at `path` with a message containing `fragment`.
void expectError(const std::string& text, const std::string& path, const std::string& fragment)
{
    SCOPED_TRACE(path + ": " + fragment);
    const ReadResult result = readText(text);
    ASSERT_TRUE(result.error) << "accepted: " << text.substr(0, 200);
    EXPECT_EQ(result.error->path(), path) << result.error->what();
    EXPECT_NE(result.error->message().find(fragment), std::string::npos) << result.error->what();
    EXPECT_EQ(std::string(result.error->what()).find("json.exception"), std::string::npos) << result.error->what();
}

TEST(HostileNumbers, OverflowNamesTheElement)
{
    Json model = everyFieldModel();
    std::string text = model.dump();
    const std::string scale = "\"scale\":1";
    text.replace(text.find(scale), scale.size(), "\"scale\":1e400");
    expectError(text, "/synapse_groups/0/weight_update/params/scale", "'1e400' is beyond the range of a double");
    text = model.dump();
    text.replace(text.find("\"dt\":0.1"), 8, "\"dt\":-1e999");
    expectError(text, "/dt", "beyond the range of a double");
}

TEST(HostileNumbers, SizesAndCountsBeyondTheirTypes)
{
    const auto with = [](const std::string& pointer, Json value) {
        Json model = everyFieldModel();
        model[Json::json_pointer(pointer)] = std::move(value);
        return model.dump();
    };
    expectError(with("/neuron_groups/0/size", 4e9), "/neuron_groups/0/size", "is too large (at most 2147483647)");
    expectError(with("/neuron_groups/0/size", -5), "/neuron_groups/0/size", "expected a positive integer");
    expectError(with("/neuron_groups/0/size", 2.5), "/neuron_groups/0/size", "expected a positive integer");
    expectError(with("/synapse_groups/0/axonal_delay_steps", -1), "/synapse_groups/0/axonal_delay_steps",
                "non-negative integer");
    expectError(with("/synapse_groups/0/axonal_delay_steps", 1.5), "/synapse_groups/0/axonal_delay_steps",
                "non-negative integer");
    expectError(with("/synapse_groups/0/axonal_delay_steps", 1e12), "/synapse_groups/0/axonal_delay_steps",
                "is too large");
    expectError(with("/seed", -3), "/seed", "non-negative integer");
    expectError(with("/seed", 1e30), "/seed", "is too large");
    expectError(with("/dt", 1e-60), "/dt", "too small for single precision");
    expectError(with("/neuron_groups/0/params/tau", 1e300), "/neuron_groups/0/params/tau",
                "beyond the range of single precision");
    Json initial = everyFieldModel();
    initial["models"]["neurons"][0]["vars"][0]["initial"] = 1e300;
    initial["neuron_groups"][0].erase("var_inits"); // so that the declared initial value is used
    expectError(initial.dump(), "/neuron_groups/0/var_inits", "beyond the range of single precision");
    // The same values are fine in double precision.
    Json model = everyFieldModel();
    model["precision"] = "double";
    model["neuron_groups"][0]["params"]["tau"] = 1e300;
    EXPECT_FALSE(readText(model.dump()).error);
}

TEST(HostileInputs, DeepHugeAndRepeated)
{
    std::string deep = "{\"name\": \"x\", \"neuron_groups\": ";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}";
    std::string deepest = "/neuron_groups";
    for (std::size_t level = 2; level < io::kMaxJsonDepth + 1; ++level)
        deepest += "/0";
    expectError(deep, deepest, "nested more than 64 levels");
    std::string huge = everyFieldModel().dump();
    huge.insert(1, "\"pad\": \"" + std::string(io::kMaxModelFileBytes, ' ') + "\", ");
    expectError(huge, "/", "model files of at most 64 MiB are read");
    expectError(R"({"name": "a", "name": "b", "neuron_groups": []})", "/name", "given twice");
    expectError("{\"name\": \"a\xFF\", \"neuron_groups\": []}", "/", "not valid JSON");
    // A code string nested far deeper than any model needs is refused by the parser, not the stack.
    Json model = everyFieldModel();
    model["models"]["neurons"][0]["sim_code"] = "V = " + std::string(50000, '(') + "1" + std::string(50000, ')') + ";";
    ReadResult result = readText(model.dump());
    ASSERT_TRUE(result.network);
    EXPECT_THROW(generatedSources(*result.network), Error);
}

TEST(HostileFiles, ModelFilesMustBeRegularFilesOfBoundedSize)
{
    EXPECT_THROW(io::readModelFile("/dev/zero", models::builtinLibrary()), Error);
    EXPECT_THROW(io::readModelFile("/", models::builtinLibrary()), Error);
    try {
        io::readModelFile("/dev/zero", models::builtinLibrary());
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace spikegen::testing
