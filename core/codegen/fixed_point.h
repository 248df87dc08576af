// Deterministic mode (NetworkOptions::deterministic) in generated code: addToPost converts its
// value to a 64-bit fixed-point word and adds it to the target's word, with an integer atomic
// where threads share targets; the neuron update adds the word's value to inSyn and clears it.
// Integer sums do not depend on their order, so every backend and thread count gets the same bits.
// The words and conversions: core/codegen/fixed_point_device.inc.
#pragma once
#include "core/codegen/code_writer.h"
#include "core/codegen/model_plan.h"

namespace spikegen {

// The device text and sg_add_fixed (plus sg_add_fixed_atomic, through the backend's
// SG_ATOMIC_ADD_U64, when `atomic`), after the RNG prelude; nothing unless the plan is
// deterministic. `fn`: function qualifier; `global`: address space of buffers ("" or "__global").
void emitFixedPointSupport(CodeWriter& w, const ModelPlan& plan, const std::string& fn, const std::string& global,
                           bool atomic);

// The #define of SG_ADD_TO_POST(target, x) in deterministic mode: target is a fixed-point word,
// that one thread owns (`atomic` false) or that several share. A value beyond the range, or a sum
// that wraps, raises kErrorFixedPointOverflow.
std::string fixedPointAddToPost(bool atomic);

// An expression: the scalar value of the fixed-point word `word`.
std::string fixedPointValue(const ModelPlan& plan, const std::string& word);

} // namespace spikegen
