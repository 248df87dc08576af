// The kernels of one step: neuron update (with spike compaction through shared memory and
// recording) and one propagation kernel per projection (strategy: propagation.h), with the
// learning kernels of simt_learning_kernels.cpp around them (small networks run the whole step
// loop in one kernel instead: simt_step_loop_kernel.cpp); the last kernel moves the clock on. They
// read the step from the clock buffer, never from arguments, so that one captured launch sequence
// (a CUDA graph) replays every step.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"
#include "core/codegen/fixed_point.h"

#include <algorithm>

namespace spikegen::simt::detail {

// Groups occupy consecutive whole blocks of the neuron update: the first block of each group, then
// the total (at least one block). A rank of a split network updates its block of each group.
std::vector<std::size_t> neuronGroupFirstBlocks(const ModelPlan& plan)
{
    std::vector<std::size_t> first{0};
    for (const auto& g : plan.neuronGroups())
        first.push_back(first.back() + roundUpToBlocks(plan.block(*g.group).size()) / kBlockSize);
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

namespace {

// The projections out of group `g` whose spikes the neuron update delivers.
std::vector<std::size_t> deliveredFrom(const ModelPlan& plan, const SimtHooks& hooks, const NeuronGroupPlan& g)
{
    const std::vector<bool> delivered = deliveredByNeuronUpdate(plan, hooks);
    std::vector<std::size_t> projections;
    for (std::size_t p : g.outgoing)
        if (delivered[p])
            projections.push_back(p);
    return projections;
}

// The spikes of group `g` in the block's shared list, delivered by the block's threads through
// every projection that the neuron update delivers (deliveredByNeuronUpdate), into the slot of
// the next step of its input's ring: no other block reads that slot in this step. Each (projection,
// spike) pair gets a team of threads, so that the rows of all projections load at once: a block's
// delivery costs one chain of dependent loads, not one per projection.
void writeNeuronUpdateDeliveries(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const NeuronGroupPlan& g)
{
    const std::vector<std::size_t> projections = deliveredFrom(plan, hooks, g);
    if (projections.empty())
        return;
    unsigned lanes = 1;
    for (std::size_t p : projections)
        lanes = std::max(lanes, std::min(preSpanLanes(plan.synapseGroups()[p]), kBlockSize));
    const std::string team = u(lanes);
    w.open("").comment("spike delivery: " + std::to_string(lanes) +
                       " threads of the block per spike and projection, into the inputs of the next step");
    w.line("const unsigned sg_lane = lid % " + team + ", sg_spikes = sh_count[0];");
    w.open("for (unsigned sg_item = lid / " + team + "; sg_item < " + u(projections.size()) +
           " * sg_spikes; sg_item += " + u(kBlockSize / lanes) + ")");
    w.line("const unsigned sg_p = sg_item / sg_spikes, id_pre = sh_spikes[sg_item - sg_p * sg_spikes];");
    for (std::size_t j = 0; j < projections.size(); ++j) {
        const SynapseGroupPlan& s = plan.synapseGroups()[projections[j]];
        w.open((j == 0 ? "if (" : "else if (") + std::string("sg_p == ") + u(j) + ")");
        w.comment("synapse group '" + s.group->name() + "' (" + describe(s.layout) + ")");
        dendriticSlot(w, s);
        writePreSpanRow(w, plan, s, lanes);
        w.close();
    }
    w.close().close();
}

// hooks.barrierFreeNeuronUpdate: the thread of neuron `id`, which just spiked, appends it to its
// group's spike list and walks its rows itself.
void writeSpikeAlone(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const NeuronGroupPlan& g)
{
    w.line("const unsigned sg_at = SG_ATOMIC_ADD_U(&" + bufferName(plan, g.spikeCount) + "[slot], 1u);");
    w.line(bufferName(plan, g.spikes) + "[(uint64_t)slot * " + u(g.group->size()) + " + sg_at] = id;");
    w.line("SG_ATOMIC_ADD_U(&" + bufferName(plan, g.spikeTotal) + "[0], 1u);");
    const std::vector<std::size_t> projections = deliveredFrom(plan, hooks, g);
    if (projections.empty())
        return;
    w.open("").comment("spike delivery by this thread, into the inputs of the next step");
    w.line("const unsigned id_pre = id, sg_lane = 0u;");
    for (std::size_t p : projections) {
        const SynapseGroupPlan& s = plan.synapseGroups()[p];
        w.open("").comment("synapse group '" + s.group->name() + "' (" + describe(s.layout) + ")");
        dendriticSlot(w, s);
        writePreSpanRow(w, plan, s, 1);
        w.close();
    }
    w.close();
}

} // namespace

// The neuron update of block `blk` (given `lid`, the clock variables and declareNeuronShared):
// one thread per neuron; groups occupy consecutive whole blocks, so that each block's barriers
// are reached by all its threads. A block gathers its spikes in shared memory and reserves their
// place in the group's spike list with one global atomic (hooks.barrierFreeNeuronUpdate: one
// work-item per block, which loops over its neurons).
void writeNeuronUpdateBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    const std::string bs = u(kBlockSize);
    // The barriers stand outside the per-group branches: PoCL miscompiles barriers inside
    // branches (even block-uniform ones), and a block runs exactly one group's branch per phase.
    const std::vector<std::size_t> firstBlocks = neuronGroupFirstBlocks(plan);
    auto recordSpike = [&](CodeWriter& w, const NeuronGroupPlan& g) {
        if (g.recording)
            w.line("SG_ATOMIC_OR_U(&" + bufferName(plan, *g.recording) + "[(uint64_t)record_row * " + u(g.recordWords) +
                   " + id / 32u], 1u << (id % 32u));");
    };
    auto openGroup = [&](std::size_t k) {
        const auto& g = plan.neuronGroups()[k];
        const NeuronBlock neurons = plan.block(*g.group);
        w.open("if (blk >= " + u(firstBlocks[k]) + " && blk < " + u(firstBlocks[k + 1]) + ")");
        w.line("const unsigned id = " + (neurons.lo ? u(neurons.lo) + " + " : std::string()) + "(blk - " +
               u(firstBlocks[k]) + ") * " + bs + " + lid;");
        w.line("const unsigned slot = (unsigned)(step % " + u(g.slots) + ");");
        w.line("(void)id; (void)slot;");
    };
    if (hooks.barrierFreeNeuronUpdate) {
        // One work-item does the block's neurons in two loops, as the CPU backend's threads do
        // (cpu_source.cpp): the first updates each neuron with no side effect but its own
        // variables (a spike and a failed finite check are flags), a loop the device's compiler
        // vectorises, since the group's branch lies outside it and its end is a bound, not a
        // guard; the second raises a flagged neuron's error or records, appends and delivers its
        // spike. (In a work-group of 128 work-items, PoCL's loop over them holds the group's
        // branch and the guard: every load and store of its vector loop was a masked one, and
        // COBA's step took 3-4x longer; benchmarks/NOTES.md.)
        for (std::size_t k = 0; k < plan.neuronGroups().size(); ++k) {
            const auto& g = plan.neuronGroups()[k];
            const NeuronBlock neurons = plan.block(*g.group);
            w.open("if (blk >= " + u(firstBlocks[k]) + " && blk < " + u(firstBlocks[k + 1]) + ")");
            w.comment("neuron update: group '" + g.group->name() + "' (" + std::to_string(g.group->size()) +
                      " neurons), each spike on its own");
            w.line("const unsigned sg_begin = " + (neurons.lo ? u(neurons.lo) + " + " : std::string()) + "(blk - " +
                   u(firstBlocks[k]) + ") * " + bs + ", sg_end = sg_min(sg_begin + " + bs + ", " + u(neurons.hi) + ");");
            w.line("const unsigned slot = (unsigned)(step % " + u(g.slots) + ");");
            w.line("(void)slot;");
            w.line("uint32_t sg_flags[" + bs + "];", "failed finite check << 1 | spiked");
            w.line("#undef SG_NONFINITE").line("#define SG_NONFINITE(code) (sg_nonfinite = (code))");
            w.open("for (unsigned id = sg_begin; id < sg_end; ++id)");
            w.line("uint32_t sg_nonfinite = 0u, sg_spiked = 0u;");
            emitNeuronUpdate(w, plan, g, "record_row", [&](CodeWriter& w) { w.line("sg_spiked = 1u;"); });
            w.line("sg_flags[id - sg_begin] = sg_nonfinite << 1 | sg_spiked;");
            w.close();
            w.line("#undef SG_NONFINITE").line("#define SG_NONFINITE(code) SG_RAISE_NONFINITE(code)");
            emitFlaggedNeurons(w, "sg_begin", "sg_end", "sg_flags", [&](CodeWriter& w) {
                recordSpike(w, g);
                writeSpikeAlone(w, plan, hooks, g);
            });
            w.close();
        }
        return;
    }
    w.line("if (lid == 0u) sh_count[0] = 0u;");
    w.line(hooks.barrier);
    for (std::size_t k = 0; k < plan.neuronGroups().size(); ++k) {
        const auto& g = plan.neuronGroups()[k];
        openGroup(k);
        w.comment("neuron update: group '" + g.group->name() + "' (" + std::to_string(g.group->size()) + " neurons)");
        w.open("if (id < " + u(plan.block(*g.group).hi) + ")");
        emitNeuronUpdate(w, plan, g, "record_row", [&](CodeWriter& w) {
            w.line("sh_spikes[SG_ATOMIC_ADD_SHARED_U(&sh_count[0], 1u)] = id;");
            recordSpike(w, g);
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
        writeNeuronUpdateDeliveries(w, plan, hooks, g);
        w.close();
    }
}

namespace {

// `last`: no propagation kernel follows (the neuron update delivers every projection's spikes),
// so its last block advances the clock.
void writeNeuronKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, bool last, SimtSource& out)
{
    defineAddToPost(w, plan, Propagation::PreSpan);
    openKernel(w, plan, hooks, "neuron_update");
    declareNeuronShared(w, hooks);
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    w.line("const unsigned lid = " + hooks.threadInBlock + ", blk = " + hooks.block + ";");
    readClock(w, plan);
    writeNeuronUpdateBody(w, plan, hooks);
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close();
    w.line("#undef SG_ADD_TO_POST").blank();
    SimtLaunch launch{"neuron_update", neuronUpdateBlocks(plan) * kBlockSize, std::nullopt};
    if (hooks.barrierFreeNeuronUpdate) { // a work-item per block
        launch.threads = neuronUpdateBlocks(plan);
        launch.groupSize = 1;
    }
    out.step.push_back(launch);
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
void writeEmptySpikeSlots(CodeWriter& w, const ModelPlan& plan, const std::string& step, const SimtHooks* together)
{
    // The last block of a batch run together empties every instance's slots.
    const bool every = together && together->instancesTogether;
    if (every)
        w.open("for (unsigned sg_k = 0u; sg_k < " + together->instances + "; ++sg_k)");
    for (const auto& g : plan.neuronGroups())
        w.line((every ? otherInstance(plan, *together, g.spikeCount, "sg_k") : bufferName(plan, g.spikeCount)) +
               "[(unsigned)((" + step + ") % " + u(g.slots) + ")] = 0u;");
    if (every)
        w.close();
}

// What the step's last block does after everything else: the next step's clock, and empty spike
// lists for the slots the next step writes.
void writeAdvance(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    w.line("const uint64_t next = step + 1u;");
    w.line(std::string(kClockBuffer) + "[0] = (uint32_t)next;");
    w.line(std::string(kClockBuffer) + "[1] = (uint32_t)(next >> 32);");
    w.line(std::string(kClockBuffer) + "[2] = record_row + 1u;");
    w.line(std::string(kClockBuffer) + "[3] = 0u;");
    writeEmptySpikeSlots(w, plan, "next", &hooks);
}

// The last kernel of a step ends with this: every block counts itself done in clock[3]; the last
// one (all others have read the clock by then) advances the clock. Saves a launch per step.
void writeAdvanceTail(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    w.comment("the last block to finish advances the clock");
    w.line(hooks.globalFence);
    w.line(hooks.barrier);
    const std::string blocks = hooks.instancesTogether ? hooks.blocks + " * " + hooks.instances : hooks.blocks;
    w.line("if (" + hooks.threadInBlock + " == 0u) sh_last[0] = SG_ATOMIC_ADD_U(&" + std::string(kClockBuffer) +
           "[3], 1u) == " + blocks + " - 1u;");
    w.line(hooks.barrier);
    w.open("if (sh_last[0] && " + hooks.threadInBlock + " == 0u)");
    w.line(hooks.globalFence);
    writeAdvance(w, plan, hooks);
    w.close();
}

// Several threads may add to one target except in the dense strategy, where each owns its own,
// unless other projections add to the same input (in other blocks, at the same time).
// Deterministic mode adds fixed-point words (core/codegen/fixed_point.h): even a target's own
// thread sums spikes in the order of the spike list, which the GPU's atomics fill.
void defineAddToPost(CodeWriter& w, const ModelPlan& plan, Propagation strategy, const SynapseGroupPlan* s)
{
    const bool owned = strategy == Propagation::DensePost && s &&
                       plan.neuronGroups()[s->target].inputs[s->input].projections.size() == 1;
    if (plan.deterministic()) {
        w.line(fixedPointAddToPost(!owned));
        return;
    }
    const std::string atomicAdd = plan.scalar() == lang::Type::Double ? "SG_ATOMIC_ADD_D" : "SG_ATOMIC_ADD_F";
    w.line(owned ? "#define SG_ADD_TO_POST(target, x) ((target) += (x))"
                 : "#define SG_ADD_TO_POST(target, x) " + atomicAdd + "(&(target), (x))");
}

void declarePropagationShared(CodeWriter& w, const SimtHooks& hooks)
{
    const std::string bs = u(kBlockSize);
    w.line(hooks.shared + " uint32_t sh_id[" + bs + "], sh_start[" + bs + "], sh_length[" + bs + "];");
    w.line("(void)sh_id; (void)sh_start; (void)sh_length;");
}

// Post span's staging of spikes [base, base + n) of `spikes` into sh_id/sh_start/sh_length (by
// threads lid < n), between two barriers of the caller.
void writePostSpanStage(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s)
{
    const std::string rowStart = bufferName(plan, *s.rowStart);
    w.open("if (lid < n)");
    w.line("const unsigned i = spikes[base + lid];");
    w.line("sh_id[lid] = i;");
    w.line("sh_start[lid] = " + rowStart + "[i];");
    w.line("sh_length[lid] = " + rowStart + "[i + 1u] - " + rowStart + "[i];");
    w.close();
}

// Post span's work on rows 0..n-1 (of the shared staging arrays unless `rows` says otherwise):
// thread `gid` takes columns gid, gid + threads, ... of each.
void writePostSpanColumns(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s, const PostSpanRows& rows)
{
    if (s.layout.segments > 1) {
        // Each row has its own segment starts: one row at a time.
        w.open("for (unsigned k = 0u; k < n; ++k)");
        w.line("const unsigned id_pre = " + rows.id("k") + ";");
        emitRowSegments(w, plan, s, "id_pre", rows.start("k"));
        w.open("for (unsigned column = gid; column < " + rows.length("k") + "; column += threads)");
        emitSynapseBatch(w, plan, s, 1, [&](unsigned) { return rows.start("k") + " + column"; },
                         [](unsigned) { return "true"; }, {});
        w.close().close();
        return;
    }
    // kSynapseBatch rows at a time, so that a thread's loads from their columns overlap.
    const std::string batch = u(kSynapseBatch);
    w.open("for (unsigned sg_k = 0u; sg_k < n; sg_k += " + batch + ")");
    w.line("unsigned sg_longest = 0u;");
    for (unsigned k = 0; k < kSynapseBatch; ++k) {
        const std::string row = "sg_row" + std::to_string(k);
        w.line("const unsigned " + row + " = sg_min(sg_k + " + u(k) + ", n - 1u);");
        w.line("if (sg_k + " + u(k) + " < n && " + rows.length(row) + " > sg_longest) sg_longest = " + rows.length(row) +
               ";");
    }
    w.open("for (unsigned column = gid; column < sg_longest; column += threads)");
    auto row = [](unsigned k) { return "sg_row" + std::to_string(k); };
    emitSynapseBatch(
        w, plan, s, kSynapseBatch, [&](unsigned k) { return rows.start(row(k)) + " + column"; },
        [&](unsigned k) { return "sg_k + " + u(k) + " < n && column < " + rows.length(row(k)); },
        [&](unsigned k) { return rows.id(row(k)); });
    w.close().close();
}

// Pre span's row walk (simt_source.h).
void writePreSpanRow(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s, unsigned lanes)
{
    const std::string rowStart = bufferName(plan, *s.rowStart), team = u(lanes);
    w.line("const unsigned sg_row = " + rowStart + "[id_pre], sg_row_end = " + rowStart + "[id_pre + 1];");
    emitRowSegments(w, plan, s, "id_pre", "sg_row");
    w.open("for (unsigned sg_first = sg_row + sg_lane; sg_first < sg_row_end; sg_first += " + u(kSynapseBatch) +
           " * " + team + ")");
    auto syn = [&](unsigned k) { return "sg_first + " + u(k) + " * " + team; };
    emitSynapseBatch(w, plan, s, kSynapseBatch, syn, [&](unsigned k) { return syn(k) + " < sg_row_end"; }, {});
    w.close();
}

namespace {

// The threads that projection `s` launches with `strategy`.
std::size_t propagationThreads(const ModelPlan& plan, const SynapseGroupPlan& s, Propagation strategy)
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
    return roundUpToBlocks(plan.block(s.group->target()).size()); // dense: a thread per target of this rank
}

} // namespace

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
        const std::string lanes = u(preSpanLanes(s));
        w.line("const unsigned sg_lane = gid % " + lanes + ";");
        w.open("for (unsigned k = gid / " + lanes + "; k < num_spikes; k += threads / " + lanes + ")");
        w.line("const unsigned id_pre = spikes[k];");
        writePreSpanRow(w, plan, s, preSpanLanes(s));
        w.close();
        break;
    }
    case Propagation::PostSpan: {
        w.line("const unsigned lid = " + hooks.threadInBlock + ";");
        w.comment("spikes go through shared memory a block at a time; every thread takes one column of each row");
        w.open("for (unsigned base = 0u; base < num_spikes; base += " + bs + ")");
        w.line("const unsigned n = sg_min(" + bs + ", num_spikes - base);");
        w.line(hooks.barrier);
        writePostSpanStage(w, plan, s);
        w.line(hooks.barrier);
        writePostSpanColumns(w, plan, s);
        w.close();
        break;
    }
    case Propagation::DensePost: {
        const NeuronBlock targets = plan.block(s.group->target());
        w.open("for (unsigned id_post = " + (targets.lo ? u(targets.lo) + " + " : std::string()) + "gid; id_post < " +
               u(targets.hi) + "; id_post += threads)");
        w.open("for (unsigned k = 0u; k < num_spikes; ++k)");
        w.line("const unsigned id_pre = spikes[k];");
        w.line("const unsigned syn = id_pre * " + u(numPost) + " + id_post;");
        w.line("(void)syn;");
        emitSynapseUpdate(w, plan, s);
        w.close().close();
        break;
    }
    }
}

namespace {

void writePropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s,
                            Propagation strategy, const std::string& name, bool last)
{
    defineAddToPost(w, plan, strategy, &s);
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


// Projection `s`'s share of propagate_all, given `gid` and `threads` of its blocks, the clock
// variables and declarePropagationShared: the strategy the launcher chose for it (the words after
// the clock, simt_source.h). CUDA only (barriers inside block-uniform branches).
void writeFusedProjection(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, std::size_t p)
{
    const std::size_t n = plan.synapseGroups().size();
    const SynapseGroupPlan& s = plan.synapseGroups()[p];
    if (isDense(s)) {
        defineAddToPost(w, plan, Propagation::DensePost, &s);
        writePropagationBody(w, plan, hooks, s, Propagation::DensePost);
    } else {
        defineAddToPost(w, plan, Propagation::PostSpan);
        w.open("if (" + std::string(kClockBuffer) + "[" + u(fusedPostSpanWord(n, p)) + "] != 0u)");
        writePropagationBody(w, plan, hooks, s, Propagation::PostSpan);
        w.close();
        w.open("else");
        writePropagationBody(w, plan, hooks, s, Propagation::PreSpan);
        w.close();
    }
    w.line("#undef SG_ADD_TO_POST");
}

// Every projection in one kernel: projection p runs on blocks [first[p], first[p + 1]) (words
// after the clock). Projections of one structure share one function (simt_merged.cpp), which
// their blocks call. Unless learning kernels follow (`last` false), the last block to finish
// advances the clock.
void writeFusedPropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks,
                                 const std::vector<std::size_t>& propagated, bool last, SimtSource& out)
{
    const std::string bs = u(kBlockSize), clock = kClockBuffer;
    std::vector<WrittenBody> bodies;
    for (std::size_t p : propagated) {
        bodies.push_back({"", "synapse group '" + plan.synapseGroups()[p].group->name() + "'", CodeWriter(hooks.dialect)});
        writeFusedProjection(bodies.back().body, plan, hooks, p);
    }
    // The shared arrays come as pointers (CUDA: generic, which reach shared memory as well).
    const std::string shared = hooks.dialect == lang::Dialect::OpenCL ? "__local uint32_t* " : "uint32_t* ";
    const MergedGroups groups(plan, hooks, std::move(bodies), "sg_propagate",
                              {{{"const unsigned gid", "gid"},
                                {"const unsigned threads", "threads"},
                                {"const uint64_t step", "step"},
                                {"const " + cType(plan.scalar()) + " t", "t"},
                                {"const unsigned record_row", "record_row"},
                                {shared + "sh_id", "sh_id"},
                                {shared + "sh_start", "sh_start"},
                                {shared + "sh_length", "sh_length"}}});
    groups.writeFunctions(w, "the propagation");
    openKernel(w, plan, hooks, "propagate_all");
    declarePropagationShared(w, hooks);
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    w.line("const unsigned blk = " + hooks.block + ";");
    readClock(w, plan);
    for (std::size_t i = 0; i < propagated.size(); ++i) {
        const std::size_t p = propagated[i];
        w.open("");
        w.line("const unsigned sg_first = " + clock + "[" + u(fusedFirstBlockWord(p)) + "], sg_end = " + clock + "[" +
               u(fusedFirstBlockWord(p + 1)) + "];");
        w.open("if (blk >= sg_first && blk < sg_end)");
        w.line("const unsigned gid = (blk - sg_first) * " + bs + " + " + hooks.threadInBlock + ";");
        w.line("const unsigned threads = (sg_end - sg_first) * " + bs + ";");
        w.line("(void)gid; (void)threads;");
        groups.writeBody(w, i);
        w.close().close();
    }
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close().blank();
    out.fused = SimtLaunch{"propagate_all", kBlockSize, std::nullopt};
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
        return propagationThreads(plan, s, strategy);
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
    writeAdvance(w, plan, hooks);
    w.close().close().blank();
    out.advance = SimtLaunch{"advance", kBlockSize, std::nullopt};
    if (plan.synapseGroups().empty())
        out.step.push_back(*out.advance);
}

} // namespace

// The step loop propagates (and learns post) onto each block's own targets; spikes arriving
// through axonal delays and synapse dynamics would need more grid barriers, and its learn-post
// phase takes this step's spikes: those keep the graph.
bool persistentLoopFits(const ModelPlan& plan, const SimtHooks& hooks)
{
    const auto& groups = plan.synapseGroups();
    if (std::any_of(groups.begin(), groups.end(), [](const auto& s) { return s.group->backPropDelaySteps() > 0; }))
        return false;
    return hooks.fusedPropagation && hooks.persistentSteps && neuronUpdateBlocks(plan) <= kPersistentMaxNeuronBlocks &&
           !plan.anyArrivalWork() && !plan.anySynapseDynamics() && !plan.partition().split();
}

void writeStepKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    out.deliveredByNeuronUpdate = deliveredByNeuronUpdate(plan, hooks);
    out.deliveredAlone = hooks.barrierFreeNeuronUpdate;
    std::vector<std::size_t> propagated; // the projections that propagation kernels deliver
    for (std::size_t p = 0; p < plan.synapseGroups().size(); ++p)
        if (!out.deliveredByNeuronUpdate[p])
            propagated.push_back(p);
    const bool learningFollows = plan.anyLearnPost() || plan.anySynapseDynamics();
    writeNeuronKernel(w, plan, hooks, !plan.synapseGroups().empty() && propagated.empty() && !learningFollows, out);
    if (plan.anyArrivalWork())
        writeArrivalsKernel(w, plan, hooks, out);
    for (std::size_t p : propagated)
        writePropagation(w, plan, hooks, p, p == propagated.back() && !learningFollows, !hooks.fusedPropagation, out);
    if (hooks.fusedPropagation && !propagated.empty()) {
        if (hooks.barriersOutsideBranches)
            writePhasedPropagationKernel(w, plan, hooks, propagated, !learningFollows, out);
        else
            writeFusedPropagationKernel(w, plan, hooks, propagated, !learningFollows, out);
    }
    writeLearningKernels(w, plan, hooks, out);
    if (persistentLoopFits(plan, hooks) && propagated.size() == plan.synapseGroups().size())
        writePersistentKernel(w, plan, hooks, out);
    writeAdvanceKernel(w, plan, hooks, out);
}

} // namespace spikegen::simt::detail

namespace spikegen::simt {

std::vector<bool> deliveredByNeuronUpdate(const ModelPlan& plan, const SimtHooks& hooks)
{
    // Auto: only when no propagation kernel is left. A neuron update that delivers some projections
    // while propagate_all delivers the others gains no kernel and ends later by the delivering
    // blocks' chains of loads: the microcircuit (its short rows delivered so) ran 0.29 s per
    // biological second instead of 0.20 (benchmarks/NOTES.md, Version 14).
    const auto& groups = plan.synapseGroups();
    const bool all = std::all_of(groups.begin(), groups.end(), [](const auto& s) { return s.deliverableAtEmission; });
    // A rank of a split network delivers every rank's spikes, which arrive after its neuron update.
    const bool allowed = !plan.partition().split() &&
                         (hooks.delivery == SimtHooks::Delivery::NeuronUpdate ||
                          (hooks.delivery == SimtHooks::Delivery::Auto && all && !detail::persistentLoopFits(plan, hooks)));
    std::vector<bool> delivered;
    for (const auto& s : groups)
        delivered.push_back(allowed && s.deliverableAtEmission);
    return delivered;
}

} // namespace spikegen::simt
