#include "core/codegen/emitters.h"

#include "core/codegen/fixed_point.h"
#include "core/codegen/scopes.h"

#include <algorithm>

namespace spikegen {

std::string u(std::uint64_t v) { return std::to_string(v) + "u"; }

const std::string& bufferName(const ModelPlan& plan, std::size_t b) { return plan.buffers()[b].name; }

std::string hex(std::uint32_t v)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08Xu", v);
    return text;
}

std::string makeRng(const ModelPlan& plan, const std::array<std::uint32_t, 2>& key, const std::string& step,
                    const std::string& element)
{
    return "sg_rng sg_rng_state = sg_rng_make(" + plan.keyArguments(key) + ", " + step + ", " + element + ");";
}

namespace {

// Locals for a model's variables: load before the code, store after.
void loadVars(CodeWriter& w, const ModelPlan& plan, const std::vector<PlannedVar>& vars, const std::string& local,
              const std::string& index)
{
    for (const auto& v : vars) {
        const std::string source = plan.buffers()[v.buffer].name + "[" + index + "]";
        if (v.type == lang::Type::Bool)
            w.line("bool " + local + v.name + " = " + source + " != 0;");
        else
            w.line(cType(v.type) + " " + local + v.name + " = " + source + ";");
    }
}

void storeVars(CodeWriter& w, const ModelPlan& plan, const std::vector<PlannedVar>& vars, const std::string& local,
               const std::string& index, const lang::Code& writer1, const lang::Code& writer2 = {},
               const lang::Code& writer3 = {})
{
    for (const auto& v : vars) {
        // Only variables that some code string assigns need storing back.
        if (!writer1.assignedNames().count(v.name) && !writer2.assignedNames().count(v.name) &&
            !writer3.assignedNames().count(v.name))
            continue;
        const std::string target = plan.buffers()[v.buffer].name + "[" + index + "]";
        if (v.type == lang::Type::Bool)
            w.line(target + " = " + local + v.name + " ? 1 : 0;");
        else
            w.line(target + " = " + local + v.name + ";");
    }
}

} // namespace

std::string cType(Element element, lang::Dialect dialect)
{
    const bool cl = dialect == lang::Dialect::OpenCL;
    switch (element) {
    case Element::Uint8: return cl ? "uchar" : "uint8_t";
    case Element::Uint16: return cl ? "ushort" : "uint16_t";
    case Element::Uint32: return cl ? "uint" : "uint32_t";
    case Element::Int32: return cl ? "int" : "int32_t";
    case Element::Uint64: return cl ? "ulong" : "uint64_t";
    case Element::Float: return "float";
    case Element::Double: return "double";
    }
    return "void";
}

std::string cType(lang::Type type) { return lang::typeName(type); }

namespace {

// Each recorded variable's value after the step, into its row of the window: the row of the step
// itself, or with an interval E the count of multiples of E since the window began.
void emitVarRecording(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group, const std::string& recordRow)
{
    for (const RecordedVarPlan& r : group.recordedVars) {
        const PlannedVar& v = *std::find_if(group.vars.begin(), group.vars.end(),
                                            [&](const PlannedVar& pv) { return pv.name == r.var; });
        const std::string value = v.type == lang::Type::Bool ? "(l_" + r.var + " ? 1 : 0)" : "l_" + r.var;
        const std::string columns = std::to_string(r.columns) + "u";
        w.open("");
        // A subset of neurons: each recorded neuron has its column, the others none.
        std::string column = "id";
        if (r.columnOf) {
            w.line("const unsigned sg_column = " + plan.buffers()[*r.columnOf].name + "[id];");
            column = "sg_column";
        }
        std::string condition = r.columnOf ? "sg_column != " + std::to_string(RecordedVarPlan::kNotRecorded) + "u" : "";
        std::string row = recordRow;
        if (r.everySteps != 1) {
            const std::string every = std::to_string(r.everySteps) + "u";
            condition += (condition.empty() ? "" : " && ") + std::string("step % ") + every + " == 0u";
            row = "(step / " + every + " - (step - " + recordRow + " + " + every + " - 1u) / " + every + ")";
        }
        w.line((condition.empty() ? "" : "if (" + condition + ") ") + plan.buffers()[r.buffer].name + "[(uint64_t)" + row +
               " * " + columns + " + " + column + "] = " + value + ";");
        w.close();
    }
}

// An unstable equation (a stiff model at too large a dt) stops the run with an error naming the
// variable, instead of NaN spikes.
void emitFiniteChecks(CodeWriter& w, const FiniteChecks& checks, const std::string& localPrefix)
{
    for (const auto& [var, code] : checks)
        w.line("if (!isfinite(" + localPrefix + var + ")) SG_NONFINITE(" + std::to_string(code) + "u);");
}

} // namespace

void emitNeuronUpdate(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group, const std::string& recordRow,
                      const std::function<void(CodeWriter&)>& emitSpike, const StreamMaker& makeStream)
{
    auto stream = [&](const std::array<std::uint32_t, 2>& key) {
        return makeStream ? makeStream(key) : makeRng(plan, key, "step", "id");
    };
    const auto& model = group.group->model().model;
    const std::string scalar = cType(plan.scalar());
    w.comment("neuron group '" + group.group->name() + "', model '" + model.name + "'");
    loadVars(w, plan, group.vars, "l_", "id");
    for (const std::string& input : neuronInputs(*group.group))
        w.line(scalar + " " + input + " = 0;");
    // Every input's words are loaded before any input's code runs and stored after all of it: the
    // buffers are pointers a compiler cannot tell apart, so a load after a store waits its turn
    // (on a GPU, a whole round trip per input; benchmarks/NOTES.md, Version 14).
    auto slotOf = [&](const PostsynapticInputPlan& input) { // this step's slot of the ring
        return plan.buffers()[*input.dendriticDelay].name + "[(unsigned)(step % " +
               std::to_string(input.dendriticSlots) + "u) * " + std::to_string(group.group->size()) + "u + id]";
    };
    for (const PostsynapticInputPlan& input : group.inputs) {
        const SynapseGroupPlan& owner = plan.synapseGroups()[input.projections.front()];
        std::string from;
        for (std::size_t s : input.projections)
            from += (from.empty() ? "'" : ", '") + plan.synapseGroups()[s].group->name() + "'";
        w.comment("input from synapse group " + from + ", postsynaptic model '" +
                  owner.group->postsynaptic().model.name + "'");
        const std::string inSyn = plan.buffers()[input.inSyn].name + "[id]", local = input.locals + "inSyn";
        if (input.dendriticDelay) {
            // Everything that arrives in this step is in its slot of the ring (deterministic mode:
            // fixed-point words, which added exactly).
            const std::string arrived = plan.deterministic() ? fixedPointValue(plan, slotOf(input)) : slotOf(input);
            w.line(scalar + " " + local + " = " + (input.clearsInSyn ? arrived : inSyn + " + " + arrived) + ";");
        } else {
            w.line(scalar + " " + local + " = " + inSyn + ";");
            if (input.fixedInput)
                w.line(local + " += " + fixedPointValue(plan, plan.buffers()[*input.fixedInput].name + "[id]") + ";");
        }
        loadVars(w, plan, input.vars, input.locals, "id");
    }
    for (const PostsynapticInputPlan& input : group.inputs) {
        w.open("");
        w.code(input.applyInput).code(input.integration).code(input.decay);
        emitFiniteChecks(w, input.finiteChecks, input.locals);
        w.close();
    }
    for (const PostsynapticInputPlan& input : group.inputs) {
        // A cleared inSyn stays 0 in its buffer, unless propagation adds to it (no ring).
        if (!input.clearsInSyn || !input.dendriticDelay)
            w.line(plan.buffers()[input.inSyn].name + "[id] = " + input.locals + "inSyn;");
        if (input.dendriticDelay)
            w.line(slotOf(input) + " = 0;");
        if (input.fixedInput)
            w.line(plan.buffers()[*input.fixedInput].name + "[id] = 0;");
        storeVars(w, plan, input.vars, input.locals, "id", input.applyInput, input.integration, input.decay);
    }
    for (std::size_t c : group.currentSources) {
        const CurrentSourcePlan& cs = plan.currentSources()[c];
        w.open("").comment("current source '" + cs.source->name() + "', model '" + cs.source->model().model.name + "'");
        if (cs.usesRng)
            w.line(stream(cs.simKey));
        loadVars(w, plan, cs.vars, "lc_", "id");
        w.code(cs.integration).code(cs.injection);
        emitFiniteChecks(w, cs.finiteChecks, "lc_");
        storeVars(w, plan, cs.vars, "lc_", "id", cs.integration, cs.injection);
        w.close();
    }
    if (group.simUsesRng)
        w.line(stream(group.simKey));
    w.code(group.integration).code(group.sim);
    emitFiniteChecks(w, group.finiteChecks, "l_");
    emitNeuronLearningDynamics(w, plan, group);
    if (!group.threshold.empty()) {
        w.open("if (" + group.threshold.print(w.dialect()).at(0).text + ")");
        w.code(group.reset);
        emitNeuronLearningSpike(w, plan, group);
        emitSpike(w);
        w.close();
    }
    storeVars(w, plan, group.vars, "l_", "id", group.integration, group.sim, group.reset);
    emitVarRecording(w, plan, group, recordRow);
}

void emitFlaggedNeurons(CodeWriter& w, const std::string& first, const std::string& end, const std::string& flags,
                        const std::function<void(CodeWriter&)>& emitSpike)
{
    w.line("const unsigned sg_count = " + end + " - " + first + ";");
    w.line("for (unsigned sg_k = sg_count; sg_k % 8u != 0u; ++sg_k) " + flags + "[sg_k] = 0u;", "whole eights");
    w.open("for (unsigned sg_eight = 0; sg_eight < sg_count; sg_eight += 8u)");
    w.line("uint32_t sg_any = 0u;");
    w.line("for (unsigned sg_k = 0; sg_k < 8u; ++sg_k) sg_any |= " + flags + "[sg_eight + sg_k];");
    w.line("if (sg_any == 0u) continue;");
    w.open("for (unsigned id = " + first + " + sg_eight; id < sg_min(" + first + " + sg_eight + 8u, " + end + "); ++id)");
    w.line("const uint32_t sg_flag = " + flags + "[id - " + first + "];");
    w.line("if (sg_flag > 1u) SG_RAISE_NONFINITE(sg_flag >> 1);");
    w.open("if (sg_flag & 1u)");
    emitSpike(w);
    w.close().close().close();
}

void emitSynapseUpdate(CodeWriter& w, const ModelPlan&, const SynapseGroupPlan& group)
{
    w.code(group.weightSim);
}

void emitSynapseBatch(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, unsigned count,
                      const std::function<std::string(unsigned)>& syn, const std::function<std::string(unsigned)>& valid,
                      const std::function<std::string(unsigned)>& idPre)
{
    for (unsigned u = 0; u < count; ++u) {
        const std::string n = std::to_string(u), synU = "sg_syn" + n, ok = "sg_ok" + n;
        w.line("const unsigned " + synU + " = " + syn(u) + ";");
        w.line("const bool " + ok + " = " + valid(u) + ";");
        w.line("const unsigned sg_post" + n + " = " + ok + " ? " + postIndexAt(plan, group, synU) + " : 0u;");
        for (std::size_t v : group.weightSimLoads) {
            const PlannedVar& var = group.weightVars[v];
            const std::string type = cType(var.type);
            w.line("const " + type + " sg_w_" + var.name + n + " = " + ok + " ? " + plan.buffers()[var.buffer].name + "[" +
                   synU + "] : (" + type + ")0;");
        }
    }
    for (unsigned u = 0; u < count; ++u) {
        const std::string n = std::to_string(u);
        w.open("if (sg_ok" + n + ")");
        w.line("const unsigned syn = sg_syn" + n + ", id_post = sg_post" + n + ";");
        w.line("(void)syn;");
        if (idPre)
            w.line("const unsigned id_pre = " + idPre(u) + "; (void)id_pre;");
        for (std::size_t v : group.weightSimLoads) {
            const PlannedVar& var = group.weightVars[v];
            w.line("const " + cType(var.type) + " sg_w_" + var.name + " = sg_w_" + var.name + n + ";");
        }
        w.code(group.weightSimFromLocals);
        w.close();
    }
}

std::string synapseInitId(const ModelPlan& plan, const SynapseGroupPlan& group)
{
    return "const unsigned id = syn" +
           (group.wholeNetworkSynapse ? " + " + plan.buffers()[*group.wholeNetworkSynapse].name + "[id_pre]" : std::string()) +
           ";";
}

void emitVarInit(CodeWriter& w, const ModelPlan& plan, const PlannedVar& var, const std::string& index)
{
    w.open("");
    if (var.initUsesRng)
        w.line(makeRng(plan, var.initKey, std::to_string(var.initStep) + "u", "id"));
    if (var.initUsesSharedRng)
        w.line("sg_rng sg_shared_rng = sg_rng_make(" + plan.keyArguments(var.initKey) + ", " +
               std::to_string(kSharedInitStep) + "u, id);");
    w.line(cType(var.type) + " value;").code(var.init);
    const std::string target = plan.buffers()[var.buffer].name + "[" + index + "]";
    w.line(target + (var.type == lang::Type::Bool ? " = value ? 1 : 0;" : " = value;"));
    w.close();
}

void forEachNeuronVarSet(const ModelPlan& plan,
                         const std::function<void(const std::string& about, std::uint32_t size,
                                                  const std::vector<PlannedVar>& vars)>& each)
{
    for (const auto& g : plan.neuronGroups())
        each("neuron group '" + g.group->name() + "'", g.group->size(), g.vars);
    for (const auto& c : plan.currentSources())
        each("current source '" + c.source->name() + "'", c.source->target().size(), c.vars);
    for (const auto& s : plan.synapseGroups()) {
        const std::string about = "synapse group '" + s.group->name() + "'";
        each(about + ", presynaptic variables", s.group->source().size(), s.preVars);
        each(about + ", postsynaptic variables", s.group->target().size(), s.postVars);
        each(about + ", presynaptic spike times", s.group->source().size(), s.preSpikeTimes);
        each(about + ", postsynaptic spike times", s.group->target().size(), s.postSpikeTimes);
    }
    for (const auto& g : plan.neuronGroups()) {
        each("neuron group '" + g.group->name() + "', spike times", g.group->size(), g.spikeTimes);
        for (const auto& input : g.inputs)
            each("synapse group '" + plan.synapseGroups()[input.projections.front()].group->name() +
                     "', postsynaptic model",
                 g.group->size(), input.vars);
    }
}

std::string segmentStartOf(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& idPre, unsigned k)
{
    return plan.buffers()[*group.segmentStart].name + "[(size_t)" + idPre + " * " +
           std::to_string(group.layout.segments - 1) + "u + " + std::to_string(k - 1) + "u]";
}

void emitRowBuild(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, bool fill)
{
    const std::string rowStart = plan.buffers()[*group.rowStart].name;
    const std::string postIndex = plan.buffers()[*group.postIndex].name;
    const std::string numPost = std::to_string(group.group->target().size()) + "u";
    const unsigned segments = group.layout.segments;
    const std::string rowTooLong = "SG_RAISE(" + std::to_string(kErrorRowTooLong) + "u)";
    w.comment("synapse group '" + group.group->name() + "', connectivity '" +
           group.group->connectivity().snippet.name + "', " + (fill ? "fill" : "count") + " pass");
    w.line(makeRng(plan, group.connectivityKey, "0u", "id_pre"));
    if (!group.rowLength.empty())
        w.line(std::string("const unsigned row_length = ") +
               (fill ? rowStart + "[id_pre + 1] - " + rowStart + "[id_pre];" : rowStart + "[id_pre + 1];"));
    w.line("unsigned sg_count = 0;");
    // What SG_ADD_SYNAPSE does with a target sg_j inside the group.
    std::string add;
    if (!fill) {
        // Count the row, and per segment boundary how many targets lie below it.
        std::string limit = "0xFFFFFFFFu", overflow = rowTooLong;
        if (segments > 1 && group.layout.segmentStartBits == 16) {
            limit = std::to_string(group.layout.maxRowLength) + "u";
            overflow = "SG_RAISE(" + std::to_string(kErrorRowAboveMaxRowLength) + "u)";
        }
        add = "if (sg_count >= " + limit + ") " + overflow + "; else { ++sg_count; ";
        for (unsigned k = 1; k < segments; ++k) {
            w.line("unsigned sg_below" + std::to_string(k) + " = 0u;");
            add += "sg_below" + std::to_string(k) + " += sg_j < " + std::to_string(k * kSegmentTargets) + "u ? 1u : 0u; ";
        }
        add += "}";
    } else if (segments == 1) {
        w.line("const unsigned sg_row_end = " + rowStart + "[id_pre + 1] - " + rowStart + "[id_pre];");
        add = "if (sg_count >= sg_row_end) " + rowTooLong + "; else { " + postIndex + "[" + rowStart +
              "[id_pre] + sg_count] = sg_j; ++sg_count; }";
    } else {
        // Each target goes to the next free place of its segment (where the count pass put it).
        const std::string n = std::to_string(segments);
        w.line("const unsigned sg_row_end = " + rowStart + "[id_pre + 1] - " + rowStart + "[id_pre];");
        w.line("unsigned sg_fill[" + n + "], sg_end[" + n + "];");
        w.line("sg_fill[0] = 0u;");
        for (unsigned k = 1; k < segments; ++k)
            w.line("sg_fill[" + std::to_string(k) + "] = sg_end[" + std::to_string(k - 1) + "] = " +
                   segmentStartOf(plan, group, "id_pre", k) + ";");
        w.line("sg_end[" + std::to_string(segments - 1) + "] = sg_row_end;");
        add = "const unsigned sg_s = sg_j >> 16; if (sg_fill[sg_s] >= sg_end[sg_s]) " + rowTooLong + "; else { " +
              postIndex + "[" + rowStart + "[id_pre] + sg_fill[sg_s]++] = sg_j & 0xFFFFu; ++sg_count; }";
    }
    // A rank of a split network keeps the targets in its block (the rest of the row is other ranks').
    const NeuronBlock block = plan.block(group.group->target());
    const std::string mine = plan.partition().split() ? " if (sg_j >= " + u(block.lo) + " && sg_j < " + u(block.hi) + ")" : "";
    w.line("#define SG_ADD_SYNAPSE(j) do { const unsigned sg_j = (j); if (sg_j >= " + numPost + ") " + rowTooLong +
           "; else" + mine + " { " + add + " } } while (0)");
    w.code(group.rowBuild);
    w.line("#undef SG_ADD_SYNAPSE");
    const std::string sort = std::string("sg_sort_row_") + (group.layout.indexBits == 16 ? "u16" : "u32");
    if (!fill) {
        w.line(rowStart + "[id_pre + 1] = sg_count;");
        for (unsigned k = 1; k < segments; ++k)
            w.line(segmentStartOf(plan, group, "id_pre", k) + " = sg_below" + std::to_string(k) + ";");
    } else if (segments == 1) {
        w.line(sort + "(" + postIndex + " + " + rowStart + "[id_pre], sg_count);");
    } else {
        w.open("for (unsigned sg_s = 0u; sg_s < " + std::to_string(segments) + "u; ++sg_s)");
        w.line("const unsigned sg_first = sg_s == 0u ? 0u : sg_end[sg_s - 1u];");
        w.line(sort + "(" + postIndex + " + " + rowStart + "[id_pre] + sg_first, sg_fill[sg_s] - sg_first);");
        w.close();
    }
}

void emitRowSegments(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& idPre,
                     const std::string& rowStart)
{
    for (unsigned k = 1; k < group.layout.segments; ++k)
        w.line("const unsigned sg_segment" + std::to_string(k) + " = " + rowStart + " + " +
               segmentStartOf(plan, group, idPre, k) + ";");
}

std::string postIndexAt(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& syn)
{
    const std::string index = "(unsigned)" + plan.buffers()[*group.postIndex].name + "[" + syn + "]";
    if (group.layout.segments == 1)
        return index;
    std::string segment;
    for (unsigned k = 1; k < group.layout.segments; ++k)
        segment += (k > 1 ? " + " : "") + std::string("(") + syn + " >= sg_segment" + std::to_string(k) + " ? 1u : 0u)";
    return "((" + segment + ") << 16 | " + index + ")";
}

void emitRowLengths(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group)
{
    const std::string rowStart = plan.buffers()[*group.rowStart].name;
    w.comment("synapse group '" + group.group->name() + "', row lengths");
    w.line(makeRng(plan, group.connectivityKey, "1u", "0u"));
    w.line("#define SG_SET_ROW_LENGTH(i, n) (" + rowStart + "[(i) + 1] = (n))");
    w.code(group.rowLength);
    w.line("#undef SG_SET_ROW_LENGTH");
}

void emitSupportFunctions(CodeWriter& w, const std::string& fn, const std::string& global)
{
    // Shell sort (Ciura's gaps): in place, no recursion or allocation, so it runs in any kernel.
    for (const char* width : {"16", "32"}) {
        const std::string type = std::string(width) == "16" ? "SG_U16" : "SG_U32";
        w.open(fn + " void sg_sort_row_u" + width + "(" + global + " " + type + "* row, unsigned n)");
        w.line("const unsigned gaps[8] = {701u, 301u, 132u, 57u, 23u, 10u, 4u, 1u};");
        w.open("for (int g = 0; g < 8; ++g)");
        w.line("const unsigned gap = gaps[g];");
        w.open("for (unsigned i = gap; i < n; ++i)");
        w.line("const " + type + " value = row[i];");
        w.line("unsigned j = i;");
        w.open("while (j >= gap && row[j - gap] > value)");
        w.line("row[j] = row[j - gap];").line("j -= gap;");
        w.close().line("row[j] = value;");
        w.close().close().close();
    }
}

} // namespace spikegen
