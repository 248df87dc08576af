// propagate_all for dialects whose barriers must stay outside branches (SimtHooks::
// barriersOutsideBranches: OpenCL, for PoCL 3.1, which miscompiles a barrier inside even a
// block-uniform branch). CUDA's version (simt_step_kernels.cpp) branches to the projection of a
// block and stages post span's spikes through shared memory between barriers inside that branch.
// Here the projection and its strategy are data (the layout words after the clock, simt_source.h)
// that one switch dispatches on, and no strategy has a barrier: post span reads each spike's row
// start from global memory where CUDA stages it. The only barriers are those of the clock's
// advance, at the kernel's top level. (PoCL ran without end a version that kept the staging, in a
// loop of a group-uniform trip count outside the switches, cause not settled: benchmarks/NOTES.md.)
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

namespace spikegen::simt::detail {
namespace {

// Post span without staging: rows 0..n-1 are spikes 0..n-1 of `spikes` (given spikeSource).
void writeUnstagedPostSpan(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s)
{
    const std::string rowStart = bufferName(plan, *s.rowStart);
    PostSpanRows rows;
    rows.id = [](const std::string& r) { return "spikes[" + r + "]"; };
    rows.start = [=](const std::string& r) { return rowStart + "[spikes[" + r + "]]"; };
    rows.length = [=](const std::string& r) {
        return "(" + rowStart + "[spikes[" + r + "] + 1u] - " + rowStart + "[spikes[" + r + "]])";
    };
    w.line("const unsigned n = num_spikes;");
    writePostSpanColumns(w, plan, s, rows);
}

// Projection p's work: dense, or the sparse strategy its layout word names.
void writeProjection(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, std::size_t p)
{
    const SynapseGroupPlan& s = plan.synapseGroups()[p];
    if (isDense(s)) {
        defineAddToPost(w, plan, Propagation::DensePost, &s);
        writePropagationBody(w, plan, hooks, s, Propagation::DensePost);
        w.line("#undef SG_ADD_TO_POST");
        return;
    }
    defineAddToPost(w, plan, Propagation::PostSpan);
    const std::size_t n = plan.synapseGroups().size();
    w.open("if (" + std::string(kClockBuffer) + "[" + u(fusedPostSpanWord(n, p)) + "] != 0u)");
    w.comment("spike propagation: synapse group '" + s.group->name() + "' (" + describe(s.layout) + ", " +
              describe(Propagation::PostSpan) + ", row starts read by every thread, axonal delay " +
              std::to_string(s.group->axonalDelaySteps()) + " steps)");
    spikeSource(w, plan, hooks, s);
    writeUnstagedPostSpan(w, plan, s);
    w.close();
    w.open("else");
    writePropagationBody(w, plan, hooks, s, Propagation::PreSpan);
    w.close();
    w.line("#undef SG_ADD_TO_POST");
}

} // namespace

void writePhasedPropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks,
                                  const std::vector<std::size_t>& propagated, bool last, SimtSource& out)
{
    const std::size_t n = plan.synapseGroups().size();
    const std::string bs = u(kBlockSize), clock = kClockBuffer;
    std::vector<WrittenBody> bodies;
    for (std::size_t p : propagated) {
        bodies.push_back({"", "synapse group '" + plan.synapseGroups()[p].group->name() + "'", CodeWriter(hooks.dialect)});
        writeProjection(bodies.back().body, plan, hooks, p);
    }
    const MergedGroups groups(plan, hooks, std::move(bodies), "sg_propagate",
                              {{{"const unsigned gid", "gid"},
                                {"const unsigned threads", "threads"},
                                {"const uint64_t step", "step"},
                                {"const " + cType(plan.scalar()) + " t", "t"},
                                {"const unsigned record_row", "record_row"}}});
    groups.writeFunctions(w, "the propagation");

    openKernel(w, plan, hooks, "propagate_all");
    if (last)
        w.line(hooks.shared + " uint32_t sh_last[1];");
    w.line("const unsigned blk = " + hooks.block + ";");
    readClock(w, plan);
    w.comment("this group's projection: the last p whose first block is <= blk (" + std::to_string(n) +
              ": none, a padding group)");
    w.line("unsigned sg_p = 0u, sg_hi = " + u(n) + ";");
    w.open("while (sg_p < sg_hi)");
    w.line("const unsigned mid = (sg_p + sg_hi + 1u) / 2u;");
    w.line("if (" + clock + "[" + u(fusedFirstBlockWord(0)) + " + mid] <= blk) sg_p = mid; else sg_hi = mid - 1u;");
    w.close();
    w.line("const unsigned sg_first = " + clock + "[" + u(fusedFirstBlockWord(0)) + " + sg_p];");
    w.line("const unsigned sg_end = sg_p < " + u(n) + " ? " + clock + "[" + u(fusedFirstBlockWord(1)) +
           " + sg_p] : sg_first;");
    w.line("const unsigned gid = (blk - sg_first) * " + bs + " + " + hooks.threadInBlock +
           ", threads = (sg_end - sg_first) * " + bs + ";");
    w.line("(void)gid; (void)threads;");
    w.open("switch (sg_p)");
    for (std::size_t i = 0; i < propagated.size(); ++i) {
        w.open("case " + u(propagated[i]) + ":");
        groups.writeBody(w, i);
        w.line("break;");
        w.close();
    }
    w.line("default: break;");
    w.close();
    if (last)
        writeAdvanceTail(w, plan, hooks);
    w.close().blank();
    out.fused = SimtLaunch{"propagate_all", kBlockSize, std::nullopt};
}

} // namespace spikegen::simt::detail
