// Accuracy of the RNG's own maths (philox_device.inc) against the C++ library, in ulps of the
// result's precision, over dense sweeps of the ranges the transforms use. The reference is the
// long double (x87, 64-bit significand) function, so the measured ulps are good to ~1e-3 ulp.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>

#include <gtest/gtest.h>

#include "core/rng/host_rng.h"
#include "ulp_error.h"

namespace {

namespace host = spikegen::rng::host;

using spikegen::testing::ulpError;

// Max ulp error of f against ref over `count` points spread geometrically over [lo, hi].
template <typename T>
long double sweepGeometric(const std::function<T(T)>& f, const std::function<long double(long double)>& ref,
                           long double lo, long double hi, int count)
{
    long double worst = 0;
    for (int i = 0; i <= count; ++i) {
        const T x = static_cast<T>(lo * std::pow(hi / lo, static_cast<long double>(i) / count));
        worst = std::max(worst, ulpError<T>(f(x), ref(x)));
    }
    return worst;
}

// sin(2 pi u) / cos(2 pi u) reference: the same exact reduction 4u = q + r, then long double.
long double sin2piRef(long double u)
{
    const long double t = 4 * u;
    const long double q = std::nearbyint(t);
    const long double r = t - q;
    const long double s = std::sin(0.5L * M_PIl * r), c = std::cos(0.5L * M_PIl * r);
    switch (static_cast<long long>(q) & 3) {
    case 0: return s;
    case 1: return c;
    case 2: return -s;
    default: return -c;
    }
}
long double cos2piRef(long double u) { return sin2piRef(u + 0.25L); }

TEST(RngMath, LogFloat)
{
    long double worst = 0;
    // Every float in [2^-25, 1) with a stride (the uniform's range), then up to 2^20.
    std::uint32_t lo, hi;
    float a = 0x1p-25f, b = 1.0f;
    std::memcpy(&lo, &a, 4);
    std::memcpy(&hi, &b, 4);
    for (std::uint32_t bits = lo; bits < hi; bits += 7) {
        float x;
        std::memcpy(&x, &bits, 4);
        worst = std::max(worst, ulpError<float>(host::sg_log_f(x), std::log(static_cast<long double>(x))));
    }
    worst = std::max(worst, sweepGeometric<float>(host::sg_log_f, [](long double x) { return std::log(x); }, 1.0L,
                                                  0x1p20L, 1000000));
    RecordProperty("max_ulp", std::to_string(static_cast<double>(worst)));
    std::printf("sg_log_f: max error %.3Lf ulp\n", worst);
    EXPECT_LE(worst, 2.0L);
}

TEST(RngMath, LogDouble)
{
    const long double worst = std::max(
        sweepGeometric<double>(host::sg_log_d, [](long double x) { return std::log(x); }, 0x1p-54L, 1.0L, 3000000),
        sweepGeometric<double>(host::sg_log_d, [](long double x) { return std::log(x); }, 1.0L, 0x1p40L, 1000000));
    // Near 1 (where log is small and relative accuracy matters most).
    long double nearOne = 0;
    for (int i = 1; i < 200000; ++i) {
        const double x = 1.0 - i * 0x1p-53;
        const double y = 1.0 + i * 0x1p-52;
        nearOne = std::max(nearOne, ulpError<double>(host::sg_log_d(x), std::log(static_cast<long double>(x))));
        nearOne = std::max(nearOne, ulpError<double>(host::sg_log_d(y), std::log(static_cast<long double>(y))));
    }
    std::printf("sg_log_d: max error %.3Lf ulp (sweep), %.3Lf ulp (near 1)\n", worst, nearOne);
    EXPECT_LE(worst, 2.0L);
    EXPECT_LE(nearOne, 2.0L);
}

TEST(RngMath, ExpFloat)
{
    // Every 97th float magnitude from 2^-30 to the largest argument with a finite result, with
    // both signs down to the smallest normal result, and a fine grid on [-1, 1].
    long double worst = 0;
    auto check = [&](float x) {
        worst = std::max(worst, ulpError<float>(host::sg_exp_f(x), std::exp(static_cast<long double>(x))));
    };
    float lo = 0x1p-30f, hi = 0x1.62e42ep+6f;
    std::uint32_t first, last;
    std::memcpy(&first, &lo, 4);
    std::memcpy(&last, &hi, 4);
    for (std::uint32_t bits = first; bits <= last; bits += 97) {
        float x;
        std::memcpy(&x, &bits, 4);
        check(x);
        if (-x >= -0x1.5d589ep+6f)
            check(-x);
    }
    for (float x = -1.0f; x <= 1.0f; x += 0x1p-20f)
        check(x);
    std::printf("sg_exp_f: max error %.3Lf ulp\n", worst);
    EXPECT_LE(worst, 1.0L);
    EXPECT_EQ(host::sg_exp_f(0.0f), 1.0f);
    EXPECT_EQ(host::sg_exp_f(-200.0f), 0.0f);
    EXPECT_EQ(host::sg_exp_f(-87.5f), 0.0f); // below FLT_MIN: 0 on every target
    EXPECT_TRUE(std::isinf(host::sg_exp_f(89.0f)));
    EXPECT_TRUE(std::isnan(host::sg_exp_f(std::numeric_limits<float>::quiet_NaN())));
}

TEST(RngMath, Expm1FloatAndDouble)
{
    long double worstF = 0, worstD = 0;
    auto check = [&](double x) {
        const float xf = static_cast<float>(x);
        worstF = std::max(worstF, ulpError<float>(host::sg_expm1_f(xf), std::expm1(static_cast<long double>(xf))));
        worstD = std::max(worstD, ulpError<double>(host::sg_expm1_d(x), std::expm1(static_cast<long double>(x))));
    };
    // Near 0 (where e^x - 1 cancels), across the reduction's steps, and out to -1 and overflow.
    for (double x = -1e-6; x <= 1e-6; x += 1.37e-9)
        check(x);
    for (double x = -40.0; x <= 88.0; x += 0.000731)
        check(x);
    std::printf("sg_expm1_f: max error %.3Lf ulp, sg_expm1_d: %.3Lf ulp\n", worstF, worstD);
    EXPECT_LE(worstF, 2.0L);
    EXPECT_LE(worstD, 2.0L);
    EXPECT_EQ(host::sg_expm1_f(0.0f), 0.0f);
    EXPECT_EQ(host::sg_expm1_f(1e-20f), 1e-20f);
    EXPECT_EQ(host::sg_expm1_f(-30.0f), -1.0f);
    EXPECT_EQ(host::sg_expm1_d(-60.0), -1.0);
    EXPECT_TRUE(std::isinf(host::sg_expm1_f(89.0f)));
    EXPECT_TRUE(std::isnan(host::sg_expm1_d(std::numeric_limits<double>::quiet_NaN())));
}

TEST(RngMath, ExpDouble)
{
    long double worst = 0;
    for (int i = 0; i <= 4000000; ++i) {
        const double x = -708.39 + (709.78 + 708.39) * i / 4000000.0;
        worst = std::max(worst, ulpError<double>(host::sg_exp_d(x), std::exp(static_cast<long double>(x))));
    }
    std::printf("sg_exp_d: max error %.3Lf ulp\n", worst);
    EXPECT_LE(worst, 1.0L);
    EXPECT_EQ(host::sg_exp_d(0.0), 1.0);
    EXPECT_EQ(host::sg_exp_d(-800.0), 0.0);
    EXPECT_TRUE(std::isinf(host::sg_exp_d(710.0)));
}

TEST(RngMath, Log1p)
{
    long double wf = 0, wd = 0;
    for (int i = -100000; i <= 100000; ++i) {
        const long double x = i * (0.45L / 100000); // [-0.45, 0.45], covers both branches
        if (x == 0) continue;
        wf = std::max(wf, ulpError<float>(host::sg_log1p_f(static_cast<float>(x)),
                                          std::log1p(static_cast<long double>(static_cast<float>(x)))));
        wd = std::max(wd, ulpError<double>(host::sg_log1p_d(static_cast<double>(x)),
                                           std::log1p(static_cast<long double>(static_cast<double>(x)))));
    }
    for (int i = 1; i < 2000; ++i) { // tiny arguments
        const double x = -std::ldexp(1.0 + i / 2000.0, -(i % 60) - 1);
        wf = std::max(wf, ulpError<float>(host::sg_log1p_f(static_cast<float>(x)),
                                          std::log1p(static_cast<long double>(static_cast<float>(x)))));
        wd = std::max(wd, ulpError<double>(host::sg_log1p_d(x), std::log1p(static_cast<long double>(x))));
    }
    std::printf("sg_log1p_f: max error %.3Lf ulp; sg_log1p_d: %.3Lf ulp\n", wf, wd);
    EXPECT_LE(wf, 2.0L);
    EXPECT_LE(wd, 2.0L);
}

TEST(RngMath, Sqrt)
{
    const long double wf =
        sweepGeometric<float>(host::sg_sqrt_f, [](long double x) { return std::sqrt(x); }, 0x1p-30L, 0x1p30L, 2000000);
    const long double wd =
        sweepGeometric<double>(host::sg_sqrt_d, [](long double x) { return std::sqrt(x); }, 0x1p-60L, 0x1p60L, 2000000);
    std::printf("sg_sqrt_f: max error %.3Lf ulp; sg_sqrt_d: %.3Lf ulp\n", wf, wd);
    EXPECT_LE(wf, 1.0L);
    EXPECT_LE(wd, 1.0L);
}

TEST(RngMath, Reciprocal)
{
    const long double wf = std::max(
        sweepGeometric<float>(host::sg_recip_f, [](long double x) { return 1 / x; }, 0x1p-100L, 0x1p100L, 1000000),
        sweepGeometric<float>(host::sg_recip_f, [](long double x) { return 1 / x; }, -0x1p100L, -0x1p-100L, 1000000));
    const long double wd =
        sweepGeometric<double>(host::sg_recip_d, [](long double x) { return 1 / x; }, 0x1p-900L, 0x1p900L, 1000000);
    std::printf("sg_recip_f: max error %.3Lf ulp; sg_recip_d: %.3Lf ulp\n", wf, wd);
    EXPECT_LE(wf, 1.0L);
    EXPECT_LE(wd, 1.0L);
}

TEST(RngMath, SinCos2Pi)
{
    long double ws = 0, wc = 0, wsd = 0, wcd = 0;
    const int n = 2000000;
    for (int i = 1; i < n; ++i) {
        const float uf = static_cast<float>(i) / n;
        ws = std::max(ws, ulpError<float>(host::sg_sin2pi_f(uf), sin2piRef(uf)));
        wc = std::max(wc, ulpError<float>(host::sg_cos2pi_f(uf), cos2piRef(uf)));
        const double ud = static_cast<double>(i) / n + 0x1p-40;
        wsd = std::max(wsd, ulpError<double>(host::sg_sin2pi_d(ud), sin2piRef(ud)));
        wcd = std::max(wcd, ulpError<double>(host::sg_cos2pi_d(ud), cos2piRef(ud)));
    }
    // The uniform's extreme values.
    for (float u : {0x1p-24f, 1.0f - 0x1p-24f, 0.25f, 0.5f, 0.75f}) {
        ws = std::max(ws, ulpError<float>(host::sg_sin2pi_f(u), sin2piRef(u)));
    }
    std::printf("sg_sin2pi_f %.3Lf ulp, sg_cos2pi_f %.3Lf ulp, sg_sin2pi_d %.3Lf ulp, sg_cos2pi_d %.3Lf ulp\n", ws, wc,
                wsd, wcd);
    EXPECT_LE(ws, 2.0L);
    EXPECT_LE(wc, 2.0L);
    EXPECT_LE(wsd, 2.0L);
    EXPECT_LE(wcd, 2.0L);
    // Against the platform's own double sin/cos as well (a check of the reference itself).
    EXPECT_NEAR(host::sg_cos2pi_d(0.1), std::cos(2 * M_PI * 0.1), 1e-15);
    EXPECT_EQ(host::sg_sin2pi_d(0.5), -0.0);
}

TEST(RngMath, UniformTransformsAreExactAndOpen)
{
    // The extreme words give the extreme grid points, strictly inside (0, 1).
    host::sg_rng r = host::sg_rng_make(0, 0, 0, 0);
    r.out[0] = 0u;
    r.out[1] = 0xffffffffu;
    r.out[2] = 0u;
    r.out[3] = 0u;
    r.next = 0;
    EXPECT_EQ(host::sg_uniform_f(&r), 0x1p-24f);
    EXPECT_EQ(host::sg_uniform_f(&r), 1.0f - 0x1p-24f);
    EXPECT_EQ(host::sg_uniform_d(&r), 0x1p-53);
    r.out[0] = 0xffffffffu;
    r.out[1] = 0xffffffffu;
    r.next = 0;
    EXPECT_EQ(host::sg_uniform_d(&r), 1.0 - 0x1p-53);
}

} // namespace
