"""Terrain kinds, read from a scenario's `terrain:` table, and their per-kind lookup tables.

The set of kinds is data: a map stores a uint8 kind index per hex (the kind's position in the
scenario's table), and rules look a kind's numbers up by that index, one hex at a time through
`TerrainKind` or for whole maps at once through the numpy arrays of `KindTables`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.fieldmethods import FieldMethods

# Overlay flags on a hex (bit mask in the map's `overlay` array).
ROAD = 1
RAIL = 2

MAX_KINDS = 64  # kinds in one table (a map stores kind indices as uint8)
# How the window draws a kind's hexes: flat colour; water with a ripple and a shoreline; water
# whose `line` features are drawn as a stream; grass tufts; trees; houses.
PATTERNS = ("plain", "water", "stream", "tufts", "trees", "houses")
WATER_PATTERNS = ("water", "stream")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TerrainKind(FieldMethods):
    """One terrain kind: how it affects movement, defence, digging and sight, and how it looks."""

    key: str
    move: int | None  # movement points to enter; None is impassable
    defence: float  # divides incoming fire
    max_entrench: int
    blocks_los: bool
    no_vehicles: bool = False
    high_ground: bool = False  # ground rising map.hill_rise_m above the base becomes this kind
    colour: tuple[int, int, int] = (200, 200, 200)
    pattern: str = "plain"

    @property
    def name(self) -> str:
        """The kind as players read it (`flood_plain` -> "flood plain")."""
        return self.key.replace("_", " ")

    @property
    def water(self) -> bool:
        return self.pattern in WATER_PATTERNS


@dataclass(frozen=True, slots=True)
class KindTables:
    """Per-kind numbers as numpy arrays indexed by kind index (`table[m.terrain]` gives per hex)."""

    move: np.ndarray  # int32 movement points; 0 is impassable
    defence: np.ndarray  # float64
    max_entrench: np.ndarray  # int32
    blocks_los: np.ndarray  # bool
    no_vehicles: np.ndarray  # bool
    water: np.ndarray  # bool
    colour: np.ndarray  # (kinds, 3) float32 RGB

    @staticmethod
    def build(kinds: tuple[TerrainKind, ...]) -> KindTables:
        return KindTables(
            move=np.array([k.move or 0 for k in kinds], dtype=np.int32),
            defence=np.array([k.defence for k in kinds], dtype=np.float64),
            max_entrench=np.array([k.max_entrench for k in kinds], dtype=np.int32),
            blocks_los=np.array([k.blocks_los for k in kinds], dtype=bool),
            no_vehicles=np.array([k.no_vehicles for k in kinds], dtype=bool),
            water=np.array([k.water for k in kinds], dtype=bool),
            colour=np.array([k.colour for k in kinds], dtype=np.float32).reshape(-1, 3),
        )


def kind_index(kinds: tuple[TerrainKind, ...], key: str) -> int:
    """The index of the kind named `key` (KeyError if the table has none)."""
    for i, k in enumerate(kinds):
        if k.key == key:
            return i
    raise KeyError(key)
