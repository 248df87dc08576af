// Checks of descriptors and their values, shared by every kind of group. Each throws spikegen::Error
// with a message that starts with `where` (e.g. "neuron group 'E'").
#pragma once
#include "core/model/var_init.h"

#include <optional>

#include <string>

namespace spikegen {

// Names unique across params, derived params and vars (and a weight update's pre and post vars);
// var types known; names usable in code.
void validateDescriptor(const std::string& where, const ModelBase& model);
void validateDescriptor(const std::string& where, const WeightUpdateModel& model);
struct NetworkOptions;

// Every parameter given, none unknown, values finite and accepted by model.checkParams. With the
// network's options, also: values and derived parameters representable in its precision.
void validateParams(const std::string& where, const ModelBase& model, const ParamValues& values,
                    const NetworkOptions* network = nullptr);
// Every variable initialised (a weight update's pre and post vars too), none unknown, each
// initialiser valid.
void validateVarInits(const std::string& where, const ModelBase& model, const VarInits& inits,
                      const NetworkOptions* network = nullptr);
void validateVarInits(const std::string& where, const WeightUpdateModel& model, const VarInits& inits,
                      const NetworkOptions* network = nullptr);

// "did you mean 'V'?" for the closest of `candidates`, or "" when none is close.
std::string suggestName(const std::string& name, const std::vector<std::string>& candidates);

} // namespace spikegen
