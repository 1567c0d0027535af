"""Hex geometry in axial coordinates (pointy-top), offset conversion and lat/lon projection."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.fieldmethods import FieldMethods

# Axial direction vectors in a fixed order: E, NE, NW, W, SW, SE.
DIRECTIONS: tuple[tuple[int, int], ...] = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))

SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True, slots=True, order=True)
class Hex:
    """A hex in axial coordinates; s = -q - r is implied."""

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __add__(self, other: Hex) -> Hex:
        return Hex(self.q + other.q, self.r + other.r)

    def neighbor(self, direction: int) -> Hex:
        dq, dr = DIRECTIONS[direction]
        return Hex(self.q + dq, self.r + dr)

    def neighbors(self) -> list[Hex]:
        """The six adjacent hexes, in direction order."""
        return [Hex(self.q + dq, self.r + dr) for dq, dr in DIRECTIONS]

    def distance(self, other: Hex) -> int:
        dq, dr = self.q - other.q, self.r - other.r
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    def ring(self, radius: int) -> list[Hex]:
        """Hexes at exactly `radius` steps; ring(0) is [self]."""
        if radius < 0:
            raise ValueError("radius must be >= 0")
        if radius == 0:
            return [self]
        dq, dr = DIRECTIONS[4]
        q, r = self.q + dq * radius, self.r + dr * radius
        out: list[Hex] = []
        for dq, dr in DIRECTIONS:
            for _ in range(radius):
                out.append(Hex(q, r))
                q, r = q + dq, r + dr
        return out

    def spiral(self, radius: int) -> list[Hex]:
        """All hexes within `radius`, nearest first, in a fixed order."""
        out: list[Hex] = []
        for k in range(radius + 1):
            out.extend(self.ring(k))
        return out

    def line_to(self, other: Hex) -> list[Hex]:
        """Hexes on the straight line from self to other, both included, each step adjacent.

        Uses exact integer-rational interpolation (nudged by a tiny fixed epsilon) so the result
        never depends on platform float quirks.
        """
        n = self.distance(other)
        if n == 0:
            return [self]
        out = []
        # Nudge avoids ties on hex edges; identical on every IEEE-754 machine.
        aq, ar = self.q + 1e-6, self.r + 1e-6
        bq, br = other.q + 1e-6, other.r + 1e-6
        for i in range(n + 1):
            t = i / n
            out.append(cube_round(aq + (bq - aq) * t, ar + (br - ar) * t))
        return out

    def to_offset(self) -> tuple[int, int]:
        """Axial -> odd-r offset (col, row) used for authoring and rectangular maps."""
        col = self.q + (self.r - (self.r & 1)) // 2
        return col, self.r

    @staticmethod
    def from_offset(col: int, row: int) -> Hex:
        """Odd-r offset (col, row) -> axial."""
        return Hex(col - (row - (row & 1)) // 2, row)

    def to_list(self) -> list[int]:
        return [self.q, self.r]


def cube_round(fq: float, fr: float) -> Hex:
    """Round fractional axial coordinates to the nearest hex."""
    fs = -fq - fr
    q, r, s = round(fq), round(fr), round(fs)
    dq, dr, ds = abs(q - fq), abs(r - fr), abs(s - fs)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Hex(int(q), int(r))


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Projection(FieldMethods):
    """Local equirectangular projection from latitude/longitude to hexes.

    The origin is the north-west corner of the map box. `x` grows east, `y` grows south, in
    metres. Metres per degree are rounded to whole metres at load time so every machine agrees.
    """

    north: float
    west: float
    hex_m: float
    m_per_deg_lat: int = 110_950
    m_per_deg_lon: int = 82_000

    @staticmethod
    def for_box(north: float, south: float, west: float, hex_m: float) -> Projection:
        lat0 = math.radians((north + south) / 2.0)
        m_lat = round(111_132.92 - 559.82 * math.cos(2 * lat0))
        m_lon = round(111_412.84 * math.cos(lat0) - 93.5 * math.cos(3 * lat0))
        return Projection(north, west, hex_m, m_lat, m_lon)

    def to_metres(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.west) * self.m_per_deg_lon, (self.north - lat) * self.m_per_deg_lat

    def to_latlon(self, x: float, y: float) -> tuple[float, float]:
        return self.north - y / self.m_per_deg_lat, self.west + x / self.m_per_deg_lon

    def hex_size(self) -> float:
        """Circumradius of a pointy-top hex whose centres are `hex_m` apart."""
        return self.hex_m / SQRT3

    def hex_at_metres(self, x: float, y: float) -> Hex:
        size = self.hex_size()
        fq = (SQRT3 / 3.0 * x - y / 3.0) / size
        fr = (2.0 / 3.0 * y) / size
        return cube_round(fq, fr)

    def hex_at(self, lat: float, lon: float) -> Hex:
        return self.hex_at_metres(*self.to_metres(lat, lon))

    def centre_metres(self, h: Hex) -> tuple[float, float]:
        size = self.hex_size()
        return size * SQRT3 * (h.q + h.r / 2.0), size * 1.5 * h.r

    def centre_latlon(self, h: Hex) -> tuple[float, float]:
        return self.to_latlon(*self.centre_metres(h))
