// Adaptive exponential integrate-and-fire (Brette & Gerstner 2005), given as equations.
#include "models/neurons.h"

namespace spikegen::models {

NeuronModel AdEx()
{
    NeuronModel m;
    m.name = "AdEx";
    m.params = {"C", "gL", "EL", "VT", "DeltaT", "tauw", "a", "b", "Vr", "Vpeak", "Ioffset"};
    m.paramChecks = {{"C > 0", "C must be positive"},
                     {"gL > 0", "gL must be positive"},
                     {"DeltaT > 0", "DeltaT must be positive"},
                     {"tauw > 0", "tauw must be positive"},
                     {"Vpeak > VT", "Vpeak must be above VT"}};
    m.vars = {{"V"}, {"w"}};
    // Inside the equations V is capped at Vpeak: a step that crosses Vpeak ends in a reset anyway,
    // and the cap keeps exp() and the stages of RK4 finite on the way there (NEST's aeif models
    // cap V the same way).
    m.equations = R"(
Vcapped = fmin(V, Vpeak) : mV
dV/dt = (gL * (EL - Vcapped) + gL * DeltaT * exp((Vcapped - VT) / DeltaT) - w + Isyn + Ioffset) / C : mV
dw/dt = (a * (Vcapped - EL) - w) / tauw : nA
)";
    m.integrationMethod = "rk4";
    m.thresholdCode = "V > Vpeak";
    m.resetCode = "V = Vr;\nw += b;";
    return m;
}

} // namespace spikegen::models
