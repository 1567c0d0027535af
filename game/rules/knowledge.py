"""What a side may know about an enemy unit: the one rule that the public view (`game.api`), the
previews and the window's panels all apply.

An enemy unit is known by position, kind and size once the side has spotted it. Its exact men,
morale, suppression, entrenchment and weapons are known only in contact: spotted and standing in
or next to a hex the side holds, close enough to count heads and weapons. Once the game is over
the fog lifts.
"""

from __future__ import annotations

from game.core.state import GameState
from game.core.units import Unit
from game.rules.sight import spotted


def game_finished(state: GameState) -> bool:
    return bool(state.over or state.turn >= state.scenario.clock.n_turns)


def in_contact(state: GameState, side: str, unit: Unit) -> bool:
    """Whether `unit` (an enemy of `side`) stands in or next to a hex held by `side`."""
    m = state.scenario.map
    for h in [unit.hex, *unit.hex.ring(1)]:
        idx = m.index.get(h)
        if idx is None:
            continue
        for uid in state.occupancy.get(idx, ()):
            if state.units[uid].side == side:
                return True
    return False


def knows_details(state: GameState, side: str | None, unit: Unit) -> bool:
    """Whether `side` may see this unit's exact men, morale, suppression and weapons (`side` None:
    fog off, everything is known)."""
    if side is None or unit.side == side or game_finished(state):
        return True
    return unit.id in set(spotted(state, side)) and in_contact(state, side, unit)
