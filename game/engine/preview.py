"""Expected effects of bombardments and air strikes as the firing side can know them.

A preview takes the side's view (`game.api.View`): the units it names are those the view shows in
the target hex, and an enemy unit's strength is estimated from the order of battle (its men at
the start), never read from its current men or digging, which the side cannot know.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core.hexgrid import Hex
from game.core.state import GameState
from game.rules.artillery import expected_bombard
from game.rules.firepower import protection

if TYPE_CHECKING:
    from game.api import UnitView, View


@dataclass(frozen=True, slots=True)
class Expected:
    """Expected men lost by one unit the side knows to be in the target hex."""

    unit: str
    name: str
    men: float
    estimated: bool  # True when the unit's strength is estimated (an enemy's)


def _strength(state: GameState, u: UnitView) -> tuple[int, int, bool]:
    """Men and digging as the viewer knows them: exact for its own units, else from the order of battle."""
    if u.men is not None:
        return u.men, u.entrench or 0, False
    start = next((s.men_start for s in state.scenario.units if s.id == u.id), 0)
    return start, 0, True


def _targets(view: View, target: Hex) -> list[UnitView]:
    return [u for u in view.units_at(target) if u.side != view.side]


def bombard_outcomes(state: GameState, view: View, unit_id: str, target: Hex, barrage: bool) -> list[Expected]:
    """Expected losses of the units `view` shows in `target` from `unit_id`'s fire mission."""
    unit = state.units[unit_id]
    if unit.side != view.side:
        raise ValueError(f"{unit_id} is not a unit of {view.side}")
    idx = state.scenario.map.index[target]
    e, _ = expected_bombard(state, unit, idx, barrage)
    pct = state.params.i("artillery.entrench_pct")
    out = []
    for t in _targets(view, target):
        men, dug, est = _strength(state, t)
        out.append(Expected(t.id, t.name, e * math.sqrt(men / 500.0) / protection(state, idx, dug, pct), est))
    return out


def air_outcomes(state: GameState, view: View, aircraft: str, sorties: int, target: Hex) -> list[Expected]:
    """Expected losses of the units `view` shows in `target` from an air strike by `view.side`."""
    p = state.params
    kg = state.scenario.air_types[view.side][aircraft].bomb_kg * sorties
    idx = state.scenario.map.index[target]
    pct = p.i("air.entrench_pct")
    out = []
    for t in _targets(view, target):
        men, dug, est = _strength(state, t)
        e = kg * p["air.rate"] * math.sqrt(men / 500.0) / protection(state, idx, dug, pct)
        out.append(Expected(t.id, t.name, e, est))
    return out
