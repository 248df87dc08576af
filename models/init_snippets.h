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

VarInit Uniform(double min, double max);
VarInit Normal(double mean, double sd);
VarInit NormalClipped(double mean, double sd, double min, double max);
VarInit Exponential(double lambda);

// Connectivity.
ConnectivityInstance Dense();
ConnectivityInstance OneToOne();
ConnectivityInstance FixedProbability(double prob);
ConnectivityInstance FixedProbabilityNoAutapse(double prob);
ConnectivityInstance FixedNumberPostWithReplacement(double rowLength);
ConnectivityInstance FixedNumberTotalWithReplacement(double total);

} // namespace spikegen::init
