"""Same scenario, what-ifs, seed and orders give an identical record in any process."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, TEACHING

from game.engine.record import header_for, record_text
from game.engine.scenario import load_scenario
from game.sim.runner import run_game

PLAYERS = {"soviet": "ai", "japan": "historical"}


def _record(seed: int, whatifs: tuple[str, ...] = ()) -> str:
    scen = load_scenario(TEACHING, whatifs)
    res = run_game(scen, seed, PLAYERS, hashing=True)
    return record_text(header_for(res.game, PLAYERS), res.game)


def test_same_seed_gives_identical_record():
    assert _record(11) == _record(11)


def test_different_seed_gives_different_game():
    assert _record(11) != _record(12)


def test_whatif_changes_the_game():
    assert _record(11) != _record(11, ("no_soviet_aviation",))


def test_record_is_identical_in_another_process_with_another_hash_seed(tmp_path):
    out = tmp_path / "r.jsonl"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "game", "run", str(TEACHING), "--seed", "11", "--players",
                    "soviet=ai,japan=historical", "--record", str(out)], check=True, cwd=ROOT, env=env,
                   capture_output=True)
    other = out.read_text().splitlines()
    mine = _record(11).splitlines()
    assert other[1:] == mine[1:]  # the header names the scenario path as given
    assert len(other) > 10


def test_player_thinking_never_shifts_the_combat_dice(teaching):
    from game.engine.game import Game

    base = run_game(teaching, 5, PLAYERS, hashing=True).game
    again = Game(teaching, 5, hashing=True)
    for rng in again.player_rngs.values():
        rng.integers(0, 100, size=1000)  # an AI that thinks much harder
    for step in base.steps:
        again.apply(step.order)
    assert again.state.hash() == base.state.hash()
