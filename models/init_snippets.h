// Built-in initialisers of variables and of sparse connectivity. All draw from the group's own
// Philox streams through uniform()/normal()/exponential()/uniform_int()/binomial() and avoid the
// platform's maths functions at run time, so the same seed gives the same values on every backend.
#pragma once
#include "core/model/groups.h"

namespace spikegen::init {

// Variable initialisers (use with VarInit{snippet, params} or the helpers below).
VarInitSnippet UniformSnippet();       // params min, max
VarInitSnippet NormalSnippet();        // params mean, sd
VarInitSnippet NormalClippedSnippet(); // params mean, sd, min, max (redraws outside [min, max])
VarInitSnippet ExponentialSnippet();   // param lambda (rate)
// Dendritic delay d (steps) of StaticPulseDendriticDelay for a synapse whose whole transmission
// delay D is drawn in ms from N(mean, sd), redrawn outside [min, max], and rounded to whole steps of
// at least one: d = max(round(D / dt), 1) - 1, because every spike already reaches its targets one
// step after it is emitted (docs/model_files.md). Params mean, sd, min, max (ms).
VarInitSnippet NormalClippedDelaySnippet();
// Per-synapse value for block-structured (clustered) projections: `within` when the presynaptic
// and the postsynaptic neuron are in the same block (id_pre / preBlock == id_post / postBlock),
// `between` otherwise. Params within, between, preBlock, postBlock (block sizes in neurons).
VarInitSnippet BlockValueSnippet();

VarInit Uniform(double min, double max);
VarInit Normal(double mean, double sd);
VarInit NormalClipped(double mean, double sd, double min, double max);
VarInit Exponential(double lambda);
VarInit NormalClippedDelay(double meanMs, double sdMs, double minMs, double maxMs);
VarInit BlockValue(double within, double between, std::uint32_t preBlock, std::uint32_t postBlock);
// The largest d that NormalClippedDelay(..., maxMs) gives: the SynapseSpec::maxDendriticDelaySteps
// to declare with it.
int maxDendriticDelaySteps(double maxMs, double dtMs);

// Connectivity.
ConnectivityInstance Dense();
ConnectivityInstance OneToOne();
ConnectivityInstance FixedProbability(double prob);
ConnectivityInstance FixedProbabilityNoAutapse(double prob);
ConnectivityInstance FixedNumberPostWithReplacement(double rowLength);
ConnectivityInstance FixedNumberTotalWithReplacement(double total);
// Fixed in-degree, built column by column: every postsynaptic neuron gets exactly `num` sources
// drawn uniformly. Without replacement (distinct sources; num <= the source group's size, else the
// projection is refused) or with replacement (multapses allowed, as NEST's fixed_indegree default
// and GeNN's FixedNumberPreWithReplacement).
ConnectivityInstance FixedNumberPre(double num);
ConnectivityInstance FixedNumberPreWithReplacement(double num);

} // namespace spikegen::init
