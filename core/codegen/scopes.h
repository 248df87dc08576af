// Building blocks of the scopes that code strings are checked in. The names visible in each kind of
// code string are listed in docs/language.md; model_plan.cpp assembles them per context.
#pragma once
#include "core/lang/code.h"
#include "core/model/groups.h"

namespace spikegen {

// A literal of `type` that round-trips `value` exactly (e.g. "0.904837418f", "3u", "true").
std::string literal(double value, lang::Type type);

// Parameters and derived parameters, as read-only literals.
void addParams(lang::Scope& scope, const ModelBase& model, const ParamValues& values, double dt,
               lang::Type scalar);

// uniform(), normal(), exponential(), poisson(mean) drawing from the generator named `rng` in
// generated code; with `withIntegers`, also uniform_int(n) and binomial(n, p).
void addRandomFunctions(lang::Scope& scope, lang::Type scalar, bool withIntegers = false);

// Read-only `t` (ms) and `dt`.
void addTime(lang::Scope& scope, lang::Type scalar, double dt);

// A model's equations (NeuronModel, PostsynapticModel, CurrentSourceModel ::equations) as one
// integration step of its variables, checked in `scope` (that of the code it runs beside); empty
// without equations. Throws lang::CodeError naming the model, field "equations", line and column.
lang::Code integrateEquations(const ModelBase& model, const std::string& equations, const std::string& method,
                              const ParamValues& params, double dt, const lang::Scope& scope,
                              const lang::Options& options);

// The variable that sums the input of a neuron's compartment ("Isyn", or "Isyn_dend" for
// compartment "dend" of a compartmental neuron).
std::string inputVariable(const std::string& compartment);

// The input variables of a neuron group's update: "Isyn", or one per compartment.
std::vector<std::string> neuronInputs(const NeuronGroup& group);

// Adds a compartment's local names (V, C, Isyn, ...) as aliases of the neuron names already in
// `scope` (V_dend, C_dend, Isyn_dend, ...), which the code printed for them becomes.
void addCompartmentAliases(lang::Scope& scope, const Compartment& compartment);

// Checks each compartment's equations and event code in its own names, in the scope of the
// neuron's code, so that an error points into the text the user wrote (the flat model is compiled
// afterwards). Throws lang::CodeError naming the model, "compartment 'dend' equations", line, column.
void checkCompartmentCode(const NeuronModel& declared, const ParamValues& params, double dt,
                          const lang::Scope& neuronScope, const lang::Options& options);

// Names of the functions added by addRandomFunctions, to see whether code draws random numbers.
bool usesRandom(const lang::Code& code);

} // namespace spikegen
