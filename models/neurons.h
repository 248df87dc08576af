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

// LIF with delta synapses (Brunel 2000; NEST's iaf_psc_delta): every input is a jump of V. Isyn
// here is not a current but the sum of the jumps (mV) arriving in the step, added to V after the
// exact decay towards Vrest; inputs arriving while refractory are dropped (V stays at Vreset).
// Params TauM (ms), Vrest, Vreset, Vthresh (mV), TauRefrac (ms); vars V (mV), RefracTime (ms).
NeuronModel LIFDelta();

// Izhikevich with per-neuron a, b, c, d as state variables (GeNN's IzhikevichVariable), for
// heterogeneous populations. Vars V, U, a, b, c, d; same dynamics as Izhikevich().
NeuronModel IzhikevichVariable();

// Poisson spike source: fires in a step with probability rate * dt. Param rate (Hz).
NeuronModel Poisson();

// Adaptive exponential integrate-and-fire (Brette & Gerstner 2005) as equations, RK4 (models/adex.cpp).
// Params C (nF), gL (uS), EL, VT, DeltaT (mV), tauw (ms), a (uS), b (nA), Vr, Vpeak (mV),
// Ioffset (nA); vars V (mV), w (nA). Spike when V > Vpeak; reset V = Vr, w += b.
NeuronModel AdEx();

// Hodgkin-Huxley with Traub-Miles channels as in the COBAHH benchmark (Brette et al. 2007),
// exponential Euler (models/hodgkin_huxley.cpp). Params C (nF), gL, gNa, gK (uS), EL, ENa, EK, VT,
// Vthresh (mV), Ioffset (nA); vars V (mV), m, h, n, inSpike (bool, starts false). One spike per
// action potential: when V rises above Vthresh, then not again until it has fallen below.
NeuronModel HodgkinHuxley();

} // namespace spikegen::models
