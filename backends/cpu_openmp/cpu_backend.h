// The OpenMP C++ backend: generated code runs on all CPU cores in a shared library built with the
// system compiler and loaded with dlopen.
#pragma once
#include "core/backend/backend.h"

namespace spikegen::cpu {

struct CpuOptions {
    // Compiler command; empty: $CXX, else the first of c++, g++, clang++ on PATH.
    std::string compiler;
    // $SPIKEGEN_CPU_EXTRA_FLAGS is appended (scripts/run-sanitizer-tests.sh sanitizes generated code).
    // -fno-trapping-math: no code reads the floating-point exception flags, and without it GCC
    // does not if-convert a branch with arithmetic (a refractory period), so the neuron loop does
    // not vectorise; values are the same (no contraction, no reassociation, same rounding).
    std::string flags = "-O3 -march=native -fopenmp -ffp-contract=off -fno-trapping-math -fPIC -shared";
    // Threads; 0: $OMP_NUM_THREADS, else the idle cores when the backend is created (thread_count.h),
    // and then, as the run measures itself, any count from 1 to `mostThreads` (0: the usable
    // cores) in windows of `tuningWindowSeconds` (thread_tuner.h; not in a split network).
    int threads = 0;
    int mostThreads = 0;
    double tuningWindowSeconds = 2e-3;
};

class CpuBackend : public Backend {
public:
    explicit CpuBackend(CpuOptions options = {});
    std::string name() const override { return "cpu"; }
    std::string description() const override;
    lang::Dialect dialect() const override { return lang::Dialect::Cpp; }
    std::unique_ptr<DeviceBuffer> allocate(std::size_t bytes, const std::string& what) override;
    std::optional<std::uint64_t> availableMemory() const override;
    std::unique_ptr<Program> build(const ModelPlan& plan, BuildInfo& info) override;
    std::optional<int> hostThreads() const override { return options_.threads; }

private:
    CpuOptions options_;
    bool adaptive_ = false; // the run chooses its thread count (CpuOptions::threads)
    std::string compilerVersion_;
};

} // namespace spikegen::cpu
