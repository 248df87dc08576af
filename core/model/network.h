// A Network holds neuron groups, synapse groups and current sources, and validates each as it is
// added: every error names the group and the parameter, variable or name that is wrong.
#pragma once
#include "core/model/groups.h"

#include <map>
#include <memory>
#include <set>

namespace spikegen {

enum class Precision { Float, Double };

// Bounds that keep every index of generated code inside its 32-bit type (docs/security.md).
inline constexpr std::uint32_t kMaxNeuronGroupSize = 0x7FFFFFFFu;
inline constexpr int kMaxDelaySteps = 1 << 24;

struct NetworkOptions {
    double dt = 0.1;               // ms
    Precision precision = Precision::Float;
    std::uint64_t seed = 1234;     // keys every random stream (connectivity, initial values, simulation)
    // Sum synaptic input in 64-bit fixed point (core/codegen/fixed_point_device.inc), so that spikes
    // and variables have the same bits on every backend and thread count (docs/user_guide.md).
    bool deterministic = false;
    // Read the random streams' keys from backend memory instead of writing them into the generated
    // code, so that networks that differ only in their seed share one compiled program (sweeps).
    bool dynamicSeed = false;
    // Keys the connectivity's random streams instead of `seed` when set: networks that differ in
    // their seed then share one wiring (the instances of a batch do; SimulationOptions).
    std::optional<std::uint64_t> connectivitySeed;
};

class Network {
public:
    explicit Network(std::string name, NetworkOptions options = {});
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    NeuronGroup& addNeuronGroup(const std::string& name, std::uint32_t size, NeuronModel model,
                                ParamValues params, VarInits varInits);
    SynapseGroup& addSynapseGroup(const std::string& name, SynapseSpec spec);
    // `compartment`: of a compartmental target (empty: its first compartment).
    CurrentSource& addCurrentSource(const std::string& name, const std::string& target,
                                    CurrentSourceModel model, ParamValues params, VarInits varInits = {},
                                    const std::string& compartment = {});

    const std::string& name() const { return name_; }
    const NetworkOptions& options() const { return options_; }
    void setSeed(std::uint64_t seed) { options_.seed = seed; }
    void setDeterministic(bool deterministic) { options_.deterministic = deterministic; }
    void setSeedDynamic(bool dynamic) { options_.dynamicSeed = dynamic; }
    void setConnectivitySeed(std::optional<std::uint64_t> seed) { options_.connectivitySeed = seed; }

    // Groups in the order they were added.
    const std::vector<std::unique_ptr<NeuronGroup>>& neuronGroups() const { return neuronGroups_; }
    const std::vector<std::unique_ptr<SynapseGroup>>& synapseGroups() const { return synapseGroups_; }
    const std::vector<std::unique_ptr<CurrentSource>>& currentSources() const { return currentSources_; }

    // Throw spikegen::Error listing the known names when `name` is not there.
    NeuronGroup& neuronGroup(const std::string& name);
    const NeuronGroup& neuronGroup(const std::string& name) const;
    const SynapseGroup& synapseGroup(const std::string& name) const;

    // Parameters of any group by name (parameter sweeps, core/runtime/sweep.h). A synapse group's
    // parameter may be qualified by the part that has it ("postsynaptic.tau", "weight_update.g",
    // "connectivity.prob"); unqualified, the name must belong to one part only. An unknown group or
    // parameter throws spikegen::Error listing the known ones.
    double param(const std::string& group, const std::string& param) const;
    // Changes a parameter, checked as when the group was added (a connection probability of 1.5 is
    // refused and the network left as it was).
    void setParam(const std::string& group, const std::string& param, double value);
    // Changes several at once, all or none: checks that relate parameters (a < b) see the new set.
    struct ParamChange {
        std::string group, param;
        double value;
    };
    void setParams(const std::vector<ParamChange>& changes);
    // The names param() takes for `group` (qualified for synapse groups).
    std::vector<std::string> paramNames(const std::string& group) const;

    // A dynamic parameter is read from backend memory instead of being written into the generated
    // code as a number (GeNN's dynamic parameters): a Simulation can change it between runs
    // (Simulation::setParam), and networks that differ only in its value share one compiled
    // program (parameter sweeps compile once). Connectivity parameters, which shape the
    // connectivity when it is built, and the parameters of models given as equations, whose
    // integration is worked out from their values, cannot be dynamic (setParamDynamic refuses them).
    void setParamDynamic(const std::string& group, const std::string& param, bool dynamic = true);
    bool paramIsDynamic(const std::string& group, const std::string& param) const;
    bool paramCanBeDynamic(const std::string& group, const std::string& param) const;
    // The dynamic parameters of one part of `group` ("", "weight_update." or "postsynaptic.").
    const std::set<std::string>& dynamicParams(const std::string& group, const std::string& part) const;

    // A per-synapse variable of a synapse group's weight update that the instances of a batch
    // share (one copy, as GeNN's read-only variables) instead of holding one each: no code of the
    // group may assign it and its initialiser may draw no random numbers, so that every instance
    // would hold the same values (the plan checks both). Instances that build their own
    // connectivity keep their own copies.
    void setVarShared(const std::string& synapseGroup, const std::string& var, bool shared = true);
    bool varIsShared(const std::string& synapseGroup, const std::string& var) const;
    const std::set<std::string>& sharedVars(const std::string& synapseGroup) const;

private:
    struct ParamSlot;
    ParamSlot paramsOf(const std::string& group) const;
    ParamSlot findParam(const std::string& group, const std::string& param) const;
    void checkNewName(const std::string& kind, const std::string& name) const;
    std::string name_;
    NetworkOptions options_;
    std::vector<std::unique_ptr<NeuronGroup>> neuronGroups_;
    std::vector<std::unique_ptr<SynapseGroup>> synapseGroups_;
    std::vector<std::unique_ptr<CurrentSource>> currentSources_;
    std::map<std::pair<std::string, std::string>, std::set<std::string>> dynamic_; // (group, part) -> names
    std::map<std::string, std::set<std::string>> shared_; // synapse group -> variables its batch shares
};

} // namespace spikegen
