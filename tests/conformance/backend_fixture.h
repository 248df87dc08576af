// Shared pieces of the conformance tests: the backends to run on, and small helpers.
#pragma once
#include "spikegen.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spikegen::testing {

// Every backend built into the library; each conformance test runs once per entry.
inline std::vector<std::string> backendsUnderTest() { return builtBackends(); }

// A backend built into the library whose driver or device is missing here says
// "<Name> unavailable: ..." (e.g. "CUDA unavailable: ..." on CI machines without a GPU).
inline bool isUnavailable(const std::exception& e)
{
    return std::string(e.what()).find(" unavailable: ") != std::string::npos;
}

// Why `backend` cannot run here (its "unavailable" message), or nothing when it can.
inline std::optional<std::string> unavailableReason(const std::string& backend)
{
    try {
        createBackend(backend);
    } catch (const std::exception& e) {
        if (isUnavailable(e))
            return e.what();
        throw;
    }
    return std::nullopt;
}

class BackendTest : public ::testing::TestWithParam<std::string> {
protected:
    // Skips (GTEST_SKIP, with the reason) every test of a backend that cannot run here.
    void SetUp() override
    {
        if (const auto reason = unavailableReason(GetParam()))
            GTEST_SKIP() << *reason;
    }
    // SetUp has already skipped the test when the backend is unavailable.
    std::unique_ptr<Backend> backend() { return createBackend(GetParam()); }
};

// Fires once, in the step that starts at `spikeTime` (ms).
inline NeuronModel spikeAt()
{
    NeuronModel m;
    m.name = "SpikeAt";
    m.vars = {{"spikeTime"}};
    m.thresholdCode = "fabs(t - spikeTime) < 0.5 * dt";
    return m;
}

// Expects `f` to throw an error whose message contains `text`.
template <class F>
void expectThrowsWith(F&& f, const std::string& text)
{
    try {
        f();
        ADD_FAILURE() << "no error; expected one saying: " << text;
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
}

inline std::string backendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// A LIF model's parameters with the given offset current (nA).
inline ParamValues lifParams(double ioffset, double tauRefrac = 2.0)
{
    return {{"C", 1.0},        {"TauM", 20.0},       {"Vrest", -70.0},       {"Vreset", -70.0},
            {"Vthresh", -51.0}, {"Ioffset", ioffset}, {"TauRefrac", tauRefrac}};
}

// Sums its input: V is the total weight delivered to the neuron.
inline NeuronModel integrator()
{
    NeuronModel m;
    m.name = "Integrator";
    m.vars = {{"V"}};
    m.simCode = "V += Isyn;";
    return m;
}

// Bit patterns, so that a comparison is exact and -0.0 or NaN would not slip through.
inline std::vector<std::uint64_t> bits(const std::vector<double>& values)
{
    std::vector<std::uint64_t> out(values.size());
    if (!values.empty()) // memcpy from an empty vector's null data() is undefined behaviour
        std::memcpy(out.data(), values.data(), values.size() * 8);
    return out;
}

} // namespace spikegen::testing
