#include "core/model/compartments.h"

#include "core/equations/equations.h"
#include "core/error.h"
#include "core/lang/lexer.h"
#include "core/model/safe_names.h"

#include <algorithm>
#include <set>
#include <vector>

namespace spikegen {
namespace {

// Byte offset of (line, column) in `text` (both 1-based, as the lexer counts them).
std::size_t offsetOf(const std::string& text, int line, int column)
{
    std::size_t offset = 0;
    for (int l = 1; l < line; ++l)
        offset = text.find('\n', offset) + 1;
    return offset + std::size_t(column - 1);
}

const Compartment* findCompartment(const NeuronModel& model, const std::string& name)
{
    for (const auto& c : model.compartments)
        if (c.name == name)
            return &c;
    return nullptr;
}

std::string compartmentList(const NeuronModel& model)
{
    std::string names;
    for (const auto& c : model.compartments)
        names += (names.empty() ? "" : ", ") + c.name;
    return names;
}

bool declaresVoltage(const Compartment& c)
{
    return std::any_of(c.vars.begin(), c.vars.end(), [](const VarDecl& v) { return v.name == "V"; });
}

void checkStructure(const std::string& where, const NeuronModel& model)
{
    std::set<std::string> neuronNames(model.params.begin(), model.params.end());
    for (const auto& d : model.derivedParams) neuronNames.insert(d.name);
    for (const auto& v : model.vars) neuronNames.insert(v.name);
    std::set<std::string> seen;
    for (const auto& c : model.compartments) {
        const std::string about = where + ", compartment '" + c.name + "'";
        checkName("compartment name", c.name);
        if (!seen.insert(c.name).second)
            throw Error(about + ": the model has two compartments of that name");
        for (const auto& [local, flat] : compartmentLocals(c)) {
            if (neuronNames.count(local))
                throw Error(about + ": its name '" + local + "' is also one of the neuron's own names; inside a "
                                    "compartment it would be ambiguous, so rename one of them");
            if (neuronNames.count(flat))
                throw Error(about + ": its '" + local + "' becomes the neuron name '" + flat +
                            "', which the neuron already declares");
        }
    }
    for (std::size_t k = 0; k < model.couplings.size(); ++k) {
        const AxialCoupling& coupling = model.couplings[k];
        const std::string about = where + ", coupling " + std::to_string(k) + " (" + coupling.a + " - " + coupling.b + ")";
        for (const std::string* end : {&coupling.a, &coupling.b}) {
            const Compartment* c = findCompartment(model, *end);
            if (!c)
                throw Error(about + ": compartment " + printable(*end) + " does not exist (compartments: " +
                            compartmentList(model) + ")");
            if (!declaresVoltage(*c))
                throw Error(about + ": compartment '" + *end + "' has no variable V to couple");
        }
        if (coupling.a == coupling.b)
            throw Error(about + ": couples compartment '" + coupling.a + "' to itself");
        if (coupling.conductance.empty())
            throw Error(about + ": no conductance");
    }
}

// "g * (V_b - V_a) + ..." over the couplings of compartment c, or "0".
std::string axialCurrent(const NeuronModel& model, const std::string& c)
{
    std::string sum;
    for (const auto& coupling : model.couplings) {
        if (coupling.a != c && coupling.b != c)
            continue;
        const std::string& other = coupling.a == c ? coupling.b : coupling.a;
        sum += (sum.empty() ? "" : " + ") + std::string("(") + coupling.conductance + ") * (" +
               compartmentName("V", other) + " - " + compartmentName("V", c) + ")";
    }
    return sum.empty() ? "0" : sum;
}

} // namespace

std::string compartmentName(const std::string& local, const std::string& compartment)
{
    return local + "_" + compartment;
}

std::map<std::string, std::string> compartmentLocals(const Compartment& compartment)
{
    std::map<std::string, std::string> locals;
    auto add = [&](const std::string& name) { locals[name] = compartmentName(name, compartment.name); };
    for (const auto& p : compartment.params) add(p);
    for (const auto& v : compartment.vars) add(v.name);
    for (const auto& e : equations::parseEquations(compartment.equations, {"", ""}))
        if (!e.differential) add(e.name);
    add("Isyn");
    add("I_axial");
    return locals;
}

std::string renameIdentifiers(const std::string& code, const std::map<std::string, std::string>& renames,
                              const std::string& model, const std::string& field)
{
    const auto tokens = lang::lex(code, {model, field}, lang::Type::Double);
    std::string out = code;
    for (auto t = tokens.rbegin(); t != tokens.rend(); ++t) {
        if (t->kind != lang::TokenKind::Identifier)
            continue;
        const auto rename = renames.find(t->text);
        if (rename != renames.end())
            out.replace(offsetOf(code, t->line, t->column), t->text.size(), rename->second);
    }
    return out;
}

std::string compartmentEquations(const std::string& model, const Compartment& compartment)
{
    const auto locals = compartmentLocals(compartment);
    const std::string field = "compartment '" + compartment.name + "' equations";
    std::string text;
    int line = 1;
    for (const auto& e : equations::parseEquations(compartment.equations, {model, field})) {
        for (; line < e.line; ++line)
            text += "\n";
        const std::string name = locals.count(e.name) ? locals.at(e.name) : e.name;
        text += (e.differential ? "d" + name + "/dt" : name) + " = " +
                renameIdentifiers(e.expression, locals, model, field) + (e.unit.empty() ? "" : " : " + e.unit);
    }
    return text;
}

NeuronModel flattenCompartments(const std::string& where, const NeuronModel& model)
{
    if (model.compartments.empty()) {
        if (!model.couplings.empty())
            throw Error(where + ": model '" + model.name + "' has couplings but no compartments");
        return model;
    }
    checkStructure(where, model);
    NeuronModel flat = model;
    flat.compartments.clear();
    flat.couplings.clear();
    std::string equations = model.equations, events;
    for (const auto& c : model.compartments) {
        const auto locals = compartmentLocals(c);
        const std::string field = "compartment '" + c.name + "'";
        for (const auto& p : c.params) flat.params.push_back(compartmentName(p, c.name));
        for (VarDecl v : c.vars) {
            v.name = compartmentName(v.name, c.name);
            flat.vars.push_back(v);
        }
        equations += "\n" + compartmentName("I_axial", c.name) + " = " + axialCurrent(model, c.name) + "\n" +
                     compartmentEquations(model.name, c);
        for (const auto& e : c.events) {
            if (e.condition.empty())
                throw Error(where + ", " + field + ", event '" + e.name + "': no condition");
            events += "if (" + renameIdentifiers(e.condition, locals, model.name, field + " event '" + e.name + "'") +
                      ") {\n" + renameIdentifiers(e.reset, locals, model.name, field + " event '" + e.name + "'") +
                      "\n}\n";
        }
        if (!c.simCode.empty())
            events += "{\n" + renameIdentifiers(c.simCode, locals, model.name, field + " sim code") + "\n}\n";
    }
    flat.equations = equations;
    flat.simCode = events + model.simCode;
    return flat;
}

} // namespace spikegen
