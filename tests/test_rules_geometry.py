"""Rewritten geometry helpers agree with their plain definitions: `GameMap.nearest` searches ring by
ring as the whole spiral would, and a retreat's threat is the sum of max(0, 4 - distance)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.hexgrid import Hex
from game.engine.scenario import load_scenario
from game.rules.morale import _threat
from tests.conftest import SCENARIOS

hexes = st.builds(Hex, st.integers(-30, 60), st.integers(-10, 60))


@pytest.fixture(scope="module")
def teaching_game():
    from game.engine.game import Game

    return Game(load_scenario(SCENARIOS / "teaching.yaml"), seed=1).state


@settings(max_examples=200, deadline=None)
@given(h=hexes, allowed=st.sets(hexes, max_size=60), radius=st.integers(0, 12))
def test_nearest_is_the_first_hex_of_the_spiral(teaching_game, h, allowed, radius):
    m = teaching_game.scenario.map
    want = next((c for c in h.spiral(radius) if c in m.index and c in allowed), h)
    assert m.nearest(h, allowed.__contains__, radius) == want


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_threat_sums_four_minus_distance(teaching_game, data):
    m = teaching_game.scenario.map
    idx = data.draw(st.integers(0, m.size - 1))
    enemies = data.draw(st.lists(st.sampled_from(m.hexes), max_size=12))
    want = sum(max(0, 4 - m.hexes[idx].distance(e)) for e in enemies)
    assert _threat(teaching_game, idx, enemies) == want
