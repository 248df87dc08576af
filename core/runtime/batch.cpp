// A batch (SimulationOptions::batchSize): every planned buffer holds each instance's part, one
// after another, except the connectivity that one copy serves. The generated code sees one
// instance at a time: the runtime binds that instance's parts (DeviceBuffer::slice) and runs it.
#include "core/runtime/simulation.h"

#include "core/error.h"

namespace spikegen {

std::unique_ptr<DeviceBuffer> DeviceBuffer::slice(std::size_t, std::size_t)
{
    throw Error("internal: a backend whose buffers have no slices runs a batch's instances one after another");
}

std::uint64_t Simulation::instanceSeed(std::uint32_t instance) const
{
    checkInstance(instance);
    return options_.instanceSeeds.empty() ? network_.options().seed + instance : options_.instanceSeeds[instance];
}

void Simulation::checkInstance(std::uint32_t instance) const
{
    if (instance >= batch_)
        throw Error("simulation of '" + network_.name() + "': instance " + std::to_string(instance) +
                    " does not exist in a batch of " + std::to_string(batch_) + " (0 to " + std::to_string(batch_ - 1) +
                    ")");
}

std::string Simulation::instanceText(std::uint32_t instance) const
{
    return batch_ > 1 ? "instance " + std::to_string(instance) + " of the batch: " : "";
}

std::size_t Simulation::count(std::size_t buffer, std::uint32_t instance) const
{
    // Per-synapse buffers are sized for the instance with the most synapses.
    const auto& group = plan_.buffers()[buffer].perSynapseOf;
    return group && options_.connectivityPerInstance ? synapseCounts_.at(instance).at(*group) : counts_.at(buffer);
}

void Simulation::bindInstance(std::uint32_t instance)
{
    if (boundInstance_ == instance || (together_ && boundInstance_))
        return;
    std::vector<DeviceBuffer*> raw;
    if (batch_ == 1 || together_) {
        for (auto& b : buffers_)
            raw.push_back(b.get());
    } else {
        if (slices_.empty())
            slices_.resize(batch_);
        auto& slices = slices_[instance];
        if (slices.empty())
            for (std::size_t b = 0; b < buffers_.size(); ++b)
                slices.push_back(buffers_[b] && slotBytes_[b] > 0
                                     ? buffers_[b]->slice(offset(b, instance), slotBytes_[b])
                                     : nullptr);
        for (std::size_t b = 0; b < buffers_.size(); ++b)
            raw.push_back(slices[b] ? slices[b].get() : buffers_[b].get());
    }
    program_->bind(raw);
    if (together_) {
        std::vector<std::size_t> strides;
        for (std::size_t b = 0; b < buffers_.size(); ++b)
            strides.push_back(slotBytes_[b] / elementBytes(plan_.buffers()[b].type));
        program_->setInstanceStrides(strides);
    }
    boundInstance_ = instance;
}

void Simulation::forInstances(std::uint32_t n, const std::function<void()>& launch)
{
    if (together_) {
        bindInstance(0);
        program_->setInitInstances(n);
        launch();
        return;
    }
    for (std::uint32_t k = 0; k < n; ++k) {
        bindInstance(k);
        launch();
    }
}

void Simulation::uploadToEveryInstance(std::size_t buffer, const void* data, std::size_t bytes)
{
    for (std::uint32_t k = 0; k < (slotBytes_[buffer] > 0 ? batch_ : 1); ++k)
        buffers_[buffer]->upload(data, bytes, offset(buffer, k));
}

Simulation::InstanceBytes Simulation::downloadEveryInstance(std::size_t buffer, std::size_t bytes) const
{
    const std::size_t slot = slotBytes_[buffer];
    const bool together = batch_ > 1 && 2 * bytes >= slot && bytes > 0;
    const std::size_t stride = together ? slot : bytes;
    const std::size_t total = stride * (batch_ - 1) + bytes;
    if (staging_.size() < total)
        staging_.resize(total);
    if (together)
        buffers_[buffer]->download(staging_.data(), total, 0);
    else
        for (std::uint32_t k = 0; k < batch_ && bytes > 0; ++k)
            buffers_[buffer]->download(staging_.data() + k * bytes, bytes, offset(buffer, k));
    return {staging_.data(), stride};
}

Simulation::VarBytes Simulation::pullBatchVarBytes(const std::string& group, const std::string& var) const
{
    VarBytes all = pullVarBytes(group, var, 0);
    const std::size_t each = all.count;
    for (std::uint32_t k = 1; k < batch_; ++k) {
        const VarBytes one = pullVarBytes(group, var, k);
        if (one.count != each)
            throw Error("group '" + group + "', variable '" + var + "': the instances of the batch hold different "
                        "numbers of synapses (connectivity per instance): pull them one instance at a time");
        all.bytes.insert(all.bytes.end(), one.bytes.begin(), one.bytes.end());
        all.count += one.count;
    }
    return all;
}

void Simulation::pushBatchVarBytes(const std::string& group, const std::string& var, Element type, std::size_t count,
                                   const void* data)
{
    if (!initialized_)
        throw Error("simulation of '" + network_.name() + "': call initialize() before pushing '" + var + "'");
    std::size_t unused = 0;
    const PlannedVar& v = findVar(group, var, unused);
    std::size_t total = 0;
    for (std::uint32_t k = 0; k < batch_; ++k)
        total += this->count(v.buffer, k);
    if (count != total)
        throw Error("group '" + group + "', variable '" + var + "': " + std::to_string(count) + " values given for " +
                    "the batch, " + std::to_string(total) + " expected (" + std::to_string(batch_) +
                    " instances, one after another)");
    if (type != plan_.buffers()[v.buffer].type)
        throw Error("group '" + group + "', variable '" + var + "': values of another element type given");
    if (batch_ > 1 && !plan_.perInstance(v.buffer))
        throw Error("group '" + group + "', variable '" + var + "' is shared by the instances of the batch "
                    "(Network::setVarShared): push its one copy with pushVar");
    const std::size_t element = elementBytes(type);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    if (batch_ == 1 || counts_[v.buffer] * element == slotBytes_[v.buffer]) {
        if (count > 0) // the parts lie back to back: one copy
            buffers_[v.buffer]->upload(bytes, count * element, 0);
        return;
    }
    for (std::uint32_t k = 0; k < batch_; ++k) {
        const std::size_t n = this->count(v.buffer, k);
        if (n > 0)
            buffers_[v.buffer]->upload(bytes, n * element, offset(v.buffer, k));
        bytes += n * element;
    }
}

} // namespace spikegen
