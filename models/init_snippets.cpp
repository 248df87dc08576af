#include "models/init_snippets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace spikegen::init {
namespace {

// Shortest form that reads back as the same double ("1.5", not std::to_string's "1.500000").
std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    for (int precision = 1; precision <= 17; ++precision) {
        char shorter[32];
        std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
        if (std::strtod(shorter, nullptr) == value) return shorter;
    }
    return text;
}

std::optional<std::string> checkProbability(const ParamValues& p)
{
    const double prob = p.at("prob");
    if (!(prob >= 0.0 && prob <= 1.0))
        return "probability 'prob' is " + number(prob) + "; it must be in [0, 1]";
    return std::nullopt;
}

std::optional<std::string> checkCount(const ParamValues& p, const char* name)
{
    const double n = p.at(name);
    if (n < 0 || n != std::floor(n) || n > 4294967295.0)
        return std::string("'") + name + "' is " + number(n) + "; it must be a whole number >= 0";
    return std::nullopt;
}

ConnectivitySnippet fixedProbability(bool allowAutapses)
{
    ConnectivitySnippet s;
    s.name = allowAutapses ? "FixedProbability" : "FixedProbabilityNoAutapse";
    s.params = {"prob"};
    // The gap to the next target is geometric: floor(E / -log(1 - p)) with E ~ Exp(1).
    s.derivedParams = {{"gapScale", "prob <= 0.0 ? 1e30 : prob >= 1.0 ? 0.0 : -1.0 / log1p(-prob)"}};
    s.checkParams = checkProbability;
    s.rowBuildCode = std::string(R"(
unsigned j = 0u;
while (true) {
    const scalar gap = floor(exponential() * gapScale);
    if (gap >= (scalar)(num_post - j)) {
        break;
    }
    j += (unsigned)gap;
)") + (allowAutapses ? "    addSynapse(j);\n" : "    if (j != id_pre) {\n        addSynapse(j);\n    }\n") +
                      "    j++;\n}\n";
    setMaxRowLength(s, "num_post");
    s.meanRowLengthExpression = "prob * num_post";
    return s;
}

} // namespace

VarInitSnippet UniformSnippet()
{
    VarInitSnippet s;
    s.name = "Uniform";
    s.params = {"min", "max"};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("min") > p.at("max"))
            return "min is larger than max";
        return std::nullopt;
    };
    s.code = "value = min + (max - min) * uniform();";
    return s;
}

VarInitSnippet NormalSnippet()
{
    VarInitSnippet s;
    s.name = "Normal";
    s.params = {"mean", "sd"};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("sd") < 0)
            return "sd cannot be negative";
        return std::nullopt;
    };
    s.code = "value = mean + sd * normal();";
    return s;
}

VarInitSnippet NormalClippedSnippet()
{
    VarInitSnippet s;
    s.name = "NormalClipped";
    s.params = {"mean", "sd", "min", "max"};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("sd") < 0)
            return "sd cannot be negative";
        if (p.at("min") >= p.at("max"))
            return "min must be smaller than max";
        return std::nullopt;
    };
    s.code = R"(
scalar x = mean + sd * normal();
while (x < min || x > max) {
    x = mean + sd * normal();
}
value = x;
)";
    return s;
}

VarInitSnippet ExponentialSnippet()
{
    VarInitSnippet s;
    s.name = "Exponential";
    s.params = {"lambda"};
    s.derivedParams = {{"scale", "1.0 / lambda"}};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("lambda") <= 0)
            return "lambda must be positive";
        return std::nullopt;
    };
    s.code = "value = exponential() * scale;";
    return s;
}

VarInitSnippet NormalClippedDelaySnippet()
{
    VarInitSnippet s;
    s.name = "NormalClippedDelay";
    s.params = {"mean", "sd", "min", "max"};
    // A multiplication, not a division: OpenCL's float division need not be correctly rounded.
    s.derivedParams = {{"stepsPerMs", "1.0 / dt"}};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("sd") < 0)
            return "sd cannot be negative";
        if (p.at("min") >= p.at("max"))
            return "min must be smaller than max";
        if (p.at("max") <= 0)
            return "max must be positive";
        return std::nullopt;
    };
    s.code = R"(
scalar delay = mean + sd * normal();
while (delay < min || delay > max) {
    delay = mean + sd * normal();
}
const scalar steps = round(delay * stepsPerMs);
value = steps < 1.0 ? 0u : (unsigned)steps - 1u;
)";
    return s;
}

VarInitSnippet BlockValueSnippet()
{
    VarInitSnippet s;
    s.name = "BlockValue";
    s.params = {"within", "between", "preBlock", "postBlock"};
    s.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        for (const char* name : {"preBlock", "postBlock"})
            if (auto problem = checkCount(p, name)) return problem;
        if (p.at("preBlock") < 1 || p.at("postBlock") < 1)
            return "block sizes must be at least 1";
        return std::nullopt;
    };
    s.code = "value = id_pre / (unsigned)preBlock == id_post / (unsigned)postBlock ? within : between;";
    return s;
}

VarInit Uniform(double min, double max) { return {UniformSnippet(), {{"min", min}, {"max", max}}}; }
VarInit Normal(double mean, double sd) { return {NormalSnippet(), {{"mean", mean}, {"sd", sd}}}; }
VarInit NormalClipped(double mean, double sd, double min, double max)
{
    return {NormalClippedSnippet(), {{"mean", mean}, {"sd", sd}, {"min", min}, {"max", max}}};
}
VarInit Exponential(double lambda) { return {ExponentialSnippet(), {{"lambda", lambda}}}; }
VarInit NormalClippedDelay(double meanMs, double sdMs, double minMs, double maxMs)
{
    return {NormalClippedDelaySnippet(), {{"mean", meanMs}, {"sd", sdMs}, {"min", minMs}, {"max", maxMs}}};
}
VarInit BlockValue(double within, double between, std::uint32_t preBlock, std::uint32_t postBlock)
{
    return {BlockValueSnippet(),
            {{"within", within}, {"between", between}, {"preBlock", double(preBlock)}, {"postBlock", double(postBlock)}}};
}
// Rounded up: the device rounds max * (1 / dt) in the network's precision, which may land on the
// next step when max / dt ends in .5.
int maxDendriticDelaySteps(double maxMs, double dtMs) { return std::max(int(std::ceil(maxMs / dtMs)), 1) - 1; }

ConnectivityInstance Dense()
{
    ConnectivitySnippet s;
    s.name = "Dense";
    s.dense = true;
    return {s, {}};
}

ConnectivityInstance OneToOne()
{
    ConnectivitySnippet s;
    s.name = "OneToOne";
    s.rowBuildCode = "addSynapse(id_pre);";
    setMaxRowLength(s, "1");
    s.meanRowLengthExpression = "1";
    return {s, {}};
}

ConnectivityInstance FixedProbability(double prob) { return {fixedProbability(true), {{"prob", prob}}}; }
ConnectivityInstance FixedProbabilityNoAutapse(double prob) { return {fixedProbability(false), {{"prob", prob}}}; }

ConnectivityInstance FixedNumberPostWithReplacement(double rowLength)
{
    ConnectivitySnippet s;
    s.name = "FixedNumberPostWithReplacement";
    s.params = {"num"};
    s.checkParams = [](const ParamValues& p) { return checkCount(p, "num"); };
    s.rowBuildCode = R"(
for (unsigned c = 0u; c < (unsigned)num; c++) {
    addSynapse(uniform_int(num_post));
}
)";
    setMaxRowLength(s, "num");
    s.meanRowLengthExpression = "num";
    return {s, {{"num", rowLength}}};
}

ConnectivityInstance FixedNumberTotalWithReplacement(double total)
{
    ConnectivitySnippet s;
    s.name = "FixedNumberTotalWithReplacement";
    s.params = {"num"};
    s.checkParams = [](const ParamValues& p) { return checkCount(p, "num"); };
    // Row lengths are multinomial: a chain of binomials, each row taking its share of what is left.
    // The chain is sequential (one thread), but each binomial costs O(1) draws (BTRD, docs/rng.md).
    s.rowLengthCode = R"(
unsigned remaining = (unsigned)num;
for (unsigned i = 0u; i < num_pre; i++) {
    unsigned n = remaining;
    if (i + 1u < num_pre) {
        n = binomial(remaining, 1.0 / (scalar)(num_pre - i));
    }
    setRowLength(i, n);
    remaining -= n;
}
)";
    s.rowBuildCode = R"(
for (unsigned c = 0u; c < row_length; c++) {
    addSynapse(uniform_int(num_post));
}
)";
    setMaxRowLength(s, "num");
    s.meanRowLengthExpression = "num / num_pre";
    return {s, {{"num", total}}};
}

ConnectivityInstance FixedNumberPre(double num)
{
    ConnectivitySnippet s;
    s.name = "FixedNumberPre";
    s.params = {"num"};
    s.checkParams = [](const ParamValues& p) { return checkCount(p, "num"); };
    s.sizeChecks = {{"num <= num_pre", "'num' sources per target without replacement need num <= num_pre, the size "
                                       "of the source group; use FixedNumberPreWithReplacement to allow multapses"}};
    // Selection sampling (Knuth, TAOCP 2, 3.4.2, Algorithm S): source i is taken with probability
    // (still needed) / (still left), an exact integer draw, so every set of `num` sources is equally
    // likely and the count is exact. It draws once per candidate source (O(num_pre) per target),
    // in exchange for needing no memory of what was taken.
    s.colBuildCode = R"(
unsigned needed = (unsigned)num;
for (unsigned i = 0u; i < num_pre && needed > 0u; i++) {
    if (uniform_int(num_pre - i) < needed) {
        addSynapse(i);
        needed--;
    }
}
)";
    // Each target takes a source at most once: a row is at most num_post long, a bound that holds
    // whatever is drawn (a binomial tail bound could fail at run time).
    setMaxRowLength(s, "num_post");
    s.meanRowLengthExpression = "num * num_post / num_pre";
    return {s, {{"num", num}}};
}

ConnectivityInstance FixedNumberPreWithReplacement(double num)
{
    ConnectivitySnippet s;
    s.name = "FixedNumberPreWithReplacement";
    s.params = {"num"};
    s.checkParams = [](const ParamValues& p) { return checkCount(p, "num"); };
    s.colBuildCode = R"(
for (unsigned c = 0u; c < (unsigned)num; c++) {
    addSynapse(uniform_int(num_pre));
}
)";
    // Every target may take one source `num` times.
    setMaxRowLength(s, "num * num_post");
    s.meanRowLengthExpression = "num * num_post / num_pre";
    return {s, {{"num", num}}};
}

} // namespace spikegen::init
