"""Animations of engine events: counters gliding along their paths, tracer fire, shell bursts,
aircraft passes, floating casualty numbers. One order's events play as a group; groups queue.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygame

from game.core import events as ev
from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.state import GameState
from game.ui.layout import hex_centre_unit
from game.ui.renderer import MapOverlay, MapView
from game.ui.theme import Theme


@dataclass(slots=True)
class Anim:
    kind: str  # move | tracer | shells | blast | air | float (banner, rising) | loss (sinking) | clash
    start: float
    duration: float
    unit: str = ""
    path: tuple[Hex, ...] = ()
    a: Hex | None = None
    b: Hex | None = None
    text: str = ""
    colour: tuple[int, ...] = (255, 255, 255)

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(slots=True)
class Group:
    anims: list[Anim] = field(default_factory=list)
    t: float = 0.0

    @property
    def duration(self) -> float:
        return max((a.end for a in self.anims), default=0.0)


class Animator:
    """Turns events into timed animations and draws them over the map."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.queue: deque[Group] = deque()
        self.speed = 1.0
        self.enabled = True

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    def skip(self) -> None:
        self.queue.clear()

    def add(self, state: GameState, events: list[Event], visible: set[str] | None) -> None:
        """Queue the animations of one order's events (units outside `visible` are not shown)."""
        if not self.enabled:
            return
        g = Group()
        c = _Scene(self.theme, state, {u.id: u.hex for u in state.units.values()}, visible, g.anims)
        t = 0.0
        for e in events:
            play = PLAYS.get(type(e))
            if play is not None:
                t = play(c, e, t)
        if g.anims:
            self.queue.append(g)

    def update(self, dt: float) -> None:
        if not self.queue:
            return
        g = self.queue[0]
        g.t += dt * self.speed
        if g.t >= g.duration:
            self.queue.popleft()

    def overlay(self, ov: MapOverlay) -> None:
        """Hide units that are gliding and give their current positions."""
        if not self.queue:
            return
        g = self.queue[0]
        for a in g.anims:
            if a.kind != "move":
                continue
            ov.hidden.add(a.unit)
            if g.t < a.start:
                pos = hex_centre_unit(a.path[0])
            else:
                f = min(1.0, (g.t - a.start) / a.duration) * (len(a.path) - 1)
                k = min(int(f), len(a.path) - 2)
                x0, y0 = hex_centre_unit(a.path[k])
                x1, y1 = hex_centre_unit(a.path[k + 1])
                u = f - k
                pos = (x0 + (x1 - x0) * u, y0 + (y1 - y0) * u)
            ov.moving[a.unit] = pos

    def draw(self, surf: pygame.Surface, view: MapView) -> None:
        if not self.queue:
            return
        g = self.queue[0]
        cam = view.cam
        s = cam.size
        for a in g.anims:
            if not a.start <= g.t <= a.end or a.kind == "move":
                continue
            f = (g.t - a.start) / max(1e-6, a.duration)
            if a.kind == "tracer" and a.a is not None and a.b is not None:
                p0, p1 = cam.hex_screen(a.a), cam.hex_screen(a.b)
                for k in range(4):
                    u = (f * 2.2 + k * 0.23) % 1.0
                    x, y = p0[0] + (p1[0] - p0[0]) * u, p0[1] + (p1[1] - p0[1]) * u
                    pygame.draw.circle(surf, (255, 236, 140), (x, y), max(2, s // 12))
                pygame.draw.circle(surf, (255, 200, 80), p0, max(3, s // 6) * (1 - f) + 1)
            elif a.kind == "shells" and a.a is not None and a.b is not None:
                p0, p1 = cam.hex_screen(a.a), cam.hex_screen(a.b)
                x = p0[0] + (p1[0] - p0[0]) * f
                y = p0[1] + (p1[1] - p0[1]) * f - math.sin(f * math.pi) * max(40, s * 3)
                pygame.draw.circle(surf, (40, 40, 40), (x, y), max(2, s // 10))
            elif a.kind == "blast" and a.b is not None:
                cx, cy = cam.hex_screen(a.b)
                for k, (ox, oy) in enumerate(((-0.3, -0.2), (0.25, -0.1), (0.0, 0.3), (0.35, 0.3), (-0.3, 0.25))):
                    lf = f * 1.6 - k * 0.12
                    if 0 < lf < 1:
                        r = s * (0.15 + 0.45 * lf)
                        col = (255, max(60, int(220 - 160 * lf)), 40) if lf < 0.4 else (90, 86, 80)
                        blob = pygame.Surface((r * 2 + 2, r * 2 + 2), pygame.SRCALPHA)
                        pygame.draw.circle(blob, (*col, int(220 * (1 - lf))), (r + 1, r + 1), r)
                        surf.blit(blob, (cx + ox * s - r, cy + oy * s - r))
            elif a.kind == "air" and a.b is not None:
                cx, cy = cam.hex_screen(a.b)
                x = cx - 400 + 800 * f
                y = cy - 120 + 120 * f
                _plane(surf, x, y, max(10, s // 2))
            elif a.kind == "clash" and a.b is not None:
                cx, cy = cam.hex_screen(a.b)
                r = s * (0.4 + 0.3 * math.sin(f * math.pi))
                pygame.draw.line(surf, (250, 250, 250), (cx - r, cy - r), (cx + r, cy + r), 4)
                pygame.draw.line(surf, (250, 250, 250), (cx - r, cy + r), (cx + r, cy - r), 4)
            elif a.kind == "loss" and a.b is not None:
                cx, cy = cam.hex_screen(a.b)
                t = self.theme.text(a.text, "normal", a.colour, "bold", halo=(20, 20, 20))
                t.set_alpha(int(255 * min(1.0, 2.5 * (1 - f))))
                surf.blit(t, (cx - t.get_width() / 2, cy + s * 0.55 + f * s * 0.8))
            elif a.kind == "float" and a.b is not None:
                cx, cy = cam.hex_screen(a.b)
                t = self.theme.text(a.text, "large", a.colour, "bold", halo=(20, 20, 20))
                t.set_alpha(int(255 * min(1.0, 2.5 * (1 - f))))
                surf.blit(t, (cx - t.get_width() / 2, cy - s * 0.6 - f * s * 1.2 - t.get_height()))


def _plane(surf: pygame.Surface, x: float, y: float, r: float) -> None:
    col = (50, 55, 60)
    pygame.draw.polygon(surf, col, [(x + r, y), (x - r, y - r * 0.18), (x - r, y + r * 0.18)])
    pygame.draw.polygon(surf, col, [(x + r * 0.1, y), (x - r * 0.3, y - r * 0.9), (x - r * 0.45, y - r * 0.9),
                                    (x - r * 0.25, y), (x - r * 0.45, y + r * 0.9), (x - r * 0.3, y + r * 0.9)])


@dataclass(slots=True)
class _Scene:
    """What an event's animation needs: the theme, the state, unit hexes, who is visible, the group."""

    theme: Theme
    state: GameState
    hexes: dict[str, Hex]
    visible: set[str] | None
    anims: list[Anim]

    def seen(self, uid: str) -> bool:
        return self.visible is None or uid in self.visible


def _move(c: _Scene, e: ev.UnitMoved | ev.Retreated, t: float) -> float:
    if not c.seen(e.unit) or len(e.path) <= 1:
        return t
    d = c.theme.anim("move_hex_s") * (len(e.path) - 1)
    c.anims.append(Anim("move", t, min(d, 1.6), unit=e.unit, path=e.path))
    return t + min(d, 1.6)


def _fire(c: _Scene, e: ev.FireResolved, t: float) -> float:
    if not (c.seen(e.firer) or c.seen(e.target)):
        return t
    c.anims.append(Anim("tracer", t, c.theme.anim("fire_s"), a=c.hexes.get(e.firer), b=c.hexes.get(e.target)))
    return t + c.theme.anim("fire_s") * 0.8


def _bombard(c: _Scene, e: ev.BombardResolved, t: float) -> float:
    th = c.theme
    c.anims.append(Anim("shells", t, 0.35, a=c.hexes.get(e.unit), b=e.target))
    c.anims.append(Anim("blast", t + 0.3, th.anim("blast_s") * (1.4 if e.barrage else 1.0), b=e.target))
    return t + 0.3 + th.anim("blast_s") * 0.7


def _air(c: _Scene, e: ev.AirStrikeResolved, t: float) -> float:
    c.anims.append(Anim("air", t, 0.9, b=e.target, text=e.aircraft))
    c.anims.append(Anim("blast", t + 0.7, c.theme.anim("blast_s"), b=e.target))
    return t + 1.2


def _assault(c: _Scene, e: ev.AssaultResolved, t: float) -> float:
    c.anims.append(Anim("clash", t, 0.6, b=e.target))
    txt = "Taken!" if e.taken else "Repulsed"
    c.anims.append(Anim("float", t + 0.3, c.theme.anim("float_s"), b=e.target, text=txt, colour=(255, 255, 255)))
    return t + 0.6


def _casualties(c: _Scene, e: ev.Casualties, t: float) -> float:
    if c.seen(e.unit):
        th = c.theme
        lost = e.killed + e.wounded + e.missing
        # losses sink below the hex; result banners ("Taken!", control) rise above it
        c.anims.append(Anim("loss", t, th.anim("float_s"), b=c.hexes.get(e.unit), text=f"-{lost}",
                            colour=th.colour("bad") if not th.high_contrast else (255, 80, 0)))
    return t


def _routed(c: _Scene, e: ev.Routed, t: float) -> float:
    if c.seen(e.unit):
        c.anims.append(Anim("float", t + 0.2, c.theme.anim("float_s"), b=c.hexes.get(e.unit), text="routs!",
                            colour=(250, 220, 60)))
    return t


def _control(c: _Scene, e: ev.ControlChanged, t: float) -> float:
    obj = next((o for o in c.state.scenario.objectives if o.name == e.objective), None)
    if obj is not None:
        c.anims.append(Anim("float", t, c.theme.anim("float_s") * 1.5, b=obj.hex, text=f"{e.objective}: {e.holder}",
                            colour=(240, 228, 66)))
    return t


# The animation of each event type that has one: adds to the group, returns when the next one starts.
PLAYS: dict[type[Any], Callable[[_Scene, Any, float], float]] = {
    ev.UnitMoved: _move,
    ev.Retreated: _move,
    ev.FireResolved: _fire,
    ev.BombardResolved: _bombard,
    ev.AirStrikeResolved: _air,
    ev.AssaultResolved: _assault,
    ev.Casualties: _casualties,
    ev.Routed: _routed,
    ev.ControlChanged: _control,
}
