"""Make players from their names: `random`, `historical`, `ai`, `ai:easy|normal|hard`."""

from __future__ import annotations

import numpy as np

from game.ai.base import Player
from game.ai.heuristic import LEVELS, HeuristicAI
from game.ai.historical import HistoricalPlayer
from game.ai.random_player import RandomPlayer

PLAYER_NAMES = ("ai", "historical", "random", *(f"ai:{k}" for k in LEVELS))


def make_player(spec: str, side: str, rng: np.random.Generator) -> Player:
    if spec == "random":
        return RandomPlayer(side, rng)
    if spec == "historical":
        return HistoricalPlayer(side, rng)
    if spec == "ai" or spec.startswith("ai:"):
        level = spec.split(":", 1)[1] if ":" in spec else "normal"
        if level not in LEVELS:
            raise ValueError(f"unknown AI level {level!r} (choose from {', '.join(LEVELS)})")
        return HeuristicAI(side, rng, level)
    raise ValueError(f"unknown player {spec!r} (choose from {', '.join(PLAYER_NAMES)})")
