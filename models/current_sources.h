// Built-in current sources.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Constant current amp (nA) into every neuron of the target group.
CurrentSourceModel DC();

} // namespace spikegen::models
