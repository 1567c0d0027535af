"""Difficulty levels of the heuristic AI: how patient, how careful and how far it looks.

Stronger levels think longer: they remember enemies they no longer see, weigh more assault
targets and attack positions per objective, wait for night or clear weather when that improves
the odds, and (hard) check each planned assault by sampling it on copies of the state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    min_chance: int  # smallest chance (%) at which a planned assault goes in
    desperate_chance: int  # ... when the game is being lost near its end
    opportunist: int  # chance at which an attacker next to an enemy stack storms it unplanned
    reserve_pct: int  # share of the free manoeuvre units kept back as a reserve
    memory: int  # turns a sighting is remembered (0: only what is seen now)
    concentrate: bool  # gather out of reach and go in together, rather than piecemeal
    timing: bool  # wait a turn for night or clear weather when that clearly improves the odds
    aims: int  # enemy stacks weighed per objective
    stage: int  # distance from the target at which a waiting group gathers
    samples: int  # Monte Carlo samples checking each planned assault (0: estimate only)
    garrison_max: int  # most units kept on one objective
    spread: int  # units per objective hex before a second hex is manned


SPREAD = 2

LEVELS: dict[str, Level] = {
    "easy": Level("easy", 10, 5, 101, 0, 0, False, False, 1, 1, 0, 2, 4),
    "normal": Level("normal", 30, 12, 55, 15, 12, True, True, 2, 3, 0, 12, SPREAD),
    "hard": Level("hard", 35, 12, 50, 20, 18, True, True, 4, 3, 16, 16, SPREAD),
}
