"""Coverage of the experiment intervals (the tables in docs/experiments.md).

Usage: python benchmarks/bench_intervals.py [--reps 2000] [--n 60]

- Paired proportions: experiments of N pairs drawn from fixed cell probabilities (both, only
  variant, only baseline, neither); the share of 95% intervals holding the true difference, for
  the percentile bootstrap of the paired 0/1 differences (the old method), Tango's score interval
  (used) and Newcombe's method 10, and Tango's mean width.
- Means: samples of N values from a few distributions; coverage of the percentile bootstrap (the
  old method), Student's t (used) and BCa (scipy.stats.bootstrap).
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy import stats as sps

from game.sim.intervals import newcombe_paired, t_mean_ci, tango_paired

CELLS = ((0.50, 0.02, 0.01), (0.30, 0.01, 0.01), (0.60, 0.05, 0.0), (0.45, 0.04, 0.02), (0.20, 0.05, 0.05),
         (0.40, 0.10, 0.05))


def percentile_bootstrap(x: np.ndarray, resamples: int = 2000) -> tuple[float, float]:
    rng = np.random.Generator(np.random.PCG64(1938))
    means = x[rng.integers(0, len(x), size=(resamples, len(x)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def proportions(reps: int, n: int) -> None:
    rng = np.random.default_rng(2026)
    print("| cells | percentile bootstrap | Tango | Newcombe method 10 | Tango mean width |\n|---|---|---|---|---|")
    for both, a, b in CELLS:
        truth = a - b
        hits = np.zeros(3)
        width = 0.0
        for n11, n10, n01, n00 in rng.multinomial(n, [both, a, b, 1 - both - a - b], size=reps):
            d = np.array([1.0] * n10 + [-1.0] * n01 + [0.0] * (n11 + n00))
            t = tango_paired(int(n10), int(n01), n)
            width += t[1] - t[0]
            for k, (lo, hi) in enumerate((percentile_bootstrap(d), t, newcombe_paired(n11, n10, n01, n00))):
                hits[k] += lo <= truth <= hi
        cov = " | ".join(f"{h / reps:.3f}" for h in hits)
        print(f"| {both:.2f}, {a:.2f}, {b:.2f} | {cov} | {width / reps:.3f} |")


def means(reps: int, n: int) -> None:
    rng = np.random.default_rng(9)
    dists = {
        "normal": (lambda: rng.normal(0, 1, n), 0.0),
        "lognormal, sigma 0.5": (lambda: rng.lognormal(0, 0.5, n), float(np.exp(0.125))),
        "lognormal, sigma 1": (lambda: rng.lognormal(0, 1, n), float(np.exp(0.5))),
        "gamma, shape 2": (lambda: rng.gamma(2, 1, n), 2.0),
        "difference of two gammas": (lambda: rng.gamma(4, 100, n) - rng.gamma(3, 120, n), 40.0),
    }
    print("| distribution | percentile bootstrap | Student's t | BCa |\n|---|---|---|---|")
    for name, (draw, mu) in dists.items():
        hits = np.zeros(3)
        for _ in range(reps):
            x = draw()
            lo, hi = t_mean_ci(x)
            bca = sps.bootstrap((x,), np.mean, n_resamples=2000, method="BCa", rng=1938).confidence_interval
            for k, (a, b) in enumerate((percentile_bootstrap(x), (lo[0], hi[0]), (bca.low, bca.high))):
                hits[k] += a <= mu <= b
        print(f"| {name} | " + " | ".join(f"{h / reps:.3f}" for h in hits) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--n", type=int, default=60)
    args = ap.parse_args()
    proportions(args.reps, args.n)
    means(args.reps, args.n)


if __name__ == "__main__":
    main()
