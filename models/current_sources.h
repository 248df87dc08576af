// Built-in current sources.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Constant current amp (nA) into every neuron of the target group.
CurrentSourceModel DC();

// A current of its own for every neuron: var amp (nA, 0), set from the host with pushVar between
// runs (closed loops, stimuli computed outside the simulation).
CurrentSourceModel ExternalCurrent();

// Gaussian white noise: mean + sd * N(0, 1), drawn anew for every neuron and step. Params mean,
// sd (nA, or mV per ms for models whose Isyn is a voltage drive).
CurrentSourceModel GaussianNoise();

// Input from `inputs` independent Poisson spike trains of `rate` (Hz) per neuron, each spike worth
// `weight`: every step injects weight * poisson(inputs * rate * dt). With LIFDelta the weight is a
// jump of V (mV); with current-based models a one-step current pulse. Params weight, rate, inputs.
CurrentSourceModel PoissonInput();

// The same Poisson input through an exponentially decaying synaptic current, as ExpCurr shapes a
// projection's input: every step iSyn jumps by weight * poisson(inputs * rate * dt), is injected,
// then decays by exp(-dt / tau). Params weight (nA), tau (ms), rate (Hz), inputs; var iSyn (nA, 0).
CurrentSourceModel PoissonExpCurr();

// The same Poisson input through an alpha-shaped synaptic current, as AlphaCurr shapes a
// projection's input (one spike of weight w peaks at w after tau). Params weight (nA), tau (ms),
// rate (Hz), inputs; vars x and iSyn (nA, 0).
CurrentSourceModel PoissonAlphaCurr();

} // namespace spikegen::models
