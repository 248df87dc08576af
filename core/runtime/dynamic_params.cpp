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
    const std::vector<double> elements = plan_.dynamicParamElements(dynamicValues_);
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
    buffers_[*buffer]->upload(bytes.data(), bytes.size());
}

void Simulation::uploadStreamKeys()
{
    if (const auto buffer = plan_.streamKeyBuffer(); buffer && buffers_.at(*buffer))
        buffers_[*buffer]->upload(plan_.streamKeyWords().data(), plan_.streamKeyWords().size() * 4);
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

double Simulation::param(const std::string& group, const std::string& param) const
{
    const auto [entry, name] = findDynamicParam(group, param);
    return dynamicValues_[entry].at(name);
}

void Simulation::setParam(const std::string& group, const std::string& param, double value)
{
    const auto [entry, name] = findDynamicParam(group, param);
    const DynamicParamsPlan& d = plan_.dynamicParams()[entry];
    ParamValues values = dynamicValues_[entry];
    values[name] = value;
    validateParams(d.where, *d.model, values, &network_.options()); // throws, changing nothing
    dynamicValues_[entry] = std::move(values);
    if (initialized_)
        uploadDynamicParams();
}

} // namespace spikegen
