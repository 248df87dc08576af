// Emitters of learning code, shared by the backends: the neuron-side work of pre and post traces
// and spike times, one synapse's learn-post and dynamics code, the walk over the synapses onto one
// neuron, and the column index that makes that walk possible for sparse projections.
#include "core/codegen/emitters.h"

namespace spikegen {
namespace {


// prev = last; last = t for the spike-time pair `times` (st, prev_st) at `index`.
void recordSpikeTime(CodeWriter& w, const ModelPlan& plan, const std::vector<PlannedVar>& times, const std::string& index)
{
    if (times.empty())
        return;
    const std::string last = bufferName(plan, times[0].buffer) + "[" + index + "]";
    w.line(bufferName(plan, times[1].buffer) + "[" + index + "] = " + last + ";");
    w.line(last + " = t;");
}

// `code` in a block of its own with `index` (id_pre or id_post) bound to the neuron update's id.
void neuronBlock(CodeWriter& w, const SynapseGroupPlan& s, const std::string& what, const std::string& index,
                 const std::function<void()> body)
{
    w.open("");
    w.comment(what + " of synapse group '" + s.group->name() + "', model '" + s.group->weightUpdate().model.name + "'");
    w.line("const unsigned " + index + " = id;");
    w.line("(void)" + index + ";");
    body();
    w.close();
}

} // namespace

void emitNeuronLearningDynamics(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group)
{
    for (std::size_t p : group.outgoing)
        if (const SynapseGroupPlan& s = plan.synapseGroups()[p]; !s.preDynamics.empty())
            neuronBlock(w, s, "pre dynamics", "id_pre", [&] { w.code(s.preDynamics); });
    for (std::size_t p : group.incoming)
        if (const SynapseGroupPlan& s = plan.synapseGroups()[p]; !s.postDynamics.empty())
            neuronBlock(w, s, "post dynamics", "id_post", [&] { w.code(s.postDynamics); });
}

void emitNeuronLearningSpike(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group)
{
    recordSpikeTime(w, plan, group.spikeTimes, "id");
    for (std::size_t p : group.incoming)
        if (const SynapseGroupPlan& s = plan.synapseGroups()[p]; !s.postSpike.empty() && s.postSpikeAtEmission())
            neuronBlock(w, s, "post spike code", "id_post", [&] { w.code(s.postSpike); });
    for (std::size_t p : group.outgoing)
        if (const SynapseGroupPlan& s = plan.synapseGroups()[p]; s.preSpikeAtEmission() && s.hasPreSpikeWork())
            neuronBlock(w, s, "presynaptic spike", "id_pre", [&] { emitPreSpikeArrival(w, plan, s); });
}

void emitPreSpikeArrival(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    recordSpikeTime(w, plan, group.preSpikeTimes, "id_pre");
    w.code(group.preSpike);
}

void emitPostSpikeArrival(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    recordSpikeTime(w, plan, group.postSpikeTimes, "id_post");
    w.code(group.postSpike);
}

std::string learnPostSlot(const NeuronGroupPlan& post, const SynapseGroupPlan& group)
{
    const std::uint32_t delay = group.group->backPropDelaySteps();
    return "(unsigned)(" + (delay ? "(step + " + u(post.slots - delay) + ")" : std::string("step")) + " % " +
           u(post.slots) + ")";
}

void emitLearnPost(CodeWriter& w, const ModelPlan&, const SynapseGroupPlan& group) { w.code(group.learnPost); }

void emitSynapseDynamics(CodeWriter& w, const ModelPlan&, const SynapseGroupPlan& group)
{
    w.code(group.synapseDynamics);
}

void emitColumnLoop(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& lane,
                    const std::string& lanes, const std::function<void(CodeWriter&)>& body)
{
    const std::uint32_t numPre = group.group->source().size(), numPost = group.group->target().size();
    if (group.layout.format == ConnectivityFormat::Dense) {
        w.open("for (unsigned id_pre = " + lane + "; id_pre < " + u(numPre) + "; id_pre += " + lanes + ")");
        w.line("const unsigned syn = id_pre * " + u(numPost) + " + id_post;");
    } else {
        const std::string start = bufferName(plan, *group.colStart);
        w.open("for (unsigned sg_c = " + start + "[id_post] + " + lane + "; sg_c < " + start + "[id_post + 1u]; sg_c += " +
               lanes + ")");
        w.line("const unsigned syn = " + bufferName(plan, *group.colSyn) + "[sg_c];");
        if (group.colPre)
            w.line("const unsigned id_pre = " + bufferName(plan, *group.colPre) + "[sg_c];");
    }
    w.line("(void)syn;");
    body(w);
    w.close();
}

void emitRowLoop(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& lane,
                 const std::string& lanes, const std::function<void(CodeWriter&)>& body)
{
    const std::string rowStart = bufferName(plan, *group.rowStart);
    emitRowSegments(w, plan, group, "id_pre", rowStart + "[id_pre]");
    w.open("for (unsigned syn = " + rowStart + "[id_pre] + " + lane + "; syn < " + rowStart + "[id_pre + 1u]; syn += " +
           lanes + ")");
    w.line("const unsigned id_post = " + postIndexAt(plan, group, "syn") + ";");
    body(w);
    w.close();
}

void emitColumnCount(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    w.comment("synapse group '" + group.group->name() + "': count the synapses onto each neuron");
    emitRowLoop(w, plan, group, "0u", "1u", [&](CodeWriter& w) {
        w.line("SG_ATOMIC_ADD_U(&" + bufferName(plan, *group.colStart) + "[id_post + 1u], 1u);");
    });
}

void emitColumnFill(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    w.comment("synapse group '" + group.group->name() + "': each synapse into the column of its target");
    emitRowLoop(w, plan, group, "0u", "1u", [&](CodeWriter& w) {
        w.line(bufferName(plan, *group.colSyn) + "[" + bufferName(plan, *group.colStart) + "[id_post] + SG_ATOMIC_ADD_U(&" +
               bufferName(plan, *group.colCursor) + "[id_post], 1u)] = syn;");
    });
}

void emitColumnSort(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    // Atomic filling leaves a column in any order: sorting makes it the same on every backend (and
    // in row order, so that its presynaptic neurons follow by bisection of the row starts).
    const std::string start = bufferName(plan, *group.colStart), syn = bufferName(plan, *group.colSyn);
    w.comment("synapse group '" + group.group->name() + "': column id_post in synapse order");
    w.line("sg_sort_row_u32(" + syn + " + " + start + "[id_post], " + start + "[id_post + 1u] - " + start + "[id_post]);");
    if (!group.colPre)
        return;
    const std::string rowStart = bufferName(plan, *group.rowStart);
    w.open("for (unsigned sg_c = " + start + "[id_post]; sg_c < " + start + "[id_post + 1u]; ++sg_c)");
    w.line("const unsigned sg_syn = " + syn + "[sg_c];");
    w.comment("the last row that starts at or before the synapse holds it (empty rows start later)");
    w.line("unsigned sg_lo = 0u, sg_hi = " + u(group.group->source().size()) + ";");
    w.open("while (sg_hi - sg_lo > 1u)");
    w.line("const unsigned sg_mid = sg_lo + (sg_hi - sg_lo) / 2u;");
    w.line("if (" + rowStart + "[sg_mid] <= sg_syn) sg_lo = sg_mid; else sg_hi = sg_mid;");
    w.close();
    w.line(bufferName(plan, *group.colPre) + "[sg_c] = sg_lo;");
    w.close();
}

} // namespace spikegen
