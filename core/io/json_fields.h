// Typed, path-aware access to the fields of one JSON object of a model file. Each accessor either
// returns the value or throws ModelFileError naming the field's path and what was expected. Fields
// not in the allowed list are rejected up front (with a "did you mean" hint), before a misspelt
// required field could be reported as missing: a typo is an error, never a silently ignored setting.
#pragma once
#include "core/io/json_paths.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spikegen::io {

using Json = nlohmann::ordered_json;

// "string", "number", "object", ... as a message word for the type of `value`.
std::string jsonTypeName(const Json& value);

class Fields {
public:
    // Throws unless `object` is a JSON object whose keys are all in `allowed`; `what` names it in
    // the message for a non-object ("a neuron group").
    Fields(const Json& object, JsonPath path, const std::string& what, const std::vector<std::string>& allowed);

    const JsonPath& path() const { return path_; }
    bool has(const std::string& key) const;

    std::string requiredString(const std::string& key);
    // A string that is a valid name (core/model/safe_names.h).
    std::string requiredName(const std::string& key);
    std::optional<std::string> optionalString(const std::string& key);
    double requiredNumber(const std::string& key);
    std::optional<double> optionalNumber(const std::string& key);
    // Whole numbers in [minimum, maximum]; "a positive integer" style messages.
    std::optional<std::uint64_t> optionalInteger(const std::string& key, std::uint64_t minimum, std::uint64_t maximum);
    std::uint64_t requiredInteger(const std::string& key, std::uint64_t minimum, std::uint64_t maximum);
    std::optional<bool> optionalBool(const std::string& key);
    // The raw value of an object- or array-valued field, checked for that kind.
    const Json* optionalObject(const std::string& key);
    const Json* optionalArray(const std::string& key);
    // The value as it is, for fields that take several forms (e.g. a number or an object).
    const Json* optionalAny(const std::string& key);
    const Json& requiredAny(const std::string& key);

private:
    const Json* find(const std::string& key) const;
    [[noreturn]] void wrongType(const std::string& key, const std::string& expected) const;
    const Json& object_;
    JsonPath path_;
};

// Throws ModelFileError(path, "expected <expected>, found <type>").
[[noreturn]] void throwWrongType(const JsonPath& path, const std::string& expected, const Json& found);

} // namespace spikegen::io
