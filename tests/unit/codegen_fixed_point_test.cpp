// Deterministic mode's fixed-point conversions (core/codegen/fixed_point_device.inc): rounding
// to the nearest 2^-40 with ties to even, the range limit at 2^23, NaN and infinities refused,
// conversion back correctly rounded, and wrapped sums detected.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "core/codegen/fixed_point_host.h"

namespace {

namespace host = spikegen::fixed_point::host;

constexpr std::uint64_t kOne = std::uint64_t(1) << 40; // the word of 1.0

std::uint64_t fromFloat(float x, bool expectFits = true)
{
    EXPECT_EQ(host::sg_fixed_fits_f(x), expectFits ? 1 : 0) << x;
    return host::sg_fixed_from_f(x);
}

std::uint64_t fromDouble(double x, bool expectFits = true)
{
    EXPECT_EQ(host::sg_fixed_fits_d(x), expectFits ? 1 : 0) << x;
    return host::sg_fixed_from_d(x);
}

std::uint64_t twosComplement(std::int64_t v) { return static_cast<std::uint64_t>(v); }

TEST(FixedPoint, ExactValuesAndSigns)
{
    EXPECT_EQ(fromFloat(0.0f), 0u);
    EXPECT_EQ(fromFloat(-0.0f), 0u);
    EXPECT_EQ(fromFloat(1.0f), kOne);
    EXPECT_EQ(fromFloat(-1.0f), twosComplement(-std::int64_t(kOne)));
    EXPECT_EQ(fromFloat(std::ldexp(1.0f, -40)), 1u);
    EXPECT_EQ(fromDouble(-2.5), twosComplement(-std::int64_t(5 * kOne / 2)));
    EXPECT_EQ(host::sg_fixed_to_f(0), 0.0f);
    EXPECT_FALSE(std::signbit(host::sg_fixed_to_f(0)));
    EXPECT_EQ(host::sg_fixed_to_f(twosComplement(-std::int64_t(kOne))), -1.0f);
    EXPECT_EQ(host::sg_fixed_to_d(twosComplement(-std::int64_t(3 * kOne))), -3.0);
}

TEST(FixedPoint, RoundsToNearestWithTiesToEven)
{
    const float unit = std::ldexp(1.0f, -40);
    EXPECT_EQ(fromFloat(0.5f * unit), 0u);  // a tie: to even 0
    EXPECT_EQ(fromFloat(1.5f * unit), 2u);  // a tie: to even 2
    EXPECT_EQ(fromFloat(2.5f * unit), 2u);
    EXPECT_EQ(fromFloat(0.75f * unit), 1u);
    EXPECT_EQ(fromFloat(-1.5f * unit), twosComplement(-2));
    EXPECT_EQ(fromFloat(-0.25f * unit), 0u);
    EXPECT_EQ(fromDouble(std::ldexp(3.0, -42)), 1u); // 0.75 units
    EXPECT_EQ(fromDouble(1e-300), 0u);
    EXPECT_EQ(fromFloat(std::numeric_limits<float>::denorm_min()), 0u);
    EXPECT_EQ(fromDouble(std::numeric_limits<double>::denorm_min()), 0u);
}

TEST(FixedPoint, RangeEndsBelow2To23AndRefusesNanAndInfinity)
{
    const float largest = std::nextafter(8388608.0f, 0.0f);
    EXPECT_EQ(fromFloat(largest), std::uint64_t(16777215) << 39); // 8388607.5 = 16777215 / 2
    EXPECT_EQ(host::sg_fixed_to_f(fromFloat(-largest)), -largest);
    EXPECT_EQ(host::sg_fixed_to_d(fromDouble(std::nextafter(8388608.0, 0.0))), std::nextafter(8388608.0, 0.0));
    for (float bad : {8388608.0f, -8388608.0f, 1e30f, std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()})
        EXPECT_EQ(fromFloat(bad, false), 0u);
    for (double bad : {8388608.0, -1e300, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
        EXPECT_EQ(fromDouble(bad, false), 0u);
}

// Values on the 2^-40 grid come back unchanged; any word converts as the correctly rounded
// (int64 -> double, exact below 2^53) reference does.
TEST(FixedPoint, ConvertsBackCorrectlyRounded)
{
    std::mt19937_64 random(7);
    for (int i = 0; i < 100000; ++i) {
        const float x = std::ldexp(float(std::int32_t(random()) % (1 << 24)), int(random() % 24) - 40);
        ASSERT_EQ(host::sg_fixed_to_f(fromFloat(x)), x);
        const double d = std::ldexp(double(std::int64_t(random()) % (std::int64_t(1) << 53)), int(random() % 11) - 40);
        ASSERT_EQ(host::sg_fixed_to_d(fromDouble(d)), d);
        // Words below 2^53 in magnitude: the int64 -> double conversion is exact, the float one rounds once.
        const std::int64_t word = std::int64_t(random()) >> (11 + random() % 50);
        ASSERT_EQ(host::sg_fixed_to_f(twosComplement(word)), float(std::ldexp(double(word), -40))) << word;
        // Any word: int64 -> double is correctly rounded on the host.
        const std::int64_t any = std::int64_t(random());
        ASSERT_EQ(host::sg_fixed_to_d(twosComplement(any)), std::ldexp(double(any), -40)) << any;
    }
    // Ties between floats go to the even significand.
    EXPECT_EQ(host::sg_fixed_to_f((std::uint64_t(1) << 24) + 1), std::ldexp(1.0f, -16));
    EXPECT_EQ(host::sg_fixed_to_f((std::uint64_t(1) << 24) + 3), std::ldexp(float((1 << 24) + 4), -40));
    EXPECT_EQ(host::sg_fixed_to_f(std::uint64_t(1) << 63), -8388608.0f);
}

TEST(FixedPoint, DetectsWrappedSums)
{
    const std::uint64_t max = std::uint64_t(std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(host::sg_fixed_wrapped(max, 1), 1);
    EXPECT_EQ(host::sg_fixed_wrapped(max + 1, twosComplement(-1)), 1); // most negative - 1
    EXPECT_EQ(host::sg_fixed_wrapped(twosComplement(-1), 1), 0);
    EXPECT_EQ(host::sg_fixed_wrapped(max, twosComplement(-5)), 0);
    // Sums are in range while below 2^23 in magnitude, as addends are.
    EXPECT_EQ(host::sg_fixed_wrapped(fromFloat(-4000000.0f), fromFloat(-4000000.0f)), 0);
    EXPECT_EQ(host::sg_fixed_wrapped(fromFloat(-8000000.0f), fromFloat(-8000000.0f)), 1);
}

} // namespace
