// A Simulation runs one Network on one Backend: it builds the code, allocates and initialises the
// buffers, steps, moves state between host and backend, and collects recorded spikes.
#pragma once
#include "core/backend/backend.h"
#include "core/codegen/model_plan.h"
#include "core/runtime/communicator.h"

#include <functional>
#include <memory>

namespace spikegen {

inline constexpr std::uint32_t kMaxBatchSize = 65535;

struct SimulationOptions {
    // Steps of spikes held in backend memory before they must be pulled (see pullRecording()).
    // A run that would overflow the window is refused before it starts.
    std::uint32_t recordingWindowSteps = 10000;
    // Instances of the network simulated together (GeNN's batch size): each has its own state,
    // spikes, recordings, seed and values of the dynamic parameters (Network::setParamDynamic);
    // they share the compiled code and, unless connectivityPerInstance, one copy of the
    // connectivity, built from the network's connectivity seed (NetworkOptions::connectivitySeed,
    // or its seed). Instance k gives the spikes of a single run with its parameters and with
    // seed instanceSeeds[k] (default: the network's seed + k) and that connectivity seed.
    std::uint32_t batchSize = 1;
    bool connectivityPerInstance = false; // each instance builds its own from its seed
    std::vector<std::uint64_t> instanceSeeds; // empty, or one per instance
    // A network split over the ranks of `communicator` (not owned; it must outlive the simulation;
    // null: the whole network here). Each rank updates its block of every neuron group and holds
    // the synapses onto it; the ranks exchange spikes once per smallest axonal delay
    // (docs/scaling.md). Every rank must make the same calls: pulls, recordings and error checks
    // are collective and give every rank the whole network's values, as one device would.
    Communicator* communicator = nullptr;
};

// A recorded neuron variable (NeuronGroup::setVarRecording): one row per sampled step.
struct RecordedVar {
    std::vector<double> times;  // ms: the end of each sampled step, when the values were taken
    std::vector<double> values; // times.size() rows of `neurons` values, row by row
    std::uint32_t neurons = 0;
    std::vector<std::uint32_t> ids; // the neuron of each column (0, 1, ... when all are recorded)
};

struct SpikeTrains {
    std::vector<double> times;      // ms, in order of time
    std::vector<std::uint32_t> ids; // neuron index within the group, ascending within one step
};

// Backend memory of one planned buffer, once allocated (see Simulation::memoryUsage()).
struct BufferMemory {
    std::string name, about;
    std::size_t bytes = 0;
    bool perSynapse = false; // sized by the number of synapses (indices and per-synapse variables)
};

struct Timings {
    double generateSeconds = 0, compileSeconds = 0, initSeconds = 0, simulateSeconds = 0;
    bool compileCacheHit = false;
    // Split networks: the spike exchanges so far and the time in them (part of simulateSeconds).
    std::uint64_t spikeExchanges = 0;
    double exchangeSeconds = 0;
};

class Simulation {
public:
    // Plans, generates and compiles (or loads from the cache). Throws on any bad input.
    Simulation(const Network& network, Backend& backend, SimulationOptions options = {});
    ~Simulation();

    // Allocates buffers and runs the generated initialisation (connectivity, then variables).
    void initialize();
    void run(std::uint64_t steps);
    void runFor(double milliseconds);

    std::uint32_t batchSize() const { return batch_; }
    std::uint64_t instanceSeed(std::uint32_t instance) const;
    std::uint64_t currentStep() const { return step_; }
    double time() const { return double(step_) * plan_.dt(); }
    const ModelPlan& plan() const { return plan_; }
    const Timings& timings() const { return timings_; }
    // Bytes allocated per buffer (empty before initialize()), for memory accounting.
    std::vector<BufferMemory> memoryUsage() const;
    const BuildInfo& buildInfo() const { return buildInfo_; }
    // How each synapse group delivers its spikes on this backend (Program::propagation).
    std::map<std::string, std::string> propagation() const { return program_->propagation(); }

    // State of a variable of a neuron group, current source or synapse group (per-synapse
    // variables in CSR order; a weight update's pre and post variables per neuron) in one instance
    // of the batch, converted to double.
    std::vector<double> pullVar(const std::string& group, const std::string& var, std::uint32_t instance = 0) const;
    void pushVar(const std::string& group, const std::string& var, const std::vector<double>& values,
                 std::uint32_t instance = 0);
    // The same in the variable's own element type (bool as one byte), for callers that keep types
    // (the Python package's numpy arrays). push checks the type and the number of elements.
    struct VarBytes {
        Element type;
        std::size_t count = 0;
        std::vector<std::uint8_t> bytes;
    };
    VarBytes pullVarBytes(const std::string& group, const std::string& var, std::uint32_t instance = 0) const;
    Element varElement(const std::string& group, const std::string& var) const;
    void pushVarBytes(const std::string& group, const std::string& var, Element type, std::size_t count,
                      const void* data, std::uint32_t instance = 0);
    // Every instance's values at once, instance by instance (batchSize() x the variable's count):
    // closed loops push the inputs of a whole batch in one call.
    VarBytes pullBatchVarBytes(const std::string& group, const std::string& var) const;
    void pushBatchVarBytes(const std::string& group, const std::string& var, Element type, std::size_t count,
                           const void* data);

    // Changes a dynamic parameter (Network::setParamDynamic) from the next step on, checked as
    // Network::setParam checks; named as there ("E", "tau"; "EE", "weight_update.g"). The network
    // is left as it is. A parameter that is not dynamic throws: its value is in the compiled code.
    // In a batch: of every instance, or of one, or one value per instance (as many as batchSize()).
    void setParam(const std::string& group, const std::string& param, double value);
    void setParam(const std::string& group, const std::string& param, double value, std::uint32_t instance);
    void setParams(const std::string& group, const std::string& param, const std::vector<double>& perInstance);
    // A dynamic parameter's value in this simulation.
    double param(const std::string& group, const std::string& param, std::uint32_t instance = 0) const;

    // Sparse connectivity: row starts (numPre + 1) and postsynaptic indices.
    std::vector<std::uint32_t> pullRowStarts(const std::string& synapseGroup, std::uint32_t instance = 0) const;
    std::vector<std::uint32_t> pullPostIndices(const std::string& synapseGroup, std::uint32_t instance = 0) const;

    // Checkpoints (core/runtime/checkpoint.cpp): the complete state (every variable, connectivity,
    // delay buffers and spikes in flight, the step, the recordings; random numbers are counted by
    // step) in one file, written atomically; any backend's Simulation of the same network resumes
    // from it, spike for spike. Saving pulls the recording window first. Loading replaces the
    // state (initialize() is not needed) and refuses, changing nothing, a file that is truncated,
    // corrupted, of another format version or of another network.
    void saveCheckpoint(const std::string& path);
    void loadCheckpoint(const std::string& path);

    // Steps that fit in the recording window before it must be pulled (no limit without recording).
    std::uint64_t recordingStepsLeft() const;
    // Copies the recording window to the host (one copy per group) and empties it.
    void pullRecording();
    // Recorded spikes of a group so far (pulls the window first).
    const SpikeTrains& spikes(const std::string& neuronGroup, std::uint32_t instance = 0);
    // The spikes of a group recorded since the last takeSpikes (pulls the window first), which
    // the simulation then forgets: closed loops read each window once, in time linear in it.
    SpikeTrains takeSpikes(const std::string& neuronGroup, std::uint32_t instance = 0);
    // A recorded variable's samples so far (pulls the window first).
    const RecordedVar& varRecording(const std::string& neuronGroup, const std::string& var,
                                    std::uint32_t instance = 0);

private:
    std::size_t recordingGroup(const std::string& neuronGroup) const; // its index; throws if it records nothing
    void pullRecordedVar(const NeuronGroupPlan& group, const RecordedVarPlan& r, RecordedVar& into,
                         std::uint32_t instance);
    void uploadRecordedColumns(); // which neurons each recorded variable keeps, and in which column
    const PlannedVar& findVar(const std::string& group, const std::string& var, std::size_t& count) const;
    // Allocates each buffer of `counts` (buffer, elements of one instance), which the program
    // learns first (Program::reserve), and zero-fills it.
    void allocate(const std::vector<std::pair<std::size_t, std::size_t>>& counts);
    std::size_t instanceSlotBytes(std::size_t buffer, std::size_t count) const; // 0: not per instance
    // Batches (core/runtime/batch.cpp): where instance k's part of a buffer starts, its elements,
    // binding instance k's parts for the generated code, and copies to every instance.
    void checkInstance(std::uint32_t instance) const;
    std::size_t offset(std::size_t buffer, std::uint32_t instance) const { return slotBytes_[buffer] * instance; }
    std::size_t count(std::size_t buffer, std::uint32_t instance) const;
    void bindInstance(std::uint32_t instance);
    // Runs `launch` (initialisation kernels) for instances [0, n): in one go where the program runs
    // instances together, else bound to one instance after another.
    void forInstances(std::uint32_t n, const std::function<void()>& launch);
    void uploadToEveryInstance(std::size_t buffer, const void* data, std::size_t bytes);
    // The first `bytes` bytes of every instance's part, instance k's from k * stride: in one copy
    // where that moves at most twice the bytes wanted (a batch's small buffers: thousands of
    // copies less), else one copy an instance. Into staging_, valid until the next call.
    struct InstanceBytes {
        const std::uint8_t* bytes;
        std::size_t stride;
        const std::uint8_t* of(std::uint32_t instance) const { return bytes + stride * instance; }
    };
    InstanceBytes downloadEveryInstance(std::size_t buffer, std::size_t bytes) const;
    // Host memory for downloads, kept: a fresh allocation of a batch's window each time costs
    // page faults.
    mutable std::vector<std::uint8_t> staging_;
    std::uint32_t connectivityInstances() const { return options_.connectivityPerInstance ? batch_ : 1; }
    std::string instanceText(std::uint32_t instance) const; // "instance 3: " in a batch, else empty
    // Throws, naming the bytes and the largest buffer, when the plan's memory estimate exceeds
    // what the backend says it has.
    void refuseIfTooLarge() const;
    std::string fingerprint() const; // of what a checkpoint's state means (its network and plan)
    void refuseBatch(const std::string& verb) const; // checkpoints hold one instance
    void checkErrorFlags(const std::string& where = {}); // `where`: what just ran, for the message
    std::string errorFlagsMessage(const std::uint32_t* words, const std::string& where) const;
    std::string nonFiniteMessage(std::uint32_t code, const std::string& where) const;
    void buildColumns(const SynapseGroupPlan& s); // of every instance that builds connectivity
    void uploadSpikeTimes(); // given spike times (core/runtime/given_spike_times.cpp)
    void uploadDynamicParams(); // core/runtime/dynamic_params.cpp
    void uploadStreamKeys();
    // The entry of plan_.dynamicParams() holding dynamic parameter `param` of `group`, and its name.
    std::pair<std::size_t, std::string> findDynamicParam(const std::string& group, const std::string& param) const;
    void advance(std::uint64_t steps); // runs the steps; run() adds the checks and timing
    // Split networks (core/runtime/split_network.cpp): every rank's spikes of the exchange interval
    // that ends with `step` into the spike slots; a variable's values of the whole network from the
    // ranks' own parts; sparse rows as on one device; the first failing rank's error flags.
    bool split() const { return communicator_ != nullptr; }
    static Partition partitionOf(const Communicator* communicator);
    void exchangeSpikes(std::uint64_t step);
    std::vector<std::uint8_t> gatherVar(const PlannedVar& v, std::vector<std::uint8_t> bytes) const;
    struct Rows {
        std::vector<std::uint32_t> starts;
        std::vector<std::uint8_t> values; // elementBytes per synapse
    };
    Rows gatherRows(const SynapseGroupPlan& s, Rows local, std::size_t elementBytes) const;
    // Rows of `columns` elements: every rank keeps the columns it owns and zeros the others, and the
    // bitwise OR of all ranks' rows has every column's bits.
    void gatherOwnedColumns(std::vector<std::uint8_t>& rows, std::size_t elementBytes,
                            const std::function<bool(std::size_t column)>& owned, std::size_t columns) const;
    std::vector<std::uint32_t> gatherErrorFlags(const std::uint32_t* words) const; // [rank, flags, code] of the first
    void refuseSplit(const std::string& what) const;
    void uploadWholeNetworkSynapses(const SynapseGroupPlan& s, const std::vector<std::uint32_t>& rowStart);
    // Tells the backend the spikes per step of each group since the last time (Program::adapt).
    void adaptToActivity();
    static constexpr std::uint64_t kFirstAdaptationSteps = 100, kAdaptationSteps = 1000;
    std::vector<std::uint8_t> download(std::size_t buffer, std::uint32_t instance = 0) const;
    std::vector<std::uint32_t> downloadIndices(std::size_t buffer, std::uint32_t instance) const; // widened

    const Network& network_;
    Backend& backend_;
    SimulationOptions options_;
    Communicator* communicator_ = nullptr;
    ModelPlan plan_;
    BuildInfo buildInfo_;
    std::unique_ptr<Program> program_;
    std::uint32_t batch_ = 1;
    bool together_ = false; // a batch whose every instance one launch runs (Program::runsInstancesTogether)
    // One allocation per planned buffer, holding every instance's part (instance-major) unless one
    // copy serves all (connectivity; slotBytes_ 0 then).
    std::vector<std::unique_ptr<DeviceBuffer>> buffers_;
    std::vector<std::size_t> counts_; // elements of one instance's part, once allocated
    std::vector<std::size_t> slotBytes_; // bytes from one instance's part to the next
    // Connectivity per instance: synapses of each instance [instance][synapse group].
    std::vector<std::vector<std::size_t>> synapseCounts_;
    std::vector<std::vector<std::unique_ptr<DeviceBuffer>>> slices_; // [instance][buffer], batches
    std::optional<std::uint32_t> boundInstance_;
    std::vector<std::vector<SpikeTrains>> recorded_; // [instance][group]
    std::vector<std::vector<ParamValues>> dynamicValues_; // [instance][entry of plan_.dynamicParams()]
    std::vector<std::vector<std::vector<RecordedVar>>> recordedVars_; // [instance][group][recorded variable]
    std::uint64_t step_ = 0;
    std::uint64_t windowStartStep_ = 0;
    std::uint32_t windowRows_ = 0;
    bool initialized_ = false;
    std::uint64_t measuredAtStep_ = 0;       // when the spike totals were last read
    std::uint64_t adaptationWindow_ = kFirstAdaptationSteps; // steps until the activity is read again
    std::vector<std::uint32_t> spikeTotals_; // [instance * groups + group], then
    std::vector<double> reportedSpikesPerStep_; // per group, as last given to Program::adapt
    Timings timings_;
    std::vector<std::uint32_t> exchangeWords_; // this rank's spikes of an interval, kept between exchanges
    std::vector<std::uint8_t> exchanged_;      // every rank's
};

} // namespace spikegen
