"""`spotted` keeps each side's sightings from one position to the next and looks again only at the
units that moved, arrived or left (`Sightings`): after any sequence of moves, arrivals, losses and
changes of light it names exactly the enemies a full recount finds, in the same order, and
`positions` gives the hexes a plain lookup gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import game
from game.ai.players import make_player
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.sight import _indices, any_sees, observed_hex, positions, spotted
from tests.conftest import SCENARIOS


def recount(state, side: str) -> list[str]:
    m = state.scenario.map
    enemies = state.live_units(state.scenario.other(side))
    seen = any_sees(state, state.live_units(side), [m.index[e.hex] for e in enemies])
    return [e.id for e, s in zip(enemies, seen, strict=True) if s]


def assert_as_recounted(state) -> None:
    for side in state.scenario.side_keys:
        assert spotted(state, side) == recount(state, side)
        where, there = positions(state, side)
        other = state.scenario.other(side)
        assert list(where.items()) == list(_indices(state, state.live_units(side)).items())
        assert list(there.items()) == list(_indices(state, state.live_units(other)).items())


@pytest.fixture(scope="module")
def campaign():
    return Game(load_scenario(SCENARIOS / "khasan_1938.yaml"), seed=1).state


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_sightings_after_random_moves_arrivals_losses_and_light_equal_a_full_recount(campaign, data):
    state = campaign.copy()
    m = state.scenario.map
    units = [state.units[uid] for uid in sorted(state.units)]
    centre = data.draw(st.integers(0, m.size - 1))
    near = st.integers(max(0, centre - 300), min(m.size - 1, centre + 300))
    assert_as_recounted(state)
    for _ in range(data.draw(st.integers(1, 25))):
        u = data.draw(st.sampled_from(units))
        action = data.draw(st.sampled_from(["move", "move", "move", "leave", "turn", "forget", "jump", "pin"]))
        if action == "pin":  # fully suppressed units spot nothing for `observed_hex`
            u.suppression = data.draw(st.sampled_from([0, 50, 100]))
            state.version += 1
        elif action == "forget":  # the log of who moved lost (as when the state's cache is cleared)
            state.cache.pop("pos_log", None)
        elif action == "jump" and u.on_map and u.men > 0:  # a move not logged: found by comparing every unit
            u.hex = m.hexes[data.draw(near)]
            state.pos_version += 1
            state.version += 1  # as every change does
        elif action == "turn":
            state.turn = data.draw(st.integers(0, state.scenario.clock.n_turns))
            state.version += 1
        elif action == "leave" and u.on_map and u.men > 0:
            state.remove(u)
            u.on_map = False  # eliminated or gone off the map, as the rules do it
        elif action == "move" and u.men > 0:
            if u.on_map:
                state.remove(u)
            u.on_map = True  # a move, or an arrival (or a return)
            state.place(u, data.draw(near))
        if data.draw(st.booleans()):  # sometimes several changes between two looks
            assert_as_recounted(state)
        for idx in data.draw(st.lists(near, max_size=3)):
            assert_observed_as_recounted(state, idx)
    assert_as_recounted(state)


def assert_observed_as_recounted(state, idx: int) -> None:
    """`observed_hex` (which asks first the spotter that saw a hex last) as any_sees of the spotters."""
    for side in state.scenario.side_keys:
        spotters = [u for u in state.live_units(side) if u.suppression < 100]
        assert observed_hex(state, side, idx) == any_sees(state, spotters, [idx])[0]


def test_sightings_equal_a_full_recount_at_every_position_of_an_ai_campaign():
    g = game.load("khasan_1938", seed=3)
    players = {s: make_player("ai", s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    last, checked = None, 0
    while not g.over:
        st_ = g.state
        if (st_.pos_version, st_.turn) != last:
            last = (st_.pos_version, st_.turn)
            assert_as_recounted(st_)
            checked += 1
        g.play(players[g.side_to_move])
    assert checked > 1000
