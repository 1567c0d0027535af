"""Players only give legal orders, follow their plans, and use their own random stream."""

from __future__ import annotations

import pytest

from game.ai.players import make_player
from game.core.orders import EndPhase
from game.sim.runner import run_game


@pytest.mark.parametrize("spec", ["random", "historical", "ai", "ai:easy", "ai:hard"])
def test_player_finishes_a_game_with_only_legal_orders(teaching, spec):
    res = run_game(teaching, 4, {"soviet": spec, "japan": spec})
    assert res.game.over
    assert res.turns_played == teaching.clock.n_turns


def test_unknown_player_is_refused(teaching):
    with pytest.raises(ValueError, match="unknown player"):
        make_player("clever", "soviet", None)


def test_historical_player_uses_the_planned_air_strike(teaching):
    res = run_game(teaching, 2, {"soviet": "historical", "japan": "historical"})
    strikes = [e for s in res.game.steps for e in s.events if e.kind == "air_strike_resolved"]
    assert strikes and all(e.side == "soviet" for e in strikes)


def test_ai_takes_the_hill_more_often_than_random(teaching):
    ai = sum(run_game(teaching, s, {"soviet": "ai", "japan": "random"}).summary()["winner"] == "soviet"
             for s in range(6))
    rnd = sum(run_game(teaching, s, {"soviet": "random", "japan": "random"}).summary()["winner"] == "soviet"
              for s in range(6))
    assert ai > rnd


def test_random_player_ends_its_phase(teaching):
    from game.api import Game
    from game.engine.game import Game as Engine

    g = Game(Engine(teaching, 1))
    p = make_player("random", g.side_to_move, g.engine.player_rngs[g.side_to_move])
    for _ in range(200):
        o = p.next_order(g.side_view(g.side_to_move))
        g.apply(o)
        if isinstance(o, EndPhase):
            break
    else:
        pytest.fail("the random player never ended its phase")
