"""What the window may show one side: the one place the ui reads fog of war.

Everything the panels, previews, tooltips and the map show about the enemy goes through here, so
when the engine offers a side's view (`g.view(side)`) only this module has to change.

The rules it applies (the sight rules are game/rules/sight.py):
- An enemy unit is shown on the map when the side has spotted it (`spotted`).
- Hexes the side cannot see now (no unit of its own in sight range with a line of sight, or
  adjacent) are shaded on the map (`unseen_hexes`).
- An enemy's exact men, morale, suppression, weapons and ammunition are known only in contact
  (`game.rules.knowledge.knows_details`, the same rule as the public view `g.view(side)`).
  Otherwise only what the counter shows is known: kind, size and side; the panel says "in
  contact only" instead of the numbers.
- The previews list only spotted enemies in a target hex.
- With `viewer` None (fog off: hot-seat review or a finished game) everything is known.
"""

from __future__ import annotations

import numpy as np

from game.core.state import GameState
from game.rules.knowledge import game_finished, in_contact, knows_details
from game.rules.sight import any_sees, spotted

__all__ = ["game_finished", "in_contact", "knows_details", "may_reveal_all", "seen_enemies", "unseen_hexes"]


def seen_enemies(state: GameState, side: str) -> list[str]:
    """Enemy unit ids `side` has spotted; once the game is over the fog lifts."""
    if game_finished(state):
        return sorted(u.id for u in state.live_units() if u.side != side)
    return spotted(state, side)


def unseen_hexes(state: GameState, side: str) -> np.ndarray:
    """A bool per hex: True where `side` cannot see now. Cached per position and turn."""
    key = ("fogview", side, state.pos_version, state.turn)
    hit = state.cache.get("fogview_" + side)
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[no-any-return]
    n = len(state.scenario.map.hexes)
    if game_finished(state):
        out = np.zeros(n, dtype=bool)
    else:
        seen = any_sees(state, state.live_units(side), list(range(n)))
        out = ~np.array(seen, dtype=bool)
    state.cache["fogview_" + side] = (key, out)
    return out


def may_reveal_all(hotseat: bool, state: GameState) -> bool:
    """The reveal-all (fog off) key works in hot-seat review and in finished games only; never
    in a game against the computer, where it would show the opponent's hidden units."""
    return hotseat or game_finished(state)
