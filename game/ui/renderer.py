"""The map view: terrain tiles, objectives, labels, highlights, path preview, unit stacks,
scale bar and compass, drawn for one camera. What to highlight comes in a `MapOverlay`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pygame

from game.core.hexgrid import Hex
from game.core.state import GameState
from game.core.units import Unit
from game.engine.scenario import Scenario
from game.ui.counters import CounterArt
from game.ui.layout import HEX_CORNERS, Camera, hex_centre_unit
from game.ui.maplayer import MapGeometry, TerrainPainter, TileCache, _shared_edge
from game.ui.theme import Theme


@dataclass(slots=True)
class MapOverlay:
    """What the map should highlight this frame."""

    reach: dict[int, int] | None = None
    path: list[int] | None = None
    path_label: str = ""
    path_ok: bool = True
    targets: set[int] = field(default_factory=set)
    target_hover: int | None = None
    selected: str | None = None
    group: set[str] = field(default_factory=set)
    cursor: Hex | None = None
    hidden: set[str] = field(default_factory=set)
    moving: dict[str, tuple[float, float]] = field(default_factory=dict)  # unit id -> unit-coord position
    night: bool = False
    fog: bool = False
    control: dict[str, str] = field(default_factory=dict)
    no_details: set[str] = field(default_factory=set)  # enemies drawn without men and strength (fogview)
    unseen: np.ndarray | None = None  # a bool per hex: shade it, the viewer cannot see there
    unseen_key: tuple[object, ...] = ()
    gotos: list[list[int]] = field(default_factory=list)  # go-to orders' remaining paths


class MapView:
    """Draws the battlefield for a camera."""

    def __init__(self, scen: Scenario, theme: Theme, camera: Camera, tile_px: int = 256) -> None:
        self.scen = scen
        self.theme = theme
        self.cam = camera
        self.geo = MapGeometry.build(scen)
        self.painter = TerrainPainter(self.geo, theme)
        self.tiles = TileCache(self.painter, tile_px)
        self.art = CounterArt(theme)
        self._labels = self._label_specs()
        self._obj_edges = self._objective_edges()
        self.missing_tiles = 0
        self._tints: dict[tuple[str, tuple[int, int]], pygame.Surface] = {}
        self._fog_cache: tuple[tuple[object, ...], pygame.Surface] | None = None

    # --- static helpers ------------------------------------------------------------------------
    def _label_specs(self) -> list[tuple[str, Hex, bool]]:
        m = self.scen.map
        d = self.scen.data
        hills = {str(h["place"]): int(h["elevation_m"]) for h in d["map"].get("heights", []) if "place" in h}
        out = []
        for name, h in sorted(m.places.items()):
            if h not in m.index:
                continue
            label = f"{name} ({hills[name]} m)" if name in hills and str(hills[name]) not in name else name
            out.append((label, h, name in hills))
        objectives = {o.name for o in self.scen.objectives}
        # objectives first, then hills, then other places: the first label to claim a spot keeps it
        out.sort(key=lambda t: (t[0].split(" (")[0] not in objectives, not t[2], t[0]))
        return out

    def _objective_edges(self) -> dict[str, list[tuple[tuple[float, float], tuple[float, float]]]]:
        m = self.scen.map
        out = {}
        for o in self.scen.objectives:
            area = set(o.area)
            edges = []
            for i in o.area:
                c = hex_centre_unit(m.hexes[i])
                for d, j in enumerate(m.neighbors[i]):
                    if int(j) not in area:
                        edges.append(_shared_edge(c, d))  # type: ignore[arg-type]
            out[o.name] = edges
        return out

    def set_grid(self, on: bool) -> None:
        if self.painter.grid != on:
            self.painter.grid = on
            self.tiles.clear()

    def refresh_palette(self) -> None:
        self.tiles.clear()
        self.art.clear()
        self._tints.clear()
        self._fog_cache = None

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, state: GameState, shown: dict[int, list[Unit]], ov: MapOverlay,
             complete: bool = False, budget_s: float = 0.008) -> None:
        cam = self.cam
        clip = surf.get_clip()
        surf.set_clip(cam.viewport)
        self.missing_tiles = self.tiles.draw(surf, cam, budget_s, complete=complete)
        for on, key in ((ov.night, "night_tint"), (ov.fog, "fog_tint")):
            if on:
                tint = self._tints.get((key, cam.viewport.size))
                if tint is None:
                    tint = pygame.Surface(cam.viewport.size, pygame.SRCALPHA)
                    tint.fill(self.theme.colour(key))
                    self._tints = {k: v for k, v in self._tints.items() if k[1] == cam.viewport.size}
                    self._tints[(key, cam.viewport.size)] = tint
                surf.blit(tint, cam.viewport.topleft)
        self._static_layer(surf, ov)  # fog shading and objective outlines
        if ov.reach is not None:
            self._reach(surf, ov.reach)
        self._targets(surf, ov)
        for p in ov.gotos:
            self._goto(surf, p)
        if ov.path:
            self._path(surf, ov)
        self._units(surf, shown, ov)
        self._labels_draw(surf)  # over the counters, so a stack never hides a name
        self._flags(surf, ov)
        if ov.cursor is not None:
            self._hex_outline(surf, ov.cursor, self.theme.colour("cursor"), 3)
        self._scale_bar(surf)
        self._compass(surf)
        surf.set_clip(clip)

    def _static_layer(self, surf: pygame.Surface, ov: MapOverlay) -> None:
        """The hexes the viewer cannot see, shaded (as Wesnoth does), and the objectives' outlines,
        from one cached layer redrawn only when the sight picture, the zoom or the view moves."""
        cam = self.cam
        key = (ov.unseen_key if ov.unseen is not None else None, cam.level, round(cam.cx, 4), round(cam.cy, 4),
               cam.viewport.size, self.theme.high_contrast)
        if self._fog_cache is None or self._fog_cache[0] != key:
            vp = cam.viewport
            layer = pygame.Surface(vp.size, pygame.SRCALPHA)
            if ov.unseen is not None:
                self._shade_unseen(layer, ov.unseen)
            self._objectives(layer, (-vp.x, -vp.y))
            self._fog_cache = (key, layer)
        surf.blit(self._fog_cache[1], cam.viewport.topleft)

    def _shade_unseen(self, layer: pygame.Surface, unseen: np.ndarray) -> None:
        cam = self.cam
        col = self.theme.colour("unseen_shade")
        m = self.scen.map
        x0, y0, x1, y1 = cam.visible_unit_rect()
        ox, oy = cam.viewport.topleft
        s = cam.size * 1.02  # a hair larger: no seams between shaded hexes
        for i in np.flatnonzero(unseen):
            ux, uy = hex_centre_unit(m.hexes[int(i)])
            if not (x0 - 1.2 <= ux <= x1 + 1.2 and y0 - 1.2 <= uy <= y1 + 1.2):
                continue
            cx, cy = cam.to_screen(ux, uy)
            pygame.draw.polygon(layer, col, [(cx - ox + s * dx, cy - oy + s * dy) for dx, dy in HEX_CORNERS])

    def _visible(self, ux: float, uy: float, margin: float = 2.0) -> bool:
        x0, y0, x1, y1 = self.cam.visible_unit_rect()
        return x0 - margin <= ux <= x1 + margin and y0 - margin <= uy <= y1 + margin

    def _objectives(self, surf: pygame.Surface, shift: tuple[int, int] = (0, 0)) -> None:
        th = self.theme
        s = self.cam.size
        col = th.colour("objective")
        dx, dy = shift
        for o in self.scen.objectives:
            for a, b in self._obj_edges[o.name]:
                pa, pb = self.cam.to_screen(*a), self.cam.to_screen(*b)
                pa, pb = (pa[0] + dx, pa[1] + dy), (pb[0] + dx, pb[1] + dy)
                pygame.draw.line(surf, (40, 40, 20), pa, pb, max(2, s // 8) + 2)
                pygame.draw.line(surf, col, pa, pb, max(2, s // 8))

    def _flags(self, surf: pygame.Surface, ov: MapOverlay) -> None:
        """Objective flags in the holder's colour with the points, drawn above the counters."""
        th = self.theme
        s = self.cam.size
        w = self.counter_width()
        for o in self.scen.objectives:
            holder = ov.control.get(o.name, o.held_by)
            cx, cy = self.cam.hex_screen(o.hex)
            r = max(5, round(s * 0.3))
            fx, fy = cx + w * 0.5 + 2, cy - w * 0.45 - r * 1.6
            pygame.draw.line(surf, (30, 30, 30), (fx, fy), (fx, fy + r * 2.4), 2)
            flag = [(fx, fy), (fx + r * 1.8, fy + r * 0.5), (fx, fy + r)]
            pygame.draw.polygon(surf, th.side(holder, "fill"), flag)
            pygame.draw.polygon(surf, (20, 20, 20), flag, 1)
            if s >= 13:
                t = th.text(f"{o.points}", max(9, round(s * 0.38)), "label", "bold", halo="label_halo", scaled=False)
                surf.blit(t, (fx + r * 0.2, fy + r * 1.05))

    def _labels_draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        s = self.cam.size
        if s < 8:
            return
        px = round(max(11, min(20, s * 0.5)) * min(2.5, max(1.0, th.ui_scale)))
        taken: list[pygame.Rect] = []
        for label, h, hill in self._labels:
            cx, cy = self.cam.hex_screen(h)
            if not self.cam.viewport.inflate(200, 60).collidepoint(cx, cy):
                continue
            col = "hill_label" if hill else "label"
            t = th.text(label, px, col, "bold" if hill else "regular", halo="label_halo", scaled=False)
            r = t.get_rect(midbottom=(round(cx), round(cy - s * 1.05)))
            if r.collidelist(taken) >= 0:
                r.midtop = (round(cx), round(cy + s * 1.05))
                if r.collidelist(taken) >= 0:
                    continue
            taken.append(r.inflate(6, 0))
            surf.blit(t, r)
            if hill:
                tri = [(cx, cy - s * 1.02 + 1), (cx - 4, cy - s * 1.02 + 7), (cx + 4, cy - s * 1.02 + 7)]
                pygame.draw.polygon(surf, th.colour("hill_label"), tri)

    def hex_points(self, h: Hex, shrink: float = 1.0) -> list[tuple[float, float]]:
        cx, cy = self.cam.hex_screen(h)
        s = self.cam.size * shrink
        return [(cx + s * dx, cy + s * dy) for dx, dy in HEX_CORNERS]

    def _hex_outline(self, surf: pygame.Surface, h: Hex, col: tuple[int, ...], width: int) -> None:
        pygame.draw.polygon(surf, col, self.hex_points(h, 0.92), width)

    def _reach(self, surf: pygame.Surface, reach: dict[int, int]) -> None:
        """Dim every hex the selected unit cannot reach; outline the reachable area."""
        vp = self.cam.viewport
        layer = pygame.Surface(vp.size, pygame.SRCALPHA)
        layer.fill(self.theme.colour("fog_shade"))
        m = self.scen.map
        ox, oy = vp.topleft
        clear = (0, 0, 0, 0)
        edge = self.theme.colour("reach_edge")
        for i in reach:
            pts = [(x - ox, y - oy) for x, y in self.hex_points(m.hexes[i])]
            pygame.draw.polygon(layer, clear, pts)
        for i in reach:
            c = hex_centre_unit(m.hexes[i])
            for d, j in enumerate(m.neighbors[i]):
                if int(j) not in reach:
                    a, b = _shared_edge(c, d)  # type: ignore[arg-type]
                    pa, pb = self.cam.to_screen(*a), self.cam.to_screen(*b)
                    pygame.draw.line(layer, edge, (pa[0] - ox, pa[1] - oy), (pb[0] - ox, pb[1] - oy), 2)
        surf.blit(layer, vp.topleft)

    def _targets(self, surf: pygame.Surface, ov: MapOverlay) -> None:
        if not ov.targets:
            return
        m = self.scen.map
        col = self.theme.colour("target")
        layer = pygame.Surface(self.cam.viewport.size, pygame.SRCALPHA)
        ox, oy = self.cam.viewport.topleft
        for i in ov.targets:
            pts = [(x - ox, y - oy) for x, y in self.hex_points(m.hexes[i], 0.9)]
            pygame.draw.polygon(layer, self.theme.colour("target_fill"), pts)
        surf.blit(layer, self.cam.viewport.topleft)
        t = pygame.time.get_ticks() / 1000.0
        for i in ov.targets:
            width = 3 if i != ov.target_hover else 4 + round(1.5 * (1 + math.sin(t * 8)))
            pygame.draw.polygon(surf, col, self.hex_points(m.hexes[i], 0.9), width)

    def _path(self, surf: pygame.Surface, ov: MapOverlay) -> None:
        assert ov.path is not None
        m = self.scen.map
        col = self.theme.colour("path") if ov.path_ok else self.theme.colour("path_bad")
        pts = [self.cam.hex_screen(m.hexes[i]) for i in ov.path]
        w = max(3, self.cam.size // 6)
        if len(pts) >= 2:
            pygame.draw.lines(surf, (30, 30, 30), False, pts, w + 2)
            pygame.draw.lines(surf, col, False, pts, w)
        for p in pts[1:-1]:
            pygame.draw.circle(surf, col, p, w)
        end = pts[-1]
        pygame.draw.circle(surf, (30, 30, 30), end, w * 2 + 1)
        pygame.draw.circle(surf, col, end, w * 2)
        if ov.path_label:  # right of the end point, or left of it near the map's right edge
            t = self.theme.text(ov.path_label, "small", (20, 20, 20), "bold", halo=(255, 255, 240))
            x = end[0] + self.cam.size * 0.6
            if x + t.get_width() > self.cam.viewport.right - 4:
                x = end[0] - self.cam.size * 0.6 - t.get_width()
            surf.blit(t, (max(self.cam.viewport.x + 2, x), end[1] - t.get_height() / 2))

    def _goto(self, surf: pygame.Surface, path: list[int]) -> None:
        """A go-to order: a dotted line to its goal and a ring at the goal."""
        m = self.scen.map
        pts = [self.cam.hex_screen(m.hexes[i]) for i in path]
        col = self.theme.colour("path")
        r = max(2, self.cam.size // 9)
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            for f in (0.25, 0.5, 0.75, 1.0):
                p = (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f)
                pygame.draw.circle(surf, (30, 30, 30), p, r + 1)
                pygame.draw.circle(surf, col, p, r)
        end = pts[-1]
        pygame.draw.circle(surf, (30, 30, 30), end, self.cam.size * 0.55, 4)
        pygame.draw.circle(surf, col, end, self.cam.size * 0.55, 2)

    def counter_width(self) -> int:
        return self.art.width_for(self.cam.size)

    def _units(self, surf: pygame.Surface, shown: dict[int, list[Unit]], ov: MapOverlay) -> None:
        m = self.scen.map
        w = self.counter_width()
        off = max(2, round(w * float(self.theme.counter_cfg["stack_offset"])))
        sel = ov.selected
        items = sorted(shown.items(), key=lambda kv: (m.hexes[kv[0]].r, m.hexes[kv[0]].q))
        for idx, units in items:
            h = m.hexes[idx]
            ux, uy = hex_centre_unit(h)
            if not self._visible(ux, uy):
                continue
            stack = [u for u in units if u.id not in ov.hidden]
            if not stack:
                continue
            if sel is not None and any(u.id == sel for u in stack):
                stack = [u for u in stack if u.id != sel] + [u for u in stack if u.id == sel]
            cx, cy = self.cam.to_screen(ux, uy)
            show = stack[-3:]
            n = len(show)
            for k, u in enumerate(show):
                img = self.art.counter(u, w, dim=u.acted and u.side == self._dim_side, hidden=u.id in ov.no_details)
                x = cx - w / 2 + (k - (n - 1) / 2) * off
                y = cy - img.get_height() / 2 - (k - (n - 1) / 2) * off
                surf.blit(img, (x, y))
                if u.id == sel or u.id in ov.group:
                    col = self.theme.colour("selected") if u.id == sel else self.theme.colour("path")
                    pygame.draw.rect(surf, col, (x - 2, y - 2, w + 4, round(w * 0.9) + 4), 2, border_radius=4)
            if len(stack) > 1:
                self._badge(surf, len(stack), (cx + w / 2 + (n - 1) * off / 2, cy - w * 0.45 - (n - 1) * off / 2))
            top = stack[-1]
            if top.entrench > 0 and self.cam.size >= 10:
                self._entrench_mark(surf, cx, cy + w * 0.45 + (n - 1) * off / 2 + 3, w, top.entrench)
        for uid, (ux, uy) in ov.moving.items():
            mover = next((x for lst in shown.values() for x in lst if x.id == uid), None)
            if mover is None:
                continue
            cx, cy = self.cam.to_screen(ux, uy)
            img = self.art.counter(mover, w, hidden=uid in ov.no_details)
            surf.blit(img, (cx - w / 2, cy - img.get_height() / 2))

    _dim_side = ""

    def set_dim_side(self, side: str) -> None:
        """Own units that have acted are drawn dimmed for this side."""
        self._dim_side = side

    def _badge(self, surf: pygame.Surface, n: int, pos: tuple[float, float]) -> None:
        r = max(7, round(self.counter_width() * 0.2))
        pygame.draw.circle(surf, (20, 20, 20), pos, r + 1)
        pygame.draw.circle(surf, (250, 250, 250), pos, r)
        t = self.theme.text(str(n), max(9, round(r * 1.4)), (20, 20, 20), "bold", scaled=False)
        surf.blit(t, (pos[0] - t.get_width() / 2, pos[1] - t.get_height() / 2))

    def _entrench_mark(self, surf: pygame.Surface, cx: float, y: float, w: int, level: int) -> None:
        col = (90, 60, 30)
        seg = w / 7
        x = cx - (level * seg * 1.1) / 2
        for _ in range(level):
            pygame.draw.arc(surf, col, (x, y - seg / 2, seg, seg), 0, math.pi, 2)
            x += seg * 1.1

    def _scale_bar(self, surf: pygame.Surface) -> None:
        th = self.theme
        vp = self.cam.viewport
        m_per_px = self.geo.metres_per_unit / self.cam.size
        target = 160 * self.theme.ui_scale * m_per_px
        nice = [100, 250, 500, 1000, 2000, 5000, 10000]
        metres = min(nice, key=lambda v: abs(math.log(v / target)))
        px = metres / m_per_px
        label = f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"
        t = th.text(label, "small", (20, 20, 20), "bold")
        h = th.text(f"one hex = {int(self.scen.map.projection.hex_m)} m", "tiny", (60, 60, 60))
        k = min(th.ui_scale, 3.0)
        x, y = vp.x + round(16 * k), vp.bottom - max(16, h.get_height() // 2 + round(10 * k))
        box = pygame.Rect(x - 8, y - t.get_height() - 8, max(px, t.get_width()) + 24 + h.get_width(),
                          t.get_height() + 8 + max(10, h.get_height() // 2 + round(8 * k)))
        bg = pygame.Surface(box.size, pygame.SRCALPHA)
        bg.fill((250, 248, 236, 200))
        surf.blit(bg, box.topleft)
        pygame.draw.rect(surf, (20, 20, 20), (x, y, px, 6), 1)
        pygame.draw.rect(surf, (20, 20, 20), (x, y, px / 2, 6))
        surf.blit(t, (x + px / 2 - t.get_width() / 2, y - t.get_height() - 2))
        surf.blit(h, (x + max(px, t.get_width()) + 12, y + 3 - h.get_height() // 2))

    def _compass(self, surf: pygame.Surface) -> None:
        vp = self.cam.viewport
        k = min(self.theme.ui_scale, 3.0)
        r = round(18 * k)
        cx, cy = vp.right - round(34 * k), vp.bottom - round(40 * k)
        wd = round(6 * k)
        pygame.draw.circle(surf, (250, 248, 236), (cx, cy), r + wd)
        pygame.draw.circle(surf, (40, 40, 40), (cx, cy), r + wd, 1)
        pygame.draw.polygon(surf, (200, 40, 40), [(cx, cy - r), (cx - wd, cy), (cx + wd, cy)])
        pygame.draw.polygon(surf, (40, 40, 40), [(cx, cy + r), (cx - wd, cy), (cx + wd, cy)])
        t = self.theme.text("N", "small", (20, 20, 20), "bold")
        surf.blit(t, (cx - t.get_width() / 2, cy - r - t.get_height() - 4))
