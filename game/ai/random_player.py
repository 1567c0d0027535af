"""The random baseline: a uniformly random unit that has not fired (or the air force, or ending
the phase), then a uniformly random one of that unit's orders from the game's `legal_orders()`
(ending the phase if it has none), as its side's view allows them. Its dice are its own stream, never the rules'.
"""

from __future__ import annotations

import numpy as np

from game.core.orders import EndPhase, Order
from game.rules.knowledge import SideView
from game.rules.legality import legal_orders


class RandomPlayer:
    name = "random"

    def __init__(self, side: str, rng: np.random.Generator) -> None:
        self.side = side
        self.rng = rng
        self._phase: tuple[int, int] = (-1, -1)
        self._count = 0

    def next_order(self, view: SideView) -> Order:
        state = view
        key = (state.turn, state.phase)
        if key != self._phase:
            self._phase, self._count = key, 0
        self._count += 1
        units = [u for u in state.live_units(self.side) if not u.acted]
        if self._count > 3 * len(units) + 3:
            return EndPhase()
        pick = int(self.rng.integers(0, len(units) + 2))
        if pick == len(units):
            return EndPhase()
        options = legal_orders(view, units[pick].id if pick < len(units) else "air")
        if not options:
            return EndPhase()
        return options[int(self.rng.integers(0, len(options)))]
