"""The heuristic AI: beats the random player, concentrates fire before it storms, does not make
hopeless assaults, holds and digs in, thinks fast, and never touches the rules' dice or state."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ai.ai_combat import factors
from game.ai.heuristic import HeuristicAI
from game.ai.players import make_player
from game.core.orders import Assault, Bombard, EndPhase, Entrench, Move, Order
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.assault import assault_factors
from game.rules.knowledge import side_view
from game.sim.runner import run_game

KHASAN = Path(__file__).resolve().parent.parent / "scenarios" / "khasan_1938.yaml"
TEACHING = KHASAN.parent / "teaching.yaml"


def phase_orders(game: Game, player: HeuristicAI) -> list[Order]:
    """Play one phase of `player`'s side, applying its orders; return them (EndPhase excluded)."""
    out: list[Order] = []
    for _ in range(500):
        order = player.next_order(side_view(game.state, game.state.side))
        game.apply(order)
        if isinstance(order, EndPhase):
            return out
        out.append(order)
    raise AssertionError("the AI never ended its phase")


def to_side(game: Game, side: str) -> None:
    while game.state.side != side:
        game.apply(EndPhase())


@pytest.mark.parametrize("side", ["soviet", "japan"])
def test_ai_beats_random_on_teaching_from_either_side(teaching, side):
    foe = "japan" if side == "soviet" else "soviet"
    wins = [run_game(teaching, s, {side: "ai", foe: "random"}).summary()["winner"] for s in range(1, 5)]
    assert wins.count(side) == 4


def test_ai_does_not_assault_at_hopeless_odds(teaching):
    game = Game(teaching, 3)
    st = game.state
    tk = st.units["su_tk1"]
    tk.tanks = {"T-26": 1}
    st.move_unit(tk, st.scenario.map.index[st.units["jp_co1"].hex] + 1)
    for uid in ("su_bn1", "su_bty"):
        st.remove(st.units[uid])
        st.units[uid].on_map = False
    to_side(game, "soviet")
    assert tk.hex.distance(st.units["jp_co1"].hex) == 1
    ai = HeuristicAI("soviet", game.player_rngs["soviet"], "normal")
    orders = phase_orders(game, ai)
    assert not [o for o in orders if isinstance(o, Assault)]


def test_ai_barrages_the_hex_it_storms_in_the_same_phase(teaching):
    for seed in range(1, 4):
        res = run_game(teaching, seed, {"soviet": "ai", "japan": "historical"})
        steps = [s for s in res.game.steps if s.side == "soviet"]
        first = next(i for i, s in enumerate(steps) if isinstance(s.order, Assault))
        before = [s.order for s in steps[:first] if s.turn == steps[first].turn]
        assert any(isinstance(o, Bombard) and o.barrage and o.target == steps[first].order.target for o in before)


def test_ai_garrisons_and_digs_in_on_the_hill_it_holds(teaching):
    game = Game(teaching, 5)
    ai = HeuristicAI("japan", game.player_rngs["japan"], "normal")
    orders = phase_orders(game, ai)
    assert ai.plan.roles.get("jp_co1") == "garrison"
    assert Entrench("jp_co1") in orders
    assert not [o for o in orders if isinstance(o, Move) and o.unit == "jp_co1"]


@pytest.mark.parametrize("level", ["easy", "normal", "hard"])
def test_ai_thinking_never_touches_the_rules_dice_or_the_state(teaching, level):
    game = Game(teaching, 11)
    players = {s: make_player("historical", s, game.player_rngs[s]) for s in ("soviet", "japan")}
    while not game.over:
        st = game.state
        rng_before, hash_before = st.dice.snapshot(), st.hash()
        probe = HeuristicAI(st.side, game.player_rngs[st.side], level)
        for _ in range(5):
            probe.next_order(side_view(st, st.side))
        assert st.dice.snapshot() == rng_before
        assert st.hash() == hash_before
        game.apply(players[st.side].next_order(side_view(st, st.side)))


def test_ai_games_are_reproducible(teaching):
    a = run_game(teaching, 9, {"soviet": "ai:hard", "japan": "ai"}, hashing=True)
    b = run_game(teaching, 9, {"soviet": "ai:hard", "japan": "ai"}, hashing=True)
    assert [s.order for s in a.game.steps] == [s.order for s in b.game.steps]
    assert a.summary()["state_hash"] == b.summary()["state_hash"]


def test_assault_estimate_factors_match_the_rules(teaching):
    game = Game(teaching, 2)
    st = game.state
    m = st.scenario.map
    hill = m.index[st.units["jp_co1"].hex]
    attackers = [st.units["su_bn1"], st.units["su_tk1"]]
    rules = assault_factors(st, attackers, hill)
    mine = factors(st, [(a, m.index[a.hex]) for a in attackers], hill, st.units_at(hill), st.turn)
    assert mine[0] == pytest.approx(rules["attack_fp"])
    assert mine[1] == pytest.approx(rules["defence_fp"])
    assert mine[2] == pytest.approx(rules["protection"])
    assert mine[3] == pytest.approx(rules["wire"] * rules["climb"])


def orders_per_side_turn(scenario, seed: int, spec: str, turns: int) -> list[tuple[int, int]]:
    """(orders given, live units of the side) for every side turn the AI plays; `game.apply`
    raises on an illegal order, so playing through is itself the legality check."""
    game = Game(scenario, seed)
    ai = {s: make_player(spec, s, game.player_rngs[s]) for s in scenario.side_keys}
    counts: dict[tuple[int, int], list[int]] = {}
    while not game.over and game.state.turn < turns:
        st = game.state
        entry = counts.setdefault((st.turn, st.phase), [0, len(st.live_units(st.side))])
        entry[0] += 1
        game.apply(ai[st.side].next_order(side_view(st, st.side)))
    return [(n, live) for n, live in counts.values()]


def test_normal_ai_ends_every_side_turn_after_a_few_orders_per_unit(teaching):
    turns = orders_per_side_turn(teaching, 1, "ai", teaching.clock.n_turns)
    assert turns and all(n <= 3 * live + 4 for n, live in turns)


def test_normal_ai_plays_the_campaign_legally_with_a_few_orders_per_unit():
    from game.engine.scenario import load_scenario

    scen = load_scenario(KHASAN)
    turns = orders_per_side_turn(scen, 2, "ai", 18)
    assert len(turns) == 2 * 18 and all(n <= 3 * live + 4 for n, live in turns)


ENDGAME_OBJECTIVES = [{"place": "Hill", "radius": 1, "points": 10, "held_by": "soviet"},
                      {"place": "Far bank", "radius": 0, "points": 3, "held_by": "japan"}]


def last_turn_japan(seed: int) -> Game:
    """Teaching with a wide Soviet-held hill and a small Japanese-held far bank: Japan to move on
    the last turn, Soviet infantry and tanks on the summit, both Japanese companies on the far bank."""
    game = Game(load_scenario(TEACHING, sets={"objectives": ENDGAME_OBJECTIVES}), seed)
    st = game.state
    m = st.scenario.map
    hill, bank = (st.scenario.objective(n) for n in ("Hill", "Far bank"))
    st.move_unit(st.units["su_bn1"], m.index[hill.hex])
    st.move_unit(st.units["su_tk1"], m.index[hill.hex] + 1)
    for uid in ("jp_co1", "jp_mg"):
        st.move_unit(st.units[uid], m.index[bank.hex])
        st.units[uid].mp_left = st.units[uid].type.move
    st.control.update({"Hill": "soviet", "Far bank": "japan"})
    st.turn = st.scenario.clock.n_turns - 1
    return game


def test_ai_contests_an_enemy_objective_at_the_end_and_keeps_one_man_home():
    game = last_turn_japan(3)
    st = game.state
    co1 = st.units["jp_co1"]
    co1.guns, co1.ammo, co1.ammo_max = {"75": 2}, 4, 4  # its own guns must not pin it
    ai = HeuristicAI("japan", game.player_rngs["japan"], "normal")
    orders = phase_orders(game, ai)
    m = st.scenario.map
    hill, bank = (st.scenario.objective(n) for n in ("Hill", "Far bank"))
    where = {uid: m.index[st.units[uid].hex] for uid in ("jp_co1", "jp_mg")}
    inside = [uid for uid, i in where.items() if i in hill.area]
    assert inside, "nobody went into the enemy-held hill"
    assert [uid for uid, i in where.items() if i in bank.area], "the far bank was left empty"
    assert st.control["Hill"] == "contested"
    assert not [o for o in orders if isinstance(o, Bombard) and o.unit in inside]


def test_ai_does_not_leave_a_contested_objective_to_gather_elsewhere():
    objectives = [{"place": "Hill", "radius": 1, "points": 10, "held_by": "japan"}]
    game = Game(load_scenario(TEACHING, sets={"objectives": objectives}), 4)
    st = game.state
    m = st.scenario.map
    hill = st.scenario.objective("Hill")
    st.move_unit(st.units["jp_mg"], m.index[hill.hex] - 1)
    st.move_unit(st.units["su_bn1"], m.index[hill.hex] + 14)
    st.control["Hill"] = "contested"
    ai = HeuristicAI("japan", game.player_rngs["japan"], "normal")
    phase_orders(game, ai)
    assert {ai.plan.roles[u] for u in ("jp_co1", "jp_mg")} <= {"garrison", "strike"}
    assert all(m.index[st.units[u].hex] in hill.area for u in ("jp_co1", "jp_mg"))
