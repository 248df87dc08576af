#include "core/io/spike_times_field.h"

#include "core/error.h"
#include "core/io/npy_file.h"

#include <cmath>

namespace spikegen::io {
namespace {

std::vector<double> numbers(const Json& list, const JsonPath& path)
{
    if (!list.is_array()) throwWrongType(path, "an array of numbers", list);
    std::vector<double> values;
    values.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_number()) throwWrongType(path / i, "a number", list[i]);
        values.push_back(list[i].get<double>());
    }
    return values;
}

std::vector<std::int64_t> ids(const std::vector<double>& values, const JsonPath& path)
{
    std::vector<std::int64_t> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] != std::floor(values[i]) || std::abs(values[i]) > 9.0e15)
            throw ModelFileError(path, "neuron id " + std::to_string(values[i]) + " at index " + std::to_string(i) +
                                           " is not a whole number");
        out[i] = std::int64_t(values[i]);
    }
    return out;
}

std::vector<double> fromFile(const std::string& name, const JsonPath& path,
                             const std::optional<std::filesystem::path>& folder)
{
    if (!folder)
        throw ModelFileError(path, "a file can be named only in a model file read from disk (files are looked "
                                   "for in its folder)");
    try {
        return readNpyVector(safeDataFile(*folder, name));
    } catch (const ModelFileError&) {
        throw;
    } catch (const Error& e) {
        throw ModelFileError(path, e.what());
    }
}

} // namespace

void readSpikeTimes(NeuronGroup& group, const Json& field, const JsonPath& path,
                    const std::optional<std::filesystem::path>& folder)
{
    auto set = [&](auto&&... args) {
        try {
            group.setSpikeTimes(args...);
        } catch (const ModelFileError&) {
            throw;
        } catch (const Error& e) {
            throw ModelFileError(path, e.what());
        }
    };
    if (field.is_array()) {
        std::vector<std::vector<double>> perNeuron;
        for (std::size_t n = 0; n < field.size(); ++n)
            perNeuron.push_back(numbers(field[n], path / n));
        set(perNeuron);
        return;
    }
    Fields f(field, path, "spike times (a list per neuron, or times and ids)",
             {"times", "ids", "times_file", "ids_file"});
    const bool inline_ = f.has("times") || f.has("ids"), files = f.has("times_file") || f.has("ids_file");
    if (inline_ == files)
        throw ModelFileError(path, "give either \"times\" and \"ids\" or \"times_file\" and \"ids_file\"");
    if (inline_) {
        const std::vector<double> times = numbers(f.requiredAny("times"), path / "times");
        set(times, ids(numbers(f.requiredAny("ids"), path / "ids"), path / "ids"));
        return;
    }
    const std::vector<double> times = fromFile(f.requiredString("times_file"), path / "times_file", folder);
    set(times, ids(fromFile(f.requiredString("ids_file"), path / "ids_file", folder), path / "ids_file"));
}

Json describeSpikeTimes(const SpikeTimes& times)
{
    Json perNeuron = Json::array();
    for (std::size_t n = 0; n + 1 < times.starts.size(); ++n)
        perNeuron.push_back(std::vector<double>(times.times.begin() + times.starts[n], times.times.begin() + times.starts[n + 1]));
    return perNeuron;
}

} // namespace spikegen::io
