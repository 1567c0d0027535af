"""Statistics for experiments: summaries, bootstrap and Wilson intervals, percentiles, rounding.

Methods (also written into summary.json under `methods`):
- mean, median and the 90% range (5th and 95th percentiles, numpy's linear interpolation);
- 95% CI of a mean, and of a paired mean difference: percentile bootstrap, `BOOT_RESAMPLES`
  resamples drawn by a generator seeded with `BOOT_SEED`, so the interval is a pure function of
  the data;
- a probability: the share of runs with Wilson's 95% score interval;
- where a documented value falls: its mid-rank percentile, 100 * (#below + #equal / 2) / n.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

BOOT_SEED = 1938
BOOT_RESAMPLES = 2000
Z95 = 1.959963984540054
_CHUNK_CELLS = 4_000_000  # resampled cells per chunk: keeps bootstrap memory flat in n


def bootstrap_mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile-bootstrap CI of the column means of `values` (n rows, k columns).

    Every call draws the same resample indices for the same n, so intervals are reproducible.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    n, k = x.shape
    if n == 0:
        nan = np.full(k, np.nan)
        return nan, nan
    rng = np.random.Generator(np.random.PCG64(BOOT_SEED))
    means = np.empty((BOOT_RESAMPLES, k))
    step = max(1, _CHUNK_CELLS // (n * k))
    for start in range(0, BOOT_RESAMPLES, step):
        stop = min(BOOT_RESAMPLES, start + step)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = x[idx].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(means, [tail, 100.0 - tail], axis=0)
    return lo, hi


def describe(values: np.ndarray) -> dict[str, Any]:
    """Mean, median, 5th and 95th percentiles and the bootstrap 95% CI of the mean per column."""
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if len(x) == 0:
        return {"n": 0, "mean": None, "median": None, "p5": None, "p95": None, "ci95": None}
    lo, hi = bootstrap_mean_ci(x)
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
    """Mean of a - b over paired rows (same run seeds) with a bootstrap 95% CI, per named column."""
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if diff.ndim == 1:
        diff = diff[:, None]
    if len(diff) == 0:
        return {name: {"n_pairs": 0, "mean_diff": None, "ci95": None} for name in names}
    lo, hi = bootstrap_mean_ci(diff)
    m = diff.mean(axis=0)
    return {name: {"n_pairs": len(diff), "mean_diff": m[j], "ci95": [lo[j], hi[j]]} for j, name in enumerate(names)}


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
