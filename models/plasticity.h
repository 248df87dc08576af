// Built-in learning rules (docs/reference_models.md, "Plasticity", has the equations and
// references). Each keeps its traces once per neuron (preVars, postVars) and decays them exactly
// and lazily with the spike times st_pre / st_post, so that a weight changes only at spikes. A
// presynaptic spike arriving in the same step as a postsynaptic spike counts as pre-before-post
// (potentiation with a delay of 0), as in Brian2, where the pre pathway runs before the post one.
// The weight `w` is added to the target at every presynaptic spike before it is updated.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen::models {

// Additive pair STDP with hard bounds [wMin, wMax] (Song, Miller & Abbott 2000): a pair at
// delay d = t_post - t_pre changes w by Aplus exp(-d / tauPlus) if d >= 0, by
// -Aminus exp(d / tauMinus) if d < 0. All-to-all pairing: every pair counts (traces).
WeightUpdateModel STDPAdditive();
// The same window with nearest-neighbour pairing: each spike pairs only with the latest spike of
// the other side (no traces, only spike times).
WeightUpdateModel STDPAdditiveNearest();
// Weight-dependent STDP (van Rossum, Bi & Turrigiano 2000): potentiation Aplus exp(-d / tauPlus)
// independent of w, depression -Aminus w exp(d / tauMinus) proportional to w; all-to-all; w >= 0.
WeightUpdateModel STDPMultiplicative();
// Triplet STDP (Pfister & Gerstner 2006), all-to-all: at a presynaptic spike
// w -= o1 (A2minus + A3minus r2), at a postsynaptic spike w += r1 (A2plus + A3plus o2), with
// r1, r2 (tauPlus, tauX) and o1, o2 (tauMinus, tauY) the traces before the spike's own increment;
// hard bounds [wMin, wMax]. tripletMinimalVisualCortex() gives the paper's parameters.
WeightUpdateModel STDPTriplet();
ParamValues tripletMinimalVisualCortex(double wMin, double wMax);
// Inhibitory STDP (Vogels et al. 2011): w += eta (x_post - alpha) at a presynaptic spike and
// w += eta x_pre at a postsynaptic spike, traces with time constant tau, alpha = 2 rho0 tau for a
// target rate rho0 (Hz); bounds [wMin, wMax].
WeightUpdateModel STDPInhibitory();
// Power-law STDP (Morrison et al. 2007; NEST's stdp_pl_synapse_hom), all-to-all: a postsynaptic
// spike potentiates by lambda w0^(1 - mu) w^mu x_pre, a presynaptic spike depresses by
// lambda alpha w x_post (w >= 0), traces with time constants tauPlus (pre) and tauMinus (post). w0
// is the unit in which NEST writes weights: 0.001 for its pA in spikegen's nA, 1 where w has NEST's
// units. Params tauPlus, tauMinus, lambda, alpha, mu, w0.
WeightUpdateModel STDPPowerLaw();

} // namespace spikegen::models
