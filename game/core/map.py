"""The battlefield: hexes in a rectangle, terrain, elevation, overlays, border side, places.

Per-hex fields are numpy arrays indexed by a dense hex index; `neighbors` holds the six
neighbour indices of every hex (or -1 off the map) in direction order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.core.hexgrid import DIRECTIONS, Hex, Projection
from game.core.terrain import RAIL, ROAD, KindTables, TerrainKind

# Border side values.
EAST = 1
WEST = -1


@dataclass(slots=True)
class GameMap:
    """A rectangular (odd-r offset) hex map with numpy fields."""

    cols: int
    rows: int
    projection: Projection
    terrain: np.ndarray  # uint8 kind index per hex (position in terrain_rules)
    elevation: np.ndarray  # int16 metres
    overlay: np.ndarray  # uint8 ROAD | RAIL bits
    border_side: np.ndarray  # int8 EAST / WEST / 0 (no border)
    terrain_rules: tuple[TerrainKind, ...]  # the scenario's terrain kinds, in table order
    road_move: int = 1
    border_names: dict[str, str] = field(default_factory=dict)
    places: dict[str, Hex] = field(default_factory=dict)
    hexes: list[Hex] = field(default_factory=list)
    index: dict[Hex, int] = field(default_factory=dict)
    neighbors: np.ndarray = field(default_factory=lambda: np.zeros((0, 6), dtype=np.int32))
    q: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # axial q per hex index
    r: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    kind_tables: KindTables | None = None
    _los_cache: dict[tuple[int, int], bool] = field(default_factory=dict)

    @staticmethod
    def blank(cols: int, rows: int, projection: Projection, kinds: tuple[TerrainKind, ...]) -> GameMap:
        n = cols * rows
        m = GameMap(
            cols=cols,
            rows=rows,
            projection=projection,
            terrain=np.zeros(n, dtype=np.uint8),
            elevation=np.zeros(n, dtype=np.int16),
            overlay=np.zeros(n, dtype=np.uint8),
            border_side=np.zeros(n, dtype=np.int8),
            terrain_rules=kinds,
            kind_tables=KindTables.build(kinds),
        )
        row = np.repeat(np.arange(rows, dtype=np.int64), cols)
        col = np.tile(np.arange(cols, dtype=np.int64), rows)
        q = col - (row - (row & 1)) // 2
        m.hexes = [Hex(a, b) for a, b in zip(q.tolist(), row.tolist(), strict=True)]
        m.index = {h: i for i, h in enumerate(m.hexes)}
        nb = np.full((n, 6), -1, dtype=np.int32)
        for d, (dq, dr) in enumerate(DIRECTIONS):
            r2 = row + dr
            c2 = q + dq + (r2 - (r2 & 1)) // 2
            ok = (r2 >= 0) & (r2 < rows) & (c2 >= 0) & (c2 < cols)
            nb[ok, d] = (r2 * cols + c2)[ok]
        m.neighbors = nb
        m.q = q.astype(np.int32)
        m.r = row.astype(np.int32)
        return m

    @property
    def size(self) -> int:
        return self.cols * self.rows

    def distances(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Hex distances between hex indices `a` (rows) and `b` (columns), as a matrix."""
        dq = self.q[a][:, None] - self.q[b][None, :]  # int32: coordinates stay far below 2**30
        dr = self.r[a][:, None] - self.r[b][None, :]
        s = dq + dr
        np.abs(dq, out=dq)
        np.abs(dr, out=dr)
        np.abs(s, out=s)
        dq += dr
        dq += s
        dq //= 2
        return dq

    def contains(self, h: Hex) -> bool:
        return h in self.index

    def terrain_at(self, h: Hex) -> int:
        """The kind index of hex `h` (look its rules up in `terrain_rules`)."""
        return int(self.terrain[self.index[h]])

    def kind(self, i: int) -> TerrainKind:
        """The terrain kind of hex index `i`."""
        return self.terrain_rules[int(self.terrain[i])]

    @property
    def tables(self) -> KindTables:
        """Per-kind numpy tables (index them with `terrain` for per-hex arrays)."""
        if self.kind_tables is None:
            self.kind_tables = KindTables.build(self.terrain_rules)
        return self.kind_tables

    def elevation_at(self, h: Hex) -> int:
        return int(self.elevation[self.index[h]])

    def has_road(self, i: int) -> bool:
        return bool(self.overlay[i] & (ROAD | RAIL))

    def neighbor_list(self, i: int) -> list[int]:
        return [int(j) for j in self.neighbors[i] if j >= 0]

    def border_hexsides(self) -> list[tuple[Hex, Hex]]:
        """Pairs of adjacent hexes on opposite sides of the border line (each pair once)."""
        out = []
        for i, h in enumerate(self.hexes):
            for j in self.neighbors[i]:
                if j > i and self.border_side[i] * self.border_side[j] < 0:
                    out.append((h, self.hexes[int(j)]))
        return out

    def hex_of_place(self, name: str) -> Hex:
        return self.places[name]

    def nearest(self, h: Hex, ok: Callable[[Hex], bool], radius: int = 12) -> Hex:
        """The nearest on-map hex to `h` (spiral order) for which ok(hex) holds, else h."""
        for k in range(radius + 1):  # ring by ring: most searches end in the first
            for cand in h.ring(k):
                if cand in self.index and ok(cand):
                    return cand
        return h
