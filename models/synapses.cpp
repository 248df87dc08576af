#include "models/synapses.h"

#include <cmath>

namespace spikegen::models {
namespace {

DerivedParam expDecay()
{
    return {"expDecay", "exp(-dt / tau)"};
}

std::optional<std::string> positiveTau(const ParamValues& p)
{
    if (p.at("tau") <= 0)
        return "tau must be positive";
    return std::nullopt;
}

} // namespace

PostsynapticModel DeltaCurr()
{
    PostsynapticModel m;
    m.name = "DeltaCurr";
    m.linear = true;
    m.applyInputCode = "Isyn += inSyn;";
    m.decayCode = "inSyn = 0.0;";
    return m;
}

PostsynapticModel ExpCurr()
{
    PostsynapticModel m;
    m.name = "ExpCurr";
    m.linear = true;
    m.params = {"tau"};
    m.derivedParams = {expDecay()};
    m.checkParams = positiveTau;
    m.vars = {{"iSyn", "scalar", 0.0}};
    m.applyInputCode = "iSyn += inSyn;\ninSyn = 0.0;\nIsyn += iSyn;";
    m.decayCode = "iSyn *= expDecay;";
    return m;
}

PostsynapticModel ExpCond()
{
    PostsynapticModel m;
    m.name = "ExpCond";
    m.linear = true;
    m.params = {"tau", "E"};
    m.derivedParams = {expDecay()};
    m.checkParams = positiveTau;
    m.vars = {{"gSyn", "scalar", 0.0}};
    m.applyInputCode = "gSyn += inSyn;\ninSyn = 0.0;\nIsyn += gSyn * (E - V);";
    m.decayCode = "gSyn *= expDecay;";
    return m;
}

namespace {

// dx/dt = -x / tau, dy/dt = (x - y) / tau: over one step y <- exp(-dt/tau) (y + x dt / tau), x <- exp(-dt/tau) x.
PostsynapticModel alpha(const char* name, const char* output, std::vector<std::string> params, const char* drive)
{
    PostsynapticModel m;
    m.name = name;
    m.linear = true;
    m.params = std::move(params);
    m.derivedParams = {expDecay(), {"stepOverTau", "dt / tau"}, {"peakScale", "exp(1.0)"}};
    m.checkParams = positiveTau;
    m.vars = {{"x", "scalar", 0.0}, {output, "scalar", 0.0}};
    m.applyInputCode = std::string("x += peakScale * inSyn;\ninSyn = 0.0;\nIsyn += ") + drive + ";";
    m.decayCode = std::string(output) + " = expDecay * (" + output + " + stepOverTau * x);\nx *= expDecay;";
    return m;
}

} // namespace

PostsynapticModel AlphaCurr() { return alpha("AlphaCurr", "iSyn", {"tau"}, "iSyn"); }

PostsynapticModel AlphaCond() { return alpha("AlphaCond", "gSyn", {"tau", "E"}, "gSyn * (E - V)"); }

double expCurrChargeFactor(double tau, double dt) { return tau / dt * -std::expm1(-dt / tau); }

WeightUpdateModel StaticPulse()
{
    WeightUpdateModel m;
    m.name = "StaticPulse";
    m.vars = {{"g"}};
    m.simCode = "addToPost(g);";
    return m;
}

WeightUpdateModel ClusterPulse()
{
    WeightUpdateModel m;
    m.name = "ClusterPulse";
    m.params = {"g", "Jplus", "clusters", "preClusterSize", "postClusterSize"};
    // The total input of a neuron stays that of a uniform network (Rostami et al. 2020).
    m.derivedParams = {{"Jminus", "clusters > 1.0 ? (clusters - Jplus) / (clusters - 1.0) : 1.0"}};
    m.simCode = "addToPost(id_pre / (unsigned)preClusterSize == id_post / (unsigned)postClusterSize ? g * Jplus"
                " : g * Jminus);";
    return m;
}

WeightUpdateModel StaticPulseConstantWeight()
{
    WeightUpdateModel m;
    m.name = "StaticPulseConstantWeight";
    m.params = {"g"};
    m.simCode = "addToPost(g);";
    return m;
}

WeightUpdateModel StaticPulseDendriticDelay()
{
    WeightUpdateModel m;
    m.name = "StaticPulseDendriticDelay";
    m.vars = {{"g"}, {"d", "unsigned"}};
    m.simCode = "addToPostDelay(g, d);";
    return m;
}

} // namespace spikegen::models
