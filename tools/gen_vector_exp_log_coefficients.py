#!/usr/bin/python3
"""Derives the polynomial coefficients of VectorExpLog and DoubleLaneMath (grad4j-core, internal.kernel).

Each polynomial is a near-minimax fit of a smooth remainder function on the reduced interval the
kernel uses, for the weighted error the kernel cares about (relative error of the final result).
The fit is Lawson's iteratively reweighted least squares on a dense grid, in float64; then the
coefficients are rounded to float32 one at a time, highest power first, refitting the lower ones
after each rounding so later coefficients absorb the earlier rounding errors (the float64 fit keeps
them as fitted). The script prints the literals to paste into the kernels and the weighted error.

  exp:  exp(r) = 1 + r + r^2 * Q(r),         r in [-ln2/2, ln2/2], Q of degree 4 (float32)
  exp in float64 lanes (DoubleLaneMath): the same with Q of degree 7, relative error near 2^-46
  log:  log1p(f) = 2 atanh(s) = 2s + s * z * H(z),  s = f / (2 + f), z = s^2, H of degree 3
        (f = m - 1 for the mantissa m in [sqrt(1/2), sqrt(2)), so |s| <= 3 - 2 sqrt(2))
  log in float64 lanes (DoubleLaneMath): the same with H of degree 4, relative error near 2^-45

Run: /usr/bin/python3 tools/gen_vector_exp_log_coefficients.py (from the repository root).
"""
import math

import mpmath
import numpy as np

GRID = 20001
LAWSON_ITERATIONS = 300


def series(x, term, count=40):
    """Sum of term(n, x) for n in [0, count): the remainder functions without cancellation."""
    return sum(term(n, x) for n in range(count))


def exp_remainder(r):
    """(exp(r) - 1 - r) / r^2 = sum r^n / (n + 2)!."""
    return series(r, lambda n, x: x ** n / float(math.factorial(n + 2)))


def atanh_remainder(z):
    """(2 atanh(s) - 2s) / s^3 with z = s^2: sum 2 z^n / (2n + 3)."""
    return series(z, lambda n, x: 2 * x ** n / (2 * n + 3))


def lawson_fit(x, target, weight, degree, fixed=()):
    """Coefficients c[0..degree] minimising max |weight * (sum c[k] x^k - target)|, approximately.

    fixed: (power, value) pairs already rounded to float32; only the other powers are fitted.
    """
    fixed = dict(fixed)
    free = [k for k in range(degree + 1) if k not in fixed]
    rest = target - sum(v * x ** k for k, v in fixed.items())
    basis = np.stack([x ** k for k in free], axis=1)
    lawson = np.full(len(x), 1.0 / len(x))
    for _ in range(LAWSON_ITERATIONS):
        w = np.sqrt(lawson) * weight
        sol, *_ = np.linalg.lstsq(basis * w[:, None], rest * w, rcond=None)
        err = np.abs(weight * (basis @ sol - rest))
        lawson = lawson * err
        lawson /= lawson.sum()
    coeffs = dict(fixed)
    coeffs.update(zip(free, sol))
    return [coeffs[k] for k in range(degree + 1)]


def float32_fit(x, target, weight, degree):
    """lawson_fit with coefficients rounded to float32, highest power first, refitting the rest."""
    fixed = []
    for power in range(degree, -1, -1):
        coeffs = lawson_fit(x, target, weight, degree, fixed)
        fixed.append((power, float(np.float32(coeffs[power]))))
    return [v for _, v in sorted(fixed)]


def report(name, x, target, weight, coeffs, literal):
    value = sum(c * x ** k for k, c in enumerate(coeffs))
    worst = np.max(np.abs(weight * (value - target)))
    print(f"{name}: max weighted error {worst:.3e} (2^{math.log2(worst):.1f})")
    for k, c in enumerate(coeffs):
        print(f"  c{k} = {literal(c)}  // {float(c).hex()}")


def float_literal(c):
    return f"{np.float32(c)!r}f"


def double_literal(c):
    return repr(float(c))


def ln2_split():
    """ln 2 = hi + lo for the float64 range reduction: hi the double nearest ln 2, lo the rest."""
    mpmath.mp.prec = 200
    ln2 = mpmath.log(2)
    hi = float(ln2)
    print(f"ln2: hi = {hi!r}, lo = {float(ln2 - mpmath.mpf(hi))!r}")


def main():
    ln2_split()
    half_ln2 = math.log(2) / 2
    r = np.linspace(-half_ln2, half_ln2, GRID)
    # Error of r^2 Q(r) relative to exp(r).
    exp_weight = r * r / np.exp(r)
    report("exp Q(r)", r, exp_remainder(r), exp_weight,
           float32_fit(r, exp_remainder(r), exp_weight, 4), float_literal)
    report("float64 exp Q(r)", r, exp_remainder(r), exp_weight,
           lawson_fit(r, exp_remainder(r), exp_weight, 7), double_literal)

    s_max = 3 - 2 * math.sqrt(2)
    z = np.linspace(0, s_max * s_max, GRID)
    # Error of s z H(z) relative to log1p(f) ~ 2s.
    log_weight = z / 2
    report("log H(z)", z, atanh_remainder(z), log_weight,
           float32_fit(z, atanh_remainder(z), log_weight, 3), float_literal)
    report("float64 log H(z)", z, atanh_remainder(z), log_weight,
           lawson_fit(z, atanh_remainder(z), log_weight, 4), double_literal)


if __name__ == "__main__":
    main()
