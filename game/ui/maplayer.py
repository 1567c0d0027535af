"""The terrain layer: the scenario's map painted into cached tiles, one cache per zoom level.

Each tile is computed with numpy: the terrain colour of the hex under every pixel, relief shading
and 20 m contour lines from the scenario's spot heights (the same cones the engine used for hex
elevations), a faint paper texture; then pygame draws the vector features on top (shorelines,
rivers, marsh tufts, scrub, houses, roads, rail, the border along hex sides, the hex grid).
Tiles are built on demand within a time budget; a whole-map overview (also the minimap) stands
in for tiles not yet built so panning and zooming never show holes.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pygame

from game.core.hexgrid import SQRT3
from game.core.map import GameMap
from game.core.terrain import TerrainKind
from game.engine.scenario import Scenario
from game.ui.layout import HEX_CORNERS, Camera, hex_centre_unit, map_bounds_unit
from game.ui.theme import Theme

Line = list[tuple[float, float]]


@dataclass(slots=True)
class MapGeometry:
    """Everything the painter needs from a scenario, in unit-size world coordinates."""

    gmap: GameMap
    centres: np.ndarray  # (n, 2) unit coords of hex centres
    metres_per_unit: float
    base_m: float
    cones: np.ndarray  # (k, 4): x_unit, y_unit, peak_m, radius_unit
    roads: list[Line]
    rails: list[Line]
    rivers: list[tuple[Line, float]]  # line, width in units
    border: list[tuple[tuple[float, float], tuple[float, float]]]
    shore: list[tuple[tuple[float, float], tuple[float, float]]]
    bounds: tuple[float, float, float, float]
    hex_tint: np.ndarray  # per-hex brightness variation
    hex_tint32: np.ndarray

    @staticmethod
    def build(scen: Scenario) -> MapGeometry:
        m = scen.map
        proj = m.projection
        mpu = proj.hex_m / SQRT3
        centres = np.array([hex_centre_unit(h) for h in m.hexes], dtype=np.float64)
        d = scen.data["map"]
        places = {p["name"]: (float(p["lat"]), float(p["lon"])) for p in scen.data.get("places", [])}
        base = float(d["base_elevation_m"])
        cones = []
        for h in d.get("heights", []):
            ll = places.get(h["place"]) if "place" in h else (float(h["at"][0]), float(h["at"][1]))
            if ll is None:
                continue
            x, y = proj.to_metres(*ll)
            cones.append((x / mpu, y / mpu, float(h["elevation_m"]), float(h["radius_m"]) / mpu))
        roads: list[Line] = []
        rails: list[Line] = []
        rivers: list[tuple[Line, float]] = []

        def unit_line(pts: list[list[float]]) -> Line:
            out = []
            for p in pts:
                x, y = proj.to_metres(float(p[0]), float(p[1]))
                out.append((x / mpu, y / mpu))
            return out

        streams = {k.key for k in m.terrain_rules if k.pattern == "stream"}
        for f in d.get("features", []):
            if f.get("overlay") == "road":
                roads.append(unit_line(f["line"]))
            elif f.get("overlay") == "rail":
                rails.append(unit_line(f["line"]))
            elif f.get("terrain") in streams and "line" in f:
                rivers.append((unit_line(f["line"]), max(0.18, float(f.get("width_m", 0)) / mpu * 0.5)))
        border = []
        shore = []
        shore_kind = np.array([k.pattern == "water" for k in m.terrain_rules], dtype=bool)[m.terrain]
        for i in range(m.size):
            for dirn, j in enumerate(m.neighbors[i]):
                j = int(j)
                if j < 0:
                    continue
                edge = None
                if j > i and m.border_side[i] * m.border_side[j] < 0:
                    edge = _shared_edge(centres[i], dirn)
                    border.append(edge)
                if shore_kind[i] and m.terrain[j] != m.terrain[i]:
                    shore.append(edge or _shared_edge(centres[i], dirn))
        rng = np.random.default_rng(1938)  # presentation only: a fixed texture, not game chance
        tint = 1.0 + rng.uniform(-0.025, 0.025, m.size)
        return MapGeometry(m, centres, mpu, base, np.array(cones, dtype=np.float64).reshape(-1, 4), roads, rails,
                           rivers, border, shore, map_bounds_unit(m.cols, m.rows), tint, tint.astype(np.float32))

    def elevation(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Ground height in metres at unit coordinates (the engine's cones, evaluated anywhere)."""
        e = np.full(x.shape, self.base_m, dtype=np.float32)
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        for cx, cy, peak, rad in self.cones:
            if rad <= 0 or cx + rad < x0 or cx - rad > x1 or cy + rad < y0 or cy - rad > y1:
                continue
            d = np.hypot(x - np.float32(cx), y - np.float32(cy))
            # soften the cone tip so summits read as rounded hilltops, same height elsewhere
            tip = np.float32(rad * 0.15)
            d = np.where(d < tip, d * d / (2 * tip) + tip / 2, d)
            np.maximum(e, np.float32(peak) - np.float32((peak - self.base_m) / rad) * d, out=e)
        return e

    def hex_index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Dense hex index under each unit coordinate, -1 off the map."""
        fq = np.float32(SQRT3 / 3.0) * x - y * np.float32(1 / 3.0)
        fr = y * np.float32(2.0 / 3.0)
        fs = -fq - fr
        q, r, s = np.round(fq), np.round(fr), np.round(fs)
        dq, dr, ds = np.abs(q - fq), np.abs(r - fr), np.abs(s - fs)
        fix_q = (dq > dr) & (dq > ds)
        fix_r = ~fix_q & (dr > ds)
        q = np.where(fix_q, -r - s, q)
        r = np.where(fix_r, -q - s, r)
        qi, ri = q.astype(np.int32), r.astype(np.int32)
        col = qi + (ri - (ri & 1)) // 2
        m = self.gmap
        ok = (ri >= 0) & (ri < m.rows) & (col >= 0) & (col < m.cols)
        return np.where(ok, ri * m.cols + col, -1)


def _shared_edge(c: np.ndarray, direction: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The hex side of the hex centred at c that faces neighbour `direction` (E, NE, NW, W, SW, SE)."""
    # corners k are at angles 60k-30 degrees (screen y down): the E side joins corners 0 and 1
    pairs = {0: (0, 1), 1: (5, 0), 2: (4, 5), 3: (3, 4), 4: (2, 3), 5: (1, 2)}
    a, b = pairs[direction]
    ax, ay = HEX_CORNERS[a]
    bx, by = HEX_CORNERS[b]
    return (float(c[0] + ax), float(c[1] + ay)), (float(c[0] + bx), float(c[1] + by))


def terrain_colour(theme: Theme, kind: TerrainKind) -> tuple[int, int, int]:
    """A kind's map colour: the theme's `terrain.<key>` if the active palette has one, else the
    colour in the scenario's terrain table."""
    try:
        col = theme.colour(f"terrain.{kind.key}")
    except (KeyError, TypeError):
        return kind.colour
    return col[0], col[1], col[2]


class TerrainPainter:
    """Paints any rectangle of the map at any zoom into a Surface."""

    def __init__(self, geo: MapGeometry, theme: Theme, grid: bool = True) -> None:
        self.geo = geo
        self.theme = theme
        self.grid = grid
        self._pal_key: tuple[bool] | None = None
        self._pal = np.zeros((len(geo.gmap.terrain_rules), 3), dtype=np.float32)
        self._noise_arr: np.ndarray | None = None

    def paint(self, size: float, x0: int, y0: int, w: int, h: int) -> pygame.Surface:
        """Pixels [x0, x0+w) x [y0, y0+h) of the world at zoom `size` (world px = unit * size)."""
        arr = self._raster(size, x0, y0, w, h)
        surf = pygame.image.frombuffer(arr.tobytes(), (w, h), "RGB").convert() if pygame.display.get_surface() \
            else pygame.image.frombuffer(arr.tobytes(), (w, h), "RGB").copy()
        self._vectors(surf, size, x0, y0)
        return surf

    def _raster(self, size: float, x0: int, y0: int, w: int, h: int) -> np.ndarray:
        geo, th = self.geo, self.theme
        m = geo.gmap
        # a 1-px padded grid so gradients and contour tests need no edge cases
        xs = ((np.arange(-1, w + 1, dtype=np.float32) + (x0 + 0.5)) / size)[None, :]
        ys = ((np.arange(-1, h + 1, dtype=np.float32) + (y0 + 0.5)) / size)[:, None]
        gx = np.broadcast_to(xs, (h + 2, w + 2))
        gy = np.broadcast_to(ys, (h + 2, w + 2))
        idx = geo.hex_index(gx[1:-1, 1:-1], gy[1:-1, 1:-1])
        inside = idx >= 0
        safe = np.where(inside, idx, 0)
        pal = self._palette()
        terr = m.terrain[safe]
        shade_hex = geo.hex_tint32[safe]
        elev = geo.elevation(gx, gy)
        # relief shading: light from the north-west, 45 degrees up, heights exaggerated 2.5 times
        k = np.float32(2.5 * size / (2 * geo.metres_per_unit))
        nx = (elev[1:-1, :-2] - elev[1:-1, 2:]) * k
        ny = (elev[:-2, 1:-1] - elev[2:, 1:-1]) * k
        lz = np.float32(0.7071)
        shade = (nx * -0.5 + ny * -0.5 + lz) / np.sqrt(nx * nx + ny * ny + 1.0)
        water = m.tables.water[terr]
        factor = np.clip(1.0 + 0.9 * (shade - lz), 0.6, 1.1).astype(np.float32)
        factor *= shade_hex
        factor *= self._noise(w, h)
        if water.any():
            ripple = (1.0 + 0.035 * np.sin(gx[1:-1, 1:-1] * 3.1 + gy[1:-1, 1:-1] * 9.0)).astype(np.float32)
            factor = np.where(water, ripple * shade_hex, factor)
        rgb = pal[terr] * factor[..., None]
        # contours every 20 m, heavier every 100 m (not on water)
        if size >= 7:
            band = np.floor(elev * np.float32(1 / 20.0))
            c = band[1:-1, 1:-1]
            edge = ((c != band[1:-1, 2:]) | (c != band[2:, 1:-1])) & ~water
            if edge.any():
                band100 = np.floor(elev * np.float32(1 / 100.0))
                c1 = band100[1:-1, 1:-1]
                edge100 = ((c1 != band100[1:-1, 2:]) | (c1 != band100[2:, 1:-1])) & ~water
                contour = np.array(th.colour("contour")[:3], dtype=np.float32)
                for mask, alpha in ((edge, 0.35), (edge100, 0.6)):
                    rgb[mask] = rgb[mask] * (1 - alpha) + contour * alpha
        rgb[~inside] = np.array(th.colour("offmap")[:3], dtype=np.float32)
        np.clip(rgb, 0, 255, out=rgb)
        return np.ascontiguousarray(rgb.astype(np.uint8))

    def _palette(self) -> np.ndarray:
        key = (self.theme.high_contrast,)
        if self._pal_key != key:
            self._pal = np.array([terrain_colour(self.theme, k) for k in self.geo.gmap.terrain_rules],
                                 dtype=np.float32)
            self._pal_key = key
        return self._pal

    def _noise(self, w: int, h: int) -> np.ndarray:
        """A fixed paper texture (periodic, so tiles join seamlessly)."""
        if self._noise_arr is None or self._noise_arr.shape[0] < h or self._noise_arr.shape[1] < w:
            n = max(256, w, h)
            ix = np.arange(n, dtype=np.int64)[None, :]
            iy = np.arange(n, dtype=np.int64)[:, None]
            self._noise_arr = (1.0 + 0.05 * (((ix * 73856093) ^ (iy * 19349663)) % 997 / 997.0 - 0.5)).astype(
                np.float32)
        return self._noise_arr[:h, :w]

    def _vectors(self, surf: pygame.Surface, size: float, x0: int, y0: int) -> None:
        geo, th = self.geo, self.theme
        m = geo.gmap
        w, h = surf.get_size()

        def P(x: float, y: float) -> tuple[float, float]:
            return x * size - x0, y * size - y0

        pad = 1.5
        lo_x, hi_x = x0 / size - pad, (x0 + w) / size + pad
        lo_y, hi_y = y0 / size - pad, (y0 + h) / size + pad
        c = geo.centres
        sel = np.nonzero((c[:, 0] >= lo_x) & (c[:, 0] <= hi_x) & (c[:, 1] >= lo_y) & (c[:, 1] <= hi_y))[0]
        # shorelines
        shore_w = max(1, round(size / 9))
        for a, b in geo.shore:
            if lo_x <= a[0] <= hi_x and lo_y <= a[1] <= hi_y:
                pygame.draw.line(surf, th.colour("shore"), P(*a), P(*b), shore_w)
        # rivers
        rcol = th.colour("river_line")
        for line, width in geo.rivers:
            pts = [P(x, y) for x, y in line]
            lw = max(2, round(width * size * 0.5))
            _thick_lines(surf, rcol, pts, lw)
        # symbols inside hexes
        if size >= 9:
            tuft, tree, house = th.colour("marsh_tuft"), th.colour("scrub_tree"), th.colour("house")
            patterns = [k.pattern for k in m.terrain_rules]
            for i in sel:
                pattern = patterns[int(m.terrain[i])]
                cx, cy = P(c[i, 0], c[i, 1])
                if pattern == "tufts":
                    for ox, oy in ((-0.45, -0.25), (0.3, -0.35), (-0.05, 0.35), (0.45, 0.25)):
                        _tuft(surf, tuft, cx + ox * size, cy + oy * size, size)
                elif pattern == "trees":
                    r = max(2, round(size * 0.13))
                    for ox, oy in ((-0.4, -0.2), (0.35, -0.35), (0.0, 0.1), (-0.3, 0.45), (0.45, 0.3)):
                        pygame.draw.circle(surf, tree, (cx + ox * size, cy + oy * size), r)
                elif pattern == "houses":
                    bw = max(3, round(size * 0.2))
                    for ox, oy in ((-0.35, -0.3), (0.1, -0.4), (0.35, 0.05), (-0.2, 0.2), (0.1, 0.42)):
                        pygame.draw.rect(surf, house, (cx + ox * size - bw / 2, cy + oy * size - bw / 2, bw, bw * 0.8))
        # roads and rail
        road_w = max(2, round(size * 0.16))
        for line in geo.roads:
            pts = [P(x, y) for x, y in line]
            _thick_lines(surf, th.colour("road_casing"), pts, road_w + 2)
        for line in geo.roads:
            pts = [P(x, y) for x, y in line]
            _thick_lines(surf, th.colour("road"), pts, road_w)
        rail_col = th.colour("rail")
        for line in geo.rails:
            pts = [P(x, y) for x, y in line]
            _thick_lines(surf, rail_col, pts, max(2, round(size * 0.08)))
            _ticks(surf, rail_col, pts, max(4.0, size * 0.45), max(3.0, size * 0.16))
        # hex grid
        if self.grid and size >= 8:
            grid = th.colour("grid")
            layer = pygame.Surface((w, h), pygame.SRCALPHA)
            for i in sel:
                cx, cy = P(c[i, 0], c[i, 1])
                pts = [(cx + size * dx, cy + size * dy) for dx, dy in HEX_CORNERS[1:5]]
                pygame.draw.lines(layer, grid, False, pts, 1)
            surf.blit(layer, (0, 0))
        # border along hex sides: a pale halo then a dashed line
        bw = max(2, round(size / 6))
        halo = pygame.Surface((w, h), pygame.SRCALPHA)
        segs = [(P(*a), P(*b)) for a, b in geo.border if lo_x <= a[0] <= hi_x and lo_y <= a[1] <= hi_y]
        for a, b in segs:
            pygame.draw.line(halo, th.colour("border_halo"), a, b, bw + 4)
        surf.blit(halo, (0, 0))
        bcol = th.colour("border")
        for a, b in segs:
            _dashed(surf, bcol, a, b, bw, max(4.0, size * 0.35))


def _thick_lines(surf: pygame.Surface, col: tuple[int, ...], pts: list[tuple[float, float]], width: int) -> None:
    if len(pts) < 2:
        return
    pygame.draw.lines(surf, col, False, pts, width)
    if width >= 4:
        for p in pts:
            pygame.draw.circle(surf, col, p, width / 2)


def _ticks(surf: pygame.Surface, col: tuple[int, ...], pts: list[tuple[float, float]], step: float,
           half: float) -> None:
    carry = 0.0
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        seg = math.hypot(bx - ax, by - ay)
        if seg <= 0:
            continue
        ux, uy = (bx - ax) / seg, (by - ay) / seg
        d = step - carry
        while d < seg:
            x, y = ax + ux * d, ay + uy * d
            pygame.draw.line(surf, col, (x - uy * half, y + ux * half), (x + uy * half, y - ux * half), 1)
            d += step
        carry = seg - (d - step)


def _dashed(surf: pygame.Surface, col: tuple[int, ...], a: tuple[float, float], b: tuple[float, float], width: int,
            dash: float) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length <= 0:
        return
    n = max(1, int(length / dash))
    for k in range(0, n, 2):
        t0, t1 = k / n, min(1.0, (k + 1.3) / n)
        pygame.draw.line(surf, col, (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                         (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1), width)


def _tuft(surf: pygame.Surface, col: tuple[int, ...], x: float, y: float, size: float) -> None:
    hgt = size * 0.16
    for dx in (-0.1, 0.0, 0.1):
        pygame.draw.line(surf, col, (x + dx * size * 0.6, y), (x + dx * size * 1.4, y - hgt), 1)
    pygame.draw.line(surf, col, (x - size * 0.12, y + 1), (x + size * 0.12, y + 1), 1)


class TileCache:
    """Terrain tiles per (zoom level, tile x, tile y), built lazily within a per-frame time budget."""

    def __init__(self, painter: TerrainPainter, tile_px: int = 128, limit: int = 1600) -> None:
        self.painter = painter
        self.tile = tile_px
        self.limit = limit
        self.tiles: OrderedDict[tuple[int, int, int], pygame.Surface] = OrderedDict()
        self.overview: pygame.Surface | None = None
        self.overview_scale = 1.0
        self.built = 0

    def clear(self) -> None:
        self.tiles.clear()
        self.overview = None

    def ensure_overview(self, max_px: int = 640) -> pygame.Surface:
        if self.overview is None:
            lft, t, r, b = self.painter.geo.bounds
            s = max_px / max(r - lft, b - t)
            self.overview_scale = s
            x0, y0 = math.floor(lft * s), math.floor(t * s)
            self.overview = self.painter.paint(s, x0, y0, math.ceil((r - lft) * s), math.ceil((b - t) * s))
            self._ov_origin = (x0, y0)
        return self.overview

    def draw(self, target: pygame.Surface, cam: Camera, budget_s: float = 0.008, complete: bool = False) -> int:
        """Blit the visible terrain; build missing tiles until the budget is spent. Returns tiles missing."""
        T = self.tile
        s = cam.size
        ox, oy = cam.origin()
        vp = cam.viewport
        tx0, ty0 = math.floor(ox / T), math.floor(oy / T)
        tx1, ty1 = math.floor((ox + vp.w - 1) / T), math.floor((oy + vp.h - 1) / T)
        start = time.perf_counter()
        missing = 0
        clip = target.get_clip()
        target.set_clip(vp)
        # nearest tiles first so a budgeted frame fills the centre before the edges
        order = sorted(((tx, ty) for ty in range(ty0, ty1 + 1) for tx in range(tx0, tx1 + 1)),
                       key=lambda t: abs(t[0] - (tx0 + tx1) / 2) + abs(t[1] - (ty0 + ty1) / 2))
        for tx, ty in order:
            key = (cam.level, tx, ty)
            surf = self.tiles.get(key)
            if surf is None and (complete or time.perf_counter() - start < budget_s):
                surf = self.painter.paint(s, tx * T, ty * T, T, T)
                self.tiles[key] = surf
                self.built += 1
                if len(self.tiles) > self.limit:
                    self.tiles.popitem(last=False)
            dest = (round(tx * T - ox + vp.x), round(ty * T - oy + vp.y))
            if surf is None:
                missing += 1
                self._stand_in(target, s, tx * T, ty * T, T, dest)
            else:
                self.tiles.move_to_end(key)
                target.blit(surf, dest)
        target.set_clip(clip)
        return missing

    def _stand_in(self, target: pygame.Surface, size: float, wx: int, wy: int, T: int,
                  dest: tuple[int, int]) -> None:
        ov = self.ensure_overview()
        k = self.overview_scale / size
        x0, y0 = self._ov_origin
        src = pygame.Rect(math.floor(wx * k - x0), math.floor(wy * k - y0), max(1, math.ceil(T * k)),
                          max(1, math.ceil(T * k)))
        src = src.clip(ov.get_rect())
        if src.w <= 0 or src.h <= 0:
            pygame.draw.rect(target, self.painter.theme.colour("offmap"), (*dest, T, T))
            return
        part = pygame.transform.smoothscale(ov.subsurface(src), (max(1, round(src.w / k)), max(1, round(src.h / k))))
        pygame.draw.rect(target, self.painter.theme.colour("offmap"), (*dest, T, T))
        target.blit(part, (dest[0] + round((src.x + x0) / k - wx), dest[1] + round((src.y + y0) / k - wy)))

    def prefetch(self, cam: Camera, budget_s: float) -> None:
        """Build tiles while the window is idle: just outside the view, then the view at the next
        zoom level in and out, so that scrolling and zooming find their tiles ready (no blur)."""
        start = time.perf_counter()
        levels = [cam.level] + [lv for lv in (cam.level + 1, cam.level - 1) if 0 <= lv < len(cam.levels)]
        for lv in levels:
            if not self._prefetch_level(cam, lv, start, budget_s, margin=1 if lv == cam.level else 0):
                return

    def _prefetch_level(self, cam: Camera, level: int, start: float, budget_s: float, margin: int) -> bool:
        """Build the missing tiles of the view at `level`; False when the budget ran out first."""
        T = self.tile
        s = cam.levels[level]
        vp = cam.viewport
        ox, oy = cam.cx * s - vp.w / 2.0, cam.cy * s - vp.h / 2.0
        tx0, ty0 = math.floor(ox / T) - margin, math.floor(oy / T) - margin
        tx1, ty1 = math.floor((ox + vp.w) / T) + margin, math.floor((oy + vp.h) / T) + margin
        lft, t, r, b = self.painter.geo.bounds
        for ty in range(ty0, ty1 + 1):
            for tx in range(tx0, tx1 + 1):
                if time.perf_counter() - start > budget_s:
                    return False
                if (tx + 1) * T < lft * s or tx * T > r * s or (ty + 1) * T < t * s or ty * T > b * s:
                    continue
                key = (level, tx, ty)
                if key not in self.tiles:
                    self.tiles[key] = self.painter.paint(s, tx * T, ty * T, T, T)
                    self.built += 1
                    if len(self.tiles) > self.limit:
                        self.tiles.popitem(last=False)
        return True
