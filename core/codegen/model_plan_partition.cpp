// What a rank of a split network (partition.h) needs from the plan: how often spikes cross ranks,
// which groups' spikes, and what a split run cannot do yet.
#include "core/codegen/model_plan.h"
#include "core/error.h"

#include <algorithm>

namespace spikegen {

std::uint32_t ModelPlan::exchangeInterval() const
{
    std::uint32_t interval = 0;
    for (const auto& s : synapseGroups_) {
        const std::uint32_t d = s.group->axonalDelaySteps();
        interval = interval == 0 ? d : std::min(interval, d);
    }
    return std::max(interval, 1u);
}

std::vector<std::size_t> ModelPlan::exchangedGroups() const
{
    std::vector<std::size_t> groups;
    for (std::size_t g = 0; g < neuronGroups_.size(); ++g)
        if (!neuronGroups_[g].outgoing.empty())
            groups.push_back(g);
    return groups;
}

void ModelPlan::planSplitSynapseIndices()
{
    for (auto& s : synapseGroups_) {
        const bool draws = std::any_of(s.weightVars.begin(), s.weightVars.end(), [](const PlannedVar& v) {
            return v.initUsesRng || v.initUsesSharedRng;
        });
        if (s.rowStart && draws)
            s.wholeNetworkSynapse = addBuffer(s.prefix + "_whole_network_synapse",
                                              "synapse group '" + s.group->name() + "', synapse indices on one device",
                                              Element::Uint32, s.group->source().size());
    }
}

void ModelPlan::checkPartition() const
{
    const std::string split = "network '" + network_.name() + "' is split over " + std::to_string(partition_.ranks) +
                              " ranks, ";
    if (partition_.rank >= partition_.ranks)
        throw Error(split + "but this process is rank " + std::to_string(partition_.rank));
    if (batchSize_ > 1)
        throw Error(split + "and a split network runs one instance: batches run on one device");
    for (const auto& s : synapseGroups_) {
        const std::string where = split + "but synapse group '" + s.group->name() + "' ";
        // A rank holds every presynaptic neuron's spikes but updates only its own neurons.
        if (!s.preDynamics.empty() || (s.preSpikeAtEmission() && s.hasPreSpikeWork()))
            throw Error(where + "has presynaptic code that runs where its presynaptic neuron is updated (pre dynamics, "
                                "or pre-spike code or spike times with no axonal delay); give it an axonal delay of at "
                                "least one step and no pre dynamics, so that every rank runs it when spikes arrive");
        const NeuronGroupPlan& pre = neuronGroups_[s.source];
        for (const auto& v : pre.vars)
            for (const lang::Code* code : {&s.weightSim, &s.learnPost, &s.synapseDynamics, &s.preSpike, &s.postSpike,
                                           &s.postDynamics})
                if (code->references(v.name + "_pre"))
                    throw Error(where + "reads presynaptic neuron variable '" + v.name + "_pre', which only the rank "
                                "owning that neuron keeps up to date");
        if (!s.rowLength.empty())
            throw Error(where + "uses connectivity '" + s.group->connectivity().snippet.name +
                        "', which draws the lengths of whole rows; split networks need connectivity drawn per "
                        "row or per column (e.g. FixedProbability, FixedNumberPre)");
    }
}

} // namespace spikegen
