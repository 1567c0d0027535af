"""Entrenchment that grows with time, and wire that dug-in units put in front of them (as many
levels a turn as their kind's `wire_step`)."""

from __future__ import annotations

from game.core.events import Entrenched, Event, WireLaid
from game.core.state import GameState
from game.core.units import Unit


def dig(state: GameState, unit: Unit, extra: int = 0) -> list[Event]:
    """End-of-turn digging for a unit that did not move: +per_turn (+dig when ordered)."""
    p = state.params
    m = state.scenario.map
    idx = m.index[unit.hex]
    cap = m.terrain_rules[m.terrain[idx]].max_entrench
    level = min(cap, unit.entrench + p.i("entrench.per_turn") + extra)
    events: list[Event] = []
    if level != unit.entrench:
        unit.entrench = level
        events.append(Entrenched(unit.id, level))
    wire_at = p.i("entrench.wire_at")
    step = unit.traits.wire_step  # wire levels this kind of unit lays per turn (0: none)
    if wire_at and level >= wire_at and step:
        have = state.wire.get(idx, 0)
        new = min(p.i("entrench.wire_max"), have + step)
        if new > have:
            state.wire[idx] = new
            events.append(WireLaid(m.hexes[idx], new))
    return events
