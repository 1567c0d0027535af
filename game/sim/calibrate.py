"""Calibration: play a scenario many times with both sides' historical plans and hold the
model's losses and day-by-day hill control against the documented figures in the scenario's
`calibration:` block.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.engine.scenario import Scenario, load_scenario
from game.sim.runner import run_game

HISTORICAL = {"soviet": "historical", "japan": "historical"}

FIGURES = {
    "soviet_killed_missing": lambda L: L["soviet"]["killed"] + L["soviet"]["missing"],
    "soviet_killed": lambda L: L["soviet"]["killed"],
    "soviet_wounded": lambda L: L["soviet"]["wounded"],
    "japan_killed": lambda L: L["japan"]["killed"],
    "japan_killed_missing": lambda L: L["japan"]["killed"] + L["japan"]["missing"],
    "japan_wounded": lambda L: L["japan"]["wounded"],
}


def run_seeds(base: int, n: int) -> list[int]:
    """Run seeds from one SeedSequence, the same for every variant (common random numbers)."""
    return [int(c.generate_state(1, np.uint32)[0]) for c in np.random.SeedSequence(base).spawn(n)]


_WORKER: dict[str, Scenario] = {}


def _one(args: tuple[str, tuple[str, ...], int]) -> dict[str, Any]:
    path, whatifs, seed = args
    key = f"{path}|{','.join(whatifs)}"
    if key not in _WORKER:
        _WORKER[key] = load_scenario(path, whatifs)
    s = run_game(_WORKER[key], seed, HISTORICAL).summary()
    return {"seed": seed, "losses": s["losses"], "control_by_day": s["control_by_day"], "control": s["control"]}


def simulate(path: str, runs: int, seed: int, jobs: int, whatifs: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    tasks = [(path, whatifs, s) for s in run_seeds(seed, runs)]
    if jobs <= 1:
        return [_one(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_one, tasks, chunksize=max(1, runs // (4 * jobs))))


@dataclass(frozen=True, slots=True)
class LossRow:
    figure: str
    low: int
    high: int
    median: float
    p5: float
    p95: float
    source: str

    @property
    def verdict(self) -> str:
        if self.low <= self.median <= self.high:
            return "inside"
        if self.p5 <= self.high and self.p95 >= self.low:
            return "overlaps"
        return "outside"


def loss_rows(scen: Scenario, results: list[dict[str, Any]]) -> list[LossRow]:
    doc = (scen.data.get("calibration") or {}).get("losses", {})
    rows = []
    for name, fn in FIGURES.items():
        if name not in doc:
            continue
        vals = np.array([fn(r["losses"]) for r in results], dtype=float)
        p5, med, p95 = np.percentile(vals, [5, 50, 95])
        d = doc[name]
        rows.append(LossRow(name, int(d["low"]), int(d["high"]), float(med), float(p5), float(p95), str(d["source"])))
    return rows


def control_rows(scen: Scenario, results: list[dict[str, Any]]) -> list[tuple[str, str, str, str, float]]:
    """(date, objective, documented, model's most frequent holder, share of runs matching the record)."""
    doc = (scen.data.get("calibration") or {}).get("control_by_day", {})
    out = []
    for day in sorted(doc):
        for obj, who in sorted(doc[day].items()):
            if obj in ("source", "note"):
                continue
            seen = Counter(r["control_by_day"].get(day, {}).get(obj, "-") for r in results)
            top = max(sorted(seen), key=lambda k: seen[k])
            ok = sum(n for k, n in seen.items() if k in str(who).split("|")) / max(1, len(results))
            out.append((day, obj, str(who), f"{top} {100 * seen[top] // max(1, len(results))}%", ok))
    return out
