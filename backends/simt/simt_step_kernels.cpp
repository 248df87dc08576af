// The kernels of one step: neuron update (with spike compaction through shared memory and
// recording) and one propagation kernel per projection (strategy: propagation.h), with the
// learning kernels of simt_learning_kernels.cpp around them; the last kernel moves the clock on. They read the step from the clock buffer, never from
// arguments, so that one captured launch sequence (a CUDA graph) replays every step.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

namespace spikegen::simt::detail {
namespace {

// Groups occupy consecutive whole blocks of the neuron update: the first block of each group, then
// the total (at least one block).
std::vector<std::size_t> neuronGroupFirstBlocks(const ModelPlan& plan)
{
    std::vector<std::size_t> first{0};
    for (const auto& g : plan.neuronGroups())
        first.push_back(first.back() + roundUpToBlocks(g.group->size()) / kBlockSize);
    first.back() = std::max<std::size_t>(first.back(), 1);
    return first;
}

std::size_t neuronUpdateBlocks(const ModelPlan& plan) { return neuronGroupFirstBlocks(plan).back(); }

void declareNeuronShared(CodeWriter& w, const SimtHooks& hooks)
{
    w.line(hooks.shared + " uint32_t sh_spikes[" + u(kBlockSize) + "];");
    w.line(hooks.shared + " uint32_t sh_count[1];");
    w.line(hooks.shared + " uint32_t sh_base[1];");
}

// The neuron update of block `blk` (given `lid`, the clock variables and declareNeuronShared):
// one thread per neuron; groups occupy consecutive whole blocks, so that each block's barriers
// are reached by all its threads. A block gathers its spikes in shared memory and reserves their
// place in the group's spike list with one global atomic.
void writeNeuronUpdateBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    const std::string bs = u(kBlockSize);
    // The barriers stand outside the per-group branches: PoCL miscompiles barriers inside
    // branches (even block-uniform ones), and a block runs exactly one group's branch per phase.
    const std::vector<std::size_t> firstBlocks = neuronGroupFirstBlocks(plan);
    auto openGroup = [&](std::size_t k) {
        const auto& g = plan.neuronGroups()[k];
        const std::size_t blocks = roundUpToBlocks(g.group->size()) / kBlockSize;
        w.open("if (blk >= " + u(firstBlocks[k]) + " && blk < " + u(firstBlocks[k] + blocks) + ")");
        w.line("const unsigned id = (blk - " + u(firstBlocks[k]) + ") * " + bs + " + lid;");
        w.line("const unsigned slot = (unsigned)(step % " + u(g.slots) + ");");
        w.line("(void)id; (void)slot;");
    };
    w.line("if (lid == 0u) sh_count[0] = 0u;");
    w.line(hooks.barrier);
    for (std::size_t k = 0; k < plan.neuronGroups().size(); ++k) {
        const auto& g = plan.neuronGroups()[k];
        openGroup(k);
        w.comment("neuron update: group '" + g.group->name() + "' (" + std::to_string(g.group->size()) + " neurons)");
        w.open("if (id < " + u(g.group->size()) + ")");
        emitNeuronUpdate(w, plan, g, "record_row", [&](CodeWriter& w) {
            w.line("sh_spikes[SG_ATOMIC_ADD_SHARED_U(&sh_count[0], 1u)] = id;");
            if (g.recording)
                w.line("SG_ATOMIC_OR_U(&" + bufferName(plan, *g.recording) + "[(uint64_t)record_row * " +
                       u(g.recordWords) + " + id / 32u], 1u << (id % 32u));");
        });
        w.close().close();
    }
    w.line(hooks.barrier);
    for (std::size_t k = 0; k < plan.neuronGroups().size(); ++k) {
        openGroup(k);
        w.open("if (lid == 0u && sh_count[0] > 0u)");
        w.line("sh_base[0] = SG_ATOMIC_ADD_U(&" + bufferName(plan, plan.neuronGroups()[k].spikeCount) +
               "[slot], sh_count[0]);");
        w.line("SG_ATOMIC_ADD_U(&" + bufferName(plan, plan.neuronGroups()[k].spikeTotal) + "[0], sh_count[0]);");
        w.close();
        w.close();
    }
    w.line(hooks.barrier);
    for (std::size_t k = 0; k < plan.neuronGroups().size(); ++k) {
        const auto& g = plan.neuronGroups()[k];
        openGroup(k);
        w.line("if (lid < sh_count[0]) " + bufferName(plan, g.spikes) + "[(uint64_t)slot * " + u(g.group->size()) +
               " + sh_base[0] + lid] = sh_spikes[lid];");
        w.close();
    }
}

void writeNeuronKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    openKernel(w, plan, hooks, "neuron_update");
    declareNeuronShared(w, hooks);
    w.line("const unsigned lid = " + hooks.threadInBlock + ", blk = " + hooks.block + ";");
    readClock(w, plan);
    writeNeuronUpdateBody(w, plan, hooks);
    w.close().blank();
    out.step.push_back({"neuron_update", neuronUpdateBlocks(plan) * kBlockSize, std::nullopt});
}

} // namespace

// The dendritic-delay slot of projection `s`, if it has dendritic delays (emitSynapseUpdate).
void dendriticSlot(CodeWriter& w, const SynapseGroupPlan& s)
{
    if (s.dendriticDelay)
        w.line("const unsigned sg_dendritic_slot = (unsigned)((step + 1u) % " + u(s.dendriticSlots) +
               ");");
}

// Declares `num_spikes` and `spikes` of the presynaptic group after the axonal delay, and
// `dendritic_slot` where the projection has dendritic delays.
void spikeSource(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s)
{
    const NeuronGroupPlan& pre = plan.neuronGroups()[s.source];
    w.line("const unsigned pre_slot = (unsigned)((step + " + u(pre.slots - s.group->axonalDelaySteps()) + ") % " +
           u(pre.slots) + ");");
    w.line("const unsigned num_spikes = " + bufferName(plan, pre.spikeCount) + "[pre_slot];");
    w.line((hooks.global.empty() ? "" : hooks.global + " ") + "const uint32_t* spikes = " + bufferName(plan, pre.spikes) + " + (uint64_t)pre_slot * " +
           u(pre.group->size()) + ";");
    dendriticSlot(w, s);
}

// Empties each group's spike slot of step `step` (run by one thread).
void writeEmptySpikeSlots(CodeWriter& w, const ModelPlan& plan, const std::string& step)
{
    for (const auto& g : plan.neuronGroups())
        w.line(bufferName(plan, g.spikeCount) + "[(unsigned)((" + step + ") % " + u(g.slots) + ")] = 0u;");
}

// What the step's last block does after everything else: the next step's clock, and empty spike
// lists for the slots the next step writes.
void writeAdvance(CodeWriter& w, const ModelPlan& plan)
{
    w.line("const uint64_t next = step + 1u;");
    w.line(std::string(kClockBuffer) + "[0] = (uint32_t)next;");
    w.line(std::string(kClockBuffer) + "[1] = (uint32_t)(next >> 32);");
    w.line(std::string(kClockBuffer) + "[2] = record_row + 1u;");
    w.line(std::string(kClockBuffer) + "[3] = 0u;");
    writeEmptySpikeSlots(w, plan, "next");
}

// The last kernel of a step ends with this: every block counts itself done in clock[3]; the last
// one (all others have read the clock by then) advances the clock. Saves a launch per step.
void writeAdvanceTail(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    w.comment("the last block to finish advances the clock");
    w.line(hooks.globalFence);
    w.line(hooks.barrier);
    w.line("if (" + hooks.threadInBlock + " == 0u) sh_last[0] = SG_ATOMIC_ADD_U(&" + std::string(kClockBuffer) +
           "[3], 1u) == " + hooks.blocks + " - 1u;");
    w.line(hooks.barrier);
    w.open("if (sh_last[0] && " + hooks.threadInBlock + " == 0u)");
    w.line(hooks.globalFence);
    writeAdvance(w, plan);
    w.close();
}

// Several threads may add to one target except in the dense strategy, where each owns its own.
void defineAddToPost(CodeWriter& w, const ModelPlan& plan, Propagation strategy)
{
    const std::string atomicAdd = plan.scalar() == lang::Type::Double ? "SG_ATOMIC_ADD_D" : "SG_ATOMIC_ADD_F";
    w.line(strategy == Propagation::DensePost ? "#define SG_ADD_TO_POST(target, x) ((target) += (x))"
                                              : "#define SG_ADD_TO_POST(target, x) " + atomicAdd + "(&(target), (x))");
}

namespace {

// The threads that projection `s` launches with `strategy`.
std::size_t propagationThreads(const SynapseGroupPlan& s, Propagation strategy)
{
    const std::uint32_t numPre = s.group->source().size(), numPost = s.group->target().size();
    switch (strategy) {
    case Propagation::PreSpan:
        // Teams for the spikes of a busy step; more stride. Idle blocks are not free: with 64
        // projections of 512 blocks each, launching them cost the microcircuit ~90 us a step.
        return roundUpToBlocks(std::min<std::uint64_t>(std::uint64_t(numPre) * preSpanLanes(s), kPreSpanMaxThreads));
    case Propagation::PostSpan:
        return postSpanThreads(std::uint32_t(std::min<std::uint64_t>(s.layout.maxRowLength, numPost)));
    case Propagation::DensePost:
        break;
    }
    return roundUpToBlocks(numPost);
}

// The work of one projection, given `gid` and `threads` (those of the projection's blocks), the
// clock, SG_ADD_TO_POST and, for post span, the shared arrays sh_id/sh_start/sh_length.
void writePropagationBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks,
                                 const SynapseGroupPlan& s, Propagation strategy)
{
    const std::string bs = u(kBlockSize);
    w.comment("spike propagation: synapse group '" + s.group->name() + "' (" + describe(s.layout) + ", " +
           describe(strategy) + ", axonal delay " + std::to_string(s.group->axonalDelaySteps()) + " steps)");
    spikeSource(w, plan, hooks, s);
    const std::uint32_t numPost = s.group->target().size();
    switch (strategy) {
    case Propagation::PreSpan: {
        // A team of consecutive threads per spike: they stride through its row together.
        const std::string rowStart = bufferName(plan, *s.rowStart), lanes = u(preSpanLanes(s));
        w.line("const unsigned sg_lane = gid % " + lanes + ";");
        w.open("for (unsigned k = gid / " + lanes + "; k < num_spikes; k += threads / " + lanes + ")");
        w.line("const unsigned id_pre = spikes[k];");
        w.line("const unsigned sg_row = " + rowStart + "[id_pre], sg_row_end = " + rowStart + "[id_pre + 1];");
        emitRowSegments(w, plan, s, "id_pre", "sg_row");
        w.open("for (unsigned sg_first = sg_row + sg_lane; sg_first < sg_row_end; sg_first += " +
               u(kSynapseBatch) + " * " + lanes + ")");
        auto syn = [&](unsigned k) { return "sg_first + " + u(k) + " * " + lanes; };
        emitSynapseBatch(w, plan, s, kSynapseBatch, syn, [&](unsigned k) { return syn(k) + " < sg_row_end"; }, {});
        w.close().close();
        break;
    }
    case Propagation::PostSpan: {
        const std::string rowStart = bufferName(plan, *s.rowStart);
        w.line("const unsigned lid = " + hooks.threadInBlock + ";");
        w.comment("spikes go through shared memory a block at a time; every thread takes one column of each row");
        w.open("for (unsigned base = 0u; base < num_spikes; base += " + bs + ")");
        w.line("const unsigned n = sg_min(" + bs + ", num_spikes - base);");
        w.line(hooks.barrier);
        w.open("if (lid < n)");
        w.line("const unsigned i = spikes[base + lid];");
        w.line("sh_id[lid] = i;");
        w.line("sh_start[lid] = " + rowStart + "[i];");
        w.line("sh_length[lid] = " + rowStart + "[i + 1u] - " + rowStart + "[i];");
        w.close();
        w.line(hooks.barrier);
        if (s.layout.segments > 1) {
            // Each row has its own segment starts: one row at a time.
            w.open("for (unsigned k = 0u; k < n; ++k)");
            w.line("const unsigned id_pre = sh_id[k];");
            emitRowSegments(w, plan, s, "id_pre", "sh_start[k]");
            w.open("for (unsigned column = gid; column < sh_length[k]; column += threads)");
            emitSynapseBatch(w, plan, s, 1, [](unsigned) { return "sh_start[k] + column"; },
                             [](unsigned) { return "true"; }, {});
            w.close().close().close();
            break;
        }
        // kSynapseBatch rows at a time, so that a thread's loads from their columns overlap.
        const std::string batch = u(kSynapseBatch);
        w.open("for (unsigned sg_k = 0u; sg_k < n; sg_k += " + batch + ")");
        w.line("unsigned sg_longest = 0u;");
        for (unsigned k = 0; k < kSynapseBatch; ++k) {
            const std::string row = "sg_row" + std::to_string(k);
            w.line("const unsigned " + row + " = sg_min(sg_k + " + u(k) + ", n - 1u);");
            w.line("if (sg_k + " + u(k) + " < n && sh_length[" + row + "] > sg_longest) sg_longest = sh_length[" + row + "];");
        }
        w.open("for (unsigned column = gid; column < sg_longest; column += threads)");
        auto row = [](unsigned k) { return "sg_row" + std::to_string(k); };
        emitSynapseBatch(
            w, plan, s, kSynapseBatch, [&](unsigned k) { return "sh_start[" + row(k) + "] + column"; },
            [&](unsigned k) { return "sg_k + " + u(k) + " < n && column < sh_length[" + row(k) + "]"; },
            [&](unsigned k) { return "sh_id[" + row(k) + "]"; });
        w.close().close().close();
        break;
    }
    case Propagation::DensePost:
        w.open("for (unsigned id_post = gid; id_post < " + u(numPost) + "; id_post += threads)");
        w.open("for (unsigned k = 0u; k < num_spikes; ++k)");
        w.line("const unsigned id_pre = spikes[k];");
        w.line("const unsigned syn = id_pre * " + u(numPost) + " + id_post;");
        w.line("(void)syn;");
        emitSynapseUpdate(w, plan, s);
        w.close().close();
        break;
    }
}

void writePropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s,
                            Propagation strategy, const std::string& name, bool last)
{
    defineAddToPost(w, plan, strategy);
    openKernel(w, plan, hooks, name);
    const std::string bs = u(kBlockSize);
    if (strategy == Propagation::PostSpan)
        w.line(hooks.shared + " uint32_t sh_id[" + bs + "], sh_start[" + bs + "], sh_length[" + bs + "];");
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    globalIndex(w, hooks);
    readClock(w, plan);
    writePropagationBody(w, plan, hooks, s, strategy);
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close();
    w.line("#undef SG_ADD_TO_POST").blank();
}

void declarePropagationShared(CodeWriter& w, const SimtHooks& hooks)
{
    const std::string bs = u(kBlockSize);
    w.line(hooks.shared + " uint32_t sh_id[" + bs + "], sh_start[" + bs + "], sh_length[" + bs + "];");
    w.line("(void)sh_id; (void)sh_start; (void)sh_length;");
}

// Every projection's propagation as the work of block `blk` (given the clock variables and
// declarePropagationShared): projection p runs on blocks [first[p], first[p + 1]) with the
// strategy the launcher chose (words after the clock, simt_source.h). CUDA only (barriers inside
// block-uniform branches).
void writeFusedPropagationBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    const std::size_t n = plan.synapseGroups().size();
    const std::string bs = u(kBlockSize), clock = kClockBuffer;
    for (std::size_t p = 0; p < n; ++p) {
        const SynapseGroupPlan& s = plan.synapseGroups()[p];
        w.open("");
        w.line("const unsigned sg_first = " + clock + "[" + u(fusedFirstBlockWord(p)) + "], sg_end = " + clock + "[" +
               u(fusedFirstBlockWord(p + 1)) + "];");
        w.open("if (blk >= sg_first && blk < sg_end)");
        w.line("const unsigned gid = (blk - sg_first) * " + bs + " + " + hooks.threadInBlock + ";");
        w.line("const unsigned threads = (sg_end - sg_first) * " + bs + ";");
        w.line("(void)gid; (void)threads;");
        if (isDense(s)) {
            defineAddToPost(w, plan, Propagation::DensePost);
            writePropagationBody(w, plan, hooks, s, Propagation::DensePost);
        } else {
            defineAddToPost(w, plan, Propagation::PostSpan);
            w.open("if (" + clock + "[" + u(fusedPostSpanWord(n, p)) + "] != 0u)");
            writePropagationBody(w, plan, hooks, s, Propagation::PostSpan);
            w.close();
            w.open("else");
            writePropagationBody(w, plan, hooks, s, Propagation::PreSpan);
            w.close();
        }
        w.line("#undef SG_ADD_TO_POST");
        w.close().close();
    }
}

// Every projection in one kernel; unless learning kernels follow (`last` false), the last block to
// finish advances the clock.
void writeFusedPropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, bool last,
                                 SimtSource& out)
{
    openKernel(w, plan, hooks, "propagate_all");
    declarePropagationShared(w, hooks);
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    w.line("const unsigned blk = " + hooks.block + ";");
    readClock(w, plan);
    writeFusedPropagationBody(w, plan, hooks);
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close().blank();
    out.fused = SimtLaunch{"propagate_all", kBlockSize, std::nullopt};
}

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
            defineAddToPost(w, plan, Propagation::DensePost);
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
    writeAdvance(w, plan);
    w.close();
    w.close().blank();
    out.persistent = SimtLaunch{"run_steps", kBlockSize, std::nullopt};
}

// Projection `groupIndex`'s launch in `out.step`; its kernels are written unless `propagate_all`
// does the work of every projection (then the entry only sizes the projection's share of it).
void writePropagation(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, std::size_t groupIndex, bool last,
                      bool writeKernels, SimtSource& out)
{
    const SynapseGroupPlan& s = plan.synapseGroups()[groupIndex];
    const std::string name = "propagate_" + s.prefix;
    auto write = [&](Propagation strategy, const std::string& kernel) {
        if (writeKernels)
            writePropagationKernel(w, plan, hooks, s, strategy, kernel, last);
        return propagationThreads(s, strategy);
    };
    if (isDense(s)) {
        SimtLaunch launch{name, write(Propagation::DensePost, name), std::nullopt};
        launch.projection = groupIndex;
        out.step.push_back(launch);
        return;
    }
    // Both sparse strategies: the launcher picks one once the rows are built (propagation.h).
    SimtLaunch launch;
    launch.projection = groupIndex;
    launch.kernel = name + "_post";
    launch.threads = write(Propagation::PostSpan, launch.kernel);
    launch.postSpanOf = groupIndex;
    launch.preSpanKernel = name + "_pre";
    launch.preSpanThreads = write(Propagation::PreSpan, launch.preSpanKernel);
    out.step.push_back(launch);
}

// The clock moving on in a kernel of its own: a step kernel of networks without synapses, and
// otherwise available to launchers that replace the last propagation kernel.
void writeAdvanceKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    openKernel(w, plan, hooks, "advance");
    w.open("if (" + hooks.block + " == 0u && " + hooks.threadInBlock + " == 0u)");
    readClock(w, plan);
    writeAdvance(w, plan);
    w.close().close().blank();
    out.advance = SimtLaunch{"advance", kBlockSize, std::nullopt};
    if (plan.synapseGroups().empty())
        out.step.push_back(*out.advance);
}

} // namespace

void writeStepKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    writeNeuronKernel(w, plan, hooks, out);
    if (plan.anyArrivalWork())
        writeArrivalsKernel(w, plan, hooks, out);
    const bool learningFollows = plan.anyLearnPost() || plan.anySynapseDynamics();
    const std::size_t groups = plan.synapseGroups().size();
    for (std::size_t s = 0; s < groups; ++s)
        writePropagation(w, plan, hooks, s, s + 1 == groups && !learningFollows, !hooks.fusedPropagation, out);
    if (hooks.fusedPropagation && groups > 0)
        writeFusedPropagationKernel(w, plan, hooks, !learningFollows, out);
    writeLearningKernels(w, plan, hooks, out);
    // The step loop propagates (and learns post) onto each block's own targets; spikes arriving
    // through axonal delays and synapse dynamics would need more grid barriers: those keep the graph.
    if (hooks.fusedPropagation && hooks.persistentSteps && neuronUpdateBlocks(plan) <= kPersistentMaxNeuronBlocks &&
        !plan.anyArrivalWork() && !plan.anySynapseDynamics())
        writePersistentKernel(w, plan, hooks, out);
    writeAdvanceKernel(w, plan, hooks, out);
}

} // namespace spikegen::simt::detail
