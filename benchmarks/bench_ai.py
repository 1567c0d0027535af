"""Benchmark the heuristic AI: wins against `random`, head-to-head against the `historical` plan
player, and think time per side-turn at each level.

Usage: python benchmarks/bench_ai.py [SCENARIO ...] [--seeds N] [--levels easy,normal,hard] [--jobs J]

For each scenario and each side S it plays, over seeds 1..N:
- S=ai against random: S's wins and mean objective points of both sides;
- S=ai against historical, next to S=historical against historical on the same seeds (common
  random numbers): S's wins, draws and mean points of both sides in each pairing;
- think time: seconds spent inside `next_order` per side-turn (one side's phase), mean, 95th
  percentile and max, for `ai:LEVEL` against historical on the first seeds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from game.ai.players import make_player
from game.api import Game as Facade
from game.engine.game import Game
from game.engine.scenario import Scenario, load_scenario
from game.rules.victory import points, winner
from game.sim.runner import give

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Outcome:
    winner: str
    points: dict[str, int]
    think: dict[str, list[float]]  # side -> seconds per side-turn


_SCENARIOS: dict[str, Scenario] = {}


def scenario(path: str) -> Scenario:
    if path not in _SCENARIOS:
        _SCENARIOS[path] = load_scenario(path)
    return _SCENARIOS[path]


def play(path: str, seed: int, players: dict[str, str]) -> Outcome:
    """One whole game, timing each side's `next_order` calls per phase."""
    game = Game(scenario(path), seed)
    agents = {s: make_player(players[s], s, game.player_rngs[s]) for s in game.scenario.side_keys}
    facade = Facade(game, players)
    think: dict[str, list[float]] = {s: [] for s in game.scenario.side_keys}
    key = (-1, -1)
    while not game.state.over:
        st = game.state
        if (st.turn, st.phase) != key:
            key = (st.turn, st.phase)
            think[st.side].append(0.0)
        t0 = time.perf_counter()
        view = facade.side_view(st.side)  # building the view is part of thinking
        order = agents[st.side].next_order(view)
        think[st.side][-1] += time.perf_counter() - t0
        give(facade, view, order, players[st.side])
    st = game.state
    return Outcome(st.winner or winner(st), points(st), think)


def run_all(jobs: list[tuple[str, int, dict[str, str]]], workers: int) -> list[Outcome]:
    if workers <= 1:
        return [play(*j) for j in jobs]
    with ProcessPoolExecutor(workers) as ex:
        return list(ex.map(play, *zip(*jobs, strict=True)))


def summary(side: str, outs: Iterable[Outcome]) -> str:
    outs = list(outs)
    wins = sum(o.winner == side for o in outs)
    draws = sum(o.winner == "draw" for o in outs)
    mine = statistics.mean(o.points[side] for o in outs)
    foe = next(k for k in outs[0].points if k != side)
    theirs = statistics.mean(o.points[foe] for o in outs)
    return f"wins {wins}/{len(outs)} draws {draws}  points {side} {mine:.1f} vs {foe} {theirs:.1f}"


def times(values: list[float]) -> str:
    v = sorted(values)
    p95 = v[min(len(v) - 1, int(0.95 * len(v)))]
    return f"mean {statistics.mean(v) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {v[-1] * 1000:.1f} ms"


def bench(path: str, seeds: list[int], levels: list[str], timing_seeds: int, workers: int) -> None:
    scen = scenario(path)
    print(f"== {scen.id}: {scen.clock.n_turns} turns, {len(scen.units)} units, seeds {seeds[0]}..{seeds[-1]}")
    jobs: list[tuple[str, int, dict[str, str]]] = []
    for side in scen.side_keys:
        for spec in ("random", "historical"):
            jobs += [(path, s, {side: "ai", scen.other(side): spec}) for s in seeds]
    jobs += [(path, s, {k: "historical" for k in scen.side_keys}) for s in seeds]
    extra = [lv for lv in levels if lv != "normal"]
    for lv in extra:
        for side in scen.side_keys:
            jobs += [(path, s, {side: f"ai:{lv}", scen.other(side): "historical"}) for s in seeds[:timing_seeds]]
    t0 = time.perf_counter()
    outs = run_all(jobs, workers)
    res = dict(zip(((j[1], tuple(sorted(j[2].items()))) for j in jobs), outs, strict=True))

    def get(seed: int, players: dict[str, str]) -> Outcome:
        return res[(seed, tuple(sorted(players.items())))]

    for side in scen.side_keys:
        foe = scen.other(side)
        print(f"-- {side}")
        print(f"  ai vs random:            {summary(side, (get(s, {side: 'ai', foe: 'random'}) for s in seeds))}")
        print(f"  ai vs historical:        {summary(side, (get(s, {side: 'ai', foe: 'historical'}) for s in seeds))}")
        hh = [get(s, {k: "historical" for k in scen.side_keys}) for s in seeds]
        print(f"  historical vs historical: {summary(side, hh)}")
        for lv in levels:
            spec = "ai" if lv == "normal" else f"ai:{lv}"
            ss = seeds if lv == "normal" else seeds[:timing_seeds]
            outs_lv = [get(s, {side: spec, foe: "historical"}) for s in ss]
            think = [t for o in outs_lv for t in o.think[side]]
            extra_txt = "" if lv == "normal" else f"  ({summary(side, outs_lv)})"
            print(f"  think per side-turn ai:{lv:<6} {times(think)}{extra_txt}")
    print(f"({time.perf_counter() - t0:.0f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="*", default=[str(ROOT / "scenarios" / "khasan_1938.yaml")])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--levels", default="easy,normal,hard")
    ap.add_argument("--timing-seeds", type=int, default=3, help="seeds for the easy and hard levels")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (think times are per process)")
    args = ap.parse_args()
    seeds = list(range(1, args.seeds + 1))
    for path in args.scenarios:
        bench(path, seeds, args.levels.split(","), args.timing_seeds, args.jobs)


if __name__ == "__main__":
    main()
