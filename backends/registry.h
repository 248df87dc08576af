// Creating a backend by name. The library is built with some of cpu, cuda and opencl; asking for
// one that is missing (or whose device is unavailable) is an error that lists those available.
#pragma once
#include "core/backend/backend.h"

#include <memory>
#include <string>
#include <vector>

namespace spikegen {

// Backends compiled into this library.
std::vector<std::string> builtBackends();
// The backend used when none is named: $SPIKEGEN_BACKEND, else the configure-time default.
std::string defaultBackend();
// The devices each built backend can run on, one line each, grouped under the backend's name
// (`spikegen devices`).
std::string describeDevices();
// `name` empty means defaultBackend(). `device`: for cuda the GPU's ordinal, for opencl a selector
// (an index, platform:device or part of the name); empty: the default one.
std::unique_ptr<Backend> createBackend(const std::string& name = "", int cpuThreads = 0, const std::string& device = "");

} // namespace spikegen
