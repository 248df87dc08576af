// The draws that the cross-dialect tests compare bit for bit: a device function written in the
// same C subset as philox_device.inc (compiled after deviceSource(dialect) with SG_GLOBAL defined
// as the output pointers' address space), and its host twin through host_rng.h.
#pragma once
#include <cstdint>
#include <vector>

#include "core/rng/host_rng.h"

namespace spikegen::rng::test {

constexpr std::uint32_t kElements = 2500; // x 4 draws = 10,000 draws of each transform
constexpr std::uint32_t kTransforms32 = 8, kTransforms64 = 8;
constexpr std::uint32_t kWords32 = 4 * kTransforms32; // per element: 4 draws of each transform
constexpr std::uint32_t kWords64 = 4 * kTransforms64;
constexpr std::uint32_t kKey0 = 0x9a3c51e7u, kKey1 = 0x0badf00du;
constexpr std::uint64_t kStep = 0x00000002fffffffeull; // crosses the low word's wrap at step + 1

// Transform t of element e uses the stream (key, step + t, e); draw j goes to [e * words + 4t + j].
// The last two 64-bit "transforms" are deterministic mode's code-string maths (maths_device.inc):
// function (e + 7j) mod 20 of arguments spread over magnitudes 2^-20 to 2^20, with zeros and
// infinities for some elements; the float one's bits in the low word. NaN results are stored as
// one marker, since converting a double NaN to float gives different NaN bits on GPUs and CPUs.
inline const char* const kDrawKernel = R"(
#if SG_HAS_DOUBLE
SG_FN double sg_test_maths_d(int which, double x, double y)
{
    double r;
    double ax = x < 0.0 ? -x : x;
    if (which == 0) r = sg_log_d(x);
    else if (which == 1) r = sg_log1p_d(x);
    else if (which == 2) r = sg_exp2_d(x);
    else if (which == 3) r = sg_log2_d(x);
    else if (which == 4) r = sg_log10_d(x);
    else if (which == 5) r = sg_cbrt_d(x);
    else if (which == 6) r = sg_pow_d(ax, y);
    else if (which == 7) r = sg_sin_d(x);
    else if (which == 8) r = sg_cos_d(x);
    else if (which == 9) r = sg_tan_d(x);
    else if (which == 10) r = sg_asin_d(y * 0.25);
    else if (which == 11) r = sg_acos_d(y * 0.25);
    else if (which == 12) r = sg_atan_d(x);
    else if (which == 13) r = sg_atan2_d(x, y);
    else if (which == 14) r = sg_sinh_d(y * 100.0);
    else if (which == 15) r = sg_cosh_d(y * 100.0);
    else if (which == 16) r = sg_tanh_d(x);
    else if (which == 17) r = sg_hypot_d(x, y);
    else if (which == 18) r = sg_erf_d(x);
    else r = sg_erfc_d(y * 4.0);
    return r != r ? 1234.5 : r;
}

SG_FN float sg_test_maths_f(int which, float x, float y)
{
    float r;
    float ax = x < 0.0f ? -x : x;
    if (which == 0) r = sg_log_f(x);
    else if (which == 1) r = sg_log1p_f(x);
    else if (which == 2) r = sg_exp2_f(x);
    else if (which == 3) r = sg_log2_f(x);
    else if (which == 4) r = sg_log10_f(x);
    else if (which == 5) r = sg_cbrt_f(x);
    else if (which == 6) r = sg_pow_f(ax, y);
    else if (which == 7) r = sg_sin_f(x);
    else if (which == 8) r = sg_cos_f(x);
    else if (which == 9) r = sg_tan_f(x);
    else if (which == 10) r = sg_asin_f(y * 0.25f);
    else if (which == 11) r = sg_acos_f(y * 0.25f);
    else if (which == 12) r = sg_atan_f(x);
    else if (which == 13) r = sg_atan2_f(x, y);
    else if (which == 14) r = sg_sinh_f(y * 10.0f);
    else if (which == 15) r = sg_cosh_f(y * 10.0f);
    else if (which == 16) r = sg_tanh_f(x);
    else if (which == 17) r = sg_hypot_f(x, y);
    else if (which == 18) r = sg_erf_f(x);
    else r = sg_erfc_f(y * 4.0f);
    return r != r ? 1234.5f : r;
}
#endif

SG_FN void sg_test_fill(SG_U32 k0, SG_U32 k1, SG_U64 step, SG_U32 e, SG_GLOBAL SG_U32* o32,
                        SG_GLOBAL SG_U64* o64)
{
    sg_rng r;
    int j;
    SG_U32 b = e * 32u;
    SG_U32 bound = 1u + (e * 2654435761u) % 4000000000u;
    SG_U32 trials = e % 5u == 0u ? e * 1717987u : 20u + e % 500u; /* up to 2^32 - 1 */
    r = sg_rng_make(k0, k1, step, e);
    for (j = 0; j < 4; ++j) o32[b + j] = sg_next_u32(&r);
    r = sg_rng_make(k0, k1, step + 1u, e);
    for (j = 0; j < 4; ++j) o32[b + 4u + j] = sg_uniform_int(&r, bound);
    r = sg_rng_make(k0, k1, step + 2u, e);
    for (j = 0; j < 4; ++j) o32[b + 8u + j] = SG_F2U(sg_uniform_f(&r));
    r = sg_rng_make(k0, k1, step + 3u, e);
    for (j = 0; j < 4; ++j) o32[b + 12u + j] = SG_F2U(sg_normal_f(&r));
    r = sg_rng_make(k0, k1, step + 4u, e);
    for (j = 0; j < 4; ++j) o32[b + 16u + j] = SG_F2U(sg_exponential_f(&r));
    r = sg_rng_make(k0, k1, step + 5u, e);
    for (j = 0; j < 4; ++j) o32[b + 20u + j] = sg_binomial_f(&r, trials, (float)(e % 99u + 1u) * 0.01f);
    r = sg_rng_make(k0, k1, step + 10u, e);
    for (j = 0; j < 4; ++j) o32[b + 24u + j] = sg_poisson_f(&r, (float)(e % 40u) * 0.5f + (float)(e % 3u == 0u) * (float)(e % 1000u) * 7.5f);
    r = sg_rng_make(k0, k1, step + 12u, e);
    for (j = 0; j < 4; ++j) o32[b + 28u + j] = SG_F2U(sg_exp_f((sg_uniform_f(&r) - 0.5f) * 220.0f));
#if SG_HAS_DOUBLE
    b = e * 32u;
    r = sg_rng_make(k0, k1, step + 6u, e);
    for (j = 0; j < 4; ++j) o64[b + j] = SG_D2U(sg_uniform_d(&r));
    r = sg_rng_make(k0, k1, step + 7u, e);
    for (j = 0; j < 4; ++j) o64[b + 4u + j] = SG_D2U(sg_normal_d(&r));
    r = sg_rng_make(k0, k1, step + 8u, e);
    for (j = 0; j < 4; ++j) o64[b + 8u + j] = SG_D2U(sg_exponential_d(&r));
    r = sg_rng_make(k0, k1, step + 9u, e);
    for (j = 0; j < 4; ++j) o64[b + 12u + j] = sg_binomial_d(&r, trials, (double)(e % 99u + 1u) * 0.01);
    r = sg_rng_make(k0, k1, step + 11u, e);
    for (j = 0; j < 4; ++j) o64[b + 16u + j] = sg_poisson_d(&r, (double)(e % 40u) * 0.5 + (double)(e % 3u == 0u) * (double)(e % 1000u) * 7.5);
    r = sg_rng_make(k0, k1, step + 13u, e);
    for (j = 0; j < 4; ++j) o64[b + 20u + j] = SG_D2U(sg_exp_d((sg_uniform_d(&r) - 0.5) * 1500.0));
    r = sg_rng_make(k0, k1, step + 14u, e);
    for (j = 0; j < 4; ++j) {
        float scale = SG_U2F((SG_U32)(107 + (int)(e % 41u)) << 23); /* 2^-20 .. 2^20 */
        float x = (sg_uniform_f(&r) - 0.5f) * scale, y = (sg_uniform_f(&r) - 0.5f) * 8.0f;
        if (e % 53u == 7u) x = 0.0f;
        if (e % 53u == 8u) x = -0.0f;
        if (e % 53u == 9u) x = SG_U2F(0x7f800000u);
        if (e % 53u == 10u) x = SG_U2F(0xff800000u);
        o64[b + 24u + j] = (SG_U64)SG_F2U(sg_test_maths_f((int)((e + 7u * (SG_U32)j) % 20u), x, y));
    }
    r = sg_rng_make(k0, k1, step + 15u, e);
    for (j = 0; j < 4; ++j) {
        double scale = SG_U2D((SG_U64)(1003 + (int)(e % 41u)) << 52); /* 2^-20 .. 2^20 */
        double x = (sg_uniform_d(&r) - 0.5) * scale, y = (sg_uniform_d(&r) - 0.5) * 8.0;
        if (e % 53u == 7u) x = 0.0;
        if (e % 53u == 8u) x = -0.0;
        if (e % 53u == 9u) x = SG_U2D((SG_U64)0x7ff00000u << 32);
        if (e % 53u == 10u) x = SG_U2D((SG_U64)0xfff00000u << 32);
        o64[b + 28u + j] = SG_D2U(sg_test_maths_d((int)((e + 7u * (SG_U32)j) % 20u), x, y));
    }
#else
    (void)o64;
#endif
}
)";

struct Draws {
    std::vector<std::uint32_t> words32 = std::vector<std::uint32_t>(kElements * kWords32);
    std::vector<std::uint64_t> words64 = std::vector<std::uint64_t>(kElements * kWords64);
};

// The host twins of sg_test_maths_d/_f in kDrawKernel.
inline double hostMathsD(int which, double x, double y)
{
    namespace h = spikegen::rng::host;
    const double ax = x < 0.0 ? -x : x;
    double (*const unary[])(double) = {h::sg_log_d,  h::sg_log1p_d, h::sg_exp2_d, h::sg_log2_d, h::sg_log10_d,
                                       h::sg_cbrt_d, nullptr,       h::sg_sin_d,  h::sg_cos_d,  h::sg_tan_d};
    double r;
    if (which < 10 && which != 6) r = unary[which](x);
    else if (which == 6) r = h::sg_pow_d(ax, y);
    else if (which == 10) r = h::sg_asin_d(y * 0.25);
    else if (which == 11) r = h::sg_acos_d(y * 0.25);
    else if (which == 12) r = h::sg_atan_d(x);
    else if (which == 13) r = h::sg_atan2_d(x, y);
    else if (which == 14) r = h::sg_sinh_d(y * 100.0);
    else if (which == 15) r = h::sg_cosh_d(y * 100.0);
    else if (which == 16) r = h::sg_tanh_d(x);
    else if (which == 17) r = h::sg_hypot_d(x, y);
    else if (which == 18) r = h::sg_erf_d(x);
    else r = h::sg_erfc_d(y * 4.0);
    return r != r ? 1234.5 : r;
}

inline float hostMathsF(int which, float x, float y)
{
    namespace h = spikegen::rng::host;
    const float ax = x < 0.0f ? -x : x;
    float (*const unary[])(float) = {h::sg_log_f,  h::sg_log1p_f, h::sg_exp2_f, h::sg_log2_f, h::sg_log10_f,
                                     h::sg_cbrt_f, nullptr,       h::sg_sin_f,  h::sg_cos_f,  h::sg_tan_f};
    float r;
    if (which < 10 && which != 6) r = unary[which](x);
    else if (which == 6) r = h::sg_pow_f(ax, y);
    else if (which == 10) r = h::sg_asin_f(y * 0.25f);
    else if (which == 11) r = h::sg_acos_f(y * 0.25f);
    else if (which == 12) r = h::sg_atan_f(x);
    else if (which == 13) r = h::sg_atan2_f(x, y);
    else if (which == 14) r = h::sg_sinh_f(y * 10.0f);
    else if (which == 15) r = h::sg_cosh_f(y * 10.0f);
    else if (which == 16) r = h::sg_tanh_f(x);
    else if (which == 17) r = h::sg_hypot_f(x, y);
    else if (which == 18) r = h::sg_erf_f(x);
    else r = h::sg_erfc_f(y * 4.0f);
    return r != r ? 1234.5f : r;
}

// The host twin of kDrawKernel.
inline Draws hostDraws()
{
    namespace h = spikegen::rng::host;
    Draws d;
    for (std::uint32_t e = 0; e < kElements; ++e) {
        const std::uint32_t bound = 1u + (e * 2654435761u) % 4000000000u;
        const std::uint32_t trials = e % 5u == 0u ? e * 1717987u : 20u + e % 500u;
        std::uint32_t* o32 = &d.words32[e * kWords32];
        std::uint64_t* o64 = &d.words64[e * kWords64];
        h::sg_rng r = h::sg_rng_make(kKey0, kKey1, kStep, e);
        for (int j = 0; j < 4; ++j) o32[j] = h::sg_next_u32(&r);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 1, e);
        for (int j = 0; j < 4; ++j) o32[4 + j] = h::sg_uniform_int(&r, bound);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 2, e);
        for (int j = 0; j < 4; ++j) o32[8 + j] = h::sg_f2u_(h::sg_uniform_f(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 3, e);
        for (int j = 0; j < 4; ++j) o32[12 + j] = h::sg_f2u_(h::sg_normal_f(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 4, e);
        for (int j = 0; j < 4; ++j) o32[16 + j] = h::sg_f2u_(h::sg_exponential_f(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 5, e);
        for (int j = 0; j < 4; ++j) o32[20 + j] = h::sg_binomial_f(&r, trials, static_cast<float>(e % 99u + 1u) * 0.01f);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 10, e);
        for (int j = 0; j < 4; ++j)
            o32[24 + j] = h::sg_poisson_f(&r, static_cast<float>(e % 40u) * 0.5f +
                                                  static_cast<float>(e % 3u == 0u) * static_cast<float>(e % 1000u) * 7.5f);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 12, e);
        for (int j = 0; j < 4; ++j) o32[28 + j] = h::sg_f2u_(h::sg_exp_f((h::sg_uniform_f(&r) - 0.5f) * 220.0f));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 6, e);
        for (int j = 0; j < 4; ++j) o64[j] = h::sg_d2u_(h::sg_uniform_d(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 7, e);
        for (int j = 0; j < 4; ++j) o64[4 + j] = h::sg_d2u_(h::sg_normal_d(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 8, e);
        for (int j = 0; j < 4; ++j) o64[8 + j] = h::sg_d2u_(h::sg_exponential_d(&r));
        r = h::sg_rng_make(kKey0, kKey1, kStep + 9, e);
        for (int j = 0; j < 4; ++j) o64[12 + j] = h::sg_binomial_d(&r, trials, static_cast<double>(e % 99u + 1u) * 0.01);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 11, e);
        for (int j = 0; j < 4; ++j)
            o64[16 + j] = h::sg_poisson_d(&r, static_cast<double>(e % 40u) * 0.5 +
                                                  static_cast<double>(e % 3u == 0u) * static_cast<double>(e % 1000u) * 7.5);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 13, e);
        for (int j = 0; j < 4; ++j) o64[20 + j] = h::sg_d2u_(h::sg_exp_d((h::sg_uniform_d(&r) - 0.5) * 1500.0));
        const float inf = h::sg_u2f_(0x7f800000u);
        r = h::sg_rng_make(kKey0, kKey1, kStep + 14, e);
        for (std::uint32_t j = 0; j < 4; ++j) {
            const float scale = h::sg_u2f_((107u + e % 41u) << 23);
            float x = (h::sg_uniform_f(&r) - 0.5f) * scale;
            const float y = (h::sg_uniform_f(&r) - 0.5f) * 8.0f;
            if (e % 53u == 7u) x = 0.0f;
            if (e % 53u == 8u) x = -0.0f;
            if (e % 53u == 9u) x = inf;
            if (e % 53u == 10u) x = -inf;
            o64[24 + j] = h::sg_f2u_(hostMathsF(static_cast<int>((e + 7u * j) % 20u), x, y));
        }
        r = h::sg_rng_make(kKey0, kKey1, kStep + 15, e);
        for (std::uint32_t j = 0; j < 4; ++j) {
            const double scale = h::sg_u2d_(static_cast<std::uint64_t>(1003u + e % 41u) << 52);
            double x = (h::sg_uniform_d(&r) - 0.5) * scale;
            const double y = (h::sg_uniform_d(&r) - 0.5) * 8.0;
            if (e % 53u == 7u) x = 0.0;
            if (e % 53u == 8u) x = -0.0;
            if (e % 53u == 9u) x = static_cast<double>(inf);
            if (e % 53u == 10u) x = -static_cast<double>(inf);
            o64[28 + j] = h::sg_d2u_(hostMathsD(static_cast<int>((e + 7u * j) % 20u), x, y));
        }
    }
    return d;
}

inline const char* const kTransformNames32[kTransforms32] = {"next_u32", "uniform_int", "uniform_f", "normal_f",
                                                             "exponential_f", "binomial_f", "poisson_f", "exp_f"};
inline const char* const kTransformNames64[kTransforms64] = {"uniform_d", "normal_d",  "exponential_d",
                                                             "binomial_d", "poisson_d", "exp_d",
                                                             "maths_f",   "maths_d"};

} // namespace spikegen::rng::test
