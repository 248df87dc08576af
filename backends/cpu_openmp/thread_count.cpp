#include "backends/cpu_openmp/thread_count.h"

#include "core/error.h"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace spikegen::cpu {

int usableCores()
{
#ifdef __linux__
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
#endif
    return std::max(1, int(std::thread::hardware_concurrency()));
}

namespace {

// Runnable tasks of the whole machine now, this thread included (the fourth field of
// /proc/loadavg, "running/total"); -1 where it cannot be read.
int runnableTasks()
{
    std::ifstream in("/proc/loadavg");
    std::string load1, load5, load15, tasks;
    if (!(in >> load1 >> load5 >> load15 >> tasks))
        return -1;
    try {
        return std::stoi(tasks.substr(0, tasks.find('/')));
    } catch (const std::exception&) {
        return -1;
    }
}

// A positive integer from the environment, or 0 when unset or not a number.
int environmentCount(const char* name)
{
    const char* text = std::getenv(name);
    if (!text || !*text)
        return 0;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return end != text && value > 0 && value < 1 << 16 ? int(value) : 0;
}

} // namespace

int idleCores()
{
    const int cores = usableCores();
    int fewest = -1;
    for (int sample = 0; sample < 4; ++sample) {
        if (sample > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const int runnable = runnableTasks();
        if (runnable < 0)
            return cores;
        fewest = fewest < 0 ? runnable : std::min(fewest, runnable);
    }
    const int others = std::max(0, fewest - 1); // less the thread that is reading
    return std::clamp(cores - others, 1, cores);
}

bool threadsLeftToSpikegen(int requested)
{
    return requested == 0 && environmentCount("OMP_NUM_THREADS") == 0;
}

int chooseThreads(int requested)
{
    if (requested < 0)
        throw Error("the CPU backend cannot run on " + std::to_string(requested) +
                    " threads: give a positive number, or 0 for the idle cores");
    if (requested > 0)
        return requested;
    if (const int fromEnvironment = environmentCount("OMP_NUM_THREADS"))
        return fromEnvironment;
    return idleCores();
}

int barrierSpins()
{
    const char* text = std::getenv("SPIKEGEN_CPU_SPIN");
    if (!text)
        return -1;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 0 || value > 10000000)
        throw Error("$SPIKEGEN_CPU_SPIN='" + std::string(text) + "' must be a number of pauses from 0 to 10000000");
    return int(value);
}

} // namespace spikegen::cpu
