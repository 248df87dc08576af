// A network split over ranks (SimulationOptions::communicator, docs/scaling.md): the spike
// exchange that the generated code calls, and the collectives that give every rank the values of
// the whole network from each rank's own part.
#include "core/runtime/simulation.h"

#include "core/error.h"

#include <chrono>
#include <cstring>

namespace spikegen {

Partition Simulation::partitionOf(const Communicator* communicator)
{
    return communicator ? Partition{communicator->rank(), communicator->ranks()} : Partition{};
}

void Simulation::refuseSplit(const std::string& what) const
{
    if (split())
        throw Error("network '" + network_.name() + "' is split over " + std::to_string(communicator_->ranks()) +
                    " ranks: " + what + " is not possible in a split run yet (docs/scaling.md)");
}

// The slots of the interval's steps hold this rank's spikes (the neuron update wrote them); they
// leave as [count, ids...] per step and group, and come back as every rank's lists one after
// another in rank order: ascending neuron ids, the list one device would have made.
void Simulation::exchangeSpikes(std::uint64_t step)
{
    const std::vector<std::size_t> groups = plan_.exchangedGroups();
    if (groups.empty()) // no projections: nothing any rank needs from another
        return;
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t first = step + 1 - plan_.exchangeInterval();
    // Each group's counts of every slot in one copy each way (a GPU copy costs microseconds).
    std::vector<std::vector<std::uint32_t>> counts(groups.size());
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const NeuronGroupPlan& n = plan_.neuronGroups()[groups[k]];
        counts[k].resize(n.slots);
        buffers_[n.spikeCount]->download(counts[k].data(), n.slots * 4ull, 0);
    }
    exchangeWords_.clear();
    for (std::uint64_t s = first; s <= step; ++s)
        for (std::size_t k = 0; k < groups.size(); ++k) {
            const NeuronGroupPlan& n = plan_.neuronGroups()[groups[k]];
            const std::size_t slot = s % n.slots;
            const std::uint32_t count = counts[k][slot];
            const std::size_t at = exchangeWords_.size();
            exchangeWords_.resize(at + 1 + count);
            exchangeWords_[at] = count;
            if (count > 0)
                buffers_[n.spikes]->download(&exchangeWords_[at + 1], count * 4ull, slot * n.group->size() * 4ull);
        }
    std::vector<std::size_t> bytesOf;
    communicator_->allGather({reinterpret_cast<const std::uint8_t*>(exchangeWords_.data()), exchangeWords_.size() * 4},
                             exchanged_, bytesOf);
    std::vector<std::size_t> cursor(bytesOf.size()); // each rank's next word
    for (std::size_t r = 1; r < bytesOf.size(); ++r)
        cursor[r] = cursor[r - 1] + bytesOf[r - 1] / 4;
    std::vector<std::uint32_t> words(exchanged_.size() / 4);
    std::memcpy(words.data(), exchanged_.data(), words.size() * 4);
    std::vector<std::uint32_t> merged;
    for (std::uint64_t s = first; s <= step; ++s)
        for (std::size_t k = 0; k < groups.size(); ++k) {
            const NeuronGroupPlan& n = plan_.neuronGroups()[groups[k]];
            const std::size_t slot = s % n.slots;
            merged.clear();
            for (std::size_t& at : cursor) {
                const std::uint32_t count = words[at];
                merged.insert(merged.end(), words.begin() + std::ptrdiff_t(at + 1),
                              words.begin() + std::ptrdiff_t(at + 1 + count));
                at += 1 + count;
            }
            counts[k][slot] = std::uint32_t(merged.size());
            if (!merged.empty())
                buffers_[n.spikes]->upload(merged.data(), merged.size() * 4, slot * n.group->size() * 4ull);
        }
    for (std::size_t k = 0; k < groups.size(); ++k)
        buffers_[plan_.neuronGroups()[groups[k]].spikeCount]->upload(counts[k].data(), counts[k].size() * 4, 0);
    ++timings_.spikeExchanges;
    timings_.exchangeSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::gatherOwnedColumns(std::vector<std::uint8_t>& rows, std::size_t elementBytes,
                                    const std::function<bool(std::size_t)>& owned, std::size_t columns) const
{
    const std::size_t rowBytes = columns * elementBytes;
    for (std::size_t c = 0; c < columns; ++c)
        if (!owned(c))
            for (std::size_t at = c * elementBytes; at < rows.size(); at += rowBytes)
                std::memset(rows.data() + at, 0, elementBytes);
    communicator_->allOr(rows);
}

// Neuron-indexed buffers belong to the block of their group (or their target's); presynaptic
// variables of projections are kept by every rank alike (they change when spikes arrive).
std::vector<std::uint8_t> Simulation::gatherVar(const PlannedVar& v, std::vector<std::uint8_t> bytes) const
{
    const PlannedBuffer& buffer = plan_.buffers()[v.buffer];
    const std::size_t size = elementBytes(buffer.type);
    auto in = [&](const std::vector<PlannedVar>& vars) {
        for (const auto& var : vars)
            if (var.buffer == v.buffer)
                return true;
        return false;
    };
    auto ownedBy = [&](const NeuronGroup& group) {
        const NeuronBlock block = plan_.block(group);
        gatherOwnedColumns(bytes, size, [&](std::size_t c) { return block.contains(std::uint32_t(c)); }, group.size());
        return std::move(bytes);
    };
    if (buffer.perSynapseOf) {
        const SynapseGroupPlan& s = plan_.synapseGroups()[*buffer.perSynapseOf];
        if (!s.rowStart) // dense, row-major: a rank's synapses are the columns of its targets
            return ownedBy(s.group->target());
        std::vector<std::uint32_t> rows(counts_[*s.rowStart]);
        buffers_[*s.rowStart]->download(rows.data(), rows.size() * 4, 0);
        return gatherRows(s, {std::move(rows), std::move(bytes)}, size).values;
    }
    for (const auto& g : plan_.neuronGroups()) {
        if (in(g.vars) || in(g.spikeTimes))
            return ownedBy(*g.group);
        for (const auto& input : g.inputs)
            if (in(input.vars))
                return ownedBy(*g.group);
    }
    for (const auto& c : plan_.currentSources())
        if (in(c.vars))
            return ownedBy(c.source->target());
    for (const auto& s : plan_.synapseGroups())
        if (in(s.postsynapticVars) || in(s.postVars))
            return ownedBy(s.group->target());
    return bytes; // presynaptic variables and spike times: every rank's are the same
}

// Ranks own ascending blocks of targets and rows are sorted, so row i of the whole network is
// every rank's part of row i in rank order.
Simulation::Rows Simulation::gatherRows(const SynapseGroupPlan& s, Rows local, std::size_t elementBytes) const
{
    const std::size_t rows = s.group->source().size();
    std::vector<std::uint8_t> message((rows + 1) * 4 + local.values.size());
    std::memcpy(message.data(), local.starts.data(), (rows + 1) * 4);
    if (!local.values.empty())
        std::memcpy(message.data() + (rows + 1) * 4, local.values.data(), local.values.size());
    std::vector<std::uint8_t> all;
    std::vector<std::size_t> bytesOf;
    communicator_->allGather(message, all, bytesOf);
    std::vector<Rows> parts(bytesOf.size());
    for (std::size_t r = 0, at = 0; r < parts.size(); at += bytesOf[r], ++r) {
        parts[r].starts.resize(rows + 1);
        std::memcpy(parts[r].starts.data(), all.data() + at, (rows + 1) * 4);
        parts[r].values.assign(all.begin() + std::ptrdiff_t(at + (rows + 1) * 4),
                               all.begin() + std::ptrdiff_t(at + bytesOf[r]));
    }
    Rows whole;
    whole.starts.assign(rows + 1, 0);
    for (std::size_t i = 0; i < rows; ++i) {
        std::uint32_t length = 0;
        for (const Rows& part : parts) {
            length += part.starts[i + 1] - part.starts[i];
            if (elementBytes > 0)
                whole.values.insert(whole.values.end(),
                                    part.values.begin() + std::ptrdiff_t(part.starts[i] * elementBytes),
                                    part.values.begin() + std::ptrdiff_t(part.starts[i + 1] * elementBytes));
        }
        whole.starts[i + 1] = whole.starts[i] + length;
    }
    return whole;
}

// Row i on one device is every rank's part of row i in rank order: a synapse's index there is the
// row's start there, plus the lengths of the lower ranks' parts, plus its place in this rank's.
void Simulation::uploadWholeNetworkSynapses(const SynapseGroupPlan& s, const std::vector<std::uint32_t>& rowStart)
{
    const std::size_t rows = s.group->source().size();
    std::vector<std::uint32_t> lengths(rows);
    for (std::size_t i = 0; i < rows; ++i)
        lengths[i] = rowStart[i + 1] - rowStart[i];
    std::vector<std::uint8_t> all;
    std::vector<std::size_t> bytesOf;
    communicator_->allGather({reinterpret_cast<const std::uint8_t*>(lengths.data()), rows * 4}, all, bytesOf);
    std::vector<std::uint32_t> every(all.size() / 4); // [rank][row]
    std::memcpy(every.data(), all.data(), every.size() * 4);
    std::vector<std::uint32_t> shift(rows);
    std::uint32_t wholeStart = 0; // modulo 2^32, as the generated code adds
    for (std::size_t i = 0; i < rows; ++i) {
        std::uint32_t below = 0, length = 0;
        for (std::uint32_t r = 0; r < communicator_->ranks(); ++r) {
            below += r < communicator_->rank() ? every[r * rows + i] : 0;
            length += every[r * rows + i];
        }
        shift[i] = wholeStart + below - rowStart[i];
        wholeStart += length;
    }
    buffers_[*s.wholeNetworkSynapse]->upload(shift.data(), rows * 4, 0);
}

std::vector<std::uint32_t> Simulation::gatherErrorFlags(const std::uint32_t* words) const
{
    std::vector<std::uint8_t> all;
    std::vector<std::size_t> bytesOf;
    communicator_->allGather({reinterpret_cast<const std::uint8_t*>(words), 8}, all, bytesOf);
    for (std::uint32_t r = 0; r < bytesOf.size(); ++r) {
        std::uint32_t flags[2];
        std::memcpy(flags, all.data() + 8 * r, 8);
        if (flags[0] != 0)
            return {r, flags[0], flags[1]};
    }
    return {};
}

} // namespace spikegen
