"""Casualties in men: draw a count around an expectation, split it, and let morale follow.

Every source of harm (fire, assault, artillery, air) ends here, so losses, morale, suppression,
rout and elimination behave the same way whatever caused them.
"""

from __future__ import annotations

import numpy as np

from game.core.events import Casualties, Eliminated, EquipmentLost, Event, Suppressed
from game.core.state import GameState
from game.core.units import Unit


def draw_losses(state: GameState, unit: Unit, expected: float, rng: np.random.Generator) -> tuple[int, int, int]:
    """Killed, wounded and missing around `expected` (Poisson count, multinomial split)."""
    if expected <= 0 or unit.men <= 0:
        return 0, 0, 0
    n = min(int(rng.poisson(expected)), unit.men)
    if n == 0:
        return 0, 0, 0
    p = state.params
    split = [p.i(f"casualties.{unit.side}.{k}") for k in ("killed", "wounded", "missing")]
    k, w, m = (int(x) for x in rng.multinomial(n, [s / 100.0 for s in split]))
    return k, w, m


def inflict(state: GameState, unit: Unit, expected: float, cause: str, rng: np.random.Generator,
            suppression: int = 0, morale_hit: int = 0) -> list[Event]:
    """Apply expected casualties, suppression and morale loss to one unit."""
    events: list[Event] = []
    killed, wounded, missing = draw_losses(state, unit, expected, rng)
    lost = killed + wounded + missing
    before = unit.men
    if lost:
        unit.men -= lost
        unit.killed += killed
        unit.wounded += wounded
        unit.missing += missing
        events.append(Casualties(unit.id, unit.side, killed, wounded, missing, cause, round(expected, 2)))
        events.extend(_equipment(state, unit, lost, before, rng))
    p = state.params
    pct = (100 * lost) // max(1, before)
    unit.morale = max(0, unit.morale - int(pct * p["morale.loss_per_pct"]) - morale_hit)
    unit.suppression = min(100, unit.suppression + suppression + pct * p.i("fire.suppression_per_pct"))
    state.version += 1
    if lost or suppression or morale_hit:
        events.append(Suppressed(unit.id, unit.suppression, unit.morale))
    if unit.men <= 0:
        state.remove(unit)
        unit.on_map = False
        events.append(Eliminated(unit.id))
    return events


def _equipment(state: GameState, unit: Unit, lost: int, before: int, rng: np.random.Generator) -> list[Event]:
    """Crews lost take weapons with them: tanks and guns fall with the men who served them."""
    frac = lost / max(1, before)
    tanks_lost = guns_lost = 0
    if unit.tanks:
        p = min(1.0, frac * state.params["tanks.loss_per_pct"])
        for model in sorted(unit.tanks):
            k = int(rng.binomial(unit.tanks[model], p))
            unit.tanks[model] -= k
            tanks_lost += k
    for cal in sorted(unit.guns):
        k = int(rng.binomial(unit.guns[cal], min(1.0, frac)))
        unit.guns[cal] -= k
        guns_lost += k
    for attr in ("rifles", "lmg", "hmg", "atr"):
        n = getattr(unit, attr)
        if n:
            setattr(unit, attr, n - round(n * frac))
    if tanks_lost or guns_lost:
        return [EquipmentLost(unit.id, unit.side, guns_lost, tanks_lost)]
    return []
