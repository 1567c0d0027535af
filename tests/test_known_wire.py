"""A view's wire (`KnownWire`) answers a lookup of a hex without wire, or of a hex the side holds or
sees enemies in, without working out the rest; every answer is the one the filled mapping gives."""

from __future__ import annotations

import game
from game.rules.knowledge import KnownWire, side_view


def views_with_wire():
    """Both sides' views at positions of a historical game where wire is in place."""
    g = game.load("khasan_1938", seed=2)
    players = {s: g.builtin_player(s, "historical") for s in g.engine.scenario.side_keys}
    while not g.over and g.turn < 30:
        if g.state.wire:
            for side in g.engine.scenario.side_keys:
                yield g, side
        g.play(players[g.side_to_move])


def test_lookups_agree_with_the_filled_wire_and_fill_it_only_for_hexes_out_of_sight_knowledge():
    checked = early = 0
    for g, side in views_with_wire():
        if checked > 400:
            break
        view, fresh = g.side_view(side), side_view(g.state, side)
        wire = view.wire
        assert isinstance(wire, KnownWire)
        if wire._fill is None:  # type: ignore[attr-defined]
            continue  # already read whole (by the player that moved from this position)
        known = wire._known  # type: ignore[attr-defined]
        full = dict(fresh.wire)
        easy = [i for i in sorted(g.state.wire) if i in known] + [max(g.state.wire) + 1, -1]
        rest = [i for i in sorted(g.state.wire) if i not in known]
        for n, i in enumerate(easy + rest):  # those known without sight checks first
            answers = (wire.get(i), wire.get(i, -1), i in wire)
            if n < len(easy):
                early += 1
                assert wire._fill is not None  # type: ignore[attr-defined]  # answered without filling
            assert answers == (full.get(i), full.get(i, -1), i in full)
            assert (wire[i] if i in full else None) == full.get(i)
            checked += 1
        assert dict(wire) == dict(fresh.wire)
    assert checked > 400 and early > 100
