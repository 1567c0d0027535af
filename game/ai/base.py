"""The Player protocol and helpers shared by every player: legality filters and targeting."""

from __future__ import annotations

from typing import Protocol

from game.core.hexgrid import Hex
from game.core.orders import Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.knowledge import SideView
from game.rules.movement import reach_costs, static_distance
from game.rules.sight import spotted


class Player(Protocol):
    """Asked for one order at a time while it is its side's phase; EndPhase ends the phase.

    A player is handed its side's view (`Game.side_view`), never the game: it holds no unspotted
    enemy, no exact strength of an enemy out of contact and no dice. The engine checks each order
    against the true position; an order the view allowed but the engine refuses (something unseen
    in the way) is dropped and the player is asked again."""

    name: str

    def next_order(self, view: SideView) -> Order: ...


def enemy_hexes_near(state: GameState, side: str, centre: Hex, radius: int) -> list[tuple[int, int]]:
    """(men, hex index) of spotted enemy stacks within `radius` of centre, most men first."""
    m = state.scenario.map
    seen = spotted(state, side)
    totals: dict[int, int] = {}
    for uid in seen:
        e = state.units[uid]
        if e.hex.distance(centre) <= radius:
            idx = m.index[e.hex]
            totals[idx] = totals.get(idx, 0) + e.men
    return sorted(((men, idx) for idx, men in totals.items()), key=lambda t: (-t[0], t[1]))


def step_towards(state: GameState, unit: Unit, goal: Hex, stop_short: int = 0) -> Hex | None:
    """The reachable hex that gets `unit` closest to goal (by static path cost), or None."""
    m = state.scenario.map
    if goal not in m.index or unit.mp_left <= 0:
        return None
    dist = static_distance(state, m.index[goal], unit.type.vehicles)
    cost = reach_costs(state, unit)
    here = m.index[unit.hex]
    best: tuple[int, int, int] | None = None
    for idx, c in cost.items():
        if idx == here:
            continue
        if stop_short and m.hexes[idx].distance(goal) < stop_short:
            continue
        key = (dist[idx], c, idx)
        if best is None or key < best:
            best = key
    if best is None or best[0] >= dist[here]:
        return None
    return m.hexes[best[2]]
