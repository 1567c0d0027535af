"""Direct fire: a unit shoots at a spotted enemy unit within small-arms range."""

from __future__ import annotations

import numpy as np

from game.core.events import Event, FireResolved
from game.core.orders import Fire
from game.core.rng import Dice, as_dice
from game.core.state import GameState
from game.rules.casualties import inflict
from game.rules.firepower import conditions_pct, direct_firepower, protection


def expected_fire(state: GameState, firer_id: str, target_id: str) -> float:
    """Expected casualties of a direct-fire order (used by rules, AI and the UI preview)."""
    p = state.params
    firer, target = state.units[firer_id], state.units[target_id]
    m = state.scenario.map
    ti = m.index[target.hex]
    fi = m.index[firer.hex]
    e = direct_firepower(state, firer) * p["fire.rate"]
    e *= conditions_pct(state, "fire.night_pct", "fire.fog_pct")
    if int(m.elevation[ti]) > int(m.elevation[fi]) + 20:
        e *= p.i("fire.uphill_pct") / 100.0
    e /= protection(state, ti, target.entrench, p.i("fire.entrench_pct"))
    return e


def resolve_fire(state: GameState, order: Fire, dice: Dice | np.random.Generator) -> list[Event]:
    e = expected_fire(state, order.unit, order.target)
    firer, target = state.units[order.unit], state.units[order.target]
    firer.acted = True
    firer.mp_left = 0
    events: list[Event] = [FireResolved(firer.id, target.id, round(e, 2), 0)]
    events += inflict(state, target, e, "fire", dice, key=as_dice(dice).nth(f"fire|{firer.id}"))
    return events
