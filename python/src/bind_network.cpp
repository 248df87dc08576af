// Network, its groups, the model instances a group is built from (WeightUpdate, Postsynaptic),
// and the standard networks by name.
#include "bindings.h"

#include "core/error.h"
#include "core/model/network.h"
#include "models/networks/standard_networks.h"

#include <nanobind/stl/map.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

namespace spikegen::python {
namespace {

Precision parsePrecision(const std::string& precision)
{
    if (precision == "float")
        return Precision::Float;
    if (precision == "double")
        return Precision::Double;
    throw Error("precision '" + precision + "': expected 'float' or 'double'");
}

std::string precisionName(Precision p) { return p == Precision::Double ? "double" : "float"; }

template <class Group>
std::vector<const Group*> groupsOf(const std::vector<std::unique_ptr<Group>>& groups)
{
    std::vector<const Group*> out;
    for (const auto& g : groups)
        out.push_back(g.get());
    return out;
}

template <class Descriptor>
void bindInstance(nb::module_& m, const char* name, const char* doc)
{
    using Instance = ModelInstance<Descriptor>;
    nb::class_<Instance>(m, name, doc)
        .def(
            "__init__",
            [](Instance* i, Descriptor model, ParamValues params, VarInits varInits) {
                new (i) Instance{std::move(model), std::move(params), std::move(varInits)};
            },
            nb::arg("model"), nb::arg("params") = ParamValues{}, nb::arg("var_inits") = VarInits{})
        .def_rw("model", &Instance::model)
        .def_rw("params", &Instance::params)
        .def_rw("var_inits", &Instance::varInits);
}

void bindGroups(nb::module_& m)
{
    nb::class_<NeuronGroup>(m, "NeuronGroup", "A population of neurons of one model (created by Network).")
        .def_prop_ro("name", &NeuronGroup::name)
        .def_prop_ro("size", &NeuronGroup::size)
        .def_prop_ro("model", [](const NeuronGroup& g) { return g.model().model; },
                     "the model that runs (with compartments: the flat model, names like V_dend)")
        .def_prop_ro("declared_model", &NeuronGroup::declaredModel, "the model as given, with its compartments")
        .def_prop_ro("compartments", &NeuronGroup::compartments)
        .def_prop_ro("params", [](const NeuronGroup& g) { return g.model().params; })
        .def_prop_rw("record_spikes", &NeuronGroup::spikeRecording, &NeuronGroup::setSpikeRecording,
                     "record this group's spikes (set before building a Simulation)")
        .def("set_var_recording", &NeuronGroup::setVarRecording, nb::arg("var"), nb::arg("every_steps") = 1,
             nb::arg("neurons") = std::vector<std::uint32_t>{}, nb::rv_policy::reference,
             "Records `var` after each step that is a multiple of every_steps, in backend memory "
             "(Simulation.recorded_var reads it), for every neuron or only `neurons` (indices, each once, in "
             "the order of the recorded columns); set before building a Simulation.")
        .def(
            "set_spike_times",
            [](NeuronGroup& g, std::vector<std::vector<double>> perNeuron) -> NeuronGroup& {
                return g.setSpikeTimes(perNeuron);
            },
            nb::arg("times"), nb::rv_policy::reference,
            "The times (ms) each neuron fires at: one sequence (list or numpy array) per neuron, each in order "
            "(models.SpikeSourceArray).")
        .def(
            "set_spike_times",
            [](NeuronGroup& g, std::vector<double> times, std::vector<std::int64_t> ids) -> NeuronGroup& {
                return g.setSpikeTimes(times, ids);
            },
            nb::arg("times"), nb::arg("ids"), nb::rv_policy::reference,
            "The same as (time, neuron id) pairs: two equally long sequences or numpy arrays.")
        .def_prop_ro(
            "var_recordings",
            [](const NeuronGroup& g) {
                std::map<std::string, std::uint32_t> out;
                for (const VarRecording& r : g.varRecordings())
                    out[r.var] = r.everySteps;
                return out;
            },
            "{var: every_steps} of the recorded variables")
        .def("__repr__", [](const NeuronGroup& g) {
            return "NeuronGroup('" + g.name() + "', " + std::to_string(g.size()) + ", '" + g.model().model.name + "')";
        });
    nb::class_<SynapseGroup>(m, "SynapseGroup", "A projection from one neuron group to another (created by Network).")
        .def_prop_ro("name", &SynapseGroup::name)
        .def_prop_ro("source", [](const SynapseGroup& s) { return s.source().name(); })
        .def_prop_ro("target", [](const SynapseGroup& s) { return s.target().name(); })
        .def_prop_ro("weight_update", [](const SynapseGroup& s) { return s.weightUpdate(); })
        .def_prop_ro("postsynaptic", [](const SynapseGroup& s) { return s.postsynaptic(); })
        .def_prop_ro("connectivity", [](const SynapseGroup& s) { return s.connectivity(); })
        .def_prop_ro("axonal_delay_steps", &SynapseGroup::axonalDelaySteps)
        .def_prop_ro("back_prop_delay_steps", &SynapseGroup::backPropDelaySteps)
        .def_prop_ro("max_dendritic_delay_steps", &SynapseGroup::maxDendriticDelaySteps)
        .def_prop_ro("target_compartment", &SynapseGroup::targetCompartment)
        .def("__repr__", [](const SynapseGroup& s) {
            return "SynapseGroup('" + s.name() + "', '" + s.source().name() + "' -> '" + s.target().name() + "')";
        });
    nb::class_<CurrentSource>(m, "CurrentSource", "Current injected into a neuron group (created by Network).")
        .def_prop_ro("name", &CurrentSource::name)
        .def_prop_ro("target", [](const CurrentSource& c) { return c.target().name(); })
        .def_prop_ro("model", [](const CurrentSource& c) { return c.model().model; })
        .def_prop_ro("params", [](const CurrentSource& c) { return c.model().params; })
        .def_prop_ro("target_compartment", &CurrentSource::targetCompartment);
}

void bindNetworkClass(nb::module_& m)
{
    constexpr auto ref = nb::rv_policy::reference_internal;
    nb::class_<Network>(m, "Network", "Neuron groups, synapse groups and current sources, each validated as it is added.")
        .def(
            "__init__",
            [](Network* n, std::string name, double dt, std::string precision, std::uint64_t seed, bool deterministic) {
                new (n) Network(std::move(name), NetworkOptions{dt, parsePrecision(precision), seed, deterministic});
            },
            nb::arg("name"), nb::arg("dt") = 0.1, nb::arg("precision") = "float", nb::arg("seed") = 1234,
            nb::arg("deterministic") = false,
            "A network; dt in ms, precision 'float' or 'double', the seed of every random stream; deterministic: "
            "synaptic input summed in fixed point, so that every backend gives the same bits.")
        .def_prop_ro("name", &Network::name)
        .def_prop_ro("dt", [](const Network& n) { return n.options().dt; })
        .def_prop_ro("precision", [](const Network& n) { return precisionName(n.options().precision); })
        .def_prop_rw("seed", [](const Network& n) { return n.options().seed; }, &Network::setSeed)
        .def_prop_rw(
            "connectivity_seed", [](const Network& n) { return n.options().connectivitySeed; },
            [](Network& n, std::optional<std::uint64_t> seed) { n.setConnectivitySeed(seed); },
            "Keys the connectivity's random streams instead of seed when set (None: seed); the instances of a "
            "batch share the wiring it gives.")
        .def_prop_rw("deterministic", [](const Network& n) { return n.options().deterministic; },
                     &Network::setDeterministic)
        .def("param", &Network::param, nb::arg("group"), nb::arg("param"),
             "A parameter's value; a synapse group's may be qualified: 'postsynaptic.tau', 'weight_update.g', "
             "'connectivity.prob'.")
        .def("set_param", &Network::setParam, nb::arg("group"), nb::arg("param"), nb::arg("value"),
             "Changes a parameter, checked as when the group was added (a bad value raises Error, changing nothing).")
        .def("param_names", &Network::paramNames, nb::arg("group"), "The names param() takes for the group.")
        .def("set_param_dynamic", &Network::setParamDynamic, nb::arg("group"), nb::arg("param"),
             nb::arg("dynamic") = true,
             "Reads the parameter from backend memory instead of compiling it in: Simulation.set_param changes it "
             "while the simulation runs, and networks that differ only in its value share one compiled program. "
             "Connectivity parameters and those of models given as equations cannot be dynamic (Error).")
        .def("param_is_dynamic", &Network::paramIsDynamic, nb::arg("group"), nb::arg("param"))
        .def("set_var_shared", &Network::setVarShared, nb::arg("synapse_group"), nb::arg("var"), nb::arg("shared") = true,
             "The instances of a batch share one copy of this per-synapse variable (GeNN's read-only variables): no "
             "code may assign it and its initialiser may draw no random numbers (Error when the simulation is built).")
        .def("var_is_shared", &Network::varIsShared, nb::arg("synapse_group"), nb::arg("var"))
        .def_prop_rw("seed_dynamic", [](const Network& n) { return n.options().dynamicSeed; }, &Network::setSeedDynamic,
                     "Read the random streams' keys from backend memory: networks that differ only in their seed "
                     "share one compiled program.")
        .def(
            "add_neuron_group",
            [](Network& n, const std::string& name, std::uint32_t size, NeuronModel model, ParamValues params,
               VarInits varInits, bool recordSpikes, std::map<std::string, std::uint32_t> recordVars) -> NeuronGroup& {
                NeuronGroup& g = n.addNeuronGroup(name, size, std::move(model), std::move(params), std::move(varInits));
                g.setSpikeRecording(recordSpikes);
                for (const auto& [var, every] : recordVars)
                    g.setVarRecording(var, every);
                return g;
            },
            nb::arg("name"), nb::arg("size"), nb::arg("model"), nb::arg("params") = ParamValues{},
            nb::arg("var_inits") = VarInits{}, nb::arg("record_spikes") = false,
            nb::arg("record_vars") = std::map<std::string, std::uint32_t>{}, ref,
            "A neuron group; record_vars: {var: every_steps} recorded in backend memory (Simulation.recorded_var).")
        .def(
            "add_synapse_group",
            [](Network& n, const std::string& name, std::string source, std::string target,
               ModelInstance<WeightUpdateModel> weightUpdate, ModelInstance<PostsynapticModel> postsynaptic,
               ConnectivityInstance connectivity, int axonalDelaySteps, int maxDendriticDelaySteps,
               std::string targetCompartment, int backPropDelaySteps) -> SynapseGroup& {
                return n.addSynapseGroup(name, SynapseSpec{std::move(source), std::move(target), std::move(weightUpdate),
                                                           std::move(postsynaptic), std::move(connectivity),
                                                           axonalDelaySteps, maxDendriticDelaySteps,
                                                           std::move(targetCompartment), backPropDelaySteps});
            },
            nb::arg("name"), nb::arg("source"), nb::arg("target"), nb::arg("weight_update"), nb::arg("postsynaptic"),
            nb::arg("connectivity"), nb::arg("axonal_delay_steps") = 0, nb::arg("max_dendritic_delay_steps") = 0,
            nb::arg("target_compartment") = "", nb::arg("back_prop_delay_steps") = 0, ref,
            "target_compartment: of a compartmental target (default: its first compartment); back_prop_delay_steps: "
            "postsynaptic spikes reach the learning code that many steps after they are emitted.")
        .def("add_current_source", &Network::addCurrentSource, nb::arg("name"), nb::arg("target"), nb::arg("model"),
             nb::arg("params") = ParamValues{}, nb::arg("var_inits") = VarInits{}, nb::arg("target_compartment") = "",
             ref)
        .def_prop_ro("neuron_groups", [](const Network& n) { return groupsOf(n.neuronGroups()); }, ref)
        .def_prop_ro("synapse_groups", [](const Network& n) { return groupsOf(n.synapseGroups()); }, ref)
        .def_prop_ro("current_sources", [](const Network& n) { return groupsOf(n.currentSources()); }, ref)
        .def("neuron_group", nb::overload_cast<const std::string&>(&Network::neuronGroup), nb::arg("name"), ref)
        .def("synapse_group", &Network::synapseGroup, nb::arg("name"), ref)
        .def("__repr__", [](const Network& n) {
            return "Network('" + n.name() + "', " + std::to_string(n.neuronGroups().size()) + " neuron groups, " +
                   std::to_string(n.synapseGroups().size()) + " synapse groups)";
        });
}

void bindStandardNetworks(nb::module_& m)
{
    m.def(
        "standard_networks",
        [] {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& n : models::standardNetworks())
                out.emplace_back(n.name, n.description);
            return out;
        },
        "The standard networks: [(name, description)].");
    m.def(
        "standard_network",
        [](const std::string& name, std::uint64_t seed, double scale, double inDegreeScale, bool recordSpikes,
           bool individualWeights, const std::string& precision, double dt, double learningRateScale,
           bool deterministic) {
            models::StandardNetworkOptions o;
            o.seed = seed;
            o.scale = scale;
            o.inDegreeScale = inDegreeScale;
            o.recordSpikes = recordSpikes;
            o.individualWeights = individualWeights;
            o.precision = parsePrecision(precision);
            o.dt = dt;
            o.learningRateScale = learningRateScale;
            auto network = models::makeStandardNetwork(name, o);
            network->setDeterministic(deterministic);
            return network;
        },
        nb::arg("name"), nb::arg("seed") = 1234, nb::arg("scale") = 1.0, nb::arg("in_degree_scale") = 1.0,
        nb::arg("record_spikes") = true, nb::arg("individual_weights") = false, nb::arg("precision") = "float",
        nb::arg("dt") = 0.1, nb::arg("learning_rate_scale") = 1.0, nb::arg("deterministic") = false,
        "A standard network by name (standard_networks() lists them), with its options.");
}

} // namespace

void bindNetwork(nb::module_& m)
{
    bindInstance<WeightUpdateModel>(m, "WeightUpdate", "A weight-update model with its parameters and initial values.");
    bindInstance<PostsynapticModel>(m, "Postsynaptic", "A postsynaptic model with its parameters and initial values.");
    bindGroups(m);
    bindNetworkClass(m);
    bindStandardNetworks(m);
}

} // namespace spikegen::python
