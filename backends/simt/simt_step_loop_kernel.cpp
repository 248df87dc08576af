// The step loop in one kernel (SimtSource::persistent, CUDA, small networks): every step a neuron
// update, a grid barrier, and each block's propagation onto its own targets, so that a step needs
// no second barrier unless code reads presynaptic state.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

namespace spikegen::simt::detail {
namespace {

// Waits until every block of the grid has arrived (all blocks are resident: a cooperative
// launch); CUDA only (sg_grid_sync).
void writeGridBarrier(CodeWriter& w, const SimtHooks& hooks)
{
    w.line(hooks.barrier);
    w.line("if (lid == 0u) sg_grid_sync(sg_barrier);");
    w.line(hooks.barrier);
}

// The sparse projections `sparse` into one group delivering this step's spikes to targets lo..hi-1
// (the block's own). Their spiking rows are taken together, a chunk of up to a block of rows at a
// time: one thread per row stages its projection, start and length in shared memory; then every
// row gets an equal share of the block's threads (a power of two), whose lanes keep the columns
// whose target falls in lo..hi-1. Each lane loads kOwnedUnroll indices before it adds any, so the
// loads of a row overlap: a step costs a few dependent L2 round trips, however many projections.
void writeOwnedSparsePropagation(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks,
                                 const std::vector<std::size_t>& sparse)
{
    constexpr unsigned kOwnedUnroll = 4;
    const std::string bs = u(kBlockSize), unroll = u(kOwnedUnroll);
    auto end = [](std::size_t i) { return "sg_end" + std::to_string(i); };
    // sg_endI: spiking rows of the first I + 1 projections.
    for (std::size_t i = 0; i < sparse.size(); ++i) {
        w.line("unsigned " + end(i) + ";");
        w.open("");
        spikeSource(w, plan, hooks, plan.synapseGroups()[sparse[i]]);
        w.line(end(i) + " = " + (i == 0 ? std::string() : end(i - 1) + " + ") + "num_spikes;");
        w.close();
    }
    const std::string items = end(sparse.size() - 1);
    w.open("for (unsigned sg_base = 0u; sg_base < " + items + "; sg_base += " + bs + ")");
    w.line("const unsigned sg_chunk = sg_min(" + bs + ", " + items + " - sg_base), sg_item = sg_base + lid;");
    w.line(hooks.barrier);
    w.open("if (lid < sg_chunk)");
    for (std::size_t i = 0; i < sparse.size(); ++i) {
        const SynapseGroupPlan& s = plan.synapseGroups()[sparse[i]];
        const std::string rowStart = bufferName(plan, *s.rowStart);
        w.open((i == 0 ? "if (" : "else if (") + std::string("sg_item < ") + end(i) + ")");
        spikeSource(w, plan, hooks, s);
        w.line("const unsigned i = spikes[sg_item" + (i == 0 ? std::string() : " - " + end(i - 1)) + "];");
        w.line("sh_proj[lid] = " + u(i) + "; sh_id[lid] = i; sh_start[lid] = " + rowStart + "[i];");
        w.line("sh_length[lid] = " + rowStart + "[i + 1u] - " + rowStart + "[i];");
        w.close();
    }
    w.close();
    w.line(hooks.barrier);
    w.line("unsigned sg_width = " + bs + ";");
    w.line("while (sg_width > 1u && sg_width * sg_chunk > " + bs + ") sg_width >>= 1u;");
    w.line("const unsigned sg_row = lid / sg_width, sg_lane = lid % sg_width;");
    w.open("if (sg_row < sg_chunk)");
    w.line("const unsigned id_pre = sh_id[sg_row], sg_start = sh_start[sg_row], sg_length = sh_length[sg_row];");
    for (std::size_t i = 0; i < sparse.size(); ++i) {
        const SynapseGroupPlan& s = plan.synapseGroups()[sparse[i]];
        w.open((i == 0 ? "if (" : "else if (") + std::string("sh_proj[sg_row] == ") + u(i) + ")");
        w.comment("synapse group '" + s.group->name() + "' (" + describe(s.layout) + ", axonal delay " +
               std::to_string(s.group->axonalDelaySteps()) + " steps)");
        dendriticSlot(w, s);
        defineAddToPost(w, plan, Propagation::PreSpan);
        emitRowSegments(w, plan, s, "id_pre", "sg_start");
        w.open("for (unsigned sg_column = sg_lane; sg_column < sg_length; sg_column += " + unroll + " * sg_width)");
        w.line("unsigned sg_post[" + unroll + "];");
        w.line("#pragma unroll");
        w.open("for (unsigned sg_u = 0u; sg_u < " + unroll + "; ++sg_u)");
        w.line("const unsigned sg_c = sg_column + sg_u * sg_width;");
        w.line("sg_post[sg_u] = sg_c < sg_length ? " + postIndexAt(plan, s, "sg_start + sg_c") + " : 0xFFFFFFFFu;");
        w.close();
        w.line("#pragma unroll");
        w.open("for (unsigned sg_u = 0u; sg_u < " + unroll + "; ++sg_u)");
        w.line("const unsigned id_post = sg_post[sg_u], syn = sg_start + sg_column + sg_u * sg_width;");
        w.line("(void)syn;");
        w.open("if (id_post >= lo && id_post < hi)");
        emitSynapseUpdate(w, plan, s);
        w.close().close().close();
        w.line("#undef SG_ADD_TO_POST");
        w.close();
    }
    w.close().close();
}

// Propagation onto the targets of neuron block `blk` only (given the clock variables): every
// projection into the block's group delivers this step's spikes to targets lo..hi-1. Dense: a
// thread per target, which owns it; sparse: writeOwnedSparsePropagation. No other block touches
// these targets, so the block may update them next without waiting for the rest of the grid.
void writeOwnedPropagationBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    const std::vector<std::size_t> firstBlocks = neuronGroupFirstBlocks(plan);
    const std::string bs = u(kBlockSize);
    for (std::size_t g = 0; g < plan.neuronGroups().size(); ++g) {
        std::vector<std::size_t> dense, sparse;
        for (std::size_t p : plan.neuronGroups()[g].incoming)
            (isDense(plan.synapseGroups()[p]) ? dense : sparse).push_back(p);
        if (dense.empty() && sparse.empty())
            continue;
        w.open("if (blk >= " + u(firstBlocks[g]) + " && blk < " + u(firstBlocks[g + 1]) + ")");
        w.line("const unsigned lo = (blk - " + u(firstBlocks[g]) + ") * " + bs + ", hi = sg_min(lo + " + bs + ", " +
               u(plan.neuronGroups()[g].group->size()) + ");");
        w.comment("spike propagation onto targets lo..hi-1 of group '" + plan.neuronGroups()[g].group->name() + "'");
        for (std::size_t p : dense) {
            const SynapseGroupPlan& s = plan.synapseGroups()[p];
            w.open("if (lo + lid < hi)");
            w.comment("synapse group '" + s.group->name() + "' (dense, a thread per target)");
            spikeSource(w, plan, hooks, s);
            defineAddToPost(w, plan, Propagation::DensePost, &s);
            w.line("const unsigned id_post = lo + lid;");
            w.open("for (unsigned k = 0u; k < num_spikes; ++k)");
            w.line("const unsigned id_pre = spikes[k];");
            w.line("const unsigned syn = id_pre * " + u(s.group->target().size()) + " + id_post;");
            w.line("(void)syn;");
            emitSynapseUpdate(w, plan, s);
            w.close();
            w.line("#undef SG_ADD_TO_POST");
            w.close();
        }
        if (!sparse.empty())
            writeOwnedSparsePropagation(w, plan, hooks, sparse);
        w.close();
    }
}

// Learn-post code onto the targets lo..hi-1 of neuron block `blk` that spiked in this step (after
// the block's own propagation, so that no other block touches their synapses): the block's threads
// stride through the column of each.
void writeOwnedLearnPostBody(CodeWriter& w, const ModelPlan& plan)
{
    const std::vector<std::size_t> firstBlocks = neuronGroupFirstBlocks(plan);
    const std::string bs = u(kBlockSize);
    for (std::size_t g = 0; g < plan.neuronGroups().size(); ++g) {
        const NeuronGroupPlan& group = plan.neuronGroups()[g];
        std::vector<std::size_t> learning;
        for (std::size_t p : group.incoming)
            if (!plan.synapseGroups()[p].learnPost.empty())
                learning.push_back(p);
        if (learning.empty())
            continue;
        w.open("if (blk >= " + u(firstBlocks[g]) + " && blk < " + u(firstBlocks[g + 1]) + ")");
        w.line("const unsigned lo = (blk - " + u(firstBlocks[g]) + ") * " + bs + ", hi = sg_min(lo + " + bs + ", " +
               u(group.group->size()) + ");");
        w.line("const unsigned post_slot = (unsigned)(step % " + u(group.slots) + ");");
        w.open("for (unsigned k = 0u; k < " + bufferName(plan, group.spikeCount) + "[post_slot]; ++k)");
        w.line("const unsigned id_post = " + bufferName(plan, group.spikes) + "[(uint64_t)post_slot * " +
               u(group.group->size()) + " + k];");
        w.line("if (id_post < lo || id_post >= hi) continue;");
        for (std::size_t p : learning) {
            const SynapseGroupPlan& s = plan.synapseGroups()[p];
            w.comment("learn post: synapse group '" + s.group->name() + "'");
            emitColumnLoop(w, plan, s, "lid", bs, [&](CodeWriter& w) { emitLearnPost(w, plan, s); });
        }
        w.close().close();
    }
}

// A block propagating step t may run while the block that owns a presynaptic neuron already
// updates it for step t + 1: sim code that reads presynaptic variables needs a second barrier.
bool simCodeReadsPresynapticVariables(const ModelPlan& plan)
{
    for (const auto& s : plan.synapseGroups())
        for (const auto& v : plan.neuronGroups()[s.source].vars)
            if (s.weightSim.references(v.name + "_pre"))
                return true;
    return false;
}

} // namespace

// The whole step loop in one kernel (SimtSource::persistent): clock[persistentStepsWord] steps from
// the clock, each a neuron update, one grid barrier, and the propagation of the step's spikes,
// each block onto its own targets (writeOwnedPropagationBody), so that the next step's update
// needs no second barrier. Blocks take the virtual neuron blocks in turn, so the grid may be
// smaller. No block waits for a serial step: block 0 empties the spike slot of step t + 2 after
// the barrier of step t (every read of its old spikes, at most the longest delay back, ended
// before that barrier; its first writer passes the barrier of step t + 1 after block 0 has), and
// writes the clock when the loop ends. A block may also update its targets for the next step while
// another still reads this step's spikes of the slot `delay` steps back. Both are why the spike
// lists have two slots more than the delays need (ModelPlan).
void writePersistentKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    const std::size_t n = plan.synapseGroups().size();
    const std::string clock = kClockBuffer, blocks = u(neuronUpdateBlocks(plan));
    openKernel(w, plan, hooks, "run_steps");
    declareNeuronShared(w, hooks);
    declarePropagationShared(w, hooks);
    w.line(hooks.shared + " uint32_t sh_proj[" + u(kBlockSize) + "];");
    w.line("const unsigned lid = " + hooks.threadInBlock + ";");
    w.line("const bool sg_first_thread = " + hooks.block + " == 0u && lid == 0u;");
    w.line("uint32_t* sg_barrier = " + clock + " + " + u(persistentBarrierWord(n)) + ";");
    w.line("const uint64_t sg_first_step = ((uint64_t)" + clock + "[1] << 32) | " + clock + "[0];");
    w.line("const unsigned sg_first_row = " + clock + "[2], sg_steps = " + clock + "[" + u(persistentStepsWord(n)) +
           "];");
    w.comment("the slot of the first step is empty (the launch before emptied it); the next one may not be");
    w.open("if (sg_first_thread)");
    writeEmptySpikeSlots(w, plan, "sg_first_step + 1u");
    w.close();
    w.open("for (unsigned sg_k = 0u; sg_k < sg_steps; ++sg_k)");
    declareClock(w, plan, "sg_first_step + sg_k", "sg_first_row + sg_k");
    w.open("for (unsigned blk = " + hooks.block + "; blk < " + blocks + "; blk += " + hooks.blocks + ")");
    writeNeuronUpdateBody(w, plan, hooks);
    w.line(hooks.barrier);
    w.close();
    writeGridBarrier(w, hooks);
    w.open("if (sg_first_thread)");
    writeEmptySpikeSlots(w, plan, "step + 2u");
    w.close();
    if (n > 0) {
        w.open("for (unsigned blk = " + hooks.block + "; blk < " + blocks + "; blk += " + hooks.blocks + ")");
        writeOwnedPropagationBody(w, plan, hooks);
        w.line(hooks.barrier);
        if (plan.anyLearnPost()) {
            writeOwnedLearnPostBody(w, plan);
            w.line(hooks.barrier);
        }
        w.close();
    }
    // Code that reads a presynaptic neuron's state (its variables, traces, spike times) may run in
    // one block while the block that owns the neuron already updates it for the next step: a
    // second barrier ends the step for everyone first.
    if (simCodeReadsPresynapticVariables(plan) || plan.anyPlastic())
        writeGridBarrier(w, hooks);
    w.close();
    w.open("if (sg_first_thread)");
    declareClock(w, plan, "sg_first_step + sg_steps - 1u", "sg_first_row + sg_steps - 1u");
    writeAdvance(w, plan, hooks);
    w.close();
    w.close().blank();
    out.persistent = SimtLaunch{"run_steps", kBlockSize, std::nullopt};
}

} // namespace spikegen::simt::detail
