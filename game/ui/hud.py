"""Heads-up display: the header bar (turn, date and time, day or night, fog, phase, points, the
computer's speed), the message log, and the minimap with the camera's view rectangle.
"""

from __future__ import annotations

import math

import pygame

from game.core.state import GameState
from game.core.units import Unit
from game.rules.victory import points
from game.ui.layout import Camera, hex_centre_unit
from game.ui.maplayer import TileCache
from game.ui.messages import LogLine
from game.ui.theme import Theme
from game.ui.widgets import Button, draw_button, panel


def date_label(state: GameState) -> str:
    t = state.scenario.clock.time_of(min(state.turn, state.scenario.clock.n_turns - 1))
    return t.strftime("%a %d %b %Y, %H:%M")


def draw_sun(surf: pygame.Surface, c: tuple[float, float], r: float) -> None:
    for k in range(8):
        a = k * math.pi / 4
        pygame.draw.line(surf, (250, 200, 60), (c[0] + math.cos(a) * r * 1.1, c[1] + math.sin(a) * r * 1.1),
                         (c[0] + math.cos(a) * r * 1.6, c[1] + math.sin(a) * r * 1.6), 2)
    pygame.draw.circle(surf, (250, 210, 70), c, r)


def draw_moon(surf: pygame.Surface, c: tuple[float, float], r: float, bg: tuple[int, ...]) -> None:
    pygame.draw.circle(surf, (225, 228, 240), c, r)
    pygame.draw.circle(surf, bg[:3], (c[0] + r * 0.5, c[1] - r * 0.3), r * 0.85)


def draw_fog(surf: pygame.Surface, c: tuple[float, float], r: float) -> None:
    for k in range(3):
        y = c[1] - r * 0.6 + k * r * 0.6
        pygame.draw.line(surf, (200, 205, 210), (c[0] - r * 1.2 + k * 3, y), (c[0] + r * 1.2 - k * 2, y), 3)


class Header:
    """The top bar."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.buttons: list[Button] = []
        self.points_rect = pygame.Rect(0, 0, 0, 0)

    def draw(self, surf: pygame.Surface, rect: pygame.Rect, state: GameState, status: str, speed_label: str,
             hover: tuple[int, int], title: str, extra: list[tuple[str, str, str]] | None = None) -> None:
        """Left to right: title, turn, date, day/night, fog, phase, status; the points just left of
        the buttons. When the bar is too narrow the least useful pieces go first (title, status,
        the long date, the weather words), so the turn, phase and points always show."""
        th = self.theme
        bg = th.colour("panel_title")
        pygame.draw.rect(surf, bg[:3], rect)
        pygame.draw.line(surf, th.colour("panel_edge"), rect.bottomleft, (rect.right, rect.bottom - 1))
        clock = state.scenario.clock
        turn = min(state.turn, clock.n_turns - 1)
        cy = rect.centery
        # right-hand buttons first: they fix the room left for the rest
        self.buttons = []
        bx = rect.right - 8
        specs: list[tuple[str, str, str]] = list(extra or []) + [
            ("Menu", "menu", "Esc: menu (save, load, settings, quit)"),
            ("Help", "help", "F1: keys and how to play"),
            ("Stats", "stats", "F2: losses, objectives, luck"),
            (speed_label, "ai_speed", "F5/F6: speed of the computer's turn; Space skips"),
        ]
        pad = round(9 * th.ui_scale)
        for label, action, tip in specs:
            w = th.font("bold", "small").size(label)[0] + 2 * pad
            b = Button(pygame.Rect(bx - w, rect.y + 4, w, rect.h - 8), label, action, tip=tip)
            bx -= w + 6
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(hover))
        (s1, p1), (s2, p2) = points(state).items()
        pts_t = th.text(f"Points  {th.side_short(s1)} {p1} : {p2} {th.side_short(s2)}", "small", "text_dim")
        if bx - pts_t.get_width() - 10 < rect.x + 200:
            pts_t = th.text(f"Pts {p1}:{p2}", "small", "text_dim")
        room = bx - 12 - pts_t.get_width() - 14 - (rect.x + 10)
        r = rect.h * 0.22
        icon = round(r * 2) + 6
        side = state.side
        chip_long = th.text(f"{th.side_name(side)} phase", "small", th.side(side, "text"), "bold")
        chip_short = th.text(th.side_name(side), "small", th.side(side, "text"), "bold")
        turn_t = th.text(f"Turn {turn + 1}/{clock.n_turns}", "normal", "text", "bold")
        full_date = th.text(date_label(state), "normal", "text")
        short_date = th.text(clock.time_of(turn).strftime("%d %b %H:%M"), "small", "text")
        title_t = th.text(title, "normal", "text", "bold")
        status_t = th.text(status, "small", "text")
        light_t = th.text("day" if clock.daylight[turn] else "night", "small", "text_dim")
        fog_t = th.text("fog", "small", "text_dim")
        fog = bool(clock.fog[turn])
        gscale = th.ui_scale
        show = {"title": True, "status": True, "date": True, "words": True, "chip": True, "fog": True}

        def need() -> int:
            g = min(gscale, 2.0)  # the gaps grow with the interface, as put() spaces them
            chip_t = chip_long if show["chip"] else chip_short
            fog_w = (icon + 2) if fog and show["fog"] else 0
            w = turn_t.get_width() + round(16 * g) + chip_t.get_width() + round(26 * g) + icon + fog_w
            w += (full_date if show["date"] else short_date).get_width() + round(18 * g)
            if show["title"]:
                w += title_t.get_width() + round(20 * g)
            if show["status"]:
                w += status_t.get_width() + round(16 * g)
            if show["words"]:
                w += light_t.get_width() + round(6 * g) + (fog_t.get_width() + round(6 * g) if fog else 0)
            return w

        for k in ("title", "status", "date", "words", "chip", "fog"):
            if need() <= room:
                break
            show[k] = False
        chip_t = chip_long if show["chip"] else chip_short
        x = rect.x + 10
        clip = surf.get_clip()
        surf.set_clip(pygame.Rect(rect.x, rect.y, max(0, bx - rect.x), rect.h).clip(clip))

        def put(t: pygame.Surface, gap: int) -> None:
            nonlocal x
            surf.blit(t, (x, cy - t.get_height() // 2))
            x += t.get_width() + round(gap * min(gscale, 2.0))

        if show["title"]:
            put(title_t, 20)
        put(turn_t, 16)
        put(full_date if show["date"] else short_date, 18)
        if clock.daylight[turn]:
            draw_sun(surf, (x + r, cy), r)
        else:
            draw_moon(surf, (x + r, cy), r, bg)
        x += icon
        if show["words"]:
            put(light_t, 6)
        if fog and show["fog"]:
            draw_fog(surf, (x + r, cy), r)
            x += icon
            if show["words"]:
                put(fog_t, 6)
        x += 6
        chip = pygame.Rect(x, rect.y + 5, chip_t.get_width() + 16, rect.h - 10)
        pygame.draw.rect(surf, th.side(side, "fill"), chip, border_radius=chip.h // 2)
        surf.blit(chip_t, (chip.x + 8, cy - chip_t.get_height() // 2))
        x = chip.right + 10
        if show["status"]:
            put(status_t, 16)
        surf.blit(pts_t, (max(x, bx - 10 - pts_t.get_width()), cy - pts_t.get_height() // 2))
        surf.set_clip(clip)
        self.points_rect = pygame.Rect(max(x, bx - 10 - pts_t.get_width()), rect.y, pts_t.get_width(), rect.h)


class LogView:
    """The message log, newest at the bottom; the wheel scrolls it."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.scroll = 0

    def draw(self, surf: pygame.Surface, rect: pygame.Rect, lines: list[LogLine]) -> None:
        th = self.theme
        top = panel(surf, th, rect, "Messages")
        clip = surf.get_clip()
        inner = pygame.Rect(rect.x + 6, top, rect.w - 12, rect.bottom - top - 4)
        surf.set_clip(inner)
        y = inner.bottom
        end = len(lines) - self.scroll
        wrap_w = inner.w - 10
        for line in reversed(lines[max(0, end - 60):end]):
            col = "text" if line.important else "text_dim"
            role = "bold" if line.important else "regular"
            texts = [th.text(part, "tiny", col, role) for part in th.wrap(line.text, wrap_w, "tiny", role)]
            height = sum(t.get_height() + 1 for t in texts)
            if y - height < inner.y and y < inner.bottom:  # only whole messages, no half-cut line at the top
                break
            bottom = y
            for t in reversed(texts):
                y -= t.get_height() + 1
                surf.blit(t, (inner.x + 8, y))
            if line.side in th.side_keys:
                pygame.draw.rect(surf, th.side(line.side, "fill"), (inner.x + 1, y + 1, 4, bottom - y - 2))
        surf.set_clip(clip)
        if self.scroll:
            t = th.text(f"(scrolled back {self.scroll})", "tiny", "text_warn")
            surf.blit(t, (rect.right - t.get_width() - 8, rect.y + 5))

    def wheel(self, dy: int, n: int) -> None:
        self.scroll = max(0, min(max(0, n - 5), self.scroll + dy * 3))


class Minimap:
    """The whole map small, with units as dots and the camera's view as a frame."""

    def __init__(self, theme: Theme, tiles: TileCache) -> None:
        self.theme = theme
        self.tiles = tiles
        self._scaled: tuple[tuple[int, int], pygame.Surface, pygame.Rect] | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)

    def invalidate(self) -> None:
        self._scaled = None

    def _image(self, rect: pygame.Rect) -> tuple[pygame.Surface, pygame.Rect]:  # the overview, scaled
        if self._scaled is None or self._scaled[0] != rect.size:
            ov = self.tiles.ensure_overview()
            k = min(rect.w / ov.get_width(), rect.h / ov.get_height())
            size = (max(1, round(ov.get_width() * k)), max(1, round(ov.get_height() * k)))
            img = pygame.transform.smoothscale(ov, size)
            area = pygame.Rect(0, 0, *size)
            area.center = (rect.w // 2, rect.h // 2)
            self._scaled = (rect.size, img, area)
        return self._scaled[1], self._scaled[2]

    def draw(self, surf: pygame.Surface, rect: pygame.Rect, cam: Camera, shown: dict[int, list[Unit]],
             hexes: list, selected: str | None) -> None:
        th = self.theme
        self.rect = rect
        pygame.draw.rect(surf, th.colour("offmap")[:3], rect, border_radius=4)
        img, area = self._image(rect)
        dest = area.move(rect.topleft)
        surf.blit(img, dest)
        lft, t, r, _ = self.tiles.painter.geo.bounds
        k = dest.w / (r - lft)
        for idx, units in shown.items():
            if not units:
                continue
            ux, uy = hex_centre_unit(hexes[idx])
            p = (dest.x + (ux - lft) * k, dest.y + (uy - t) * k)
            u = units[-1]
            col = th.side(u.side, "fill")
            size = 5 if u.id == selected else 3
            pygame.draw.rect(surf, th.side(u.side, "dark"),
                             (p[0] - size / 2 - 1, p[1] - size / 2 - 1, size + 2, size + 2))
            pygame.draw.rect(surf, col, (p[0] - size / 2, p[1] - size / 2, size, size))
        x0, y0, x1, y1 = cam.visible_unit_rect()
        view = pygame.Rect(dest.x + (x0 - lft) * k, dest.y + (y0 - t) * k, (x1 - x0) * k, (y1 - y0) * k)
        clip = surf.get_clip()
        surf.set_clip(rect)
        pygame.draw.rect(surf, (255, 255, 255), view, 2)
        surf.set_clip(clip)
        pygame.draw.rect(surf, th.colour("panel_edge"), rect, 1, border_radius=4)

    def unit_at(self, pos: tuple[int, int]) -> tuple[float, float] | None:
        """Unit-size world coordinates under a minimap pixel, or None."""
        if self._scaled is None or not self.rect.collidepoint(pos):
            return None
        area = self._scaled[2]
        dest = area.move(self.rect.topleft)
        lft, t, r, _ = self.tiles.painter.geo.bounds
        k = dest.w / (r - lft)
        return lft + (pos[0] - dest.x) / k, t + (pos[1] - dest.y) / k


class ObjectivesBox:
    """The objectives, their points and who holds them, in the map's top-left corner during
    play; a click on a line centres the map on that objective. O hides and shows it."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.visible = True
        self.rows: list[tuple[pygame.Rect, str]] = []  # (screen rect, objective name)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._cache: tuple[tuple[object, ...], pygame.Surface | None, pygame.Rect,
                           list[tuple[pygame.Rect, str]]] | None = None

    def draw(self, surf: pygame.Surface, area: pygame.Rect, state: GameState) -> None:
        """Drawn from a cached picture, rebuilt only when control, the window or the theme change."""
        self.rows = []
        self.rect = pygame.Rect(area.x, area.y, 0, 0)
        if not self.visible:
            return
        th = self.theme
        key = (tuple(sorted(state.control.items())), area.topleft, area.size, th.ui_scale, th.high_contrast,
               id(state.scenario))
        if self._cache is None or self._cache[0] != key:
            layer = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
            self._render(layer, area, state)
            box = self.rect
            pic = layer.subsurface(box).copy() if box.w > 0 and box.h > 0 else None
            self._cache = (key, pic, box, list(self.rows))
        _, pic, self.rect, rows = self._cache
        self.rows = list(rows)
        if pic is not None:
            surf.blit(pic, self.rect.topleft)

    def _render(self, surf: pygame.Surface, area: pygame.Rect, state: GameState) -> None:
        th = self.theme
        objs = sorted(state.scenario.objectives, key=lambda o: (-o.points, o.name))
        if not objs:
            return
        (a, pa), (b, pb) = points(state).items()
        head = th.text(f"Objectives  ({th.side_name(a)} {pa} : {pb} {th.side_name(b)})", "tiny", "text", "bold")
        lines = []
        for o in objs:
            holder = state.control.get(o.name, o.held_by)
            who = th.side_name(holder)
            lines.append((o.name, th.text(f"{o.name}", "tiny", "text"), th.text(f"{o.points}", "tiny", "text", "bold"),
                          th.text(who, "tiny", "text_dim"), holder))
        sq = lines[0][1].get_height() - 4
        name_w = max(t.get_width() for _, t, _, _, _ in lines)
        pts_w = max(p.get_width() for _, _, p, _, _ in lines)
        who_w = max(w.get_width() for _, _, _, w, _ in lines)
        w = max(head.get_width(), sq + 6 + name_w + 10 + pts_w + 10 + who_w) + 16
        lh = lines[0][1].get_height() + 2
        h = head.get_height() + 10 + lh * len(lines)
        box = pygame.Rect(area.x + 8, area.y + 8, min(w, area.w - 16), min(h, area.h - 16))
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, (20, 22, 26, 200), layer.get_rect(), border_radius=6)
        surf.blit(layer, box.topleft)
        clip = surf.get_clip()
        surf.set_clip(box.clip(clip))
        surf.blit(head, (box.x + 8, box.y + 4))
        y = box.y + 6 + head.get_height()
        for name, nt, pt, wt, holder in lines:
            pygame.draw.rect(surf, th.side(holder, "fill"), (box.x + 8, y + 3, sq, sq))
            x = box.x + 8 + sq + 6
            surf.blit(nt, (x, y))
            surf.blit(pt, (x + name_w + 10 + pts_w - pt.get_width(), y))
            surf.blit(wt, (x + name_w + 10 + pts_w + 10, y))
            self.rows.append((pygame.Rect(box.x, y, box.w, lh), name))
            y += lh
        surf.set_clip(clip)
        self.rect = box

    def at(self, pos: tuple[int, int]) -> str | None:
        for r, name in self.rows:
            if r.collidepoint(pos):
                return name
        return None
