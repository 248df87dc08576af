#!/usr/bin/env python3
"""Regenerates the polynomial coefficients in maths_device.inc (needs mpmath only).

Near-minimax (least-squares Chebyshev, mpmath.chebyfit) fits, rounded to double, printed as the
Horner chains (highest degree first) that maths_device.inc contains:
  atanh : Q(w) ~ (2 atanh(s) - 2s - 2s^3/3) / s^5, w = s^2   on w in [0, ((sqrt2-1)/(sqrt2+1))^2]
  sin   : S(z) ~ (sin(r) - r) / r^3,  z = r^2               on z in [0, (pi/4 + 2^-20)^2]
  cos   : C(z) ~ (cos(r) - 1 + z/2) / z^2                   on the same z
  atan  : A(z) ~ (atan(t) - t) / t^3, z = t^2               on z in [0, (7/16)^2]
  erf   : E(z) ~ erf(x) / x, z = x^2                        on z in [0, 1]
  erfc  : F(t) ~ erfc(x) e^(x^2) / t, t = 2 / (2 + x), in two pieces fitted in u = t - centre so
          that Horner's intermediate sums do not cancel: t in [0.4, 0.8] (x in [0.5, 3]), u = t - 0.625;
          t in [0, 0.4] (x >= 3), u = t - 0.1875 (centres exact in binary)
"""
import struct
import sys
import mpmath as mp

mp.mp.dps = 80


def literal(x):
    text = float.hex(float(x))
    mantissa, exponent = text.split("p")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return mantissa + "p" + exponent


def series_limit(f, z0, tiny=mp.mpf("1e-40")):
    return f(z0 if z0 != 0 else tiny)


def g_atanh(w):
    if w == 0:
        return mp.mpf(2) / 5
    s = mp.sqrt(w)
    return (2 * mp.atanh(s) - 2 * s - 2 * s**3 / 3) / s**5


def g_sin(z):
    if z == 0:
        return -mp.mpf(1) / 6
    r = mp.sqrt(z)
    return (mp.sin(r) - r) / r**3


def g_cos(z):
    if z == 0:
        return mp.mpf(1) / 24
    r = mp.sqrt(z)
    return (mp.cos(r) - 1 + z / 2) / z**2


def g_atan(z):
    if z == 0:
        return -mp.mpf(1) / 3
    t = mp.sqrt(z)
    return (mp.atan(t) - t) / t**3


def g_erf(z):
    if z == 0:
        return 2 / mp.sqrt(mp.pi)
    x = mp.sqrt(z)
    return mp.erf(x) / x


def g_erfc(t):
    if t == 0:
        return 1 / (2 * mp.sqrt(mp.pi))  # erfc(x) e^(x^2) ~ 1/(x sqrt(pi)), x ~ 2/t
    x = 2 / t - 2
    return mp.erfc(x) * mp.exp(x * x) / t


def emit(name, fn, lo, hi, degree, var):
    coeffs, err = mp.chebyfit(fn, [lo, hi], degree + 1, error=True)
    scale = max(abs(fn(lo if lo != 0 else mp.mpf("1e-30"))), abs(fn(hi)))
    print(f"/* {name}: degree {degree}, fit error {mp.nstr(err, 3)} (relative {mp.nstr(err / scale, 3)}) */")
    print(f"p = {literal(coeffs[0])};")
    for c in coeffs[1:]:
        print(f"p = SG_FMA(p, {var}, {literal(c)});")


if __name__ == "__main__":
    which = sys.argv[1:] or ["atanh", "sin", "cos", "atan", "erf", "erfc"]
    s_max = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
    r_max = mp.pi / 4 + mp.mpf(2) ** -20
    if "atanh" in which:
        emit("atanh", g_atanh, 0, s_max**2, 8, "w")
    if "sin" in which:
        emit("sin", g_sin, 0, r_max**2, 6, "z")
    if "cos" in which:
        emit("cos", g_cos, 0, r_max**2, 6, "z")
    if "atan" in which:
        emit("atan", g_atan, 0, mp.mpf(7) ** 2 / 16**2, 11, "z")
    if "erf" in which:
        emit("erf", g_erf, 0, 1, 13, "z")
    if "erfc" in which:
        degree = int(sys.argv[2]) if len(sys.argv) > 2 else 16
        for lo, hi, c in ((mp.mpf("0.4"), mp.mpf("0.8"), mp.mpf("0.625")), (0, mp.mpf("0.4"), mp.mpf("0.1875"))):
            emit(f"erfc, t in [{lo}, {hi}]", lambda u, c=c: g_erfc(u + c), lo - c, hi - c, degree, "u")
