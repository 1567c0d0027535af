"""Overlays drawn over the game: help, menu, load dialog, statistics, end of game, hot-seat hand-over."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame
import yaml

from game.core.state import GameState
from game.engine.scenario import Scenario
from game.paths import assets_dir
from game.rules.victory import points
from game.ui.charts import line_chart, timeline
from game.ui.input import MOUSE_HELP, help_rows
from game.ui.scene import Modal, Notice
from game.ui.settings import CHOICES, Settings
from game.ui.stats import BattleStats
from game.ui.theme import Colour, Theme
from game.ui.widgets import Button, draw_button, fit_label, panel, shade


def load_history() -> dict[str, Any]:
    p = assets_dir() / "history.yaml"
    try:
        with open(p, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, yaml.YAMLError):
        return {}


def centred_box(surf: pygame.Surface, w: int, h: int) -> pygame.Rect:
    sw, sh = surf.get_size()
    r = pygame.Rect(0, 0, min(w, sw - 40), min(h, sh - 40))
    r.center = (sw // 2, sh // 2)
    return r


class ButtonModal(Modal):
    """A modal with buttons: the mouse position is kept for hover highlights, and a left click
    (button released) on a button picks it."""

    buttons: list[Button]
    mouse: tuple[int, int]

    def clicked(self, e: pygame.event.Event) -> Button | None:
        """Track the mouse; the button a left click released on, if any."""
        if e.type == pygame.MOUSEMOTION:
            self.mouse = e.pos
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            for b in self.buttons:
                if b.hit(e.pos):
                    return b
        return None

    def pointer(self, e: pygame.event.Event) -> str | None:
        """The action of the button clicked, if any."""
        b = self.clicked(e)
        return b.action if b is not None else None


class ListMenu(Modal):
    """A vertical list of choices navigable by mouse and keyboard."""

    title = ""

    def __init__(self, theme: Theme, items: list[tuple[str, str]], width: int = 380) -> None:
        self.theme = theme
        self.items = items  # (label, action)
        self.index = 0
        self.width = width
        self.buttons: list[Button] = []
        self.mouse = (0, 0)

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.KEYDOWN:
            if e.key in (pygame.K_ESCAPE, pygame.K_F1, pygame.K_F2):
                return "close"
            if e.key in (pygame.K_DOWN, pygame.K_TAB):
                self.index = (self.index + 1) % max(1, len(self.items))
            elif e.key == pygame.K_UP:
                self.index = (self.index - 1) % max(1, len(self.items))
            elif e.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.items:
                return self.choose(self.index)
        elif e.type == pygame.MOUSEMOTION:
            self.mouse = e.pos
            for k, b in enumerate(self.buttons):
                if b.rect.collidepoint(e.pos):
                    self.index = k
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            for k, b in enumerate(self.buttons):
                if b.hit(e.pos):
                    return self.choose(k)
        return None

    def choose(self, k: int) -> str | None:
        return self.items[k][1]

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        shade(surf, 150)
        bh = round(34 * th.ui_scale)
        box = centred_box(surf, self.width, 70 + len(self.items) * (bh + 6))
        top = panel(surf, th, box, self.title, alpha=False)
        self.buttons = []
        y = top + 8
        for k, (label, action) in enumerate(self.items):
            b = Button(pygame.Rect(box.x + 16, y, box.w - 32, bh), label, action, active=k == self.index)
            self.buttons.append(b)
            draw_button(surf, th, b, False, "normal")
            y += bh + 6


class MenuOverlay(ListMenu):
    title = "Menu"

    def __init__(self, theme: Theme, fog: bool, contrast: bool) -> None:
        super().__init__(theme, [
            ("Resume", "close"), ("Save game  (Ctrl+S)", "save"), ("Load game  (Ctrl+O)", "load"),
            ("Statistics  (F2)", "stats"), ("Help and keys  (F1)", "help"),
            (f"Fog of war: {'on' if fog else 'off'}  (V)", "toggle_fog"),
            (f"High contrast: {'on' if contrast else 'off'}  (C)", "toggle_contrast"),
            ("Settings  (F3)", "settings"),
            ("Quit to start screen", "quit_to_start"), ("Quit the game", "quit"),
        ])

    def choose(self, k: int) -> str | None:
        act = self.items[k][1]
        return act


class LoadDialog(ListMenu):
    title = "Load a saved game"

    def __init__(self, theme: Theme, folder: Path) -> None:
        files = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
        items = []
        self.paths: list[Path] = []
        for p in files[:14]:
            info = _record_info(p)
            items.append((f"{p.name}  {info}", "loaded"))
            self.paths.append(p)
        if not items:
            items.append((f"No saves in {folder}", "close"))
        items.append(("Cancel", "close"))
        super().__init__(theme, items, width=760)

    def choose(self, k: int) -> str | None:
        if k < len(self.paths):
            self.result = str(self.paths[k])
            return "loaded"
        return "close"


def _record_info(p: Path) -> str:
    try:
        with open(p, encoding="utf-8") as f:
            head = json.loads(f.readline())
            steps = sum(1 for _ in f)
        when = time.strftime("%d %b %H:%M", time.localtime(p.stat().st_mtime))
        return f"({head.get('scenario', '?')}, {steps} orders, {when})"
    except (OSError, ValueError):
        return "(unreadable)"


class HelpOverlay(Notice):
    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        shade(surf, 170)
        box = centred_box(surf, 1100, 680)
        top = panel(surf, th, box, "Help: keys and mouse (any key closes)", alpha=False)
        col_w = (box.w - 40) // 2
        x, y = box.x + 16, top + 8
        group = ""
        rows = help_rows()
        half = (len(rows) + 6) // 2
        for k, (g, key, what) in enumerate(rows):
            if k == half:
                x, y, group = box.x + 24 + col_w, top + 8, ""
            if g != group:
                group = g
                t = th.text(g, "small", "text_warn", "bold")
                surf.blit(t, (x, y + 4))
                y += t.get_height() + 6
            kt = th.text(key, "small", "text", "bold")
            surf.blit(kt, (x + 6, y))
            wt = th.text(what, "small", "text_dim")
            surf.blit(wt, (x + 130 * th.ui_scale, y))
            y += kt.get_height() + 2
        t = th.text("Mouse", "small", "text_warn", "bold")
        y += 6
        surf.blit(t, (x, y))
        y += t.get_height() + 4
        for key, what in MOUSE_HELP:
            kt = th.text(key, "small", "text", "bold")
            surf.blit(kt, (x + 6, y))
            for line in th.wrap(what, col_w - 140, "small"):
                wt = th.text(line, "small", "text_dim")
                surf.blit(wt, (x + 130 * th.ui_scale, y))
                y += wt.get_height() + 1
            y += 2
        hint = ("Each turn is 4 hours; the side in the header moves. Units in an enemy's zone of control stop. "
                "Entrenchment grows each turn a unit stays. Artillery needs a spotter for full effect; aircraft "
                "fly only by day without fog. Hold the objectives (flags) at the end to win.")
        y = box.bottom - 16 - 3 * (th.font("regular", "small").get_height() + 1)
        for line in th.wrap(hint, box.w - 40, "small"):
            t = th.text(line, "small", "text")
            surf.blit(t, (box.x + 16, y))
            y += t.get_height() + 1


class HandoverOverlay(Modal):
    """Hot-seat: hide the map until the next player is at the keyboard."""

    blocks_map = True

    def __init__(self, theme: Theme, side: str) -> None:
        self.theme = theme
        self.side = side

    def handle(self, e: pygame.event.Event) -> str | None:
        if (e.type == pygame.KEYDOWN and e.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)) or (
                e.type == pygame.MOUSEBUTTONUP and e.button == 1):
            return "close"
        return None

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        surf.fill(th.colour("background"))
        box = centred_box(surf, 640, 220)
        pygame.draw.rect(surf, th.side(self.side, "fill"), box, border_radius=10)
        t = th.text(f"{th.side_name(self.side)} player", "title", th.side(self.side, "text"), "bold")
        surf.blit(t, (box.centerx - t.get_width() // 2, box.y + 40))
        t = th.text("Your phase. Press Enter or click when the other player looks away.", "normal",
                    th.side(self.side, "text"))
        surf.blit(t, (box.centerx - t.get_width() // 2, box.y + 120))


class StatsOverlay(Notice):
    """Losses per turn, objective control over time, luck. `hidden`: sides whose losses the viewer
    may not know (the computer's, until the game is over): left out entirely, with a line saying so."""

    def __init__(self, theme: Theme, scen: Scenario, stats: BattleStats, hidden: Sequence[str] = ()) -> None:
        self.theme = theme
        self.scen = scen
        self.stats = without_sides(stats, hidden)
        self.hidden = [stats.names.get(s, s) for s in hidden]

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        shade(surf, 170)
        box = centred_box(surf, 1200, 720)
        top = panel(surf, th, box, "Statistics (any key closes)", alpha=False)
        note = " ".join(f"{name} losses: not known until the battle is over." for name in self.hidden)
        draw_stats(surf, th, pygame.Rect(box.x + 16, top + 8, box.w - 32, box.bottom - top - 20), self.stats, note)


def without_sides(st: BattleStats, hidden: Sequence[str]) -> BattleStats:
    """The statistics with the losses of the `hidden` sides taken out (objective control stays: it is public)."""
    if not hidden:
        return st

    def keep(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k not in hidden}

    return replace(st, losses=keep(st.losses), expected=keep(st.expected), killed=keep(st.killed),
                   wounded=keep(st.wounded), missing=keep(st.missing), guns=keep(st.guns), tanks=keep(st.tanks),
                   aircraft=keep(st.aircraft), names=keep(st.names))


def draw_stats(surf: pygame.Surface, th: Theme, area: pygame.Rect, st: BattleStats, note: str = "") -> None:
    half_w = (area.w - 20) // 2
    half_h = (area.h - 20) // 2
    line_chart(surf, th, pygame.Rect(area.x, area.y, half_w, half_h), "Men lost, cumulative (dashed: expected)",
               loss_lines(th, st))
    line_chart(surf, th, pygame.Rect(area.x + half_w + 20, area.y, half_w, half_h), "Men lost per turn", [
        (name, st.losses[side][: st.last_turn + 1], th.side(side, "chart"), False) for side, name in st.names.items()
    ])
    timeline(surf, th, pygame.Rect(area.x, area.y + half_h + 20, half_w, half_h), "Objective control by turn",
             st.control, st.last_turn)
    x, y = area.x + half_w + 20, area.y + half_h + 20
    t = th.text("Luck: men lost against expectation", "small", "text", "bold")
    surf.blit(t, (x, y))
    y += t.get_height() + 8
    for side in st.sides:
        line = luck_line(st, side)
        t = th.text(line, "small", th.side(side, "chart"), "bold")
        surf.blit(t, (x, y))
        y += t.get_height() + 4
    y += 6
    for side in st.sides:
        line = (f"{st.names[side]}: {st.killed[side]} killed, {st.wounded[side]} wounded, "
                f"{st.missing[side]} missing; {st.guns[side]} guns, {st.tanks[side]} tanks, "
                f"{st.aircraft[side]} aircraft lost")
        for part in th.wrap(line, half_w, "small"):
            t = th.text(part, "small", "text_dim")
            surf.blit(t, (x, y))
            y += t.get_height() + 1
        y += 4
    for part in th.wrap(note, half_w, "small") if note else []:
        t = th.text(part, "small", "text_dim")
        surf.blit(t, (x, y))
        y += t.get_height() + 1


def loss_lines(th: Theme, st: BattleStats) -> list[tuple[str, list[float], Colour, bool]]:
    """Cumulative men lost per side, then each side's expectation (dashed)."""
    lines: list[tuple[str, list[float], Colour, bool]] = [
        (name, [float(x) for x in st.cumulative(side)], th.side(side, "chart"), False)
        for side, name in st.names.items()]
    return lines + [(f"{name} expected", st.cumulative_expected(side), th.side(side, "chart_expected"), True)
                    for side, name in st.names.items()]


def luck_line(st: BattleStats, side: str) -> str:
    """Men lost against the dice's expectation, in words; no ratio until something was expected."""
    name = st.names.get(side, side)
    exp_total = sum(st.expected[side])
    lost = st.total(side)
    if exp_total < 0.5:
        return f"{name}: no losses yet" if lost == 0 else f"{name}: lost {lost} where almost none were expected"
    ratio = st.luck(side)
    verdict = "unlucky" if ratio > 1.1 else ("lucky" if ratio < 0.9 else "about par")
    return f"{name}: lost {lost} against {exp_total:.0f} expected ({ratio:.2f}x, {verdict})"


class EndOverlay(ButtonModal):
    """Outcome, losses beside the historical figures, the objective timeline."""

    def __init__(self, theme: Theme, scen: Scenario, state: GameState, stats: BattleStats) -> None:
        self.theme = theme
        self.scen = scen
        self.state = state
        self.stats = stats
        self.history = load_history()
        self.buttons: list[Button] = []
        self.mouse = (0, 0)

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.KEYDOWN:
            if e.key in (pygame.K_ESCAPE, pygame.K_RETURN):
                return "close"
            if e.key == pygame.K_F2:
                return "stats"
            if e.key == pygame.K_s and e.mod & pygame.KMOD_CTRL:
                return "save"
            if e.key == pygame.K_m:
                return "quit_to_start"
            if e.key == pygame.K_q:
                return "quit"
            return None
        return self.pointer(e)

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        shade(surf, 180)
        box = centred_box(surf, 1060, 660)
        top = panel(surf, th, box, "The battle is over", alpha=False)
        st = self.state
        win = st.winner or "draw"
        title = "Draw" if win == "draw" else f"{th.side_name(win)} victory"
        t = th.text(title, "huge", th.side(win, "fill") if win in self.scen.side_keys else th.colour("text"), "bold")
        surf.blit(t, (box.centerx - t.get_width() // 2, top + 6))
        y = top + 12 + t.get_height()
        pts = ", ".join(f"{th.side_name(k)} {v}" for k, v in points(st).items())
        t = th.text(f"Objective points: {pts}", "normal", "text_dim")
        surf.blit(t, (box.centerx - t.get_width() // 2, y))
        y += t.get_height() + 16
        # losses table
        hist = self.history.get("losses", {}) if self.scen.id in self.history.get("losses_for", []) else {}
        cols = ["", "killed", "wounded", "missing", "total", "historical (k / w / m)"]
        xs = [box.x + 30, box.x + 210, box.x + 310, box.x + 430, box.x + 540, box.x + 650]
        for x, c in zip(xs, cols, strict=True):
            surf.blit(th.text(c, "small", "text_dim", "bold"), (x, y))
        y += 24
        for side in self.scen.side_keys:
            s = self.stats
            h = hist.get(side)
            hist_txt = f"{h['killed']} / {h['wounded']} / {h['missing']}" if h else "n/a for this scenario"
            vals = [th.side_name(side), str(s.killed[side]), str(s.wounded[side]), str(s.missing[side]),
                    str(s.total(side)), hist_txt]
            for k, (x, v) in enumerate(zip(xs, vals, strict=True)):
                col = th.side(side, "fill") if k == 0 else th.colour("text")
                surf.blit(th.text(v, "normal", col, "bold" if k in (0, 4) else "regular"), (x, y))
            y += 28
        if hist:
            for side in self.scen.side_keys:
                src = hist.get(side, {}).get("source", "")
                if src:
                    t = th.text(f"{th.side_name(side)} figures: {src}", "tiny", "text_dim")
                    surf.blit(t, (box.x + 30, y))
                    y += t.get_height() + 1
        y += 10
        half = (box.w - 80) // 2
        area_h = box.bottom - y - 70
        timeline(surf, th, pygame.Rect(box.x + 30, y, half, area_h), "Who held the objectives",
                 self.stats.control, self.stats.last_turn)
        s = self.stats
        line_chart(surf, th, pygame.Rect(box.x + 50 + half, y, half, area_h), "Men lost (dashed: expected)",
                   loss_lines(th, s))
        self.buttons = []
        bx = box.x + 30
        for label, action in (("Statistics (F2)", "stats"), ("Save record (Ctrl+S)", "save"),
                              ("Look at the map (Esc)", "close"), ("Start screen (M)", "quit_to_start"),
                              ("Quit (Q)", "quit")):
            w = th.font("bold", "small").size(label)[0] + 30
            b = Button(pygame.Rect(bx, box.bottom - 50, w, 34), label, action)
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse))
            bx += w + 10


class ConfirmDialog(ButtonModal):
    """A yes/no question: Enter or Y confirms, Esc or N cancels; the buttons do the same."""

    def __init__(self, theme: Theme, title: str, lines: list[str], yes: str, no: str = "Cancel") -> None:
        self.theme = theme
        self.title = title
        self.lines = lines
        self.labels = (yes, no)
        self.buttons: list[Button] = []
        self.mouse = (0, 0)

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.KEYDOWN:
            if e.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y):
                return "confirm"
            if e.key in (pygame.K_ESCAPE, pygame.K_n):
                return "close"
            return None
        return self.pointer(e)

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        s = th.ui_scale
        w = round(520 * s)
        wrapped = [part for line in self.lines for part in th.wrap(line, w - 40, "normal")]
        lh = th.font("regular", "normal").get_height() + 2
        box = centred_box(surf, w, round(110 * s) + lh * len(wrapped))
        top = panel(surf, th, box, self.title, alpha=False)
        y = top + 8
        for line in wrapped:
            surf.blit(th.text(line, "normal", "text"), (box.x + 20, y))
            y += lh
        bh = round(34 * s)
        half = (box.w - 50) // 2
        yes, no = self.labels
        self.buttons = [Button(pygame.Rect(box.x + 20, box.bottom - bh - 12, half, bh), f"{yes}  (Enter)",
                               "confirm", active=True),
                        Button(pygame.Rect(box.x + 30 + half, box.bottom - bh - 12, half, bh), f"{no}  (Esc)",
                               "close")]
        for b in self.buttons:
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse), "normal")


class SettingsOverlay(ButtonModal):
    """The settings: Up/Down pick a row, Left/Right (or the - / + buttons) change it, and every
    change takes effect at once and is remembered (the owner applies `settings`). Esc closes."""

    def __init__(self, theme: Theme, settings: Settings) -> None:
        self.theme = theme
        self.settings = settings
        self.names = list(CHOICES)
        self.index = 0
        self.buttons: list[Button] = []
        self.mouse = (0, 0)

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.KEYDOWN:
            if e.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_F3):
                return "close"
            if e.key in (pygame.K_DOWN, pygame.K_TAB):
                self.index = (self.index + 1) % len(self.names)
            elif e.key == pygame.K_UP:
                self.index = (self.index - 1) % len(self.names)
            elif e.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_MINUS, pygame.K_EQUALS, pygame.K_PLUS):
                self.settings.step(self.names[self.index], 1 if e.key in (pygame.K_RIGHT, pygame.K_EQUALS,
                                                                          pygame.K_PLUS) else -1)
                return "settings"
            return None
        b = self.clicked(e)
        if b is None:
            return None
        if b.action == "close":
            return "close"
        self.index = self.names.index(str(b.arg))
        self.settings.step(str(b.arg), 1 if b.action == "more" else -1)
        return "settings"

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        s = min(th.ui_scale, 2.0)
        shade(surf, 150)
        rh = round(38 * s)
        box = centred_box(surf, round(600 * s), round(110 * s) + rh * len(self.names))
        top = panel(surf, th, box, "Settings (remembered between games)", alpha=False)
        self.buttons = []
        y = top + 10
        bw = round(36 * s)
        for k, name in enumerate(self.names):
            row = pygame.Rect(box.x + 12, y, box.w - 24, rh - 6)
            if k == self.index:
                pygame.draw.rect(surf, th.colour("button_hover")[:3], row, border_radius=5)
            surf.blit(fit_label(th, CHOICES[name][0], row.w - 3 * bw - 110, "normal", "text", "regular"),
                      (row.x + 10, row.centery - th.font("regular", "normal").get_height() // 2))
            val = th.text(self.settings.label(name), "normal", "text", "bold")
            minus = Button(pygame.Rect(row.right - 2 * bw - 100, row.y + 3, bw, row.h - 6), "-", "less", arg=name)
            plus = Button(pygame.Rect(row.right - bw - 4, row.y + 3, bw, row.h - 6), "+", "more", arg=name)
            surf.blit(val, (minus.rect.right + (plus.rect.x - minus.rect.right - val.get_width()) // 2,
                            row.centery - val.get_height() // 2))
            for b in (minus, plus):
                self.buttons.append(b)
                draw_button(surf, th, b, b.rect.collidepoint(self.mouse), "normal")
            y += rh
        close = Button(pygame.Rect(box.centerx - round(90 * s), box.bottom - round(48 * s), round(180 * s),
                                   round(34 * s)), "Close  (Esc)", "close")
        self.buttons.append(close)
        draw_button(surf, th, close, close.rect.collidepoint(self.mouse), "normal")
        hint = th.text("Up/Down: choose   Left/Right: change", "tiny", "text_dim")
        surf.blit(hint, (box.x + 16, box.bottom - hint.get_height() - 6))
