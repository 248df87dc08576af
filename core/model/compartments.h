// Reduced compartmental neurons (NeuronModel::compartments): a model with compartments runs as one
// flat model whose names carry their compartment's name (V of "dend" -> V_dend), with each
// compartment's axial current written out as a subexpression of the equations and its events as
// conditional code before the model's sim code. Backends only ever see the flat model.
#pragma once
#include "core/model/descriptors.h"

#include <map>
#include <string>

namespace spikegen {

// The neuron name of a compartment's local name: ("V", "dend") -> "V_dend".
std::string compartmentName(const std::string& local, const std::string& compartment);

// What a compartment's local names become in the flat model: its params, vars and subexpressions,
// Isyn (its input) and I_axial (the current from its coupled compartments).
std::map<std::string, std::string> compartmentLocals(const Compartment& compartment);

// `code` with every identifier in `renames` replaced (comments and literals untouched). Throws
// lang::CodeError naming `where` when the code does not lex.
std::string renameIdentifiers(const std::string& code, const std::map<std::string, std::string>& renames,
                              const std::string& model, const std::string& field);

// A compartment's equations in neuron names, each on the line it was written on (so that errors
// about them keep their line numbers).
std::string compartmentEquations(const std::string& model, const Compartment& compartment);

// Checks the compartments' structure (unique names, couplings between declared compartments with a
// variable V, local names that do not clash with the neuron's) and returns the flat model; a model
// without compartments comes back unchanged. Throws spikegen::Error starting with `where`.
NeuronModel flattenCompartments(const std::string& where, const NeuronModel& model);

} // namespace spikegen
