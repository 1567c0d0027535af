"""Morale, rout and retreat: units that lose too much break and fall back away from the enemy."""

from __future__ import annotations

import numpy as np

from game.core.events import Casualties, Event, Retreated, Routed
from game.core.hexgrid import Hex
from game.core.rng import Dice
from game.core.state import GameState
from game.core.units import Unit
from game.rules.casualties import inflict
from game.rules.movement import enter_cost


def harm(state: GameState, unit: Unit, expected: float, cause: str, dice: Dice | np.random.Generator,
         suppression: int = 0, morale_hit: int = 0, key: str = "") -> list[Event]:
    """Inflict casualties, then rout the unit if its morale broke."""
    events = inflict(state, unit, expected, cause, dice, suppression, morale_hit, key)
    if unit.alive and unit.morale < state.params.i("morale.rout_below"):
        events += rout(state, unit)
    return events


def rout(state: GameState, unit: Unit) -> list[Event]:
    events: list[Event] = [Routed(unit.id)]
    unit.suppression = 100
    unit.mp_left = 0
    unit.entrench = 0
    events += retreat(state, unit, state.params.i("morale.rout_retreat"))
    return events


def _threat(state: GameState, idx: int, enemies: list[Hex]) -> int:
    """How close the enemies are: 4 - distance summed over those within 3 hexes."""
    h = state.scenario.map.hexes[idx]
    q, r = h.q, h.r
    total = 0
    for e in enemies:
        dq, dr = q - e.q, r - e.r
        d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
        if d < 4:
            total += 4 - d
    return total


def retreat(state: GameState, unit: Unit, steps: int) -> list[Event]:
    """Fall back up to `steps` hexes, each step to the neighbour least threatened by enemies.

    A unit with nowhere to go surrenders a share of its men (counted as missing).
    """
    m = state.scenario.map
    foes = state.live_units(state.scenario.other(unit.side))
    enemies = [u.hex for u in foes if u.hex.distance(unit.hex) <= steps + 4]
    cap = state.params.i("stacking_max_units")
    path = [unit.hex]
    here = m.index[unit.hex]
    for _ in range(steps):
        best: tuple[int, int] | None = None
        for j in m.neighbors[here]:
            j = int(j)
            if j < 0 or enter_cost(state, unit, here, j) is None:
                continue
            occ = state.occupancy.get(j, [])
            if occ and (state.units[occ[0]].side != unit.side or len(occ) >= cap):
                continue
            score = (_threat(state, j, enemies), j)
            if best is None or score < best:
                best = score
        if best is None or best[0] > _threat(state, here, enemies):
            break
        here = best[1]
        path.append(m.hexes[here])
    if len(path) == 1:
        return surrender(state, unit)
    state.move_unit(unit, here)
    unit.entrench = 0
    return [Retreated(unit.id, tuple(path))]


def surrender(state: GameState, unit: Unit) -> list[Event]:
    n = unit.men * state.params.i("assault.surrender_pct") // 100
    if n <= 0:
        return []
    unit.men -= n
    unit.missing += n
    events: list[Event] = [Casualties(unit.id, unit.side, 0, 0, n, "surrender", float(n))]
    if unit.men <= 0:
        from game.core.events import Eliminated

        state.remove(unit)
        unit.on_map = False
        events.append(Eliminated(unit.id))
    state.version += 1
    return events


def recover(state: GameState, unit: Unit, in_contact: bool) -> None:
    """End-of-turn recovery of suppression, and of morale when out of contact."""
    p = state.params
    unit.suppression = max(0, unit.suppression - p.i("suppression.recover"))
    if not in_contact:
        unit.morale = min(unit.morale_base, unit.morale + p.i("morale.recover"))
