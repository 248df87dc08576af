// Variable initialisers that give several variables of one neuron (or synapse) correlated values:
// each reads the element's shared random number r = shared_uniform() (docs/language.md), which
// every initialiser of that element sees alike. Izhikevich (2003) draws one r per neuron and
// derives c = -65 + 15 r^2 and d = 8 - 6 r^2 from it: SharedUniformSquared(-65, -50) and
// SharedUniformSquared(8, 2).
#pragma once
#include "core/model/var_init.h"

namespace spikegen::init {

VarInitSnippet SharedUniformSnippet();        // value = from + (to - from) * r;   params from, to
VarInitSnippet SharedUniformSquaredSnippet(); // value = from + (to - from) * r^2; params from, to

VarInit SharedUniform(double from, double to);
VarInit SharedUniformSquared(double from, double to);

} // namespace spikegen::init
