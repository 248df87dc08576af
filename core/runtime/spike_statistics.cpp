#include "core/runtime/spike_statistics.h"

#include <cmath>

namespace spikegen {

PopulationStatistics spikeStatistics(const SpikeTrains& trains, std::uint32_t size, double fromMs, double toMs)
{
    PopulationStatistics s;
    std::vector<std::vector<double>> perNeuron(size);
    for (std::size_t k = 0; k < trains.times.size(); ++k) {
        const double t = trains.times[k];
        if (t < fromMs || t >= toMs || trains.ids[k] >= size)
            continue;
        perNeuron[trains.ids[k]].push_back(t);
        ++s.spikes;
        s.lastSpikeMs = std::max(s.lastSpikeMs, t);
    }
    const double seconds = (toMs - fromMs) * 1e-3;
    s.rateHz = seconds > 0 && size > 0 ? double(s.spikes) / (seconds * size) : 0.0;
    std::uint32_t active = 0;
    double cvSum = 0;
    for (const auto& times : perNeuron) {
        active += !times.empty();
        if (times.size() < 3)
            continue;
        double mean = 0, squares = 0;
        const std::size_t n = times.size() - 1;
        for (std::size_t i = 0; i < n; ++i)
            mean += times[i + 1] - times[i];
        mean /= double(n);
        for (std::size_t i = 0; i < n; ++i)
            squares += (times[i + 1] - times[i] - mean) * (times[i + 1] - times[i] - mean);
        const double sd = std::sqrt(squares / double(n));
        if (mean > 0) {
            cvSum += sd / mean;
            ++s.neuronsWithCv;
        }
    }
    s.meanCvIsi = s.neuronsWithCv ? cvSum / s.neuronsWithCv : 0.0;
    s.fractionActive = size ? double(active) / size : 0.0;
    return s;
}

double populationFanoFactor(const SpikeTrains& trains, double fromMs, double toMs, double binMs)
{
    const auto bins = static_cast<std::size_t>(std::floor((toMs - fromMs) / binMs));
    if (bins == 0)
        return 0.0;
    std::vector<double> counts(bins, 0.0);
    for (const double t : trains.times) {
        const double bin = std::floor((t - fromMs) / binMs);
        if (bin >= 0 && bin < double(bins))
            counts[static_cast<std::size_t>(bin)] += 1;
    }
    double mean = 0, squares = 0;
    for (const double c : counts)
        mean += c;
    mean /= double(bins);
    for (const double c : counts)
        squares += (c - mean) * (c - mean);
    return mean > 0 ? squares / double(bins) / mean : 0.0;
}

} // namespace spikegen
