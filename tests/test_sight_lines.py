"""Line of sight worked out on per-map integer tables agrees with the plain definition: the hexes of
`Hex.line_to` between observer and target, each one's ground plus obstacle against the sight line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.sight import EYE_M, TARGET_M, _clear
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module", params=["khasan_1938.yaml", "teaching.yaml"])
def state(request):
    return Game(load_scenario(SCENARIOS / request.param), seed=1).state


def reference(state, a, b):
    m = state.scenario.map
    line = m.hexes[a].line_to(m.hexes[b])
    n = len(line) - 1
    ea, eb = int(m.elevation[a]) + EYE_M, int(m.elevation[b]) + TARGET_M
    for k in range(2, n):
        i = m.index.get(line[k])
        if i is None:
            continue
        ground = int(m.elevation[i])
        if m.terrain_rules[m.terrain[i]].blocks_los:
            ground += state.params.i("observe.obstacle_m")
        if ground * n > ea * (n - k) + eb * k:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_line_of_sight_matches_the_plain_definition(state, data):
    n = state.scenario.map.size
    a = data.draw(st.integers(0, n - 1))
    b = data.draw(st.one_of(st.integers(0, n - 1), st.integers(max(0, a - 300), min(n - 1, a + 300))))
    assert _clear(state, a, b) == reference(state, a, b)


def test_every_sight_line_a_short_campaign_looks_at_matches():
    """All pairs a few AI turns look at (the map's cache), checked against the definition."""
    import game as facade
    from game.ai.players import make_player

    g = facade.load("khasan_1938", seed=2)
    players = {s: make_player("ai", s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    while not g.over and g.turn < 16:
        g.play(players[g.side_to_move])
    state = g.engine.state
    pairs = list(state.scenario.map._los_cache.items())
    assert len(pairs) > 100
    assert all(ok == reference(state, a, b) for (a, b), ok in pairs)
