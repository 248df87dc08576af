// Merged groups in the SIMT kernels: the per-group pieces of code that are the same but for
// numbers and buffers (core/codegen/merged_bodies.h) are written once, as a function that takes
// what differs, and each group's kernel (or section of a kernel) calls it with its own values.
// NVRTC then compiles one body for the microcircuit's 55 count passes instead of 55 (NOTES.md,
// Version 10). The functions must not be inlined, or the compiler makes the 55 copies again:
// CUDA's are __noinline__ for NVVM, and compiled as relocatable code for ptxas (which copies a
// function into every caller in a whole program; backends/cuda/device_linker.h).
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

MergedGroups::MergedGroups(const ModelPlan& plan, const SimtHooks& hooks, std::vector<WrittenBody> bodies,
                           std::string function, CallerContext context)
    : plan_(plan), hooks_(hooks), bodies_(std::move(bodies)), function_(std::move(function)),
      context_(std::move(context)), place_(bodies_.size())
{
    std::vector<std::string> texts;
    for (const auto& b : bodies_)
        texts.push_back(b.body.text());
    if (hooks.mergeBodies)
        merged_ = mergeBodies(texts, pointerTypes(plan, hooks));
    else // every body on its own (SPIKEGEN_SIMT_MERGE=0, for comparison)
        for (std::size_t i = 0; i < texts.size(); ++i)
            merged_.push_back(MergedBody{{i}, {}, {}, true, texts[i]});
    for (std::size_t m = 0; m < merged_.size(); ++m)
        for (std::size_t k = 0; k < merged_[m].members.size(); ++k)
            place_[merged_[m].members[k]] = {m, k};
}

std::string MergedGroups::functionName(std::size_t m) const { return function_ + "_m" + std::to_string(m); }

void MergedGroups::writeFunctions(CodeWriter& w, const std::string& what) const
{
    for (std::size_t m = 0; m < merged_.size(); ++m) {
        const MergedBody& merged = merged_[m];
        if (merged.members.size() < 2)
            continue;
        const WrittenBody& first = bodies_[merged.members.front()];
        w.comment(what + " of " + std::to_string(merged.members.size()) + " groups of one structure, " + first.label +
                  " first: each passes what differs as arguments (comments below name the first)");
        std::vector<std::pair<std::string, std::string>> parameters; // declaration, comment
        for (const auto& [declaration, argument] : context_.parameters)
            parameters.push_back({declaration, ""});
        const std::string restrict = merged.distinctPointers ? " " + hooks_.restrictQualifier : "";
        const auto types = pointerTypes(plan_, hooks_);
        for (const auto& b : passedThrough(plan_, hooks_, merged))
            parameters.push_back({types.at(b) + restrict + " " + b, ""});
        for (const auto& p : merged.parameters)
            parameters.push_back({p.pointer ? p.type + restrict + " " + p.name : "const " + p.type + " " + p.name,
                                  p.arguments.front() + " in the first"});
        w.line(hooks_.mergedFunctionQualifier + " void " + functionName(m) + (parameters.empty() ? "(void)" : "("));
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
}

void MergedGroups::writeBody(CodeWriter& w, std::size_t i) const
{
    const auto [m, k] = place_[i];
    const MergedBody& merged = merged_[m];
    if (merged.members.size() < 2) {
        w.lines(bodies_[i].body.text(), bodies_[i].body);
        return;
    }
    std::string arguments;
    auto add = [&](const std::string& a) { arguments += (arguments.empty() ? "" : ", ") + a; };
    for (const auto& [declaration, argument] : context_.parameters)
        add(argument);
    for (const auto& b : passedThrough(plan_, hooks_, merged))
        add(b);
    for (const auto& p : merged.parameters)
        add(p.arguments[k]);
    w.comment(bodies_[i].label).line(functionName(m) + "(" + arguments + ");");
}

void writeKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& kind,
                  std::vector<WrittenBody> bodies)
{
    const MergedGroups groups(plan, hooks, std::move(bodies), "sg_" + kind, {});
    groups.writeFunctions(w, "the " + kind + " kernel");
    for (std::size_t i = 0; i < groups.size(); ++i) {
        openKernel(w, plan, hooks, groups.body(i).kernel);
        groups.writeBody(w, i);
        w.close().blank();
    }
}

} // namespace spikegen::simt::detail
