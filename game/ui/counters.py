"""NATO-style unit counters: side colour and emblem, unit-type symbol, size mark, strength.

The unit-type symbol is data: each unit kind's `symbol` (scenario `unit_kinds:`) lists drawn
elements (game.core.units.SYMBOL_ELEMENTS): cross (infantry X), bar and top_bar, arrow (machine
gun), oval (armour), dot (artillery), diagonal (cavalry slash), bridge (engineers), staff and
hq_letters (headquarters). Size marks follow
the usual convention (I company, II battalion, III regiment, X brigade, XX division). Rendered
counters are cached by everything that changes their look.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable

import pygame

from game.core.units import Unit, UnitType
from game.ui.theme import Colour, Theme


class CounterArt:
    """Builds and caches counter surfaces."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.cfg = theme.counter_cfg
        self._cache: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()
        self.size_factor = 1.0  # the player's counter size setting

    def clear(self) -> None:
        self._cache.clear()

    def width_for(self, hex_size: int) -> int:
        w = round(hex_size * float(self.cfg["scale"]) * self.size_factor)
        return max(int(self.cfg["min_px"]), min(round(int(self.cfg["max_px"]) * self.size_factor), w))

    def counter(self, u: Unit, width: int, dim: bool = False, hidden: bool = False) -> pygame.Surface:
        """`hidden`: an enemy out of contact, drawn without its men, strength bar and suppression."""
        if hidden:
            return self.symbol_only(u.type, u.side, width)
        strength = round(20 * u.men / max(1, u.men_start))
        key = (u.kind, u.type.size, u.side, width, u.men if width >= self.cfg["detail_px"] else 0, strength,
               dim, u.suppression >= 50, self.theme.high_contrast)
        s = self._cache.get(key)
        if s is None:
            s = self._draw(u.type, u.side, width, u.men, strength / 20.0, dim, u.suppression >= 50)
            self._cache[key] = s
            if len(self._cache) > 1500:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return s

    def symbol_only(self, utype: UnitType, side: str, width: int) -> pygame.Surface:
        """A counter without strength (legend, start screen, panels)."""
        key = ("sym", utype.kind, utype.size, side, width, self.theme.high_contrast)
        s = self._cache.get(key)
        if s is None:
            s = self._draw(utype, side, width, 0, 1.0, False, False, bare=True)
            self._cache[key] = s
        return s

    def _draw(self, utype: UnitType, side: str, w: int, men: int, frac: float, dim: bool, suppressed: bool,
              bare: bool = False) -> pygame.Surface:
        th = self.theme
        size = utype.size
        h = round(w * 0.9)
        surf = pygame.Surface((w + 2, h + 3), pygame.SRCALPHA)
        fill, dark, text = th.side(side, "fill"), th.side(side, "dark"), th.side(side, "text")
        radius = max(2, w // 9)
        pygame.draw.rect(surf, (0, 0, 0, 90), (2, 3, w, h), border_radius=radius)  # drop shadow
        pygame.draw.rect(surf, fill, (0, 0, w, h), border_radius=radius)
        pygame.draw.rect(surf, dark, (0, 0, w, h), max(1, w // 24), border_radius=radius)
        detail = w >= int(self.cfg["detail_px"]) and not bare
        # symbol box
        bw = round(w * 0.64)
        bh = round(w * (0.36 if detail else 0.42))
        bx = (w - bw) // 2
        by = round(h * (0.27 if detail else 0.33))
        box = pygame.Rect(bx, by, bw, bh)
        pygame.draw.rect(surf, th.colour("symbol_bg"), box)
        ink = th.colour("symbol_ink")
        lw = max(1, w // 22)
        draw_symbol(surf, utype.traits.symbol, box, ink, lw)
        pygame.draw.rect(surf, ink, box, lw)
        # size mark above the box
        mark = str(self.cfg["size_marks"].get(size, ""))
        if mark:
            fpx = max(7, round(w * 0.2))
            t = th.text(mark, fpx, text, "condensed", scaled=False)
            surf.blit(t, ((w - t.get_width()) // 2, max(0, by - t.get_height() + round(w * 0.03))))
        # side emblem, so the sides differ by shape as well as colour
        emblem = th.emblem(side)
        er = max(2.0, w * 0.085)
        ex, ey = er + max(2, w * 0.06), er + max(2, w * 0.06)
        if emblem == "star":
            _star(surf, th.side(side, "light"), (ex, ey), er * 1.25)
        elif emblem == "sun":
            pygame.draw.circle(surf, (200, 20, 30), (ex, ey), er)
        if not bare:
            # strength bar along the bottom edge
            bar = pygame.Rect(round(w * 0.12), h - max(3, round(w * 0.1)) - 1, round(w * 0.76),
                              max(2, round(w * 0.07)))
            pygame.draw.rect(surf, dark, bar)
            col = th.colour("good") if frac > 0.66 else (th.colour("text_warn") if frac > 0.33 else th.colour("bad"))
            pygame.draw.rect(surf, col, (bar.x, bar.y, max(1, round(bar.w * frac)), bar.h))
            if detail and men:
                fpx = max(8, round(w * 0.22))
                t = th.text(_men(men), fpx, text, "condensed", scaled=False)
                ty = box.bottom + max(0, (bar.y - box.bottom - t.get_height()) // 2)
                surf.blit(t, ((w - t.get_width()) // 2, ty))
        if suppressed:
            r = max(3, round(w * 0.12))
            c = (w - r - 2, r + 2)
            pygame.draw.circle(surf, (250, 220, 60), c, r)
            pygame.draw.circle(surf, (20, 20, 20), c, r, 1)
            t = th.text("!", max(7, r * 2 - 2), (20, 20, 20), "bold", scaled=False)
            surf.blit(t, (c[0] - t.get_width() // 2, c[1] - t.get_height() // 2))
        if dim:
            shade = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.rect(shade, (20, 20, 20, 110), (0, 0, w, h), border_radius=radius)
            surf.blit(shade, (0, 0))
        return surf


def _men(n: int) -> str:
    return f"{n / 1000:.1f}k" if n >= 10000 else str(n)


def _star(surf: pygame.Surface, col: Colour, c: tuple[float, float], r: float) -> None:
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.42
        a = math.radians(-90 + 36 * k)
        pts.append((c[0] + rad * math.cos(a), c[1] + rad * math.sin(a)))
    pygame.draw.polygon(surf, col, pts)


def draw_symbol(surf: pygame.Surface, symbol: tuple[str, ...], box: pygame.Rect, ink: Colour, lw: int) -> None:
    """The unit-type symbol inside its frame: each element of `symbol`, in order."""
    for element in symbol:
        ELEMENTS[element](surf, box, ink, lw)


def _cross(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    x0, y0, x1, y1 = box.left, box.top, box.right - 1, box.bottom - 1
    pygame.draw.line(surf, ink, (x0, y0), (x1, y1), lw)
    pygame.draw.line(surf, ink, (x0, y1), (x1, y0), lw)


def _bar(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    pygame.draw.line(surf, ink, (box.left, box.centery), (box.right - 1, box.centery), lw)


def _top_bar(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    pygame.draw.line(surf, ink, (box.left, box.top + 1), (box.right - 1, box.top + 1), lw + 1)


def _arrow(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    cx = box.centerx
    top, bot = box.top + box.h * 0.18, box.bottom - 1 - box.h * 0.12
    pygame.draw.line(surf, ink, (cx, top), (cx, bot), lw + 1)
    hw = box.h * 0.22
    pygame.draw.polygon(surf, ink, [(cx, top - 1), (cx - hw, top + hw * 1.1), (cx + hw, top + hw * 1.1)])
    pygame.draw.line(surf, ink, (cx - box.w * 0.18, bot), (cx + box.w * 0.18, bot), lw + 1)


def _oval(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    r = pygame.Rect(0, 0, round(box.w * 0.7), round(box.h * 0.58))
    r.center = box.center
    pygame.draw.ellipse(surf, ink, r, max(1, lw))


def _dot(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    pygame.draw.circle(surf, ink, box.center, max(2, round(box.h * 0.2)))


def _diagonal(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    pygame.draw.line(surf, ink, (box.left, box.bottom - 1), (box.right - 1, box.top), lw + 1)


def _bridge(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    cx = box.centerx
    w3 = box.w * 0.2
    yb, yt = box.bottom - 1 - box.h * 0.25, box.top + box.h * 0.3
    pts = [(cx - w3 * 1.5, yb), (cx - w3 * 1.5, yt), (cx + w3 * 1.5, yt), (cx + w3 * 1.5, yb)]
    pygame.draw.lines(surf, ink, False, pts, lw)
    pygame.draw.line(surf, ink, (cx, yt), (cx, yb), lw)


def _staff(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    pygame.draw.line(surf, ink, (box.left + 1, box.top), (box.left + 1, box.bottom - 1 + box.h * 0.5), lw + 1)


def _hq_letters(surf: pygame.Surface, box: pygame.Rect, ink: Colour, lw: int) -> None:
    f = max(6, round(box.h * 0.55))
    font = pygame.font.Font(None, f + 4)
    t = font.render("HQ", True, ink)
    surf.blit(t, (box.centerx - t.get_width() // 2 + 1, box.centery - t.get_height() // 2 + 1))


# The drawing of each symbol element named in the data (game.core.units.SYMBOL_ELEMENTS).
ELEMENTS: dict[str, Callable[[pygame.Surface, pygame.Rect, Colour, int], None]] = {
    "cross": _cross, "bar": _bar, "top_bar": _top_bar, "arrow": _arrow, "oval": _oval, "dot": _dot,
    "diagonal": _diagonal, "bridge": _bridge, "staff": _staff, "hq_letters": _hq_letters,
}
