"""The random baseline: a uniformly random unit with orders left (or the air force, or ending the
phase), then a uniformly random one of its orders from the game's `legal_orders()`. Its dice are
its own stream, never the rules'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.orders import EndPhase, Order, order_units

if TYPE_CHECKING:
    from game.api import Game


def by_commander(orders: list[Order]) -> list[list[Order]]:
    """Legal orders grouped by the first unit they command ("air" for air missions), EndPhase left out,
    in the order `legal_orders` lists them."""
    groups: dict[str, list[Order]] = {}
    for o in orders:
        if isinstance(o, EndPhase):
            continue
        units = order_units(o)
        groups.setdefault(units[0] if units else o.kind, []).append(o)
    return list(groups.values())


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
        groups = by_commander(game.legal_orders())
        pick = int(self.rng.integers(0, len(groups) + 1))
        if pick == len(groups):
            return EndPhase()
        options = groups[pick]
        return options[int(self.rng.integers(0, len(options)))]
