"""Benchmark: seconds per full-campaign game headless, and the cost per order.

Usage: python benchmarks/bench_game.py [SCENARIO] [--games N] [--players soviet=ai,japan=ai]
Reports wall-clock seconds per game (one core), also as a ratio to the reference workload
(benchmarks/reference.py) run before each game, orders per game, microseconds per order
(including the players' thinking) and the engine-only cost per order from re-applying
the recorded orders.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from game.cli import parse_players
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.sim.runner import run_game

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from reference import time_reference  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "khasan_1938.yaml"))
    ap.add_argument("--games", type=int, default=10)
    ap.add_argument("--players", type=parse_players, default={"soviet": "ai", "japan": "ai"})
    args = ap.parse_args()
    t0 = time.perf_counter()
    scen = load_scenario(args.scenario)
    load_s = time.perf_counter() - t0
    times, orders, engine_us, ratios = [], [], [], []
    for seed in range(1, args.games + 1):
        ref = time_reference()[0]
        t0 = time.perf_counter()
        res = run_game(scen, seed, args.players)
        times.append(time.perf_counter() - t0)
        ratios.append(times[-1] / ref)
        orders.append(len(res.game.steps))
        replay = Game(scen, seed)
        t0 = time.perf_counter()
        for step in res.game.steps:
            replay.apply(step.order)
        engine_us.append((time.perf_counter() - t0) / max(1, len(res.game.steps)) * 1e6)
    per_order = [t / max(1, n) * 1e6 for t, n in zip(times, orders, strict=True)]
    print(f"scenario {scen.id}: {scen.clock.n_turns} turns, {len(scen.units)} units, load {load_s:.2f} s")
    print(f"players soviet={args.players['soviet']} japan={args.players['japan']}, {args.games} games")
    print(f"seconds per game: median {statistics.median(times):.3f}, max {max(times):.3f}")
    print(f"ratio to the reference workload: median {statistics.median(ratios):.2f}x, "
          f"range {min(ratios):.2f}-{max(ratios):.2f}x")
    print(f"orders per game: median {statistics.median(orders):.0f}")
    print(f"microseconds per order (with thinking): median {statistics.median(per_order):.0f}")
    print(f"microseconds per order (engine only): median {statistics.median(engine_us):.0f}")


if __name__ == "__main__":
    main()
