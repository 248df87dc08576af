// Building blocks of reduced compartmental neurons after Dendrify (Pagkalos, Chavlis & Poirazi
// 2023): leaky compartments, dendritic spikes and a soma that fires as Dendrify's leaky
// integrate-and-fire soma. Units: ms, mV, pA, pF, nS (pA / pF = mV / ms).
// core/model/compartments.h says how compartments become one neuron model.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// A leaky compartment: dV/dt = (gL * (EL - V) + I_axial + Isyn) / C. Params C (pF), gL (nS),
// EL (mV); var V (mV).
Compartment LeakyCompartment(const std::string& name);

// A leaky dendrite with Dendrify's dendritic spikes: when V reaches dspike_threshold (and
// dspike_refractory has passed since the last one), a rising current g_rise * (E_rise - V) flows for
// rise_duration, and a falling current g_fall * (E_fall - V) from fall_delay after the event for
// fall_duration (both switched on and off at whole steps, as Dendrify does). Params C, gL, EL,
// dspike_threshold, g_rise, E_rise, rise_duration, g_fall, E_fall, fall_delay, fall_duration,
// dspike_refractory; vars V, dspike_age (int, steps since the last dendritic spike), rise and fall
// (0 or 1: the currents' switches for the next step), dspikes (unsigned, dendritic spikes so far).
Compartment DendriticSpikeCompartment(const std::string& name);

// A neuron of the given compartments, the first being the soma, which fires as Dendrify's
// "leakyIF" soma: a spike when V of the soma exceeds V_threshold outside the refractory period;
// then V is set to V_spike, and reset_delay later to V_reset (V is not clamped while refractory).
// Params V_threshold, V_spike, V_reset (mV), refractory, reset_delay (ms); var since_spike (int,
// steps since the last spike).
NeuronModel CompartmentalNeuron(std::string name, std::vector<Compartment> compartments,
                                std::vector<AxialCoupling> couplings);

} // namespace spikegen::models
