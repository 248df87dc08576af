// The backend-agnostic plan of a network: every buffer the generated code uses, every code string
// parsed and type-checked in its scope, the random streams, and the connectivity layout of each
// projection. Backends read it to emit their code; the runtime reads it to allocate and initialise.
#pragma once
#include "core/codegen/partition.h"
#include "core/connectivity/layout.h"
#include "core/lang/code.h"
#include "core/model/network.h"
#include "core/rng/philox.h"

#include <array>
#include <initializer_list>
#include <optional>

namespace spikegen {

// Element types of buffers (bool variables are stored as bytes: OpenCL forbids bool in buffers).
enum class Element { Uint8, Uint16, Uint32, Int32, Float, Double, Uint64 }; // numbered in checkpoints
std::size_t elementBytes(Element element);
Element elementOf(lang::Type type);

// One array in backend memory. Buffers whose size is known only after the connectivity has been
// counted (synapse indices and per-synapse variables) have `perSynapseOf` set.
struct PlannedBuffer {
    std::string name;    // identifier in generated code, e.g. "n0_V"
    std::string about;   // "neuron group 'E', variable 'V'", for messages and comments
    Element type;
    std::size_t count;   // elements (0 until sized, for per-synapse buffers)
    std::optional<std::size_t> perSynapseOf; // index into ModelPlan::synapseGroups
    // Written only by the connectivity kernels (rows, indices, columns): one copy serves every
    // instance of a batch unless each instance builds its own (SimulationOptions).
    bool connectivity = false;
    // A per-synapse variable the instances of a batch share (Network::setVarShared).
    bool sharedInBatch = false;
};

struct PlannedVar {
    std::string name;
    lang::Type type;
    std::size_t buffer;
    lang::Code init;                // assigns `value`
    std::array<std::uint32_t, 2> initKey; // RNG key of the initialiser's stream
    std::uint32_t initStep;         // counter word that separates the variables of one group
    bool initUsesRng = false;
    // shared_uniform() draws from the stream (initKey, kSharedInitStep, element), which every
    // initialiser of the element reads alike: correlated initial values (docs/language.md).
    bool initUsesSharedRng = false;
};

// The counter word of the shared initialisation stream; initStep never reaches it.
constexpr std::uint32_t kSharedInitStep = 0xFFFFFFFFu;

// One postsynaptic input of a neuron group. Projections onto the group whose postsynaptic models
// are the same linear model with the same parameters and constant initial values share one
// (GeNN's merged postsynaptic models): one accumulator, one dendritic-delay ring, one set of model
// variables, so that a neuron's update reads one input instead of one per projection.
// Real variables that a model's code assigns, each checked for NaN and infinity after that code
// runs, with its code in word 1 of the error-flag buffer (kErrorNonFinite; codes are unique in the
// plan, from 1; ModelPlan::finiteCheckSubject names the variable of a code).
using FiniteChecks = std::vector<std::pair<std::string, std::uint32_t>>;

struct PostsynapticInputPlan {
    std::vector<std::size_t> projections; // indices into ModelPlan::synapseGroups, first the owner
    std::vector<PlannedVar> vars;         // the model's variables [target size]
    // Prefix of the locals that its code reads and writes (inSyn and the variables): "sg_p0_", by
    // the input's index, so that the neuron update can load every input before any code runs.
    std::string locals;
    lang::Code applyInput, integration, decay; // integration: the model's equations, one step
    FiniteChecks finiteChecks;            // after the decay code
    std::size_t inSyn;                    // buffer [target size]
    // Deterministic mode without a ring: addToPost adds to these fixed-point words (Uint64 [target
    // size]) instead of inSyn; the neuron update adds their value to inSyn (core/codegen/
    // fixed_point.h). A ring holds such words itself.
    std::optional<std::size_t> fixedInput;
    // Where the input has a ring, every projection's addToPost adds to its slot of the next step
    // (and addToPostDelay to later ones): the neuron update reads one slot a step.
    std::optional<std::size_t> dendriticDelay; // buffer [dendriticSlots * target size]
    // 1 + the longest dendritic delay of its projections, one more where one of them is
    // deliverable at emission (its spikes reach slot step + 1 while this step's slot is read).
    std::uint32_t dendriticSlots = 0;
    // The model's code sets inSyn to 0 after its last use (every built-in model does): the neuron
    // update keeps inSyn in a local, and where the input has a ring never reads or writes the buffer.
    bool clearsInSyn = false;
};

// A recorded neuron variable (NeuronGroup::setVarRecording): one row of the group's values per
// sampled step of the recording window.
struct RecordedVarPlan {
    std::string var;
    std::uint32_t everySteps;
    std::size_t buffer; // [rows * columns] in the variable's element type
    std::uint32_t rows; // sampled steps a window can hold: ceil(window / everySteps)
    std::uint32_t columns; // neurons recorded: the group's size, or those of VarRecording::neurons
    // A subset of neurons: each neuron's column, kNotRecorded for the others [group size].
    std::optional<std::size_t> columnOf;
    static constexpr std::uint32_t kNotRecorded = 0xFFFFFFFFu;
};

struct NeuronGroupPlan {
    const NeuronGroup* group;
    std::string prefix; // "n0"
    std::vector<PlannedVar> vars;
    lang::Code integration; // the model's equations, one step (empty without equations)
    lang::Code sim, threshold, reset;
    bool simUsesRng = false;
    std::array<std::uint32_t, 2> simKey;
    std::size_t spikeCount, spikes;         // buffers: [slots] and [slots * size]
    std::size_t spikeTotal;                 // buffer: [1], spikes emitted so far (modulo 2^32)
    std::optional<std::size_t> recording;   // buffer: [window * words] bit rows
    std::uint32_t slots;                    // spike ring-buffer depth
    std::uint32_t recordWords;              // 32-bit words per recorded step
    std::vector<RecordedVarPlan> recordedVars;
    std::vector<std::size_t> incoming;      // indices into ModelPlan::synapseGroups
    std::vector<PostsynapticInputPlan> inputs; // the incoming projections' merged postsynaptic models
    std::vector<std::size_t> outgoing;      // indices into ModelPlan::synapseGroups
    std::vector<std::size_t> currentSources; // indices into ModelPlan::currentSources
    FiniteChecks finiteChecks; // after the integration and sim code
    // Given spike times (NeuronGroup::spikeTimes) as step numbers [all times, at least 1], when the
    // model's code reads them through spikeDue(i); the runtime uploads them at initialisation.
    std::optional<std::size_t> spikeSteps;
    // Last and previous spike times [size], when learning code of a projection onto this group
    // reads st_post or prev_st_post (they start at kNeverSpiked).
    std::vector<PlannedVar> spikeTimes;
};

struct SynapseGroupPlan {
    const SynapseGroup* group;
    std::string prefix; // "s0"
    std::size_t source, target; // indices into ModelPlan::neuronGroups
    ConnectivityLayout layout;
    std::vector<PlannedVar> weightVars; // per synapse (sparse: sized after counting)
    lang::Code weightSim;
    // The sim code once more, reading the per-synapse variables it only reads (numbers, not bools)
    // from locals sg_w_<name>: propagation loads them for several synapses before it applies any,
    // so that their loads overlap (emitSynapseBatch). weightSimLoads: those variables' indices into
    // weightVars.
    lang::Code weightSimFromLocals;
    std::vector<std::size_t> weightSimLoads;
    lang::Code rowBuild, rowLength; // sparse only; rowLength may be empty
    // Sparse, column-built snippets (rowBuild empty): the column code, and per row and segment the
    // fill cursor [numPre * segments] that places each synapse while the columns are built.
    lang::Code colBuild;
    std::optional<std::size_t> rowCursor;
    bool columnBuilt() const { return !colBuild.empty(); }
    std::array<std::uint32_t, 2> connectivityKey;
    // Its postsynaptic input (NeuronGroupPlan::inputs of the target), maybe shared with other
    // projections: the model's variables, the accumulator and the dendritic-delay ring it adds to.
    std::size_t input = 0;
    std::vector<PlannedVar> postsynapticVars; // per target neuron
    std::size_t inSyn;                       // buffer [target size]
    std::optional<std::size_t> fixedInput;   // deterministic mode without a ring: what addToPost adds to
    std::optional<std::size_t> dendriticDelay; // buffer [dendriticSlots * target size]
    std::uint32_t dendriticSlots = 0;
    // deliverableAtEmission(); its input then has a ring, whose slot of the next step
    // (sg_dendritic_slot) addToPost adds to.
    bool deliverableAtEmission = false;
    std::optional<std::size_t> rowStart, postIndex; // sparse: [numPre + 1], [synapses]
    std::optional<std::size_t> segmentStart; // layout.segments > 1: [numPre * (segments - 1)]
    // A rank of a split network whose per-synapse initialisers draw random numbers: what to add to
    // a synapse's index in row id_pre to get its index on one device [numPre], which counts the
    // draws, so that every synapse gets the value it gets there (Simulation fills it).
    std::optional<std::size_t> wholeNetworkSynapse;

    // Plasticity (all empty for a static projection; docs/user_guide.md has the order in a step).
    lang::Code learnPost, synapseDynamics, preSpike, preDynamics, postSpike, postDynamics;
    std::vector<PlannedVar> preVars, postVars; // [numPre], [numPost]
    // st_pre and prev_st_pre [numPre]: when the spikes of each presynaptic neuron arrived at the
    // synapses (emission + axonal delay), if code reads them.
    std::vector<PlannedVar> preSpikeTimes;
    std::vector<PlannedVar> postSpikeTimes; // [numPost], with a back-propagation delay
    // Presynaptic spike work (st_pre, preSpike) runs in the neuron update when the spike is emitted
    // if the axonal delay is 0, else when it arrives (arrivals phase).
    bool preSpikeAtEmission() const { return group->axonalDelaySteps() == 0; }
    bool hasPreSpikeWork() const { return !preSpike.empty() || !preSpikeTimes.empty(); }
    // Postsynaptic spike work (st_post, postSpike) likewise: where the postsynaptic neuron spikes,
    // or, with a back-propagation delay, when the spike reaches the synapses (arrivals phase, into
    // this projection's own st_post and prev_st_post: postSpikeTimes). Learn-post code then runs
    // for the spikes of that many steps ago.
    bool postSpikeAtEmission() const { return group->backPropDelaySteps() == 0; }
    bool hasPostSpikeWork() const { return !postSpike.empty() || !postSpikeTimes.empty(); }
    // Any learning code or spike-time bookkeeping: the projection is not a fixed weight matrix.
    bool plastic() const
    {
        return !learnPost.empty() || !synapseDynamics.empty() || !preSpike.empty() || !preDynamics.empty() ||
               !postSpike.empty() || !postDynamics.empty() || !preSpikeTimes.empty() || !postSpikeTimes.empty();
    }
    bool synapseDynamicsAddsToPost() const
    {
        return synapseDynamics.references("addToPost") || synapseDynamics.references("addToPostDelay");
    }
    // Synapses by postsynaptic neuron (sparse, when learn-post code or synapse dynamics that add
    // to the target need them): column starts [numPost + 1], a fill cursor [numPost] used while
    // building, and for each column entry its synapse and (if code needs it) presynaptic neuron.
    std::optional<std::size_t> colStart, colCursor, colSyn, colPre;
};

struct CurrentSourcePlan {
    const CurrentSource* source;
    std::string prefix; // "c0"
    std::size_t target;
    std::vector<PlannedVar> vars;
    lang::Code integration, injection; // integration: the model's equations, one step
    FiniteChecks finiteChecks;         // after the injection code
    bool usesRng = false;
    std::array<std::uint32_t, 2> simKey;
};

// The buffers of dynamic parameters (Network::setParamDynamic) and of the random streams' keys
// (NetworkOptions::dynamicSeed) in generated code.
inline constexpr const char* kDynamicParamBuffer = "sg_dynamic_params";
inline constexpr const char* kStreamKeyBuffer = "sg_stream_keys";

// A model instance with dynamic parameters: those and its derived parameters (which may depend on
// them) are read from the dynamic-parameter buffer, at `slots`; its other parameters stay literals.
struct DynamicParamsPlan {
    std::string group, part; // the network's group and part ("", "weight_update.", "postsynaptic.")
    std::string where;       // "neuron group 'E'", for messages
    const ModelBase* model;
    ParamValues values;                         // as the network had them
    std::map<std::string, std::size_t> slots;   // dynamic and derived parameter -> buffer element
};

class ModelPlan {
public:
    // Parses and checks every code string; throws lang::CodeError or spikegen::Error. A batch of
    // more than one instance reads its random streams' keys from memory (one table per instance).
    ModelPlan(const Network& network, std::uint32_t recordingWindowSteps, std::uint32_t batchSize = 1,
              bool connectivityPerInstance = false, Partition partition = {});

    const Network& network() const { return network_; }
    lang::Type scalar() const { return scalar_; }
    double dt() const { return network_.options().dt; }
    bool deterministic() const { return network_.options().deterministic; }
    // How the plan's code strings are compiled: scalar type, and spikegen's own maths in
    // deterministic mode (lang::Options::deterministicMaths).
    lang::Options langOptions() const { return {scalar_, deterministic()}; }
    std::uint32_t recordingWindowSteps() const { return recordingWindow_; }
    std::uint32_t batchSize() const { return batchSize_; }
    bool connectivityPerInstance() const { return connectivityPerInstance_; }
    // In a batch: whether each instance has its own part of `buffer` (all but the connectivity
    // that one copy serves), and, where the plan fixes it (all but per-synapse buffers), the
    // elements from one instance's part to the next: the count rounded up to kInstanceAlignment
    // bytes. Kernels that run every instance in one launch offset by it.
    bool perInstance(std::size_t buffer) const
    {
        const PlannedBuffer& b = buffers_[buffer];
        return batchSize_ > 1 && !((b.connectivity || b.sharedInBatch) && !connectivityPerInstance_);
    }
    std::optional<std::size_t> instanceStride(std::size_t buffer) const;
    static constexpr std::size_t kInstanceAlignment = 256;
    // The part of the network this rank simulates (partition.h; model_plan_partition.cpp): its
    // block of every group's neurons and the synapses onto them. Whole on one device.
    const Partition& partition() const { return partition_; }
    NeuronBlock block(const NeuronGroup& group) const { return blockOf(group.size(), partition_); }
    // A split network's ranks exchange the spikes of this many steps at once: the smallest axonal
    // delay of any projection (a spike is read nowhere sooner), at least 1, when the spikes of the
    // interval's last step are emitted (after its neuron update, before its propagation).
    std::uint32_t exchangeInterval() const;
    // The neuron groups whose spikes the ranks exchange: those with outgoing projections.
    std::vector<std::size_t> exchangedGroups() const;
    const std::vector<PlannedBuffer>& buffers() const { return buffers_; }
    std::vector<PlannedBuffer>& buffers() { return buffers_; }
    const std::vector<NeuronGroupPlan>& neuronGroups() const { return neuronGroups_; }
    const std::vector<SynapseGroupPlan>& synapseGroups() const { return synapseGroups_; }
    const std::vector<CurrentSourcePlan>& currentSources() const { return currentSources_; }
    // Buffer: uint32 [2]: ErrorFlag bits, then the code of a variable found NaN or infinite.
    std::size_t errorFlags() const { return errorFlags_; }
    // Model instances with dynamic parameters, and their buffer (scalar elements), if any.
    const std::vector<DynamicParamsPlan>& dynamicParams() const { return dynamicParams_; }
    std::optional<std::size_t> dynamicParamBuffer() const { return dynamicParamBuffer_; }
    // The buffer's elements for the values of each of dynamicParams() (derived parameters computed).
    std::vector<double> dynamicParamElements(const std::vector<ParamValues>& values) const;
    // The key of a random stream of this network ("E" and Purpose::Simulation), noted for keyArguments.
    std::array<std::uint32_t, 2> streamKey(const std::string& stream, rng::Purpose purpose);
    // The two key words of a stream as generated code passes them: literals, or reads of the key
    // buffer (NetworkOptions::dynamicSeed), whose words streamKeyWords gives.
    std::string keyArguments(const std::array<std::uint32_t, 2>& key) const;
    std::optional<std::size_t> streamKeyBuffer() const { return streamKeyBuffer_; }
    const std::vector<std::uint32_t>& streamKeyWords() const { return streamKeyWords_; }
    // The same words for other seeds: the connectivity streams' from `connectivitySeed`, the
    // others' from `seed` (an instance of a batch; NetworkOptions::connectivitySeed).
    std::vector<std::uint32_t> streamKeyWords(std::uint64_t seed, std::uint64_t connectivitySeed) const;
    // "neuron group 'E', variable 'V' of model 'LIF'": what the NaN check of `code` watches.
    const std::string& finiteCheckSubject(std::uint32_t code) const { return finiteSubjects_.at(code - 1); }

    // Initialisation kernels in the order the runtime runs them (see runtime/initialiser.cpp).
    static std::string initNeuronsKernel() { return "init_neurons"; }
    static std::string rowLengthKernel(const SynapseGroupPlan& s) { return "rowlength_" + s.prefix; }
    static std::string countRowsKernel(const SynapseGroupPlan& s) { return "count_" + s.prefix; }
    static std::string fillRowsKernel(const SynapseGroupPlan& s) { return "fill_" + s.prefix; }
    // Column-built snippets: count and fill run a thread per column; then each row is sorted.
    static std::string sortRowsKernel(const SynapseGroupPlan& s) { return "rowsort_" + s.prefix; }
    static std::string initSynapsesKernel(const SynapseGroupPlan& s) { return "init_synapses_" + s.prefix; }
    // The column index of a sparse projection (SynapseGroupPlan::colStart): count, then (after the
    // runtime's prefix sum) fill and sort.
    static std::string countColumnsKernel(const SynapseGroupPlan& s) { return "colcount_" + s.prefix; }
    static std::string fillColumnsKernel(const SynapseGroupPlan& s) { return "colfill_" + s.prefix; }
    static std::string sortColumnsKernel(const SynapseGroupPlan& s) { return "colsort_" + s.prefix; }
    // Every initialisation kernel of projection `s`, in the order the runtime runs them.
    static std::vector<std::string> initKernels(const SynapseGroupPlan& s);
    // True when any projection has learning code (plastic kernels run after propagation).
    bool anyLearnPost() const;
    bool anySynapseDynamics() const;
    // A projection with axonal delay has presynaptic spike work, or one with a back-propagation
    // delay postsynaptic spike work: the arrivals phase runs.
    bool anyArrivalWork() const;
    bool anyPlastic() const;

private:
    bool keysInMemory() const;
    // Refuses what a split network cannot run yet: per-neuron presynaptic code that runs where the
    // presynaptic neuron is updated, synapse code reading presynaptic neuron variables, batches.
    void checkPartition() const;
    void planSplitSynapseIndices();
    // Checks and marks the variables the instances of a batch share (Network::setVarShared).
    void markSharedVars(SynapseGroupPlan& p);
    // The parameters of part `part` of network group `group` in `scope`: literals, or reads of the
    // dynamic-parameter buffer (Network::setParamDynamic).
    void addModelParams(lang::Scope& scope, const ModelBase& model, const ParamValues& values, const std::string& group,
                        const std::string& part, const std::string& where);
    std::size_t addBuffer(std::string name, std::string about, Element type, std::size_t count);
    std::size_t addSynapseBuffer(std::string name, std::string about, Element type, std::size_t group);
    // The postsynaptic input of projection `p` (model_plan_inputs.cpp): a new one, or the one it
    // shares with an earlier projection onto the same group.
    void planPostsynapticInput(SynapseGroupPlan& p, std::size_t index);
    // Learning code, pre/post variables, spike times and the column index (model_plan_plasticity.cpp).
    void planPlasticity(SynapseGroupPlan& p, std::size_t index);
    // The real `vars` that any of `codes` assigns, each given the next code; `owner` and `model`
    // name them in messages ("neuron group 'E'", "model 'LIF'").
    FiniteChecks planFiniteChecks(const std::vector<PlannedVar>& vars, std::initializer_list<const lang::Code*> codes,
                                  const std::string& owner, const std::string& model);
    std::vector<PlannedVar> planSpikeTimes(const std::string& prefix, const std::string& about, const std::string& what,
                                           std::uint32_t size);
    const Network& network_;
    lang::Type scalar_;
    std::uint32_t recordingWindow_;
    std::vector<PlannedBuffer> buffers_;
    std::vector<NeuronGroupPlan> neuronGroups_;
    std::vector<SynapseGroupPlan> synapseGroups_;
    std::vector<CurrentSourcePlan> currentSources_;
    std::size_t errorFlags_ = 0;
    std::vector<std::string> finiteSubjects_; // [code - 1]
    std::vector<bool> deliverable_; // deliverableAtEmission of each projection of the network
    std::vector<DynamicParamsPlan> dynamicParams_;
    std::size_t dynamicParamCount_ = 0;
    std::optional<std::size_t> dynamicParamBuffer_;
    std::vector<std::uint32_t> streamKeyWords_; // every key noted by streamKey, two words each
    std::vector<std::pair<std::string, rng::Purpose>> keyStreams_; // what each of them keys
    std::uint32_t batchSize_ = 1;
    bool connectivityPerInstance_ = false;
    Partition partition_;
    std::optional<std::size_t> streamKeyBuffer_;
};

// The mean row length up to which a projection is delivered at emission: the 128 threads of the
// block that emitted a spike take such a row in one round of 4 loads each (backends/simt,
// writeNeuronUpdateBody); longer rows are worth spreading over more blocks.
inline constexpr double kMaxMeanRowLengthDeliveredAtEmission = 512;
// Whether the spikes of `group` (with `layout`) may be delivered by the neuron update that emits
// them, while other neurons of the step still update: sparse rows of a mean length up to
// kMaxMeanRowLengthDeliveredAtEmission, no axonal delay, no learning code or traces, and sim code that
// reads no postsynaptic neuron's state (which may be this step's or the next). Such a projection
// adds to its input a step ahead, through the input's ring (model_plan_inputs.cpp): the same
// numbers on every backend, so that checkpoints move between them.
bool deliverableAtEmission(const SynapseGroup& group, const ConnectivityLayout& layout, lang::Type scalar);

// The spike time before any spike: far enough in the past that exp(-(t - st) / tau) is 0.
double neverSpiked(lang::Type scalar);

// Bits of the error-flag buffer that generated code sets instead of writing out of bounds.
enum ErrorFlag : std::uint32_t {
    kErrorDendriticDelayTooLong = 1u << 0,
    kErrorRowTooLong = 1u << 1,
    kErrorRowAboveMaxRowLength = 1u << 2,
    kErrorNonFinite = 1u << 3, // a model variable became NaN or infinite (its code in word 1)
    kErrorSourceOutsideGroup = 1u << 4, // column-building code added a source beyond the presynaptic group
    kErrorFixedPointOverflow = 1u << 5, // deterministic mode: an input beyond the fixed-point range
};

} // namespace spikegen
