"""`spotted` works out again only what moved since its last answer of the turn; it must always agree
with a full recount (`any_sees` of every live unit of the side at every live enemy)."""

from __future__ import annotations

import game
from game.ai.players import make_player
from game.rules.sight import any_sees, spotted


def full_recount(st, side: str) -> list[str]:
    m = st.scenario.map
    enemies = st.live_units(st.scenario.other(side))
    seen = any_sees(st, st.live_units(side), [m.index[e.hex] for e in enemies])
    return [e.id for e, s in zip(enemies, seen, strict=True) if s]


def test_incremental_spotting_agrees_with_a_full_recount_after_every_order():
    g = game.load("border_post_1938", seed=3)
    players = {s: make_player("ai", s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    checked = 0
    while not g.over and g.turn < 10:
        for side in g.engine.scenario.side_keys:
            assert spotted(g.state, side) == full_recount(g.state, side)
            checked += 1
        g.play(players[g.side_to_move])
    assert checked > 100
