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


@pytest.fixture(scope="module")
def scen():
    """The teaching scenario for the window tests, loaded once per test module."""
    from game.engine.scenario import load_scenario

    return load_scenario(TEACHING)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A 1280x720 game window, closed afterwards; its settings file is in the test's own folder,
    so a test never reads or changes the developer's settings."""
    from tests.ui_harness import close_app, new_app

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    a = new_app()
    yield a
    close_app(a)
