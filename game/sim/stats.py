"""Statistics for experiments: summaries, t, Wilson and paired-proportion intervals, percentiles, rounding.

Methods (also written into summary.json under `methods`):
- mean, median and the 90% range (5th and 95th percentiles, numpy's linear interpolation);
- 95% CI of a mean, and of a mean of paired differences: Student's t interval. On skewed samples
  of 60 it covered as well as BCa and better than the percentile bootstrap, which ran narrow
  (docs/experiments.md), and it is a pure function of the data;
- a probability: the share of runs with Wilson's 95% score interval;
- a difference of paired probabilities (variant - baseline over the same seeds): Tango's score
  interval (game/sim/intervals.py), which stays a proper interval when no pair disagrees;
- where a documented value falls: its mid-rank percentile, 100 * (#below + #equal / 2) / n.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from game.sim import intervals

Z95 = 1.959963984540054

METHOD_MEAN = "Student's t 95% interval of the mean"
METHOD_PAIRED_MEAN = "mean of the paired differences (variant - baseline) with Student's t 95% interval"
METHOD_PAIRED_PROPORTION = ("difference of paired proportions (variant - baseline) with Tango's score 95% interval "
                            "(Tango 1998), from the pairs that disagree")


def describe(values: np.ndarray) -> dict[str, Any]:
    """Mean, median, 5th and 95th percentiles and the t 95% CI of the mean per column."""
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if len(x) == 0:
        return {"n": 0, "mean": None, "median": None, "p5": None, "p95": None, "ci95": None}
    lo, hi = intervals.t_mean_ci(x)
    p5, med, p95 = np.percentile(x, [5, 50, 95], axis=0)
    return {"n": len(x), "mean": x.mean(axis=0), "median": med, "p5": p5, "p95": p95, "ci95": np.stack([lo, hi], 1)}


def describe_columns(values: np.ndarray, names: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """`describe` split into one mapping per named column."""
    d = describe(values)
    if d["n"] == 0:
        return {name: dict(d) for name in names}
    return {name: {"n": d["n"], "mean": d["mean"][j], "median": d["median"][j], "p5": d["p5"][j],
                   "p95": d["p95"][j], "ci95": list(d["ci95"][j])} for j, name in enumerate(names)}


def paired_difference(a: np.ndarray, b: np.ndarray, names: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """Mean of a - b over paired rows (same run seeds) with a t 95% CI, per named column."""
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if diff.ndim == 1:
        diff = diff[:, None]
    if len(diff) == 0:
        return {name: {"n_pairs": 0, "mean_diff": None, "ci95": None} for name in names}
    lo, hi = intervals.t_mean_ci(diff)
    m = diff.mean(axis=0)
    return {name: {"n_pairs": len(diff), "mean_diff": m[j], "ci95": [lo[j], hi[j]]} for j, name in enumerate(names)}


def paired_proportions(a: np.ndarray, b: np.ndarray, names: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """p(a) - p(b) of 0/1 columns over paired rows with Tango's score 95% CI, per named column;
    `discordant` counts the pairs where only a, and only b, is 1."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.ndim == 1:
        x, y = x[:, None], y[:, None]
    n = len(x)
    if n == 0:
        return {name: {"n_pairs": 0, "mean_diff": None, "ci95": None, "discordant": None} for name in names}
    out = {}
    for j, name in enumerate(names):
        _, only_a, only_b, _ = intervals.paired_counts(x[:, j] > 0.5, y[:, j] > 0.5)
        lo, hi = intervals.tango_paired(only_a, only_b, n)
        out[name] = {"n_pairs": n, "mean_diff": (only_a - only_b) / n, "ci95": [lo, hi], "discordant": [only_a, only_b]}
    return out


def wilson(k: int, n: int, z: float = Z95) -> list[float] | None:
    """Wilson score interval for k successes in n trials (None when n is 0)."""
    if n <= 0:
        return None
    p = k / n
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    lo = 0.0 if k == 0 else min(p, max(0.0, centre - half))
    hi = 1.0 if k == n else max(p, min(1.0, centre + half))
    return [lo, hi]


def proportion(k: int, n: int) -> dict[str, Any]:
    return {"k": int(k), "n": int(n), "p": (k / n) if n else None, "ci95": wilson(k, n)}


def percentile_of(value: float, values: np.ndarray) -> float | None:
    """Mid-rank percentile (0-100) of `value` among `values`; None if there are none."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return None
    below = int(np.count_nonzero(x < value))
    equal = int(np.count_nonzero(x == value))
    return 100.0 * (below + equal / 2.0) / len(x)


def clean(obj: Any, digits: int = 4) -> Any:
    """A JSON-ready copy: numpy scalars to Python, floats rounded, NaN to None, tuples to lists."""
    if isinstance(obj, dict):
        return {str(k): clean(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, np.ndarray)):
        return [clean(v, digits) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        if not math.isfinite(f):
            return None
        r = round(f, digits)
        return 0.0 if r == 0 else r
    return obj
