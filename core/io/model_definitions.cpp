// One table of code fields per descriptor type drives both directions, so that the writer and the
// reader cannot drift apart.
#include "core/io/model_definitions.h"

#include "core/equations/equations.h"
#include "core/lang/evaluator.h"
#include "core/lang/types.h"
#include "core/model/compartments.h"
#include "core/model/safe_names.h"

#include <utility>
#include <vector>

namespace spikegen::io {
namespace {

template <class D>
using CodeFields = std::vector<std::pair<const char*, std::string D::*>>;

const CodeFields<NeuronModel> kNeuronCode = {
    {"equations", &NeuronModel::equations}, {"integration_method", &NeuronModel::integrationMethod},
    {"sim_code", &NeuronModel::simCode}, {"threshold_code", &NeuronModel::thresholdCode}, {"reset_code", &NeuronModel::resetCode}};
const CodeFields<PostsynapticModel> kPostsynapticCode = {
    {"equations", &PostsynapticModel::equations}, {"integration_method", &PostsynapticModel::integrationMethod},
    {"apply_input_code", &PostsynapticModel::applyInputCode}, {"decay_code", &PostsynapticModel::decayCode}};
const CodeFields<WeightUpdateModel> kWeightUpdateCode = {
    {"sim_code", &WeightUpdateModel::simCode},
    {"learn_post_code", &WeightUpdateModel::learnPostCode},
    {"synapse_dynamics_code", &WeightUpdateModel::synapseDynamicsCode},
    {"pre_spike_code", &WeightUpdateModel::preSpikeCode},
    {"pre_dynamics_code", &WeightUpdateModel::preDynamicsCode},
    {"post_spike_code", &WeightUpdateModel::postSpikeCode},
    {"post_dynamics_code", &WeightUpdateModel::postDynamicsCode}};
const CodeFields<CurrentSourceModel> kCurrentSourceCode = {
    {"equations", &CurrentSourceModel::equations}, {"integration_method", &CurrentSourceModel::integrationMethod},
    {"injection_code", &CurrentSourceModel::injectionCode}};
const CodeFields<VarInitSnippet> kVarInitCode = {{"code", &VarInitSnippet::code}};
const CodeFields<ConnectivitySnippet> kConnectivityCode = {
    {"row_build_code", &ConnectivitySnippet::rowBuildCode}, {"row_length_code", &ConnectivitySnippet::rowLengthCode},
    {"col_build_code", &ConnectivitySnippet::colBuildCode},
    {"max_row_length", &ConnectivitySnippet::maxRowLengthExpression},
    {"mean_row_length", &ConnectivitySnippet::meanRowLengthExpression}};

void describeVars(Json& j, const char* key, const std::vector<VarDecl>& vars)
{
    if (vars.empty()) return;
    j[key] = Json::array();
    for (const auto& v : vars) {
        Json var = {{"name", v.name}, {"type", v.type}};
        if (v.initial) var["initial"] = *v.initial;
        j[key].push_back(var);
    }
}

void describeChecks(Json& j, const char* key, const std::vector<ParamCheck>& checks)
{
    if (checks.empty()) return;
    j[key] = Json::array();
    for (const auto& c : checks) j[key].push_back({{"expr", c.expression}, {"message", c.message}});
}

// Empty lists and strings are left out, which keeps written files short and their text canonical.
Json describeBase(const ModelBase& m)
{
    Json j;
    j["name"] = m.name;
    if (!m.params.empty()) j["params"] = m.params;
    if (!m.derivedParams.empty()) {
        j["derived_params"] = Json::array();
        for (const auto& d : m.derivedParams) j["derived_params"].push_back({{"name", d.name}, {"expression", d.expression}});
    }
    describeVars(j, "vars", m.vars);
    describeChecks(j, "param_checks", m.paramChecks);
    return j;
}

template <class D>
Json describe(const D& m, const CodeFields<D>& code)
{
    Json j = describeBase(m);
    for (const auto& [key, member] : code)
        if (!(m.*member).empty()) j[key] = m.*member;
    return j;
}

template <class D>
std::vector<std::string> allowedKeys(const CodeFields<D>& code, std::vector<std::string> extra = {})
{
    std::vector<std::string> keys = {"name", "params", "derived_params", "vars", "param_checks"};
    for (const auto& [key, member] : code) keys.emplace_back(key);
    keys.insert(keys.end(), extra.begin(), extra.end());
    return keys;
}

std::string requiredNonEmptyString(const Json& value, const JsonPath& path)
{
    if (!value.is_string()) throwWrongType(path, "a string", value);
    if (value.get<std::string>().empty()) throw ModelFileError(path, "is empty");
    return value.get<std::string>();
}

std::string requiredName(const Json& value, const JsonPath& path)
{
    const std::string name = requiredNonEmptyString(value, path);
    if (auto problem = nameProblem(name))
        throw ModelFileError(path, "the name " + printable(name) + " " + *problem);
    return name;
}

// Compiles `expression` so that a syntax or name error points at its own path.
void checkExpression(const std::string& expression, const std::vector<std::string>& names, const JsonPath& path,
                     lang::Type expected)
{
    try {
        lang::compileHostExpression(expression, names, {}, expected);
    } catch (const Error& e) {
        throw ModelFileError(path, e.what());
    }
}

void readVars(Fields& f, const char* key, std::vector<VarDecl>& into)
{
    if (const Json* vars = f.optionalArray(key))
        for (std::size_t i = 0; i < vars->size(); ++i) {
            Fields v((*vars)[i], f.path() / key / i, "a variable", {"name", "type", "initial"});
            VarDecl var;
            var.name = requiredName(v.requiredAny("name"), v.path() / "name");
            var.type = v.optionalString("type").value_or("scalar");
            if (!lang::parseType(var.type, lang::Type::Float))
                throw ModelFileError(v.path() / "type", "unknown type " + printable(var.type) +
                                                            " (use scalar, float, double, int, unsigned or bool)");
            var.initial = v.optionalNumber("initial");
            into.push_back(var);
        }
}

// A list of {"expr", "message"} conditions over `names` (parameter checks, size checks).
void readChecks(Fields& f, const char* key, const char* what, const std::vector<std::string>& names,
                std::vector<ParamCheck>& into)
{
    if (const Json* checks = f.optionalArray(key))
        for (std::size_t i = 0; i < checks->size(); ++i) {
            Fields c((*checks)[i], f.path() / key / i, what, {"expr", "message"});
            ParamCheck check;
            check.expression = requiredNonEmptyString(c.requiredAny("expr"), c.path() / "expr");
            check.message = c.optionalString("message").value_or("");
            if (auto problem = controlCharacterProblem(check.message))
                throw ModelFileError(c.path() / "message", "the message " + *problem);
            checkExpression(check.expression, names, c.path() / "expr", lang::Type::Bool);
            into.push_back(check);
        }
}

void readBase(Fields& f, ModelBase& m)
{
    m.name = requiredName(f.requiredAny("name"), f.path() / "name");
    if (const Json* params = f.optionalArray("params"))
        for (std::size_t i = 0; i < params->size(); ++i)
            m.params.push_back(requiredName((*params)[i], f.path() / "params" / i));
    std::vector<std::string> paramsAndDt = m.params;
    paramsAndDt.push_back("dt");
    if (const Json* derived = f.optionalArray("derived_params"))
        for (std::size_t i = 0; i < derived->size(); ++i) {
            Fields d((*derived)[i], f.path() / "derived_params" / i, "a derived parameter", {"name", "expression"});
            const std::string name = requiredName(d.requiredAny("name"), d.path() / "name");
            const std::string expression = requiredNonEmptyString(d.requiredAny("expression"), d.path() / "expression");
            checkExpression(expression, paramsAndDt, d.path() / "expression", lang::Type::Double);
            m.derivedParams.emplace_back(name, expression);
        }
    readVars(f, "vars", m.vars);
    readChecks(f, "param_checks", "a parameter check", m.params, m.paramChecks);
}

template <class D>
D read(const Json& definition, const JsonPath& path, const CodeFields<D>& code, const char* what,
       std::vector<std::string> extraKeys = {})
{
    Fields f(definition, path, what, allowedKeys(code, std::move(extraKeys)));
    D m;
    readBase(f, m);
    for (const auto& [key, member] : code) m.*member = f.optionalString(key).value_or("");
    return m;
}

std::optional<std::string> unwritableBase(const ModelBase& m)
{
    for (const auto& d : m.derivedParams)
        if (d.expression.empty())
            return "derived parameter '" + d.name + "' is a function (C++ or Python), not an expression; give it as an expression";
    if (m.checkParams && m.paramChecks.empty())
        return "its parameters are checked by a C++ function; give the checks as expressions (paramChecks)";
    return std::nullopt;
}

} // namespace

Json describeModel(const NeuronModel& m)
{
    Json j = describe(m, kNeuronCode);
    for (const auto& c : m.compartments) {
        Json compartment = {{"name", c.name}};
        if (!c.params.empty()) compartment["params"] = c.params;
        describeVars(compartment, "vars", c.vars);
        if (!c.equations.empty()) compartment["equations"] = c.equations;
        for (const auto& e : c.events)
            compartment["events"].push_back({{"name", e.name}, {"condition", e.condition}, {"reset", e.reset}});
        if (!c.simCode.empty()) compartment["sim_code"] = c.simCode;
        j["compartments"].push_back(compartment);
    }
    for (const auto& c : m.couplings)
        j["couplings"].push_back({{"between", {c.a, c.b}}, {"conductance", c.conductance}});
    return j;
}
Json describeModel(const PostsynapticModel& m)
{
    Json j = describe(m, kPostsynapticCode);
    if (m.linear) j["linear"] = true;
    return j;
}
Json describeModel(const WeightUpdateModel& m)
{
    Json j = describe(m, kWeightUpdateCode);
    describeVars(j, "pre_vars", m.preVars);
    describeVars(j, "post_vars", m.postVars);
    return j;
}
Json describeModel(const CurrentSourceModel& m) { return describe(m, kCurrentSourceCode); }
Json describeModel(const VarInitSnippet& m) { return describe(m, kVarInitCode); }
Json describeModel(const ConnectivitySnippet& m)
{
    Json j = describe(m, kConnectivityCode);
    if (m.dense) j["dense"] = true;
    describeChecks(j, "size_checks", m.sizeChecks);
    return j;
}

std::optional<std::string> unwritablePart(const ModelBase& m) { return unwritableBase(m); }

std::optional<std::string> unwritablePart(const ConnectivitySnippet& m)
{
    if (auto part = unwritableBase(m)) return part;
    if (m.maxRowLength && m.maxRowLengthExpression.empty())
        return "its maximum row length is a C++ function; set it with setMaxRowLength(snippet, expression)";
    return std::nullopt;
}

void checkIntegrationMethod(const std::string& method, const JsonPath& p)
{
    if (!method.empty() && !equations::parseMethod(method))
        throw ModelFileError(p / "integration_method", "unknown integration method " + printable(method) +
                                                           " (use euler, rk2, rk4, exponential_euler or exact)");
}

NeuronModel readNeuronModel(const Json& d, const JsonPath& p)
{
    const std::vector<std::string> extra = {"compartments", "couplings"};
    NeuronModel m = read(d, p, kNeuronCode, "a neuron model", extra);
    checkIntegrationMethod(m.integrationMethod, p);
    Fields f(d, p, "a neuron model", allowedKeys(kNeuronCode, extra));
    if (const Json* compartments = f.optionalArray("compartments"))
        for (std::size_t i = 0; i < compartments->size(); ++i) {
            Fields c((*compartments)[i], p / "compartments" / i, "a compartment",
                     {"name", "params", "vars", "equations", "events", "sim_code"});
            Compartment compartment;
            compartment.name = requiredName(c.requiredAny("name"), c.path() / "name");
            if (const Json* params = c.optionalArray("params"))
                for (std::size_t k = 0; k < params->size(); ++k)
                    compartment.params.push_back(requiredName((*params)[k], c.path() / "params" / k));
            readVars(c, "vars", compartment.vars);
            compartment.equations = c.optionalString("equations").value_or("");
            if (const Json* events = c.optionalArray("events"))
                for (std::size_t k = 0; k < events->size(); ++k) {
                    Fields e((*events)[k], c.path() / "events" / k, "a compartment event", {"name", "condition", "reset"});
                    compartment.events.push_back({requiredName(e.requiredAny("name"), e.path() / "name"),
                                                  requiredNonEmptyString(e.requiredAny("condition"), e.path() / "condition"),
                                                  e.optionalString("reset").value_or("")});
                }
            compartment.simCode = c.optionalString("sim_code").value_or("");
            m.compartments.push_back(std::move(compartment));
        }
    if (const Json* couplings = f.optionalArray("couplings"))
        for (std::size_t i = 0; i < couplings->size(); ++i) {
            Fields c((*couplings)[i], p / "couplings" / i, "a coupling", {"between", "conductance"});
            const Json& between = c.requiredAny("between");
            if (!between.is_array() || between.size() != 2)
                throwWrongType(c.path() / "between", "two compartment names", between);
            m.couplings.push_back({requiredName(between[0], c.path() / "between" / 0),
                                   requiredName(between[1], c.path() / "between" / 1),
                                   requiredNonEmptyString(c.requiredAny("conductance"), c.path() / "conductance")});
        }
    // The compartments' structure (names, couplings) is checked where the model is defined.
    try {
        flattenCompartments("", m);
    } catch (const Error& e) {
        const std::string what = e.what();
        throw ModelFileError(p, what.rfind(", ", 0) == 0 ? what.substr(2) : what);
    }
    return m;
}
PostsynapticModel readPostsynapticModel(const Json& d, const JsonPath& p)
{
    PostsynapticModel m = read(d, p, kPostsynapticCode, "a postsynaptic model", {"linear"});
    Fields f(d, p, "a postsynaptic model", allowedKeys(kPostsynapticCode, {"linear"}));
    m.linear = f.optionalBool("linear").value_or(false);
    checkIntegrationMethod(m.integrationMethod, p);
    return m;
}
WeightUpdateModel readWeightUpdateModel(const Json& d, const JsonPath& p)
{
    const std::vector<std::string> extra = {"pre_vars", "post_vars"};
    WeightUpdateModel m = read(d, p, kWeightUpdateCode, "a weight update model", extra);
    Fields f(d, p, "a weight update model", allowedKeys(kWeightUpdateCode, extra));
    readVars(f, "pre_vars", m.preVars);
    readVars(f, "post_vars", m.postVars);
    return m;
}
CurrentSourceModel readCurrentSourceModel(const Json& d, const JsonPath& p)
{
    CurrentSourceModel m = read(d, p, kCurrentSourceCode, "a current source model");
    checkIntegrationMethod(m.integrationMethod, p);
    return m;
}
VarInitSnippet readVarInitSnippet(const Json& d, const JsonPath& p) { return read(d, p, kVarInitCode, "a var-init snippet"); }

ConnectivitySnippet readConnectivitySnippet(const Json& d, const JsonPath& p)
{
    ConnectivitySnippet s = read(d, p, kConnectivityCode, "a connectivity snippet", {"dense", "size_checks"});
    Fields f(d, p, "a connectivity snippet", allowedKeys(kConnectivityCode, {"dense", "size_checks"}));
    s.dense = f.optionalBool("dense").value_or(false);
    std::vector<std::string> sizeNames = s.params;
    sizeNames.insert(sizeNames.end(), {"num_pre", "num_post"});
    readChecks(f, "size_checks", "a size check", sizeNames, s.sizeChecks);
    if (!s.maxRowLengthExpression.empty()) {
        std::vector<std::string> names = s.params;
        names.insert(names.end(), {"num_pre", "num_post"});
        checkExpression(s.maxRowLengthExpression, names, p / "max_row_length", lang::Type::Double);
        setMaxRowLength(s, s.maxRowLengthExpression);
    }
    if (!s.meanRowLengthExpression.empty()) {
        std::vector<std::string> names = s.params;
        names.insert(names.end(), {"num_pre", "num_post"});
        checkExpression(s.meanRowLengthExpression, names, p / "mean_row_length", lang::Type::Double);
    }
    return s;
}

} // namespace spikegen::io
