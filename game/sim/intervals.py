"""Confidence intervals for paired comparisons (variant and baseline played over the same seeds).

- `tango_paired`: Tango's (1998) score interval for the difference of two paired proportions,
  p(variant) - p(baseline), from the discordant counts. It inverts the score test whose variance is
  evaluated at the constrained maximum-likelihood estimate, so it stays a proper interval when no
  pair disagrees (it does not collapse to [0, 0]) and keeps close to nominal coverage when
  disagreements are rare.
- `newcombe_paired`: Newcombe's (1998) hybrid score interval (his method 10): the Wilson intervals
  of the two marginal proportions combined with the phi correlation of the pairs.
- `t_mean_ci`: Student's t interval of a mean (used for means of paired differences).
"""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054


def _wilson(k: int, n: int, z: float) -> tuple[float, float]:
    p = k / n
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_paired(both: int, only_a: int, only_b: int, neither: int, z: float = Z95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (method 10) for p(a) - p(b) over n paired trials.

    `only_a` counts pairs where a succeeded and b failed, `only_b` the reverse. The phi coefficient
    carries Newcombe's correction: ad - bc above n/2 is reduced by n/2, between 0 and n/2 it is 0.
    """
    n = both + only_a + only_b + neither
    if n <= 0:
        raise ValueError("no pairs")
    k1, k2 = both + only_a, both + only_b
    p1, p2 = k1 / n, k2 / n
    l1, u1 = _wilson(k1, n, z)
    l2, u2 = _wilson(k2, n, z)
    margins = float(k1) * (n - k1) * k2 * (n - k2)
    cross = both * neither - only_a * only_b
    adj = cross - n / 2 if cross > n / 2 else min(cross, 0)
    phi = adj / math.sqrt(margins) if margins > 0 else 0.0
    d = p1 - p2
    lo = d - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    hi = d + math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return max(-1.0, lo), min(1.0, hi)


def tango_score(only_a: int, only_b: int, n: int, delta: float) -> float:
    """Tango's score statistic for H0: p(a) - p(b) = delta (decreasing in delta)."""
    b, c = only_a, only_b
    w = delta * (2 * n - b + c) - (b + c)
    q = (math.sqrt(max(0.0, w * w + 8.0 * n * c * delta * (1.0 - delta))) - w) / (4.0 * n)  # constrained p(b only)
    var = n * (2.0 * q + delta * (1.0 - delta))
    num = b - c - n * delta
    if var <= 0.0:
        return math.copysign(math.inf, num) if num else 0.0
    return num / math.sqrt(var)


def tango_paired(only_a: int, only_b: int, n: int, z: float = Z95, tol: float = 1e-10) -> tuple[float, float]:
    """Tango's score interval for p(a) - p(b): every delta whose |score| is at most z (bisection)."""
    if n <= 0:
        raise ValueError("no pairs")
    est = (only_a - only_b) / n

    def solve(target: float, lo: float, hi: float) -> float:
        # score(lo) > target >= score(hi); the score falls as delta rises
        while hi - lo > tol:
            mid = 0.5 * (lo + hi)
            if tango_score(only_a, only_b, n, mid) > target:
                lo = mid
            else:
                hi = mid
        return 0.5 * (lo + hi)

    lower = -1.0 if tango_score(only_a, only_b, n, -1.0) <= z else solve(z, -1.0, est)
    upper = 1.0 if tango_score(only_a, only_b, n, 1.0) >= -z else solve(-z, est, 1.0)
    return lower, upper


def paired_counts(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    """(both, only a, only b, neither) of two 0/1 vectors over the same pairs."""
    x, y = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    return (int(np.count_nonzero(x & y)), int(np.count_nonzero(x & ~y)), int(np.count_nonzero(~x & y)),
            int(np.count_nonzero(~x & ~y)))


def t_mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Student's t interval of the column means of `values` (n rows, k columns); the mean itself
    when n is 1 or a column is constant."""
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    n = len(x)
    if n == 0:
        nan = np.full(x.shape[1], np.nan)
        return nan, nan
    m = x.mean(axis=0)
    if n == 1:
        return m.copy(), m.copy()
    from scipy import stats as sps  # lazy: scipy.stats takes ~0.5 s to import, and experiment workers never need it

    half = float(sps.t.ppf(0.5 + level / 2, n - 1)) * x.std(axis=0, ddof=1) / math.sqrt(n)
    return m - half, m + half
