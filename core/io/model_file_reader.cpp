// JSON -> Network. Groups are added to the Network one by one, so that its own validation runs; its
// errors are re-thrown with the path of the element being added, narrowed to the parameter or
// variable they name where there is one.
#include "core/io/model_definitions.h"
#include "core/io/json_text.h"
#include "core/io/model_file.h"

#include "core/io/spike_times_field.h"
#include "core/model/compartments.h"
#include "core/model/safe_names.h"
#include "core/model/validation.h"

#include <cctype>
#include <fstream>
#include <limits>
#include <sstream>

namespace spikegen::io {
namespace {

const std::vector<std::string> kTopLevelKeys = {"version",        "name",           "dt",
                                                "precision",      "seed",           "deterministic",
                                                "models",         "neuron_groups",  "synapse_groups",
                                                "current_sources", "connectivity_seed"};

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The one element of `names` that `message` mentions: quoted ('x') if any is, else as a whole word
// (messages of parameter checks written in files need not quote). Nothing when it is ambiguous.
std::optional<std::string> mentionedName(const std::string& message, const std::vector<std::string>& names)
{
    for (bool quoted : {true, false}) {
        std::optional<std::string> found;
        int count = 0;
        for (const auto& n : names) {
            const std::string needle = quoted ? "'" + n + "'" : n;
            for (auto at = message.find(needle); at != std::string::npos; at = message.find(needle, at + 1)) {
                const bool whole = quoted || ((at == 0 || !isWordChar(message[at - 1])) &&
                                              (at + n.size() == message.size() || !isWordChar(message[at + n.size()])));
                if (whole) {
                    found = n;
                    ++count;
                    break;
                }
            }
        }
        if (count == 1) return found;
        if (count > 1) return std::nullopt;
    }
    return std::nullopt;
}

// Strips the "neuron group 'E', model 'LIF': " prefix of a Network error: the path says where.
std::string problemOf(const std::string& message)
{
    const auto colon = message.find("': ");
    return colon == std::string::npos ? message : message.substr(colon + 3);
}

// Runs `add` (a Network call) and puts its errors at `path`.
template <class Add>
auto addAt(const JsonPath& path, Add add) -> decltype(add())
{
    try {
        return add();
    } catch (const ModelFileError&) {
        throw;
    } catch (const Error& e) {
        throw ModelFileError(path, e.what());
    }
}

template <class D>
struct Definitions {
    std::map<std::string, D> custom;
    const std::map<std::string, D>* builtin = nullptr;
    const char* kind = "";

    const D& find(const std::string& name, const JsonPath& path) const
    {
        if (auto it = custom.find(name); it != custom.end()) return it->second;
        if (auto it = builtin->find(name); it != builtin->end()) return it->second;
        std::vector<std::string> known;
        std::string list;
        for (const auto* m : {&custom, builtin})
            for (const auto& [n, d] : *m) {
                known.push_back(n);
                list += (list.empty() ? "" : ", ") + n;
            }
        const std::string hint = suggestName(name, known);
        throw ModelFileError(path, std::string("unknown ") + kind + " " + printable(name) + (hint.empty() ? "" : "; " + hint) +
                                       " (known: " + list + ")");
    }
};

class Reader {
public:
    explicit Reader(const ModelLibrary& l)
    {
        neurons_ = {{}, &l.neurons, "neuron model"};
        postsynaptic_ = {{}, &l.postsynaptic, "postsynaptic model"};
        weightUpdates_ = {{}, &l.weightUpdates, "weight update model"};
        currentSources_ = {{}, &l.currentSources, "current source model"};
        varInits_ = {{}, &l.varInits, "var-init snippet"};
        connectivity_ = {{}, &l.connectivity, "connectivity snippet"};
    }

    std::unique_ptr<Network> read(const Json& root)
    {
        const JsonPath top;
        if (!root.is_object()) throwWrongType(top, "a spikegen model (an object)", root);
        bool anyModelKey = false;
        for (const auto& key : {"name", "neuron_groups", "synapse_groups", "models"}) anyModelKey |= root.contains(key);
        if (!anyModelKey)
            throw ModelFileError(top, "not a spikegen model: it has none of the fields name, neuron_groups, "
                                      "synapse_groups, models");
        Fields f(root, top, "a spikegen model", kTopLevelKeys);
        if (auto version = f.optionalInteger("version", 1, std::numeric_limits<std::uint32_t>::max()); version && *version != 1)
            throw ModelFileError(top / "version", "version " + std::to_string(*version) + " is not supported (this spikegen reads 1)");
        const std::string name = f.requiredName("name");
        NetworkOptions options;
        options.dt = f.optionalNumber("dt").value_or(options.dt);
        if (!(options.dt > 0)) throw ModelFileError(top / "dt", "must be a positive number of milliseconds");
        if (auto precision = f.optionalString("precision")) {
            if (*precision != "float" && *precision != "double")
                throw ModelFileError(top / "precision", "expected \"float\" or \"double\", found " + Json(*precision).dump(-1, ' ', true));
            options.precision = *precision == "double" ? Precision::Double : Precision::Float;
        }
        options.seed = f.optionalInteger("seed", 0, std::numeric_limits<std::uint64_t>::max()).value_or(options.seed);
        options.deterministic = f.optionalBool("deterministic").value_or(options.deterministic);
        options.connectivitySeed = f.optionalInteger("connectivity_seed", 0, std::numeric_limits<std::uint64_t>::max());
        options_ = options;
        // The name is checked already: what Network refuses here is dt.
        auto net = addAt(top / "dt", [&] { return std::make_unique<Network>(name, options); });
        if (const Json* models = f.optionalObject("models")) readModels(*models, top / "models");
        const Json& groups = f.requiredAny("neuron_groups");
        if (!groups.is_array()) throwWrongType(top / "neuron_groups", "an array", groups);
        for (std::size_t i = 0; i < groups.size(); ++i) neuronGroup(*net, groups[i], top / "neuron_groups" / i);
        if (const Json* synapses = f.optionalArray("synapse_groups"))
            for (std::size_t i = 0; i < synapses->size(); ++i) synapseGroup(*net, (*synapses)[i], top / "synapse_groups" / i);
        if (const Json* sources = f.optionalArray("current_sources"))
            for (std::size_t i = 0; i < sources->size(); ++i) currentSource(*net, (*sources)[i], top / "current_sources" / i);
        return net;
    }

private:
    template <class D, class ReadOne>
    void readSection(Fields& f, const char* key, Definitions<D>& into, ReadOne readOne)
    {
        const Json* list = f.optionalArray(key);
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const JsonPath path = f.path() / key / i;
            D model = readOne((*list)[i], path);
            if (into.custom.count(model.name))
                throw ModelFileError(path / "name", std::string("a second ") + into.kind + " called '" + model.name + "'");
            addAt(path, [&] { validateDescriptor(std::string(into.kind) + " definition", model); return 0; });
            into.custom.emplace(model.name, std::move(model));
        }
    }

    void readModels(const Json& models, const JsonPath& path)
    {
        Fields f(models, path, "the custom models",
                 {"neurons", "postsynaptic", "weight_updates", "current_sources", "var_inits", "connectivity"});
        readSection(f, "neurons", neurons_, readNeuronModel);
        readSection(f, "postsynaptic", postsynaptic_, readPostsynapticModel);
        readSection(f, "weight_updates", weightUpdates_, readWeightUpdateModel);
        readSection(f, "current_sources", currentSources_, readCurrentSourceModel);
        readSection(f, "var_inits", varInits_, readVarInitSnippet);
        readSection(f, "connectivity", connectivity_, readConnectivitySnippet);
    }

    static ParamValues params(const Json* object, const JsonPath& path)
    {
        ParamValues values;
        if (!object) return values;
        if (!object->is_object()) throwWrongType(path, "an object of parameter values", *object);
        for (const auto& [name, value] : object->items()) {
            if (!value.is_number()) throwWrongType(path / name, "a number", value);
            values[name] = value.get<double>();
        }
        return values;
    }

    // validateParams with the error at the parameter it names: "/.../params/prob: ...".
    void checkParams(const ModelBase& model, const ParamValues& values, const JsonPath& path) const
    {
        try {
            validateParams("", model, values, &options_);
        } catch (const Error& e) {
            const std::string problem = problemOf(e.what());
            std::vector<std::string> given;
            for (const auto& [n, v] : values) given.push_back(n);
            if (problem.rfind("missing value", 0) == 0) throw ModelFileError(path, problem);
            const std::string unknown = "unknown parameter '";
            if (problem.rfind(unknown, 0) == 0)
                throw ModelFileError(path / problem.substr(unknown.size(), problem.find('\'', unknown.size()) - unknown.size()),
                                     problem);
            const auto name = mentionedName(problem, given);
            throw ModelFileError(name ? path / *name : path, problem);
        }
    }

    VarInits varInits(const Json* object, const JsonPath& path)
    {
        VarInits inits;
        if (!object) return inits;
        if (!object->is_object()) throwWrongType(path, "an object of variable initialisers", *object);
        for (const auto& [name, value] : object->items()) {
            const JsonPath at = path / name;
            if (value.is_number()) {
                inits.emplace(name, VarInit(value.get<double>()));
                continue;
            }
            if (!value.is_object()) throwWrongType(at, "a number or {\"snippet\": ..., \"params\": {...}}", value);
            Fields f(value, at, "a variable initialiser", {"snippet", "params"});
            const VarInitSnippet& snippet = varInits_.find(f.requiredString("snippet"), at / "snippet");
            ParamValues values = params(f.optionalObject("params"), at / "params");
            checkParams(snippet, values, at / "params");
            inits.emplace(name, VarInit(snippet, std::move(values)));
        }
        return inits;
    }

    // {"model": NAME, "params": {...}, "var_inits": {...}} into `instance`, checked at its paths.
    template <class D>
    ModelInstance<D> instance(Fields& f, const Definitions<D>& definitions)
    {
        ModelInstance<D> m;
        m.model = definitions.find(f.requiredString("model"), f.path() / "model");
        // A compartmental neuron's values are named as in its flat model (C_soma, V_dend).
        D checked = m.model;
        if constexpr (std::is_same_v<D, NeuronModel>)
            checked = flattenCompartments("", m.model);
        m.params = params(f.optionalObject("params"), f.path() / "params");
        checkParams(checked, m.params, f.path() / "params");
        m.varInits = varInits(f.optionalObject("var_inits"), f.path() / "var_inits");
        addAt(f.path() / "var_inits", [&] { validateVarInits("", checked, m.varInits, &options_); return 0; });
        return m;
    }

    void neuronGroup(Network& net, const Json& j, const JsonPath& path)
    {
        Fields f(j, path, "a neuron group",
                 {"name", "size", "model", "params", "dynamic_params", "var_inits", "record_spikes", "record_vars",
                  "spike_times"});
        const std::string name = f.requiredName("name");
        const auto size = std::uint32_t(f.requiredInteger("size", 1, kMaxNeuronGroupSize));
        ModelInstance<NeuronModel> m = instance(f, neurons_);
        const bool record = f.optionalBool("record_spikes").value_or(false);
        NeuronGroup& group = addAt(path, [&]() -> NeuronGroup& {
            NeuronGroup& g = net.addNeuronGroup(name, size, m.model, m.params, m.varInits);
            g.setSpikeRecording(record);
            return g;
        });
        markDynamic(net, f, name, "");
        if (const Json* times = f.optionalAny("spike_times"))
            readSpikeTimes(group, *times, path / "spike_times", folder_);
        // {"V": 1, "w": {"every": 10, "neurons": [0, 7]}}: each variable with its interval in steps
        // and, optionally, the neurons it is recorded for.
        const JsonPath varsPath = path / "record_vars";
        if (const Json* vars = f.optionalObject("record_vars"))
            for (const auto& item : vars->items()) {
                // Named copies: lambdas below capture them (clang before 16 cannot capture bindings).
                const std::string var = item.key();
                const Json& value = item.value();
                const JsonPath at = varsPath / var;
                std::uint64_t every = 1;
                std::vector<std::uint32_t> neurons;
                if (value.is_object()) {
                    Fields r(value, at, "a variable recording", {"every", "neurons"});
                    every = r.optionalInteger("every", 1, UINT32_MAX).value_or(1);
                    if (const Json* ids = r.optionalArray("neurons"))
                        for (std::size_t k = 0; k < ids->size(); ++k) {
                            const Json& id = (*ids)[k];
                            if (!id.is_number_unsigned() || id.get<std::uint64_t>() > UINT32_MAX)
                                throwWrongType(at / "neurons" / k, "a neuron index", id);
                            neurons.push_back(std::uint32_t(id.get<std::uint64_t>()));
                        }
                } else if (value.is_number_unsigned() && value.get<std::uint64_t>() >= 1 &&
                           value.get<std::uint64_t>() <= UINT32_MAX)
                    every = value.get<std::uint64_t>();
                else
                    throwWrongType(at, "a whole number of steps from 1 to 4294967295, or {\"every\", \"neurons\"}", value);
                addAt(at, [&] { group.setVarRecording(var, std::uint32_t(every), neurons); return 0; });
            }
    }

    void synapseGroup(Network& net, const Json& j, const JsonPath& path)
    {
        Fields f(j, path, "a synapse group",
                 {"name", "source", "target", "weight_update", "postsynaptic", "connectivity", "axonal_delay_steps",
                  "max_dendritic_delay_steps", "back_prop_delay_steps", "target_compartment"});
        const std::string name = f.requiredName("name");
        SynapseSpec spec;
        spec.source = f.requiredString("source");
        spec.target = f.requiredString("target");
        addAt(path / "source", [&] { return &net.neuronGroup(spec.source); });
        addAt(path / "target", [&] { return &net.neuronGroup(spec.target); });
        const std::vector<std::string> instanceKeys = {"model", "params", "dynamic_params", "var_inits"};
        std::vector<std::string> weightUpdateKeys = instanceKeys;
        weightUpdateKeys.push_back("shared_vars");
        Fields wu(f.requiredAny("weight_update"), path / "weight_update", "a weight update", weightUpdateKeys);
        spec.weightUpdate = instance(wu, weightUpdates_);
        Fields ps(f.requiredAny("postsynaptic"), path / "postsynaptic", "a postsynaptic model", instanceKeys);
        spec.postsynaptic = instance(ps, postsynaptic_);
        Fields conn(f.requiredAny("connectivity"), path / "connectivity", "a connectivity", {"snippet", "params"});
        spec.connectivity.snippet = connectivity_.find(conn.requiredString("snippet"), conn.path() / "snippet");
        spec.connectivity.params = params(conn.optionalObject("params"), conn.path() / "params");
        checkParams(spec.connectivity.snippet, spec.connectivity.params, conn.path() / "params");
        const auto maxSteps = std::uint64_t(kMaxDelaySteps);
        spec.axonalDelaySteps = int(f.optionalInteger("axonal_delay_steps", 0, maxSteps).value_or(0));
        spec.maxDendriticDelaySteps = int(f.optionalInteger("max_dendritic_delay_steps", 0, maxSteps).value_or(0));
        spec.backPropDelaySteps = int(f.optionalInteger("back_prop_delay_steps", 0, maxSteps).value_or(0));
        spec.targetCompartment = f.optionalString("target_compartment").value_or("");
        addAt(path, [&] { return &net.addSynapseGroup(name, spec); });
        markDynamic(net, wu, name, "weight_update.");
        markDynamic(net, ps, name, "postsynaptic.");
        // "shared_vars": ["g", ...]: Network::setVarShared for each.
        if (const Json* names = wu.optionalArray("shared_vars"))
            for (std::size_t k = 0; k < names->size(); ++k) {
                const Json& n = (*names)[k];
                const JsonPath at = wu.path() / "shared_vars" / k;
                if (!n.is_string())
                    throwWrongType(at, "a variable's name", n);
                addAt(at, [&] { net.setVarShared(name, n.get<std::string>()); return 0; });
            }
    }

    // "dynamic_params": ["tau", ...] of an instance: Network::setParamDynamic for each.
    void markDynamic(Network& net, Fields& f, const std::string& group, const std::string& part)
    {
        const Json* names = f.optionalArray("dynamic_params");
        if (!names)
            return;
        for (std::size_t k = 0; k < names->size(); ++k) {
            const Json& n = (*names)[k];
            const JsonPath at = f.path() / "dynamic_params" / k;
            if (!n.is_string())
                throwWrongType(at, "a parameter's name", n);
            addAt(at, [&] { net.setParamDynamic(group, part + n.get<std::string>()); return 0; });
        }
    }

    void currentSource(Network& net, const Json& j, const JsonPath& path)
    {
        Fields f(j, path, "a current source",
                 {"name", "target", "model", "params", "dynamic_params", "var_inits", "target_compartment"});
        const std::string name = f.requiredName("name");
        const std::string target = f.requiredString("target");
        addAt(path / "target", [&] { return &net.neuronGroup(target); });
        ModelInstance<CurrentSourceModel> m = instance(f, currentSources_);
        const std::string compartment = f.optionalString("target_compartment").value_or("");
        addAt(path, [&] { return &net.addCurrentSource(name, target, m.model, m.params, m.varInits, compartment); });
        markDynamic(net, f, name, "");
    }

public:
    // The model file's folder, where files it names are looked for (none for text from memory).
    std::optional<std::filesystem::path> folder_;

private:
    NetworkOptions options_;
    Definitions<NeuronModel> neurons_;
    Definitions<PostsynapticModel> postsynaptic_;
    Definitions<WeightUpdateModel> weightUpdates_;
    Definitions<CurrentSourceModel> currentSources_;
    Definitions<VarInitSnippet> varInits_;
    Definitions<ConnectivitySnippet> connectivity_;
};

} // namespace

std::unique_ptr<Network> readModel(const std::string& text, const ModelLibrary& library)
{
    return Reader(library).read(parseModelJson(text));
}

std::unique_ptr<Network> readModelFile(const std::filesystem::path& path, const ModelLibrary& library)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error("cannot open model file '" + path.string() + "': " +
                    (std::filesystem::exists(path, ec) ? "it is not a regular file" : "no such file"));
    if (const auto bytes = std::filesystem::file_size(path, ec); !ec && bytes > kMaxModelFileBytes)
        throw Error(path.string() + ": the file is " + std::to_string(bytes) + " bytes long; model files of at most " +
                    std::to_string(kMaxModelFileBytes >> 20) + " MiB are read");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open model file '" + path.string() + "'");
    std::stringstream text;
    text << in.rdbuf();
    try {
        Reader reader(library);
        reader.folder_ = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        return reader.read(parseModelJson(text.str()));
    } catch (const ModelFileError& e) {
        throw Error(path.string() + ": " + e.what());
    }
}

} // namespace spikegen::io
