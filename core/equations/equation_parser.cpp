// The line syntax of equations: "dX/dt = expression : unit" and "name = expression : unit".
// The right-hand side itself is parsed later by core/lang, with its line and column kept.
#include "core/equations/equations.h"

#include "core/lang/names.h"

#include <cctype>
#include <map>

namespace spikegen::equations {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Characters a unit annotation may hold: "mV", "nA/nF", "1/ms", "uS*mV", "mV^2", "1".
bool isUnitText(std::string_view unit)
{
    for (char c : unit)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '*' || c == '/' || c == '^' ||
              c == '.' || c == '-' || c == '(' || c == ')' || isSpace(c)))
            return false;
    return true;
}

std::string_view trimRight(std::string_view s)
{
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// Position of the ':' that starts the unit, skipping the ':' of each "? :" conditional.
std::size_t unitSeparator(std::string_view text)
{
    int openQuestions = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '?') ++openQuestions;
        if (text[i] == ':' && openQuestions-- == 0) return i;
    }
    return std::string_view::npos;
}

} // namespace

std::optional<Method> parseMethod(std::string_view name)
{
    if (name == "euler") return Method::Euler;
    if (name == "rk2") return Method::RK2;
    if (name == "rk4") return Method::RK4;
    if (name == "exponential_euler") return Method::ExponentialEuler;
    if (name == "exact") return Method::Exact;
    return std::nullopt;
}

const char* methodName(Method method)
{
    switch (method) {
    case Method::Euler: return "euler";
    case Method::RK2: return "rk2";
    case Method::RK4: return "rk4";
    case Method::ExponentialEuler: return "exponential_euler";
    case Method::Exact: return "exact";
    }
    return "?";
}

std::vector<Equation> parseEquations(std::string_view text, const lang::SourceRef& where)
{
    std::vector<Equation> result;
    std::map<std::string, int> definedAt;
    int lineNumber = 0;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        for (const char* comment : {"#", "//"})
            if (std::size_t c = line.find(comment); c != std::string_view::npos) line = line.substr(0, c);
        std::size_t pos = 0;
        while (pos < line.size() && isSpace(line[pos])) ++pos;
        if (trimRight(line).size() <= pos) continue;
        auto fail = [&](std::size_t at, std::string problem, std::string hint = {}) {
            throw lang::CodeError(where, lineNumber, int(at) + 1, std::move(problem), std::move(hint));
        };
        const std::string kForm = "write 'dX/dt = expression : unit' or 'name = expression : unit'";

        Equation eq;
        eq.line = lineNumber;
        const std::size_t eqSign = line.find('=');
        if (eqSign == std::string_view::npos) fail(pos, "expected an equation", kForm);
        std::string_view lhs = trimRight(line.substr(pos, eqSign - pos));
        if (lhs.size() > 1 && lhs[0] == 'd' && lhs.find('/') != std::string_view::npos) {
            // "dX/dt", spaces allowed around '/'
            const std::size_t slash = lhs.find('/');
            std::string_view name = trimRight(lhs.substr(1, slash - 1));
            std::string_view over = lhs.substr(slash + 1);
            while (!over.empty() && isSpace(over.front())) over.remove_prefix(1);
            if (over != "dt") fail(pos + slash + 1, "expected 'dt' after '/' in 'd" + std::string(name) + "/...'", kForm);
            eq.name = std::string(name);
            eq.differential = true;
            eq.column = int(pos) + 2;
        } else {
            eq.name = std::string(lhs);
            eq.column = int(pos) + 1;
        }
        if (!lang::isIdentifier(eq.name))
            fail(std::size_t(eq.column - 1), "'" + eq.name + "' is not a name", kForm);
        if (auto it = definedAt.find(eq.name); it != definedAt.end())
            fail(std::size_t(eq.column - 1), "'" + eq.name + "' is defined twice",
                 "it is already defined at line " + std::to_string(it->second));
        definedAt[eq.name] = lineNumber;

        std::string_view rest = line.substr(eqSign + 1);
        const std::size_t colon = unitSeparator(rest);
        std::string_view expression = trimRight(rest.substr(0, colon));
        std::size_t exprStart = 0;
        while (exprStart < expression.size() && isSpace(expression[exprStart])) ++exprStart;
        if (exprStart == expression.size())
            fail(eqSign + 1, "expected an expression after '=' for '" + eq.name + "'", kForm);
        eq.expression = std::string(expression.substr(exprStart));
        eq.expressionLine = lineNumber;
        eq.expressionColumn = int(eqSign + 1 + exprStart) + 1;
        if (colon != std::string_view::npos) {
            std::string_view unit = rest.substr(colon + 1);
            while (!unit.empty() && isSpace(unit.front())) unit.remove_prefix(1);
            unit = trimRight(unit);
            const std::size_t unitColumn = eqSign + 1 + colon + 1;
            if (unit.empty()) fail(unitColumn, "expected a unit after ':' for '" + eq.name + "'", "e.g. ': mV', or drop the ':'");
            if (!isUnitText(unit))
                fail(unitColumn, "'" + std::string(unit) + "' is not a unit",
                     "units are names, numbers, '*', '/' and '^', e.g. 'mV', 'nA/nF', '1/ms'");
            eq.unit = std::string(unit);
        }
        result.push_back(std::move(eq));
    }
    return result;
}

} // namespace spikegen::equations
