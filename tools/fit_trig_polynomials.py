#!/usr/bin/python3
"""Fits the polynomials of VectorTrig (grad4j-core, org.grad4j.internal.kernel) and prints them as Java
hex double literals.

VectorTrig reduces a FLOAT32 argument, in double lanes, to r = x - k*pi/2 with |r| <= pi/4 and
evaluates
    sin(r) ~ r + r^3 * S(r^2)      cos(r) ~ 1 + r^2 * C(r^2)
S and C are near-minimax (Chebyshev) fits in s = r^2 over [0, (pi/4)^2] of the smooth functions
(sin(sqrt s) - sqrt s) / s^(3/2) and (cos(sqrt s) - 1) / s, computed with mpmath at 60 digits. The
script then rounds the coefficients to doubles and reports the worst relative error of the rounded
polynomials over a dense grid of r, which must stay far below FLOAT32's half ulp (2^-25) so that the
final rounding to float keeps the kernel within 1 ulp of (float) Math.sin / Math.cos (and of
(float) Math.tan, which VectorTrig computes as a quotient of the two).

Run: /usr/bin/python3 tools/fit_trig_polynomials.py (from the repository root).
"""
import mpmath

mpmath.mp.dps = 60
QUARTER_PI = mpmath.pi / 4
S_MAX = QUARTER_PI ** 2
SIN_DEGREE = 3  # terms r^3 .. r^9
COS_DEGREE = 4  # terms r^2 .. r^10


def sin_tail(s):
    if s == 0:
        return mpmath.mpf(-1) / 6
    r = mpmath.sqrt(s)
    return (mpmath.sin(r) - r) / (s * r)


def cos_tail(s):
    if s == 0:
        return mpmath.mpf(-1) / 2
    return (mpmath.cos(mpmath.sqrt(s)) - 1) / s


def fit(f, degree):
    coefficients, _ = mpmath.chebyfit(f, [0, S_MAX], degree + 1, error=True)
    # chebyfit lists the highest power first; round each coefficient to a double
    return [float(c) for c in reversed(coefficients)]


def horner(coefficients, s):
    total = mpmath.mpf(0)
    for c in reversed(coefficients):
        total = total * s + mpmath.mpf(c)
    return total


def worst_relative_error(approximate, exact, samples=20000):
    worst = mpmath.mpf(0)
    for i in range(1, samples + 1):
        r = QUARTER_PI * i / samples
        worst = max(worst, abs(approximate(r) / exact(r) - 1))
    return worst


def main():
    sin_coefficients = fit(sin_tail, SIN_DEGREE)
    cos_coefficients = fit(cos_tail, COS_DEGREE)
    sin_error = worst_relative_error(lambda r: r + r ** 3 * horner(sin_coefficients, r * r), mpmath.sin)
    cos_error = worst_relative_error(lambda r: 1 + r ** 2 * horner(cos_coefficients, r * r), mpmath.cos)
    print("sin S(s), s^0 first:", ", ".join(c.hex() for c in sin_coefficients))
    print("cos C(s), s^0 first:", ", ".join(c.hex() for c in cos_coefficients))
    print("worst relative error: sin %.3g (2^%.1f), cos %.3g (2^%.1f)"
          % (sin_error, mpmath.log(sin_error, 2), cos_error, mpmath.log(cos_error, 2)))


if __name__ == "__main__":
    main()
