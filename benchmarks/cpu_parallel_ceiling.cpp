// What this machine gives a second thread right now: a step of perfectly divisible work (a LIF
// update of N neurons from arrays, vectorised as spikegen's neuron update is) run for many steps
// by 1 thread and by T threads that meet at a spinning barrier after every step, as spikegen's CPU
// threads do. No spike exchange, no propagation, no imbalance: the T-thread speedup here is the
// most any simulator can get from T threads at this step size on this machine at this moment. On a
// virtual machine whose virtual cores share their host's cores with other guests it varies from
// run to run (benchmarks/NOTES.md, "CPU threads: what the machine allows"); benchmarks/
// cpu_threads.sh runs it beside spikegen so that both are measured at the same moment.
// Usage: spikegen_cpu_parallel_ceiling [--neurons N] [--steps S] [--threads T] [--repeats R] [--label TEXT]
// One JSON record to stdout.
#include "tools/git_revision.h"
#include "tools/host_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Neurons {
    std::vector<float> v, refractory, input, current;
    explicit Neurons(std::size_t n) : v(n, -60.0f), refractory(n, 0.0f), input(n, 0.0f), current(n, 0.0f) {}
};

// One step of neurons [lo, hi): exponential current, leaky integration, threshold and reset. The
// input each neuron gets depends on the step and its index so that neurons spike now and then.
__attribute__((noinline)) unsigned updateNeurons(Neurons& n, unsigned lo, unsigned hi, unsigned step)
{
    float* __restrict v = n.v.data() + lo;
    float* __restrict refractory = n.refractory.data() + lo;
    float* __restrict input = n.input.data() + lo;
    float* __restrict current = n.current.data() + lo;
    unsigned spikes = 0;
#pragma omp simd reduction(+ : spikes)
    for (unsigned i = 0; i < hi - lo; ++i) {
        const float c = current[i] * 0.98f + input[i] + float(((lo + i) * 7u + step * 13u) & 15u) * 0.05f;
        input[i] = 0.0f;
        current[i] = c;
        float x = v[i], r = refractory[i];
        if (r <= 0.0f) {
            const float alpha = c * 100.0f - 49.0f;
            x = alpha - 0.995f * (alpha - x);
        } else {
            r -= 0.1f;
        }
        unsigned spike = 0;
        if (r <= 0.0f && x >= -50.0f) {
            x = -60.0f;
            r = 5.0f;
            spike = 1;
        }
        v[i] = x;
        refractory[i] = r;
        spikes += spike;
    }
    return spikes;
}

// A spinning barrier, as spikegen's is while its threads meet within its spin limit.
class SpinBarrier {
public:
    explicit SpinBarrier(unsigned threads) : threads_(threads) {}
    void wait()
    {
        const unsigned generation = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.store(generation + 1, std::memory_order_release);
            return;
        }
        while (generation_.load(std::memory_order_acquire) == generation)
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#else
            std::this_thread::yield();
#endif
    }

private:
    const unsigned threads_;
    alignas(64) std::atomic<unsigned> arrived_{0};
    alignas(64) std::atomic<unsigned> generation_{0};
};

// Microseconds per step of `steps` steps on `threads` threads, each updating its share of the neurons.
double microsecondsPerStep(Neurons& neurons, unsigned steps, unsigned threads, unsigned long long& spikes)
{
    const unsigned size = unsigned(neurons.v.size());
    SpinBarrier barrier(threads);
    std::vector<unsigned long long> counts(threads * 8, 0); // a cache line apart
    auto work = [&](unsigned t) {
        // Shares of whole 64-byte lines, as spikegen's (whole 32-neuron words).
        const unsigned chunk = ((size + threads - 1) / threads + 31) & ~31u;
        const unsigned lo = std::min(size, t * chunk), hi = std::min(size, lo + chunk);
        for (unsigned step = 0; step < steps; ++step) {
            counts[t * 8] += updateNeurons(neurons, lo, hi, step);
            if (threads > 1)
                barrier.wait();
        }
    };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> others;
    for (unsigned t = 1; t < threads; ++t)
        others.emplace_back(work, t);
    work(0);
    for (auto& thread : others)
        thread.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (unsigned t = 0; t < threads; ++t)
        spikes += counts[t * 8];
    return seconds / steps * 1e6;
}

unsigned long positiveOption(const std::string& name, const char* text)
{
    char* end = nullptr;
    const unsigned long value = std::strtoul(text, &end, 10);
    if (end == text || *end != '\0' || value == 0 || value > 100000000ul) {
        std::cerr << "spikegen_cpu_parallel_ceiling: " << name << " '" << text << "' must be a positive number\n";
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char** argv)
{
    unsigned long neurons = 4000, steps = 10000, threads = 2, repeats = 5;
    std::string label;
    for (int a = 1; a < argc; ++a) {
        const std::string option = argv[a];
        if (a + 1 >= argc) {
            std::cerr << "spikegen_cpu_parallel_ceiling: '" << option << "' needs a value\n";
            return 2;
        }
        const char* value = argv[++a];
        if (option == "--neurons") neurons = positiveOption(option, value);
        else if (option == "--steps") steps = positiveOption(option, value);
        else if (option == "--threads") threads = positiveOption(option, value);
        else if (option == "--repeats") repeats = positiveOption(option, value);
        else if (option == "--label") label = value;
        else {
            std::cerr << "spikegen_cpu_parallel_ceiling: unknown option '" << option << "'\n";
            return 2;
        }
    }
    std::vector<double> one, many, speedups;
    unsigned long long spikesOne = 0, spikesMany = 0;
    for (unsigned long r = 0; r < repeats; ++r) { // alternated, so that both see the same moments
        Neurons a(neurons), b(neurons);
        one.push_back(microsecondsPerStep(a, unsigned(steps), 1, spikesOne));
        many.push_back(microsecondsPerStep(b, unsigned(steps), unsigned(threads), spikesMany));
        speedups.push_back(one.back() / many.back());
    }
    if (spikesOne != spikesMany) { // the same arithmetic on any split: a wrong share would show here
        std::cerr << "spikegen_cpu_parallel_ceiling: " << spikesOne << " spikes on 1 thread but " << spikesMany
                  << " on " << threads << "\n";
        return 1;
    }
    auto median = [](std::vector<double> x) {
        std::sort(x.begin(), x.end());
        return x.size() % 2 ? x[x.size() / 2] : 0.5 * (x[x.size() / 2 - 1] + x[x.size() / 2]);
    };
    nlohmann::json record = {
        {"benchmark", "cpu_parallel_ceiling"},
        {"machine", spikegen::tools::describeHost()},
        {"git_revision", spikegen::tools::gitRevision()},
        {"neurons", neurons},
        {"steps", steps},
        {"threads", threads},
        {"spikes", spikesOne},
        {"us_per_step_1_thread", one},
        {"us_per_step_threads", many},
        {"speedups", speedups},
        {"speedup_median", median(speedups)},
        {"speedup_min", *std::min_element(speedups.begin(), speedups.end())},
        {"speedup_max", *std::max_element(speedups.begin(), speedups.end())},
    };
    if (!label.empty())
        record["label"] = label;
    std::cout << record.dump() << "\n";
}
