// Philox4x32-10 known answers, stream keys and the counter layout of sg_rng.
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/rng/host_rng.h"
#include "core/rng/philox.h"

namespace {

using spikegen::rng::Purpose;
namespace host = spikegen::rng::host;

struct Kat {
    std::array<std::uint32_t, 4> counter;
    std::array<std::uint32_t, 2> key;
    std::array<std::uint32_t, 4> expected;
};

// Random123 1.09, examples/kat_vectors ("philox4x32 10" lines: counter, key, expected).
const Kat kKats[] = {
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u}, {0x00000000u, 0x00000000u},
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
    // Further philox4x32 10 vectors from the Random123 manual's extended kat_vectors.
    {{0x00000001u, 0x00000000u, 0x00000000u, 0x00000000u}, {0x00000001u, 0x00000000u},
     {0xac08141bu, 0xdfc5ccbeu, 0x79c07a47u, 0xa7f66093u}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0x00000000u, 0xffffffffu},
     {0x08f7720cu, 0x845ee9e0u, 0x502ccd3du, 0xa9a00e27u}},
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x80000000u}, {0x00000000u, 0x80000000u},
     {0xf7a0b371u, 0xe51dc93du, 0x56ce135du, 0x1d4b5580u}},
};

TEST(RngPhilox, KnownAnswersThroughHostApi)
{
    for (const Kat& kat : kKats) {
        EXPECT_EQ(spikegen::rng::philox4x32_10(kat.counter, kat.key), kat.expected);
    }
}

TEST(RngPhilox, KnownAnswersThroughDeviceText)
{
    for (const Kat& kat : kKats) {
        std::array<std::uint32_t, 4> out{};
        host::sg_philox4x32_10(kat.counter[0], kat.counter[1], kat.counter[2], kat.counter[3], kat.key[0],
                               kat.key[1], out.data());
        EXPECT_EQ(out, kat.expected);
    }
}

TEST(RngPhilox, StreamWalksBlocksWithCounterLayout)
{
    const std::uint64_t step = 0x0000000500000007ull;
    const std::uint32_t element = 1234;
    host::sg_rng r = host::sg_rng_make(0xdeadbeefu, 0x01234567u, step, element);
    for (std::uint32_t block = 0; block < 5; ++block) {
        const auto expected = spikegen::rng::philox4x32_10({block, element, 7u, 5u}, {0xdeadbeefu, 0x01234567u});
        for (int word = 0; word < 4; ++word) {
            EXPECT_EQ(host::sg_next_u32(&r), expected[word]) << "block " << block << " word " << word;
        }
    }
}

std::vector<std::uint32_t> draws(std::array<std::uint32_t, 2> key, std::uint64_t step, std::uint32_t element, int n)
{
    host::sg_rng r = host::sg_rng_make(key[0], key[1], step, element);
    std::vector<std::uint32_t> v;
    for (int i = 0; i < n; ++i) {
        v.push_back(host::sg_next_u32(&r));
    }
    return v;
}

TEST(RngPhilox, DeterministicAndDistinctAcrossElementsStepsKeys)
{
    const auto key = spikegen::rng::streamKey(42, "Exc", Purpose::Simulation);
    EXPECT_EQ(draws(key, 3, 17, 64), draws(key, 3, 17, 64));
    std::set<std::vector<std::uint32_t>> seen;
    seen.insert(draws(key, 3, 17, 64));
    seen.insert(draws(key, 3, 18, 64));
    seen.insert(draws(key, 4, 17, 64));
    seen.insert(draws(key, 3ull + (1ull << 32), 17, 64));
    seen.insert(draws(spikegen::rng::streamKey(43, "Exc", Purpose::Simulation), 3, 17, 64));
    seen.insert(draws(spikegen::rng::streamKey(42, "Inh", Purpose::Simulation), 3, 17, 64));
    seen.insert(draws(spikegen::rng::streamKey(42, "Exc", Purpose::VarInit), 3, 17, 64));
    EXPECT_EQ(seen.size(), 7u);
}

TEST(RngStreamKey, Fnv1a64KnownValues)
{
    // Published FNV-1a 64 test values (Fowler/Noll/Vo reference: "" and "a" and "foobar").
    EXPECT_EQ(spikegen::rng::fnv1a64(""), 0xcbf29ce484222325ull);
    EXPECT_EQ(spikegen::rng::fnv1a64("a"), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(spikegen::rng::fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(RngStreamKey, IsSeedXorHashOfNameZeroAndPurpose)
{
    const std::string bytes = std::string("Exc") + '\0' + std::string("\x02\x00\x00\x00", 4);
    const std::uint64_t k = 0x0123456789abcdefull ^ spikegen::rng::fnv1a64(bytes);
    const auto key = spikegen::rng::streamKey(0x0123456789abcdefull, "Exc", Purpose::VarInit);
    EXPECT_EQ(key[0], static_cast<std::uint32_t>(k));
    EXPECT_EQ(key[1], static_cast<std::uint32_t>(k >> 32));
    // The 0 byte separates name and purpose: no two (name, purpose) pairs collide by shifting.
    EXPECT_NE(spikegen::rng::streamKey(1, "A", Purpose::VarInit), spikegen::rng::streamKey(1, "A\x02", Purpose::VarInit));
    EXPECT_NE(spikegen::rng::streamKey(1, "A", Purpose::VarInit), spikegen::rng::streamKey(1, "A", Purpose::Simulation));
}

TEST(RngUniformInt, StaysBelowBoundAndHandlesEdgeCases)
{
    host::sg_rng r = host::sg_rng_make(1u, 2u, 0, 0);
    EXPECT_EQ(host::sg_uniform_int(&r, 0u), 0u);
    EXPECT_EQ(r.next, 4) << "n = 0 must draw nothing";
    for (std::uint32_t n : {1u, 2u, 3u, 7u, 1000u, 0x80000001u, 0xffffffffu}) {
        for (int i = 0; i < 2000; ++i) {
            ASSERT_LT(host::sg_uniform_int(&r, n), n);
        }
    }
}

} // namespace
