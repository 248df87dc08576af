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
// Alpha-shaped current: a jump of w gives iSyn = w * (t / tau) * exp(1 - t / tau), which peaks at w
// when t = tau (ms) and carries charge w * e * tau. Integrated exactly: the rising part x decays with
// tau and feeds iSyn, so the samples at every step are the alpha function's own. Vars x, iSyn (0).
PostsynapticModel AlphaCurr();
// Alpha-shaped conductance (uS) with the same shape, towards the reversal potential E (mV):
// Isyn += gSyn * (E - V). Vars x, gSyn (0).
PostsynapticModel AlphaCond();
// ExpCurr holds each step's current constant and then decays it by exp(-dt / tau), so a jump of w
// delivers w * dt / (1 - exp(-dt / tau)) of charge instead of the exactly integrated w * tau (10 %
// more at tau = 0.5 ms, dt = 0.1 ms; 1 % at 5 ms). Multiplying weights by this factor makes every
// PSC carry the charge of NEST's iaf_psc_exp, for networks published with that model.
double expCurrChargeFactor(double tau, double dt);

// Adds the synapse's own weight g to the target's input on every presynaptic spike.
WeightUpdateModel StaticPulse();
// The same weight g (a parameter) for every synapse: no per-synapse memory.
WeightUpdateModel StaticPulseConstantWeight();
// One weight g within clusters scaled by Jplus, between them by Jminus = (clusters - Jplus) /
// (clusters - 1); neurons belong to clusters of consecutive ids (E/I-clustered networks). Jplus
// is a parameter: sweeps change it without a compile (Network::setParamDynamic).
WeightUpdateModel ClusterPulse();
// Per-synapse weight g and dendritic delay d (steps, unsigned).
WeightUpdateModel StaticPulseDendriticDelay();

} // namespace spikegen::models
