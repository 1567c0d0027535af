"""Small charts for the statistics and end screens: line graphs and an objective timeline."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pygame

from game.ui.theme import Colour, Theme


def line_chart(surf: pygame.Surface, theme: Theme, rect: pygame.Rect, title: str,
               series: Sequence[tuple[str, Sequence[float], Colour, bool]], x_label: str = "turn") -> None:
    """Series are (name, values, colour, dashed). All share the x axis (index) and a y axis from 0."""
    th = theme
    t = th.text(title, "small", "text", "bold")
    surf.blit(t, (rect.x, rect.y))
    plot = pygame.Rect(rect.x + 44, rect.y + t.get_height() + 6, rect.w - 54, rect.h - t.get_height() - 30)
    grid = th.colour("chart.grid")
    n = max((len(v) for _, v, _, _ in series), default=0)
    top = max((max(v) for _, v, _, _ in series if len(v)), default=0.0)
    top = _nice(top)
    pygame.draw.rect(surf, grid[:3], plot, 1)
    for k in range(5):
        y = plot.bottom - plot.h * k / 4
        pygame.draw.line(surf, grid[:3], (plot.x, y), (plot.right, y))
        lab = th.text(_fmt(top * k / 4), "tiny", "text_dim")
        surf.blit(lab, (plot.x - lab.get_width() - 4, y - lab.get_height() / 2))
    lab = th.text(x_label, "tiny", "text_dim")
    surf.blit(lab, (plot.right - lab.get_width(), plot.bottom + 3))
    if n < 1:
        return
    for _name, values, col, dashed in series:
        if not values:
            continue
        pts = [(plot.x + plot.w * i / max(1, n - 1), plot.bottom - plot.h * (v / top if top else 0))
               for i, v in enumerate(values)]
        if len(pts) == 1:
            pygame.draw.circle(surf, col[:3], pts[0], 3)
        elif dashed:
            _dashed(surf, col, pts)
        else:
            pygame.draw.lines(surf, col[:3], False, pts, 2)
    x, y = plot.x + 6, plot.y + 10
    for name, _, col, dashed in series:
        if not name:
            continue
        lab = th.text(name, "tiny", "text")
        if x > plot.x + 6 and x + lab.get_width() + 20 > plot.right:  # next legend row
            x, y = plot.x + 6, y + lab.get_height() + 4
        if dashed:
            for k in range(0, 16, 6):
                pygame.draw.line(surf, col[:3], (x + k, y), (x + k + 3, y), 2)
        else:
            pygame.draw.line(surf, col[:3], (x, y), (x + 16, y), 2)
        surf.blit(lab, (x + 20, y - lab.get_height() / 2))
        x += lab.get_width() + 34


def _dashed(surf: pygame.Surface, col: Colour, pts: list[tuple[float, float]], dash: float = 6.0) -> None:
    """A dashed polyline with even dashes whatever the spacing of the points."""
    on, left = True, dash
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        seg = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        t = 0.0
        while t < seg:
            step = min(left, seg - t)
            if on:
                a, b = t / seg, (t + step) / seg
                pygame.draw.line(surf, col[:3], (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                                 (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), 2)
            t += step
            left -= step
            if left <= 1e-6:
                on, left = not on, dash


def timeline(surf: pygame.Surface, theme: Theme, rect: pygame.Rect, title: str, rows: dict[str, list[str]],
             upto: int) -> None:
    """One bar per objective, coloured by who held it at each turn (up to turn `upto`)."""
    th = theme
    t = th.text(title, "small", "text", "bold")
    surf.blit(t, (rect.x, rect.y))
    y = rect.y + t.get_height() + 6
    if not rows:
        return
    label_w = max(th.font("regular", "tiny").size(k)[0] for k in rows) + 10
    row_h = max(14, min(26, (rect.bottom - y - 18) // max(1, len(rows)) - 4))
    n = max(len(v) for v in rows.values())
    bar_w = rect.w - label_w
    for name, holders in rows.items():
        lab = th.text(name, "tiny", "text")
        surf.blit(lab, (rect.x, y + row_h / 2 - lab.get_height() / 2))
        for i, hold in enumerate(holders[: upto + 1]):
            x0 = rect.x + label_w + bar_w * i / n
            x1 = rect.x + label_w + bar_w * (i + 1) / n
            pygame.draw.rect(surf, th.side(hold, "fill"), (x0, y, max(1, x1 - x0 + 0.5), row_h))
        pygame.draw.rect(surf, th.colour("chart.grid")[:3], (rect.x + label_w, y, bar_w, row_h), 1)
        y += row_h + 4
    x = rect.x + label_w
    for key, name in [(k, th.side_name(k)) for k in th.side_keys] + [("contested", "contested")]:
        pygame.draw.rect(surf, th.side(key, "fill"), (x, y + 2, 12, 10))
        lab = th.text(name, "tiny", "text_dim")
        surf.blit(lab, (x + 16, y))
        x += lab.get_width() + 30


def _nice(v: float) -> float:
    """The top of the y axis: four equal steps of a whole, round number of men (1, 2, 5 x 10^k)."""
    step = 1
    while step * 4 < v:
        step = _next_step(step)
    return float(step * 4)


def _next_step(step: int) -> int:
    lead = int(str(step)[0])
    scale = 10 ** (len(str(step)) - 1)
    return {1: 2, 2: 5, 5: 10}[lead] * scale


def _fmt(v: float) -> str:
    return f"{v:.0f}"
