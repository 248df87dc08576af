// Text of the generated CPU code's tile-wise random numbers (benchmarks/NOTES.md, "CPU neuron
// update (issue 16 item 2)"): the first Philox block of every neuron of a tile of consecutive
// neurons, drawn before the neuron loop, eight counters at a time. Each is the block that
// sg_next_u32 or sg_poisson_f would draw first from that neuron's stream (counter {0, id, step}),
// so the results are the very bits of the scalar generator (and of the GPU backends).
#pragma once

namespace spikegen::cpu {

// Emitted after the RNG source (rng::deviceSource), so sg_philox4x32_10 and sg_rng are defined.
// SG_TILE: neurons per tile; blocks[w][i] is word w of neuron first + i's block.
inline constexpr const char* kTileRngSource = R"(enum { SG_TILE = 256 };
#if defined(__AVX2__)
#include <immintrin.h>
#endif
// Words 0..3 of block 0 of the streams of neurons first .. first + n - 1 (n <= SG_TILE) at `step`.
// With AVX2: eight neurons a pass, the even ones in the low halves of the 64-bit lanes and the odd
// ones in the high halves, because _mm256_mul_epu32 multiplies the low halves into 64-bit
// products (the high word and the low word of each Philox product at once). GCC 12 does vectorise
// the plain loop below, but its 32 x 32 -> 64-bit products go through lane shuffles that cost
// as much as they save (7.7 ns a neuron against 2.5 here).
static inline void sg_philox_tile_blocks(uint32_t key0, uint32_t key1, uint64_t step, uint32_t first, unsigned n,
                                         uint32_t (*blocks)[SG_TILE])
{
    unsigned i = 0;
#if defined(__AVX2__)
    const __m256i m0 = _mm256_set1_epi64x(0xD2511F53), m1 = _mm256_set1_epi64x(0xCD9E8D57);
    const __m256i s0 = _mm256_set1_epi32((int)(uint32_t)step), s1 = _mm256_set1_epi32((int)(uint32_t)(step >> 32));
    for (; i + 8u <= n; i += 8u) {
        const __m256i ids = _mm256_add_epi32(_mm256_set1_epi32((int)(first + i)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        __m256i e0 = _mm256_setzero_si256(), e1 = ids, e2 = s0, e3 = s1;
        __m256i o0 = _mm256_setzero_si256(), o1 = _mm256_srli_epi64(ids, 32), o2 = s0, o3 = s1;
        uint32_t k0 = key0, k1 = key1;
        for (int round = 0; round < 10; ++round) {
            if (round > 0) {
                k0 += 0x9E3779B9u; /* Weyl key schedule, as sg_philox4x32_10 */
                k1 += 0xBB67AE85u;
            }
            const __m256i vk0 = _mm256_set1_epi32((int)k0), vk1 = _mm256_set1_epi32((int)k1);
            __m256i p0 = _mm256_mul_epu32(e0, m0), p1 = _mm256_mul_epu32(e2, m1);
            e0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), e1), vk0);
            e1 = p1;
            e2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), e3), vk1);
            e3 = p0;
            p0 = _mm256_mul_epu32(o0, m0);
            p1 = _mm256_mul_epu32(o2, m1);
            o0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), o1), vk0);
            o1 = p1;
            o2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), o3), vk1);
            o3 = p0;
        }
        // Low halves hold the even neurons' words (high halves: garbage of the xors), the odd
        // neurons' words move up into the high halves: neuron order again.
        _mm256_storeu_si256((__m256i*)(blocks[0] + i), _mm256_blend_epi32(e0, _mm256_slli_epi64(o0, 32), 0xAA));
        _mm256_storeu_si256((__m256i*)(blocks[1] + i), _mm256_blend_epi32(e1, _mm256_slli_epi64(o1, 32), 0xAA));
        _mm256_storeu_si256((__m256i*)(blocks[2] + i), _mm256_blend_epi32(e2, _mm256_slli_epi64(o2, 32), 0xAA));
        _mm256_storeu_si256((__m256i*)(blocks[3] + i), _mm256_blend_epi32(e3, _mm256_slli_epi64(o3, 32), 0xAA));
    }
#endif
    for (; i < n; ++i) {
        uint32_t out[4];
        sg_philox4x32_10(0u, first + i, (uint32_t)step, (uint32_t)(step >> 32), key0, key1, out);
        blocks[0][i] = out[0];
        blocks[1][i] = out[1];
        blocks[2][i] = out[2];
        blocks[3][i] = out[3];
    }
}
// The stream of neuron `element` at `step` (sg_rng_make) with its first block already drawn:
// word w is blocks[w][i]; the next block is block 1.
static inline sg_rng sg_rng_from_tile(uint32_t key0, uint32_t key1, uint64_t step, uint32_t element,
                                      const uint32_t (*blocks)[SG_TILE], unsigned i)
{
    sg_rng r = sg_rng_make(key0, key1, step, element);
    r.ctr[0] = 1u;
    r.out[0] = blocks[0][i];
    r.out[1] = blocks[1][i];
    r.out[2] = blocks[2][i];
    r.out[3] = blocks[3][i];
    r.next = 0;
    return r;
}
)";

} // namespace spikegen::cpu
