// The parts of a network: neuron groups, synapse groups (projections) and current sources.
// They are created and validated by Network; user code reads and configures them.
#pragma once
#include "core/model/var_init.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spikegen {

// A descriptor with its parameter values and variable initialisers.
template <class Descriptor>
struct ModelInstance {
    Descriptor model;
    ParamValues params;
    VarInits varInits;
};

struct ConnectivityInstance {
    ConnectivitySnippet snippet;
    ParamValues params;
};

class SynapseGroup;
class CurrentSource;

// Given spike times of a group's neurons (ms), e.g. of models::SpikeSourceArray: neuron n's
// times are times[starts[n]] .. times[starts[n + 1] - 1], in order. The runtime stores them in
// backend memory as step numbers, which model code reads through spikeDue(i).
struct SpikeTimes {
    std::vector<double> times;
    std::vector<std::uint32_t> starts; // [size + 1]
};

// A neuron variable recorded into backend memory, like spikes (NeuronGroup::setVarRecording).
struct VarRecording {
    std::string var;
    std::uint32_t everySteps = 1;       // after the steps that are multiples of it
    std::vector<std::uint32_t> neurons; // the recorded neurons, in this order; empty: all of them
};

class NeuronGroup {
public:
    const std::string& name() const { return name_; }
    std::uint32_t size() const { return size_; }
    // The model that runs: with compartments, the flat model (core/model/compartments.h).
    const ModelInstance<NeuronModel>& model() const { return model_; }
    // The model as it was given (with its compartments, if any); model files are written from it.
    const NeuronModel& declaredModel() const { return declaredModel_; }
    // The compartment names of the declared model, in order (empty for a one-compartment neuron).
    std::vector<std::string> compartments() const;
    // Spikes are recorded into a per-step bit array when this is on.
    void setSpikeRecording(bool on) { recordSpikes_ = on; }
    bool spikeRecording() const { return recordSpikes_; }
    // Records `var` of every neuron after each step that is a multiple of `everySteps`, in backend
    // memory with the spikes (no host copy each step); Simulation::varRecording reads it. Calling
    // it again for the same variable changes its interval and neurons. `neurons`: only these (ids in
    // the group, each once, in the order the samples list them); empty: every neuron.
    NeuronGroup& setVarRecording(const std::string& var, std::uint32_t everySteps = 1,
                                 std::vector<std::uint32_t> neurons = {});
    const std::vector<VarRecording>& varRecordings() const { return recordVars_; }
    // Spikes or variables: this group needs the recording window.
    bool records() const { return recordSpikes_ || !recordVars_.empty(); }
    const std::vector<const SynapseGroup*>& incoming() const { return incoming_; }
    const std::vector<const SynapseGroup*>& outgoing() const { return outgoing_; }
    const std::vector<const CurrentSource*>& currentSources() const { return currentSources_; }
    // Slots in this group's spike ring buffer: 1 + the longest axonal delay of its projections.
    std::uint32_t spikeQueueSlots() const;
    // The times (ms, finite, >= 0, each neuron's in order; equal times make one spike) at which
    // each neuron fires, per neuron or as (time, neuron id) pairs listed neuron by neuron or
    // interleaved (each neuron's in order). A bad time or id throws an error naming the group, the
    // neuron and the index (core/model/spike_times.cpp).
    NeuronGroup& setSpikeTimes(const std::vector<std::vector<double>>& perNeuron);
    NeuronGroup& setSpikeTimes(const std::vector<double>& times, const std::vector<std::int64_t>& ids);
    const std::optional<SpikeTimes>& spikeTimes() const { return spikeTimes_; }

private:
    friend class Network;
    NeuronGroup(std::string name, std::uint32_t size, ModelInstance<NeuronModel> model, NeuronModel declared)
        : name_(std::move(name)), size_(size), model_(std::move(model)), declaredModel_(std::move(declared)) {}
    std::string name_;
    std::uint32_t size_;
    ModelInstance<NeuronModel> model_;
    NeuronModel declaredModel_;
    bool recordSpikes_ = false;
    std::vector<VarRecording> recordVars_;
    std::optional<SpikeTimes> spikeTimes_;
    std::vector<const SynapseGroup*> incoming_, outgoing_;
    std::vector<const CurrentSource*> currentSources_;
};

struct SynapseSpec {
    std::string source, target;
    ModelInstance<WeightUpdateModel> weightUpdate;
    ModelInstance<PostsynapticModel> postsynaptic;
    ConnectivityInstance connectivity;
    int axonalDelaySteps = 0;     // spikes reach the synapses this many steps after they are emitted
    int maxDendriticDelaySteps = 0; // largest `steps` that addToPostDelay(x, steps) may use
    std::string targetCompartment;  // of a compartmental target; empty: its first compartment
    // Postsynaptic spikes reach the synapses' learning code this many steps after they are emitted
    // (GeNN's back-propagation delay): learn-post and post-spike code run then, and st_post is the
    // arrival. With an axonal delay a, a rule sees a post spike b - a steps later relative to the
    // pre spikes than without: NEST's dendritic delay d is a and b = a + d + 1 (docs/user_guide.md).
    int backPropDelaySteps = 0;
};

class SynapseGroup {
public:
    const std::string& name() const { return name_; }
    const NeuronGroup& source() const { return *source_; }
    const NeuronGroup& target() const { return *target_; }
    const ModelInstance<WeightUpdateModel>& weightUpdate() const { return spec_.weightUpdate; }
    const ModelInstance<PostsynapticModel>& postsynaptic() const { return spec_.postsynaptic; }
    const ConnectivityInstance& connectivity() const { return spec_.connectivity; }
    std::uint32_t axonalDelaySteps() const { return static_cast<std::uint32_t>(spec_.axonalDelaySteps); }
    std::uint32_t maxDendriticDelaySteps() const { return static_cast<std::uint32_t>(spec_.maxDendriticDelaySteps); }
    std::uint32_t backPropDelaySteps() const { return static_cast<std::uint32_t>(spec_.backPropDelaySteps); }
    // The compartment the input goes to (resolved: the first one when the spec named none); empty
    // when the target has no compartments.
    const std::string& targetCompartment() const { return spec_.targetCompartment; }

private:
    friend class Network;
    SynapseGroup(std::string name, SynapseSpec spec, const NeuronGroup* source, const NeuronGroup* target)
        : name_(std::move(name)), spec_(std::move(spec)), source_(source), target_(target) {}
    std::string name_;
    SynapseSpec spec_;
    const NeuronGroup* source_;
    const NeuronGroup* target_;
};

class CurrentSource {
public:
    const std::string& name() const { return name_; }
    const NeuronGroup& target() const { return *target_; }
    const ModelInstance<CurrentSourceModel>& model() const { return model_; }
    // As SynapseGroup::targetCompartment.
    const std::string& targetCompartment() const { return compartment_; }

private:
    friend class Network;
    CurrentSource(std::string name, ModelInstance<CurrentSourceModel> model, const NeuronGroup* target,
                  std::string compartment)
        : name_(std::move(name)), model_(std::move(model)), target_(target), compartment_(std::move(compartment)) {}
    std::string name_;
    ModelInstance<CurrentSourceModel> model_;
    const NeuronGroup* target_;
    std::string compartment_;
};

} // namespace spikegen
