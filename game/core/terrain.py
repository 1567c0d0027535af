"""Terrain kinds and the per-terrain rule data read from a scenario."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Terrain(IntEnum):
    """Terrain of a hex; stored as uint8 in map arrays."""

    OPEN = 0
    HILL = 1
    MARSH = 2
    LAKE = 3
    RIVER = 4
    VILLAGE = 5
    SCRUB = 6

    @property
    def key(self) -> str:
        return self.name.lower()

    @staticmethod
    def from_key(key: str) -> Terrain:
        return Terrain[key.upper()]


TERRAIN_KEYS: tuple[str, ...] = tuple(t.key for t in Terrain)

# Overlay flags on a hex (bit mask in the map's `overlay` array).
ROAD = 1
RAIL = 2


@dataclass(frozen=True, slots=True)
class TerrainRules:
    """How one terrain affects movement, defence, digging and sight."""

    move: int | None  # movement points to enter; None is impassable
    defence: float  # divides incoming fire
    max_entrench: int
    blocks_los: bool
    no_vehicles: bool = False
