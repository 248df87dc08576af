// Statistics of the transforms (host build of philox_device.inc). Every bound is stated with the
// test; with fixed keys the tests are deterministic, and each bound would be exceeded by a
// correct generator with probability about 1e-3 or less (KS at sqrt(n) D < 1.95, 5-sigma moments).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "core/rng/host_rng.h"
#include "core/rng/philox.h"

namespace {

namespace host = spikegen::rng::host;
using spikegen::rng::Purpose;

constexpr int kN = 1000000;

struct Moments {
    double mean = 0, variance = 0;
};

Moments moments(const std::vector<double>& x)
{
    Moments m;
    for (double v : x) m.mean += v;
    m.mean /= x.size();
    for (double v : x) m.variance += (v - m.mean) * (v - m.mean);
    m.variance /= (x.size() - 1);
    return m;
}

// sqrt(n) * sup |F_n - F|; below 1.95 with probability 0.999 for a correct generator.
double ksStatistic(std::vector<double> x, const std::function<double(double)>& cdf)
{
    std::sort(x.begin(), x.end());
    const double n = static_cast<double>(x.size());
    double d = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = cdf(x[i]);
        d = std::max({d, f - i / n, (i + 1) / n - f});
    }
    return d * std::sqrt(n);
}

// n draws of one transform, each element of the stream used once per 16 draws (like a kernel).
template <typename F>
std::vector<double> sample(F draw, std::uint64_t seed)
{
    const auto key = spikegen::rng::streamKey(seed, "Dist", Purpose::Simulation);
    std::vector<double> x;
    x.reserve(kN);
    for (std::uint32_t element = 0; x.size() < kN; ++element) {
        host::sg_rng r = host::sg_rng_make(key[0], key[1], 9, element);
        for (int i = 0; i < 16 && x.size() < kN; ++i) x.push_back(draw(&r));
    }
    return x;
}

double normalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

TEST(RngDistribution, UniformFloatAndDouble)
{
    for (int precision = 0; precision < 2; ++precision) {
        const auto x = precision == 0 ? sample([](host::sg_rng* r) { return double(host::sg_uniform_f(r)); }, 1)
                                      : sample([](host::sg_rng* r) { return host::sg_uniform_d(r); }, 2);
        const Moments m = moments(x);
        // mean 1/2, sd of the mean sqrt(1/12/n) = 2.9e-4; variance 1/12, sd sqrt(1/180/n) = 7.5e-5.
        EXPECT_NEAR(m.mean, 0.5, 5 * 2.9e-4) << precision;
        EXPECT_NEAR(m.variance, 1.0 / 12, 5 * 7.5e-5) << precision;
        EXPECT_GT(*std::min_element(x.begin(), x.end()), 0.0);
        EXPECT_LT(*std::max_element(x.begin(), x.end()), 1.0);
        const double ks = ksStatistic(x, [](double u) { return u; });
        std::printf("uniform (%s): mean %.6f var %.6f KS sqrt(n)D %.3f\n", precision ? "double" : "float", m.mean,
                    m.variance, ks);
        EXPECT_LT(ks, 1.95);
    }
}

TEST(RngDistribution, NormalFloatAndDouble)
{
    for (int precision = 0; precision < 2; ++precision) {
        const auto x = precision == 0 ? sample([](host::sg_rng* r) { return double(host::sg_normal_f(r)); }, 3)
                                      : sample([](host::sg_rng* r) { return host::sg_normal_d(r); }, 4);
        const Moments m = moments(x);
        // mean 0 (sd 1e-3), variance 1 (sd sqrt(2/n) = 1.41e-3).
        EXPECT_NEAR(m.mean, 0.0, 5e-3) << precision;
        EXPECT_NEAR(m.variance, 1.0, 5 * 1.41e-3) << precision;
        const double ks = ksStatistic(x, normalCdf);
        std::printf("normal (%s): mean %.6f var %.6f KS sqrt(n)D %.3f\n", precision ? "double" : "float", m.mean,
                    m.variance, ks);
        EXPECT_LT(ks, 1.95);
        // Tails: P(|z| > 3) = 2.70e-3, sd sqrt(p/n) = 5.2e-5.
        const double tail = std::count_if(x.begin(), x.end(), [](double z) { return std::fabs(z) > 3; }) / double(kN);
        EXPECT_NEAR(tail, 2.6998e-3, 5 * 5.2e-5) << precision;
    }
}

TEST(RngDistribution, ExponentialFloatAndDouble)
{
    for (int precision = 0; precision < 2; ++precision) {
        const auto x = precision == 0 ? sample([](host::sg_rng* r) { return double(host::sg_exponential_f(r)); }, 5)
                                      : sample([](host::sg_rng* r) { return host::sg_exponential_d(r); }, 6);
        const Moments m = moments(x);
        // mean 1 (sd 1e-3), variance 1 (sd sqrt(8/n) = 2.83e-3).
        EXPECT_NEAR(m.mean, 1.0, 5e-3) << precision;
        EXPECT_NEAR(m.variance, 1.0, 5 * 2.83e-3) << precision;
        EXPECT_GT(*std::min_element(x.begin(), x.end()), 0.0);
        const double ks = ksStatistic(x, [](double v) { return -std::expm1(-v); });
        std::printf("exponential (%s): mean %.6f var %.6f KS sqrt(n)D %.3f\n", precision ? "double" : "float", m.mean,
                    m.variance, ks);
        EXPECT_LT(ks, 1.95);
    }
}

struct BinomialCase {
    std::uint32_t n;
    double p;
};

TEST(RngDistribution, BinomialMeanAndVariance)
{
    const BinomialCase cases[] = {{10, 0.3}, {100, 0.05}, {1000, 0.5}, {5000, 0.9}, {20, 0.999},
                                  {1000000, 1e-5}, {4000, 0.25}, {1, 0.5}};
    const int samples = 50000;
    for (const BinomialCase& c : cases) {
        for (int precision = 0; precision < 2; ++precision) {
            const auto key = spikegen::rng::streamKey(7, "Binomial", Purpose::ConnectivityInit);
            std::vector<double> x;
            for (std::uint32_t e = 0; e < samples; ++e) {
                host::sg_rng r = host::sg_rng_make(key[0], key[1], c.n, e);
                const std::uint32_t k = precision == 0 ? host::sg_binomial_f(&r, c.n, static_cast<float>(c.p))
                                                       : host::sg_binomial_d(&r, c.n, c.p);
                ASSERT_LE(k, c.n);
                x.push_back(k);
            }
            const double p = precision == 0 ? static_cast<double>(static_cast<float>(c.p)) : c.p;
            const double mean = c.n * p, var = c.n * p * (1 - p);
            const Moments m = moments(x);
            // Mean: 5 sd of the sample mean. Variance: 5 sd of the sample variance, about
            // sqrt((mu4 - var^2) / samples) with the binomial fourth central moment
            // mu4 = var * (1 + 3 (n - 2) p (1 - p)).
            const double mu4 = var * (1 + 3 * (c.n - 2.0) * p * (1 - p));
            const double varSd = std::sqrt(std::max(mu4 - var * var, 1e-12) / samples);
            EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(var / samples) + 1e-12) << c.n << " " << c.p << " " << precision;
            // (+ 25 var / samples: the second-order effect of the estimated mean, which dominates
            // when mu4 = var^2, e.g. for Bernoulli(1/2).)
            EXPECT_NEAR(m.variance, var, 5 * varSd + 25 * var / samples) << c.n << " " << c.p << " " << precision;
        }
    }
}

TEST(RngDistribution, BinomialChiSquareAgainstExactPmf)
{
    // n = 10, p = 0.3: 11 cells, chi-square with 10 degrees of freedom, 0.999 quantile 29.59.
    const std::uint32_t n = 10;
    const double p = 0.3;
    const int samples = 200000;
    for (int precision = 0; precision < 2; ++precision) {
        std::vector<double> counts(n + 1, 0.0);
        for (std::uint32_t e = 0; e < samples; ++e) {
            host::sg_rng r = host::sg_rng_make(11u, 12u, 0, e);
            ++counts[precision == 0 ? host::sg_binomial_f(&r, n, 0.3f) : host::sg_binomial_d(&r, n, p)];
        }
        double chi2 = 0;
        for (std::uint32_t k = 0; k <= n; ++k) {
            const double pmf = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                                        k * std::log(p) + (n - k) * std::log1p(-p));
            const double expected = samples * pmf;
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        std::printf("binomial(10, 0.3) %s: chi2 %.2f (10 dof)\n", precision ? "double" : "float", chi2);
        EXPECT_LT(chi2, 29.59);
    }
}

// Binomial: chi-square against the exact pmf on both sides of the switch at n min(p, 1 - p) = 10
// from the waiting-time method to BTRD, far into BTRD (up to n = 2^32 - 1), and for p > 1/2.
// Cells: consecutive k merged from the left until each expects at least 20 draws (the tails beyond
// 10 sd, mass < 1e-20, go to the end cells); bound: the 0.999 quantile (see chiSquareQuantile999
// below). Mean and variance within 5 standard errors; BTRD must use O(1) draws.
double chiSquareQuantile999(double dof);

TEST(RngDistribution, BinomialChiSquareAcrossMethods)
{
    const BinomialCase cases[] = {{20, 0.5},        {999, 0.01},        {1000, 0.01},  {1000, 0.02},
                                  {4000, 0.02},     {1000, 0.97},       {1000000, 0.3}, {1000000000, 1e-3},
                                  {4294967295u, 0.5}, {4294967295u, 0.9999}};
    const int samples = 200000;
    for (const BinomialCase& c : cases) {
        for (int precision = 0; precision < 2; ++precision) {
            const double p = precision == 0 ? static_cast<double>(static_cast<float>(c.p)) : c.p;
            const auto key = spikegen::rng::streamKey(17, "Binomial", Purpose::ConnectivityInit);
            std::vector<std::uint32_t> k(samples);
            double words = 0;
            for (std::uint32_t e = 0; e < samples; ++e) {
                host::sg_rng r = host::sg_rng_make(key[0], key[1], precision, e);
                k[e] = precision == 0 ? host::sg_binomial_f(&r, c.n, static_cast<float>(c.p))
                                      : host::sg_binomial_d(&r, c.n, c.p);
                ASSERT_LE(k[e], c.n);
                words += 4.0 * (r.ctr[0] - 1.0) + r.next; // 32-bit words drawn
            }
            const double n = c.n, mean = n * p, var = mean * (1 - p), sd = std::sqrt(var);
            auto pmf = [&](double x) {
                return double(std::exp(std::lgamma((long double)n + 1) - std::lgamma((long double)x + 1) -
                                        std::lgamma((long double)(n - x) + 1) + x * std::log((long double)p) +
                                        (n - x) * std::log1p(-(long double)p)));
            };
            const double lo = std::max(0.0, std::floor(mean - 10 * sd)), hi = std::min(n, std::ceil(mean + 10 * sd));
            std::vector<double> first, expected; // cell c holds k in [first[c], first[c + 1])
            for (double x = lo; x <= hi; ++x) {
                if (expected.empty() || expected.back() >= 20) {
                    first.push_back(x);
                    expected.push_back(0);
                }
                expected.back() += samples * pmf(x);
            }
            if (expected.size() > 1 && expected.back() < 20) {
                expected[expected.size() - 2] += expected.back();
                expected.pop_back();
                first.pop_back();
            }
            std::vector<double> observed(expected.size(), 0.0);
            for (std::uint32_t x : k) {
                const auto it = std::upper_bound(first.begin(), first.end(), double(x));
                ++observed[it == first.begin() ? 0 : std::size_t(it - first.begin()) - 1];
            }
            double chi2 = 0;
            for (std::size_t i = 0; i < expected.size(); ++i) {
                chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
            }
            const int dof = int(expected.size()) - 1;
            std::vector<double> xs(k.begin(), k.end());
            const Moments m = moments(xs);
            std::printf("binomial(%u, %g) %s: mean %.6g var %.6g chi2 %.1f (%d dof, bound %.1f), %.2f words/draw\n",
                        c.n, c.p, precision ? "double" : "float", m.mean, m.variance, chi2, dof,
                        chiSquareQuantile999(dof), words / samples);
            EXPECT_LT(chi2, chiSquareQuantile999(dof)) << c.n << " " << c.p << " " << precision;
            const double mu4 = var * (1 + 3 * (n - 2) * p * (1 - p));
            EXPECT_NEAR(m.mean, mean, 5 * sd / std::sqrt(samples)) << c.n << " " << c.p << " " << precision;
            EXPECT_NEAR(m.variance, var, 5 * std::sqrt((mu4 - var * var) / samples) + 25 * var / samples)
                << c.n << " " << c.p << " " << precision;
            if (n * std::min(p, 1 - p) >= 10) { // BTRD: about 1.4 to 2.2 uniforms whatever the mean
                EXPECT_LT(words / samples, precision == 0 ? 2.5 : 5.0) << c.n << " " << c.p;
            }
        }
    }
}

TEST(RngDistribution, BinomialEdgeCases)
{
    host::sg_rng r = host::sg_rng_make(1u, 1u, 0, 0);
    EXPECT_EQ(host::sg_binomial_f(&r, 100, 0.0f), 0u);
    EXPECT_EQ(host::sg_binomial_f(&r, 100, -1.0f), 0u);
    EXPECT_EQ(host::sg_binomial_f(&r, 100, 1.0f), 100u);
    EXPECT_EQ(host::sg_binomial_f(&r, 100, NAN), 0u);
    EXPECT_EQ(host::sg_binomial_d(&r, 0, 0.5), 0u);
    EXPECT_EQ(host::sg_binomial_d(&r, 7, 1.5), 7u);
    EXPECT_EQ(host::sg_binomial_d(&r, 100, 1e-300), 0u);
    // The largest n: no overflow, and p at the limits still gives 0 or n.
    const std::uint32_t nMax = 4294967295u;
    EXPECT_EQ(host::sg_binomial_f(&r, nMax, NAN), 0u);
    EXPECT_EQ(host::sg_binomial_d(&r, nMax, 0.0), 0u);
    EXPECT_EQ(host::sg_binomial_f(&r, nMax, 1.0f), nMax);
    EXPECT_EQ(host::sg_binomial_d(&r, nMax, 1.0), nMax);
    EXPECT_EQ(host::sg_binomial_f(&r, nMax, 0x1p-121f), 0u); // p' < 2^-120 counts as 0
    EXPECT_GT(host::sg_binomial_f(&r, nMax, 1.0f - 0x1p-24f), nMax - 600u); // n - Binomial(n, 2^-24), mean 256
    EXPECT_EQ(host::sg_binomial_d(&r, nMax, 0x1p-1001), 0u);
    EXPECT_LE(host::sg_binomial_d(&r, nMax, 1e-12), 30u); // mean 0.004, waiting-time method
    for (int i = 0; i < 100; ++i) {
        EXPECT_NEAR(double(host::sg_binomial_f(&r, nMax, 0.5f)), 2147483647.5, 6 * 32768.0);
        EXPECT_NEAR(double(host::sg_binomial_d(&r, nMax, 0.5)), 2147483647.5, 6 * 32768.0);
    }
}

TEST(RngDistribution, UniformIntChiSquare)
{
    // n = 10 cells, 9 dof, 0.999 quantile 27.88; and n = 3 * 2^30, where the plain high-word
    // method would be biased by 1/3 between the lower and upper thirds (checked by thirds).
    const int samples = 1000000;
    std::vector<double> counts(10, 0.0), thirds(3, 0.0);
    host::sg_rng r = host::sg_rng_make(5u, 6u, 0, 0);
    for (int i = 0; i < samples; ++i) ++counts[host::sg_uniform_int(&r, 10u)];
    for (int i = 0; i < samples; ++i) ++thirds[host::sg_uniform_int(&r, 3u << 30) >> 30];
    double chi2 = 0, chi2Thirds = 0;
    for (double c : counts) chi2 += (c - samples / 10.0) * (c - samples / 10.0) / (samples / 10.0);
    for (double c : thirds) chi2Thirds += (c - samples / 3.0) * (c - samples / 3.0) / (samples / 3.0);
    EXPECT_LT(chi2, 27.88);
    EXPECT_LT(chi2Thirds, 13.82); // 2 dof, 0.999 quantile
}

// Poisson: chi-square against the exact pmf, on both sides of the cut-off at mean 10 between the
// arrival-time method and PTRS, and far into PTRS. Cells: every k with an expected count of at least
// 20, the two tails lumped; bound: the 0.999 quantile of chi-square (Wilson-Hilferty, z = 3.09).
// Mean and variance within 5 standard errors.
double chiSquareQuantile999(double dof)
{
    const double a = 2.0 / (9.0 * dof);
    return dof * std::pow(1.0 - a + 3.09 * std::sqrt(a), 3.0);
}

TEST(RngDistribution, PoissonChiSquareAgainstExactPmf)
{
    const double means[] = {0.05, 0.5, 3.0, 9.9, 10.0, 10.5, 25.0, 100.0, 1.0e4, 1.0e6};
    const int samples = 200000;
    for (double requested : means) {
        for (int precision = 0; precision < 2; ++precision) {
            const double lam = precision == 0 ? static_cast<double>(static_cast<float>(requested)) : requested;
            const auto key = spikegen::rng::streamKey(13, "Poisson", Purpose::Simulation);
            std::vector<std::uint32_t> k(samples);
            for (std::uint32_t e = 0; e < samples; ++e) {
                host::sg_rng r = host::sg_rng_make(key[0], key[1], precision, e);
                k[e] = precision == 0 ? host::sg_poisson_f(&r, static_cast<float>(requested))
                                      : host::sg_poisson_d(&r, requested);
            }
            auto pmf = [&](double n) { return std::exp(n * std::log(lam) - lam - std::lgamma(n + 1.0)); };
            // Cells [lo, hi] one by one, plus k < lo and k > hi.
            const double sd = std::sqrt(lam);
            double lo = std::max(0.0, std::floor(lam - 6 * sd)), hi = std::ceil(lam + 6 * sd) + 10;
            while (samples * pmf(lo) < 20 && lo < lam) ++lo;
            while (samples * pmf(hi) < 20 && hi > lam) --hi;
            std::vector<double> observed(std::size_t(hi - lo) + 3, 0.0), expected(observed.size(), 0.0);
            for (std::uint32_t x : k) {
                const std::size_t cell = x < lo ? 0 : x > hi ? observed.size() - 1 : std::size_t(x - lo) + 1;
                ++observed[cell];
            }
            double inside = 0;
            for (double n = lo; n <= hi; ++n) {
                expected[std::size_t(n - lo) + 1] = samples * pmf(n);
                inside += pmf(n);
            }
            double below = 0;
            for (double n = 0; n < lo; ++n) below += pmf(n);
            expected[0] = samples * below;
            expected.back() = samples * std::max(0.0, 1.0 - inside - below);
            double chi2 = 0;
            int cells = 0;
            for (std::size_t c = 0; c < observed.size(); ++c) {
                if (expected[c] < 1e-9) {
                    EXPECT_EQ(observed[c], 0.0) << "lam " << lam << " cell " << c;
                    continue;
                }
                chi2 += (observed[c] - expected[c]) * (observed[c] - expected[c]) / expected[c];
                ++cells;
            }
            std::vector<double> x(k.begin(), k.end());
            const Moments m = moments(x);
            std::printf("poisson(%g) %s: mean %.5g var %.5g chi2 %.1f (%d dof, bound %.1f)\n", lam,
                        precision ? "double" : "float", m.mean, m.variance, chi2, cells - 1,
                        chiSquareQuantile999(cells - 1));
            EXPECT_LT(chi2, chiSquareQuantile999(cells - 1)) << lam << " " << precision;
            // sd of the mean sqrt(lam / n); of the variance about sqrt((mu4 - lam^2) / n), mu4 = lam + 3 lam^2.
            EXPECT_NEAR(m.mean, lam, 5 * std::sqrt(lam / samples)) << precision;
            EXPECT_NEAR(m.variance, lam, 5 * std::sqrt((lam + 2 * lam * lam) / samples) + 25 * lam / samples) << precision;
        }
    }
}

TEST(RngDistribution, PoissonEdgeCases)
{
    host::sg_rng r = host::sg_rng_make(3u, 4u, 0, 0);
    EXPECT_EQ(host::sg_poisson_f(&r, 0.0f), 0u);
    EXPECT_EQ(host::sg_poisson_f(&r, -2.0f), 0u);
    EXPECT_EQ(host::sg_poisson_f(&r, NAN), 0u);
    EXPECT_EQ(host::sg_poisson_d(&r, -1e300), 0u);
    // Means above 2^30 are taken as 2^30: the count stays within a few thousand of it.
    for (int i = 0; i < 100; ++i) {
        EXPECT_NEAR(double(host::sg_poisson_f(&r, INFINITY)), 1073741824.0, 6 * 32768.0);
        EXPECT_NEAR(double(host::sg_poisson_d(&r, 1e12)), 1073741824.0, 6 * 32768.0);
    }
}

} // namespace
