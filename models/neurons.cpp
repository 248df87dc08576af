#include "models/neurons.h"

#include <cmath>
#include <string>

namespace spikegen::models {

NeuronModel LIF()
{
    NeuronModel m;
    m.name = "LIF";
    m.params = {"C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset", "TauRefrac"};
    m.derivedParams = {
        {"ExpTC", "exp(-dt / TauM)"},
        {"Rmembrane", "TauM / C"},
    };
    m.vars = {{"V"}, {"RefracTime"}};
    m.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("C") <= 0 || p.at("TauM") <= 0)
            return "C and TauM must be positive";
        if (p.at("TauRefrac") < 0)
            return "TauRefrac cannot be negative";
        return std::nullopt;
    };
    m.simCode = R"(
if (RefracTime <= 0.0) {
    // exact solution of tau dV/dt = Vrest - V + R I over one step with I constant
    const scalar alpha = (Isyn + Ioffset) * Rmembrane + Vrest;
    V = alpha - ExpTC * (alpha - V);
}
else {
    RefracTime -= dt;
}
)";
    m.thresholdCode = "RefracTime <= 0.0 && V >= Vthresh";
    m.resetCode = "V = Vreset;\nRefracTime = TauRefrac;";
    return m;
}

NeuronModel LIFDelta()
{
    NeuronModel m;
    m.name = "LIFDelta";
    m.params = {"TauM", "Vrest", "Vreset", "Vthresh", "TauRefrac"};
    m.derivedParams = {{"ExpTC", "exp(-dt / TauM)"}};
    m.paramChecks = {{"TauM > 0", "TauM must be positive"}, {"TauRefrac >= 0", "TauRefrac cannot be negative"}};
    m.vars = {{"V"}, {"RefracTime"}};
    m.simCode = R"(
if (RefracTime <= 0.0) {
    // exact decay over the step, then the jumps of the inputs that arrived in it
    V = Vrest + ExpTC * (V - Vrest) + Isyn;
}
else {
    RefracTime -= dt;
}
)";
    m.thresholdCode = "RefracTime <= 0.0 && V >= Vthresh";
    m.resetCode = "V = Vreset;\nRefracTime = TauRefrac;";
    return m;
}

namespace {

// Two half steps for V, as in Izhikevich (2003), for numerical stability.
const char* const kIzhikevichSim = R"(
V += 0.5 * dt * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn);
V += 0.5 * dt * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn);
U += dt * a * (b * V - U);
)";

} // namespace

NeuronModel Izhikevich()
{
    NeuronModel m;
    m.name = "Izhikevich";
    m.params = {"a", "b", "c", "d"};
    m.vars = {{"V"}, {"U"}};
    m.simCode = kIzhikevichSim;
    m.thresholdCode = "V >= 30.0";
    m.resetCode = "V = c;\nU += d;";
    return m;
}

NeuronModel IzhikevichVariable()
{
    NeuronModel m = Izhikevich();
    m.name = "IzhikevichVariable";
    m.params = {};
    m.vars = {{"V"}, {"U"}, {"a"}, {"b"}, {"c"}, {"d"}};
    return m;
}

NeuronModel Poisson()
{
    NeuronModel m;
    m.name = "Poisson";
    m.params = {"rate"};
    m.derivedParams = {{"spikeProbability", "rate * dt * 1e-3"}};
    m.checkParams = [](const ParamValues& p) -> std::optional<std::string> {
        if (p.at("rate") < 0)
            return "rate cannot be negative";
        return std::nullopt;
    };
    m.thresholdCode = "uniform() < spikeProbability";
    return m;
}

} // namespace spikegen::models
