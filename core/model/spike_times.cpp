// Given spike times of a neuron group (NeuronGroup::setSpikeTimes): checked once, where they
// enter, so that the runtime can trust them.
#include "core/error.h"
#include "core/model/groups.h"

#include <cmath>
#include <cstdio>

namespace spikegen {
namespace {

std::string ms(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

void checkTime(const NeuronGroup& group, std::size_t neuron, std::size_t index, double time, double previous)
{
    const std::string where = "neuron group '" + group.name() + "': spike time " + std::to_string(index) +
                              " of neuron " + std::to_string(neuron);
    if (!std::isfinite(time) || time < 0)
        throw Error(where + " is " + ms(time) + " ms; spike times must be finite and >= 0");
    if (time < previous)
        throw Error(where + " (" + ms(time) + " ms) comes before the one before it (" + ms(previous) +
                    " ms); each neuron's spike times must be in order");
}

} // namespace

NeuronGroup& NeuronGroup::setSpikeTimes(const std::vector<std::vector<double>>& perNeuron)
{
    if (perNeuron.size() != size_)
        throw Error("neuron group '" + name_ + "': spike times are given for " + std::to_string(perNeuron.size()) +
                    " neurons; the group has " + std::to_string(size_));
    SpikeTimes st;
    st.starts.push_back(0);
    for (std::size_t n = 0; n < perNeuron.size(); ++n) {
        for (std::size_t k = 0; k < perNeuron[n].size(); ++k)
            checkTime(*this, n, k, perNeuron[n][k], k == 0 ? 0.0 : perNeuron[n][k - 1]);
        st.times.insert(st.times.end(), perNeuron[n].begin(), perNeuron[n].end());
        if (st.times.size() > 0xFFFFFFFFull)
            throw Error("neuron group '" + name_ + "': more than 2^32 - 1 spike times");
        st.starts.push_back(std::uint32_t(st.times.size()));
    }
    spikeTimes_ = std::move(st);
    return *this;
}

NeuronGroup& NeuronGroup::setSpikeTimes(const std::vector<double>& times, const std::vector<std::int64_t>& ids)
{
    if (times.size() != ids.size())
        throw Error("neuron group '" + name_ + "': " + std::to_string(times.size()) + " spike times but " +
                    std::to_string(ids.size()) + " neuron ids; give one id per time");
    std::vector<std::vector<double>> perNeuron(size_);
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (ids[k] < 0 || ids[k] >= std::int64_t(size_))
            throw Error("neuron group '" + name_ + "': neuron id " + std::to_string(ids[k]) + " at index " +
                        std::to_string(k) + " of the spike times is outside the group (ids 0 to " +
                        std::to_string(size_ - 1) + ")");
        perNeuron[std::size_t(ids[k])].push_back(times[k]);
    }
    return setSpikeTimes(perNeuron);
}

} // namespace spikegen
