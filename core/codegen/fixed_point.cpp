#include "core/codegen/fixed_point.h"

#include <vector>

namespace spikegen {

extern const char* const kFixedPointDeviceSource; // fixed_point_device.inc, embedded by core/CMakeLists.txt

namespace {

std::string suffix(const ModelPlan& plan) { return plan.scalar() == lang::Type::Double ? "d" : "f"; }

} // namespace

void emitFixedPointSupport(CodeWriter& w, const ModelPlan& plan, const std::string& fn, const std::string& global,
                           bool atomic)
{
    if (!plan.deterministic())
        return;
    w.raw(kFixedPointDeviceSource);
    const std::string scalar = plan.scalar() == lang::Type::Double ? "double" : "float";
    const std::string word = (global.empty() ? "" : global + " ") + "SG_U64*";
    // Adds x to *sum; `fetchAdd` leaves `before`, the word before the addition. Returns 1 when x
    // does not fit or the sum wrapped: the caller raises the error (OpenCL helpers cannot name the
    // kernel's error-flag buffer).
    auto add = [&](const std::string& name, const std::vector<std::string>& fetchAdd) {
        w.open(fn + " int " + name + "(" + word + " sum, " + scalar + " x)");
        w.line("const SG_U64 addend = sg_fixed_from_" + suffix(plan) + "(x);");
        for (const std::string& line : fetchAdd)
            w.line(line);
        w.line("return !sg_fixed_fits_" + suffix(plan) + "(x) || sg_fixed_wrapped(before, addend);");
        w.close();
    };
    w.comment("deterministic mode: addToPost adds fixed-point words (core/codegen/fixed_point.h)");
    add("sg_add_fixed", {"const SG_U64 before = *sum;", "*sum = before + addend;"});
    if (atomic)
        add("sg_add_fixed_atomic", {"const SG_U64 before = SG_ATOMIC_ADD_U64(sum, addend);"});
}

std::string fixedPointAddToPost(bool atomic)
{
    // A statement, as addToPost is one: safe after an unbraced if or else.
    return std::string("#define SG_ADD_TO_POST(target, x) do { if (") +
           (atomic ? "sg_add_fixed_atomic" : "sg_add_fixed") + "(&(target), (x))) SG_RAISE(" +
           std::to_string(kErrorFixedPointOverflow) + "u); } while (0)";
}

std::string fixedPointValue(const ModelPlan& plan, const std::string& word)
{
    return "sg_fixed_to_" + suffix(plan) + "(" + word + ")";
}

} // namespace spikegen
