// Model descriptors: plain values that say what a model has (parameters, derived parameters, state
// variables) and what it does (code strings). Built-in models in models/ are values of these types,
// and users build their own the same way at run time.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spikegen {

using ParamValues = std::map<std::string, double>;

// A parameter computed from the parameter values and the time step dt (ms), e.g. exp(-dt / tau).
// Either a C++ function, or a code-string expression over the parameters and dt that is evaluated on
// the host in double precision (core/lang/evaluator.h); only the expression form can be written to
// a model file. The expression constructor also sets `compute`, so code reading derived
// parameters calls `compute` for both forms.
struct DerivedParam {
    std::string name;
    std::function<double(const ParamValues& params, double dt)> compute;
    std::string expression; // empty for the C++ form

    DerivedParam() = default;
    DerivedParam(std::string name, std::function<double(const ParamValues& params, double dt)> compute);
    DerivedParam(std::string name, std::string expression);
    DerivedParam(std::string name, const char* expression) : DerivedParam(std::move(name), std::string(expression)) {}
};

// A condition on the parameter values written as a code-string expression over the parameters
// (e.g. "prob >= 0 && prob <= 1"), with the message given when it is false. The serialisable
// counterpart of ModelBase::checkParams.
struct ParamCheck {
    std::string expression;
    std::string message;
};

// A state variable. `type` is a code-string type name: "scalar" (the network's precision), "float",
// "double", "int", "unsigned" or "bool". `initial`, when set, is used if the user gives no
// initialiser (e.g. a synaptic conductance that starts at 0).
struct VarDecl {
    std::string name;
    std::string type = "scalar";
    std::optional<double> initial = std::nullopt;
};

// What every descriptor has.
struct ModelBase {
    std::string name;
    std::vector<std::string> params;
    std::vector<DerivedParam> derivedParams;
    std::vector<VarDecl> vars;
    // Checks parameter values beyond their presence (e.g. a probability in [0, 1]); returns a
    // message naming the problem, or nothing when they are fine.
    std::function<std::optional<std::string>(const ParamValues&)> checkParams;
    // Checked as well as checkParams; each must hold.
    std::vector<ParamCheck> paramChecks;
};

// Neuron: `sim` integrates one step; `threshold` is a condition; `reset` runs after a spike.
// Scope: params, derived params, vars (writable), Isyn (summed input from postsynaptic models and
// current sources), t, dt, id, uniform()/normal()/exponential().
// `equations` (optional) are ODEs, one per line ("dV/dt = (EL - V) / tau : mV"), integrated by
// `integrationMethod` ("euler", "rk2", "rk4", "exponential_euler", "exact"; empty: the best that
// applies) before the sim code runs (core/equations, docs/user_guide.md "Equations").
// An event of one compartment (a dendritic spike, a channel opening): after each integration step,
// when `condition` holds, `reset` runs. Both use the compartment's own names (see Compartment).
struct CompartmentEvent {
    std::string name;
    std::string condition;
    std::string reset;
};

// One compartment of a reduced compartmental neuron, after Dendrify (Pagkalos et al. 2023). Its
// params, vars, equations and events use local names: a variable V of compartment "dend" is the
// neuron variable V_dend (and its parameter C the neuron parameter C_dend). In its code, Isyn is the
// input of the synapses and current sources that target this compartment and I_axial the current
// flowing in from the compartments coupled to it; other compartments' variables are read by their
// neuron names (V_soma). Each step runs every compartment's equations (one system), then its
// events and sim code, then the neuron's sim code, threshold and reset. docs/user_guide.md,
// "Compartments".
struct Compartment {
    std::string name;
    std::vector<std::string> params;
    std::vector<VarDecl> vars;
    std::string equations;
    std::vector<CompartmentEvent> events;
    std::string simCode; // runs each step after the events (e.g. a channel's timers)
};

// Axial coupling of compartments a and b (each declares a variable V): the current
// conductance * (V_b - V_a) flows into a, its negative into b. `conductance` is an expression over
// the neuron's parameters (e.g. "g_sd" or "2.5").
struct AxialCoupling {
    std::string a, b;
    std::string conductance;
};

struct NeuronModel : ModelBase {
    std::string equations;
    std::string integrationMethod;
    // With compartments, the neuron's own params, vars and code strings use neuron names (V_soma);
    // the first compartment receives the input of synapses and current sources that name none.
    std::vector<Compartment> compartments;
    std::vector<AxialCoupling> couplings;
    std::string simCode;
    std::string thresholdCode; // empty: the neuron never spikes
    std::string resetCode;
};

// Postsynaptic model: turns the accumulated input `inSyn` into current. `applyInput` adds to Isyn
// (and may read the target neuron's variables by name); `decay` updates inSyn for the next step.
// `linear`: the model's effect is linear in its input and state, so two copies fed two inputs act
// as one copy fed their sum; then projections onto one group with this model, the same parameters
// and constant initial values share one copy (docs/user_guide.md, "Postsynaptic inputs").
// `equations` / `integrationMethod` (optional, as for NeuronModel) integrate the model's own
// variables each step after applyInput and before decay (e.g. "dgSyn/dt = -gSyn / tau").
struct PostsynapticModel : ModelBase {
    std::string equations;
    std::string integrationMethod;
    std::string applyInputCode;
    std::string decayCode;
    bool linear = false;
};

// Weight update (docs/user_guide.md, "Plasticity", has the order of operations in a step):
// - simCode runs for every synapse of a presynaptic spike when it arrives (its axonal delay after
//   it was emitted); learnPostCode for every synapse onto a postsynaptic neuron in the step it
//   spikes; synapseDynamicsCode for every synapse in every step. Scope: params, derived params,
//   per-synapse vars (`vars`, writable), pre/post neuron vars by suffix (V_pre, V_post), preVars
//   and postVars, id_pre, id_post, t, dt, st_pre, prev_st_pre, st_post, prev_st_post (spike times,
//   read-only), and in sim and dynamics code addToPost(x), addToPostDelay(x, steps).
// - preVars are stored once per presynaptic neuron (a trace): preSpikeCode runs when a spike of
//   that neuron arrives, preDynamicsCode every step; only these two may write them. postVars and
//   postSpikeCode / postDynamicsCode likewise per postsynaptic neuron, run in the step it spikes.
// Initial values of preVars and postVars come from VarDecl::initial or the same VarInits map as
// the per-synapse vars (their names are unique across all three lists).
struct WeightUpdateModel : ModelBase {
    std::string simCode;
    std::string learnPostCode;
    std::string synapseDynamicsCode;
    std::vector<VarDecl> preVars, postVars;
    std::string preSpikeCode, preDynamicsCode;
    std::string postSpikeCode, postDynamicsCode;
};

// Current source: `injection` calls injectCurrent(x) once per neuron and step. `equations` /
// `integrationMethod` (optional, as for NeuronModel) integrate the model's variables each step
// before the injection code (e.g. "dI/dt = (amp - I) / tau" and "injectCurrent(I);").
struct CurrentSourceModel : ModelBase {
    std::string equations;
    std::string integrationMethod;
    std::string injectionCode;
};

// Variable initialisation: `code` assigns `value`. Scope: params, derived params, id,
// uniform()/normal()/exponential(), and for synapse variables id_pre and id_post.
struct VarInitSnippet : ModelBase {
    std::string code;
};

// Sparse connectivity built row by row: `rowBuildCode` runs once per presynaptic neuron `id_pre`
// and calls addSynapse(j) for each target j, in any order (rows are sorted afterwards). Scope: params,
// derived params, id_pre, num_pre, num_post, uniform()/normal()/exponential()/uniform_int(n)/
// binomial(n, p). `rowLengthCode`, when set, runs once (one thread) before the rows are built and
// calls setRowLength(i, n) for every row; rowBuildCode then reads its own length as `row_length`.
// `maxRowLength` bounds the row length so that the layout can be sized before initialisation.
// Sampling through the scope's RNG functions and arithmetic (no exp/log) gives bit-identical
// connectivity on every backend.
// Connectivity built column by column instead (fixed in-degree): `colBuildCode` runs once per
// postsynaptic neuron `id_post` and calls addSynapse(i) for each source i (same scope, id_post
// instead of id_pre). A snippet has row-build or column-build code, not both; column-built rows
// are sorted too, so the result does not depend on the order columns are built in.
struct ConnectivitySnippet : ModelBase {
    std::string rowBuildCode;
    std::string rowLengthCode;
    std::string colBuildCode;
    // Conditions over the parameters, num_pre and num_post, checked when a projection is added
    // (e.g. "num <= num_pre" for sampling sources without replacement).
    std::vector<ParamCheck> sizeChecks;
    std::function<std::uint64_t(std::uint32_t numPre, std::uint32_t numPost, const ParamValues&)> maxRowLength;
    // The expression behind maxRowLength when it was set by setMaxRowLength (empty otherwise).
    std::string maxRowLengthExpression;
    // The expected row length, an expression over the parameters, num_pre and num_post (e.g.
    // "prob * num_post"): a hint that sizes the teams of threads walking a row on GPUs (empty: the
    // max row length is taken).
    std::string meanRowLengthExpression;
    // True for connectivity that keeps every pre/post pair (the dense layout).
    bool dense = false;
};

// Sets snippet.maxRowLength from a code-string expression over the parameters, num_pre and
// num_post (e.g. "num_post" or "num"), evaluated on the host, and keeps the expression so that the
// snippet can be written to a model file.
void setMaxRowLength(ConnectivitySnippet& snippet, std::string expression);

} // namespace spikegen
