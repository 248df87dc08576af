#include "models/current_sources.h"

namespace spikegen::models {

CurrentSourceModel DC()
{
    CurrentSourceModel m;
    m.name = "DC";
    m.params = {"amp"};
    m.injectionCode = "injectCurrent(amp);";
    return m;
}

CurrentSourceModel ExternalCurrent()
{
    CurrentSourceModel m;
    m.name = "ExternalCurrent";
    m.vars = {{"amp", "scalar", 0.0}};
    m.injectionCode = "injectCurrent(amp);";
    return m;
}

CurrentSourceModel GaussianNoise()
{
    CurrentSourceModel m;
    m.name = "GaussianNoise";
    m.params = {"mean", "sd"};
    m.paramChecks = {{"sd >= 0", "sd cannot be negative"}};
    m.injectionCode = "injectCurrent(mean + sd * normal());";
    return m;
}

CurrentSourceModel PoissonInput()
{
    CurrentSourceModel m;
    m.name = "PoissonInput";
    m.params = {"weight", "rate", "inputs"};
    m.derivedParams = {{"meanCount", "inputs * rate * dt * 1e-3"}}; // spikes per step (rate in Hz, dt in ms)
    m.paramChecks = {{"rate >= 0", "rate cannot be negative"}, {"inputs >= 0", "inputs cannot be negative"}};
    m.injectionCode = "injectCurrent(weight * poisson(meanCount));";
    return m;
}

CurrentSourceModel PoissonExpCurr()
{
    CurrentSourceModel m;
    m.name = "PoissonExpCurr";
    m.params = {"weight", "tau", "rate", "inputs"};
    m.derivedParams = {{"meanCount", "inputs * rate * dt * 1e-3"}, {"expDecay", "exp(-dt / tau)"}};
    m.paramChecks = {{"tau > 0", "tau must be positive"},
                     {"rate >= 0", "rate cannot be negative"},
                     {"inputs >= 0", "inputs cannot be negative"}};
    m.vars = {{"iSyn", "scalar", 0.0}};
    m.injectionCode = "iSyn += weight * poisson(meanCount);\ninjectCurrent(iSyn);\niSyn *= expDecay;";
    return m;
}

CurrentSourceModel PoissonAlphaCurr()
{
    CurrentSourceModel m;
    m.name = "PoissonAlphaCurr";
    m.params = {"weight", "tau", "rate", "inputs"};
    m.derivedParams = {{"meanCount", "inputs * rate * dt * 1e-3"},
                       {"expDecay", "exp(-dt / tau)"},
                       {"stepOverTau", "dt / tau"},
                       {"peakScale", "exp(1.0)"}};
    m.paramChecks = {{"tau > 0", "tau must be positive"},
                     {"rate >= 0", "rate cannot be negative"},
                     {"inputs >= 0", "inputs cannot be negative"}};
    m.vars = {{"x", "scalar", 0.0}, {"iSyn", "scalar", 0.0}};
    // The order of AlphaCurr: this step's spikes enter x, the current injected is the one before.
    m.injectionCode = "x += peakScale * weight * poisson(meanCount);\ninjectCurrent(iSyn);\n"
                      "iSyn = expDecay * (iSyn + stepOverTau * x);\nx *= expDecay;";
    return m;
}

} // namespace spikegen::models
