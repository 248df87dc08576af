// Plastic networks shared by the conformance tests and the CUDA compile checks: every built-in
// learning rule and a custom rule with every kind of learning code, driven by Poisson trains.
#pragma once
#include "backend_fixture.h"

namespace spikegen::testing {

inline ParamValues pairParams(double aPlus, double aMinus, double wMin = 0.0, double wMax = 1.0)
{
    return {{"tauPlus", 20.0}, {"tauMinus", 30.0}, {"Aplus", aPlus}, {"Aminus", aMinus}, {"wMin", wMin}, {"wMax", wMax}};
}

// Poisson trains drive every built-in rule and a custom one with every kind of learning code; the
// weights do not feed back into the spikes, which are the same on every backend (Philox), so the
// weights must come out bit for bit the same.
inline std::unique_ptr<Network> everyRuleNetwork()
{
    auto net = std::make_unique<Network>("stdp_every_rule", NetworkOptions{0.1, Precision::Float, 11});
    net->addNeuronGroup("Pre", 60, models::Poisson(), {{"rate", 30.0}}, {});
    net->addNeuronGroup("Post", 20, models::Poisson(), {{"rate", 25.0}}, {});
    const VarInits w = {{"w", init::Uniform(0.2, 0.8)}};
    auto add = [&](const std::string& name, WeightUpdateModel model, ParamValues params, ConnectivityInstance conn,
                   int delay = 0) {
        net->addSynapseGroup(name, SynapseSpec{"Pre", "Post", {std::move(model), std::move(params), w},
                                               {models::DeltaCurr(), {}, {}}, std::move(conn), delay});
    };
    add("Additive", models::STDPAdditive(), pairParams(0.01, 0.0105), init::FixedProbability(0.5));
    add("AdditiveDelayed", models::STDPAdditive(), pairParams(0.01, 0.0105), init::FixedProbability(0.5), 7);
    add("Nearest", models::STDPAdditiveNearest(), pairParams(0.01, 0.0105), init::Dense(), 3);
    add("Multiplicative", models::STDPMultiplicative(),
        {{"tauPlus", 20.0}, {"tauMinus", 20.0}, {"Aplus", 0.01}, {"Aminus", 0.02}}, init::FixedProbability(0.3));
    add("Triplet", models::STDPTriplet(), models::tripletMinimalVisualCortex(0.0, 1.0), init::FixedProbability(0.5));
    add("Inhibitory", models::STDPInhibitory(),
        {{"tau", 20.0}, {"eta", 0.01}, {"rho0", 5.0}, {"wMin", 0.0}, {"wMax", 1.0}}, init::FixedProbability(0.5), 2);
    // Traces decayed every step, and synapse dynamics that read them and add to the target.
    WeightUpdateModel custom;
    custom.name = "EveryStep";
    custom.params = {"decay", "rate"};
    custom.vars = {{"w"}};
    custom.preVars = {{"x", "scalar", 0.0}};
    custom.postVars = {{"y", "scalar", 0.0}};
    custom.preDynamicsCode = "x *= decay;";
    custom.preSpikeCode = "x += 1.0;";
    custom.postDynamicsCode = "y *= decay;";
    custom.postSpikeCode = "y += 1.0;";
    custom.simCode = "addToPost(w);";
    custom.synapseDynamicsCode = "w += rate * (x - y);\naddToPost(1e-3 * w);";
    custom.learnPostCode = "w = fmin(1.0, w + rate * x);";
    add("Custom", custom, {{"decay", 0.99}, {"rate", 1e-4}}, init::FixedProbability(0.4));
    add("CustomDense", custom, {{"decay", 0.98}, {"rate", 2e-4}}, init::Dense(), 2);
    return net;
}

inline const std::vector<std::string> kEveryRuleGroups = {"Additive",   "AdditiveDelayed", "Nearest", "Multiplicative",
                                                   "Triplet",    "Inhibitory",      "Custom",  "CustomDense"};

// Plastic projections onto more than 65,536 targets: 16-bit indices in segments, and 32-bit
// indices (rows of one synapse, where segment starts would not pay).
inline std::unique_ptr<Network> wideTargetsPlasticNetwork()
{
    auto net = std::make_unique<Network>("stdp_wide_targets", NetworkOptions{0.1, Precision::Float, 5});
    net->addNeuronGroup("Pre", 60, models::Poisson(), {{"rate", 40.0}}, {});
    net->addNeuronGroup("Wide", 70000, models::Poisson(), {{"rate", 20.0}}, {});
    for (auto [name, conn] : {std::pair{"Segmented", init::FixedProbability(0.002)},
                              std::pair{"Wide32", init::FixedNumberPostWithReplacement(1)}})
        net->addSynapseGroup(name, SynapseSpec{"Pre", "Wide", {models::STDPAdditive(), pairParams(0.01, 0.0105),
                                                               {{"w", init::Uniform(0.2, 0.8)}}},
                                               {models::DeltaCurr(), {}, {}}, conn});
    return net;
}

inline const std::vector<std::string> kWideTargetsGroups = {"Segmented", "Wide32"};

} // namespace spikegen::testing
