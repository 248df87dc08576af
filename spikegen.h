// spikegen: describe a spiking network once, generate and run it on CPU (OpenMP), CUDA or OpenCL.
// This header is all a user program needs.
#pragma once
#include "backends/registry.h"
#include "core/error.h"
#include "core/model/network.h"
#include "core/runtime/simulation.h"
#include "models/compartmental.h"
#include "models/current_sources.h"
#include "models/init_snippets.h"
#include "models/networks/standard_networks.h"
#include "models/neurons.h"
#include "models/plasticity.h"
#include "models/spike_sources.h"
#include "models/synapses.h"

namespace spikegen {

// Log level of the library: "trace", "debug", "info", "warn", "error" or "off".
void setLogLevel(const std::string& level);

} // namespace spikegen
