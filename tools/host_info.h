// What a benchmark record says about the machine it ran on, and the process's peak memory.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>

namespace spikegen::tools {

// {"host", "cpu" (model name), "cores" (usable by this process), "kernel", "load_average_1min"}.
nlohmann::json describeHost();

// The most resident host memory this process has used so far, in bytes (getrusage's maxrss:
// compilers run as child processes and are not counted).
std::uint64_t peakHostMemoryBytes();

} // namespace spikegen::tools
