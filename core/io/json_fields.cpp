#include "core/io/json_fields.h"

#include "core/model/safe_names.h"
#include "core/model/validation.h"

#include <algorithm>
#include <cmath>

namespace spikegen::io {

std::string jsonTypeName(const Json& value)
{
    switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    default: return "binary data";
    }
}

void throwWrongType(const JsonPath& path, const std::string& expected, const Json& found)
{
    std::string shown = jsonTypeName(found);
    if (found.is_number()) shown += " " + found.dump();
    throw ModelFileError(path, "expected " + expected + ", found " + shown);
}

Fields::Fields(const Json& object, JsonPath path, const std::string& what, const std::vector<std::string>& allowed)
    : object_(object), path_(std::move(path))
{
    if (!object_.is_object()) throwWrongType(path_, what + " (an object)", object_);
    for (const auto& [key, value] : object_.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        const std::string hint = suggestName(key, allowed);
        throw ModelFileError(path_ / key, "unknown field" + (hint.empty() ? "" : "; " + hint));
    }
}

bool Fields::has(const std::string& key) const { return object_.contains(key); }

const Json* Fields::find(const std::string& key) const
{
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
}

void Fields::wrongType(const std::string& key, const std::string& expected) const
{
    throwWrongType(path_ / key, expected, object_.at(key));
}

const Json& Fields::requiredAny(const std::string& key)
{
    const Json* value = find(key);
    if (!value) throw ModelFileError(path_ / key, "missing required field");
    return *value;
}

const Json* Fields::optionalAny(const std::string& key) { return find(key); }

std::optional<std::string> Fields::optionalString(const std::string& key)
{
    const Json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_string()) wrongType(key, "a string");
    return value->get<std::string>();
}

std::string Fields::requiredString(const std::string& key)
{
    requiredAny(key);
    return *optionalString(key);
}

std::string Fields::requiredName(const std::string& key)
{
    std::string name = requiredString(key);
    if (auto problem = nameProblem(name))
        throw ModelFileError(path_ / key, "the name " + printable(name) + " " + *problem);
    return name;
}

std::optional<double> Fields::optionalNumber(const std::string& key)
{
    const Json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) wrongType(key, "a number");
    return value->get<double>();
}

double Fields::requiredNumber(const std::string& key)
{
    requiredAny(key);
    return *optionalNumber(key);
}

std::optional<std::uint64_t> Fields::optionalInteger(const std::string& key, std::uint64_t minimum, std::uint64_t maximum)
{
    const Json* value = find(key);
    if (!value) return std::nullopt;
    const std::string expected = minimum == 1 ? "a positive integer" : "a non-negative integer";
    if (!value->is_number()) wrongType(key, expected);
    const double d = value->get<double>();
    if (value->is_number_integer() && value->get<std::int64_t>() < 0) wrongType(key, expected);
    if (d != std::floor(d) || d < double(minimum)) wrongType(key, expected);
    if (d > double(maximum))
        throw ModelFileError(path_ / key, value->dump() + " is too large (at most " + std::to_string(maximum) + ")");
    return value->is_number_unsigned() ? value->get<std::uint64_t>() : std::uint64_t(d);
}

std::uint64_t Fields::requiredInteger(const std::string& key, std::uint64_t minimum, std::uint64_t maximum)
{
    requiredAny(key);
    return *optionalInteger(key, minimum, maximum);
}

std::optional<bool> Fields::optionalBool(const std::string& key)
{
    const Json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_boolean()) wrongType(key, "true or false");
    return value->get<bool>();
}

const Json* Fields::optionalObject(const std::string& key)
{
    const Json* value = find(key);
    if (value && !value->is_object()) wrongType(key, "an object");
    return value;
}

const Json* Fields::optionalArray(const std::string& key)
{
    const Json* value = find(key);
    if (value && !value->is_array()) wrongType(key, "an array");
    return value;
}

} // namespace spikegen::io
