// Initialisation kernels: variables (a thread per element), sparse rows (a thread per row:
// count, then fill and sort), the column index of plastic projections, and per-synapse variables. The random streams are the ones the CPU
// backend uses (same key, same counter), so every backend builds identical connectivity and
// initial values from one seed.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

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

void writeConnectivity(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s,
                       SimtSource& out)
{
    const std::uint32_t numPre = s.group->source().size(), numPost = s.group->target().size();
    if (s.layout.format == ConnectivityFormat::Sparse) {
        if (!s.rowLength.empty()) {
            // Row-length code is sequential (it may draw a multinomial across rows): one thread.
            openKernel(w, plan, hooks, ModelPlan::rowLengthKernel(s));
            globalIndex(w, hooks);
            w.open("if (gid == 0u)");
            emitRowLengths(w, plan, s);
            w.close().close().blank();
            out.init.push_back({ModelPlan::rowLengthKernel(s), kBlockSize, std::nullopt});
        }
        // Column-built snippets: a thread per column (atomic row counts and cursors), then per row a sort.
        const std::uint32_t builders = s.columnBuilt() ? numPost : numPre;
        for (bool fill : {false, true}) {
            const std::string name = fill ? ModelPlan::fillRowsKernel(s) : ModelPlan::countRowsKernel(s);
            openKernel(w, plan, hooks, name);
            globalIndex(w, hooks);
            if (s.columnBuilt()) {
                w.open("for (unsigned id_post = gid; id_post < " + u(numPost) + "; id_post += threads)");
                emitColumnBuild(w, plan, s, fill);
            } else {
                w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
                emitRowBuild(w, plan, s, fill);
            }
            w.close().close().blank();
            out.init.push_back({name, roundUpToBlocks(builders), std::nullopt});
        }
        if (s.columnBuilt()) {
            openKernel(w, plan, hooks, ModelPlan::sortRowsKernel(s));
            globalIndex(w, hooks);
            w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
            emitRowSort(w, plan, s);
            w.close().close().blank();
            out.init.push_back({ModelPlan::sortRowsKernel(s), roundUpToBlocks(numPre), std::nullopt});
        }
    }
    if (s.colStart) {
        // The column index: count and fill a thread per row, sort a thread per column.
        for (const auto& [kernel, emit] : {std::pair{ModelPlan::countColumnsKernel(s), &emitColumnCount},
                                           std::pair{ModelPlan::fillColumnsKernel(s), &emitColumnFill}}) {
            openKernel(w, plan, hooks, kernel);
            globalIndex(w, hooks);
            w.open("for (unsigned id_pre = gid; id_pre < " + u(numPre) + "; id_pre += threads)");
            emit(w, plan, s);
            w.close().close().blank();
            out.init.push_back({kernel, roundUpToBlocks(numPre), std::nullopt});
        }
        openKernel(w, plan, hooks, ModelPlan::sortColumnsKernel(s));
        globalIndex(w, hooks);
        w.open("for (unsigned id_post = gid; id_post < " + u(numPost) + "; id_post += threads)");
        emitColumnSort(w, plan, s);
        w.close().close().blank();
        out.init.push_back({ModelPlan::sortColumnsKernel(s), roundUpToBlocks(numPost), std::nullopt});
    }
    openKernel(w, plan, hooks, ModelPlan::initSynapsesKernel(s));
    globalIndex(w, hooks);
    std::size_t threads = kBlockSize;
    if (!s.weightVars.empty()) {
        auto initVars = [&] {
            w.line("const unsigned id = syn;");
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
            threads = roundUpToBlocks(numPre);
        } else {
            w.open("for (unsigned syn = gid; syn < " + u(std::uint64_t(numPre) * numPost) + "; syn += threads)");
            w.line("const unsigned id_pre = syn / " + u(numPost) + ", id_post = syn % " + u(numPost) + ";");
            initVars();
            threads = roundUpToBlocks(std::min<std::uint64_t>(std::uint64_t(numPre) * numPost, 1u << 22));
        }
        w.close();
    }
    w.close().blank();
    out.init.push_back({ModelPlan::initSynapsesKernel(s), threads, std::nullopt});
}

} // namespace

void writeInitKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    writeInitNeurons(w, plan, hooks, out);
    for (const auto& s : plan.synapseGroups())
        writeConnectivity(w, plan, hooks, s, out);
}

} // namespace spikegen::simt::detail
