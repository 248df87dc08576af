// Synchrony measures of recorded spikes, for the reference tests of network states: the population
// spike count in 1 ms bins, its coefficient of variation (about 1/sqrt(mean count) for independent
// neurons, of order 1 when the population fires in volleys) and its power spectrum.
#pragma once
#include "core/runtime/simulation.h"

#include <cmath>
#include <vector>

namespace spikegen::testing {

// Spikes of every train in [fromMs, toMs), counted in bins of binMs.
inline std::vector<double> populationCounts(const std::vector<const SpikeTrains*>& trains, double fromMs, double toMs,
                                            double binMs = 1.0)
{
    std::vector<double> counts(std::size_t((toMs - fromMs) / binMs), 0.0);
    for (const SpikeTrains* train : trains)
        for (double t : train->times)
            if (t >= fromMs && t < toMs && std::size_t((t - fromMs) / binMs) < counts.size())
                ++counts[std::size_t((t - fromMs) / binMs)];
    return counts;
}

inline double coefficientOfVariation(const std::vector<double>& x)
{
    double mean = 0, var = 0;
    for (double v : x) mean += v;
    mean /= double(x.size());
    for (double v : x) var += (v - mean) * (v - mean);
    var /= double(x.size());
    return mean > 0 ? std::sqrt(var) / mean : 0.0;
}

// Power of the mean-free counts at frequency f (Hz) by a direct Fourier sum (bins of binMs).
inline double power(const std::vector<double>& counts, double f, double binMs = 1.0)
{
    double mean = 0;
    for (double c : counts) mean += c;
    mean /= double(counts.size());
    double re = 0, im = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const double phase = 2 * M_PI * f * double(k) * binMs * 1e-3;
        re += (counts[k] - mean) * std::cos(phase);
        im += (counts[k] - mean) * std::sin(phase);
    }
    return re * re + im * im;
}

// Mean power over the Fourier frequencies of the window in [lowHz, highHz).
inline double bandPower(const std::vector<double>& counts, double lowHz, double highHz, double binMs = 1.0)
{
    const double resolution = 1000.0 / (double(counts.size()) * binMs);
    double sum = 0;
    int n = 0;
    for (double f = std::ceil(lowHz / resolution) * resolution; f < highHz; f += resolution, ++n) sum += power(counts, f, binMs);
    return n > 0 ? sum / n : 0.0;
}

// The Fourier frequency (Hz, above 2 Hz) with the most power.
inline double peakFrequency(const std::vector<double>& counts, double binMs = 1.0)
{
    const double resolution = 1000.0 / (double(counts.size()) * binMs);
    double best = 0, bestPower = -1;
    for (double f = std::ceil(2.0 / resolution) * resolution; f < 500.0 / binMs; f += resolution) {
        const double p = power(counts, f, binMs);
        if (p > bestPower) {
            bestPower = p;
            best = f;
        }
    }
    return best;
}

} // namespace spikegen::testing
