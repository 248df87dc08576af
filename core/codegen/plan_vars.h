// The variables of one model instance as planned buffers, each with its initialiser compiled in
// its scope (shared by model_plan.cpp and model_plan_plasticity.cpp).
#pragma once
#include "core/codegen/model_plan.h"

#include <functional>

namespace spikegen {

lang::Type varType(const VarDecl& v, lang::Type scalar);

// One PlannedVar per entry of `decls`, initialised from `inits` or the declared initial value.
// Initialiser scope: `value` plus the snippet's parameters, `id` (and id_pre/id_post for
// synapses), the RNG (stream `stream`) and shared_uniform(). `addBuffer(name, about, type)`
// allocates the buffer `prefix_<var>`.
std::vector<PlannedVar> planVars(ModelPlan& plan, const std::vector<VarDecl>& decls, const VarInits& inits,
                                 const std::string& prefix, const std::string& about, const std::string& stream,
                                 bool perSynapse, double dt,
                                 const std::function<std::size_t(std::string, std::string, lang::Type)>& addBuffer);

} // namespace spikegen
