"""Rasterise a scenario's map section (lat/lon shapes and spot heights) onto the hex grid.

Elevation: every spot height is a cone whose peak is the documented height and whose base
(`radius_m`) meets the base elevation; a hex takes the highest cone over its centre, and the hex
holding a spot height takes that height (its highest point, which is what observation and the
climb of an assault depend on, so a summit hex is as high as the sources say). Hexes that
rise `hill_rise_m` above the base become the scenario's `high_ground` terrain kind (if it has
one) unless a painted feature says otherwise. Terrain is stored as kind indices: a kind's
position in the scenario's terrain table.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from game.core.hexgrid import SQRT3, Projection
from game.core.map import EAST, WEST, GameMap
from game.core.terrain import RAIL, ROAD, TerrainKind, kind_index


def make_projection(bbox: dict[str, float], hex_m: float) -> tuple[Projection, int, int]:
    proj = Projection.for_box(bbox["north"], bbox["south"], bbox["west"], hex_m)
    width = (bbox["east"] - bbox["west"]) * proj.m_per_deg_lon
    height = (bbox["north"] - bbox["south"]) * proj.m_per_deg_lat
    cols = max(1, int(width // hex_m) + 1)
    rows = max(1, int(height // (hex_m * math.sqrt(3) / 2)) + 1)
    return proj, cols, rows


def _centres(m: GameMap) -> tuple[np.ndarray, np.ndarray]:
    size = m.projection.hex_size()  # as Projection.centre_metres, for all hexes at once
    q, r = m.q.astype(np.float64), m.r.astype(np.float64)
    return size * SQRT3 * (q + r / 2.0), size * 1.5 * r


def _points(m: GameMap, pts: list[list[float]]) -> np.ndarray:
    return np.array([m.projection.to_metres(p[0], p[1]) for p in pts], dtype=np.float64)


def _inside(x: np.ndarray, y: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd point in polygon for many points at once."""
    inside = np.zeros(x.shape, dtype=bool)
    n = len(poly)
    for k in range(n):
        x1, y1 = poly[k]
        x2, y2 = poly[(k + 1) % n]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xint = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < xint)
    return inside


def _near_line(x: np.ndarray, y: np.ndarray, line: np.ndarray, width: float) -> np.ndarray:
    near = np.zeros(x.shape, dtype=bool)
    for (x1, y1), (x2, y2) in itertools.pairwise(line):
        dx, dy = x2 - x1, y2 - y1
        seg2 = dx * dx + dy * dy
        t = np.clip(((x - x1) * dx + (y - y1) * dy) / seg2, 0.0, 1.0) if seg2 > 0 else np.zeros_like(x)
        d2 = (x - (x1 + t * dx)) ** 2 + (y - (y1 + t * dy)) ** 2
        near |= d2 <= (width / 2.0) ** 2
    return near


def _line_hexes(m: GameMap, pts: list[list[float]]) -> list[int]:
    """Hexes along a polyline, connected step by step, clipped to the map."""
    hexes = [m.projection.hex_at(p[0], p[1]) for p in pts]
    out: list[int] = []
    for a, b in itertools.pairwise(hexes):
        for h in a.line_to(b):
            i = m.index.get(h)
            if i is not None and (not out or out[-1] != i):
                out.append(i)
    if len(hexes) == 1 and hexes[0] in m.index:
        out.append(m.index[hexes[0]])
    return out


def paint_elevation(m: GameMap, base: int, heights: list[tuple[float, float, float, float]]) -> None:
    x, y = _centres(m)
    elev = np.full(m.size, float(base))
    for lat, lon, peak, radius in heights:
        px, py = m.projection.to_metres(lat, lon)
        d = np.hypot(x - px, y - py)
        cone = peak - (peak - base) * d / radius
        elev = np.maximum(elev, cone)
    for lat, lon, peak, _ in heights:
        idx = m.index.get(m.projection.hex_at(lat, lon))
        if idx is not None:
            elev[idx] = max(elev[idx], peak)
    m.elevation[:] = np.round(elev).astype(np.int16)


def paint_features(m: GameMap, features: list[dict[str, Any]]) -> None:
    x, y = _centres(m)
    for f in features:
        if "overlay" in f:
            bit = ROAD if f["overlay"] == "road" else RAIL
            for i in _line_hexes(m, f["line"]):
                m.overlay[i] |= bit
            continue
        t = kind_index(m.terrain_rules, f["terrain"])
        if "polygon" in f:
            m.terrain[_inside(x, y, _points(m, f["polygon"]))] = t
        elif "line" in f:
            m.terrain[_line_hexes(m, f["line"])] = t
            width = float(f.get("width_m", 0))
            if width > 0:
                m.terrain[_near_line(x, y, _points(m, f["line"]), width)] = t
        elif "at" in f:
            h = m.projection.hex_at(f["at"][0], f["at"][1])
            if h in m.index:
                m.terrain[m.index[h]] = t


def paint_border(m: GameMap, line: list[list[float]]) -> None:
    """Each hex is EAST or WEST of the polyline (by the line's x at the hex's y)."""
    pts = _points(m, line)
    order = np.argsort(pts[:, 1], kind="stable")
    pts = pts[order]
    x, y = _centres(m)
    bx = np.interp(y, pts[:, 1], pts[:, 0])
    m.border_side[:] = np.where(x >= bx, EAST, WEST).astype(np.int8)


def build_map(section: dict[str, Any], kinds: tuple[TerrainKind, ...], road_move: int,
              heights: list[tuple[float, float, float, float]]) -> GameMap:
    proj, cols, rows = make_projection(section["bbox"], float(section["hex_m"]))
    m = GameMap.blank(cols, rows, proj, kinds)
    m.road_move = road_move
    base = int(section["base_elevation_m"])
    paint_elevation(m, base, heights)
    m.terrain[:] = kind_index(kinds, section["base_terrain"])
    for i, k in enumerate(kinds):
        if k.high_ground:
            m.terrain[m.elevation >= base + int(section["hill_rise_m"])] = i
    paint_features(m, section.get("features", []))
    if section.get("border"):
        paint_border(m, section["border"]["line"])
        m.border_names = dict(section["border"].get("names", {"west": "west", "east": "east"}))
    return m


__all__ = ["EAST", "WEST", "build_map", "make_projection"]
