"""Keyboard bindings: one table drives both dispatch and the help overlay, so every action the
mouse can do has a key and the help never goes stale. Mouse gestures are described here too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True, slots=True)
class Binding:
    key: int
    mods: str  # "", "shift", "ctrl"
    action: str
    label: str  # how the key is written in help
    help: str
    group: str


K = pygame

BINDINGS: tuple[Binding, ...] = (
    Binding(K.K_LEFT, "", "pan_left", "Arrows", "scroll the map", "Map"),
    Binding(K.K_RIGHT, "", "pan_right", "", "", "Map"),
    Binding(K.K_UP, "", "pan_up", "", "", "Map"),
    Binding(K.K_DOWN, "", "pan_down", "", "", "Map"),
    Binding(K.K_LEFT, "shift", "cursor_left", "Shift+Arrows", "move the hex cursor", "Map"),
    Binding(K.K_RIGHT, "shift", "cursor_right", "", "", "Map"),
    Binding(K.K_UP, "shift", "cursor_up", "", "", "Map"),
    Binding(K.K_DOWN, "shift", "cursor_down", "", "", "Map"),
    Binding(K.K_RETURN, "", "activate", "Enter", "act on the cursor hex (as a left click)", "Map"),
    Binding(K.K_KP_ENTER, "", "activate", "", "", "Map"),
    Binding(K.K_EQUALS, "", "zoom_in", "+ / -", "zoom in / out (or the mouse wheel)", "Map"),
    Binding(K.K_PLUS, "", "zoom_in", "", "", "Map"),
    Binding(K.K_KP_PLUS, "", "zoom_in", "", "", "Map"),
    Binding(K.K_MINUS, "", "zoom_out", "", "", "Map"),
    Binding(K.K_KP_MINUS, "", "zoom_out", "", "", "Map"),
    Binding(K.K_HOME, "", "centre", "Home", "centre on the selected unit", "Map"),
    Binding(K.K_v, "", "toggle_fog", "V", "fog of war on/off (off: study view)", "Map"),
    Binding(K.K_g, "", "toggle_grid", "G", "hex grid on/off", "Map"),
    Binding(K.K_o, "", "toggle_objectives", "O", "objectives list on/off (click a line to go there)", "Map"),
    Binding(K.K_c, "", "toggle_contrast", "C", "high-contrast colours on/off", "Map"),
    Binding(K.K_TAB, "", "next_unit", "Tab", "next unit with orders left", "Units"),
    Binding(K.K_TAB, "shift", "prev_unit", "Shift+Tab", "previous unit", "Units"),
    Binding(K.K_m, "", "mode_move", "M", "move mode (click a blue hex)", "Orders"),
    Binding(K.K_f, "", "mode_fire", "F", "fire at a spotted enemy in range", "Orders"),
    Binding(K.K_a, "", "mode_assault", "A", "assault an adjacent enemy hex", "Orders"),
    Binding(K.K_j, "", "join", "J", "add/remove the unit under the cursor to the assault group", "Orders"),
    Binding(K.K_b, "", "mode_bombard", "B", "artillery fire mission at a hex", "Orders"),
    Binding(K.K_b, "shift", "mode_barrage", "Shift+B", "artillery barrage (two missions, more suppression)",
            "Orders"),
    Binding(K.K_r, "", "mode_air", "R", "air strike at a hex", "Orders"),
    Binding(K.K_RIGHTBRACKET, "", "aircraft_next", "[ / ]", "air strike: aircraft type", "Orders"),
    Binding(K.K_LEFTBRACKET, "", "aircraft_prev", "", "", "Orders"),
    Binding(K.K_PERIOD, "", "sorties_more", ", / .", "air strike: fewer / more sorties", "Orders"),
    Binding(K.K_COMMA, "", "sorties_less", "", "", "Orders"),
    Binding(K.K_t, "", "cycle_target", "T", "put the cursor on the next target", "Orders"),
    Binding(K.K_e, "", "entrench", "E", "entrench (dig in, no move)", "Orders"),
    Binding(K.K_h, "", "hold", "H", "hold (done for this phase)", "Orders"),
    Binding(K.K_z, "ctrl", "undo", "Ctrl+Z", "take back the last quiet move", "Orders"),
    Binding(K.K_BACKSPACE, "", "undo", "Backspace", "also takes back a move", "Orders"),
    Binding(K.K_DELETE, "", "cancel_goto", "Delete", "cancel the selected unit's go-to order", "Orders"),
    Binding(K.K_END, "", "end_turn", "End", "end your phase", "Orders"),
    Binding(K.K_RETURN, "shift", "end_turn", "Shift+Enter", "also ends your phase", "Orders"),
    Binding(K.K_SPACE, "", "skip", "Space", "skip the computer's animations", "Game"),
    Binding(K.K_F5, "", "ai_slower", "F5 / F6", "computer's turn slower / faster", "Game"),
    Binding(K.K_F6, "", "ai_faster", "", "", "Game"),
    Binding(K.K_s, "ctrl", "save", "Ctrl+S", "save (the record of the game)", "Game"),
    Binding(K.K_o, "ctrl", "load", "Ctrl+O", "load a saved game", "Game"),
    Binding(K.K_F1, "", "help", "F1 or ?", "this help", "Game"),
    Binding(K.K_SLASH, "shift", "help", "", "", "Game"),
    Binding(K.K_F2, "", "stats", "F2", "statistics", "Game"),
    Binding(K.K_F3, "", "settings", "F3", "settings (scale, counters, sound, ...)", "Game"),
    Binding(K.K_F11, "", "fullscreen", "F11", "full screen on/off", "Game"),
    Binding(K.K_ESCAPE, "", "cancel", "Esc", "cancel / deselect / menu", "Game"),
)

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    ("Left click", "select a unit; click a blue hex to move, a red hex to attack"),
    ("Hover", "path and cost, or the expected result of an attack"),
    ("Ctrl+click", "add a unit to the assault group"),
    ("Shift+click", "artillery: barrage instead of a fire mission"),
    ("Right click", "cancel the mode, then deselect"),
    ("Drag / wheel", "scroll / zoom the map; click the minimap to jump"),
)


def mods_of(mod: int) -> str:
    if mod & pygame.KMOD_CTRL:
        return "ctrl"
    if mod & pygame.KMOD_SHIFT:
        return "shift"
    return ""


def action_for(event: pygame.event.Event) -> str | None:
    """The action a KEYDOWN event asks for, or None."""
    if event.type != pygame.KEYDOWN:
        return None
    mods = mods_of(event.mod)
    for b in BINDINGS:
        if b.key == event.key and b.mods == mods:
            return b.action
    if event.unicode == "?":
        return "help"
    if event.unicode == "+":
        return "zoom_in"
    return None


def help_rows() -> list[tuple[str, str, str]]:
    """(group, key label, what it does) for the help overlay."""
    return [(b.group, b.label, b.help) for b in BINDINGS if b.label]


def hotkey_label(action: str) -> str:
    for b in BINDINGS:
        if b.action == action and b.label:
            return b.label.split(" / ")[0].split(" or ")[0]
    return ""
