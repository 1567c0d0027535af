"""The movement search on precomputed edge tables finds what a plain heap Dijkstra over the map's
terrain, roads and border finds: the same costs, predecessors and dict orders."""

from __future__ import annotations

import heapq

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.map import EAST, WEST
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.movement import Searched, _same_as, _search, tables
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def campaign():
    return Game(load_scenario(SCENARIOS / "khasan_1938.yaml"), seed=1).state


def heap_search(state, start, mp, vehicles, forbidden, blocked, zoc):
    """The reference: a heap of (cost, hex), every rule checked edge by edge."""
    t = tables(state)
    road_move = state.scenario.map.road_move
    leave = state.params.i("move.zoc_leave_cost") if start in zoc else 0
    dist, came, order = {start: 0}, {}, [start]
    heap = [(0, start)]
    while heap:
        c, a = heapq.heappop(heap)
        if c != dist[a] or (a != start and a in zoc):
            continue
        base = c + leave if a == start else c
        for b in t.neighbors[a]:
            if t.road[a] and t.road[b]:
                nc = base + road_move
            elif t.cost[b] == 0 or (vehicles and t.no_vehicles[b]):
                continue
            else:
                nc = base + t.cost[b]
            if nc > mp or nc >= dist.get(b, 1 << 30) or b in blocked or (forbidden and t.border[b] == forbidden):
                continue
            if b not in dist:
                order.append(b)
            dist[b], came[b] = nc, a
            heapq.heappush(heap, (nc, b))
    return {b: dist[b] for b in order}, {b: came[b] for b in order[1:]}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_search_matches_a_heap_dijkstra(campaign, data):
    n = campaign.scenario.map.size
    hexes = st.integers(0, n - 1)
    start = data.draw(hexes)
    mp = data.draw(st.integers(-2, 14))
    vehicles = data.draw(st.booleans())
    forbidden = data.draw(st.sampled_from([0, EAST, WEST]))
    near = st.integers(max(0, start - 160), min(n - 1, start + 160))
    blocked = frozenset(data.draw(st.lists(near, max_size=12))) - {start}
    zoc = set(data.draw(st.lists(near, max_size=30))) | set(blocked)
    got = _search(campaign, start, mp, vehicles, forbidden, blocked, zoc)
    want = heap_search(campaign, start, mp, vehicles, forbidden, blocked, zoc)
    assert list(got[0].items()) == list(want[0].items())
    assert list(got[1].items()) == list(want[1].items())


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_search_is_the_same_for_enemies_elsewhere_than_its_region(campaign, data):
    """`_same_as` reuses a search for other enemy hexes that agree on its region (the hexes it
    reached and their neighbours): a search with enemies moved anywhere outside it is the same."""
    n = campaign.scenario.map.size
    start = data.draw(st.integers(0, n - 1))
    mp = data.draw(st.integers(1, 14))
    near = st.integers(max(0, start - 160), min(n - 1, start + 160))
    held = frozenset(data.draw(st.lists(near, max_size=12))) - {start}
    nb = tables(campaign).neighbors

    def zoc(h):
        return set(h).union(*(nb[i] for i in h))

    first = _search(campaign, start, mp, False, 0, held, zoc(held))
    kin = [Searched(first, held)]
    region = set(first[0]).union(*(nb[i] for i in first[0]))
    elsewhere = frozenset(data.draw(st.lists(near, max_size=12))) - region
    moved = (held & region) | elsewhere
    again = _search(campaign, start, mp, False, 0, moved, zoc(moved))
    assert _same_as(campaign, kin, moved) is first
    assert list(again[0].items()) == list(first[0].items())
    assert list(again[1].items()) == list(first[1].items())
    inside = sorted(region - held - {start})
    if inside:  # an enemy on a hex of the region: not the same search
        assert _same_as(campaign, kin, moved | {data.draw(st.sampled_from(inside))}) is None
