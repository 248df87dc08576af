// The error of a floating-point result in units in the last place, for the maths tests of core/rng.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>

namespace spikegen::testing {

// |approx - exact| in ulps of T at exact (the least normal's ulp below it, for subnormal results);
// NaN must give NaN, and a result beyond T's range must round to T's largest or infinity.
template <typename T>
long double ulpError(T approx, long double exact)
{
    if (std::isnan(exact)) return std::isnan(approx) ? 0.0L : 1e30L;
    const long double largest = std::numeric_limits<T>::max();
    if (std::fabs(exact) > largest)
        return std::fabs(static_cast<long double>(approx)) >= largest && std::signbit(approx) == std::signbit(exact) ? 0.0L : 1e30L;
    if (std::isinf(approx)) return 1e30L;
    int e = 0;
    std::frexp(exact, &e);
    e = std::max(e, std::numeric_limits<T>::min_exponent);
    return std::fabs(static_cast<long double>(approx) - exact) / std::ldexp(1.0L, e - std::numeric_limits<T>::digits);
}

} // namespace spikegen::testing
