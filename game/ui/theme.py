"""Presentation data: palettes, fonts and a cache of rendered text, read from assets/theme.yaml.

`Theme.colour("sides.soviet.fill")` looks a dotted key up in the active palette (high contrast
overrides the standard palette key by key). `Theme.text(...)` returns a cached text surface.
Side colours, names and emblems come from the scenario's `sides:` (`Theme.use_sides`); a palette
may override a side's colours by its key (`palettes.*.sides.KEY`), e.g. for high contrast.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import pygame
import yaml

from game.core.units import SideInfo
from game.paths import assets_dir

Colour = tuple[int, ...]


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_theme_data(path: Path | None = None) -> dict[str, Any]:
    p = path or assets_dir() / "theme.yaml"
    with open(p, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a mapping")
    return data


class TextCache:
    """Rendered text surfaces keyed by (text, font, colour, halo); least recently used dropped."""

    def __init__(self, limit: int = 3000) -> None:
        self.limit = limit
        self._items: OrderedDict[tuple[Any, ...], pygame.Surface] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> pygame.Surface | None:
        s = self._items.get(key)
        if s is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return s

    def put(self, key: tuple[Any, ...], surf: pygame.Surface) -> None:
        self.misses += 1
        self._items[key] = surf
        if len(self._items) > self.limit:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class Theme:
    """Active palette, fonts by role and size, and the text cache."""

    def __init__(self, data: dict[str, Any] | None = None, high_contrast: bool = False) -> None:
        self.data = data or load_theme_data()
        self.high_contrast = high_contrast
        self.palette: dict[str, Any] = {}
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self.cache = TextCache()
        self.sizes: dict[str, int] = dict(self.data["fonts"]["sizes"])
        self.ui_scale = 1.0
        self.sides: tuple[SideInfo, ...] = ()
        self.set_contrast(high_contrast)

    # --- palette -----------------------------------------------------------------------------
    def set_contrast(self, high: bool) -> None:
        self.high_contrast = high
        pal = self.data["palettes"]
        self.palette = _merge(pal["standard"], pal["high_contrast"]) if high else dict(pal["standard"])
        self._colours: dict[str, Colour] = {}
        self.cache.clear()

    def colour(self, key: str) -> Colour:
        hit = self._colours.get(key)
        if hit is not None:
            return hit
        node: Any = self.palette
        for part in key.split("."):
            node = node[part]
        col = tuple(int(x) for x in node)
        self._colours[key] = col
        return col

    def use_sides(self, sides: tuple[SideInfo, ...]) -> None:
        """Draw and name the sides of the scenario on screen (call when a game or replay opens)."""
        if sides != self.sides:
            self.sides = sides
            self._colours = {}
            self.cache.clear()

    @property
    def side_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sides)

    def side_info(self, key: str) -> SideInfo | None:
        for s in self.sides:
            if s.key == key:
                return s
        return None

    def side(self, side: str, part: str = "fill") -> Colour:
        """A side's colour (fill, dark, light, text, chart, chart_expected): the palette's entry for
        the side key if it has one, else the scenario's; `contested` (or anything not a side) grey."""
        key = f"sides.{side}.{part}"
        hit = self._colours.get(key)
        if hit is not None:
            return hit
        over = self.palette.get("sides", {}).get(side, {})
        info = self.side_info(side)
        if part in over:
            col = tuple(int(x) for x in over[part])
        elif info is not None:
            col = info.colour(part)
        else:
            contested = self.palette["sides"]["contested"]
            col = tuple(int(x) for x in contested.get(part, contested["fill"]))
        self._colours[key] = col
        return col

    def side_name(self, key: str) -> str:
        """The adjective of a side (`Soviet`), or the holder word itself (`contested`, `draw`)."""
        info = self.side_info(key)
        return info.adjective if info is not None else key

    def side_short(self, key: str) -> str:
        """A side's short label (`Japan`), or the key itself."""
        info = self.side_info(key)
        return info.short if info is not None else key

    def emblem(self, side: str) -> str:
        """The counter emblem of a side: the theme's `counters.emblems` entry, else the scenario's."""
        over = (self.data.get("counters") or {}).get("emblems") or {}
        info = self.side_info(side)
        return str(over.get(side) or (info.emblem if info is not None else ""))

    # --- fonts -------------------------------------------------------------------------------
    def set_scale(self, scale: float) -> None:
        """Grow fonts on big windows (1.0 at 1280x720, up to 3.0 at 3840x2160)."""
        scale = round(max(0.75, min(3.6, scale)) * 10) / 10
        if scale != self.ui_scale:
            self.ui_scale = scale
            self.cache.clear()

    def px(self, size: str | int) -> int:
        base = self.sizes[size] if isinstance(size, str) else size
        return max(8, round(base * self.ui_scale))

    def font(self, role: str = "regular", size: str | int = "normal", scaled: bool = True) -> pygame.font.Font:
        px = self.px(size) if scaled else (self.sizes[size] if isinstance(size, str) else size)
        key = (role, px)
        f = self._fonts.get(key)
        if f is None:
            name = self.data["fonts"].get(role, "")
            path = assets_dir() / name if name else None
            try:
                f = pygame.font.Font(str(path) if path and path.exists() else None, px)
            except (OSError, pygame.error):
                f = pygame.font.Font(None, px)
            self._fonts[key] = f
        return f

    def text(self, text: str, size: str | int = "normal", colour: Colour | str = "text", role: str = "regular",
             halo: Colour | str | None = None, scaled: bool = True) -> pygame.Surface:
        """A cached rendering of one line of text, optionally with a 1-px halo for map labels."""
        col = self.colour(colour) if isinstance(colour, str) else colour
        hal = self.colour(halo) if isinstance(halo, str) else halo
        key = (text, size, col, role, hal, scaled, self.ui_scale)
        s = self.cache.get(key)
        if s is not None:
            return s
        font = self.font(role, size, scaled)
        body = font.render(text, True, col[:3])
        if hal is None:
            s = body
        else:
            back = font.render(text, True, hal[:3])
            s = pygame.Surface((body.get_width() + 2, body.get_height() + 2), pygame.SRCALPHA)
            for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
                s.blit(back, (dx, dy))
            s.blit(body, (1, 1))
        self.cache.put(key, s)
        return s

    def wrap(self, text: str, width: int, size: str | int = "normal", role: str = "regular") -> list[str]:
        """Split text into lines no wider than `width` pixels (paragraphs kept)."""
        font = self.font(role, size)
        out: list[str] = []
        for para in text.split("\n"):
            words = para.split()
            line = ""
            for w in words:
                cand = f"{line} {w}".strip()
                if font.size(cand)[0] <= width or not line:
                    line = cand
                else:
                    out.append(line)
                    line = w
            out.append(line)
        return out

    def anim(self, key: str) -> float:
        return float(self.data["animation"][key])

    @property
    def counter_cfg(self) -> dict[str, Any]:
        return dict(self.data["counters"])
