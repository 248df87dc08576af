// Built-in postsynaptic and weight-update models.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Input is added to Isyn for one step.
PostsynapticModel DeltaCurr();
// Current iSyn (nA) that jumps by the weight and decays with time constant tau (ms): Isyn += iSyn.
// iSyn starts at 0 unless initialised.
PostsynapticModel ExpCurr();
// Conductance gSyn (uS) that jumps by the weight and decays with tau (ms); drives the target towards
// the reversal potential E (mV): Isyn += gSyn * (E - V). The target's model must have V; gSyn starts at 0
// unless initialised.
PostsynapticModel ExpCond();

// Adds the synapse's own weight g to the target's input on every presynaptic spike.
WeightUpdateModel StaticPulse();
// The same weight g (a parameter) for every synapse: no per-synapse memory.
WeightUpdateModel StaticPulseConstantWeight();
// Per-synapse weight g and dendritic delay d (steps, unsigned).
WeightUpdateModel StaticPulseDendriticDelay();

} // namespace spikegen::models
