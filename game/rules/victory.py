"""Objective control, day-by-day control, victory points and the winner."""

from __future__ import annotations

from game.core.events import ControlChanged, Event
from game.core.state import GameState


def holder(state: GameState, area: tuple[int, ...], previous: str) -> str:
    """Who holds an area: the only side present; contested if both are; unchanged if none."""
    first, second = state.scenario.side_keys
    present = [False, False]
    for idx in area:
        ids = state.occupancy.get(idx)
        if ids:
            present[state.units[ids[0]].side != first] = True
    if present[0] and present[1]:
        return "contested"
    if present[0]:
        return first
    if present[1]:
        return second
    return previous


def update_control(state: GameState) -> list[Event]:
    events: list[Event] = []
    for obj in state.scenario.objectives:
        prev = state.control.get(obj.name, obj.held_by)
        now = holder(state, obj.area, prev)
        if now != prev:
            events.append(ControlChanged(obj.name, now))
        state.control[obj.name] = now
    return events


def points(state: GameState) -> dict[str, int]:
    out = {s: 0 for s in state.scenario.side_keys}
    for obj in state.scenario.objectives:
        h = state.control.get(obj.name, obj.held_by)
        if h in out:
            out[h] += obj.points
    return out


def winner(state: GameState) -> str:
    pts = points(state)
    need = state.scenario.victory.points_to_win
    (a, pa), (b, pb) = pts.items()
    if pa > pb and pa >= need:
        return a
    if pb > pa and pb >= need:
        return b
    return "draw"
