#include "models/library.h"

#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/shared_draw_snippets.h"
#include "models/spike_sources.h"
#include "models/synapses.h"

namespace spikegen::models {

const io::ModelLibrary& builtinLibrary()
{
    static const io::ModelLibrary library = [] {
        io::ModelLibrary l;
        for (NeuronModel m : {LIF(), Izhikevich(), Poisson(), LIFDelta(), IzhikevichVariable(), AdEx(), HodgkinHuxley()}) l.neurons.emplace(m.name, m);
        l.neurons.emplace("SpikeSourceArray", SpikeSourceArray());
        for (PostsynapticModel m : {DeltaCurr(), ExpCurr(), ExpCond(), AlphaCurr(), AlphaCond()})
            l.postsynaptic.emplace(m.name, m);
        for (WeightUpdateModel m : {StaticPulse(), StaticPulseConstantWeight(), ClusterPulse(), StaticPulseDendriticDelay(), STDPAdditive(),
                                    STDPAdditiveNearest(), STDPMultiplicative(), STDPTriplet(), STDPInhibitory(), STDPPowerLaw()})
            l.weightUpdates.emplace(m.name, m);
        for (CurrentSourceModel m : {DC(), ExternalCurrent(), GaussianNoise(), PoissonInput(), PoissonExpCurr(), PoissonAlphaCurr()})
            l.currentSources.emplace(m.name, m);
        for (VarInitSnippet s : {constantSnippet(), init::UniformSnippet(), init::NormalSnippet(),
                                 init::NormalClippedSnippet(), init::ExponentialSnippet(),
                                 init::NormalClippedDelaySnippet(), init::BlockValueSnippet()})
            l.varInits.emplace(s.name, s);
        for (VarInitSnippet s : {init::SharedUniformSnippet(), init::SharedUniformSquaredSnippet()})
            l.varInits.emplace(s.name, s);
        // The connectivity helpers return instances; their snippets do not depend on the values.
        for (const ConnectivityInstance& c : {init::Dense(), init::OneToOne(), init::FixedProbability(0.0),
                                              init::FixedProbabilityNoAutapse(0.0),
                                              init::FixedNumberPostWithReplacement(0.0),
                                              init::FixedNumberTotalWithReplacement(0.0),
                                              init::FixedNumberPre(0.0), init::FixedNumberPreWithReplacement(0.0)})
            l.connectivity.emplace(c.snippet.name, c.snippet);
        return l;
    }();
    return library;
}

} // namespace spikegen::models
