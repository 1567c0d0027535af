"""The plain-integer spotter search (`_seer`) decides as `can_observe` does unit by unit: an adjacent
observer first, else the first in order in range with line of sight, in any light and fog."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.hexgrid import Hex
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.sight import _seer, any_sees, can_observe
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def campaign():
    return Game(load_scenario(SCENARIOS / "khasan_1938.yaml"), seed=1).state


def reference(state, observers, idx):
    hexes = state.scenario.map.hexes
    for u in observers:
        if u.hex.distance(hexes[idx]) <= 1:
            return u.id
    return next((u.id for u in observers if can_observe(state, u, idx)), None)


def observers_near(campaign, data, most: int, spread: int, equal_hexes: bool):
    """A copy of the campaign at a drawn turn, up to `most` drawn units standing within `spread`
    hex indices of a drawn centre (on the map's own Hex objects, or also on equal ones), and the
    strategy of hex indices near that centre."""
    state = campaign.copy()
    m = state.scenario.map
    state.turn = data.draw(st.integers(0, state.scenario.clock.n_turns - 1))
    units = sorted(state.units.values(), key=lambda u: u.id)
    observers = data.draw(st.lists(st.sampled_from(units), min_size=1, max_size=most, unique_by=lambda u: u.id))
    centre = data.draw(st.integers(0, m.size - 1))
    near = st.integers(max(0, centre - spread), min(m.size - 1, centre + spread))
    for u in observers:
        h = m.hexes[data.draw(near)]
        u.hex = Hex(h.q, h.r) if equal_hexes and data.draw(st.booleans()) else h
    return state, observers, near


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_seer_agrees_with_can_observe(campaign, data):
    state, observers, near = observers_near(campaign, data, 8, 500, equal_hexes=True)
    idx = data.draw(near)
    assert _seer(state)(observers, idx) == reference(state, observers, idx)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_sees_agrees_with_can_observe_in_plain_and_numpy_paths(campaign, data):
    state, observers, near = observers_near(campaign, data, 60, 400, equal_hexes=False)
    targets = data.draw(st.lists(near, min_size=1, max_size=12))
    want = [any(can_observe(state, u, t) for u in observers) for t in targets]
    assert any_sees(state, observers, targets) == want
