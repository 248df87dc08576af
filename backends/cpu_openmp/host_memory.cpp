#include "backends/cpu_openmp/host_memory.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace spikegen::cpu {
namespace {

// The value of a "Name:   123 kB" line of /proc/meminfo, in bytes.
std::optional<std::uint64_t> meminfo(const std::string& name)
{
    std::ifstream in("/proc/meminfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name + ":", 0) == 0) {
            std::istringstream fields(line.substr(name.size() + 1));
            std::uint64_t kib = 0;
            if (fields >> kib)
                return kib * 1024;
        }
    return std::nullopt;
}

std::optional<std::uint64_t> numberIn(const std::string& file)
{
    std::ifstream in(file);
    std::uint64_t value = 0;
    if (in >> value)
        return value;
    return std::nullopt; // missing, or "max"
}

// What the process's memory cgroup still allows (a container's or a batch job's limit): the
// limit less the usage, from cgroup v2 (memory.max) or v1 (memory.limit_in_bytes).
std::optional<std::uint64_t> cgroupRoom()
{
    std::ifstream self("/proc/self/cgroup");
    for (std::string line; std::getline(self, line);) {
        std::string dir, limitFile, usageFile;
        if (line.rfind("0::", 0) == 0) {
            dir = "/sys/fs/cgroup" + line.substr(3);
            limitFile = "memory.max", usageFile = "memory.current";
        } else if (const auto at = line.find(":memory:"); at != std::string::npos) {
            dir = "/sys/fs/cgroup/memory" + line.substr(at + 8);
            limitFile = "memory.limit_in_bytes", usageFile = "memory.usage_in_bytes";
        } else {
            continue;
        }
        const auto limit = numberIn(dir + "/" + limitFile), used = numberIn(dir + "/" + usageFile);
        if (limit && used)
            return *limit > *used ? *limit - *used : 0;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::uint64_t> availableHostMemory()
{
    std::optional<std::uint64_t> available = meminfo("MemAvailable");
    if (available)
        *available += meminfo("SwapFree").value_or(0);
    if (const auto room = cgroupRoom())
        available = available ? std::min(*available, *room) : *room;
    return available;
}

} // namespace spikegen::cpu
