"""Players are handed their side's view (`Game.side_view`), which holds no unspotted enemy, no exact
strength of an enemy out of contact, and no dice: fog is enforced by what a player can reach."""

from __future__ import annotations

import dataclasses

import pytest

import game
from game.ai.players import make_player
from game.rules.knowledge import in_contact, order_of_battle
from game.rules.sight import any_sees, spotted


def positions(seed: int = 4, spec: str = "ai"):
    """Positions of a teaching game between two built-in players, driven through `Game.play`."""
    g = game.load("teaching", seed=seed)
    players = {s: make_player(spec, s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    while not g.over:
        yield g
        g.play(players[g.side_to_move])


def test_a_view_holds_only_own_units_and_spotted_enemies():
    for g in positions():
        side = g.side_to_move
        view = g.side_view(side)
        seen = set(spotted(g.state, side))
        enemies = {uid for uid, u in view.units.items() if u.side != side}
        assert enemies == seen
        hidden = [u for u in g.state.live_units(g.engine.scenario.other(side)) if u.id not in seen]
        for u in hidden:
            with pytest.raises(KeyError):
                view.units[u.id]
            assert u.id not in view.occupancy.get(g.state.hex_index(u), [])


def test_an_enemy_out_of_contact_shows_its_paper_strength_not_its_own():
    checked = 0
    for g in positions(seed=3):
        side = g.side_to_move
        view = g.side_view(side)
        for uid in spotted(g.state, side):
            real, known = g.state.units[uid], view.units[uid]
            assert known is not real  # a copy: holding it shows nothing later
            if not in_contact(g.state, side, real):
                paper = order_of_battle(g.state)[uid]
                assert (known.men, known.morale, known.suppression, known.entrench) == (
                    paper.men, paper.morale, paper.suppression, paper.entrench)
                assert known.hex == real.hex
                checked += 1
    assert checked > 0


def test_a_view_holds_no_dice_and_its_copies_neither():
    g = game.load("teaching", seed=1)
    view = g.side_view("soviet")
    with pytest.raises(AttributeError):
        view.dice.uniforms("assault_roll|x|0")
    with pytest.raises(AttributeError):
        view.copy().dice.snapshot()


def test_the_view_is_built_once_per_position():
    g = game.load("teaching", seed=1)
    assert g.side_view("soviet") is g.side_view("soviet")
    first = g.side_view(g.side_to_move)
    g.apply(g.legal_orders()[0])
    assert g.side_view(g.side_to_move) is not first


def test_a_view_holds_no_path_to_the_game():
    g = game.load("teaching", seed=1)
    view = g.side_view("soviet")
    held = [getattr(view, f.name) for f in dataclasses.fields(view)]
    assert held and all(x is not g.state and x is not g.engine and x is not g for x in held)
    assert view.occupancy is not g.state.occupancy and view.units is not g.state.units
    assert not hasattr(view, "engine") and not hasattr(view, "state")


@pytest.mark.parametrize("spec", ["random", "historical", "ai:hard"])
def test_every_builtin_player_finishes_a_game_on_views(spec):
    g = game.load("teaching", seed=2)
    players = {s: make_player(spec, s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    for _ in range(20_000):
        if g.over:
            break
        g.play(players[g.side_to_move])
    assert g.over


def test_reinforcements_still_to_come_are_not_announced_as_gone():
    g = game.load("khasan_1938", seed=2)
    for side in g.engine.scenario.side_keys:
        late = [u.id for u in g.state.units.values() if u.side != side and not u.on_map]
        assert late, "the scenario brings reinforcements for both sides"
        assert not set(late) & g.side_view(side).gone


def test_a_view_shows_wire_only_where_its_side_can_see_or_stands():
    g = game.load("khasan_1938", seed=2)
    players = {s: g.builtin_player(s, "historical") for s in g.engine.scenario.side_keys}
    checked = 0
    while not g.over and g.turn < 40:
        g.play(players[g.side_to_move])
        st = g.state
        for side in g.engine.scenario.side_keys:
            shown = g.side_view(side).wire
            idxs = sorted(shown)
            mine = {st.hex_index(u) for u in st.live_units(side)}
            for idx, seen in zip(idxs, any_sees(st, st.live_units(side), idxs), strict=True):
                assert seen or idx in mine
                checked += 1
    assert checked > 0
