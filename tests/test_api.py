"""The public API: games played only through game.load / legal_orders / apply finish; undo and
clone keep the state hash; views hold no unspotted enemy; legal orders are complete and legal."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import game
from game.ai.players import make_player
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, order_units
from game.rules.knowledge import in_contact, knows_details
from game.rules.sight import spotted
from game.sim.runner import run_game


def random_game(seed: int, every=None) -> game.Game:
    """Play a whole game choosing uniformly among the legal orders; call `every(g)` before each."""
    g = game.load("teaching", seed=seed)
    rng = np.random.default_rng(seed)
    while not g.over:
        if every is not None:
            every(g)
        orders = g.legal_orders()
        g.apply(orders[int(rng.integers(len(orders)))])
    return g


def ai_positions(seed: int = 4):
    """Positions of an AI-vs-AI game, driven through the facade."""
    g = game.load("teaching", seed=seed)
    players = {s: make_player("ai", s, g.engine.player_rngs[s]) for s in g.scenario.side_keys}
    while not g.over:
        yield g
        g.play(players[g.side_to_move])


def test_a_random_game_through_the_api_finishes():
    g = random_game(1)
    res = g.result()
    assert g.over and res["winner"] in ("soviet", "japan", "draw")
    assert res["turns_played"] == g.scenario.clock.n_turns and res["orders"] == len(g.orders)
    assert g.legal_orders() == [] and g.view("soviet").over  # sight works after the last turn


def test_apply_then_undo_restores_the_state_hash():
    g = game.load("teaching", seed=5)
    rng = np.random.default_rng(5)
    for _ in range(60):
        before = g.state_hash()
        order = g.legal_orders()[int(rng.integers(len(g.legal_orders())))]
        g.apply(order)
        assert g.undo() == order and g.state_hash() == before
        g.apply(order)


def test_undo_to_the_start_and_a_clone_share_the_future():
    g = random_game(2)
    orders = g.orders
    twin = game.load("teaching", seed=2)
    for o in orders[:40]:
        twin.apply(o)
    copy = twin.clone()
    for o in orders[40:]:
        twin.apply(o)
        copy.apply(o)
    assert copy.state_hash() == twin.state_hash() == g.state_hash()
    while g.undo() is not None:
        pass
    assert g.state_hash() == game.load("teaching", seed=2).state_hash()


def test_an_illegal_order_is_refused_with_a_reason():
    g = game.load("teaching", seed=1)
    other = "japan" if g.side_to_move == "soviet" else "soviet"
    enemy = g.view(other).own[0].id
    with pytest.raises(game.IllegalOrder) as err:
        g.apply(game.Hold(enemy))
    assert "phase" in err.value.problems[0]


@pytest.mark.parametrize("seed", [-1, 2**64, 1.5, True])
def test_a_bad_seed_is_refused(seed):
    with pytest.raises(ValueError, match="seed must be"):
        game.load("teaching", seed=seed)


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 10_000))
def test_a_view_never_holds_an_unspotted_enemy_and_shows_strength_only_in_contact(seed):
    def check(g):
        for side in g.scenario.side_keys:
            v = g.view(side)
            assert {u.id for u in v.enemies} == set(spotted(g.state, side))
            for u in v.enemies:
                known = knows_details(g.state, side, g.state.units[u.id])
                assert u.side != side and (u.men is not None) == known and (u.morale is not None) == known
            assert all(u.side == side for u in v.own)

    random_game(seed, check)


def test_legal_orders_include_groups_barrages_and_air_missions_and_all_apply():
    seen: set[str] = set()
    for n, g in enumerate(ai_positions()):
        orders = g.legal_orders()
        assert isinstance(orders[-1], EndPhase) and len(set(orders)) == len(orders)
        seen |= {"group" for o in orders if isinstance(o, Assault) and len(o.units) > 1}
        seen |= {"barrage" for o in orders if isinstance(o, Bombard) and o.barrage}
        seen |= {"air" for o in orders if isinstance(o, AirStrike)}
        seen |= {type(o).__name__ for o in orders}
        if n % 7 == 0:
            for o in orders:
                g.clone().apply(o)  # raises IllegalOrder if a listed order is not legal
    assert {"group", "barrage", "air", "Move", "Fire"} <= seen


def test_legal_orders_of_one_unit_or_the_air_are_parts_of_the_whole_list():
    for n, g in enumerate(ai_positions(8)):
        if n % 5:
            continue
        full = g.legal_orders()
        for u in g.view(g.side_to_move).own:
            mine = [o for o in full if u.id in order_units(o)]
            assert g.legal_orders(unit=u.id) == [o for o in mine if not isinstance(o, Assault)] + [
                o for o in mine if isinstance(o, Assault)]
        assert g.legal_orders(unit="air") == [o for o in full if isinstance(o, AirStrike)]


def test_observations_keep_their_shapes():
    shapes = {}

    def check(g):
        for side in g.scenario.side_keys:
            obs = g.observe(side)
            got = {k: (a.shape, a.dtype) for k, a in obs.items()}
            assert shapes.setdefault(side, got) == got

    random_game(3, check)


def test_result_is_the_run_summary():
    res = run_game(game.load("teaching").scenario, 4, {"soviet": "ai", "japan": "historical"})
    g = game.load("teaching", seed=4)
    g.players = dict(res.players)
    for step in res.game.steps:
        g.apply(step.order)
    assert g.result() == res.summary()


def test_import_game_is_cheap():
    code = "import sys, game; assert not {'numpy', 'pygame', 'yaml'} & set(sys.modules), sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_previews_name_only_units_the_side_has_spotted():
    from game.engine.preview import air_outcomes, bombard_outcomes

    checked = 0
    for g in ai_positions(4):
        side = g.side_to_move
        v = g.view(side)
        guns = [u for u in g.state.live_units(side) if u.kind == "artillery"]
        for u in g.state.live_units("japan" if side == "soviet" else "soviet"):
            names = {e.unit for e in bombard_outcomes(g.state, v, guns[0].id, u.hex, True)} if guns else set()
            for kind in sorted(g.scenario.air_types[side]):
                names |= {e.unit for e in air_outcomes(g.state, v, kind, 4, u.hex)}
            assert names <= {e.id for e in v.enemies}
            checked += bool(names)
    assert checked


def test_an_enemy_in_contact_shows_its_exact_strength_in_the_view():
    g = game.load("teaching", seed=3)
    rng = np.random.default_rng(3)
    while not g.over:
        for side in g.scenario.side_keys:
            for u in g.view(side).enemies:
                real = g.state.units[u.id]
                if in_contact(g.state, side, real):
                    assert (u.men, u.morale) == (real.men, real.morale)
                    return
        orders = g.legal_orders()
        g.apply(orders[int(rng.integers(len(orders)))])
    pytest.fail("no enemy came into contact in a random game")


def test_fresh_starts_the_same_scenario_with_another_seed_without_reloading():
    g = game.load("teaching", seed=1)
    h = g.fresh(2)
    assert h.scenario is g.scenario and h.engine.seed == 2 and h.state_hash() == game.load("teaching", 2).state_hash()
    with pytest.raises(ValueError, match="seed must be"):
        g.fresh(-1)
