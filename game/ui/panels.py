"""The side panel: the selected unit's card, the expected-result preview of a target under the
mouse, the air-strike chooser, the hovered hex, and the order buttons.
"""

from __future__ import annotations

import pygame

from game.core.hexgrid import Hex
from game.core.state import GameState
from game.core.terrain import RAIL, ROAD
from game.core.units import Unit
from game.rules.movement import movement_allowance
from game.ui.counters import CounterArt
from game.ui.fogview import knows_details
from game.ui.input import hotkey_label
from game.ui.preview import Preview
from game.ui.theme import Theme
from game.ui.widgets import Button, bar, draw_button, fit_label, key_value, panel

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Move", "mode_move", "Move: click a highlighted hex"),
    ("Fire", "mode_fire", "Fire at a spotted enemy within 2 hexes"),
    ("Assault", "mode_assault", "Storm an adjacent enemy hex (Ctrl+click units to join)"),
    ("Bombard", "mode_bombard", "Artillery fire mission at a hex in range"),
    ("Barrage", "mode_barrage", "Barrage: two missions, more effect and suppression"),
    ("Air", "mode_air", "Air strike with the day's sorties"),
    ("Dig in", "entrench", "Entrench: dig in this turn instead of moving"),
    ("Hold", "hold", "Hold: this unit is done for the phase"),
    ("Undo", "undo", "Take back the last quiet move"),
    ("End turn", "end_turn", "End your phase"),
)


def weapons_line(u: Unit) -> str:
    parts = []
    if u.rifles:
        parts.append(f"{u.rifles} rifles")
    if u.lmg:
        parts.append(f"{u.lmg} LMG")
    if u.hmg:
        parts.append(f"{u.hmg} HMG")
    if u.atr:
        parts.append(f"{u.atr} ATR")
    for cal, n in sorted(u.guns.items()):
        if n:
            parts.append(f"{n}x{cal}mm")
    for model, n in sorted(u.tanks.items()):
        if n:
            parts.append(f"{n} {model}")
    return ", ".join(parts) or "none"


class SidePanel:
    def __init__(self, theme: Theme, art: CounterArt) -> None:
        self.theme = theme
        self.art = art
        self.buttons: list[Button] = []
        self.stack_buttons: list[Button] = []

    # --- details area -------------------------------------------------------------------------
    def draw_details(self, surf: pygame.Surface, rect: pygame.Rect, state: GameState, unit: Unit | None,
                     stack: list[Unit], preview: Preview | None, hover_hex: Hex | None, hover_units: list[Unit],
                     air: tuple[list[tuple[str, int]], str, int] | None, hint: str, enemy_view: bool,
                     viewer: str | None = None) -> None:
        """`enemy_view`: the unit is the viewer's enemy; its numbers show only when fogview allows."""
        th = self.theme
        self.stack_buttons = []
        if preview is not None:
            self._preview(surf, rect, preview, hint)
            return
        if air is not None:
            y = self._air(surf, rect, air, hint)
            if unit is None:
                return
            rect = pygame.Rect(rect.x, y + 6, rect.w, rect.bottom - y - 6)
            if rect.h < 80:
                return
        if unit is not None:
            self._unit(surf, rect, state, unit, stack, hint, enemy_view, viewer)
        elif hover_hex is not None and hover_hex in state.scenario.map.index:
            self._hex(surf, rect, state, hover_hex, hover_units, viewer)
        else:
            top = panel(surf, th, rect, "Orders")
            lines = th.wrap("Click one of your units to select it (Tab: next unit). Blue hexes show where it can "
                            "go; red hexes are targets. Hover a target to see the expected result, click to "
                            "attack. F1 lists every key.", rect.w - 20, "small")
            y = top + 4
            for line in lines:
                t = th.text(line, "small", "text_dim")
                surf.blit(t, (rect.x + 10, y))
                y += t.get_height() + 2

    def _unit(self, surf: pygame.Surface, rect: pygame.Rect, state: GameState, u: Unit, stack: list[Unit],
              hint: str, enemy_view: bool, viewer: str | None = None) -> None:
        th = self.theme
        known = not enemy_view or knows_details(state, viewer, u)
        side_name = th.side_name(u.side)
        top = panel(surf, th, rect, f"{side_name} {u.traits.name}, {u.type.size}")
        x, w = rect.x + 10, rect.w - 20
        cw = round(52 * min(th.ui_scale, 2.0))
        img = self.art.counter(u, cw, hidden=not known)
        surf.blit(img, (x, top + 2))
        name_lines = th.wrap(u.name, w - cw - 12, "normal", "bold")
        yy = top + 2
        for line in name_lines[:3]:
            t = th.text(line, "normal", "text", "bold")
            surf.blit(t, (x + cw + 10, yy))
            yy += t.get_height()
        men = f"{u.men} of {u.men_start} men" if known else "strength unknown (not in contact)"
        t = th.text(men, "small", "text_dim")
        surf.blit(t, (x + cw + 10, yy + 2))
        y = max(top + cw + 2, yy + t.get_height() + 6)
        if not known:
            for line in th.wrap("Men, morale and weapons show only in contact: when one of your units is next "
                                "to it.", w, "small"):
                t = th.text(line, "small", "text_dim")
                surf.blit(t, (x, y))
                y += t.get_height()
            self.stack_buttons = []
            return
        y = self._bar_row(surf, "Strength", u.men / max(1, u.men_start), f"{100 * u.men // max(1, u.men_start)}%",
                          x, y, w)
        y = self._bar_row(surf, "Morale", u.morale / 100, str(u.morale), x, y, w)
        y = self._bar_row(surf, "Suppression", u.suppression / 100, str(u.suppression), x, y, w, invert=True)
        y += 2
        for line in th.wrap("Weapons: " + weapons_line(u), w, "small"):
            t = th.text(line, "small", "text")
            surf.blit(t, (x, y))
            y += t.get_height()
        y += 3
        m = state.scenario.map
        idx = m.index[u.hex]
        cap = m.terrain_rules[m.terrain[idx]].max_entrench
        dug = f"dug in {u.entrench}/{cap}"
        ammo = f"{u.ammo} of {u.ammo_max} fire missions" if u.ammo_max else "not rationed"
        y = key_value(surf, th, "Ammunition", ammo, x, y, w)
        if not enemy_view:
            live = u.side == state.side and not state.over
            allowance = movement_allowance(state, u) if live else u.type.move
            mp = u.mp_left if u.side == state.side else allowance
            y = key_value(surf, th, f"Move {mp}/{allowance} MP", dug, x, y, w)
            status = []
            if u.acted:
                status.append("has acted")
            if u.moved:
                status.append("moved")
            if u.digging:
                status.append("digging")
            if not u.on_map:
                status.append(f"arrives turn {u.arrives + 1}")
            y = key_value(surf, th, "Status", ", ".join(status) or "ready", x, y, w)
        else:
            y = key_value(surf, th, "Defences", dug, x, y, w)
        if len(stack) > 1:
            y += 4
            t = th.text(f"In this hex ({len(stack)}):", "small", "text_dim")
            surf.blit(t, (x, y))
            y += t.get_height() + 2
            rh = round(24 * min(th.ui_scale, 2.0))
            for other in stack:
                if y + rh > rect.bottom - 4:
                    break
                b = Button(pygame.Rect(x, y, w, rh - 2), other.name, "select_unit", arg=other.id,
                           active=other.id == u.id, tip=other.name)
                self.stack_buttons.append(b)
                pygame.draw.rect(surf, th.colour("button_active" if b.active else "button")[:3], b.rect,
                                 border_radius=4)
                ok = knows_details(state, viewer, other)
                surf.blit(self.art.counter(other, rh - 2, hidden=not ok), (x + 2, y + 1))
                label = f"{other.name}  ({other.men})" if ok else other.name
                t = fit_label(th, label, w - rh - 12, "tiny", "text", "regular")
                surf.blit(t, (x + rh + 6, y + (rh - 2) // 2 - t.get_height() // 2))
                y += rh
        if hint and y + 20 < rect.bottom:
            for line in th.wrap(hint, w, "small"):
                if y + 18 > rect.bottom - 4:
                    break
                t = th.text(line, "small", "text_warn")
                surf.blit(t, (x, rect.bottom - 8 - t.get_height() * (1 + 0)))
                break

    def _bar_row(self, surf: pygame.Surface, label: str, frac: float, value: str, x: int, y: int, w: int,
                 invert: bool = False) -> int:
        th = self.theme
        t = th.text(label, "small", "text_dim")
        surf.blit(t, (x, y))
        v = th.text(value, "small", "text", "bold")
        surf.blit(v, (x + w - v.get_width(), y))
        label_w = max(96, th.text("Suppression", "small", "text_dim").get_width() + 10)  # the widest label
        bx = x + label_w
        good = frac < 0.34 if invert else frac > 0.66
        badv = frac > 0.66 if invert else frac < 0.34
        col = th.colour("good") if good else (th.colour("bad") if badv else th.colour("text_warn"))
        bar(surf, pygame.Rect(bx, y + t.get_height() // 2 - 3, max(10, w - label_w - v.get_width() - 8), 7), frac,
            col, th.colour("button"))
        return y + t.get_height() + 2

    def _preview(self, surf: pygame.Surface, rect: pygame.Rect, pv: Preview, hint: str) -> None:
        th = self.theme
        top = panel(surf, th, rect, "Expected result")
        x, w = rect.x + 10, rect.w - 20
        y = top + 2
        for line in th.wrap(pv.title, w, "normal", "bold")[:2]:
            t = th.text(line, "normal", "text", "bold")
            surf.blit(t, (x, y))
            y += t.get_height()
        y += 4
        if pv.problems:
            for p in pv.problems[:3]:
                for line in th.wrap(p, w, "small"):
                    t = th.text(line, "small", "text_warn")
                    surf.blit(t, (x, y))
                    y += t.get_height()
            return
        for o in pv.outcomes:
            label = o.label[0].upper() + o.label[1:]
            t = th.text(label, "small", "text_dim")
            big = th.text(f"{o.mean:.0f}", "large", "text", "bold")
            rng = th.text(f"({o.low}-{o.high})", "small", "text_dim")
            name_w = w - big.get_width() - rng.get_width() - 12
            if th.font("regular", "small").size(label)[0] > name_w:  # a long name: whole, on its own lines
                for part in th.wrap(label, w, "small"):
                    t = th.text(part, "small", "text_dim")
                    surf.blit(t, (x, y))
                    y += t.get_height()
            else:
                t = th.text(label, "small", "text_dim")
                surf.blit(t, (x, y + big.get_height() - t.get_height() - 2))
            surf.blit(rng, (x + w - rng.get_width(), y + big.get_height() - rng.get_height() - 2))
            surf.blit(big, (x + w - rng.get_width() - 8 - big.get_width(), y))
            y += big.get_height() + 1
        if pv.outcomes:
            t = th.text("men, likely range 5-95% in brackets", "tiny", "text_dim")
            surf.blit(t, (x, y))
            y += t.get_height() + 4
        if pv.chance is not None:
            t = th.text("Chance to take the hex", "small", "text_dim")
            v = th.text(f"{pv.chance}%", "large", "text", "bold")
            surf.blit(t, (x, y + v.get_height() - t.get_height() - 2))
            surf.blit(v, (x + w - v.get_width(), y))
            y += v.get_height() + 2
            col = th.colour("good") if pv.chance >= 50 else (th.colour("text_warn") if pv.chance >= 20
                                                              else th.colour("bad"))
            bar(surf, pygame.Rect(x, y, w, 7), pv.chance / 100, col, th.colour("button"))
            y += 12
        t = th.text("Modifiers", "small", "text", "bold")
        surf.blit(t, (x, y))
        y += t.get_height() + 1
        clip = surf.get_clip()
        surf.set_clip(pygame.Rect(x, y, w, max(0, rect.bottom - 30 - y)).clip(clip))  # keep clear of the hint
        for name, val in pv.modifiers:
            if y + 16 > rect.bottom - 30:
                break
            y = key_value(surf, th, name, val, x + 6, y, w - 6, size="tiny")
        surf.set_clip(clip)
        if hint:
            t = th.text(hint, "small", "good" if pv.legal else "text_warn", "bold")
            surf.blit(t, (x, rect.bottom - t.get_height() - 8))

    def _air(self, surf: pygame.Surface, rect: pygame.Rect, air: tuple[list[tuple[str, int]], str, int],
             hint: str) -> int:
        th = self.theme
        types, chosen, sorties = air
        h = 70 + 20 * max(1, len(types))
        r = pygame.Rect(rect.x, rect.y, rect.w, min(rect.h, h))
        top = panel(surf, th, r, "Air strike")
        x, w = rect.x + 10, rect.w - 20
        y = top + 2
        if not types:
            t = th.text("No aircraft for this side.", "small", "text_dim")
            surf.blit(t, (x, y))
            return r.bottom
        for name, left in types:
            col = "text" if name == chosen else "text_dim"
            y = key_value(surf, th, ("> " if name == chosen else "  ") + name, f"{left} sorties left today", x, y, w,
                          col)
        y += 2
        y = key_value(surf, th, "Sorties in this strike", str(sorties), x, y, w, "text_warn")
        t = th.text("[ ] type   , . sorties   click a hex", "tiny", "text_dim")
        surf.blit(t, (x, y + 2))
        return r.bottom

    def _hex(self, surf: pygame.Surface, rect: pygame.Rect, state: GameState, h: Hex, units: list[Unit],
             viewer: str | None = None) -> None:
        th = self.theme
        m = state.scenario.map
        idx = m.index[h]
        rules = m.kind(idx)
        top = panel(surf, th, rect, f"Hex {h.to_offset()[0]},{h.to_offset()[1]}: {rules.name}")
        x, w = rect.x + 10, rect.w - 20
        y = top + 2
        y = key_value(surf, th, "Elevation", f"{int(m.elevation[idx])} m", x, y, w)
        y = key_value(surf, th, "Move cost", "impassable" if rules.move is None else f"{rules.move} MP", x, y, w)
        y = key_value(surf, th, "Cover", f"x{rules.defence:.1f}, dig to {rules.max_entrench}", x, y, w)
        ov = int(m.overlay[idx])
        if ov:
            y = key_value(surf, th, "Roads", " & ".join(n for b, n in ((ROAD, "road"), (RAIL, "rail")) if ov & b),
                          x, y, w)
        if m.border_names and int(m.border_side[idx]):
            side = "west" if int(m.border_side[idx]) < 0 else "east"
            y = key_value(surf, th, "Border side", m.border_names.get(side, side), x, y, w)
        for name, ph in m.places.items():
            if ph == h:
                y = key_value(surf, th, "Place", name, x, y, w)
        for o in state.scenario.objectives:
            if idx in o.area:
                y = key_value(surf, th, "Objective", f"{o.name} ({o.points} pts): {state.control.get(o.name)}",
                              x, y, w)
        wire = state.wire.get(idx, 0)
        if wire:
            y = key_value(surf, th, "Wire", f"{wire} belts", x, y, w)
        cw = round(24 * min(th.ui_scale, 2.0))
        for u in units:
            if y + cw + 2 > rect.bottom:
                break
            ok = knows_details(state, viewer, u)
            surf.blit(self.art.counter(u, cw, hidden=not ok), (x, y + 2))
            t = fit_label(th, f"{u.name} ({u.men})" if ok else u.name, w - cw - 10, "small", "text", "regular")
            surf.blit(t, (x + cw + 8, y + 2 + cw // 2 - t.get_height() // 2))
            y += cw + 2

    # --- actions ------------------------------------------------------------------------------
    def draw_actions(self, surf: pygame.Surface, rect: pygame.Rect, enabled: dict[str, bool], active: str,
                     hover: tuple[int, int], notes: dict[str, str] | None = None) -> None:
        """`notes`: a line per action added to its tooltip (why it is off, what is left)."""
        th = self.theme
        self.buttons = []
        cols = 5
        gap = 4
        bw = (rect.w - gap * (cols - 1)) // cols
        bh = (rect.h - gap) // 2
        for k, (label, action, tip) in enumerate(ACTIONS):
            r = pygame.Rect(rect.x + (k % cols) * (bw + gap), rect.y + (k // cols) * (bh + gap), bw, bh)
            key = hotkey_label(action)
            tip = f"{tip}  [{key}]" if key else tip
            if notes and notes.get(action):
                tip += f". {notes[action]}"
            b = Button(r, label, action, hotkey=key, tip=tip, enabled=enabled.get(action, False),
                       active=active == action)
            self.buttons.append(b)
            draw_button(surf, th, b, r.collidepoint(hover), "tiny" if bw < 80 else "small")
