// Summary statistics of recorded spike trains, as used to characterise network activity.
#pragma once
#include "core/runtime/simulation.h"

namespace spikegen {

struct PopulationStatistics {
    std::uint64_t spikes = 0;
    double rateHz = 0;         // mean firing rate over the group and the window
    double meanCvIsi = 0;      // mean coefficient of variation of inter-spike intervals, over neurons
                               // with at least 3 spikes in the window (0 when there are none)
    std::uint32_t neuronsWithCv = 0;
    double fractionActive = 0; // neurons with at least one spike in the window
    double lastSpikeMs = -1;   // time of the last spike in the window (-1: none)
};

// Statistics of the spikes in [fromMs, toMs) of a group of `size` neurons.
PopulationStatistics spikeStatistics(const SpikeTrains& trains, std::uint32_t size, double fromMs, double toMs);

// Fano factor (variance / mean) of the group's spike count in bins of `binMs` over [fromMs, toMs):
// about 1 for asynchronous irregular activity, well above 1 when the group fires in synchronous
// bursts; 0 without spikes. A last bin shorter than binMs is left out.
double populationFanoFactor(const SpikeTrains& trains, double fromMs, double toMs, double binMs);

} // namespace spikegen
