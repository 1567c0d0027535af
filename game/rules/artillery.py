"""Indirect artillery: fire missions and barrages at a hex, range by calibre, ammunition,
observed against unobserved fire, fog, and counter-battery hits on guns. Anti-aircraft guns
(calibre role `anti_aircraft`) are not field artillery: they never fire missions.
"""

from __future__ import annotations

import math

import numpy as np

from game.core.events import BombardResolved, Event
from game.core.orders import Bombard
from game.core.rng import Dice, as_dice, binomial_quantile
from game.core.state import GameState
from game.core.units import Unit
from game.rules.equipment import knock_out
from game.rules.firepower import protection
from game.rules.morale import harm
from game.rules.sight import observed_hex


def _field_guns(state: GameState) -> dict[str, tuple[int, float]]:
    """Range in hexes and shell kilograms of every calibre that fires missions (not direct fire, not
    anti-aircraft), by calibre key (cached per scenario's calibre table)."""
    cal = state.scenario.calibres
    hit: tuple[object, dict[str, tuple[int, float]]] | None = state.scenario.cache.get("field_guns")
    if hit is None or hit[0] is not cal:
        hit = (cal, {k: (c.range_hexes, c.shell_kg) for k, c in cal.items()
                     if not c.direct and c.role != "anti_aircraft"})
        state.scenario.cache["field_guns"] = hit
    return hit[1]


def indirect_guns(state: GameState, unit: Unit) -> list[tuple[str, int]]:
    if not unit.guns:
        return []
    field = _field_guns(state)  # a unit's calibres are all in the table (checked at load)
    return [(k, n) for k, n in sorted(unit.guns.items()) if n > 0 and k in field]


def max_range(state: GameState, unit: Unit) -> int:
    field = _field_guns(state)
    return max((field[k][0] for k, _ in indirect_guns(state, unit)), default=0)


def in_range_weight(state: GameState, unit: Unit, idx: int) -> float:
    """Kilograms of shell per mission that can reach hex `idx`."""
    if not unit.guns:
        return 0
    field = _field_guns(state)
    h, t = unit.hex, state.scenario.map.hexes[idx]
    dq, dr = h.q - t.q, h.r - t.r
    d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
    kg: float = 0  # summed in calibre order, as `indirect_guns` lists them
    for k, n in sorted(unit.guns.items()):
        if n > 0 and k in field:
            reach, shell = field[k]
            if reach >= d:
                kg += n * shell
    return kg


def is_observed(state: GameState, side: str, idx: int) -> bool:
    """Observed fire needs a spotter in sight of the target; fog blinds everyone but adjacent units."""
    return observed_hex(state, side, idx)


def expected_bombard(state: GameState, unit: Unit, idx: int, barrage: bool) -> tuple[float, bool]:
    """Kilograms-weighted effect per target unit before protection, and whether it is observed."""
    p = state.params
    kg = in_range_weight(state, unit, idx) * math.sqrt(unit.men / max(1, unit.men_start))
    observed = is_observed(state, unit.side, idx)
    e = kg * p["artillery.rate"]
    if not observed:
        e *= p.i("artillery.unobserved_pct") / 100.0
    if barrage:
        e *= p.i("artillery.barrage_pct") / 100.0
    return e, observed


def resolve_bombard(state: GameState, order: Bombard, dice: Dice | np.random.Generator) -> list[Event]:
    dice = as_dice(dice)
    p = state.params
    unit = state.units[order.unit]
    idx = state.scenario.map.index[order.target]
    e, observed = expected_bombard(state, unit, idx, order.barrage)
    unit.ammo -= p.i("artillery.barrage_ammo") if order.barrage else 1
    unit.acted = True
    unit.mp_left = 0
    events: list[Event] = [BombardResolved(unit.id, order.target, order.barrage, observed, unit.ammo)]
    supp = p.i("artillery.barrage_suppression") if order.barrage else p.i("artillery.fire_suppression")
    if not observed:
        supp //= 2
    mission = dice.nth(f"artillery|{unit.id}")
    targets = [t for t in state.units_at(idx) if t.side == state.scenario.other(unit.side)]
    for i, target in enumerate(targets):
        prot = protection(state, idx, target.entrench, p.i("artillery.entrench_pct"))
        share = e * math.sqrt(target.men / 500.0) / prot
        events += harm(state, target, share, "artillery", dice, suppression=supp, key=f"{mission}|{i}")
        guns = indirect_guns(state, target) if target.alive else []
        if guns:
            u = dice.uniforms(f"{mission}|{i}|counter_battery", 2 * len(guns))
            events += _counter_battery(state, target, share, guns, u)
    return events


def _counter_battery(state: GameState, target: Unit, effect: float, guns: list[tuple[str, int]],
                    u: list[float]) -> list[Event]:
    pr = min(0.5, effect * state.params["artillery.counter_battery_rate"])
    hits = [("guns", cal, binomial_quantile(u[2 * i], n, pr), u[2 * i + 1]) for i, (cal, n) in enumerate(guns)]
    return knock_out(state, target, hits) if any(h[2] for h in hits) else []
