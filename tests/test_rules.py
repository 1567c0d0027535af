"""Rule outcomes with fixed positions and dice: movement, sight, fire, assault, artillery, air,
digging, the border and victory."""

from __future__ import annotations

import numpy as np
import pytest

from game import Hex
from game.core.errors import IllegalOrder
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Move
from game.rules import assault as assault_rules
from game.rules.casualties import draw_losses
from game.rules.fire import expected_fire
from game.rules.movement import border_forbids, reachable
from game.rules.sight import line_of_sight, spotted


def to_soviet_phase(game):
    game.apply(EndPhase())
    assert game.state.side == "soviet"


def test_lake_hexes_cannot_be_entered(game):
    to_soviet_phase(game)
    st = game.state
    cost, _ = reachable(st, st.units["su_bn1"], budget=40)
    lakes = [i for i in range(st.scenario.map.size) if st.scenario.map.kind(i).move is None]
    assert lakes and not set(lakes) & set(cost)


def test_road_is_cheaper_than_open_ground(game):
    to_soviet_phase(game)
    st = game.state
    m = st.scenario.map
    tank = st.units["su_tk1"]
    cost, _ = reachable(st, tank, budget=8)
    road = [i for i in cost if m.has_road(i)]
    assert max(tank.hex.distance(m.hexes[i]) for i in road) > 4  # road steps cost 1, open 2


def test_border_rule_forbids_soviet_entry_and_whatif_lifts_it(teaching):
    from game.engine.game import Game
    from game.engine.scenario import load_scenario

    g = Game(teaching, 1)
    west = int(np.flatnonzero(teaching.map.border_side < 0)[0])
    assert border_forbids(g.state, "soviet", west)
    assert not border_forbids(g.state, "japan", west)
    lifted = Game(load_scenario(teaching.path, ("no_border_restriction",)), 1)
    assert not border_forbids(lifted.state, "soviet", west)


def test_entering_enemy_zone_of_control_ends_movement(game):
    to_soviet_phase(game)
    st = game.state
    m = st.scenario.map
    hill = m.index[m.places["Hill"]]
    bn = st.units["su_bn1"]
    st.move_unit(bn, m.index[m.places["Hill"].neighbor(0).neighbor(0)])
    bn.mp_left = 30
    cost, prev = reachable(st, bn)
    zoc = [int(j) for j in m.neighbors[hill] if j >= 0]
    for _i, p in prev.items():
        assert p not in zoc or p == m.index[bn.hex], "moved on through an enemy zone of control"
    assert any(i in cost for i in zoc)


def test_hill_blocks_sight_between_its_two_sides(teaching):
    from game.engine.game import Game

    st = Game(teaching, 1).state
    m = teaching.map
    hill = m.places["Hill"]
    a = m.index[Hex(hill.q - 4, hill.r)]
    b = m.index[Hex(hill.q + 4, hill.r)]
    top = m.index[hill]
    assert not line_of_sight(st, a, b)
    assert line_of_sight(st, top, a) and line_of_sight(st, top, b)


def test_entrenchment_reduces_expected_fire(game):
    to_soviet_phase(game)
    st = game.state
    st.units["jp_co1"].entrench = 0
    open_ = expected_fire(st, "su_bn1", "jp_co1")
    st.units["jp_co1"].entrench = 5
    dug = expected_fire(st, "su_bn1", "jp_co1")
    assert dug < open_ / 2


def test_casualties_split_into_killed_wounded_missing(game):
    u = game.state.units["su_bn1"]
    k, w, m = draw_losses(game.state, u, 200.0, np.random.default_rng(1))
    assert k + w + m > 100 and w > k > m


def test_assault_certain_by_odds_table_takes_the_hex(game, monkeypatch):
    to_soviet_phase(game)
    st = game.state
    m = st.scenario.map
    hill = m.places["Hill"]
    for uid in ("su_bn1", "su_tk1"):
        st.move_unit(st.units[uid], m.index[hill.neighbor(0)])
    st.occupancy.setdefault(m.index[hill], [])
    monkeypatch.setattr(assault_rules, "chance_of", lambda state, odds: 100)
    events = game.apply(Assault(("su_bn1", "su_tk1"), hill))
    resolved = next(e for e in events if e.kind == "assault_resolved")
    assert resolved.taken and resolved.chance == 100
    assert st.side_at(m.index[hill]) == "soviet"
    assert st.units["jp_co1"].hex != hill


def test_assault_refused_when_not_adjacent(game):
    to_soviet_phase(game)
    with pytest.raises(IllegalOrder, match="not adjacent"):
        game.apply(Assault(("su_bn1",), game.state.scenario.map.places["Hill"]))


def test_unobserved_artillery_is_weaker_than_observed(game):
    from game.rules.artillery import expected_bombard

    to_soviet_phase(game)
    st = game.state
    m = st.scenario.map
    target = m.index[m.places["Far bank"]]
    bty = st.units["su_bty"]
    unobserved, seen = expected_bombard(st, bty, target, False)
    assert not seen
    st.move_unit(st.units["su_bn1"], m.index[m.places["Far bank"].neighbor(0)])
    observed, seen = expected_bombard(st, bty, target, False)
    assert seen and observed > 3 * unobserved


def test_barrage_spends_two_fire_missions(game):
    to_soviet_phase(game)
    st = game.state
    before = st.units["su_bty"].ammo
    game.apply(Bombard("su_bty", st.units["jp_co1"].hex, True))
    assert st.units["su_bty"].ammo == before - 2


def test_aircraft_are_grounded_in_fog(game):
    to_soviet_phase(game)
    assert game.state.scenario.clock.fog[0]
    with pytest.raises(IllegalOrder, match="grounded"):
        game.apply(AirStrike("SB", 4, game.state.units["jp_co1"].hex))


def test_air_budget_is_spent_and_capped(game):
    st = game.state
    while st.turn < 2 or st.side != "soviet":
        game.apply(EndPhase())
    target = st.units["jp_co1"].hex
    game.apply(AirStrike("SB", 10, target))
    with pytest.raises(IllegalOrder, match="only 2 SB sorties left"):
        game.apply(AirStrike("SB", 3, target))


def test_units_that_stay_dig_in_and_string_wire(game):
    st = game.state
    u = st.units["jp_co1"]
    start = u.entrench
    game.apply(Entrench("jp_co1"))
    game.apply(EndPhase())
    game.apply(EndPhase())
    assert u.entrench == min(5, start + 2)
    assert st.wire.get(st.scenario.map.index[u.hex], 0) >= 1


def test_fire_needs_a_spotted_target(game):
    to_soviet_phase(game)
    st = game.state
    assert "jp_bty" not in spotted(st, "soviet")
    with pytest.raises(IllegalOrder, match=r"not been spotted|beyond"):
        game.apply(Fire("su_bn1", "jp_bty"))


def test_move_order_moves_along_a_connected_path(game):
    to_soviet_phase(game)
    st = game.state
    bn = st.units["su_bn1"]
    cost, _ = reachable(st, bn)
    dest = st.scenario.map.hexes[max(cost, key=lambda i: (cost[i], i))]
    (ev,) = [e for e in game.apply(Move("su_bn1", dest)) if e.kind == "unit_moved"]
    assert ev.path[-1] == dest and all(a.distance(b) == 1 for a, b in zip(ev.path, ev.path[1:], strict=False))
    assert bn.hex == dest and bn.mp_left >= 0


def test_game_ends_with_a_winner_after_the_last_turn(game):
    while not game.over:
        game.apply(EndPhase())
    assert game.state.winner in ("soviet", "japan", "draw")
    assert game.state.turn == game.state.scenario.clock.n_turns
    with pytest.raises(IllegalOrder, match="over"):
        game.apply(EndPhase())


def test_broken_unit_routs_and_falls_back_away_from_the_enemy(game):
    from game.rules.morale import harm

    to_soviet_phase(game)
    st = game.state
    m = st.scenario.map
    bn = st.units["su_bn1"]
    st.move_unit(bn, m.index[m.places["Hill"].neighbor(0)])
    before = bn.hex
    st.units["su_bn1"].morale = 21
    events = harm(st, bn, 60.0, "fire", np.random.default_rng(3))
    kinds = [e.kind for e in events]
    assert "routed" in kinds and "retreated" in kinds
    assert bn.hex.distance(m.places["Hill"]) > before.distance(m.places["Hill"])
    assert bn.suppression == 100


def test_sight_on_one_hex_works_after_the_last_turn():
    import game
    from game.core.orders import EndPhase
    from game.rules.sight import any_sees

    g = game.load("teaching", seed=2)
    while not g.over:
        g.apply(EndPhase())
    st = g.state
    assert st.turn >= st.scenario.clock.n_turns - 1
    observers = st.live_units("soviet")
    target = st.scenario.map.index[observers[0].hex]
    assert any_sees(st, observers, [target]) == [True]  # an observer always sees its own hex
