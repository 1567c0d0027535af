"""What a unit may reach, asked of a side's views and of the game as it is played: `reach_costs`
(shared, read-only) and `reachable` give what a plain heap Dijkstra over the occupancy finds, and
the enemy hexes and zones kept per occupancy are those the occupancy holds."""

from __future__ import annotations

import game
from game.ai.players import make_player
from game.core.state import GameState
from game.rules.knowledge import ViewMemo, side_view
from game.rules.movement import _ground, border_active, enemy_zoc, reach_costs, reachable, tables
from tests.test_movement_search import heap_search
from tests.test_view_memo import played


def plain_zoc(state: GameState, side: str) -> tuple[set[int], set[int]]:
    enemy = state.scenario.other(side)
    held = {idx for idx, ids in state.occupancy.items() if state.units[ids[0]].side == enemy}
    nb = tables(state).neighbors
    return held, held.union(*(nb[i] for i in held))


def plain_reach(state: GameState, side: str, uid: str) -> dict[int, int]:
    u = state.units[uid]
    start = state.scenario.map.index[u.hex]
    held, zoc = plain_zoc(state, side)
    cost, _ = heap_search(state, start, u.mp_left, u.type.vehicles, border_active(state, side),
                          frozenset(held), zoc)
    cap = state.params.i("stacking_max_units")
    return {i: c for i, c in cost.items() if i == start or len(state.occupancy.get(i, ())) < cap}


def test_reach_on_views_and_on_the_game_matches_a_plain_search():
    checked = 0
    for g in played("khasan_1938", 3, 300):
        side = g.side_to_move
        view = g.side_view(side)
        movers = [u.id for u in view.live_units(side) if u.mp_left > 0][:6]
        for st in (view, g.state):
            assert enemy_zoc(st, side) == plain_zoc(st, side)[1]
            for uid in movers:
                want = plain_reach(st, side, uid)
                assert dict(reach_costs(st, st.units[uid])) == want
                assert reachable(st, st.units[uid])[0] == want
                checked += 1
    assert checked > 1000


def test_views_of_one_position_share_the_enemy_hexes_and_a_move_makes_new_ones():
    g = game.load("khasan_1938", seed=3)
    side = g.side_to_move
    memo = ViewMemo()  # as the game keeps one per side
    first, again = side_view(g.state, side, memo), side_view(g.state, side, memo)
    assert first is not again and _ground(first, side) is _ground(again, side)
    assert _ground(g.state, side) is not _ground(first, side)  # the game's own occupancy: hidden enemies too
    before = g.state.pos_version
    player = make_player("ai", side, g.engine.player_rngs[side])
    while g.state.pos_version == before:
        g.play(player)
    assert _ground(side_view(g.state, side, memo), side) is not _ground(first, side)


def test_reach_costs_is_shared_while_the_state_is_unchanged():
    g = game.load("khasan_1938", seed=3)
    side = g.side_to_move
    view = g.side_view(side)
    u = next(u for u in view.live_units(side) if u.mp_left > 0)
    assert reach_costs(view, u) is reach_costs(view, u)
    a, _ = reachable(view, u)
    assert a == reach_costs(view, u) and a is not reach_costs(view, u)  # `reachable` hands out copies
