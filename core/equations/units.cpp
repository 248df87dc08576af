// Unit checking of equations. Parameters carry no units in spikegen, so a dimension is known only
// for what the equations annotate (a differential variable's unit, a subexpression's) and for t
// and dt (ms); everything else, numbers included, is of unknown dimension and never an error.
// Terms of known dimension must agree where they are added, compared or chosen between, maths
// functions take dimensionless arguments, and a right-hand side of known dimension must be the
// unit of its variable (per ms for dX/dt). Prefixes (m, u, n, p, ...) scale but do not change a
// dimension: only dimensions are compared.
#include "core/equations/units.h"

#include "core/lang/code_error.h"

#include <array>
#include <cctype>
#include <functional>
#include <map>
#include <optional>

namespace spikegen::equations {
namespace {

// Exponents of volt, ampere and second: every unit of neuron models is a product of these.
using Dimension = std::array<int, 3>;
using Known = std::optional<Dimension>; // nothing: unknown

constexpr Dimension kDimensionless{0, 0, 0};

std::optional<Dimension> baseUnit(const std::string& name)
{
    static const std::map<std::string, Dimension> units = {
        {"V", {1, 0, 0}},       {"volt", {1, 0, 0}},   {"A", {0, 1, 0}},       {"amp", {0, 1, 0}},
        {"ampere", {0, 1, 0}},  {"s", {0, 0, 1}},      {"second", {0, 0, 1}},  {"Hz", {0, 0, -1}},
        {"hertz", {0, 0, -1}},  {"S", {-1, 1, 0}},     {"siemens", {-1, 1, 0}}, {"F", {-1, 1, 1}},
        {"farad", {-1, 1, 1}},  {"Ohm", {1, -1, 0}},   {"ohm", {1, -1, 0}},    {"C", {0, 1, 1}},
        {"coulomb", {0, 1, 1}}, {"1", kDimensionless}};
    if (const auto it = units.find(name); it != units.end())
        return it->second;
    // A prefixed unit: mV, uS, nA, pF, kHz, MOhm, Gohm ...
    static const std::string prefixes = "munpfkMG";
    if (name.size() > 1 && prefixes.find(name[0]) != std::string::npos && name != "m")
        if (const auto it = units.find(name.substr(1)); it != units.end() && name.substr(1) != "1")
            return it->second;
    for (const char* word : {"milli", "micro", "nano", "pico", "kilo", "mega"})
        if (name.rfind(word, 0) == 0)
            if (const auto it = units.find(name.substr(std::string(word).size())); it != units.end())
                return it->second;
    return std::nullopt;
}

Dimension scaled(Dimension d, int power)
{
    for (int& e : d) e *= power;
    return d;
}

Dimension combined(Dimension a, const Dimension& b, int sign)
{
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += sign * b[i];
    return a;
}

std::string describe(const Dimension& d)
{
    if (d == kDimensionless)
        return "1";
    static const char* const names[] = {"V", "A", "s"};
    std::string num, den;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d[i] == 0) continue;
        std::string& side = d[i] > 0 ? num : den;
        const int e = d[i] > 0 ? d[i] : -d[i];
        side += (side.empty() ? "" : "*") + std::string(names[i]) + (e > 1 ? "^" + std::to_string(e) : "");
    }
    return (num.empty() ? "1" : num) + (den.empty() ? "" : "/" + den);
}

// Walks a right-hand side; throws through `fail` at the first disagreement.
class Checker {
public:
    Checker(const std::map<std::string, Dimension>& known, std::function<void(std::string)> fail)
        : known_(known), fail_(std::move(fail))
    {
    }

    Known dimensionOf(const Sym& s)
    {
        switch (s->kind) {
        case SymKind::Number:
        case SymKind::Cast:
            return std::nullopt;
        case SymKind::Symbol: {
            const auto it = known_.find(s->name);
            return it == known_.end() ? Known{} : Known{it->second};
        }
        case SymKind::Neg:
            return dimensionOf(s->args[0]);
        case SymKind::Add:
            return same(s->args[0], s->args[1], "adds");
        case SymKind::Mul:
        case SymKind::Div: {
            const Known a = dimensionOf(s->args[0]), b = dimensionOf(s->args[1]);
            if (!a || !b) return std::nullopt;
            return combined(*a, *b, s->kind == SymKind::Mul ? 1 : -1);
        }
        case SymKind::Compare:
            if (s->args.size() == 2) same(s->args[0], s->args[1], "compares");
            else dimensionOf(s->args[0]);
            return std::nullopt;
        case SymKind::Conditional:
            dimensionOf(s->args[0]);
            return same(s->args[1], s->args[2], "chooses between");
        case SymKind::Call:
            return call(s);
        }
        return std::nullopt;
    }

private:
    Known same(const Sym& x, const Sym& y, const char* verb)
    {
        const Known a = dimensionOf(x), b = dimensionOf(y);
        if (a && b && *a != *b)
            fail_(std::string(verb) + " '" + toCode(x) + "' (dimension " + describe(*a) + ") and '" + toCode(y) +
                  "' (dimension " + describe(*b) + ")");
        return a ? a : b;
    }

    Known call(const Sym& s)
    {
        const std::string& f = s->name;
        if (f == "fabs" || f == "fmin" || f == "fmax" || f == "floor" || f == "ceil" || f == "round" || f == "trunc") {
            Known d = dimensionOf(s->args[0]);
            for (std::size_t i = 1; i < s->args.size(); ++i) d = same(s->args[0], s->args[i], "takes the extreme of");
            return d;
        }
        if (f == "sqrt") {
            const Known d = dimensionOf(s->args[0]);
            if (!d) return std::nullopt;
            for (int e : *d)
                if (e % 2 != 0) return std::nullopt;
            return Dimension{(*d)[0] / 2, (*d)[1] / 2, (*d)[2] / 2};
        }
        // exp, log, sin, tanh, pow, ...: the arguments must be numbers without a unit.
        for (const Sym& a : s->args) {
            const Known d = dimensionOf(a);
            if (d && *d != kDimensionless)
                fail_("calls " + f + "() with '" + toCode(a) + "', which has the dimension " + describe(*d) +
                      "; divide it by a quantity of that unit first");
        }
        // A pure number, like a literal: of unknown dimension, because a parameter multiplying it
        // could carry any.
        return std::nullopt;
    }

    const std::map<std::string, Dimension>& known_;
    std::function<void(std::string)> fail_;
};

} // namespace

std::optional<std::array<int, 3>> parseUnit(const std::string& text)
{
    // Factors separated by '*' or '/', each a unit name with an optional integer power (^2, **2).
    Dimension total = kDimensionless;
    std::size_t i = 0;
    int sign = 1;
    bool any = false;
    auto skipSpaces = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
    while (true) {
        skipSpaces();
        std::size_t start = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
        if (start == i) return std::nullopt;
        const auto unit = baseUnit(text.substr(start, i - start));
        if (!unit) return std::nullopt;
        int power = 1;
        skipSpaces();
        if (text.compare(i, 1, "^") == 0 || text.compare(i, 2, "**") == 0) {
            i += text[i] == '^' ? 1 : 2;
            skipSpaces();
            const bool negative = i < text.size() && text[i] == '-';
            if (negative) ++i;
            start = i;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            if (start == i) return std::nullopt;
            power = std::stoi(text.substr(start, i - start)) * (negative ? -1 : 1);
        }
        total = combined(total, scaled(*unit, power), sign);
        any = true;
        skipSpaces();
        if (i == text.size()) break;
        if (text[i] == '*') sign = 1;
        else if (text[i] == '/') sign = -1;
        else return std::nullopt;
        ++i;
    }
    return any ? std::optional<Dimension>(total) : std::nullopt;
}

void checkUnits(const std::vector<Equation>& equations, const std::vector<Sym>& rightHandSides,
                const lang::SourceRef& where)
{
    std::map<std::string, Dimension> known = {{"t", {0, 0, 1}}, {"dt", {0, 0, 1}}};
    for (const Equation& eq : equations)
        if (const auto unit = eq.unit.empty() ? std::nullopt : parseUnit(eq.unit))
            known[eq.name] = *unit;
    for (std::size_t k = 0; k < equations.size(); ++k) {
        const Equation& eq = equations[k];
        auto fail = [&](std::string problem) {
            throw lang::CodeError(where, eq.expressionLine, eq.expressionColumn, "unit mismatch: the right-hand side " + problem,
                                  "units come from the ': unit' annotations of the equations (and ms for t and dt)");
        };
        Checker checker(known, fail);
        const Known got = checker.dimensionOf(rightHandSides[k]);
        const auto unit = known.find(eq.name);
        if (!got || unit == known.end() || eq.unit.empty())
            continue;
        const Dimension wanted = eq.differential ? combined(unit->second, {0, 0, 1}, -1) : unit->second;
        if (*got != wanted)
            fail("has the dimension " + describe(*got) + ", but " + (eq.differential ? "d" + eq.name + "/dt" : eq.name) +
                 " needs " + describe(wanted) + " ('" + eq.name + "' is in " + eq.unit + ")");
    }
}

} // namespace spikegen::equations
