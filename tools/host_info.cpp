#include "tools/host_info.h"

#include <cstdlib>
#include <fstream>
#include <sched.h>
#include <string>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <thread>

namespace spikegen::tools {

nlohmann::json describeHost()
{
    utsname u{};
    uname(&u);
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);)
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    // The cores this process may run on (what `nproc` prints), which a container may limit.
    cpu_set_t set;
    CPU_ZERO(&set);
    const int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                                   : int(std::thread::hardware_concurrency());
    // Other processes on the same cores slow a benchmark down: the load says whether there were any.
    double load[1] = {-1};
    getloadavg(load, 1);
    return {{"host", u.nodename}, {"cpu", cpu}, {"cores", cores}, {"kernel", u.release}, {"load_average_1min", load[0]}};
}

std::uint64_t peakHostMemoryBytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return std::uint64_t(usage.ru_maxrss) * 1024; // Linux reports KiB
}

} // namespace spikegen::tools
