// Merged groups in the SIMT kernels: the per-group pieces of code that are the same but for
// numbers and buffers (core/codegen/merged_bodies.h) are written once, as a function that takes
// what differs, and each group's kernel (or section of a kernel) calls it with its own values.
// NVRTC then compiles one body for the microcircuit's 55 count passes instead of 55 (NOTES.md,
// Version 10); the functions are not inlined (CUDA __noinline__), or the compiler would make the
// 55 copies again.
#include "backends/simt/simt_source.h"

#include "core/codegen/emitters.h"

#include <algorithm>

namespace spikegen::simt::detail {
namespace {

std::string globalPointer(const SimtHooks& hooks, Element type)
{
    return (hooks.global.empty() ? "" : hooks.global + " ") + cType(type, hooks.dialect) + "*";
}

// Pointer type of every buffer's name (and the clock's), the tokens a merged body may take as
// parameters.
std::map<std::string, std::string> pointerTypes(const ModelPlan& plan, const SimtHooks& hooks)
{
    std::map<std::string, std::string> types;
    for (const auto& b : plan.buffers())
        types[b.name] = globalPointer(hooks, b.type);
    types[kClockBuffer] = globalPointer(hooks, Element::Uint32);
    return types;
}

// Buffers a merged function must be given although every member names the same one: where
// kernels take the buffers as parameters (OpenCL), those the body names itself and the error
// flags (SG_RAISE names them); where buffers are module globals, none.
std::vector<std::string> passedThrough(const ModelPlan& plan, const SimtHooks& hooks, const MergedBody& merged)
{
    if (!hooks.bufferGlobalQualifier.empty())
        return {};
    std::vector<std::string> names = merged.commonPointers;
    const std::string& flags = bufferName(plan, plan.errorFlags());
    if (std::find(names.begin(), names.end(), flags) == names.end())
        names.push_back(flags);
    return names;
}

} // namespace

std::vector<MergedBody> mergeWrittenBodies(const ModelPlan& plan, const SimtHooks& hooks,
                                           const std::vector<WrittenBody>& bodies)
{
    std::vector<std::string> texts;
    for (const auto& b : bodies)
        texts.push_back(b.body.text());
    if (hooks.mergeBodies)
        return mergeBodies(texts, pointerTypes(plan, hooks));
    // Unmerged: every body on its own (SPIKEGEN_SIMT_MERGE=0, for comparison).
    std::vector<MergedBody> alone;
    for (std::size_t i = 0; i < bodies.size(); ++i)
        alone.push_back(MergedBody{{i}, {}, {}, true, texts[i]});
    return alone;
}

void writeMergedFunction(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& name,
                         const std::string& what, const MergedBody& merged, const std::vector<WrittenBody>& bodies,
                         const CallerContext& context)
{
    const WrittenBody& first = bodies[merged.members.front()];
    w.comment(what + " of " + std::to_string(merged.members.size()) + " groups of one structure, " + first.label +
              " first: each passes what differs as arguments (comments below name the first)");
    std::vector<std::pair<std::string, std::string>> parameters; // declaration, comment
    for (const auto& [declaration, argument] : context.parameters)
        parameters.push_back({declaration, ""});
    const std::string restrict = merged.distinctPointers ? " " + hooks.restrictQualifier : "";
    const auto types = pointerTypes(plan, hooks);
    for (const auto& b : passedThrough(plan, hooks, merged))
        parameters.push_back({types.at(b) + restrict + " " + b, ""});
    for (const auto& p : merged.parameters)
        parameters.push_back({p.pointer ? p.type + restrict + " " + p.name : "const " + p.type + " " + p.name,
                              p.arguments.front() + " in the first"});
    w.line(hooks.mergedFunctionQualifier + " void " + name + (parameters.empty() ? "(void)" : "("));
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const std::string code = "    " + parameters[i].first + (i + 1 < parameters.size() ? "," : ")");
        if (parameters[i].second.empty())
            w.line(code);
        else
            w.line(code, parameters[i].second);
    }
    w.open("");
    w.lines(merged.text, first.body);
    w.close().blank();
}

std::string mergedCall(const ModelPlan& plan, const SimtHooks& hooks, const std::string& name,
                       const MergedBody& merged, std::size_t member, const CallerContext& context)
{
    std::string arguments;
    auto add = [&](const std::string& a) { arguments += (arguments.empty() ? "" : ", ") + a; };
    for (const auto& [declaration, argument] : context.parameters)
        add(argument);
    for (const auto& b : passedThrough(plan, hooks, merged))
        add(b);
    for (const auto& p : merged.parameters)
        add(p.arguments[member]);
    return name + "(" + arguments + ");";
}

void writeKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& kind,
                  const std::vector<WrittenBody>& bodies)
{
    const std::vector<MergedBody> merged = mergeWrittenBodies(plan, hooks, bodies);
    // Body i is member `position` of merged[bucket]; bodies alone are written as they are.
    std::vector<std::pair<std::size_t, std::size_t>> memberOf(bodies.size());
    for (std::size_t m = 0; m < merged.size(); ++m) {
        for (std::size_t k = 0; k < merged[m].members.size(); ++k)
            memberOf[merged[m].members[k]] = {m, k};
        if (merged[m].members.size() > 1)
            writeMergedFunction(w, plan, hooks, "sg_" + kind + "_m" + std::to_string(m), "the " + kind + " kernel",
                                merged[m], bodies, {});
    }
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const auto [m, k] = memberOf[i];
        openKernel(w, plan, hooks, bodies[i].kernel);
        if (merged[m].members.size() > 1)
            w.comment(bodies[i].label).line(mergedCall(plan, hooks, "sg_" + kind + "_m" + std::to_string(m), merged[m], k, {}));
        else
            w.lines(bodies[i].body.text(), bodies[i].body);
        w.close().blank();
    }
}

} // namespace spikegen::simt::detail
