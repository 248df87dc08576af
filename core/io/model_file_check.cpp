// `spikegen validate`: everything `spikegen run` checks before it compiles, with errors that name
// the file and the JSON path of the code string at fault.
#include "core/codegen/memory_estimate.h"
#include "core/codegen/model_plan.h"
#include "core/io/json_text.h"
#include "core/io/model_file.h"
#include "core/lang/code_error.h"

#include <fstream>
#include <sstream>

namespace spikegen::io {
namespace {

const char* const kSections[] = {"neurons", "postsynaptic", "weight_updates", "current_sources", "var_inits",
                                 "connectivity"};

// The index of the element of `list` whose "name" is `name`.
std::optional<std::size_t> indexNamed(const Json& list, const std::string& name)
{
    if (!list.is_array()) return std::nullopt;
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].is_object() && list[i].value("name", std::string()) == name) return i;
    return std::nullopt;
}

// The text between the first pair of single quotes after `from` ("compartment 'dend' ..." -> dend).
std::string quoted(const std::string& text, std::size_t from, std::size_t& end)
{
    const std::size_t open = text.find('\'', from), close = text.find('\'', open + 1);
    if (open == std::string::npos || close == std::string::npos) return {};
    end = close + 1;
    return text.substr(open + 1, close - open - 1);
}

// The path, inside a model definition, of the code string that a CodeError's field names
// ("sim code", "threshold condition", "equations, integrated by rk4", "compartment 'dend' event
// 'dspike' condition"); empty when the field is not one of the definition's keys.
std::optional<JsonPath> fieldPath(const Json& definition, const JsonPath& at, const std::string& field)
{
    if (field.rfind("compartment '", 0) == 0) {
        std::size_t end = 0;
        const std::string compartment = quoted(field, 0, end);
        const auto k = indexNamed(definition.value("compartments", Json::array()), compartment);
        if (!k) return std::nullopt;
        const JsonPath c = at / "compartments" / *k;
        const std::string rest = field.substr(end);
        if (rest.rfind(" event '", 0) == 0) {
            std::size_t eventEnd = 0;
            const std::string event = quoted(rest, 0, eventEnd);
            const auto j = indexNamed(definition["compartments"][*k].value("events", Json::array()), event);
            if (!j) return c;
            return c / "events" / *j / (rest.find(" condition", eventEnd) != std::string::npos ? "condition" : "reset");
        }
        return c / (rest == " sim code" ? "sim_code" : "equations");
    }
    std::string key = field.rfind("equations", 0) == 0 ? "equations"
                      : field == "threshold condition" ? "threshold_code"
                      : field == "column build code"   ? "col_build_code"
                                                        : field;
    for (char& ch : key)
        if (ch == ' ') ch = '_';
    if (!definition.contains(key)) return std::nullopt;
    return at / key;
}

// Where in the file the code string of a CodeError is: the first model definition of its name
// that has the field; nothing for a model the file does not define (a built-in).
std::optional<JsonPath> locate(const Json& root, const lang::CodeError& e)
{
    if (!root.is_object() || !root.contains("models")) return std::nullopt;
    const Json& models = root["models"];
    for (const char* section : kSections) {
        if (!models.contains(section)) continue;
        const auto i = indexNamed(models[section], e.where().model);
        if (!i) continue;
        const JsonPath at = JsonPath() / "models" / section / *i;
        if (auto path = fieldPath(models[section][*i], at, e.where().field)) return path;
    }
    return std::nullopt;
}

} // namespace

ModelFileCheck checkModelFile(const std::filesystem::path& path, const ModelLibrary& library,
                              std::uint32_t recordingWindowSteps)
{
    ModelFileCheck check;
    check.network = readModelFile(path, library);
    try {
        const ModelPlan plan(*check.network, recordingWindowSteps);
        check.estimatedBytes = estimateMemory(plan).bytes;
    } catch (const lang::CodeError& e) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        std::optional<JsonPath> at;
        try {
            at = locate(parseModelJson(text.str()), e);
        } catch (const Error&) {
        }
        throw Error(path.string() + ": " + (at ? at->text() + ": " : "") + e.what());
    } catch (const Error& e) {
        throw Error(path.string() + ": " + e.what());
    }
    return check;
}

} // namespace spikegen::io
