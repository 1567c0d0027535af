"""What both adapters share: a game of one scenario seen by one side as a flat observation, the
action mask, and rewards from victory points."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np

from game.agents.actions import ActionSpace
from game.api import Game, load, observation_shapes
from game.core.orders import EndPhase, Order

OBS_LOW, OBS_HIGH = -1.0, 100.0


def import_pettingzoo_aec() -> Any:
    """PettingZoo's `AECEnv`, imported without the side effect of its import on Linux (it sets
    SDL_AUDIODRIVER=dsp for the whole process, which silences the window's sound)."""
    before = os.environ.get("SDL_AUDIODRIVER")
    from pettingzoo import AECEnv

    if before is None:
        os.environ.pop("SDL_AUDIODRIVER", None)
    else:
        os.environ["SDL_AUDIODRIVER"] = before
    return AECEnv


class Table:
    """A game for agents: numbered actions, masks, flat observations and point rewards."""

    def __init__(self, scenario: str, whatifs: Iterable[str] = ()) -> None:
        self.scenario = scenario
        self.whatifs = tuple(whatifs)
        self.game: Game = load(scenario, 0, self.whatifs)
        scen = self.game.scenario
        self.actions = ActionSpace(scen, self.game.state.params.i("air.max_sorties_per_strike"))
        shapes = observation_shapes(scen)
        self.obs_size = int(np.prod(shapes["hexes"])) + int(np.prod(shapes["scalars"]))
        self._legal: tuple[int, np.ndarray, dict[int, Order]] | None = None

    def reset(self, seed: int) -> None:
        self.game = self.game.fresh(seed)  # same scenario, not read again every episode
        self._legal = None

    def legal(self) -> tuple[np.ndarray, dict[int, Order]]:
        """The mask and orders of the side to move (cached until the next order)."""
        g = self.game
        n = len(g.engine.steps)
        if self._legal is None or self._legal[0] != n:
            positions = {u.id: u.hex for u in g.state.live_units(g.side_to_move)}
            mask, orders = self.actions.mask(g.legal_orders(), positions)
            self._legal = (n, mask, orders)
        return self._legal[1], self._legal[2]

    def observation(self, side: str) -> np.ndarray:
        obs = self.game.observe(side)
        flat = np.concatenate([obs["hexes"].ravel(), obs["scalars"]]).astype(np.float32)
        return np.clip(flat, OBS_LOW, OBS_HIGH)

    def score(self, side: str) -> float:
        """Victory points held by `side` less the enemy's, as a share of all points."""
        pts = self.game.view(side).points
        total = max(1, sum(o.points for o in self.game.scenario.objectives))
        return (pts[side] - pts[self.game.scenario.other(side)]) / total

    def play(self, action: int) -> str:
        """Apply the order of action number `action`; an illegal number ends the phase instead.
        Returns '' or why the action was refused."""
        mask, orders = self.legal()
        if 0 <= action < len(mask) and mask[action]:
            self.game.apply(orders[action])
            return ""
        self.game.apply(EndPhase())
        return f"action {action} is not legal now; the phase was ended"
