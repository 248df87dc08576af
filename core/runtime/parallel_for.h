// Host-side work of the instances of a batch (decoding recorded spikes, statistics) spread over
// the host's cores: a batch of 256 instances must not wait on one core between its launches.
#pragma once
#include <cstddef>
#include <functional>

namespace spikegen {

// Calls f(i) for every i in [0, n), on up to the host's cores, each i once; f must not touch
// what another i touches. The first exception thrown is rethrown once all have finished.
void parallelFor(std::size_t n, const std::function<void(std::size_t)>& f);

} // namespace spikegen
