// Values that generated code reads from backend memory instead of literals: dynamic parameters
// (Network::setParamDynamic), whose values the runtime keeps and uploads with the derived
// parameters computed from them, and the random streams' keys (NetworkOptions::dynamicSeed).
#include "core/runtime/simulation.h"

#include "core/error.h"
#include "core/model/validation.h"

#include <algorithm>
#include <cstring>

namespace spikegen {

void Simulation::uploadDynamicParams()
{
    const auto buffer = plan_.dynamicParamBuffer();
    if (!buffer || !buffers_.at(*buffer))
        return;
    for (std::uint32_t k = 0; k < batch_; ++k) {
        const std::vector<double> elements = plan_.dynamicParamElements(dynamicValues_[k]);
        const Element type = plan_.buffers()[*buffer].type;
        std::vector<std::uint8_t> bytes(elements.size() * elementBytes(type));
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (type == Element::Float) {
                const auto v = static_cast<float>(elements[i]);
                std::memcpy(bytes.data() + 4 * i, &v, 4);
            } else {
                std::memcpy(bytes.data() + 8 * i, &elements[i], 8);
            }
        }
        buffers_[*buffer]->upload(bytes.data(), bytes.size(), offset(*buffer, k));
    }
}

void Simulation::uploadStreamKeys()
{
    const auto buffer = plan_.streamKeyBuffer();
    if (!buffer || !buffers_.at(*buffer))
        return;
    // Instance k: its own seed; the connectivity's, unless each instance builds its own.
    const NetworkOptions& o = network_.options();
    for (std::uint32_t k = 0; k < batch_; ++k) {
        const std::uint64_t seed = instanceSeed(k);
        const std::vector<std::uint32_t> words = plan_.streamKeyWords(
            seed, options_.connectivityPerInstance ? seed : o.connectivitySeed.value_or(o.seed));
        buffers_[*buffer]->upload(words.data(), words.size() * 4, offset(*buffer, k));
    }
}

std::pair<std::size_t, std::string> Simulation::findDynamicParam(const std::string& group, const std::string& param) const
{
    const auto& entries = plan_.dynamicParams();
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const DynamicParamsPlan& d = entries[k];
        if (d.group != group)
            continue;
        const std::string name = !d.part.empty() && param.rfind(d.part, 0) == 0 ? param.substr(d.part.size()) : param;
        const auto& params = d.model->params;
        if (d.slots.count(name) && std::find(params.begin(), params.end(), name) != params.end())
            return {k, name};
    }
    network_.param(group, param); // an unknown group or parameter throws, naming the known ones
    throw Error("parameter '" + param + "' of group '" + group + "' is not dynamic: its value is compiled into the "
                "code; call Network::setParamDynamic(\"" + group + "\", \"" + param +
                "\") before creating the Simulation to change it while it runs");
}

double Simulation::param(const std::string& group, const std::string& param, std::uint32_t instance) const
{
    checkInstance(instance);
    const auto [entry, name] = findDynamicParam(group, param);
    return dynamicValues_[instance][entry].at(name);
}

void Simulation::setParam(const std::string& group, const std::string& param, double value)
{
    setParams(group, param, std::vector<double>(batch_, value));
}

void Simulation::setParam(const std::string& group, const std::string& param, double value, std::uint32_t instance)
{
    checkInstance(instance);
    std::vector<double> values;
    for (std::uint32_t k = 0; k < batch_; ++k)
        values.push_back(k == instance ? value : this->param(group, param, k));
    setParams(group, param, values);
}

void Simulation::setParams(const std::string& group, const std::string& param, const std::vector<double>& perInstance)
{
    const auto [entry, name] = findDynamicParam(group, param);
    if (perInstance.size() != batch_)
        throw Error("parameter '" + param + "' of group '" + group + "': " + std::to_string(perInstance.size()) +
                    " values given for a batch of " + std::to_string(batch_) + " instances (one per instance)");
    const DynamicParamsPlan& d = plan_.dynamicParams()[entry];
    std::vector<std::vector<ParamValues>> changed = dynamicValues_;
    for (std::uint32_t k = 0; k < batch_; ++k) {
        ParamValues& values = changed[k][entry];
        values[name] = perInstance[k];
        try {
            validateParams(d.where, *d.model, values, &network_.options()); // throws, changing nothing
        } catch (const Error& e) {
            throw Error(instanceText(k) + e.what());
        }
    }
    dynamicValues_ = std::move(changed);
    if (initialized_)
        uploadDynamicParams();
}

} // namespace spikegen
