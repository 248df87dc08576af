// Neuron models that fire at given times instead of integrating input.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Fires at the spike times given to its group (NeuronGroup::setSpikeTimes, ms): in the step whose
// interval [t, t + dt) holds the time, so the recorded spike time is the time rounded down to a
// step (a time within 1e-9 of a step boundary, relative, counts as on it). Times of one neuron in
// the same step make one spike. GeNN's SpikeSourceArray fires in the first step with t >= the
// time instead, a step later unless the time is a multiple of dt. Variables startSpike and
// endSpike (unsigned) hold each neuron's next and end index into the group's times; the runtime
// sets them at initialisation. No parameters, no input.
NeuronModel SpikeSourceArray();

} // namespace spikegen::models
