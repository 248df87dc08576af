// Dendrify-style compartments (models/compartmental.h). Switching times are compared with half a
// step of slack, so that a duration of 1.2 ms is 12 steps of 0.1 ms in float as in double.
#include "models/compartmental.h"

namespace spikegen::models {
namespace {

// Counters stop here instead of overflowing: far beyond any refractory period.
constexpr const char* kCounterCap = "1000000000";

} // namespace

Compartment LeakyCompartment(const std::string& name)
{
    Compartment c;
    c.name = name;
    c.params = {"C", "gL", "EL"};
    c.vars = {{"V"}};
    c.equations = "dV/dt = (gL * (EL - V) + I_axial + Isyn) / C : mV";
    return c;
}

Compartment DendriticSpikeCompartment(const std::string& name)
{
    Compartment c = LeakyCompartment(name);
    c.params.insert(c.params.end(), {"dspike_threshold", "g_rise", "E_rise", "rise_duration", "g_fall", "E_fall",
                                     "fall_delay", "fall_duration", "dspike_refractory"});
    c.vars.push_back({"dspike_age", "int", double(1000000000)});
    c.vars.push_back({"rise", "scalar", 0.0});
    c.vars.push_back({"fall", "scalar", 0.0});
    c.vars.push_back({"dspikes", "unsigned", 0.0});
    c.equations = "dV/dt = (gL * (EL - V) + I_axial + Isyn + g_rise * rise * (E_rise - V)"
                  " + g_fall * fall * (E_fall - V)) / C : mV";
    c.events = {{"dspike", "V >= dspike_threshold && dspike_age * dt > dspike_refractory - 0.5 * dt",
                 "dspike_age = 0;\ndspikes += 1u;"}};
    // The switches for the next step: rise in the rise_duration after the event, fall from
    // fall_delay to fall_delay + fall_duration.
    c.simCode = std::string("if (dspike_age < ") + kCounterCap + ") dspike_age += 1;\n" +
                "const scalar age = dspike_age * dt;\n"
                "rise = age < rise_duration + 0.5 * dt ? 1.0 : 0.0;\n"
                "fall = (age > fall_delay - 0.5 * dt && age < fall_delay + fall_duration + 0.5 * dt) ? 1.0 : 0.0;";
    return c;
}

NeuronModel CompartmentalNeuron(std::string name, std::vector<Compartment> compartments,
                                std::vector<AxialCoupling> couplings)
{
    NeuronModel m;
    m.name = std::move(name);
    m.params = {"V_threshold", "V_spike", "V_reset", "refractory", "reset_delay"};
    m.paramChecks = {{"refractory >= 0", "refractory must not be negative"},
                     {"reset_delay >= 0", "reset_delay must not be negative"}};
    m.vars = {{"since_spike", "int", double(1000000000)}};
    const std::string soma = compartments.empty() ? "soma" : compartments.front().name;
    const std::string v = "V_" + soma;
    m.simCode = std::string("if (since_spike < ") + kCounterCap + ") since_spike += 1;\n" +
                "const scalar since = since_spike * dt;\n"
                "if (since > reset_delay - 0.5 * dt && since < reset_delay + 0.5 * dt) " + v + " = V_reset;";
    m.thresholdCode = v + " > V_threshold && since_spike * dt > refractory - 0.5 * dt";
    m.resetCode = v + " = V_spike;\nsince_spike = 0;";
    m.compartments = std::move(compartments);
    m.couplings = std::move(couplings);
    return m;
}

} // namespace spikegen::models
