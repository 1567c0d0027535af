"""Expected effects of an order as the acting side can know them: the one computation behind the
window's previews (game/ui/preview.py) and the public API's (`bombard_outcomes`, `air_outcomes`).

Everything is computed on the side's view (`game.rules.knowledge.side_view`, a `SideView`): the
enemy units named are those it has spotted in the target hex, and an enemy's men and digging are
what the knowledge rule lets the side know (exact in contact or once the game is over, otherwise
as on paper in the order of battle). Never the enemy's current men or digging out of contact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core.hexgrid import Hex
from game.core.state import GameState
from game.core.units import Unit
from game.rules.artillery import expected_bombard
from game.rules.firepower import protection
from game.rules.knowledge import SideView, knows_details, side_view

if TYPE_CHECKING:
    from game.api import View


@dataclass(frozen=True, slots=True)
class Expected:
    """Expected men lost by one unit the side knows to be in the target hex."""

    unit: str
    name: str
    men: float
    estimated: bool  # True when the unit's strength is estimated (an enemy's, out of contact)
    strength: int = 0  # its men as the side knows them (the most it can lose)
    entrench: int = 0  # its digging as the side knows it


def known_state(state: GameState, side: str) -> SideView:
    """`state` as `side` knows it (`state` itself when it already is that side's view)."""
    if isinstance(state, SideView) and state.viewer == side:
        return state
    return side_view(state, side)


def known_enemies(known: SideView, target: Hex) -> list[Unit]:
    """The enemy units the view's side knows to be in `target`."""
    idx = known.scenario.map.index[target]
    return [t for t in known.units_at(idx) if t.side != known.viewer]


def _expected(known: SideView, t: Unit, men: float) -> Expected:
    return Expected(t.id, t.name, men, not knows_details(known, known.viewer, t), t.men, t.entrench)


def fire_expected(known: SideView, firer_id: str, target_id: str) -> Expected:
    """Expected men lost by `target_id` to a direct-fire order of `firer_id`, as the firer's side knows it."""
    from game.rules.fire import expected_fire

    return _expected(known, known.units[target_id], expected_fire(known, firer_id, target_id))


def bombard_expected(known: SideView, unit_id: str, target: Hex, barrage: bool) -> tuple[list[Expected], bool]:
    """Expected losses of the known enemies in `target` from `unit_id`'s fire mission, and whether
    the target is observed."""
    unit = known.units[unit_id]
    idx = known.scenario.map.index[target]
    e, observed = expected_bombard(known, unit, idx, barrage)
    pct = known.params.i("artillery.entrench_pct")
    return [_expected(known, t, e * math.sqrt(t.men / 500.0) / protection(known, idx, t.entrench, pct))
            for t in known_enemies(known, target)], observed


def air_expected(known: SideView, aircraft: str, sorties: int, target: Hex) -> list[Expected]:
    """Expected losses of the known enemies in `target` from an air strike by the view's side."""
    p = known.params
    kg = known.scenario.air_types[known.viewer][aircraft].bomb_kg * sorties
    idx = known.scenario.map.index[target]
    pct = p.i("air.entrench_pct")
    return [_expected(known, t, kg * p["air.rate"] * math.sqrt(t.men / 500.0) / protection(known, idx, t.entrench, pct))
            for t in known_enemies(known, target)]


def bombard_outcomes(state: GameState, view: View, unit_id: str, target: Hex, barrage: bool) -> list[Expected]:
    """Expected losses of the units `view`'s side knows in `target` from `unit_id`'s fire mission."""
    unit = state.units[unit_id]
    if unit.side != view.side:
        raise ValueError(f"{unit_id} is not a unit of {view.side}")
    return bombard_expected(known_state(state, view.side), unit_id, target, barrage)[0]


def air_outcomes(state: GameState, view: View, aircraft: str, sorties: int, target: Hex) -> list[Expected]:
    """Expected losses of the units `view`'s side knows in `target` from an air strike by `view.side`."""
    return air_expected(known_state(state, view.side), aircraft, sorties, target)
