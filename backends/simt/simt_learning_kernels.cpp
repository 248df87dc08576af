// The learning kernels of one step (docs/user_guide.md, "Plasticity", has the order):
// spike_arrivals (presynaptic spike work of spikes that reach their synapses through an axonal
// delay, postsynaptic spike work of spikes that reach them through a back-propagation delay)
// before propagation; learn_post (a team of lanes per spike of the target walks its column)
// and synapse_dynamics (every synapse) after it. Each kernel covers every projection that has such
// code, one after another; a synapse is touched by one thread per phase, so learned weights do not
// depend on thread scheduling.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

#include <algorithm>
#include <bit>
#include <functional>

namespace spikegen::simt::detail {
namespace {

// Threads of a learning kernel: enough for every neuron (or lane) of the largest projection, no
// more than the device holds at once (the kernels stride).
constexpr std::uint64_t kLearningThreadCap = std::uint64_t(1) << 16;
constexpr std::uint64_t kDynamicsThreadCap = std::uint64_t(1) << 22;

// A kernel over the projections for which `has` holds, `body` writing one projection's share
// given `gid`, `threads` and the clock; the step's last kernel (`last`) advances the clock.
void writeLearningKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& name,
                         bool last, const std::function<bool(const SynapseGroupPlan&)>& has,
                         const std::function<std::uint64_t(const SynapseGroupPlan&)>& threadsOf,
                         const std::function<void(const SynapseGroupPlan&)>& body, SimtSource& out)
{
    openKernel(w, plan, hooks, name);
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    globalIndex(w, hooks);
    readClock(w, plan);
    std::uint64_t threads = 1;
    for (const auto& s : plan.synapseGroups())
        if (has(s)) {
            threads = std::max(threads, threadsOf(s));
            w.open("");
            body(s);
            w.close();
        }
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close().blank();
    out.step.push_back({name, roundUpToBlocks(threads), std::nullopt});
}

// Lanes that share the column of one spiking target: a column holds up to numPre synapses.
unsigned columnLanes(const SynapseGroupPlan& s)
{
    return unsigned(std::bit_ceil(std::clamp<std::uint32_t>(s.group->source().size(), 1, 32)));
}

std::string modelOf(const SynapseGroupPlan& s)
{
    return "synapse group '" + s.group->name() + "', model '" + s.group->weightUpdate().model.name + "'";
}

void writeLearnPostKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, bool last, SimtSource& out)
{
    writeLearningKernel(
        w, plan, hooks, "learn_post", last, [](const SynapseGroupPlan& s) { return !s.learnPost.empty(); },
        [](const SynapseGroupPlan& s) {
            return std::min(std::uint64_t(s.group->target().size()) * columnLanes(s), kLearningThreadCap);
        },
        [&](const SynapseGroupPlan& s) {
            const NeuronGroupPlan& post = plan.neuronGroups()[s.target];
            const std::string lanes = u(columnLanes(s));
            w.comment("learn post: " + modelOf(s));
            w.line("const unsigned post_slot = " + learnPostSlot(post, s) + ";");
            w.line((hooks.global.empty() ? "" : hooks.global + " ") + "const uint32_t* spikes = " +
                   bufferName(plan, post.spikes) + " + (uint64_t)post_slot * " + u(post.group->size()) + ";");
            w.line("const unsigned sg_lane = gid % " + lanes + ";");
            w.open("for (unsigned k = gid / " + lanes + "; k < " + bufferName(plan, post.spikeCount) +
                   "[post_slot]; k += threads / " + lanes + ")");
            w.line("const unsigned id_post = spikes[k];");
            emitColumnLoop(w, plan, s, "sg_lane", lanes, [&](CodeWriter& w) { emitLearnPost(w, plan, s); });
            w.close();
        },
        out);
}

void writeSynapseDynamicsKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    writeLearningKernel(
        w, plan, hooks, "synapse_dynamics", true, [](const SynapseGroupPlan& s) { return !s.synapseDynamics.empty(); },
        [](const SynapseGroupPlan& s) {
            const std::uint64_t numPre = s.group->source().size(), numPost = s.group->target().size();
            return std::min(isDense(s) ? numPre * numPost : numPre * preSpanLanes(s), kDynamicsThreadCap);
        },
        [&](const SynapseGroupPlan& s) {
            const std::uint32_t numPre = s.group->source().size(), numPost = s.group->target().size();
            w.comment("synapse dynamics: " + modelOf(s));
            dendriticSlot(w, s);
            defineAddToPost(w, plan, Propagation::PreSpan);
            auto body = [&](CodeWriter& w) { emitSynapseDynamics(w, plan, s); };
            if (isDense(s)) {
                // A thread per synapse.
                w.open("for (unsigned syn = gid; syn < " + u(std::uint64_t(numPre) * numPost) + "; syn += threads)");
                w.line("const unsigned id_pre = syn / " + u(numPost) + ", id_post = syn % " + u(numPost) + ";");
                body(w);
                w.close();
            } else {
                // A team of lanes per row, as pre span propagation.
                const std::string lanes = u(preSpanLanes(s));
                w.line("const unsigned sg_lane = gid % " + lanes + ";");
                w.open("for (unsigned id_pre = gid / " + lanes + "; id_pre < " + u(numPre) + "; id_pre += threads / " +
                       lanes + ")");
                emitRowLoop(w, plan, s, "sg_lane", lanes, body);
                w.close();
            }
            w.line("#undef SG_ADD_TO_POST");
        },
        out);
}

} // namespace

void writeArrivalsKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    writeLearningKernel(
        w, plan, hooks, "spike_arrivals", false,
        [](const SynapseGroupPlan& s) {
            return (!s.preSpikeAtEmission() && s.hasPreSpikeWork()) || (!s.postSpikeAtEmission() && s.hasPostSpikeWork());
        },
        [](const SynapseGroupPlan& s) {
            return std::min<std::uint64_t>(std::max(s.group->source().size(), s.group->target().size()),
                                           kLearningThreadCap);
        },
        [&](const SynapseGroupPlan& s) {
            if (!s.preSpikeAtEmission() && s.hasPreSpikeWork()) {
                w.open("").comment("spikes arriving at " + modelOf(s) + " (axonal delay " +
                                   std::to_string(s.group->axonalDelaySteps()) + " steps)");
                spikeSource(w, plan, hooks, s);
                w.open("for (unsigned k = gid; k < num_spikes; k += threads)");
                w.line("const unsigned id_pre = spikes[k];");
                emitPreSpikeArrival(w, plan, s);
                w.close().close();
            }
            if (!s.postSpikeAtEmission() && s.hasPostSpikeWork()) {
                const NeuronGroupPlan& post = plan.neuronGroups()[s.target];
                w.open("").comment("postsynaptic spikes reaching " + modelOf(s) + " (back-propagation delay " +
                                   std::to_string(s.group->backPropDelaySteps()) + " steps)");
                w.line("const unsigned post_slot = " + learnPostSlot(post, s) + ";");
                w.line((hooks.global.empty() ? "" : hooks.global + " ") + "const uint32_t* spikes = " +
                       bufferName(plan, post.spikes) + " + (uint64_t)post_slot * " + u(post.group->size()) + ";");
                w.open("for (unsigned k = gid; k < " + bufferName(plan, post.spikeCount) + "[post_slot]; k += threads)");
                w.line("const unsigned id_post = spikes[k];");
                emitPostSpikeArrival(w, plan, s);
                w.close().close();
            }
        },
        out);
}

void writeLearningKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    if (plan.anyLearnPost())
        writeLearnPostKernel(w, plan, hooks, !plan.anySynapseDynamics(), out);
    if (plan.anySynapseDynamics())
        writeSynapseDynamicsKernel(w, plan, hooks, out);
}

} // namespace spikegen::simt::detail
