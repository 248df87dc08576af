#!/usr/bin/env python3
"""Regenerates the polynomial coefficients in philox_device.inc (needs mpmath only).

Near-minimax (least-squares Chebyshev, mpmath.chebyfit) fits, rounded to float / double:
  log : P(f) ~ (log1p(f) - f) / f^2          on f in [sqrt(1/2) - 1, sqrt(2) - 1]
  sin : S(z) ~ sin(pi/2 * r) / r,  z = r^2    on z in [0, 1/4]   (|r| <= 1/2, quadrant remainder)
  cos : C(z) ~ (cos(pi/2 * r) - 1) / z        on z in [0, 1/4]
Printed as the Horner chains (highest degree first) that philox_device.inc contains.
"""
import struct
import mpmath as mp

mp.mp.dps = 60
LOG_LO, LOG_HI = mp.sqrt(mp.mpf(1) / 2) - 1, mp.sqrt(2) - 1


def g_log(f):
    return mp.mpf(-0.5) if abs(f) < mp.mpf("1e-30") else (mp.log1p(f) - f) / f**2


def g_sin(z):
    return mp.pi / 2 if z == 0 else mp.sin(mp.pi / 2 * mp.sqrt(z)) / mp.sqrt(z)


def g_cos(z):
    return -((mp.pi / 2) ** 2) / 2 if z == 0 else (mp.cos(mp.pi / 2 * mp.sqrt(z)) - 1) / z


def as_float(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def literal(x, single):
    text = float.hex(as_float(x) if single else float(x))
    mantissa, exponent = text.split("p")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return mantissa + "p" + exponent + ("f" if single else "")


def emit(name, fn, lo, hi, degree, single):
    coeffs, err = mp.chebyfit(fn, [lo, hi], degree + 1, error=True)
    fma, var = ("SG_FMAF", "f" if name == "log" else "z") if single else ("SG_FMA", "f" if name == "log" else "z")
    print(f"/* {name} ({'float' if single else 'double'}): degree {degree}, fit error {mp.nstr(err, 3)} */")
    print(f"p = {literal(coeffs[0], single)};")
    for c in coeffs[1:]:
        print(f"p = {fma}(p, {var}, {literal(c, single)});")


if __name__ == "__main__":
    emit("log", g_log, LOG_LO, LOG_HI, 9, True)
    emit("sin", g_sin, 0, mp.mpf(0.25), 3, True)
    emit("cos", g_cos, 0, mp.mpf(0.25), 3, True)
    emit("log", g_log, LOG_LO, LOG_HI, 20, False)
    emit("sin", g_sin, 0, mp.mpf(0.25), 6, False)
    emit("cos", g_cos, 0, mp.mpf(0.25), 6, False)
