// Accuracy and special values of deterministic mode's code-string maths (core/rng/maths_device.inc,
// and sg_log/sg_log1p of philox_device.inc) against the long double (x87, 64-bit significand)
// library, whose own error is ~1e-3 ulp of double. Each function is swept over random arguments in
// the ranges docs/rng.md states, with the ulp bound stated there; special values follow C99 Annex F.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/rng/host_rng.h"
#include "ulp_error.h"

namespace {

namespace host = spikegen::rng::host;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using spikegen::testing::ulpError;

// x spread log-uniformly over [lo, hi] (both > 0), or uniformly when `uniform`.
struct Range {
    double lo, hi;
    bool uniform;
};

double draw(std::mt19937_64& g, const Range& r)
{
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(g);
    if (r.uniform) return r.lo + (r.hi - r.lo) * u;
    return std::exp2(std::log2(r.lo) + (std::log2(r.hi) - std::log2(r.lo)) * u);
}

struct Unary {
    const char* name;
    double (*d)(double);
    float (*f)(float);
    long double (*ref)(long double);
    std::vector<Range> ranges; // the documented ranges (negative ones by symmetry where odd/even)
    double doubleBound;        // ulps, double
    double floatBound;         // ulps, float
    bool odd, even;            // also check -x against the symmetry
};

long double refLog(long double x) { return std::log(x); }
long double refLog1p(long double x) { return std::log1p(x); }
long double refExp2(long double x) { return std::exp2(x); }
long double refLog2(long double x) { return std::log2(x); }
long double refLog10(long double x) { return std::log10(x); }
long double refCbrt(long double x) { return std::cbrt(x); }
long double refSin(long double x) { return std::sin(x); }
long double refCos(long double x) { return std::cos(x); }
long double refTan(long double x) { return std::tan(x); }
long double refAsin(long double x) { return std::asin(x); }
long double refAcos(long double x) { return std::acos(x); }
long double refAtan(long double x) { return std::atan(x); }
long double refSinh(long double x) { return std::sinh(x); }
long double refCosh(long double x) { return std::cosh(x); }
long double refTanh(long double x) { return std::tanh(x); }
long double refErf(long double x) { return std::erf(x); }
long double refErfc(long double x) { return std::erfc(x); }

const std::vector<Unary>& unaries()
{
    static const std::vector<Unary> table = {
        {"log", host::sg_log_d, host::sg_log_f, refLog, {{0x1p-1074, 1e308, false}, {0.5, 2.0, true}}, 1.5, 2.0, false, false},
        {"log1p", host::sg_log1p_d, host::sg_log1p_f, refLog1p, {{-0.9999, 4.0, true}, {1e-300, 1e300, false}}, 1.5, 2.0, false, false},
        {"exp2", host::sg_exp2_d, host::sg_exp2_f, refExp2, {{-1074.0, 1023.9, true}, {-1.0, 1.0, true}}, 1.0, 1.0, false, false},
        {"log2", host::sg_log2_d, host::sg_log2_f, refLog2, {{0x1p-1074, 1e308, false}, {0.5, 2.0, true}}, 1.0, 1.0, false, false},
        {"log10", host::sg_log10_d, host::sg_log10_f, refLog10, {{0x1p-1074, 1e308, false}, {0.5, 2.0, true}}, 1.0, 1.0, false, false},
        {"cbrt", host::sg_cbrt_d, host::sg_cbrt_f, refCbrt, {{0x1p-1074, 1e308, false}, {0.1, 10.0, true}}, 1.0, 1.0, true, false},
        {"sin", host::sg_sin_d, host::sg_sin_f, refSin, {{1e-300, 0x1p30, false}, {0.0, 10.0, true}}, 1.0, 1.0, true, false},
        {"cos", host::sg_cos_d, host::sg_cos_f, refCos, {{1e-300, 0x1p30, false}, {0.0, 10.0, true}}, 1.0, 1.0, false, true},
        {"tan", host::sg_tan_d, host::sg_tan_f, refTan, {{1e-300, 0x1p30, false}, {0.0, 10.0, true}}, 2.5, 1.0, true, false},
        {"asin", host::sg_asin_d, host::sg_asin_f, refAsin, {{0.0, 1.0, true}, {1e-300, 1.0, false}}, 2.5, 1.0, true, false},
        {"acos", host::sg_acos_d, host::sg_acos_f, refAcos, {{-1.0, 1.0, true}, {1e-300, 1.0, false}}, 2.5, 1.0, false, false},
        {"atan", host::sg_atan_d, host::sg_atan_f, refAtan, {{1e-300, 1e300, false}, {0.0, 4.0, true}}, 1.0, 1.0, true, false},
        {"sinh", host::sg_sinh_d, host::sg_sinh_f, refSinh, {{1e-300, 711.0, false}, {0.0, 25.0, true}}, 2.5, 1.0, true, false},
        {"cosh", host::sg_cosh_d, host::sg_cosh_f, refCosh, {{1e-300, 711.0, false}, {0.0, 25.0, true}}, 2.0, 1.0, false, true},
        {"tanh", host::sg_tanh_d, host::sg_tanh_f, refTanh, {{1e-300, 30.0, false}, {0.0, 3.0, true}}, 3.0, 1.0, true, false},
        {"erf", host::sg_erf_d, host::sg_erf_f, refErf, {{1e-300, 7.0, false}, {0.0, 3.0, true}}, 2.0, 1.0, true, false},
        {"erfc", host::sg_erfc_d, host::sg_erfc_f, refErfc, {{-7.0, 28.0, true}, {1e-300, 28.0, false}}, 3.5, 1.0, false, false},
    };
    return table;
}

constexpr int kPointsPerRange = 60000;

TEST(DeterministicMaths, UnaryDoubleWithinStatedUlps)
{
    for (const Unary& fn : unaries()) {
        std::mt19937_64 g(42);
        long double worst = 0;
        double worstX = 0;
        for (const Range& r : fn.ranges)
            for (int i = 0; i < kPointsPerRange; ++i) {
                double x = draw(g, r);
                if (i % 2 && (fn.odd || fn.even)) x = -x;
                const long double err = ulpError<double>(fn.d(x), fn.ref(x));
                if (err > worst) {
                    worst = err;
                    worstX = x;
                }
            }
        std::printf("sg_%s_d: max error %.3Lf ulp (at %a), bound %.1f\n", fn.name, worst, worstX, fn.doubleBound);
        EXPECT_LE(worst, fn.doubleBound) << fn.name << " at " << worstX;
    }
}

TEST(DeterministicMaths, UnaryFloatWithinStatedUlps)
{
    for (const Unary& fn : unaries()) {
        std::mt19937_64 g(7);
        long double worst = 0;
        float worstX = 0;
        for (const Range& r : fn.ranges)
            for (int i = 0; i < kPointsPerRange; ++i) {
                float x = static_cast<float>(std::fmin(std::fmax(draw(g, r), -3e38), 3e38));
                if (i % 2 && (fn.odd || fn.even)) x = -x;
                const long double err = ulpError<float>(fn.f(x), fn.ref(x));
                if (err > worst) {
                    worst = err;
                    worstX = x;
                }
            }
        std::printf("sg_%s_f: max error %.3Lf ulp (at %a), bound %.1f\n", fn.name, worst, static_cast<double>(worstX),
                    fn.floatBound);
        EXPECT_LE(worst, fn.floatBound) << fn.name << " at " << worstX;
    }
}

TEST(DeterministicMaths, SymmetriesAreExact)
{
    std::mt19937_64 g(3);
    for (const Unary& fn : unaries()) {
        if (!fn.odd && !fn.even) continue;
        for (int i = 0; i < 2000; ++i) {
            const double x = draw(g, fn.ranges[1]);
            const double plus = fn.d(x), minus = fn.d(-x);
            EXPECT_EQ(fn.odd ? -plus : plus, minus) << fn.name << "(" << x << ")";
        }
    }
}

// pow over bases and exponents that keep the result normal, including large |y log x| where
// the double-double logarithm matters.
TEST(DeterministicMaths, PowWithinStatedUlps)
{
    std::mt19937_64 g(5);
    long double worstD = 0, worstF = 0;
    for (int i = 0; i < 3 * kPointsPerRange; ++i) {
        const double x = i % 3 == 0 ? draw(g, {1e-5, 1e5, false}) : draw(g, {0.25, 4.0, true});
        const double y = i % 3 == 2 ? draw(g, {-1000.0, 1000.0, true}) : draw(g, {-60.0, 60.0, true});
        const long double exact = std::pow(static_cast<long double>(x), static_cast<long double>(y));
        if (exact > 1e307L || exact < 1e-307L) continue;
        worstD = std::max(worstD, ulpError<double>(host::sg_pow_d(x, y), exact));
        const float xf = static_cast<float>(x), yf = static_cast<float>(y / 20);
        const long double exactF = std::pow(static_cast<long double>(xf), static_cast<long double>(yf));
        if (exactF > 1e37L || exactF < 1e-37L) continue;
        worstF = std::max(worstF, ulpError<float>(host::sg_pow_f(xf, yf), exactF));
    }
    // Negative bases with integer exponents.
    for (int i = 0; i < kPointsPerRange; ++i) {
        const double x = -draw(g, {0.5, 2.0, true});
        const double y = std::round(draw(g, {-200.0, 200.0, true}));
        worstD = std::max(worstD, ulpError<double>(host::sg_pow_d(x, y), std::pow(static_cast<long double>(x), y)));
    }
    std::printf("sg_pow_d: max error %.3Lf ulp, sg_pow_f: %.3Lf ulp\n", worstD, worstF);
    EXPECT_LE(worstD, 1.5L);
    EXPECT_LE(worstF, 1.0L);
}

TEST(DeterministicMaths, BinaryWithinStatedUlps)
{
    std::mt19937_64 g(9);
    long double atan2Worst = 0, hypotWorst = 0, atan2F = 0, hypotF = 0;
    for (int i = 0; i < 2 * kPointsPerRange; ++i) {
        const Range r = i % 2 ? Range{1e-300, 1e300, false} : Range{1e-3, 1e3, false};
        const double y = draw(g, r) * (i % 3 ? 1 : -1), x = draw(g, r) * (i % 5 < 2 ? -1 : 1);
        atan2Worst = std::max(atan2Worst, ulpError<double>(host::sg_atan2_d(y, x), std::atan2(static_cast<long double>(y), x)));
        hypotWorst = std::max(hypotWorst, ulpError<double>(host::sg_hypot_d(x, y), std::hypot(static_cast<long double>(x), y)));
        const float yf = static_cast<float>(std::fmin(std::fabs(y), 1e38) * (y < 0 ? -1 : 1));
        const float xf = static_cast<float>(std::fmin(std::fabs(x), 1e38) * (x < 0 ? -1 : 1));
        atan2F = std::max(atan2F, ulpError<float>(host::sg_atan2_f(yf, xf), std::atan2(static_cast<long double>(yf), xf)));
        hypotF = std::max(hypotF, ulpError<float>(host::sg_hypot_f(xf, yf), std::hypot(static_cast<long double>(xf), yf)));
    }
    std::printf("sg_atan2_d: max error %.3Lf ulp, sg_hypot_d: %.3Lf ulp; float %.3Lf, %.3Lf\n", atan2Worst, hypotWorst,
                atan2F, hypotF);
    EXPECT_LE(atan2Worst, 2.0L);
    EXPECT_LE(hypotWorst, 1.0L);
    EXPECT_LE(atan2F, 1.0L);
    EXPECT_LE(hypotF, 1.0L);
}

// Same value, and for zeros the same sign; any NaN matches NaN.
bool same(double got, double want)
{
    if (std::isnan(want)) return std::isnan(got);
    return got == want && std::signbit(got) == std::signbit(want);
}

TEST(DeterministicMaths, SpecialValuesFollowAnnexF)
{
    struct Case {
        const char* name;
        double (*f)(double);
        double x, want;
    };
    const double pi = 0x1.921fb54442d18p+1, halfPi = 0x1.921fb54442d18p+0;
    const Case cases[] = {
        {"log", host::sg_log_d, 0.0, -kInf},       {"log", host::sg_log_d, -0.0, -kInf},
        {"log", host::sg_log_d, -1.0, kNaN},       {"log", host::sg_log_d, kInf, kInf},
        {"log", host::sg_log_d, 1.0, 0.0},         {"log", host::sg_log_d, kNaN, kNaN},
        {"log1p", host::sg_log1p_d, -1.0, -kInf},  {"log1p", host::sg_log1p_d, -2.0, kNaN},
        {"log1p", host::sg_log1p_d, -0.0, -0.0},   {"log1p", host::sg_log1p_d, kInf, kInf},
        {"exp2", host::sg_exp2_d, -kInf, 0.0},     {"exp2", host::sg_exp2_d, kInf, kInf},
        {"exp2", host::sg_exp2_d, 10.0, 1024.0},   {"exp2", host::sg_exp2_d, -1074.0, 0x1p-1074},
        {"exp2", host::sg_exp2_d, 1024.0, kInf},   {"exp2", host::sg_exp2_d, kNaN, kNaN},
        {"log2", host::sg_log2_d, 0x1p-1074, -1074.0}, {"log2", host::sg_log2_d, 0x1p1000, 1000.0},
        {"log2", host::sg_log2_d, 0.0, -kInf},     {"log2", host::sg_log2_d, -3.0, kNaN},
        {"log10", host::sg_log10_d, 1.0, 0.0},     {"log10", host::sg_log10_d, kInf, kInf},
        {"cbrt", host::sg_cbrt_d, -0.0, -0.0},     {"cbrt", host::sg_cbrt_d, -kInf, -kInf},
        {"cbrt", host::sg_cbrt_d, 27.0, 3.0},      {"cbrt", host::sg_cbrt_d, -0x1p-1074, -std::cbrt(0x1p-1074)},
        {"sin", host::sg_sin_d, -0.0, -0.0},       {"sin", host::sg_sin_d, kInf, kNaN},
        {"cos", host::sg_cos_d, 0.0, 1.0},         {"cos", host::sg_cos_d, -kInf, kNaN},
        {"tan", host::sg_tan_d, -0.0, -0.0},       {"tan", host::sg_tan_d, kInf, kNaN},
        {"asin", host::sg_asin_d, -0.0, -0.0},     {"asin", host::sg_asin_d, 1.0, halfPi},
        {"asin", host::sg_asin_d, 1.5, kNaN},      {"acos", host::sg_acos_d, 1.0, 0.0},
        {"acos", host::sg_acos_d, -1.0, pi},       {"acos", host::sg_acos_d, -1.5, kNaN},
        {"atan", host::sg_atan_d, -0.0, -0.0},     {"atan", host::sg_atan_d, kInf, halfPi},
        {"atan", host::sg_atan_d, -kInf, -halfPi}, {"sinh", host::sg_sinh_d, -0.0, -0.0},
        {"sinh", host::sg_sinh_d, -kInf, -kInf},   {"sinh", host::sg_sinh_d, 711.0, kInf},
        {"cosh", host::sg_cosh_d, 0.0, 1.0},       {"cosh", host::sg_cosh_d, -kInf, kInf},
        {"tanh", host::sg_tanh_d, -0.0, -0.0},     {"tanh", host::sg_tanh_d, kInf, 1.0},
        {"tanh", host::sg_tanh_d, -kInf, -1.0},    {"erf", host::sg_erf_d, -0.0, -0.0},
        {"erf", host::sg_erf_d, kInf, 1.0},        {"erf", host::sg_erf_d, -kInf, -1.0},
        {"erfc", host::sg_erfc_d, kInf, 0.0},      {"erfc", host::sg_erfc_d, -kInf, 2.0},
        {"erfc", host::sg_erfc_d, 0.0, 1.0},       {"erfc", host::sg_erfc_d, kNaN, kNaN},
    };
    for (const Case& c : cases)
        EXPECT_TRUE(same(c.f(c.x), c.want)) << c.name << "(" << c.x << ") = " << c.f(c.x) << ", want " << c.want;
    // Float versions of the same: the double result rounded (log and log1p are float throughout).
    EXPECT_TRUE(same(host::sg_log_f(0.0f), -kInf));
    EXPECT_TRUE(same(host::sg_log_f(-1.0f), kNaN));
    EXPECT_TRUE(same(host::sg_log_f(std::numeric_limits<float>::infinity()), kInf));
    EXPECT_EQ(host::sg_log_f(0x1p-149f), static_cast<float>(std::log(0x1p-149L)));
    EXPECT_TRUE(same(host::sg_log1p_f(-1.0f), -kInf));
    EXPECT_TRUE(same(host::sg_sin_f(-0.0f), -0.0));
    EXPECT_TRUE(same(host::sg_erfc_f(-std::numeric_limits<float>::infinity()), 2.0));
}

TEST(DeterministicMaths, PowSpecialCasesFollowAnnexF)
{
    struct Case {
        double x, y, want;
    };
    const Case cases[] = {
        {kNaN, 0.0, 1.0},     {1.0, kNaN, 1.0},     {kNaN, 1.0, kNaN},  {2.0, kNaN, kNaN},
        {-0.0, -3.0, -kInf},  {0.0, -3.0, kInf},    {-0.0, -2.0, kInf}, {-0.0, -0.5, kInf},
        {-0.0, 3.0, -0.0},    {-0.0, 2.0, 0.0},     {0.0, 0.5, 0.0},    {-1.0, kInf, 1.0},
        {-1.0, -kInf, 1.0},   {0.5, -kInf, kInf},   {2.0, -kInf, 0.0},  {0.5, kInf, 0.0},
        {2.0, kInf, kInf},    {-kInf, -3.0, -0.0},  {-kInf, -2.0, 0.0}, {-kInf, 3.0, -kInf},
        {-kInf, 2.5, kInf},   {kInf, -1.0, 0.0},    {kInf, 0.5, kInf},  {-2.0, 0.5, kNaN},
        {-2.0, 3.0, -8.0},    {-2.0, 2.0, 4.0},     {2.0, 10.0, 1024.0}, {2.0, -1074.0, 0x1p-1074},
        {10.0, 400.0, kInf},  {10.0, -400.0, 0.0},  {-8.0, 1.0 / 3.0, kNaN}, {0x1p-1074, 0.5, 0x1p-537},
    };
    for (const Case& c : cases) {
        EXPECT_TRUE(same(host::sg_pow_d(c.x, c.y), c.want))
            << "pow(" << c.x << ", " << c.y << ") = " << host::sg_pow_d(c.x, c.y) << ", want " << c.want;
        if (!(std::fabs(c.want) > 0 && std::fabs(c.want) < 1e-38) && std::fabs(c.x) < 1e38 && std::fabs(c.want) < 1e38) {
            const float got = host::sg_pow_f(static_cast<float>(c.x), static_cast<float>(c.y));
            EXPECT_TRUE(same(got, static_cast<float>(c.want))) << "powf(" << c.x << ", " << c.y << ") = " << got;
        }
    }
}

TEST(DeterministicMaths, Atan2AndHypotSpecialCasesFollowAnnexF)
{
    const double pi = 0x1.921fb54442d18p+1, halfPi = 0x1.921fb54442d18p+0, quarterPi = 0x1.921fb54442d18p-1;
    struct Case {
        double y, x, want;
    };
    const Case atan2Cases[] = {
        {0.0, 1.0, 0.0},          {-0.0, 1.0, -0.0},        {0.0, 0.0, 0.0},        {-0.0, -0.0, -pi},
        {0.0, -1.0, pi},          {-0.0, -1.0, -pi},        {1.0, 0.0, halfPi},     {-1.0, -0.0, -halfPi},
        {kInf, kInf, quarterPi},  {-kInf, kInf, -quarterPi}, {kInf, -kInf, 3 * quarterPi}, {kInf, 5.0, halfPi},
        {1.0, kInf, 0.0},         {-1.0, -kInf, -pi},       {kNaN, 1.0, kNaN},      {1.0, kNaN, kNaN},
        {1.0, 1.0, quarterPi},    {-1.0, -1.0, -3 * quarterPi},
    };
    for (const Case& c : atan2Cases)
        EXPECT_TRUE(same(host::sg_atan2_d(c.y, c.x), c.want))
            << "atan2(" << c.y << ", " << c.x << ") = " << host::sg_atan2_d(c.y, c.x) << ", want " << c.want;
    EXPECT_TRUE(same(host::sg_hypot_d(kInf, kNaN), kInf));
    EXPECT_TRUE(same(host::sg_hypot_d(kNaN, -kInf), kInf));
    EXPECT_TRUE(same(host::sg_hypot_d(kNaN, 1.0), kNaN));
    EXPECT_TRUE(same(host::sg_hypot_d(-0.0, 0.0), 0.0));
    EXPECT_TRUE(same(host::sg_hypot_d(3.0, -4.0), 5.0));
    EXPECT_TRUE(same(host::sg_hypot_d(1e308, 1e308), std::hypot(1e308, 1e308)));
    EXPECT_TRUE(same(host::sg_hypot_d(0x1p-1074, 0x1p-1074), std::hypot(0x1p-1074, 0x1p-1074)));
}

// Beyond the documented range of the trigonometric reduction (|x| >= 2^30) results stay finite and
// within [-1, 1] (deterministic, only less accurate).
TEST(DeterministicMaths, TrigonometryOfHugeArgumentsStaysBounded)
{
    for (double x : {0x1p31, 1e15, 0x1p52 + 1, 1e17, 0x1p62, 1e100, 1e300, -1.7e308}) {
        const double s = host::sg_sin_d(x), c = host::sg_cos_d(x), t = host::sg_tan_d(x);
        EXPECT_TRUE(s >= -1.0 && s <= 1.0) << "sin(" << x << ") = " << s;
        EXPECT_TRUE(c >= -1.0 && c <= 1.0) << "cos(" << x << ") = " << c;
        EXPECT_FALSE(std::isnan(t)) << "tan(" << x << ")";
    }
}

} // namespace
