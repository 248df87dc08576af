#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"
#include "core/codegen/fixed_point.h"
#include "core/codegen/scopes.h"

#include <cctype>
#include <set>

namespace spikegen::simt {
namespace detail {
namespace {

// Tags of the lines openKernel reserves in OpenCL kernels, followed by the kernel's name: its
// parameters, and the first statement after the pooled buffers' pointers.
constexpr const char* kParametersTag = "parameters of ";
constexpr const char* kDeclarationsTag = "declarations of ";

std::string bufferPointer(const ModelPlan& plan, const SimtHooks& hooks, std::size_t b)
{
    return hooks.global + " " + cType(plan.buffers()[b].type, hooks.dialect) + "*";
}

// Moves buffer b on to this work-group's instance (batches run together).
std::string moveToInstance(const ModelPlan& plan, const SimtHooks& hooks, std::size_t b)
{
    return plan.buffers()[b].name + " += (ulong)" + hooks.instance + " * " + instanceStride(plan, hooks, b) + ";";
}

} // namespace

void openKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& name)
{
    if (!hooks.bufferGlobalQualifier.empty()) {
        w.line(hooks.kernelQualifier + " void " + name + "(void)").open("");
        if (!hooks.kernelEntry.empty())
            w.line(hooks.kernelEntry);
        return;
    }
    // The pool, the synapse arena and the buffers of their own that the body names (a reserved
    // line, written by fillKernelParameters once the body is), the clock.
    const std::string g = hooks.global + " ";
    const auto& buffers = plan.buffers();
    w.line(hooks.kernelQualifier + " void " + name + "(");
    w.line("    " + g + "uchar* " + kPoolBuffer + ",");
    w.reserveLine(kParametersTag + name);
    w.line("    " + g + cType(Element::Uint32, hooks.dialect) + "* " + hooks.restrictQualifier + " " + kClockBuffer + ")");
    w.open("");
    // The pooled buffers at their offsets (the compiler drops those a kernel does not use).
    const std::vector<std::size_t> offsets = poolOffsets(plan);
    for (std::size_t b = 0; b < buffers.size(); ++b)
        if (pooledParameter(plan, b))
            w.line(bufferPointer(plan, hooks, b) + " " + hooks.restrictQualifier + " " + buffers[b].name + " = (" +
                   bufferPointer(plan, hooks, b) + ")(" + kPoolBuffer + " + " + std::to_string(offsets[b]) + "ul);");
    w.line("(void)" + std::string(kClockBuffer) + ";");
    // This work-group's instance's part of every buffer (the compiler drops what is not used).
    if (hooks.instancesTogether)
        for (std::size_t i = 0; i < buffers.size(); ++i)
            if (plan.perInstance(i) && pooledParameter(plan, i))
                w.line(moveToInstance(plan, hooks, i));
    // The named buffers in the arena, and the instance's part of those not pooled.
    w.reserveLine(kDeclarationsTag + name);
}

std::string instanceBase(const std::string& buffer) { return "sg_base_" + buffer; }
std::string instanceStrideName(const std::string& buffer) { return "sg_stride_" + buffer; }

std::string instanceStride(const ModelPlan& plan, const SimtHooks& hooks, std::size_t buffer)
{
    if (const auto fixed = plan.instanceStride(buffer))
        return std::to_string(*fixed) + (hooks.bufferGlobalQualifier.empty() ? "UL" : "ull");
    if (!hooks.bufferGlobalQualifier.empty())
        return instanceStrideName(plan.buffers()[buffer].name);
    const std::size_t word = instanceStrideWord(plan.synapseGroups().size(), buffer);
    const std::string clock = kClockBuffer;
    return "(((ulong)" + clock + "[" + std::to_string(word + 1) + "] << 32) | " + clock + "[" + std::to_string(word) + "])";
}

std::string otherInstance(const ModelPlan& plan, const SimtHooks& hooks, std::size_t buffer, const std::string& k)
{
    const std::string& name = plan.buffers()[buffer].name;
    if (!hooks.instancesTogether || !plan.perInstance(buffer))
        return name;
    if (hooks.bufferGlobalQualifier.empty()) // a parameter, moved on to this work-group's instance
        return "(" + name + " + ((long)(" + k + ") - (long)" + hooks.instance + ") * (long)" +
               instanceStride(plan, hooks, buffer) + ")";
    return "(" + instanceBase(name) + " + (unsigned long long)(" + k + ") * " + instanceStride(plan, hooks, buffer) + ")";
}

void globalIndex(CodeWriter& w, const SimtHooks& hooks)
{
    w.line("const unsigned gid = " + hooks.block + " * " + hooks.blockSize + " + " + hooks.threadInBlock + ";");
    w.line("const unsigned threads = " + hooks.blocks + " * " + hooks.blockSize + ";");
    w.line("(void)gid; (void)threads;");
}

void declareClock(CodeWriter& w, const ModelPlan& plan, const std::string& step, const std::string& recordRow)
{
    const std::string scalar = cType(plan.scalar());
    w.line("const uint64_t step = " + step + ";");
    w.line("const unsigned record_row = " + recordRow + ";");
    // As the CPU backend computes it, so that `t` is the same number on every backend.
    w.line("const " + scalar + " t = (" + scalar + ")((double)step * " + literal(plan.dt(), lang::Type::Double) + ");");
    w.line("(void)step; (void)record_row; (void)t;");
}

void readClock(CodeWriter& w, const ModelPlan& plan)
{
    const std::string clock = kClockBuffer;
    declareClock(w, plan, "((uint64_t)" + clock + "[1] << 32) | " + clock + "[0]", clock + "[2]");
}

void fillKernelParameters(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out)
{
    if (w.reservedLines().empty())
        return;
    std::map<std::string, std::size_t> notPooled; // name -> buffer
    for (std::size_t b = 0; b < plan.buffers().size(); ++b)
        if (!pooledParameter(plan, b))
            notPooled[plan.buffers()[b].name] = b;
    // The buffers not pooled named by the kernel whose parameters are on line `first`: up to its
    // closing brace, the first line that starts with one (its body is indented).
    const std::string& text = w.text();
    std::vector<std::size_t> lineStarts{0}; // offset of line k + 1
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            lineStarts.push_back(i + 1);
    const auto namedBy = [&](int first) {
        std::set<std::size_t> named;
        std::size_t end = lineStarts[first];
        for (std::size_t l = first; l < lineStarts.size() && text[lineStarts[l]] != '}'; ++l)
            end = l + 1 < lineStarts.size() ? lineStarts[l + 1] : text.size();
        for (std::size_t i = lineStarts[first - 1]; i < end;) {
            if (!(std::isalpha((unsigned char)text[i]) || text[i] == '_')) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < end && (std::isalnum((unsigned char)text[j]) || text[j] == '_'))
                ++j;
            if (auto b = notPooled.find(text.substr(i, j - i)); b != notPooled.end())
                named.insert(b->second);
            i = j;
        }
        return named;
    };
    std::vector<std::pair<int, std::string>> kernels; // parameters line, kernel
    std::map<std::string, int> declarationsLine;      // kernel -> its line of declarations
    for (const auto& r : w.reservedLines())
        if (r.tag.rfind(kParametersTag, 0) == 0)
            kernels.emplace_back(r.line, r.tag.substr(std::string(kParametersTag).size()));
        else if (r.tag.rfind(kDeclarationsTag, 0) == 0)
            declarationsLine[r.tag.substr(std::string(kDeclarationsTag).size())] = r.line;
    const std::size_t projections = plan.synapseGroups().size(), buffers = plan.buffers().size();
    std::map<int, std::string> filled;
    for (const auto& [line, kernel] : kernels) {
        SimtSource::KernelParameters& taken = out.parameters[kernel];
        std::string parameters, declarations;
        for (std::size_t b : namedBy(line)) {
            const std::string pointer = bufferPointer(plan, hooks, b), name = plan.buffers()[b].name;
            if (inSynapseArena(plan, hooks, b)) {
                taken.synapseArena = true;
                declarations += pointer + " " + hooks.restrictQualifier + " " + name + " = (" + pointer + ")(" +
                                kSynapseArena + " + ((ulong)" + kClockBuffer + "[" +
                                std::to_string(synapseOffsetWord(projections, buffers, b)) + "] * " +
                                std::to_string(kPoolAlignment) + "ul)); ";
            } else {
                taken.buffers.push_back(b);
                parameters += "    " + pointer + " " + hooks.restrictQualifier + " " + name + ",";
            }
            if (hooks.instancesTogether && plan.perInstance(b))
                declarations += moveToInstance(plan, hooks, b) + " ";
        }
        if (taken.synapseArena)
            parameters = "    " + hooks.global + " uchar* " + kSynapseArena + "," + parameters;
        filled[line] = parameters;
        filled[declarationsLine.at(kernel)] = declarations.empty() ? "" : declarations.substr(0, declarations.size() - 1);
    }
    w.fillReserved(filled);
}

} // namespace detail

std::size_t plannedBufferBytes(const ModelPlan& plan, std::size_t b)
{
    const PlannedBuffer& buffer = plan.buffers()[b];
    const std::size_t element = elementBytes(buffer.type);
    // A batch run together: every instance's part at the plan's stride (as Simulation lays it out).
    if (plan.perInstance(b))
        return plan.instanceStride(b).value_or(0) * element * plan.batchSize();
    return std::max<std::size_t>(buffer.count, 1) * element;
}

bool pooledParameter(const ModelPlan& plan, std::size_t b)
{
    return !plan.buffers()[b].perSynapseOf && plannedBufferBytes(plan, b) <= kPoolMaxBufferBytes;
}

bool inSynapseArena(const ModelPlan& plan, const SimtHooks& hooks, std::size_t b)
{
    return hooks.synapseArena && plan.buffers()[b].perSynapseOf.has_value();
}

std::vector<std::size_t> poolOffsets(const ModelPlan& plan)
{
    std::vector<std::size_t> offsets;
    std::size_t end = 0;
    for (std::size_t b = 0; b < plan.buffers().size(); ++b) {
        offsets.push_back(pooledParameter(plan, b) ? end : 0);
        if (pooledParameter(plan, b))
            end += poolAligned(plannedBufferBytes(plan, b));
    }
    offsets.push_back(end);
    return offsets;
}

std::uint32_t longestRow(const std::vector<std::uint32_t>& rowStarts)
{
    std::uint32_t longest = 0;
    for (std::size_t i = 0; i + 1 < rowStarts.size(); ++i)
        longest = std::max(longest, rowStarts[i + 1] - rowStarts[i]);
    return longest;
}

SimtLaunch chooseLaunch(const SimtLaunch& l, const ModelPlan& plan, std::uint32_t longest,
                        std::optional<double> spikesPerStep)
{
    if (!l.postSpanOf)
        return l;
    const SynapseGroupPlan& s = plan.synapseGroups()[*l.postSpanOf];
    const unsigned lanes = preSpanLanes(s);
    const std::size_t preThreads = spikesPerStep ? preSpanThreadsFor(*spikesPerStep, lanes, l.preSpanThreads)
                                                 : l.preSpanThreads;
    SimtLaunch chosen = l;
    if (chooseSparsePropagation(longest, s.group->source().size(), spikesPerStep, lanes, preThreads) ==
        Propagation::PostSpan)
        chosen.threads = postSpanThreads(longest);
    else {
        chosen.kernel = l.preSpanKernel;
        chosen.threads = preThreads;
    }
    return chosen;
}

std::string describeLaunch(const SimtLaunch& original, const SimtLaunch& chosen, const ModelPlan& plan,
                           unsigned changes)
{
    const SynapseGroupPlan& s = plan.synapseGroups()[*original.projection];
    const std::string threads = ", " + std::to_string(chosen.threads) + " threads" +
                                (changes == 0   ? ""
                                 : changes == 1 ? ", changed once by the activity"
                                                : ", changed " + std::to_string(changes) + " times by the activity");
    if (isDense(s))
        return describe(Propagation::DensePost) + threads;
    if (chosen.kernel == original.preSpanKernel)
        return describe(Propagation::PreSpan) + ", " + std::to_string(preSpanLanes(s)) + " lanes per spike" + threads;
    return describe(Propagation::PostSpan) + threads;
}

void describeNeuronUpdateDeliveries(const ModelPlan& plan, const SimtSource& source,
                                    std::map<std::string, std::string>& out)
{
    for (std::size_t p = 0; p < source.deliveredByNeuronUpdate.size(); ++p)
        if (const SynapseGroupPlan& s = plan.synapseGroups()[p]; source.deliveredByNeuronUpdate[p])
            out[s.group->name()] = "delivered by the neuron update, " +
                                   (source.deliveredAlone ? std::string("by the thread that spiked")
                                                          : std::to_string(std::min(preSpanLanes(s), kBlockSize)) +
                                                                " threads of the emitting block per spike");
}

namespace {

// What every translation unit of the source starts with: the prelude, the buffers' pointers (where
// kernels read them from globals), the error macros and the support functions.
void writeHeader(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& part)
{
    const std::string dialect = hooks.dialect == lang::Dialect::Cuda ? "CUDA C++" : "OpenCL C";
    w.comment("Generated by spikegen for network '" + plan.network().name() + "' (SIMT kernels, " + dialect +
              (plan.deterministic() ? ", deterministic mode" : "") + ")" + part + ".");
    w.comment("Each kernel says which group and model it came from. Do not edit: it is regenerated.");
    w.comment(std::string(hooks.bufferGlobalQualifier.empty() ? "Kernels take the pool of small buffers, the other buffers they use (plan order)"
                                                               : "Kernels read every buffer from a global pointer") +
              " and the clock " + kClockBuffer + " = {step low, step high, recording row, 0}.");
    w.raw(hooks.prelude);
    if (!hooks.bufferGlobalQualifier.empty()) {
        // One pointer per buffer, written by the launcher once it has the buffers: a kernel names
        // what it uses, and no kernel takes ~300 parameters (benchmarks/NOTES.md, Version 10).
        w.comment("the buffers, in the plan's order, then the clock");
        for (std::size_t i = 0; i < plan.buffers().size(); ++i) {
            const PlannedBuffer& b = plan.buffers()[i];
            const std::string pointer = hooks.bufferGlobalQualifier + " " + cType(b.type, hooks.dialect) + "* ";
            if (!hooks.instancesTogether || !plan.perInstance(i)) {
                w.line(pointer + b.name + ";", b.about);
                continue;
            }
            // One instance's part (SimtHooks::instancesTogether).
            w.line(pointer + detail::instanceBase(b.name) + ";", b.about);
            if (!plan.instanceStride(i))
                w.line(hooks.bufferGlobalQualifier + " unsigned long long " + detail::instanceStrideName(b.name) + ";");
            w.line("#define " + b.name + " (" + detail::instanceBase(b.name) + " + (unsigned long long)" +
                   hooks.instance + " * " + detail::instanceStride(plan, hooks, i) + ")");
        }
        w.line(hooks.bufferGlobalQualifier + " " + cType(Element::Uint32, hooks.dialect) + "* " + kClockBuffer + ";");
    }
    w.line("#define SG_RAISE(flag) SG_ATOMIC_OR_U(&" + bufferName(plan, plan.errorFlags()) + "[0], (flag))");
    w.line("#define SG_RAISE_NONFINITE(code) (SG_RAISE(" + std::to_string(kErrorNonFinite) + "u), " +
           bufferName(plan, plan.errorFlags()) + "[1] = (code))");
    w.line("#define SG_NONFINITE(code) SG_RAISE_NONFINITE(code)");
    w.open(hooks.functionQualifier + " unsigned sg_min(unsigned a, unsigned b)").line("return a < b ? a : b;").close();
    emitSupportFunctions(w, hooks.functionQualifier, hooks.global);
    emitFixedPointSupport(w, plan, hooks.functionQualifier, hooks.global, true);
    w.blank();
}

} // namespace

SimtSource writeSimtSource(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks)
{
    writeHeader(w, plan, hooks, "");
    SimtSource out;
    detail::writeInitKernels(w, plan, hooks, out);
    detail::writeStepKernels(w, plan, hooks, out);
    detail::fillKernelParameters(w, plan, hooks, out);
    return out;
}

SimtSource writeSimtSource(CodeWriter& init, CodeWriter& step, const ModelPlan& plan, const SimtHooks& hooks)
{
    writeHeader(init, plan, hooks, ", initialisation kernels");
    writeHeader(step, plan, hooks, ", step kernels");
    SimtSource out;
    detail::writeInitKernels(init, plan, hooks, out);
    detail::writeStepKernels(step, plan, hooks, out);
    detail::fillKernelParameters(init, plan, hooks, out);
    detail::fillKernelParameters(step, plan, hooks, out);
    return out;
}

} // namespace spikegen::simt
