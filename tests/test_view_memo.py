"""The views a game hands out keep parts of the last one (`game.rules.knowledge.ViewMemo`): each must
equal a view built from nothing, field by field, after every order, and a view once handed out
must not change when the game goes on."""

from __future__ import annotations

import dataclasses

import pytest

import game
from game.ai.players import make_player
from game.core.state import GameState
from game.core.units import Unit
from game.rules.knowledge import SideView, _view_occupancy, side_view
from game.rules.sight import any_sees, spotted

FIELDS = [f.name for f in dataclasses.fields(SideView) if f.name not in ("dice", "cache", "wire")]


def unit_fields(u: Unit) -> tuple[object, ...]:
    return tuple(getattr(u, f.name) if f.name not in ("guns", "tanks") else dict(getattr(u, f.name))
                 for f in dataclasses.fields(Unit))


def assert_same_view(kept: SideView, fresh: SideView) -> None:
    for name in FIELDS:
        a, b = getattr(kept, name), getattr(fresh, name)
        if name == "units":
            assert list(a) == list(b)  # same ids in the same order
            assert [unit_fields(u) for u in a.values()] == [unit_fields(u) for u in b.values()]
        elif isinstance(a, dict):
            assert list(a.items()) == list(b.items()), name  # equal, and in the same order
        else:
            assert a == b, name
    assert dict(kept.wire) == dict(fresh.wire)
    assert {k: kept.cache[k] for k in fresh.cache} == fresh.cache  # (a player may have added to its own)


def played(scenario: str, seed: int, orders: int):
    """Positions of a game between two AI players, driven through `Game.play` (which keeps a memo)."""
    g = game.load(scenario, seed=seed)
    players = {s: make_player("ai", s, g.engine.player_rngs[s]) for s in g.engine.scenario.side_keys}
    for _ in range(orders):
        if g.over:
            break
        yield g
        g.play(players[g.side_to_move])
    yield g


@pytest.mark.parametrize(("scenario", "seed", "orders", "both"),
                         [("teaching", 3, 10_000, True), ("khasan_1938", 3, 700, True), ("khasan_1938", 5, 900, False)])
def test_a_kept_view_equals_one_built_afresh_after_every_order(scenario, seed, orders, both):
    """Both sides' views at every position, or (as a game is played) the side to move's only: its
    memo then spans the other side's whole phase."""
    enemies = 0
    for g in played(scenario, seed, orders):
        for side in g.engine.scenario.side_keys if both else [g.side_to_move]:
            kept = g.side_view(side)
            assert_same_view(kept, side_view(g.state, side))
            enemies += sum(u.side != side for u in kept.units.values())
    assert enemies > 200


def test_a_view_once_handed_out_never_changes_and_holds_no_live_enemy():
    held: list[tuple[SideView, dict[str, tuple[object, ...]]]] = []
    for g in played("khasan_1938", 3, 500):
        side = g.side_to_move
        view = g.side_view(side)
        for uid, u in view.units.items():
            if u.side != side:
                assert u is not g.state.units[uid]
        enemies = {uid: unit_fields(u) for uid, u in view.units.items() if u.side != side}
        held.append((view, enemies))
    assert sum(len(e) for _, e in held) > 1000
    for view, enemies in held:
        assert {uid: unit_fields(view.units[uid]) for uid in enemies} == enemies


def test_a_view_read_late_shows_the_wire_of_its_time_and_holds_no_path_to_the_game():
    g = game.load("khasan_1938", seed=2)
    players = {s: g.builtin_player(s, "historical") for s in g.engine.scenario.side_keys}
    held: list[tuple[SideView, dict[int, int]]] = []
    while not g.over and g.turn < 30:
        st = g.state
        for side in g.engine.scenario.side_keys:
            view = g.side_view(side)  # not read until the game has gone on
            fill = view.wire._fill  # type: ignore[attr-defined]
            cells = [c.cell_contents for c in fill.__closure__ or ()]
            assert not any(isinstance(c, GameState) and not isinstance(c, SideView) for c in cells)
            seen = {st.hex_index(st.units[e]) for e in spotted(st, side)}
            mine = {st.hex_index(u) for u in st.live_units(side)}
            now = {i: n for i, n in sorted(st.wire.items())
                   if i in mine or i in seen or any_sees(st, st.live_units(side), [i])[0]}
            held.append((view, now))
        g.play(players[g.side_to_move])
    assert sum(len(now) for _, now in held) > 20
    for view, now in held:
        assert dict(view.wire) == now


def test_hidden_units_leave_the_hex_lists_and_the_rest_keep_their_order():
    st = game.load("teaching", seed=1).state
    (stack, (a,)), (_, (b,)), (alone, (lone,)) = [(i, ids) for i, ids in st.occupancy.items() if len(ids) == 1][:3]
    st.move_unit(st.units[b], stack)  # a stack of two: a, then b
    there = {a: stack, b: stack, lone: alone}  # as if these were the enemy

    def shown_without(hidden: set[str]) -> list[tuple[int, list[str]]]:
        lists = ((idx, [i for i in ids if i not in hidden]) for idx, ids in st.occupancy.items())
        return [(idx, ids) for idx, ids in lists if ids]

    for last in ({}, {idx: list(ids) for idx, ids in st.occupancy.items()}):
        for spot in ([b], [a, b], [lone], [a, lone]):
            shown = _view_occupancy(st, spot, there, last)
            assert list(shown.items()) == shown_without(set(there) - set(spot))
            assert all(ids is not st.occupancy[idx] for idx, ids in shown.items())
