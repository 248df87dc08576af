// Initialisation kernels: variables (a thread per element), sparse rows (a thread per row:
// count, then fill and sort), the column index of plastic projections, and per-synapse variables.
// The random streams are the ones the CPU backend uses (same key, same counter), so every backend
// builds identical connectivity and initial values from one seed. A projection's kernels are
// written per kind across all projections, so that those of one structure share one body
// (simt_merged.cpp).
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

#include <map>
#include <tuple>

namespace spikegen::simt::detail {
namespace {

void writeInitNeurons(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    openKernel(w, plan, hooks, ModelPlan::initNeuronsKernel());
    globalIndex(w, hooks);
    // Every group starts at thread 0; a grid-stride loop covers the larger ones.
    auto perElement = [&](const std::string& about, std::uint32_t size, const std::vector<PlannedVar>& vars) {
        if (vars.empty())
            return;
        w.comment("" + about);
        w.open("for (unsigned e = gid; e < " + u(size) + "; e += threads)");
        w.line("const unsigned id = e;");
        for (const auto& v : vars)
            emitVarInit(w, plan, v, "id");
        w.close();
    };
    forEachNeuronVarSet(plan, perElement);
    w.close().blank();
    std::size_t largest = 1;
    for (const auto& g : plan.neuronGroups())
        largest = std::max<std::size_t>(largest, g.group->size());
    out.init.push_back({ModelPlan::initNeuronsKernel(), roundUpToBlocks(largest), std::nullopt});
}

// The kernels of each kind (count, fill, ...), one per projection, in the order first written.
struct InitBodies {
    std::vector<std::string> kinds;
    std::map<std::string, std::vector<WrittenBody>> byKind;
    // A new kernel body of `kind` for projection `s`, named `kernel`, launched with `threads`.
    CodeWriter& add(const std::string& kind, const std::string& kernel, const SynapseGroupPlan& s, std::size_t threads,
                    const SimtHooks& hooks, SimtSource& out)
    {
        if (!byKind.count(kind))
            kinds.push_back(kind);
        auto& bodies = byKind[kind];
        bodies.push_back(WrittenBody{kernel, "synapse group '" + s.group->name() + "'", CodeWriter(hooks.dialect)});
        out.init.push_back({kernel, threads, std::nullopt});
        globalIndex(bodies.back().body, hooks);
        return bodies.back().body;
    }
};

void writeConnectivity(const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s, InitBodies& bodies,
                       SimtSource& out)
{
    const std::uint32_t numPre = s.group->source().size(), numPost = s.group->target().size();
    if (s.layout.format == ConnectivityFormat::Sparse) {
        if (!s.rowLength.empty()) {
            // Row-length code is sequential (it may draw a multinomial across rows): one thread.
            CodeWriter& w = bodies.add("rowlength", ModelPlan::rowLengthKernel(s), s, kBlockSize, hooks, out);
            w.open("if (gid == 0u)");
            emitRowLengths(w, plan, s);
            w.close();
        }
        // Column-built snippets: a thread per column (atomic row counts and cursors), then per row a sort.
        const std::uint32_t builders = s.columnBuilt() ? numPost : numPre;
        for (bool fill : {false, true}) {
            const std::string name = fill ? ModelPlan::fillRowsKernel(s) : ModelPlan::countRowsKernel(s);
            CodeWriter& w = bodies.add(fill ? "fill" : "count", name, s, roundUpToBlocks(builders), hooks, out);
            if (s.columnBuilt()) {
                w.open("for (unsigned id_post = gid; id_post < " + u(numPost) + "; id_post += threads)");
                emitColumnBuild(w, plan, s, fill);
            } else {
                w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
                emitRowBuild(w, plan, s, fill);
            }
            w.close();
        }
        if (s.columnBuilt()) {
            CodeWriter& w = bodies.add("rowsort", ModelPlan::sortRowsKernel(s), s, roundUpToBlocks(numPre), hooks, out);
            w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
            emitRowSort(w, plan, s);
            w.close();
        }
    }
    if (s.colStart) {
        // The column index: count and fill a thread per row, sort a thread per column.
        for (const auto& [kind, kernel, emit] :
             {std::tuple{"colcount", ModelPlan::countColumnsKernel(s), &emitColumnCount},
              std::tuple{"colfill", ModelPlan::fillColumnsKernel(s), &emitColumnFill}}) {
            CodeWriter& w = bodies.add(kind, kernel, s, roundUpToBlocks(numPre), hooks, out);
            w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
            emit(w, plan, s);
            w.close();
        }
        CodeWriter& w = bodies.add("colsort", ModelPlan::sortColumnsKernel(s), s, roundUpToBlocks(numPost), hooks, out);
        w.open("for (unsigned id_post = gid; id_post < " + u(numPost) + "; id_post += threads)");
        emitColumnSort(w, plan, s);
        w.close();
    }
    std::size_t threads = kBlockSize;
    if (!s.weightVars.empty())
        threads = s.layout.format == ConnectivityFormat::Sparse
                      ? roundUpToBlocks(numPre)
                      : roundUpToBlocks(std::min<std::uint64_t>(std::uint64_t(numPre) * numPost, 1u << 22));
    CodeWriter& w = bodies.add("init_synapses", ModelPlan::initSynapsesKernel(s), s, threads, hooks, out);
    if (!s.weightVars.empty()) {
        auto initVars = [&] {
            w.line(synapseInitId(plan, s));
            w.line("(void)id_pre; (void)id_post;");
            for (const auto& v : s.weightVars)
                emitVarInit(w, plan, v, "syn");
        };
        if (s.layout.format == ConnectivityFormat::Sparse) {
            // A thread per row, as the CPU walks them: id_pre is known without a search.
            const std::string rowStart = bufferName(plan, *s.rowStart);
            w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
            emitRowSegments(w, plan, s, "id_pre", rowStart + "[id_pre]");
            w.open("for (unsigned syn = " + rowStart + "[id_pre]; syn < " + rowStart + "[id_pre + 1]; ++syn)");
            w.line("const unsigned id_post = " + postIndexAt(plan, s, "syn") + ";");
            initVars();
            w.close();
        } else {
            w.open("for (unsigned syn = gid; syn < " + u(std::uint64_t(numPre) * numPost) + "; syn += threads)");
            w.line("const unsigned id_pre = syn / " + u(numPost) + ", id_post = syn % " + u(numPost) + ";");
            initVars();
        }
        w.close();
    }
}

} // namespace

void writeInitKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    writeInitNeurons(w, plan, hooks, out);
    InitBodies bodies;
    for (const auto& s : plan.synapseGroups())
        writeConnectivity(plan, hooks, s, bodies, out);
    for (const auto& kind : bodies.kinds)
        writeKernels(w, plan, hooks, kind, std::move(bodies.byKind.at(kind)));
}

} // namespace spikegen::simt::detail
