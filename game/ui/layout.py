"""Geometry of the window: hex <-> pixel conversion under a pan/zoom camera, and screen regions.

World pixels at zoom size `s` (hex circumradius in pixels): the centre of axial hex (q, r) is
(s*sqrt3*(q + r/2), s*1.5*r). The camera keeps its centre in unit-size world coordinates so that
zooming does not drift; `to_screen`/`to_world` convert under the current zoom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.core.hexgrid import SQRT3, Hex, cube_round

HEX_CORNERS = tuple((math.cos(math.radians(60 * i - 30)), math.sin(math.radians(60 * i - 30))) for i in range(6))


def hex_centre_unit(h: Hex) -> tuple[float, float]:
    """Centre of a hex in unit-size world coordinates."""
    return SQRT3 * (h.q + h.r / 2.0), 1.5 * h.r


def hex_at_unit(x: float, y: float) -> Hex:
    fq = SQRT3 / 3.0 * x - y / 3.0
    fr = 2.0 / 3.0 * y
    return cube_round(fq, fr)


def hex_corners(cx: float, cy: float, size: float) -> list[tuple[float, float]]:
    return [(cx + size * dx, cy + size * dy) for dx, dy in HEX_CORNERS]


def map_bounds_unit(cols: int, rows: int) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of an odd-r offset rectangle of hexes, unit size."""
    return -SQRT3 / 2.0, -1.0, SQRT3 * (cols - 1 + 0.5) + SQRT3 / 2.0, 1.5 * (rows - 1) + 1.0


class Camera:
    """Pan and zoom over the map inside a viewport rectangle."""

    def __init__(self, levels: list[int], level: int, viewport: pygame.Rect,
                 bounds: tuple[float, float, float, float]) -> None:
        self.levels = list(levels)
        self.level = max(0, min(len(levels) - 1, level))
        self.viewport = pygame.Rect(viewport)
        self.bounds = bounds
        self.cx = (bounds[0] + bounds[2]) / 2.0
        self.cy = (bounds[1] + bounds[3]) / 2.0

    @property
    def size(self) -> int:
        return self.levels[self.level]

    def origin(self) -> tuple[float, float]:
        """World pixel (at this zoom) shown at the viewport's top-left corner."""
        s = self.size
        return self.cx * s - self.viewport.w / 2.0, self.cy * s - self.viewport.h / 2.0

    def to_screen(self, ux: float, uy: float) -> tuple[float, float]:
        s = self.size
        ox, oy = self.origin()
        return ux * s - ox + self.viewport.x, uy * s - oy + self.viewport.y

    def to_unit(self, sx: float, sy: float) -> tuple[float, float]:
        s = self.size
        ox, oy = self.origin()
        return (sx - self.viewport.x + ox) / s, (sy - self.viewport.y + oy) / s

    def hex_screen(self, h: Hex) -> tuple[float, float]:
        return self.to_screen(*hex_centre_unit(h))

    def hex_at_screen(self, sx: float, sy: float) -> Hex:
        return hex_at_unit(*self.to_unit(sx, sy))

    def pan_pixels(self, dx: float, dy: float) -> None:
        s = self.size
        self.cx -= dx / s
        self.cy -= dy / s
        self.clamp()

    def centre_on(self, ux: float, uy: float) -> None:
        self.cx, self.cy = ux, uy
        self.clamp()

    def zoom(self, steps: int, anchor: tuple[float, float] | None = None) -> bool:
        """Change the zoom level keeping the world point under `anchor` (screen px) fixed."""
        new = max(0, min(len(self.levels) - 1, self.level + steps))
        if new == self.level:
            return False
        if anchor is None:
            anchor = (self.viewport.centerx, self.viewport.centery)
        ux, uy = self.to_unit(*anchor)
        self.level = new
        sx, sy = self.to_screen(ux, uy)
        self.pan_pixels(anchor[0] - sx, anchor[1] - sy)
        return True

    def fit_level(self) -> int:
        """The largest zoom level at which the whole map fits the viewport."""
        w = self.bounds[2] - self.bounds[0]
        h = self.bounds[3] - self.bounds[1]
        best = 0
        for i, s in enumerate(self.levels):
            if w * s <= self.viewport.w and h * s <= self.viewport.h:
                best = i
        return best

    def clamp(self) -> None:
        """Keep at least part of the map in view; centre it when it is smaller than the view."""
        s = self.size
        lft, t, r, b = self.bounds
        half_w, half_h = self.viewport.w / 2.0 / s, self.viewport.h / 2.0 / s
        margin = 1.5  # hexes of slack beyond the map edge
        if (r - lft) <= 2 * half_w:
            self.cx = (lft + r) / 2.0
        else:
            self.cx = min(max(self.cx, lft - margin + half_w), r + margin - half_w)
        if (b - t) <= 2 * half_h:
            self.cy = (t + b) / 2.0
        else:
            self.cy = min(max(self.cy, t - margin + half_h), b + margin - half_h)

    def visible_unit_rect(self) -> tuple[float, float, float, float]:
        x0, y0 = self.to_unit(self.viewport.x, self.viewport.y)
        x1, y1 = self.to_unit(self.viewport.right, self.viewport.bottom)
        return x0, y0, x1, y1


MIN_W, MIN_H = 640, 360  # below this the window shows "too small" instead of the layout
_USER_SCALE = [1.0]


def set_user_scale(k: float) -> None:
    """The player's UI scale setting (a factor on top of the window-size scale)."""
    _USER_SCALE[0] = max(0.75, min(1.5, float(k)))


def screen_scale(width: int, height: int) -> float:
    """1.0 at 1280x720, growing with the window (1.5 at 1920x1080, 3.0 at 3840x2160), times the
    player's UI scale."""
    base = max(0.85, min(3.0, min(width / 1280.0, height / 720.0)))
    return max(0.75, min(3.6, base * _USER_SCALE[0]))


@dataclass(slots=True)
class Layout:
    """Screen regions for a window size: header, map, side panel (minimap, details, log)."""

    width: int
    height: int
    scale: float
    header: pygame.Rect
    map: pygame.Rect
    panel: pygame.Rect
    minimap: pygame.Rect
    details: pygame.Rect
    actions: pygame.Rect
    log: pygame.Rect

    @staticmethod
    def for_size(width: int, height: int) -> Layout:
        width, height = max(MIN_W, width), max(MIN_H, height)
        scale = screen_scale(width, height)
        head_h = round(34 * scale)
        panel_w = round(min(width * 0.4, max(250, 300 * scale)))
        header = pygame.Rect(0, 0, width, head_h)
        panel = pygame.Rect(width - panel_w, head_h, panel_w, height - head_h)
        mapr = pygame.Rect(0, head_h, width - panel_w, height - head_h)
        avail = height - head_h
        pad = round(8 * min(scale, 1.5))
        inner_w = panel_w - 2 * pad
        mm_h = round(min(inner_w * 0.62, avail * (0.24 if avail > 500 else 0.19)))
        minimap = pygame.Rect(panel.x + pad, panel.y + pad, inner_w, mm_h)
        log_h = round(max(min(110 * scale, avail * 0.21), avail * 0.21) if avail > 500 else avail * 0.22)
        log = pygame.Rect(panel.x + pad, panel.bottom - log_h - pad, inner_w, log_h)
        act_h = round(66 * scale) if avail > 500 else round(56 * scale)
        actions = pygame.Rect(panel.x + pad, log.y - act_h - pad, inner_w, act_h)
        details = pygame.Rect(panel.x + pad, minimap.bottom + pad, inner_w,
                              max(40, actions.y - minimap.bottom - 2 * pad))
        return Layout(width, height, scale, header, mapr, panel, minimap, details, actions, log)


def default_level(cam: Camera, scale: float) -> int:
    """A comfortable starting zoom that grows with the screen: hexes of about 17 px at 1280x720,
    26 px at 1920x1080, 50 px at 3840x2160."""
    want = 17 * scale * 0.95
    return next((i for i, s in enumerate(cam.levels) if s >= want), len(cam.levels) - 1)
