// Emitters of the per-element bodies of every operation, shared by the backends. Each body is
// dialect-neutral C with macros where backends differ:
//   SG_ADD_TO_POST(target, x)   accumulate into postsynaptic input (plain += or an atomic add)
//   SG_RAISE(flag)              set a bit of the error-flag buffer
// A backend wraps the bodies in its loops or kernels and defines the names the bodies expect
// (documented per emitter).
#pragma once
#include "core/codegen/code_writer.h"
#include "core/codegen/model_plan.h"

#include <functional>

namespace spikegen {

// An unsigned literal of generated code: "12u".
std::string u(std::uint64_t v);
// An unsigned 32-bit literal of generated code in hexadecimal: "0x0000002Au".
std::string hex(std::uint32_t v);
// The name of the plan's buffer `b` in generated code.
const std::string& bufferName(const ModelPlan& plan, std::size_t b);

// C type of a buffer element or code-string type in generated code.
std::string cType(Element element, lang::Dialect dialect);
std::string cType(lang::Type type);

// Neuron update of one neuron. Expects `id` (unsigned), `step` (64-bit unsigned), `t` (scalar), and
// `recordRow`, the name of the step's row in the recording window (recorded variables).
// `emitSpike` writes what a spike of neuron `id` does (queue it, record it). `makeStream`, when
// given, writes the declaration of sg_rng_state for the stream of `key` (default: makeRng(key,
// "step", "id")): a backend that drew the first blocks beforehand starts the stream from them.
using StreamMaker = std::function<std::string(const std::array<std::uint32_t, 2>& key)>;
void emitNeuronUpdate(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group, const std::string& recordRow,
                      const std::function<void(CodeWriter&)>& emitSpike, const StreamMaker& makeStream = {});

// The second pass of a neuron update in two (the CPU backend's, OpenCL's on CPU devices), after
// a first that set flags[id - first] = (code of the failed finite check, 0 if none) << 1 | spiked
// for the neurons [first, end): raises each flagged neuron's error and writes `emitSpike` (given
// `id`) for each that spiked. Eight neurons' flags at a time, since few neurons spike in a step
// (one at a time, this pass took as long as the vectorised update; benchmarks/NOTES.md). `flags`
// has room for whole eights; expects sg_min and SG_RAISE_NONFINITE.
void emitFlaggedNeurons(CodeWriter& w, const std::string& first, const std::string& end, const std::string& flags,
                        const std::function<void(CodeWriter&)>& emitSpike);

// Weight-update sim code of one synapse. Expects `id_pre`, `id_post`, `syn` (index of the synapse's
// variables), `t`, and `sg_dendritic_slot` (= (step + 1) % slots) when the group has dendritic delays.
// Generated code names its own locals with the prefix sg_, which code strings may not use.
void emitSynapseUpdate(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);

// `const unsigned id = ...;` of a per-synapse initialiser (which counts its random draws by id):
// the synapse `syn` of row `id_pre`, numbered as on one device (SynapseGroupPlan::wholeNetworkSynapse).
std::string synapseInitId(const ModelPlan& plan, const SynapseGroupPlan& group);
// Initial value of one variable: writes buffer[`index`]. Expects `id` and, for synapse variables,
// `id_pre` and `id_post`.
void emitVarInit(CodeWriter& w, const ModelPlan& plan, const PlannedVar& var, const std::string& index);

// Calls `each` for every set of per-neuron variables that initialisation fills: each neuron group's,
// each current source's and each postsynaptic model's, with what it is and its number of elements.
void forEachNeuronVarSet(const ModelPlan& plan,
                         const std::function<void(const std::string& about, std::uint32_t size,
                                                  const std::vector<PlannedVar>& vars)>& each);

// One row of sparse connectivity for `id_pre`. With `fill` false, counts the row into
// row_start[id_pre + 1] (and where its segments begin); with `fill` true, writes the sorted
// postsynaptic indices from row_start[id_pre]. When the snippet has row-length code, its lengths
// are in row_start[id_pre + 1] (count pass) or follow from row_start (fill pass).
void emitRowBuild(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, bool fill);

// Sparse rows built column by column (column_build_emitters.cpp; SG_ATOMIC_ADD_U(p, v) returns the
// old value). emitColumnBuild runs the column code for `id_post`: with `fill` false it counts each
// synapse into row_start[i + 1] and the row's segment starts; with `fill` true (after the runtime's
// prefix sum) it places each synapse at its row's next free place, given by an atomic cursor.
// emitRowSort then sorts row `id_pre`, segment by segment.
void emitColumnBuild(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, bool fill);
void emitRowSort(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);

// Helpers of the connectivity emitters: a stream declared as sg_rng_state, and
// segmentStart[row * (segments - 1) + k - 1], where segment k (>= 1) of row `idPre` begins.
std::string makeRng(const ModelPlan& plan, const std::array<std::uint32_t, 2>& key, const std::string& step,
                    const std::string& element);
std::string segmentStartOf(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& idPre, unsigned k);

// Reading a sparse row. emitRowSegments declares where the segments of row `idPre` begin, given
// `rowStart`, the index of its first synapse (nothing when the layout has one segment: see
// ConnectivityLayout); postIndexAt is then the target of synapse `syn` of that row, which must be
// an expression without side effects.
// The sim code of `count` synapses whose loads overlap: first each synapse's index, target and the
// variables the code only reads (SynapseGroupPlan::weightSimLoads) for all of them, then the code
// of each in turn. For synapse u: `syn(u)` its index, `valid(u)` whether it exists, `idPre(u)` its
// presynaptic neuron (empty: `id_pre` of the enclosing code, one row). Sparse projections; the
// segment starts of emitRowSegments must hold for all.
void emitSynapseBatch(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, unsigned count,
                      const std::function<std::string(unsigned)>& syn, const std::function<std::string(unsigned)>& valid,
                      const std::function<std::string(unsigned)>& idPre);
void emitRowSegments(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& idPre,
                     const std::string& rowStart);
std::string postIndexAt(const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& syn);

// The row-length code of a sparse snippet (one thread): writes row lengths to row_start[i + 1].
void emitRowLengths(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);

// Plasticity (plasticity_emitters.cpp; docs/user_guide.md, "Plasticity", has the order).
// In the neuron update of `group`, after its sim code: the pre dynamics of its outgoing and the
// post dynamics of its incoming projections (expects `id` and the neuron's locals l_*).
void emitNeuronLearningDynamics(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group);
// In its spike branch: its spike times, the post spike code of incoming projections and the
// presynaptic spike work of outgoing projections without axonal delay.
void emitNeuronLearningSpike(CodeWriter& w, const ModelPlan& plan, const NeuronGroupPlan& group);
// A spike of `id_pre` reaching the synapses of `group`: st_pre, prev_st_pre and pre spike code.
void emitPreSpikeArrival(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
// Postsynaptic spike work of projection `group` with a back-propagation delay, when spike `id_post`
// reaches its synapses (arrivals phase): its st_post / prev_st_post, then its post-spike code.
void emitPostSpikeArrival(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
// The slot of the postsynaptic group's spikes that learn-post code of `group` runs for this step:
// this step's, or that of the back-propagation delay before.
std::string learnPostSlot(const NeuronGroupPlan& post, const SynapseGroupPlan& group);
// Learn-post and synapse-dynamics code of synapse `syn` (expects syn, id_pre, id_post, t, and
// sg_dendritic_slot where the group has dendritic delays).
void emitLearnPost(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
void emitSynapseDynamics(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
// The synapses onto `id_post` taken lane `lane` of `lanes` at a time, each with `syn` (and
// `id_pre` where the code needs it), running `body`: the column index of a sparse projection,
// every row of a dense one.
void emitColumnLoop(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& lane,
                    const std::string& lanes, const std::function<void(CodeWriter&)>& body);
// The synapses of row `id_pre` taken lane `lane` of `lanes` at a time (sparse), each with `syn` and
// `id_post`, running `body`.
void emitRowLoop(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group, const std::string& lane,
                 const std::string& lanes, const std::function<void(CodeWriter&)>& body);
// Building the column index (SG_ATOMIC_ADD_U(p, v) returns the old value): count the synapses of
// row `id_pre` into col_start[post + 1]; after the runtime's prefix sum, fill each into its column;
// then sort column `id_post` by synapse and find each entry's presynaptic neuron.
void emitColumnCount(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
void emitColumnFill(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);
void emitColumnSort(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& group);

// Helper functions every generated file needs (row sorting); `global` is the address-space
// qualifier of buffer pointers ("" or "__global").
void emitSupportFunctions(CodeWriter& w, const std::string& functionQualifier, const std::string& global);

} // namespace spikegen
