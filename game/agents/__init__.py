"""Adapters for agent libraries (install with `pip install ".[agents]"`): `aec_env` for
PettingZoo (both sides) and `gym_env` for Gymnasium (one side against a built-in player)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _need(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ModuleNotFoundError(f"game.agents needs {module}: pip install \".[agents]\"", name=module)


def aec_env(scenario: str, seed: int = 0, whatifs: Iterable[str] = ()) -> Any:
    """A PettingZoo AEC environment of `scenario` (a shipped name or a path)."""
    _need("pettingzoo")
    _need("gymnasium")
    from game.agents.aec import KhasanAEC

    return KhasanAEC(scenario, seed, whatifs)


def gym_env(scenario: str, side: str, opponent: str = "ai", whatifs: Iterable[str] = ()) -> Any:
    """A Gymnasium environment playing `side` of `scenario` against the built-in `opponent`."""
    _need("gymnasium")
    from game.agents.gym_env import KhasanEnv

    return KhasanEnv(scenario, side, opponent, whatifs)


__all__ = ["aec_env", "gym_env"]
