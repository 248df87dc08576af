// Built-in neuron models. Units: ms, mV, nA, nF, MOhm, uS.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Leaky integrate-and-fire with a refractory period, integrated exactly for input held constant
// over a step. Params C (nF), TauM (ms), Vrest, Vreset, Vthresh (mV), Ioffset (nA), TauRefrac (ms);
// vars V (mV), RefracTime (ms).
NeuronModel LIF();

// Izhikevich (2003): two half steps for V, one step for U. Params a, b, c, d; vars V, U.
// Threshold V >= 30 mV; reset V = c, U += d.
NeuronModel Izhikevich();

// Poisson spike source: fires in a step with probability rate * dt. Param rate (Hz).
NeuronModel Poisson();

} // namespace spikegen::models
