"""Shared fixtures: the repository root, the teaching scenario, a headless SDL driver."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
TEACHING = SCENARIOS / "teaching.yaml"


@pytest.fixture(scope="session")
def teaching():
    from game.engine.scenario import load_scenario

    return load_scenario(TEACHING)


@pytest.fixture
def game(teaching):
    from game.engine.game import Game

    return Game(teaching, seed=7, hashing=True)
