// Model descriptors (NeuronModel, PostsynapticModel, WeightUpdateModel, CurrentSourceModel,
// VarInitSnippet, ConnectivitySnippet), their parts (Var, DerivedParam, ParamCheck), initialisers,
// and the built-in models (spikegen.models) and init snippets (spikegen.init). Descriptors take
// their fields as keyword arguments: NeuronModel(name="Leaky", params=["tau"], sim_code="...").
#include "bindings.h"

#include "core/error.h"
#include "models/compartmental.h"
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/shared_draw_snippets.h"
#include "models/spike_sources.h"
#include "models/synapses.h"

#include <nanobind/stl/function.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <functional>
#include <map>
#include <memory>

namespace spikegen::python {
namespace {

// A keyword argument of a descriptor as the field's C++ type, or a TypeError that names the field.
template <class M>
M convert(const std::string& field, nb::handle value)
{
    M converted{};
    if (!nb::try_cast<M>(value, converted))
        throw nb::type_error(("field '" + field + "' cannot be a " + nb::type_name(value.type()).c_str()).c_str());
    return converted;
}

// A descriptor class whose fields are both attributes and keyword arguments of its constructor.
template <class T>
class Descriptor {
public:
    Descriptor(nb::module_& m, const char* name, const char* doc) : cls_(m, name, doc)
    {
        cls_.def("__init__", [setters = setters_](T* self, nb::kwargs fields) {
            new (self) T();
            for (auto [key, value] : fields) {
                const std::string field = nb::cast<std::string>(key);
                const auto setter = setters->find(field);
                if (setter == setters->end())
                    throw nb::type_error(("unknown field '" + field + "'").c_str());
                setter->second(*self, value);
            }
        });
        cls_.def("__repr__", [name = std::string(name)](const T& t) { return name + "(name='" + t.name + "')"; });
    }

    template <class M, class C>
    Descriptor& field(const char* name, M C::*member, const char* doc)
    {
        static_assert(std::is_base_of_v<C, T>);
        M T::*own = member;
        cls_.def_rw(name, own, doc);
        (*setters_)[name] = [own, name = std::string(name)](T& t, nb::handle value) { t.*own = convert<M>(name, value); };
        return *this;
    }

    template <class Get, class Set>
    Descriptor& property(const char* name, Get get, Set set, const char* doc)
    {
        cls_.def_prop_rw(name, get, set, doc);
        (*setters_)[name] = [set, name = std::string(name)](T& t, nb::handle value) {
            set(t, convert<std::string>(name, value));
        };
        return *this;
    }

    // The fields every descriptor has (ModelBase).
    Descriptor& base()
    {
        return field("name", &ModelBase::name, "name (letters, digits and '_')")
            .field("params", &ModelBase::params, "parameter names (assign a whole list)")
            .field("derived_params", &ModelBase::derivedParams, "parameters computed from the others and dt")
            .field("vars", &ModelBase::vars, "state variables (Var)")
            .field("param_checks", &ModelBase::paramChecks, "conditions on the parameter values (ParamCheck)");
    }

private:
    nb::class_<T> cls_;
    std::shared_ptr<std::map<std::string, std::function<void(T&, nb::handle)>>> setters_ =
        std::make_shared<std::map<std::string, std::function<void(T&, nb::handle)>>>();
};

void bindParts(nb::module_& m)
{
    nb::class_<VarDecl>(m, "Var", "A state variable: its name, type (scalar, float, double, int, unsigned, bool) "
                                  "and an optional initial value used when none is given.")
        .def(
            "__init__",
            [](VarDecl* v, std::string name, std::string type, std::optional<double> initial) {
                new (v) VarDecl{std::move(name), std::move(type), initial};
            },
            nb::arg("name"), nb::arg("type") = "scalar", nb::arg("initial") = nb::none())
        .def_rw("name", &VarDecl::name)
        .def_rw("type", &VarDecl::type)
        .def_rw("initial", &VarDecl::initial)
        .def("__repr__", [](const VarDecl& v) { return "Var('" + v.name + "', '" + v.type + "')"; });
    nb::class_<DerivedParam>(m, "DerivedParam",
                             "A parameter computed from the parameter values and dt: an expression over them "
                             "(writable to model files), or a callable f(params: dict, dt: float) -> float.")
        .def(nb::init<std::string, std::string>(), nb::arg("name"), nb::arg("expression"))
        .def(
            "__init__",
            [](DerivedParam* d, std::string name, nb::callable function) {
                // A result that is no number is a TypeError naming the parameter, not a bad_cast.
                auto call = [name, function](const ParamValues& params, double dt) {
                    nb::gil_scoped_acquire gil;
                    nb::object result = function(params, dt);
                    double value = 0;
                    if (!nb::try_cast<double>(result, value))
                        throw nb::type_error(("derived parameter '" + name + "': the function returned a " +
                                              nb::type_name(result.type()).c_str() + ", not a number")
                                                 .c_str());
                    return value;
                };
                new (d) DerivedParam(name, std::function<double(const ParamValues&, double)>(call));
            },
            nb::arg("name"), nb::arg("function"))
        .def_ro("name", &DerivedParam::name)
        .def_ro("expression", &DerivedParam::expression);
    nb::class_<ParamCheck>(m, "ParamCheck", "A condition on the parameters (an expression) and the message if it fails.")
        .def(
            "__init__",
            [](ParamCheck* c, std::string expression, std::string message) {
                new (c) ParamCheck{std::move(expression), std::move(message)};
            },
            nb::arg("expression"), nb::arg("message") = "")
        .def_rw("expression", &ParamCheck::expression)
        .def_rw("message", &ParamCheck::message);
    nb::class_<CompartmentEvent>(m, "CompartmentEvent",
                                 "An event of a compartment (a dendritic spike): when `condition` holds after a step's "
                                 "integration, `reset` runs (both in the compartment's own names).")
        .def(
            "__init__",
            [](CompartmentEvent* e, std::string name, std::string condition, std::string reset) {
                new (e) CompartmentEvent{std::move(name), std::move(condition), std::move(reset)};
            },
            nb::arg("name"), nb::arg("condition"), nb::arg("reset") = "")
        .def_rw("name", &CompartmentEvent::name)
        .def_rw("condition", &CompartmentEvent::condition)
        .def_rw("reset", &CompartmentEvent::reset);
    nb::class_<Compartment>(m, "Compartment",
                            "A compartment of a neuron (docs/user_guide.md, 'Compartments'): its params, vars, "
                            "equations, events and sim code use local names; V of 'dend' is the neuron variable V_dend.")
        .def(
            "__init__",
            [](Compartment* c, std::string name, std::vector<std::string> params, std::vector<VarDecl> vars,
               std::string equations, std::vector<CompartmentEvent> events, std::string simCode) {
                new (c) Compartment{std::move(name), std::move(params), std::move(vars), std::move(equations),
                                    std::move(events), std::move(simCode)};
            },
            nb::arg("name"), nb::arg("params") = std::vector<std::string>{}, nb::arg("vars") = std::vector<VarDecl>{},
            nb::arg("equations") = "", nb::arg("events") = std::vector<CompartmentEvent>{}, nb::arg("sim_code") = "")
        .def_rw("name", &Compartment::name)
        .def_rw("params", &Compartment::params)
        .def_rw("vars", &Compartment::vars)
        .def_rw("equations", &Compartment::equations)
        .def_rw("events", &Compartment::events)
        .def_rw("sim_code", &Compartment::simCode)
        .def("__repr__", [](const Compartment& c) { return "Compartment('" + c.name + "')"; });
    nb::class_<AxialCoupling>(m, "Coupling",
                              "Axial coupling of compartments a and b: conductance * (V_b - V_a) flows into a; the "
                              "conductance is an expression over the neuron's parameters.")
        .def(
            "__init__",
            [](AxialCoupling* c, std::string a, std::string b, std::string conductance) {
                new (c) AxialCoupling{std::move(a), std::move(b), std::move(conductance)};
            },
            nb::arg("a"), nb::arg("b"), nb::arg("conductance"))
        .def_rw("a", &AxialCoupling::a)
        .def_rw("b", &AxialCoupling::b)
        .def_rw("conductance", &AxialCoupling::conductance);
}

void bindDescriptors(nb::module_& m)
{
    Descriptor<NeuronModel>(m, "NeuronModel", "A neuron model: sim code (one step), threshold condition, reset code.")
        .base()
        .field("equations", &NeuronModel::equations,
               "ODEs, one per line ('dV/dt = (EL - V) / tau : mV'), integrated before the sim code")
        .field("integration_method", &NeuronModel::integrationMethod,
               "euler, rk2, rk4, exponential_euler or exact; empty: the best that applies")
        .field("sim_code", &NeuronModel::simCode, "code string run every step")
        .field("threshold_code", &NeuronModel::thresholdCode, "condition; empty: never spikes")
        .field("reset_code", &NeuronModel::resetCode, "code string run after a spike")
        .field("compartments", &NeuronModel::compartments, "named compartments (Compartment); the first is the soma")
        .field("couplings", &NeuronModel::couplings, "axial couplings between compartments (Coupling)");
    Descriptor<PostsynapticModel>(m, "PostsynapticModel", "Turns the accumulated input inSyn into current (Isyn).")
        .base()
        .field("equations", &PostsynapticModel::equations,
               "ODEs of the model's variables ('dgSyn/dt = -gSyn / tau'), integrated after apply_input_code")
        .field("integration_method", &PostsynapticModel::integrationMethod,
               "euler, rk2, rk4, exponential_euler or exact; empty: the best that applies")
        .field("apply_input_code", &PostsynapticModel::applyInputCode, "adds to Isyn")
        .field("decay_code", &PostsynapticModel::decayCode, "updates the state for the next step")
        .field("linear", &PostsynapticModel::linear, "linear in its input: identical inputs onto a group may share it");
    Descriptor<WeightUpdateModel>(m, "WeightUpdateModel", "What a synapse does at spikes, and how it learns.")
        .base()
        .field("sim_code", &WeightUpdateModel::simCode, "run for every synapse of an arriving presynaptic spike")
        .field("learn_post_code", &WeightUpdateModel::learnPostCode, "run for every synapse onto a spiking neuron")
        .field("synapse_dynamics_code", &WeightUpdateModel::synapseDynamicsCode, "run for every synapse every step")
        .field("pre_vars", &WeightUpdateModel::preVars, "variables per presynaptic neuron (traces)")
        .field("post_vars", &WeightUpdateModel::postVars, "variables per postsynaptic neuron (traces)")
        .field("pre_spike_code", &WeightUpdateModel::preSpikeCode, "run when a presynaptic spike arrives")
        .field("pre_dynamics_code", &WeightUpdateModel::preDynamicsCode, "run every step per presynaptic neuron")
        .field("post_spike_code", &WeightUpdateModel::postSpikeCode, "run when the postsynaptic neuron spikes")
        .field("post_dynamics_code", &WeightUpdateModel::postDynamicsCode, "run every step per postsynaptic neuron");
    Descriptor<CurrentSourceModel>(m, "CurrentSourceModel", "Injects current into every neuron of its target.")
        .base()
        .field("equations", &CurrentSourceModel::equations,
               "ODEs of the model's variables ('dI/dt = (amp - I) / tau'), integrated before the injection code")
        .field("integration_method", &CurrentSourceModel::integrationMethod,
               "euler, rk2, rk4, exponential_euler or exact; empty: the best that applies")
        .field("injection_code", &CurrentSourceModel::injectionCode, "calls injectCurrent(x)");
    Descriptor<VarInitSnippet>(m, "VarInitSnippet", "Initial values of a variable: code that assigns `value`.")
        .base()
        .field("code", &VarInitSnippet::code, "code string");
    Descriptor<ConnectivitySnippet>(m, "ConnectivitySnippet", "Sparse connectivity built row by row, column by column, or dense.")
        .base()
        .field("row_build_code", &ConnectivitySnippet::rowBuildCode, "calls addSynapse(j) for the row of id_pre")
        .field("row_length_code", &ConnectivitySnippet::rowLengthCode, "optional: calls setRowLength(i, n)")
        .field("col_build_code", &ConnectivitySnippet::colBuildCode,
               "instead of row_build_code: calls addSynapse(i) for the column of id_post")
        .field("size_checks", &ConnectivitySnippet::sizeChecks,
               "conditions over the parameters, num_pre and num_post (ParamCheck)")
        .field("mean_row_length", &ConnectivitySnippet::meanRowLengthExpression, "expected row length (expression)")
        .field("dense", &ConnectivitySnippet::dense, "every pre/post pair")
        .property(
            "max_row_length", [](const ConnectivitySnippet& s) { return s.maxRowLengthExpression; },
            [](ConnectivitySnippet& s, const std::string& e) { setMaxRowLength(s, e); },
            "bound on the row length (expression over the parameters, num_pre and num_post)");

    nb::class_<VarInit>(m, "VarInit", "An initial value: a constant, or a VarInitSnippet with its parameters.")
        .def(nb::init<double>(), nb::arg("constant"))
        .def(nb::init<VarInitSnippet, ParamValues>(), nb::arg("snippet"), nb::arg("params") = ParamValues{})
        .def_ro("snippet", &VarInit::snippet)
        .def_ro("params", &VarInit::params)
        .def_prop_ro("constant", &VarInit::constant);
    nb::implicitly_convertible<double, VarInit>();
    nb::implicitly_convertible<int, VarInit>();
    nb::class_<ConnectivityInstance>(m, "Connectivity", "A connectivity snippet with its parameters.")
        .def(
            "__init__",
            [](ConnectivityInstance* c, ConnectivitySnippet snippet, ParamValues params) {
                new (c) ConnectivityInstance{std::move(snippet), std::move(params)};
            },
            nb::arg("snippet"), nb::arg("params") = ParamValues{})
        .def_rw("snippet", &ConnectivityInstance::snippet)
        .def_rw("params", &ConnectivityInstance::params);
}

void bindBuiltins(nb::module_& m)
{
    nb::module_ models = m.def_submodule("models", "The built-in models (docs/user_guide.md lists their parameters).");
    for (auto [name, make] : {std::pair{"LIF", &models::LIF}, std::pair{"LIFDelta", &models::LIFDelta},
                              std::pair{"Izhikevich", &models::Izhikevich},
                              std::pair{"IzhikevichVariable", &models::IzhikevichVariable},
                              std::pair{"Poisson", &models::Poisson}, std::pair{"AdEx", &models::AdEx},
                              std::pair{"HodgkinHuxley", &models::HodgkinHuxley}})
        models.def(name, make);
    models.def("SpikeSourceArray", &models::SpikeSourceArray,
               "Fires at the times given with NeuronGroup.set_spike_times, in the step that holds each time.");
    for (auto [name, make] : {std::pair{"DeltaCurr", &models::DeltaCurr}, std::pair{"ExpCurr", &models::ExpCurr},
                              std::pair{"ExpCond", &models::ExpCond},
                              std::pair{"AlphaCurr", &models::AlphaCurr}, std::pair{"AlphaCond", &models::AlphaCond}})
        models.def(name, make);
    for (auto [name, make] :
         {std::pair{"StaticPulse", &models::StaticPulse}, std::pair{"StaticPulseConstantWeight", &models::StaticPulseConstantWeight},
          std::pair{"StaticPulseDendriticDelay", &models::StaticPulseDendriticDelay},
          std::pair{"STDPAdditive", &models::STDPAdditive}, std::pair{"STDPAdditiveNearest", &models::STDPAdditiveNearest},
          std::pair{"STDPMultiplicative", &models::STDPMultiplicative}, std::pair{"STDPTriplet", &models::STDPTriplet},
          std::pair{"STDPInhibitory", &models::STDPInhibitory}, std::pair{"STDPPowerLaw", &models::STDPPowerLaw}})
        models.def(name, make);
    for (auto [name, make] : {std::pair{"DC", &models::DC}, std::pair{"ExternalCurrent", &models::ExternalCurrent},
                              std::pair{"GaussianNoise", &models::GaussianNoise},
                              std::pair{"PoissonInput", &models::PoissonInput},
                              std::pair{"PoissonExpCurr", &models::PoissonExpCurr},
                              std::pair{"PoissonAlphaCurr", &models::PoissonAlphaCurr}})
        models.def(name, make);
    models.def("LeakyCompartment", &models::LeakyCompartment, nb::arg("name"),
               "dV/dt = (gL * (EL - V) + I_axial + Isyn) / C; params C (pF), gL (nS), EL (mV).");
    models.def("DendriticSpikeCompartment", &models::DendriticSpikeCompartment, nb::arg("name"),
               "A leaky dendrite with Dendrify's dendritic spikes (models/compartmental.h lists its params and vars).");
    models.def("CompartmentalNeuron", &models::CompartmentalNeuron, nb::arg("name"), nb::arg("compartments"),
               nb::arg("couplings"),
               "A neuron of the compartments (the first is the soma, which fires as Dendrify's leaky IF soma).");
    models.def("exp_curr_charge_factor", &models::expCurrChargeFactor, nb::arg("tau"), nb::arg("dt"));
    models.def("triplet_minimal_visual_cortex", &models::tripletMinimalVisualCortex, nb::arg("w_min"), nb::arg("w_max"),
               "The parameters of STDPTriplet fitted to visual cortex (Pfister & Gerstner 2006, minimal all-to-all).");

    nb::module_ init = m.def_submodule("init", "The built-in initialisers of variables and connectivity.");
    init.def("Uniform", &init::Uniform, nb::arg("min"), nb::arg("max"));
    init.def("Normal", &init::Normal, nb::arg("mean"), nb::arg("sd"));
    init.def("NormalClipped", &init::NormalClipped, nb::arg("mean"), nb::arg("sd"), nb::arg("min"), nb::arg("max"));
    init.def("Exponential", &init::Exponential, nb::arg("rate"));
    init.def("NormalClippedDelay", &init::NormalClippedDelay, nb::arg("mean_ms"), nb::arg("sd_ms"), nb::arg("min_ms"),
             nb::arg("max_ms"));
    init.def("BlockValue", &init::BlockValue, nb::arg("within"), nb::arg("between"), nb::arg("pre_block"),
             nb::arg("post_block"));
    init.def("SharedUniform", &init::SharedUniform, nb::arg("from_"), nb::arg("to"));
    init.def("SharedUniformSquared", &init::SharedUniformSquared, nb::arg("from_"), nb::arg("to"));
    init.def("max_dendritic_delay_steps", &init::maxDendriticDelaySteps, nb::arg("max_ms"), nb::arg("dt_ms"));
    init.def("Dense", &init::Dense);
    init.def("OneToOne", &init::OneToOne);
    init.def("FixedProbability", &init::FixedProbability, nb::arg("prob"));
    init.def("FixedProbabilityNoAutapse", &init::FixedProbabilityNoAutapse, nb::arg("prob"));
    init.def("FixedNumberPostWithReplacement", &init::FixedNumberPostWithReplacement, nb::arg("row_length"));
    init.def("FixedNumberTotalWithReplacement", &init::FixedNumberTotalWithReplacement, nb::arg("total"));
    init.def("FixedNumberPre", &init::FixedNumberPre, nb::arg("num"));
    init.def("FixedNumberPreWithReplacement", &init::FixedNumberPreWithReplacement, nb::arg("num"));
}

} // namespace

void bindModels(nb::module_& m)
{
    bindParts(m);
    bindDescriptors(m);
    bindBuiltins(m);
}

} // namespace spikegen::python
