"""Per-variant tallies of an experiment: a few small numpy arrays per variant, filled as run
results stream in (no game records are kept), and turned into the statistics of summary.json.

Control at the end of a day the game did not reach (it ended early, or the variant's clock is
shorter) counts as the final control; a day before the variant's start counts as `none`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.sim import stats
from game.sim.history import Documented, figures, matches, side_fields

PENDING, OK, FAILED = 0, 1, 2


def holders(sides: tuple[str, ...]) -> tuple[str, ...]:
    """Who can hold an objective: each side, or nobody alone."""
    return (*sides, "contested")


def winners(sides: tuple[str, ...]) -> tuple[str, ...]:
    return (*sides, "draw")


def equipment_fields(sides: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """Equipment counts of a run's `equipment` mapping ({side: {type: {destroyed, damaged}}}), a fixed
    list so every experiment has the same columns; a count missing from a run (older batches) is 0."""
    return tuple((side, kind, status) for side in sides for kind in ("tanks", "guns", "aircraft")
                 for status in ("destroyed", "damaged"))


def equipment_names(sides: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{s}_{k}_{st}" for s, k, st in equipment_fields(sides))


def documented_equipment(data: dict[str, Any], sides: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The scenario's `calibration: equipment:` bands ({low, high, source}) for the equipment columns."""
    cal = data.get("calibration")
    block = cal.get("equipment") if isinstance(cal, dict) else None
    out: dict[str, dict[str, Any]] = {}
    for name in equipment_names(sides):
        d = block.get(name) if isinstance(block, dict) else None
        if isinstance(d, dict) and isinstance(d.get("low"), int) and isinstance(d.get("high"), int):
            out[name] = {"low": d["low"], "high": d["high"], "source": str(d.get("source", ""))}
    return out


def equipment_counts(row: dict[str, Any], sides: tuple[str, ...]) -> list[int]:
    """The run's equipment counts in `equipment_names(sides)` order."""
    eq = row.get("equipment") or {}
    return [int(eq.get(s, {}).get(k, {}).get(st, 0)) for s, k, st in equipment_fields(sides)]


def _code(names: tuple[str, ...], value: Any) -> int:
    return names.index(value) if value in names else len(names)


def figures_of(raw: np.ndarray) -> np.ndarray:
    """(n, 3 per side) killed/wounded/missing -> (n, 4 per side) columns in `figures(sides)` order."""
    out = []
    for s in range(raw.shape[1] // 3):
        k, w, m = raw[:, 3 * s], raw[:, 3 * s + 1], raw[:, 3 * s + 2]
        out += [k, w, m, k + m]
    return np.stack(out, axis=1) if len(raw) else np.zeros((0, raw.shape[1] // 3 * 4))


@dataclass(slots=True)
class Tally:
    """Results of one variant, indexed by run number."""

    n: int
    days: tuple[str, ...]
    objectives: tuple[str, ...]
    sides: tuple[str, ...]
    status: np.ndarray = field(init=False)
    losses: np.ndarray = field(init=False)
    equipment: np.ndarray = field(init=False)
    winner: np.ndarray = field(init=False)
    control: np.ndarray = field(init=False)  # (n, days + 1, objectives): per day, then the end
    failures: dict[int, tuple[int, str]] = field(default_factory=dict)  # run -> (seed, error)

    def __post_init__(self) -> None:
        self.status = np.zeros(self.n, dtype=np.int8)
        self.losses = np.zeros((self.n, len(side_fields(self.sides))), dtype=np.int64)
        self.equipment = np.zeros((self.n, len(equipment_names(self.sides))), dtype=np.int64)
        self.winner = np.full(self.n, len(self.winners), dtype=np.int8)
        self.control = np.full((self.n, len(self.days) + 1, len(self.objectives)), len(self.holders), dtype=np.int8)

    @property
    def holders(self) -> tuple[str, ...]:
        return holders(self.sides)

    @property
    def winners(self) -> tuple[str, ...]:
        return winners(self.sides)

    def add(self, row: dict[str, Any]) -> None:
        i = int(row["run"])
        if row.get("error"):
            self.status[i] = FAILED
            self.failures[i] = (int(row["seed"]), str(row["error"]))
            return
        self.status[i] = OK
        self.losses[i] = [int(row["losses"][s][w]) for s, w in side_fields(self.sides)]
        self.equipment[i] = equipment_counts(row, self.sides)
        self.winner[i] = _code(self.winners, row["winner"])
        final = row["control"]
        by_day = row["control_by_day"]
        last = max(by_day) if by_day else ""
        for j, day in enumerate(self.days):
            ctl = by_day.get(day, final if day > last else {})
            self.control[i, j] = [_code(self.holders, ctl.get(o)) for o in self.objectives]
        self.control[i, -1] = [_code(self.holders, final.get(o)) for o in self.objectives]

    @property
    def ok(self) -> np.ndarray:
        return self.status == OK

    def figures(self, mask: np.ndarray | None = None) -> np.ndarray:
        return figures_of(self.losses[self.ok if mask is None else mask])

    def indicators(self, mask: np.ndarray) -> np.ndarray:
        """0/1 columns: each winner, then each (objective, holder) at the end."""
        cols = [self.winner[mask] == w for w in range(len(self.winners))]
        cols += [self.control[mask, -1, o] == h for o in range(len(self.objectives)) for h in range(len(self.holders))]
        return np.stack(cols, axis=1).astype(float) if cols else np.zeros((int(mask.sum()), 0))

    def indicator_names(self) -> list[tuple[str, str]]:
        return [("winner", w) for w in self.winners] + [(o, h) for o in self.objectives for h in self.holders]


def _holders(codes: np.ndarray, names: tuple[str, ...]) -> dict[str, Any]:
    n = len(codes)
    return {h: stats.proportion(int(np.count_nonzero(codes == k)), n) for k, h in enumerate(names)}


def describe(t: Tally, doc: Documented) -> dict[str, Any]:
    """Statistics of one variant over its successful runs."""
    ok = t.ok
    n_ok = int(ok.sum())
    figs = t.figures()
    ctl = t.control[ok]
    return {
        "runs_completed": int(np.count_nonzero(t.status != PENDING)),
        "runs_ok": n_ok,
        "runs_failed": len(t.failures),
        "failures": [{"run": i, "seed": s, "error": e} for i, (s, e) in sorted(t.failures.items())],
        "losses": stats.describe_columns(figs, figures(t.sides)),
        "equipment": stats.describe_columns(t.equipment[ok].astype(float), equipment_names(t.sides)),
        "winner": {w: stats.proportion(int(np.count_nonzero(t.winner[ok] == k)), n_ok)
                   for k, w in enumerate(t.winners)},
        "control": {
            "end": {o: _holders(ctl[:, -1, j], t.holders) for j, o in enumerate(t.objectives)},
            "by_day": {d: {o: _holders(ctl[:, i, j], t.holders) for j, o in enumerate(t.objectives)}
                       for i, d in enumerate(t.days)},
        },
        "documented": _against_documented(t, doc, figs),
    }


def _against_documented(t: Tally, doc: Documented, figs: np.ndarray) -> dict[str, Any]:
    names = figures(t.sides)
    losses = {
        name: [{"value": v, "source": s, "percentile": stats.percentile_of(v, figs[:, names.index(name)])}
               for v, s in doc.losses[name]]
        for name in names if name in doc.losses
    }
    ctl = t.control[t.ok]
    control: dict[str, dict[str, Any]] = {}
    for day, holders in sorted(doc.control_by_day.items()):
        if day not in t.days:
            continue
        i = t.days.index(day)
        for obj, want in sorted(holders.items()):
            if obj not in t.objectives:
                continue
            got = ctl[:, i, t.objectives.index(obj)]
            hit = sum(int(np.count_nonzero(got == k)) for k, h in enumerate(t.holders) if matches(want, h))
            control.setdefault(day, {})[obj] = {"documented": want, "match": stats.proportion(hit, len(got))}
    return {"losses": losses, "control_by_day": control}


def compare(t: Tally, base: Tally) -> dict[str, Any]:
    """Paired differences variant - baseline over the runs both finished without error."""
    pairs = t.ok & base.ok
    figs = stats.paired_difference(t.figures(pairs), base.figures(pairs), figures(t.sides))
    eq = stats.paired_difference(t.equipment[pairs].astype(float), base.equipment[pairs].astype(float),
                                 equipment_names(t.sides))
    names = t.indicator_names()
    ind = stats.paired_proportions(t.indicators(pairs), base.indicators(pairs), [f"{a}:{b}" for a, b in names])
    winner = {b: ind[f"winner:{b}"] for a, b in names if a == "winner"}
    control: dict[str, dict[str, Any]] = {}
    for a, b in names:
        if a != "winner":
            control.setdefault(a, {})[b] = ind[f"{a}:{b}"]
    return {"n_pairs": int(pairs.sum()), "losses": figs, "equipment": eq, "winner": winner, "control_end": control}
