// Sparse connectivity built column by column (ConnectivitySnippet::colBuildCode, e.g. a fixed
// in-degree): a thread per postsynaptic neuron runs the column code twice over the same stream.
// The count pass adds each synapse to its row's length (and segment starts) atomically; after the
// runtime's prefix sum the fill pass places each at its row's next free place, taken from an
// atomic cursor, and a last pass sorts every row. Rows hold the same targets whatever order the
// columns ran in, so sorting them makes the result identical on every backend and thread count.
#include "core/codegen/emitters.h"

namespace spikegen {
namespace {


std::string raise(ErrorFlag flag) { return "SG_RAISE(" + u(flag) + ")"; }

// Where segment `segment` (a runtime value) of row `row` begins and ends, relative to the row.
std::string segmentFirst(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& row,
                         const std::string& segment)
{
    const std::string starts = plan.buffers()[*group.segmentStart].name;
    return "(" + segment + " == 0u ? 0u : " + starts + "[(size_t)" + row + " * " + u(group.layout.segments - 1) +
           " + " + segment + " - 1u])";
}

std::string segmentEnd(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& row,
                       const std::string& segment, const std::string& rowLength)
{
    const std::string starts = plan.buffers()[*group.segmentStart].name;
    return "(" + segment + " == " + u(group.layout.segments - 1) + " ? " + rowLength + " : " + starts + "[(size_t)" +
           row + " * " + u(group.layout.segments - 1) + " + " + segment + "])";
}

} // namespace

void emitColumnBuild(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, bool fill)
{
    const std::string rowStart = plan.buffers()[*group.rowStart].name;
    const std::string postIndex = plan.buffers()[*group.postIndex].name;
    const std::string numPre = u(group.group->source().size());
    const unsigned segments = group.layout.segments;
    w.comment("synapse group '" + group.group->name() + "', connectivity '" +
              group.group->connectivity().snippet.name + "', column " + (fill ? "fill" : "count") + " pass");
    // Counter word 2: rows draw from phase 0 and row lengths from phase 1 of the same key.
    w.line(makeRng(plan, group.connectivityKey, "2u", "id_post"));
    std::string add;
    if (!fill) {
        const bool bounded = group.layout.maxRowLength < 0xFFFFFFFFull;
        add = bounded ? "const unsigned sg_before = SG_ATOMIC_ADD_U(&" + rowStart + "[sg_i + 1u], 1u); if (sg_before >= " +
                            u(group.layout.maxRowLength) + ") " + raise(kErrorRowAboveMaxRowLength) + "; "
                      : "SG_ATOMIC_ADD_U(&" + rowStart + "[sg_i + 1u], 1u); ";
        // Segment k of a row starts after its targets below k * 65,536, this column among them or not.
        for (unsigned k = 1; k < segments; ++k)
            add += "if (id_post < " + u(std::uint64_t(k) * kSegmentTargets) + ") SG_ATOMIC_ADD_U(&" +
                   segmentStartOf(plan, group, "sg_i", k) + ", 1u); ";
    } else {
        const std::string cursor = plan.buffers()[*group.rowCursor].name;
        const std::string value = group.layout.indexBits == 16 ? "id_post & 0xFFFFu" : "id_post";
        add = "const unsigned sg_row_length = " + rowStart + "[sg_i + 1u] - " + rowStart + "[sg_i]; ";
        if (segments == 1) {
            add += "const unsigned sg_place = SG_ATOMIC_ADD_U(&" + cursor + "[sg_i], 1u); if (sg_place >= sg_row_length) " +
                   raise(kErrorRowTooLong) + "; else " + postIndex + "[" + rowStart + "[sg_i] + sg_place] = " + value + "; ";
        } else {
            w.line("const unsigned sg_segment = id_post >> 16;", "every synapse of this column lies in this segment");
            add += "const unsigned sg_place = " + segmentFirst(plan, group, "sg_i", "sg_segment") + " + SG_ATOMIC_ADD_U(&" +
                   cursor + "[(size_t)sg_i * " + u(segments) + " + sg_segment], 1u); if (sg_place >= " +
                   segmentEnd(plan, group, "sg_i", "sg_segment", "sg_row_length") + ") " + raise(kErrorRowTooLong) +
                   "; else " + postIndex + "[" + rowStart + "[sg_i] + sg_place] = " + value + "; ";
        }
    }
    // A rank of a split network keeps the columns of its block (others draw them too on some backends).
    const NeuronBlock block = plan.block(group.group->target());
    const std::string mine = plan.partition().split()
                                 ? " if (id_post >= " + u(block.lo) + " && id_post < " + u(block.hi) + ")" : "";
    w.line("#define SG_ADD_SYNAPSE(i) do { const unsigned sg_i = (i); if (sg_i >= " + numPre + ") " +
           raise(kErrorSourceOutsideGroup) + "; else" + mine + " { " + add + "} } while (0)");
    w.code(group.colBuild);
    w.line("#undef SG_ADD_SYNAPSE");
}

void emitRowSort(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    const std::string rowStart = plan.buffers()[*group.rowStart].name;
    const std::string postIndex = plan.buffers()[*group.postIndex].name;
    const std::string sort = std::string("sg_sort_row_") + (group.layout.indexBits == 16 ? "u16" : "u32");
    w.line("const unsigned sg_row_length = " + rowStart + "[id_pre + 1u] - " + rowStart + "[id_pre];");
    if (group.layout.segments == 1) {
        w.line(sort + "(" + postIndex + " + " + rowStart + "[id_pre], sg_row_length);");
        return;
    }
    w.open("for (unsigned sg_s = 0u; sg_s < " + u(group.layout.segments) + "; ++sg_s)");
    w.line("const unsigned sg_first = " + segmentFirst(plan, group, "id_pre", "sg_s") + ";");
    w.line("const unsigned sg_end = " + segmentEnd(plan, group, "id_pre", "sg_s", "sg_row_length") + ";");
    w.line(sort + "(" + postIndex + " + " + rowStart + "[id_pre] + sg_first, sg_end - sg_first);");
    w.close();
}

} // namespace spikegen
