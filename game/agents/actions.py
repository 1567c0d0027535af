"""Numbered actions over a fixed action space for one scenario, and the mask of the legal ones.

The space is laid out in blocks (unit i = the scenario's units sorted by id, hex h = map index):
move (unit, hex); fire (unit, unit); bombard (unit, hex, barrage); dig in (unit); hold (unit);
assault by one unit (unit, direction); assault by every unit able to join (hex); air mission
(aircraft type, hex, size: 2**k sorties, or the last slot: all available up to the per-strike
cap); end of phase. `legal_orders()` lists a few orders this space cannot name (assault groups
other than one unit or the whole group); those are not offered to agents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from game.core.hexgrid import DIRECTIONS, Hex
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move, Order
from game.engine.scenario import Scenario


class ActionSpace:
    """Encode orders as action numbers and back, for one scenario."""

    def __init__(self, scen: Scenario, cap: int) -> None:
        self.units = sorted(u.id for u in scen.units)
        self.unit_index = {u: i for i, u in enumerate(self.units)}
        self.hexes = scen.map.hexes
        self.hex_index = scen.map.index
        self.aircraft = sorted({k for types in scen.air_types.values() for k in types})
        self.cap = cap
        self.sizes = cap.bit_length() + 1  # 1, 2, 4, ... below the cap, then "all available"
        u, h = len(self.units), len(self.hexes)
        blocks = [("move", u * h), ("fire", u * u), ("bombard", u * h * 2), ("entrench", u), ("hold", u),
                  ("assault1", u * 6), ("assault_all", h), ("air", len(self.aircraft) * h * self.sizes),
                  ("end", 1)]
        self.base: dict[str, int] = {}
        n = 0
        for name, size in blocks:
            self.base[name] = n
            n += size
        self.n = n

    def encode(self, order: Order) -> int | None:
        """The action number of a legal order (None if this space cannot name it)."""
        return ENCODERS[type(order)](self, order)

    def mask(self, legal: list[Order], positions: dict[str, Hex]) -> tuple[np.ndarray, dict[int, Order]]:
        """The mask of legal actions (int8, 1 = legal) and the order each legal action stands for.
        `positions` maps unit ids to their hexes (for assault directions)."""
        out = np.zeros(self.n, dtype=np.int8)
        orders: dict[int, Order] = {}
        groups: dict[Hex, Assault] = {}
        for o in legal:
            a: int | None
            if isinstance(o, Assault):
                if len(o.units) == 1:
                    here = positions[o.units[0]]
                    d = DIRECTIONS.index((o.target.q - here.q, o.target.r - here.r))
                    a = self.base["assault1"] + self.unit_index[o.units[0]] * 6 + d
                    orders[a] = o
                    out[a] = 1
                best = groups.get(o.target)
                if best is None or len(o.units) > len(best.units):
                    groups[o.target] = o
                continue
            a = self.encode(o)
            if a is not None and a not in orders:
                orders[a] = o
                out[a] = 1
        for target, o in groups.items():
            a = self.base["assault_all"] + self.hex_index[target]
            orders[a] = o
            out[a] = 1
        return out, orders


def _move(sp: ActionSpace, o: Move) -> int:
    return sp.base["move"] + sp.unit_index[o.unit] * len(sp.hexes) + sp.hex_index[o.to]


def _fire(sp: ActionSpace, o: Fire) -> int:
    return sp.base["fire"] + sp.unit_index[o.unit] * len(sp.units) + sp.unit_index[o.target]


def _bombard(sp: ActionSpace, o: Bombard) -> int:
    return sp.base["bombard"] + (sp.unit_index[o.unit] * len(sp.hexes) + sp.hex_index[o.target]) * 2 + int(o.barrage)


def _air(sp: ActionSpace, o: AirStrike) -> int:
    s = o.sorties
    k = s.bit_length() - 1 if s & (s - 1) == 0 and s < sp.cap else sp.sizes - 1
    return sp.base["air"] + (sp.aircraft.index(o.aircraft) * len(sp.hexes) + sp.hex_index[o.target]) * sp.sizes + k


# The action number of each order type: one entry per class in ORDER_TYPES (tests check the cover).
# Assaults need the units' positions: `mask` numbers them.
ENCODERS: dict[type[Any], Callable[[ActionSpace, Any], int | None]] = {
    Move: _move,
    Fire: _fire,
    Bombard: _bombard,
    Entrench: lambda sp, o: sp.base["entrench"] + sp.unit_index[o.unit],
    Hold: lambda sp, o: sp.base["hold"] + sp.unit_index[o.unit],
    AirStrike: _air,
    EndPhase: lambda sp, o: sp.base["end"],
    Assault: lambda sp, o: None,
}
