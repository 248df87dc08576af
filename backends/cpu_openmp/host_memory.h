// How much memory the CPU backend can still use: Linux overcommits, so a huge allocation succeeds
// and the process is killed when the buffers are filled; asking first gives an error instead.
#pragma once
#include <cstdint>
#include <optional>

namespace spikegen::cpu {

// MemAvailable + SwapFree of /proc/meminfo, or less when the memory cgroup this process runs in
// has a limit; nothing where neither can be read.
std::optional<std::uint64_t> availableHostMemory();

} // namespace spikegen::cpu
