// Network -> JSON. Built-ins are written by name only when the network's copy is identical to the
// library's, so that a model changed after it was taken from the library is never replaced by the
// original on reading.
#include "core/codegen/build_cache.h"
#include "core/io/model_definitions.h"
#include "core/io/model_file.h"
#include "core/io/spike_times_field.h"

#include <set>

namespace spikegen::io {
namespace {

// Collects the custom models of one kind, in the order they are first used.
template <class D>
class CustomModels {
public:
    CustomModels(const std::map<std::string, D>& library, const char* kind) : library_(library), kind_(kind) {}

    // Records `model` unless it is the library's model of that name; returns its name.
    const std::string& use(const D& model)
    {
        const Json description = describeModel(model);
        const auto builtin = library_.find(model.name);
        if (builtin != library_.end() && describeModel(builtin->second) == description) return model.name;
        for (const Json& known : definitions_)
            if (known["name"] == model.name) {
                if (known != description)
                    throw Error(std::string("cannot write the network: two different ") + kind_ + "s are both called '" +
                                model.name + "'");
                return model.name;
            }
        if (auto part = unwritablePart(model))
            throw Error(std::string("cannot write ") + kind_ + " '" + model.name + "' to a model file: " + *part);
        definitions_.push_back(description);
        return model.name;
    }
    const Json& definitions() const { return definitions_; }

private:
    const std::map<std::string, D>& library_;
    const char* kind_;
    Json definitions_ = Json::array();
};

class Writer {
public:
    explicit Writer(const ModelLibrary& l)
        : neurons_(l.neurons, "neuron model"), postsynaptic_(l.postsynaptic, "postsynaptic model"),
          weightUpdates_(l.weightUpdates, "weight update model"), currentSources_(l.currentSources, "current source model"),
          varInits_(l.varInits, "var-init snippet"), connectivity_(l.connectivity, "connectivity snippet")
    {
    }

    Json write(const Network& net)
    {
        Json groups = Json::array();
        for (const auto& g : net.neuronGroups()) {
            Json j = {{"name", g->name()}, {"size", g->size()}};
            instance(j, neurons_, {g->declaredModel(), g->model().params, g->model().varInits});
            dynamicParams(j, net.dynamicParams(g->name(), ""));
            j["record_spikes"] = g->spikeRecording();
            if (g->spikeTimes()) j["spike_times"] = describeSpikeTimes(*g->spikeTimes());
            for (const VarRecording& r : g->varRecordings()) {
                if (r.neurons.empty())
                    j["record_vars"][r.var] = r.everySteps;
                else
                    j["record_vars"][r.var] = {{"every", r.everySteps}, {"neurons", r.neurons}};
            }
            groups.push_back(j);
        }
        Json synapses = Json::array();
        for (const auto& s : net.synapseGroups()) {
            Json j = {{"name", s->name()}, {"source", s->source().name()}, {"target", s->target().name()}};
            instance(j["weight_update"], weightUpdates_, s->weightUpdate());
            dynamicParams(j["weight_update"], net.dynamicParams(s->name(), "weight_update."));
            if (const auto& shared = net.sharedVars(s->name()); !shared.empty())
                j["weight_update"]["shared_vars"] = std::vector<std::string>(shared.begin(), shared.end());
            instance(j["postsynaptic"], postsynaptic_, s->postsynaptic());
            dynamicParams(j["postsynaptic"], net.dynamicParams(s->name(), "postsynaptic."));
            j["connectivity"] = {{"snippet", connectivity_.use(s->connectivity().snippet)},
                                 {"params", s->connectivity().params}};
            j["axonal_delay_steps"] = s->axonalDelaySteps();
            j["max_dendritic_delay_steps"] = s->maxDendriticDelaySteps();
            if (s->backPropDelaySteps() > 0) j["back_prop_delay_steps"] = s->backPropDelaySteps();
            if (!s->targetCompartment().empty()) j["target_compartment"] = s->targetCompartment();
            synapses.push_back(j);
        }
        Json sources = Json::array();
        for (const auto& c : net.currentSources()) {
            Json j = {{"name", c->name()}, {"target", c->target().name()}};
            instance(j, currentSources_, c->model());
            dynamicParams(j, net.dynamicParams(c->name(), ""));
            if (!c->targetCompartment().empty()) j["target_compartment"] = c->targetCompartment();
            sources.push_back(j);
        }
        Json root;
        root["version"] = 1;
        root["name"] = net.name();
        root["dt"] = net.options().dt;
        root["precision"] = net.options().precision == Precision::Double ? "double" : "float";
        root["seed"] = net.options().seed;
        if (net.options().deterministic) root["deterministic"] = true;
        if (const auto& wiring = net.options().connectivitySeed) root["connectivity_seed"] = *wiring;
        Json models = Json::object();
        const std::pair<const char*, const Json*> sections[] = {
            {"neurons", &neurons_.definitions()},          {"postsynaptic", &postsynaptic_.definitions()},
            {"weight_updates", &weightUpdates_.definitions()}, {"current_sources", &currentSources_.definitions()},
            {"var_inits", &varInits_.definitions()},        {"connectivity", &connectivity_.definitions()}};
        for (const auto& [key, definitions] : sections)
            if (!definitions->empty()) models[key] = *definitions;
        if (!models.empty()) root["models"] = models;
        root["neuron_groups"] = groups;
        root["synapse_groups"] = synapses;
        root["current_sources"] = sources;
        return root;
    }

private:
    static void dynamicParams(Json& j, const std::set<std::string>& names)
    {
        if (!names.empty())
            j["dynamic_params"] = std::vector<std::string>(names.begin(), names.end());
    }

    template <class D>
    void instance(Json& j, CustomModels<D>& models, const ModelInstance<D>& m)
    {
        j["model"] = models.use(m.model);
        j["params"] = Json::object();
        for (const auto& [name, value] : m.params) j["params"][name] = value;
        j["var_inits"] = Json::object();
        for (const auto& [name, init] : m.varInits) {
            if (auto constant = init.constant())
                j["var_inits"][name] = *constant;
            else
                j["var_inits"][name] = {{"snippet", varInits_.use(init.snippet)}, {"params", init.params}};
        }
    }

    CustomModels<NeuronModel> neurons_;
    CustomModels<PostsynapticModel> postsynaptic_;
    CustomModels<WeightUpdateModel> weightUpdates_;
    CustomModels<CurrentSourceModel> currentSources_;
    CustomModels<VarInitSnippet> varInits_;
    CustomModels<ConnectivitySnippet> connectivity_;
};

} // namespace

std::string writeModel(const Network& network, const ModelLibrary& library)
{
    return Writer(library).write(network).dump(2) + "\n";
}

void writeModelFile(const Network& network, const ModelLibrary& library, const std::filesystem::path& path)
{
    writeFileAtomically(path, writeModel(network, library));
}

} // namespace spikegen::io
