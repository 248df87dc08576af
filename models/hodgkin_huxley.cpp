// Hodgkin-Huxley neuron with Traub-Miles sodium and potassium channels, as in the COBAHH benchmark
// (Brette et al. 2007, benchmark 3; the equations of Brian2's COBAHH example), given as equations.
#include "models/neurons.h"

namespace spikegen::models {

NeuronModel HodgkinHuxley()
{
    NeuronModel m;
    m.name = "HodgkinHuxley";
    m.params = {"C", "gL", "EL", "ENa", "EK", "gNa", "gK", "VT", "Vthresh", "Ioffset"};
    m.paramChecks = {{"C > 0", "C must be positive"}};
    // inSpike: V is above Vthresh since a spike; each action potential gives one spike.
    m.vars = {{"V"}, {"m"}, {"h"}, {"n"}, {"inSpike", "bool", 0.0}};
    // x / expm1(x) -> 1 - x/2 near x = 0, where the rate functions have a removable singularity.
    m.equations = R"(
xm = (13.0 - V + VT) / 4.0 : 1
xbm = (V - VT - 40.0) / 5.0 : 1
xn = (15.0 - V + VT) / 5.0 : 1
alpha_m = 1.28 * (fabs(xm) > 1e-4 ? xm / expm1(xm) : 1.0 - 0.5 * xm) : 1/ms
beta_m = 1.4 * (fabs(xbm) > 1e-4 ? xbm / expm1(xbm) : 1.0 - 0.5 * xbm) : 1/ms
alpha_h = 0.128 * exp((17.0 - V + VT) / 18.0) : 1/ms
beta_h = 4.0 / (1.0 + exp((40.0 - V + VT) / 5.0)) : 1/ms
alpha_n = 0.16 * (fabs(xn) > 1e-4 ? xn / expm1(xn) : 1.0 - 0.5 * xn) : 1/ms
beta_n = 0.5 * exp((10.0 - V + VT) / 40.0) : 1/ms
dV/dt = (gL * (EL - V) - gNa * m * m * m * h * (V - ENa) - gK * n * n * n * n * (V - EK) + Isyn + Ioffset) / C : mV
dm/dt = alpha_m * (1.0 - m) - beta_m * m : 1
dh/dt = alpha_h * (1.0 - h) - beta_h * h : 1
dn/dt = alpha_n * (1.0 - n) - beta_n * n : 1
)";
    m.integrationMethod = "exponential_euler";
    m.simCode = "if (V <= Vthresh) inSpike = false;";
    m.thresholdCode = "V > Vthresh && !inSpike";
    m.resetCode = "inSpike = true;";
    return m;
}

} // namespace spikegen::models
