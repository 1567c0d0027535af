"""The random baseline: a uniformly random unit (or ending the phase), then a uniformly random
legal order for it. Its dice are its own stream, never the rules'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move, Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import in_range_weight, indirect_guns
from game.rules.legality import violations
from game.rules.movement import reachable
from game.rules.sight import spotted

if TYPE_CHECKING:
    from game.engine.game import Game


def unit_orders(state: GameState, u: Unit) -> list[Order]:
    """Every legal order for one unit (moves, assaults, fire, bombardment, digging, holding)."""
    m = state.scenario.map
    out: list[Order] = [Entrench(u.id), Hold(u.id)]
    cost, _ = reachable(state, u)
    here = m.index[u.hex]
    out += [Move(u.id, m.hexes[i]) for i in sorted(cost) if i != here]
    seen = spotted(state, u.side)
    for uid in seen:
        e = state.units[uid]
        d = u.hex.distance(e.hex)
        if d == 1:
            out.append(Assault((u.id,), e.hex))
        out.append(Fire(u.id, uid))
        if indirect_guns(state, u) and in_range_weight(state, u, m.index[e.hex]) > 0:
            out.append(Bombard(u.id, e.hex, False))
    return [o for o in out if not violations(state, o)]


def air_orders(state: GameState, side: str) -> list[Order]:
    if not can_fly(state):
        return []
    out: list[Order] = []
    targets = sorted({state.units[uid].hex for uid in spotted(state, side)})
    for kind in sorted(state.scenario.air_types[side]):
        n = min(12, sorties_left(state, side, kind))
        if n > 0:
            out += [AirStrike(kind, n, h) for h in targets]
    return out


class RandomPlayer:
    name = "random"

    def __init__(self, side: str, rng: np.random.Generator) -> None:
        self.side = side
        self.rng = rng
        self._phase: tuple[int, int] = (-1, -1)
        self._count = 0

    def next_order(self, game: Game) -> Order:
        state = game.state
        key = (state.turn, state.phase)
        if key != self._phase:
            self._phase, self._count = key, 0
        self._count += 1
        units = [u for u in state.live_units(self.side) if not u.acted]
        if self._count > 3 * len(units) + 3:
            return EndPhase()
        pick = int(self.rng.integers(0, len(units) + 2))
        if pick >= len(units):
            if pick == len(units):
                return EndPhase()
            options = air_orders(state, self.side)
        else:
            options = unit_orders(state, units[pick])
        if not options:
            return EndPhase()
        return options[int(self.rng.integers(0, len(options)))]
