"""The optimised rules core plays exactly the games the plain code played.

Each case is a fixed-seed game (scenario, seed, players, turns); the digest covers every step's
order, events and state hash, so any change in sight, movement or distance searches shows.
The golden digests were recorded before the speed work and re-recorded when the dice became
keyed by what they decide (common random numbers), when the players were handed their side's
view instead of the game (the AI had been reading the exact strength of spotted enemies out of
contact, and movement ranges that knew where unspotted enemies stood), and when the dice keys
became the actor's n-th action in the game instead of the turn and phase, and for the AI game
khasan_1938-2 when views stopped showing wire the side cannot see and announcing reinforcements
still to come as gone. When the rules
change on purpose (e.g. a new dice scheme), regenerate them with

    PYTHONPATH=. python tests/test_speed_equivalence.py

and paste the printed GOLDEN mapping below (after checking that the change was intended).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from game.engine.scenario import load_scenario
from game.rules.sight import any_sees
from game.sim.runner import run_game

ROOT = Path(__file__).resolve().parent.parent

CASES = (
    ("scenarios/teaching.yaml", 3, "ai", "ai", None),
    ("scenarios/teaching.yaml", 11, "historical", "ai", None),
    ("scenarios/border_post_1938.yaml", 5, "ai", "historical", None),
    ("scenarios/border_post_1938.yaml", 8, "ai", "ai", 6),
    ("scenarios/khasan_1938.yaml", 2, "ai", "ai", None),
    ("scenarios/khasan_1938.yaml", 7, "historical", "historical", None),
)


def game_digest(path: str, seed: int, soviet: str, japan: str, turns: int | None) -> str:
    res = run_game(load_scenario(ROOT / path), seed, {"soviet": soviet, "japan": japan}, turns, hashing=True)
    h = hashlib.sha256()
    for i, step in enumerate(res.game.steps):
        h.update(json.dumps(step.to_dict(i), sort_keys=True, default=str).encode())
    h.update(res.game.state.hash().encode())
    return h.hexdigest()


GOLDEN: dict[str, str] = {
    'teaching-3-ai-ai-all': '7fc7a2ab60a7102fc68085d3e410b20f1838eb6bf4640609c66653f9757c5173',
    'teaching-11-historical-ai-all': '1b3b06065c5dd1da763c186e5de54bd79957cb4ca4d1caaabcb1d70ca29459dd',
    'border_post_1938-5-ai-historical-all': 'df9cb37be7ebaaf4ce71609d0cecedab7c726980734c25e9d8af7392df89eb38',
    'border_post_1938-8-ai-ai-6': 'd978a40b04b12e43d6bdf76e6bd938934ddb64816bf9526dcbac762dc70d7ef0',
    'khasan_1938-2-ai-ai-all': '0d86def98ae9ca34cb7be656bfc6dd725f1723ce4da9483dcb4cf83569cdfb20',
    'khasan_1938-7-historical-historical-all': '6449f8072cbc9636739575d1665de3130cc9c6dffb37964d9d17bedea96aaef7',
}


def case_id(case: tuple[str, int, str, str, int | None]) -> str:
    path, seed, soviet, japan, turns = case
    return f"{path.split('/')[-1].removesuffix('.yaml')}-{seed}-{soviet}-{japan}-{turns or 'all'}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_fixed_seed_games_match_the_recorded_digests(case: tuple[str, int, str, str, int | None]) -> None:
    assert game_digest(*case) == GOLDEN[case_id(case)]


def test_single_target_sight_agrees_with_the_vectorised_path() -> None:
    """`any_sees` on one target takes a plain-integer path; a batch takes the numpy path."""
    res = run_game(load_scenario(ROOT / "scenarios/khasan_1938.yaml"), 4, {"soviet": "ai", "japan": "ai"}, 12)
    st = res.game.state
    checked = 0
    for side in ("soviet", "japan"):
        observers = st.live_units(side)
        for k in range(0, st.scenario.map.size, 7):
            for obs in (observers, observers[::3], observers[1:2]):
                assert any_sees(st, obs, [k]) == any_sees(st, obs, [k, k])[:1]
                checked += 1
    assert checked > 1000


if __name__ == "__main__":
    print("GOLDEN: dict[str, str] = {")
    for c in CASES:
        print(f"    {case_id(c)!r}: {game_digest(*c)!r},")
    print("}")


def test_core_commands_do_not_import_the_experiment_code() -> None:
    import subprocess
    import sys

    code = ("import sys, contextlib, io\nfrom game.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['run', 'scenarios/teaching.yaml', '--turns', '1'])\n"
            "    main(['validate', 'scenarios/teaching.yaml'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'matplotlib', 'scipy', 'pygame')"
            " or m in ('game.sim.experiment', 'game.sim.calibrate', 'game.sim.cli_experiment')))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
