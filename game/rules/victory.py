"""Objective control, day-by-day control, victory points and the winner."""

from __future__ import annotations

from game.core.events import ControlChanged, Event
from game.core.state import GameState


def holder(state: GameState, area: tuple[int, ...], previous: str) -> str:
    """Who holds an area: the only side present; contested if both are; unchanged if none."""
    first, second = state.scenario.side_keys
    return _held(_presence(state, area), first, second, previous)


def _presence(state: GameState, area: tuple[int, ...]) -> int:
    """Which sides have units in the area: bit 1 the first side, bit 2 the second."""
    first = state.scenario.side_keys[0]
    occupancy, units = state.occupancy, state.units
    present = 0
    for idx in area:
        ids = occupancy.get(idx)
        if ids:
            present |= 1 if units[ids[0]].side == first else 2
    return present


def _held(present: int, first: str, second: str, previous: str) -> str:
    return ("contested" if present == 3 else first if present == 1 else second if present == 2
            else previous)


def update_control(state: GameState) -> list[Event]:
    """Set each objective's holder; ControlChanged for each that changes. Who is present in each
    area depends only on who stands where, so it is kept per position change."""
    first, second = state.scenario.side_keys
    key = (state.pos_version, state.turn, len(state.occupancy))
    hit = state.cache.get("presence")
    if hit is None or hit[0] != key:
        hit = state.cache["presence"] = (key, [_presence(state, obj.area) for obj in state.scenario.objectives])
    events: list[Event] = []
    control = state.control
    for obj, present in zip(state.scenario.objectives, hit[1], strict=True):
        prev = control.get(obj.name, obj.held_by)
        now = _held(present, first, second, prev)
        if now != prev:
            events.append(ControlChanged(obj.name, now))
        control[obj.name] = now
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
