#include "models/plasticity.h"

namespace spikegen::models {
namespace {

// Traces decay exactly between spikes; in spike code st_* is already this step's time, so the
// interval since the last spike is t - prev_st_*. A trace read at a spike of the same step without
// that spike's increment is the stored value minus 1 (it was just incremented).
const char* const kPreTraceAtSpike = "preTrace = preTrace * exp(-(t - prev_st_pre) / tauPlus) + 1.0;";
const char* const kPostTraceAtSpike = "postTrace = postTrace * exp(-(t - prev_st_post) / tauMinus) + 1.0;";

std::vector<ParamCheck> pairChecks()
{
    return {{"tauPlus > 0 && tauMinus > 0", "tauPlus and tauMinus must be positive"},
            {"Aplus >= 0 && Aminus >= 0", "Aplus and Aminus must not be negative (they are magnitudes)"}};
}

ParamCheck boundsCheck() { return {"wMin <= wMax", "wMin must not exceed wMax"}; }

WeightUpdateModel pairModel(const char* name, bool bounded)
{
    WeightUpdateModel m;
    m.name = name;
    m.params = {"tauPlus", "tauMinus", "Aplus", "Aminus"};
    m.paramChecks = pairChecks();
    if (bounded) {
        m.params.insert(m.params.end(), {"wMin", "wMax"});
        m.paramChecks.push_back(boundsCheck());
    }
    m.vars = {{"w"}};
    return m;
}

// All-to-all pairing: a trace per neuron on each side, +1 at each spike.
void addPairTraces(WeightUpdateModel& m)
{
    m.preVars = {{"preTrace", "scalar", 0.0}};
    m.postVars = {{"postTrace", "scalar", 0.0}};
    m.preSpikeCode = kPreTraceAtSpike;
    m.postSpikeCode = kPostTraceAtSpike;
}

} // namespace

WeightUpdateModel STDPAdditive()
{
    WeightUpdateModel m = pairModel("STDPAdditive", true);
    addPairTraces(m);
    m.simCode = R"(addToPost(w);
// depression by the earlier postsynaptic spikes (one in this step pairs as pre-before-post)
const scalar trace = st_post == t ? postTrace - 1.0 : postTrace;
w = fmax(wMin, w - Aminus * trace * exp(-(t - st_post) / tauMinus));)";
    m.learnPostCode = "w = fmin(wMax, w + Aplus * preTrace * exp(-(t - st_pre) / tauPlus));";
    return m;
}

WeightUpdateModel STDPAdditiveNearest()
{
    WeightUpdateModel m = pairModel("STDPAdditiveNearest", true);
    m.simCode = R"(addToPost(w);
// the latest postsynaptic spike before this step (one in this step pairs as pre-before-post)
const scalar latest = st_post == t ? prev_st_post : st_post;
w = fmax(wMin, w - Aminus * exp(-(t - latest) / tauMinus));)";
    m.learnPostCode = "w = fmin(wMax, w + Aplus * exp(-(t - st_pre) / tauPlus));";
    return m;
}

WeightUpdateModel STDPMultiplicative()
{
    WeightUpdateModel m = pairModel("STDPMultiplicative", false);
    addPairTraces(m);
    m.simCode = R"(addToPost(w);
const scalar trace = st_post == t ? postTrace - 1.0 : postTrace;
w = fmax(0.0, w - Aminus * w * trace * exp(-(t - st_post) / tauMinus));)";
    m.learnPostCode = "w += Aplus * preTrace * exp(-(t - st_pre) / tauPlus);";
    return m;
}

WeightUpdateModel STDPPowerLaw()
{
    WeightUpdateModel m;
    m.name = "STDPPowerLaw";
    m.params = {"tauPlus", "tauMinus", "lambda", "alpha", "mu", "w0"};
    m.derivedParams = {{"potentiationScale", "lambda * pow(w0, 1.0 - mu)"}};
    m.paramChecks = {{"tauPlus > 0 && tauMinus > 0", "tauPlus and tauMinus must be positive"},
                     {"lambda >= 0 && alpha >= 0", "lambda and alpha must not be negative"},
                     {"w0 > 0", "w0 (the weight unit) must be positive"}};
    m.vars = {{"w"}};
    addPairTraces(m);
    m.simCode = R"(addToPost(w);
const scalar trace = st_post == t ? postTrace - 1.0 : postTrace;
w = fmax(0.0, w - lambda * alpha * w * trace * exp(-(t - st_post) / tauMinus));)";
    m.learnPostCode = "w += potentiationScale * pow(w, mu) * preTrace * exp(-(t - st_pre) / tauPlus);";
    return m;
}

WeightUpdateModel STDPTriplet()
{
    WeightUpdateModel m;
    m.name = "STDPTriplet";
    m.params = {"tauPlus", "tauMinus", "tauX", "tauY", "A2plus", "A3plus", "A2minus", "A3minus", "wMin", "wMax"};
    m.paramChecks = {{"tauPlus > 0 && tauMinus > 0 && tauX > 0 && tauY > 0", "the time constants must be positive"},
                     {"A2plus >= 0 && A3plus >= 0 && A2minus >= 0 && A3minus >= 0",
                      "the amplitudes must not be negative (they are magnitudes)"},
                     boundsCheck()};
    m.vars = {{"w"}};
    m.preVars = {{"r1", "scalar", 0.0}, {"r2", "scalar", 0.0}};
    m.postVars = {{"o1", "scalar", 0.0}, {"o2", "scalar", 0.0}};
    m.preSpikeCode = R"(const scalar elapsed = t - prev_st_pre;
r1 = r1 * exp(-elapsed / tauPlus) + 1.0;
r2 = r2 * exp(-elapsed / tauX) + 1.0;)";
    m.postSpikeCode = R"(const scalar elapsed = t - prev_st_post;
o1 = o1 * exp(-elapsed / tauMinus) + 1.0;
o2 = o2 * exp(-elapsed / tauY) + 1.0;)";
    // r2 - 1 and o2 - 1: the traces before this spike's own increment (st_pre == t in sim code,
    // st_post == t in learn-post code).
    m.simCode = R"(addToPost(w);
const scalar o1Now = (st_post == t ? o1 - 1.0 : o1) * exp(-(t - st_post) / tauMinus);
w = fmax(wMin, w - o1Now * (A2minus + A3minus * (r2 - 1.0)));)";
    m.learnPostCode = R"(const scalar r1Now = r1 * exp(-(t - st_pre) / tauPlus);
w = fmin(wMax, w + r1Now * (A2plus + A3plus * (o2 - 1.0)));)";
    return m;
}

ParamValues tripletMinimalVisualCortex(double wMin, double wMax)
{
    // Pfister & Gerstner (2006), table 4, visual cortex data, all-to-all minimal model (A3minus = 0;
    // tauX then plays no part and takes the full model's value).
    return {{"tauPlus", 16.8}, {"tauMinus", 33.7}, {"tauX", 101.0}, {"tauY", 125.0}, {"A2plus", 5e-10},
            {"A3plus", 6.2e-3}, {"A2minus", 7e-3},  {"A3minus", 0.0},  {"wMin", wMin},   {"wMax", wMax}};
}

WeightUpdateModel STDPInhibitory()
{
    WeightUpdateModel m;
    m.name = "STDPInhibitory";
    m.params = {"tau", "eta", "rho0", "wMin", "wMax"};
    m.derivedParams = {{"alpha", "2.0 * rho0 * tau * 1e-3"}};
    m.paramChecks = {{"tau > 0", "tau must be positive"}, {"rho0 >= 0", "the target rate rho0 must not be negative"},
                     boundsCheck()};
    m.vars = {{"w"}};
    m.preVars = {{"xPre", "scalar", 0.0}};
    m.postVars = {{"xPost", "scalar", 0.0}};
    m.preSpikeCode = "xPre = xPre * exp(-(t - prev_st_pre) / tau) + 1.0;";
    m.postSpikeCode = "xPost = xPost * exp(-(t - prev_st_post) / tau) + 1.0;";
    m.simCode = R"(addToPost(w);
const scalar post = (st_post == t ? xPost - 1.0 : xPost) * exp(-(t - st_post) / tau);
w = fmin(wMax, fmax(wMin, w + eta * (post - alpha)));)";
    m.learnPostCode = "w = fmin(wMax, w + eta * xPre * exp(-(t - st_pre) / tau));";
    return m;
}

} // namespace spikegen::models
