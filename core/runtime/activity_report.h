// What Simulation tells the backend about each neuron group's activity (Program::adapt).
#pragma once
#include <algorithm>

namespace spikegen {

// A group's spikes per step are reported again only once they have halved or doubled since the
// last report (below one spike a step counts as one): what a backend chooses from them (pre or
// post span, launch sizes) then stays put while the activity fluctuates; each change re-captures
// CUDA's step graphs (benchmarks/NOTES.md, Version 13).
inline bool activityMoved(double reported, double measured)
{
    const double before = std::max(reported, 1.0), now = std::max(measured, 1.0);
    return now >= 2.0 * before || now <= 0.5 * before;
}

} // namespace spikegen
