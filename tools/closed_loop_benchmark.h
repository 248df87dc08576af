// The measurement behind `spikegen bench --closed-loop STEPS`: a simulation driven from outside, as
// a closed-loop experiment or a co-simulation drives it (benchmarks/python/closed_loop.py does the
// same loop from Python, to measure what Python adds).
#pragma once
#include "core/backend/backend.h"
#include "core/model/network.h"

#include <nlohmann/json.hpp>

namespace spikegen::tools {

struct ClosedLoopSettings {
    std::uint64_t windowSteps = 100; // steps run per loop (> 0)
    int loops = 200;                 // loops measured, after one loop of warm-up (>= 1)
    std::uint32_t batch = 1;         // instances: their currents pushed as one array per group
};

// Adds a current source `loop_<group>` (models::ExternalCurrent) onto every neuron group: the
// current the loop pushes. Every group must record its spikes.
void addLoopCurrents(Network& network);

// Each loop: run windowSteps; take every group's spikes of the window; count them per neuron;
// push a current of -kLoopFeedbackNa per spike to every neuron (of every instance of a batch, in
// one push per group). Returns the median, mean and
// slowest loop, split into the run and the host part (take, count, push).
nlohmann::json measureClosedLoop(const Network& network, Backend& backend, const ClosedLoopSettings& settings);

// nA of loop current per spike of the previous window (small: the loop must not change the activity
// much, only cost what a real controller costs).
inline constexpr double kLoopFeedbackNa = 1e-4;

} // namespace spikegen::tools
