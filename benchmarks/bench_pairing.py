"""Benchmark: how much pairing buys. For each what-if, the paired standard error of the
difference (what-if - baseline, same run seeds) against the unpaired one.

Usage: python benchmarks/bench_pairing.py [SCENARIO] [--runs N] [--seed S] [--jobs J]
       [--players soviet=historical,japan=historical] [--whatif NAME ...]
Run i of every variant plays the experiment seed rule's seed (game.sim.experiment.run_seeds), so
the figures are those `khasan experiment` would pair. Prints, per what-if and loss figure, the
mean difference, the paired SE (sd of the differences / sqrt n), the unpaired SE
(sqrt(var_a / n + var_b / n)), their ratio with a 95% percentile bootstrap interval (runs
resampled as pairs, 2,000 times, fixed seed) and the correlation of the pairs.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
from pathlib import Path

import numpy as np

from game.cli import parse_players
from game.engine.scenario import load_scenario
from game.sim.experiment import run_seeds
from game.sim.runner import run_game

ROOT = Path(__file__).resolve().parent.parent
FIGS = (("soviet", "killed+missing"), ("soviet", "wounded"), ("japan", "killed+missing"), ("japan", "wounded"))


def figures(losses: dict[str, dict[str, int]]) -> list[int]:
    out = []
    for side, what in FIGS:
        lo = losses[side]
        out.append(lo["killed"] + lo["missing"] if what == "killed+missing" else lo[what])
    return out


def play(job: tuple[str, tuple[str, ...], int, dict[str, str]]) -> list[int]:
    path, whatifs, seed, players = job
    scen = _load(path, whatifs)
    return figures(run_game(scen, seed, players).summary()["losses"])


_CACHE: dict[tuple[str, tuple[str, ...]], object] = {}


def _load(path: str, whatifs: tuple[str, ...]):  # type: ignore[no-untyped-def]
    key = (path, whatifs)
    if key not in _CACHE:
        _CACHE[key] = load_scenario(path, whatifs)
    return _CACHE[key]


def compare(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, float, float]:
    """(mean diff, paired SE, unpaired SE, ratio, correlation) of columns a (what-if) and b."""
    n = len(a)
    d = a - b
    paired = float(d.std(ddof=1)) / math.sqrt(n)
    unpaired = math.sqrt(float(a.var(ddof=1)) / n + float(b.var(ddof=1)) / n)
    corr = float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else float("nan")
    return float(d.mean()), paired, unpaired, paired / unpaired if unpaired else float("nan"), corr


def ratio_interval(a: np.ndarray, b: np.ndarray, reps: int = 2000) -> tuple[float, float]:
    """95% percentile bootstrap interval of the SE ratio, resampling whole pairs of runs."""
    idx = np.random.default_rng(0).integers(0, len(a), size=(reps, len(a)))
    ra, rb = a[idx], b[idx]
    paired = (ra - rb).std(axis=1, ddof=1)
    unpaired = np.sqrt(ra.var(axis=1, ddof=1) + rb.var(axis=1, ddof=1))
    ratios = paired[unpaired > 0] / unpaired[unpaired > 0]
    if not len(ratios):
        return float("nan"), float("nan")
    lo, hi = np.percentile(ratios, [2.5, 97.5])
    return float(lo), float(hi)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "khasan_1938.yaml"))
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1938)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--players", type=parse_players, default={"soviet": "historical", "japan": "historical"})
    ap.add_argument("--whatif", action="append", default=[])
    args = ap.parse_args()
    scen = load_scenario(args.scenario)
    names = args.whatif or list(scen.available_whatifs)
    seeds = run_seeds(args.seed, args.runs)
    variants: list[tuple[str, ...]] = [(), *((w,) for w in names)]
    jobs = [(args.scenario, v, s, args.players) for v in variants for s in seeds]
    if args.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            flat = pool.map(play, jobs, chunksize=4)
    else:
        flat = [play(j) for j in jobs]
    res = np.array(flat, dtype=float).reshape(len(variants), args.runs, len(FIGS))
    print(f"scenario {scen.id}, {args.runs} runs per variant (seed rule base {args.seed}), "
          f"players soviet={args.players['soviet']} japan={args.players['japan']}")
    print(f"{'what-if':28} {'figure':24} {'mean diff':>10} {'paired SE':>10} {'unpaired SE':>12} "
          f"{'ratio':>6} {'95% interval':>13} {'corr':>6}")
    for i, name in enumerate(names, start=1):
        for j, (side, what) in enumerate(FIGS):
            md, ps, us, ratio, corr = compare(res[i, :, j], res[0, :, j])
            lo, hi = ratio_interval(res[i, :, j], res[0, :, j])
            print(f"{name:28} {side + ' ' + what:24} {md:10.1f} {ps:10.1f} {us:12.1f} {ratio:6.2f} "
                  f"{f'[{lo:.2f}, {hi:.2f}]':>13} {corr:6.2f}")


if __name__ == "__main__":
    main()
